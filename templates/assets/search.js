/* portal site search.
 *
 * No framework, no external code. Works from a server root, under any
 * sub-path and from disk (file://, where fetch is blocked): every index file
 * in search/ is a script that calls window.portalSearchLoaded(name, data), and
 * this script adds a <script> tag for each file a query needs (README,
 * "Search index format"):
 *
 *   search/meta.js        {"version", "documents", "chunk", "shards": [...]}
 *   search/terms-XX.js    {"term": [doc, score, doc, score, ...], ...}
 *   search/docs-K.js      [[title, url, kind label, summary, text], ...]
 *
 * The box in the header is rendered with the `hidden` attribute and revealed
 * here, so readers without JavaScript never see a box that cannot work.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = (script && script.dataset && script.dataset.root) || "";
  var SEARCH_DIR = ROOT + "search/";
  var MAX_RESULTS = 10;
  var DEBOUNCE_MS = 120;
  var SNIPPET_LENGTH = 180;

  /* ------------------------------------------------------------ loading */

  var loaded = Object.create(null);   // name -> data
  var pending = Object.create(null);  // name -> {promise, resolve}
  var meta = null;
  var metaPromise = null;

  var previousCallback = window.portalSearchLoaded;
  window.portalSearchLoaded = function (name, data) {
    loaded[name] = data;
    var entry = pending[name];
    if (entry) {
      entry.resolve(data);
    }
    if (typeof previousCallback === "function") {
      try { previousCallback(name, data); } catch (e) { /* not ours */ }
    }
  };

  function load(name) {
    if (name in loaded) {
      return Promise.resolve(loaded[name]);
    }
    if (pending[name]) {
      return pending[name].promise;
    }
    var entry = {};
    entry.promise = new Promise(function (resolve) {
      entry.resolve = resolve;
      var tag = document.createElement("script");
      tag.src = SEARCH_DIR + name + ".js";
      tag.async = true;
      tag.onerror = function () {
        // A file that could not load counts as empty; the index is still usable.
        loaded[name] = null;
        resolve(null);
      };
      tag.onload = function () {
        // A file that loaded but did not call back (an older index) is empty.
        if (!(name in loaded)) {
          loaded[name] = null;
          resolve(null);
        }
      };
      document.head.appendChild(tag);
    });
    pending[name] = entry;
    return entry.promise;
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = load("meta").then(function (data) {
        meta = data && data.shards ? data : { documents: 0, chunk: 50, shards: [] };
        meta.shardSet = Object.create(null);
        meta.shards.forEach(function (s) { meta.shardSet[s] = true; });
        meta.stopSet = Object.create(null);
        (meta.stop || []).forEach(function (w) { meta.stopSet[w] = true; });
        return meta;
      });
    }
    return metaPromise;
  }

  /* ------------------------------------------------------------- terms */

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  // Split text into terms the way the index does: lower-cased runs of letters
  // or digits, two characters or more.
  function tokenize(text) {
    var words = String(text).toLowerCase().match(WORD) || [];
    return words.filter(function (w) { return Array.from(w).length >= 2; });
  }

  // The terms a query must match: the index leaves out stop words (meta.stop),
  // so they are dropped, except a last word still being typed ("th" may
  // become "theory"), which stays as a prefix when it matches anything.
  function queryTerms(terms) {
    var stop = (meta && meta.stopSet) || {};
    var kept = terms.filter(function (t, i) { return i === terms.length - 1 || !stop[t]; });
    var last = kept[kept.length - 1];
    return { terms: kept, optionalLast: !!(last && stop[last] && kept.length > 1) };
  }

  function shardName(term) {
    var chars = Array.from(term).slice(0, 2);
    return chars.map(function (c) { return /^[a-z0-9]$/.test(c) ? c : "_"; }).join("");
  }

  // {doc: score} for one term; the last term of a query matches as a prefix
  // (a document's score is then its best among the words it matches).
  function postings(term, isPrefix) {
    var shard = shardName(term);
    if (!meta.shardSet[shard]) {
      return Promise.resolve(Object.create(null));
    }
    return load("terms-" + shard).then(function (table) {
      var scores = Object.create(null);
      if (!table) {
        return scores;
      }
      var add = function (list) {
        for (var i = 0; i + 1 < list.length; i += 2) {
          var doc = list[i];
          var score = list[i + 1];
          if (!(doc in scores) || scores[doc] < score) {
            scores[doc] = score;
          }
        }
      };
      if (isPrefix) {
        Object.keys(table).forEach(function (word) {
          if (word.lastIndexOf(term, 0) === 0) {
            add(table[word]);
          }
        });
      } else if (Object.prototype.hasOwnProperty.call(table, term)) {
        add(table[term]);
      }
      return scores;
    });
  }

  function documentAt(doc) {
    var chunk = meta.chunk || 50;
    var name = "docs-" + Math.floor(doc / chunk);
    return load(name).then(function (rows) {
      var row = rows && rows[doc % chunk];
      if (!row) {
        return null;
      }
      var flat = function (t) { return String(t || "").replace(/\s+/g, " ").trim(); };
      return { doc: doc, title: row[0], url: row[1], kind: row[2], summary: flat(row[3]), text: flat(row[4]) };
    });
  }

  // Resolves to at most MAX_RESULTS documents, ordered by the sum of the
  // terms' scores, then title.
  function runQuery(query) {
    var words = tokenize(query);
    if (!words.length) {
      return Promise.resolve({ terms: words, results: [] });
    }
    return loadMeta().then(function () {
      var q = queryTerms(words);
      return Promise.all(q.terms.map(function (term, i) {
        return postings(term, i === q.terms.length - 1);
      })).then(function (lists) {
        var totals = intersect(lists);
        if (q.optionalLast && !Object.keys(totals).length) {
          q.terms = q.terms.slice(0, -1);
          totals = intersect(lists.slice(0, -1));
        }
        return rank(totals).then(function (results) {
          return { terms: q.terms, results: results };
        });
      });
    });
  }

  // {doc: summed score} of the documents found by every list.
  function intersect(lists) {
    var totals = null;
    lists.forEach(function (scores) {
      var next = Object.create(null);
      Object.keys(scores).forEach(function (doc) {
        if (totals === null) {
          next[doc] = scores[doc];
        } else if (doc in totals) {
          next[doc] = totals[doc] + scores[doc];
        }
      });
      totals = next;
    });
    return totals || Object.create(null);
  }

  function rank(totals) {
    var ranked = Object.keys(totals).map(function (doc) {
      return { doc: Number(doc), score: totals[doc] };
    });
    ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    // Load every document that can reach the first ten once ties are broken by title.
    var cutoff = ranked.length > MAX_RESULTS ? ranked[MAX_RESULTS - 1].score : -Infinity;
    var needed = ranked.filter(function (r) { return r.score >= cutoff; });
    return Promise.all(needed.map(function (r) {
      return documentAt(r.doc).then(function (d) {
        if (d) { d.score = r.score; }
        return d;
      });
    })).then(function (docs) {
      var results = docs.filter(Boolean);
      results.sort(function (a, b) {
        return b.score - a.score || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || a.doc - b.doc;
      });
      return results.slice(0, MAX_RESULTS);
    });
  }

  /* ----------------------------------------------------------- snippets */

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // A regular expression matching the words that start with a query term.
  function termPattern(terms) {
    var parts = terms.slice().sort(function (a, b) { return b.length - a.length; }).map(escapeRegExp);
    return new RegExp("(^|[^\\p{Alphabetic}\\p{N}])(" + parts.join("|") + ")[\\p{Alphabetic}\\p{N}]*", "giu");
  }

  // Appends text to parent, wrapping every matched word in <mark>.
  function appendMarked(parent, text, pattern) {
    if (!pattern) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var last = 0;
    pattern.lastIndex = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var start = match.index + match[1].length;
      var end = match.index + match[0].length;
      if (start > last) {
        parent.appendChild(document.createTextNode(text.slice(last, start)));
      }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      last = end;
      if (match[0].length === 0) {
        pattern.lastIndex += 1;
      }
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  // The part of the text around the first matched word, or the summary.
  function snippetText(doc, pattern) {
    var sources = pattern ? [doc.text, doc.summary] : [];
    for (var i = 0; i < sources.length; i++) {
      var text = sources[i];
      if (!text) { continue; }
      pattern.lastIndex = 0;
      var match = pattern.exec(text);
      if (match) {
        var at = match.index + match[1].length;
        var start = Math.max(0, at - 60);
        if (start > 0) {
          var space = text.indexOf(" ", start);
          if (space !== -1 && space < at) { start = space + 1; }
        }
        var end = Math.min(text.length, start + SNIPPET_LENGTH);
        if (end < text.length) {
          var cut = text.lastIndexOf(" ", end);
          if (cut > at) { end = cut; }
        }
        return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
      }
    }
    var fallback = doc.summary || doc.text || "";
    return fallback.length > SNIPPET_LENGTH ? fallback.slice(0, SNIPPET_LENGTH).replace(/\s+\S*$/, "") + " …" : fallback;
  }

  function resultHref(url) {
    var href = ROOT + url;
    // From disk a folder does not open its index.html by itself.
    if (window.location.protocol === "file:" && /(^|\/)$/.test(href.split(/[?#]/)[0])) {
      href = href.replace(/^([^?#]*)/, "$1index.html");
    }
    return href;
  }

  /* ----------------------------------------------------------------- UI */

  function setup(container) {
    var input = container.querySelector("input");
    var listbox = container.querySelector("[role=listbox]");
    var panel = container.querySelector(".site-search-panel") || listbox;
    var message = container.querySelector(".site-search-message");
    var status = container.querySelector(".site-search-status");
    if (!input || !listbox) {
      return;
    }
    container.hidden = false;

    var options = [];
    var active = -1;
    var timer = 0;
    var sequence = 0;
    var lastQuery = null;

    function setExpanded(open) {
      panel.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) {
        setActive(-1);
      }
    }

    function setActive(index) {
      if (options[active]) {
        options[active].classList.remove("is-active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (options[active]) {
        var option = options[active];
        option.classList.add("is-active");
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        if (option.scrollIntoView) {
          option.scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function announce(text) {
      if (status && status.textContent !== text) {
        status.textContent = text;
      }
    }

    function render(query, outcome) {
      var results = outcome.results;
      listbox.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var pattern = outcome.terms.length ? termPattern(outcome.terms) : null;
      results.forEach(function (doc, i) {
        var option = document.createElement("a");
        option.id = listbox.id + "-" + i;
        option.className = "site-search-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.tabIndex = -1;
        option.href = resultHref(doc.url);

        var head = document.createElement("span");
        head.className = "site-search-head";
        var title = document.createElement("span");
        title.className = "site-search-title";
        appendMarked(title, doc.title, pattern);
        var kind = document.createElement("span");
        kind.className = "site-search-kind";
        kind.textContent = doc.kind;
        head.appendChild(title);
        head.appendChild(document.createTextNode(" "));
        head.appendChild(kind);

        var snippet = document.createElement("span");
        snippet.className = "site-search-snippet";
        appendMarked(snippet, snippetText(doc, pattern), pattern);

        option.appendChild(head);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(snippet);
        option.addEventListener("mousemove", function () {
          if (active !== i) { setActive(i); }
        });
        listbox.appendChild(option);
        options.push(option);
      });
      listbox.hidden = results.length === 0;
      // The query these results answer (typing may already have moved on).
      listbox.setAttribute("data-query", query);
      if (message) {
        message.textContent = results.length ? "" : "No pages match \u201c" + query.trim() + "\u201d.";
        message.hidden = results.length > 0;
      }
      setExpanded(true);
      announce(results.length === 0 ? "No results." :
        results.length === 1 ? "1 result. Use the arrow keys to choose it." :
        results.length + " results. Use the arrow keys to choose one.");
    }

    function search() {
      var query = input.value;
      if (query === lastQuery && !panel.hidden) {
        return;
      }
      lastQuery = query;
      var mine = ++sequence;
      if (!tokenize(query).length) {
        listbox.textContent = "";
        options = [];
        setExpanded(false);
        announce("");
        return;
      }
      runQuery(query).then(function (outcome) {
        if (mine === sequence && document.activeElement === input) {
          render(query, outcome);
        } else if (mine === sequence) {
          render(query, outcome);
          setExpanded(false);
        }
      }, function () {
        if (mine === sequence) {
          render(query, { terms: [], results: [] });
        }
      });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DEBOUNCE_MS);
    }

    function open(option) {
      if (option) {
        window.location.href = option.href;
      }
    }

    input.addEventListener("focus", function () {
      loadMeta();
      if (options.length || (message && !message.hidden && input.value.trim())) {
        if (tokenize(input.value).length) { setExpanded(true); }
      }
    });

    input.addEventListener("input", schedule);

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          event.preventDefault();
          if (panel.hidden) {
            if (options.length) { setExpanded(true); }
            else { window.clearTimeout(timer); lastQuery = null; search(); }
            return;
          }
          if (options.length) { setActive((active + 1) % options.length); }
          break;
        case "ArrowUp":
        case "Up":
          event.preventDefault();
          if (panel.hidden && options.length) { setExpanded(true); }
          if (options.length) { setActive(active <= 0 ? options.length - 1 : active - 1); }
          break;
        case "Enter":
          if (timer && lastQuery !== input.value) {
            // Typed faster than the debounce: search now, then open the first result.
            event.preventDefault();
            window.clearTimeout(timer);
            lastQuery = input.value;
            var mine = ++sequence;
            runQuery(input.value).then(function (outcome) {
              if (mine !== sequence) { return; }
              render(input.value, outcome);
              open(options[0]);
            });
            return;
          }
          if (options.length && !panel.hidden) {
            event.preventDefault();
            open(options[active] || options[0]);
          } else if (panel.hidden && tokenize(input.value).length) {
            // The list was closed (Escape): Enter shows it again.
            event.preventDefault();
            lastQuery = null;
            search();
          }
          break;
        case "Escape":
        case "Esc":
          if (!panel.hidden) {
            event.preventDefault();
            setExpanded(false);
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            lastQuery = null;
            listbox.textContent = "";
            options = [];
            announce("");
          }
          break;
        case "Home":
        case "End":
          if (options.length && active >= 0) {
            event.preventDefault();
            setActive(event.key === "Home" ? 0 : options.length - 1);
          }
          break;
        default:
          break;
      }
    });

    // Keep the focus in the box while the pointer picks a result; the link navigates.
    panel.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    container.addEventListener("focusout", function (event) {
      if (!container.contains(event.relatedTarget)) {
        setExpanded(false);
      }
    });

    document.addEventListener("click", function (event) {
      if (!container.contains(event.target)) {
        setExpanded(false);
      }
    });

    // "/" focuses the box, unless the reader is typing somewhere already.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
        return;
      }
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) {
        return;
      }
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  function start() {
    var containers = document.querySelectorAll("[data-site-search]");
    for (var i = 0; i < containers.length; i++) {
      setup(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
