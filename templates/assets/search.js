/* portal site search.
 *
 * No framework, no external code. Works from a server root, under any
 * sub-path and from disk (file://, where fetch is blocked): every index file
 * in search/ is a script that calls window.portalSearchLoaded(name, data), and
 * this script adds a <script> tag for each file a query needs (docs/architecture.md,
 * "Search index format", version 3):
 *
 *   search/meta.js        counts, shard and vocabulary names, stop words,
 *                         the document numbers in title order, each
 *                         document's kind in that order, synonyms
 *   search/terms-P.js     {"term": [doc, score, position, ...], ...}, documents
 *                         after the first as distances from the one before
 *   search/vocab-C.js     the terms starting with C, most documents first
 *   search/docs-K.js      [[title, url, summary, text, title HTML] or null, ...]
 *                         for numbers K*chunk to (K+1)*chunk - 1; the title
 *                         HTML (its formulas as MathML, made by the build
 *                         from escaped text) only for titles with formulas
 *
 * A document's number comes from its address (numbers are not contiguous), so
 * the shards and meta.js alone rank a query's results (score, then title
 * order) and only the shown results' chunks are loaded.
 *
 * Two views share the ranking: the header's box (a combobox listing the top
 * results and "See all N results"), and the results page, search/index.html,
 * which reads ?q=, &kind= and &page= from its address. Both are rendered
 * `hidden` and revealed here, so readers without JavaScript never see a box
 * that cannot work.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = (script && script.dataset && script.dataset.root) || "";
  var SEARCH_DIR = ROOT + "search/";
  var DROPDOWN_RESULTS = 8;
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 120;
  var SNIPPET_LENGTH = 180;
  // A last word still being typed matches the words it starts, unless that
  // means loading more shards than this (a two-letter start of a common prefix).
  var MAX_PREFIX_SHARDS = 4;
  // Query words next to each other in a document (first occurrences) score this much more.
  var PHRASE_BOOST = 0.5;
  // A word that matches only as the start of longer words counts less than a whole word.
  var PREFIX_WEIGHT = 0.8;

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

  function setOf(list) {
    var set = Object.create(null);
    (list || []).forEach(function (item) { set[item] = true; });
    return set;
  }

  // Each document number's place in title order (from `order`, fixed-width
  // base-36 numbers); -1 for numbers no document has.
  function titleRanks(order, width, numbers) {
    var rank = new Int32Array(numbers).fill(-1);
    for (var i = 0; i * width < order.length; i++) {
      var number = parseInt(order.substr(i * width, width), 36);
      if (number < numbers) { rank[number] = i; }
    }
    return rank;
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = load("meta").then(function (data) {
        meta = data && data.shards ? data : { documents: 0, numbers: 0, chunk: 32, shards: [] };
        meta.shardSet = setOf(meta.shards);
        meta.stopSet = setOf(meta.stop);
        meta.vocabularySet = setOf(meta.vocabulary);
        meta.kinds = meta.kinds || [];
        meta.kindOf = meta.kindOf || "";
        meta.synonyms = meta.synonyms || [];
        meta.rank = titleRanks(meta.order || "", meta.width || 1, meta.numbers || 0);
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

  // A term as shard names spell it: ASCII letters and digits, "_" for the rest.
  function keyOf(term) {
    return Array.from(term).map(function (c) { return /^[a-z0-9]$/.test(c) ? c : "_"; }).join("");
  }

  // The shard holding a term: the longest shard name that starts its key.
  function holderShard(key) {
    for (var length = key.length; length >= 2; length--) {
      if (meta.shardSet[key.slice(0, length)]) {
        return key.slice(0, length);
      }
    }
    return null;
  }

  function decodePostings(list) {
    var entries = [];
    var doc = 0;
    for (var i = 0; i + 2 < list.length; i += 3) {
      doc += list[i];
      entries.push({ doc: doc, score: list[i + 1], position: list[i + 2] });
    }
    return entries;
  }

  function inverseFrequency(count) {
    var total = Math.max(meta.documents || 0, count);
    return Math.log(1 + (total - count + 0.5) / (count + 0.5));
  }

  // The documents holding `term`: {doc: {value, position}}, value folding the
  // term's rarity into its stored score. As a prefix, the words it starts
  // count too (a document's value is then its best among them).
  function termHits(term, isPrefix) {
    var key = keyOf(term);
    var names = [];
    var holder = holderShard(key);
    if (holder) { names.push(holder); }
    if (isPrefix) {
      var longer = meta.shards.filter(function (s) { return s.length > key.length && s.lastIndexOf(key, 0) === 0; });
      if (longer.length <= MAX_PREFIX_SHARDS) { names = names.concat(longer); }
    }
    return Promise.all(names.map(function (name) { return load("terms-" + name); })).then(function (tables) {
      var hits = Object.create(null);
      var found = false;
      tables.forEach(function (table) {
        if (!table) { return; }
        Object.keys(table).forEach(function (word) {
          var exact = word === term;
          if (!exact && !(isPrefix && word.lastIndexOf(term, 0) === 0)) { return; }
          found = true;
          var entries = decodePostings(table[word]);
          var weight = inverseFrequency(entries.length) * (exact ? 1 : PREFIX_WEIGHT);
          entries.forEach(function (e) {
            var value = weight * e.score / 10;
            var hit = hits[e.doc];
            if (!hit || hit.value < value) {
              hits[e.doc] = { value: value, position: e.position };
            }
          });
        });
      });
      return { hits: hits, found: found };
    });
  }

  // {doc: {value, position}} of the documents holding every term of `terms`
  // (a synonym's form, or one word); `prefixLast` lets the last one be a prefix.
  function formHits(terms, prefixLast) {
    return Promise.all(terms.map(function (term, i) {
      return termHits(term, prefixLast && i === terms.length - 1);
    })).then(function (lists) {
      var combined = combine(lists.map(function (l) { return l.hits; }));
      return { hits: combined, found: lists.every(function (l) { return l.found; }) };
    });
  }

  // Intersects lists of hits, summing values; words found one after another
  // (positions n and n + 1) count as a phrase and score more.
  function combine(lists) {
    var totals = null;
    lists.forEach(function (hits, index) {
      var next = Object.create(null);
      Object.keys(hits).forEach(function (doc) {
        var hit = hits[doc];
        if (totals === null) {
          next[doc] = { value: hit.value, position: hit.position, first: hit.position, adjacent: 0 };
        } else if (doc in totals) {
          var before = totals[doc];
          var adjacent = before.adjacent + (hit.position === before.position + 1 ? 1 : 0);
          next[doc] = { value: before.value + hit.value, position: hit.position, first: before.first, adjacent: adjacent };
        }
      });
      totals = next;
    });
    var result = Object.create(null);
    var pairs = lists.length - 1;
    Object.keys(totals || {}).forEach(function (doc) {
      var t = totals[doc];
      var value = pairs > 0 ? t.value * (1 + PHRASE_BOOST * t.adjacent / pairs) : t.value;
      result[doc] = { value: value, position: t.first, adjacent: t.adjacent };
    });
    return result;
  }

  // The query as clauses: runs of words that spell a synonym's form become one
  // clause whose forms are alternatives; every other word is a clause of its own.
  function clausesOf(words) {
    var clauses = [];
    var i = 0;
    while (i < words.length) {
      var best = null;
      meta.synonyms.forEach(function (group) {
        group.forEach(function (form) {
          if (form.length && (!best || form.length > best.length) &&
              form.every(function (t, k) { return words[i + k] === t; })) {
            best = { length: form.length, group: group };
          }
        });
      });
      if (best) {
        clauses.push({ words: words.slice(i, i + best.length), forms: best.group, synonym: true });
        i += best.length;
      } else {
        clauses.push({ words: [words[i]], forms: [[words[i]]], synonym: false, prefix: i === words.length - 1 });
        i += 1;
      }
    }
    return clauses;
  }

  function clauseHits(clause) {
    return Promise.all(clause.forms.map(function (form) {
      return formHits(form, !!clause.prefix);
    })).then(function (results) {
      var hits = Object.create(null);
      results.forEach(function (r) {
        Object.keys(r.hits).forEach(function (doc) {
          if (!hits[doc] || hits[doc].value < r.hits[doc].value) { hits[doc] = r.hits[doc]; }
        });
      });
      return { hits: hits, found: results.some(function (r) { return r.found; }) };
    });
  }

  /* ------------------------------------------------------------- typos */

  // Edits between two words (insertions, deletions, substitutions and swaps of
  // neighbours), or limit + 1 once it is certain to pass `limit`.
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous2 = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) { previous.push(j); }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var rowMin = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var value = Math.min(previous[k] + 1, row[k - 1] + 1, previous[k - 1] + cost);
        if (previous2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          value = Math.min(value, previous2[k - 2] + 1);
        }
        row.push(value);
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > limit) { return limit + 1; }
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // The known word closest to `word` (one edit for 4+ letters, two for 8+),
  // the most widely used first among equals; null when there is none.
  function correction(word) {
    var letters = Array.from(word);
    if (letters.length < 4 || /\d/.test(word)) { return Promise.resolve(null); }
    var limit = letters.length >= 8 ? 2 : 1;
    var name = keyOf(letters[0]);
    if (!meta.vocabularySet[name]) { return Promise.resolve(null); }
    return load("vocab-" + name).then(function (words) {
      var best = null;
      var bestDistance = limit + 1;
      (words || []).forEach(function (candidate) {
        if (bestDistance <= 1 || candidate === word) { return; }
        var distance = editDistance(letters, Array.from(candidate), Math.min(limit, bestDistance - 1));
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      });
      return best;
    });
  }

  /* ------------------------------------------------------------ ranking */

  // Ranks every document matching `query`. Resolves to {words, count,
  // ranked: [{doc, value}], corrected: query text or null}; loads shards (and
  // a vocabulary for an unknown word), never the documents.
  function rankQuery(query) {
    var all = tokenize(query);
    if (!all.length) {
      return Promise.resolve({ words: [], ranked: [], count: 0, corrected: null });
    }
    return loadMeta().then(function () {
      var stop = meta.stopSet;
      // Stop words are not in the index; a last word still being typed ("th"
      // may become "theory") stays as a prefix, dropped if it finds nothing.
      var words = all.filter(function (t, i) { return i === all.length - 1 || !stop[t]; });
      var optionalLast = words.length > 1 && stop[words[words.length - 1]];
      var clauses = clausesOf(words);
      return Promise.all(clauses.map(clauseHits)).then(function (results) {
        // Unknown words are corrected from the vocabulary.
        var corrections = clauses.map(function (clause, i) {
          if (results[i].found || clause.synonym || (optionalLast && i === clauses.length - 1)) {
            return Promise.resolve(null);
          }
          return correction(clause.words[0]);
        });
        return Promise.all(corrections).then(function (fixed) {
          var again = fixed.map(function (word, i) {
            if (!word) { return Promise.resolve(results[i]); }
            clauses[i] = { words: [word], forms: [[word]], synonym: false, corrected: true };
            return clauseHits(clauses[i]);
          });
          return Promise.all(again);
        }).then(function (final) {
          var lists = final.map(function (r) { return r.hits; });
          var totals = combine(lists);
          if (optionalLast && !Object.keys(totals).length) {
            clauses = clauses.slice(0, -1);
            totals = combine(lists.slice(0, -1));
          }
          var ranked = Object.keys(totals).map(function (doc) {
            return { doc: Number(doc), value: totals[doc].value };
          });
          // Equal scores in title order.
          ranked.sort(function (a, b) { return b.value - a.value || rankOf(a.doc) - rankOf(b.doc); });
          // A correction that finds nothing is not worth showing.
          var corrected = ranked.length && clauses.some(function (c) { return c.corrected; }) ?
            clauses.map(function (c) { return c.words.join(" "); }).join(" ") : null;
          var marked = [];
          clauses.forEach(function (c) {
            c.forms.forEach(function (form) { marked = marked.concat(form); });
          });
          return { words: marked, ranked: ranked, count: ranked.length, corrected: corrected };
        });
      });
    });
  }

  function rankOf(doc) {
    var rank = doc < meta.rank.length ? meta.rank[doc] : -1;
    return rank < 0 ? meta.rank.length + doc : rank;
  }

  function kindOf(doc) {
    var rank = doc < meta.rank.length ? meta.rank[doc] : -1;
    var code = rank < 0 ? "" : meta.kindOf.charAt(rank);
    return code ? meta.kinds[parseInt(code, 36)] : "";
  }

  function documentAt(doc) {
    var chunk = meta.chunk || 32;
    var name = "docs-" + Math.floor(doc / chunk);
    return load(name).then(function (rows) {
      var row = rows && rows[doc % chunk];
      if (!row) {
        return null;
      }
      var flat = function (t) { return String(t || "").replace(/\s+/g, " ").trim(); };
      return { doc: doc, title: row[0], url: row[1], kind: kindOf(doc), summary: flat(row[2]), text: flat(row[3]), titleHTML: row[4] || null };
    });
  }

  // The documents of `ranked` (their chunks loaded now), in order.
  function documentsOf(ranked) {
    return Promise.all(ranked.map(function (r) { return documentAt(r.doc); })).then(function (docs) {
      return docs.filter(Boolean);
    });
  }

  // For tests and tools: the top `limit` results of a query, with their addresses.
  window.portalSearchRank = function (query, limit) {
    return rankQuery(query).then(function (outcome) {
      return documentsOf(outcome.ranked.slice(0, limit || 10)).then(function (docs) {
        return { count: outcome.count, corrected: outcome.corrected, results: docs.map(function (d) { return { title: d.title, url: d.url }; }) };
      });
    });
  };

  /* ----------------------------------------------------------- snippets */

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // A regular expression matching the words that start with a query term.
  function termPattern(terms) {
    if (!terms.length) { return null; }
    var parts = terms.slice().sort(function (a, b) { return b.length - a.length; }).map(escapeRegExp);
    return new RegExp("(^|[^\\p{Alphabetic}\\p{N}])(" + parts.join("|") + ")[\\p{Alphabetic}\\p{N}]*", "giu");
  }

  // A result's title: its text with the matches marked, or for a title with formulas the build's
  // HTML of it, its MathML kept whole and the matches marked in the text around it.
  function appendTitle(parent, doc, pattern) {
    if (!doc.titleHTML) {
      appendMarked(parent, doc.title, pattern);
      return;
    }
    var template = document.createElement("template");
    template.innerHTML = doc.titleHTML;
    Array.prototype.slice.call(template.content.childNodes).forEach(function (node) {
      if (node.nodeType === 3) {
        appendMarked(parent, node.textContent, pattern);
      } else {
        parent.appendChild(node);
      }
    });
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

  // From disk a folder does not open its index.html by itself.
  function diskSafe(href) {
    if (window.location.protocol === "file:" && /(^|\/)$/.test(href.split(/[?#]/)[0])) {
      href = href.replace(/^([^?#]*)/, "$1index.html");
    }
    return href;
  }

  function resultHref(url) {
    return diskSafe(ROOT + url);
  }

  // The results page's address for a query, a kind and a page number.
  function resultsPageHref(query, kind, page, fromResultsPage) {
    var params = "?q=" + encodeURIComponent(query.trim());
    if (kind) { params += "&kind=" + encodeURIComponent(kind); }
    if (page && page > 1) { params += "&page=" + page; }
    return (fromResultsPage ? "index.html" : SEARCH_DIR + "index.html") + params;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  /* ------------------------------------------------- the header's box */

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

    function addOption(i, href) {
      var option = document.createElement("a");
      option.id = listbox.id + "-" + i;
      option.className = "site-search-option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.tabIndex = -1;
      option.href = href;
      option.addEventListener("mousemove", function () {
        if (active !== i) { setActive(i); }
      });
      listbox.appendChild(option);
      options.push(option);
      return option;
    }

    function render(query, outcome, docs) {
      listbox.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var pattern = termPattern(outcome.words);
      docs.forEach(function (doc, i) {
        var option = addOption(i, resultHref(doc.url));
        var head = document.createElement("span");
        head.className = "site-search-head";
        var title = document.createElement("span");
        title.className = "site-search-title";
        appendTitle(title, doc, pattern);
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
      });
      if (docs.length) {
        var all = addOption(docs.length, resultsPageHref(query));
        all.classList.add("site-search-all");
        all.textContent = outcome.count === 1 ? "See the result on its own page" : "See all " + outcome.count + " results";
      }
      listbox.hidden = docs.length === 0;
      // The query these results answer (typing may already have moved on).
      listbox.setAttribute("data-query", query);
      if (message) {
        var note = outcome.corrected ? "Showing results for \u201c" + outcome.corrected + "\u201d." : "";
        message.textContent = docs.length ? note : "No pages match \u201c" + query.trim() + "\u201d.";
        message.hidden = !message.textContent;
      }
      setExpanded(true);
      var corrected = outcome.corrected ? " Showing results for " + outcome.corrected + "." : "";
      announce(docs.length === 0 ? "No results." :
        outcome.count === 1 ? "1 result." + corrected + " Use the arrow keys to choose it." :
        outcome.count + " results, the first " + docs.length + " listed." + corrected + " Use the arrow keys to choose one.");
    }

    function runQuery(query) {
      return rankQuery(query).then(function (outcome) {
        return documentsOf(outcome.ranked.slice(0, DROPDOWN_RESULTS)).then(function (docs) {
          return { outcome: outcome, docs: docs };
        });
      });
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
      runQuery(query).then(function (found) {
        if (mine !== sequence) { return; }
        render(query, found.outcome, found.docs);
        if (document.activeElement !== input) { setExpanded(false); }
      }, function () {
        if (mine === sequence) {
          render(query, { words: [], count: 0, corrected: null }, []);
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
          if (options[active] && !panel.hidden) {
            event.preventDefault();
            open(options[active]);
          } else if (tokenize(input.value).length) {
            // No option chosen: every result, on the results page.
            event.preventDefault();
            window.location.href = resultsPageHref(input.value);
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

  /* ------------------------------------------------- the results page */

  function setupPage(page) {
    var form = page.querySelector("[data-search-form]");
    var input = form && form.querySelector("input");
    var kindsBox = page.querySelector("[data-search-kinds]");
    var status = page.querySelector("[data-search-status]");
    var list = page.querySelector("[data-search-results]");
    var pager = page.querySelector("[data-search-pager]");
    var notice = page.querySelector("[data-search-nojs]");
    if (!form || !input || !list || !status) {
      return;
    }
    if (notice) { notice.hidden = true; }
    form.hidden = false;

    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";
    var kind = params.get("kind") || "";
    var pageNumber = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    input.value = query;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = resultsPageHref(input.value, "", 1, true);
    });

    if (!tokenize(query).length) {
      status.textContent = "Type what you are looking for, then press Enter.";
      input.focus();
      return;
    }
    document.title = "\u201c" + query.trim() + "\u201d \u2013 " + document.title;

    rankQuery(query).then(function (outcome) {
      var counts = Object.create(null);
      outcome.ranked.forEach(function (r) {
        var label = kindOf(r.doc);
        counts[label] = (counts[label] || 0) + 1;
      });
      if (kind && !counts[kind]) { kind = ""; }
      var shown = kind ? outcome.ranked.filter(function (r) { return kindOf(r.doc) === kind; }) : outcome.ranked;
      var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      pageNumber = Math.min(pageNumber, pages);
      var start = (pageNumber - 1) * PAGE_SIZE;
      var slice = shown.slice(start, start + PAGE_SIZE);
      renderKinds(outcome, counts);
      return documentsOf(slice).then(function (docs) {
        renderStatus(outcome, shown.length, start, docs.length);
        renderResults(outcome, docs, start);
        renderPager(pages);
      });
    });

    function renderKinds(outcome, counts) {
      var labels = Object.keys(counts).sort();
      if (!kindsBox || labels.length < 2) { return; }
      kindsBox.hidden = false;
      var items = document.createElement("ul");
      items.className = "search-page-kind-list";
      [""].concat(labels).forEach(function (label) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.className = "search-page-kind";
        link.href = resultsPageHref(query, label, 1, true);
        link.textContent = (label || "All") + " ";
        var count = document.createElement("span");
        count.className = "search-page-kind-count";
        count.textContent = String(label ? counts[label] : outcome.count);
        link.appendChild(count);
        if (label === kind) { link.setAttribute("aria-current", "true"); }
        item.appendChild(link);
        items.appendChild(item);
      });
      kindsBox.appendChild(items);
    }

    function renderStatus(outcome, total, start, shown) {
      var text;
      if (!outcome.count) {
        text = "No pages match \u201c" + query.trim() + "\u201d.";
      } else {
        text = plural(outcome.count, "result", "results") + " for \u201c" + (outcome.corrected || query.trim()) + "\u201d";
        if (kind) { text += ", " + total + " of them " + kind.toLowerCase() + (total === 1 ? "" : "s"); }
        text += total > PAGE_SIZE ? ": " + (start + 1) + "\u2013" + (start + shown) + " shown." : ".";
        if (outcome.corrected) {
          text = "Showing results for \u201c" + outcome.corrected + "\u201d (no page has \u201c" + query.trim() + "\u201d). " + text;
        }
      }
      status.textContent = text;
    }

    function renderResults(outcome, docs, start) {
      var pattern = termPattern(outcome.words);
      list.textContent = "";
      list.start = start + 1;
      docs.forEach(function (doc) {
        var item = document.createElement("li");
        item.className = "search-hit";
        var heading = document.createElement("h2");
        heading.className = "search-hit-title";
        var link = document.createElement("a");
        link.href = resultHref(doc.url);
        appendTitle(link, doc, pattern);
        heading.appendChild(link);
        var kindLabel = document.createElement("p");
        kindLabel.className = "search-hit-kind";
        kindLabel.textContent = doc.kind;
        var snippet = document.createElement("p");
        snippet.className = "search-hit-snippet";
        appendMarked(snippet, snippetText(doc, pattern), pattern);
        item.appendChild(heading);
        item.appendChild(kindLabel);
        item.appendChild(snippet);
        list.appendChild(item);
      });
    }

    function renderPager(pages) {
      if (!pager || pages < 2) { return; }
      pager.hidden = false;
      var items = document.createElement("ul");
      items.className = "search-page-pages";
      function add(label, number, rel) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = resultsPageHref(query, kind, number, true);
        link.textContent = label;
        if (rel) { link.rel = rel; }
        if (number === pageNumber && !rel) { link.setAttribute("aria-current", "page"); }
        if (!rel) { link.setAttribute("aria-label", "Page " + number); }
        item.appendChild(link);
        items.appendChild(item);
      }
      if (pageNumber > 1) { add("Previous", pageNumber - 1, "prev"); }
      // The first and last pages and two either side of this one; a gap between them is "…".
      var previousShown = 0;
      for (var n = 1; n <= pages; n++) {
        if (n !== 1 && n !== pages && Math.abs(n - pageNumber) > 2) { continue; }
        if (n > previousShown + 1) {
          var gap = document.createElement("li");
          gap.className = "search-page-gap";
          gap.textContent = "\u2026";
          gap.setAttribute("aria-hidden", "true");
          items.appendChild(gap);
        }
        add(String(n), n);
        previousShown = n;
      }
      if (pageNumber < pages) { add("Next", pageNumber + 1, "next"); }
      pager.appendChild(items);
    }
  }

  function start() {
    var containers = document.querySelectorAll("[data-site-search]");
    for (var i = 0; i < containers.length; i++) {
      setup(containers[i]);
    }
    var page = document.querySelector("[data-search-page]");
    if (page) {
      setupPage(page);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
