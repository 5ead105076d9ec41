/* portal faceted filters for the resources and tutorials indexes.
 *
 * The full lists stay in the HTML, so the pages work without JavaScript.
 * An index opts in with data-filters="type area tag q" (the facets, in
 * order) and holds the filter bar (partials/filter-bar.mustache), which is
 * rendered with the page so that it takes its place before this script runs
 * and nothing moves when it does. Each card <li> carries data-type,
 * data-level, data-areas, data-tags, data-categories (a resource's category
 * and its parents, whose names and order come from the category tree's
 * data-category items), data-minutes, and for agents data-agent-kind (named
 * by the card's .card-fact--agent-kind) and data-transport. This script fills each
 * facet's menu with the values the cards have and how many items each would
 * give (with the other facets applied), hides the cards that do not match
 * and the groups left empty, counts the active filters on the facets' and
 * the phone's Filters button, announces the number of results, and keeps
 * the state in the URL query (?type=paper&area=agentic-ai&tag=llm&q=jet) so
 * a filtered view can be shared. Elsewhere it does nothing.
 *
 * A listing split into pages (data-listing="…/listing.js") holds only its
 * page's cards, so a filter there works on the whole listing: the first time
 * the reader reaches for the filter bar (or the address asks for a filter),
 * the listing's data script is added as a <script> (which works from disk,
 * where fetch does not), part after part (listing.js, listing-2.js, …, as
 * each part's "parts" says), and each part hands its cards to
 * window.portalListingLoaded.
 * While a filter is active the page's own cards, groups and page links give
 * way to the matching cards of the whole listing, a page's worth at a time
 * with a button for more; clearing the filters brings the page back.
 */
(function () {
  "use strict";

  var DURATIONS = [
    { value: "under-30", label: "\u2264 30 min", test: function (m) { return m <= 30; } },
    { value: "30-60", label: "30\u201360 min", test: function (m) { return m > 30 && m <= 60; } },
    { value: "1-2h", label: "1\u20132 h", test: function (m) { return m > 60 && m <= 120; } },
    { value: "over-2h", label: "> 2 h", test: function (m) { return m > 120; } }
  ];

  // How each facet is chosen: any of several values, or one (the many tags).
  var FACETS = {
    type: { control: "checkbox" },
    // What an agent resource is (agent, skill, MCP server…) and how a client talks to it.
    kind: { control: "checkbox" },
    transport: { control: "checkbox" },
    level: { control: "checkbox" },
    area: { control: "checkbox" },
    duration: { control: "checkbox" },
    tag: { control: "select" },
    // The resources' categories: the names and the order of the tree beside the filters.
    category: { control: "select" }
  };

  var LEVELS = ["beginner", "intermediate", "advanced"];
  var TRANSPORTS = { stdio: "stdio", http: "HTTP" };

  // The place of a value in a known order; values it does not know go last.
  function rank(known, value) {
    var i = known.indexOf(value);
    return i === -1 ? known.length : i;
  }

  function words(text) {
    return String(text || "").split(/\s+/).filter(Boolean);
  }

  function fold(text) {
    var s = String(text || "").toLowerCase();
    if (s.normalize) {
      s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return s.replace(/\s+/g, " ");
  }

  function textOf(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // The last path segment naming a page: ".../breakouts/agentic-ai/index.html" -> "agentic-ai".
  function idFromHref(href) {
    var path = String(href || "").split(/[?#]/)[0].replace(/index\.html$/, "").replace(/\/+$/, "");
    return path.slice(path.lastIndexOf("/") + 1);
  }

  function setup(index, serial) {
    var source = index.getAttribute("data-listing");
    if (!source) {
      try {
        build(index, serial, null);
      } finally {
        // filters-early.js kept the list invisible until the filter in the address was applied.
        index.classList.remove("is-filtering");
      }
      return;
    }
    var panel = index.querySelector("[data-filter-bar]");
    var started = false;
    var toggled = false;
    function start() {
      if (started) { return; }
      started = true;
      loadListing(source, function (data) {
        try {
          if (data) {
            var whole = listingCards(data, index.getAttribute("data-listing-root") || "");
            build(index, serial, whole);
            var toggle = panel && panel.querySelector(".filters-toggle");
            // A tap on the phone's Filters button that came before the cards did is answered now.
            if (toggled && toggle && toggle.getAttribute("aria-expanded") !== "true") { toggle.click(); }
          }
        } finally {
          index.classList.remove("is-filtering");
        }
      });
    }
    if (index.classList.contains("is-filtering") || !panel) {
      start();
      return;
    }
    panel.addEventListener("focusin", start);
    panel.addEventListener("pointerdown", function (event) {
      if (!started && event.target.closest && event.target.closest(".filters-toggle")) { toggled = true; }
      start();
    });
  }

  // One script at a time: it calls window.portalListingLoaded.
  function loadScript(source, done) {
    var script = document.createElement("script");
    var finished = false;
    function finish(data) {
      if (finished) { return; }
      finished = true;
      window.portalListingLoaded = undefined;
      done(data);
    }
    window.portalListingLoaded = finish;
    script.onerror = function () { finish(null); };
    script.src = source;
    document.head.appendChild(script);
  }

  // A listing's data script, part after part (listing.js, listing-2.js, …): `done` gets their
  // groups joined, a group split between two parts made one again, or null when a part is missing.
  function loadListing(source, done) {
    var whole = null;
    function take(number, data) {
      if (!data) { done(null); return; }
      if (!whole) { whole = { root: data.root, page_size: data.page_size, groups: [] }; }
      (data.groups || []).forEach(function (group) {
        var last = whole.groups[whole.groups.length - 1];
        if (last && last.id === group.id && last.label === group.label) {
          last.cards = last.cards.concat(group.cards || []);
        } else {
          whole.groups.push({ id: group.id, label: group.label, cards: (group.cards || []).slice() });
        }
      });
      if (number >= (data.parts || 1)) { done(whole); return; }
      loadScript(source.replace(/listing(-\d+)?\.js$/, "listing-" + (number + 1) + ".js"), function (next) { take(number + 1, next); });
    }
    loadScript(source, function (data) { take(1, data); });
  }

  // The cards of the data script as elements outside the page, each with its group. Their links
  // start with the way to the site root from the listing's later pages (data.root), which
  // becomes this page's (`root`).
  function listingCards(data, root) {
    var from = String(data.root || "");
    var cards = [];
    (data.groups || []).forEach(function (group) {
      var template = document.createElement("template");
      template.innerHTML = (group.cards || []).join("");
      Array.prototype.forEach.call(template.content.querySelectorAll("li.card"), function (card) {
        if (from !== root) {
          Array.prototype.forEach.call(card.querySelectorAll("a[href]"), function (a) {
            var href = a.getAttribute("href");
            if (href.slice(0, from.length) === from) { a.setAttribute("href", root + href.slice(from.length)); }
          });
        }
        cards.push({ card: card, group: { id: group.id, label: group.label } });
      });
    });
    return { cards: cards, pageSize: data.page_size || 50 };
  }

  function build(index, serial, whole) {
    var facetNames = words(index.getAttribute("data-filters"));
    var cards = whole ? whole.cards.map(function (entry) { return entry.card; })
      : Array.prototype.slice.call(index.querySelectorAll("li.card"));
    if (!cards.length || !facetNames.length) {
      return;
    }
    var one = index.getAttribute("data-filter-one") || "item";
    var many = index.getAttribute("data-filter-many") || "items";
    var prefix = "portal-filter-" + serial + "-";
    var hasText = facetNames.indexOf("q") !== -1;
    facetNames = facetNames.filter(function (name) { return FACETS[name]; });

    /* ------------------------------------------------ the items' values */

    var labels = { type: {}, kind: {}, transport: {}, level: {}, area: {}, tag: {}, duration: {}, category: {} };
    var order = { type: [], kind: [], transport: [], level: [], area: [], tag: [], duration: [], category: [] };

    function note(facet, value, label) {
      if (!value) { return; }
      if (!(value in labels[facet])) {
        labels[facet][value] = label || value;
        order[facet].push(value);
      }
    }

    // The categories in the order of the tree beside the filters, each under its parent.
    Array.prototype.forEach.call(index.querySelectorAll(".category-tree li[data-category]"), function (li) {
      var value = li.getAttribute("data-category");
      var link = li.querySelector("a");
      var name = link && link.firstChild ? String(link.firstChild.nodeValue || "").trim() : value;
      note("category", value, new Array(value.split("/").length).join("\u2003") + name);
    });

    var items = cards.map(function (card, place) {
      // A series card is counted apart: "12 tutorials" must mean twelve tutorials.
      var item = { card: card, values: {}, series: card.classList.contains("card--series"), group: whole ? whole.cards[place].group : null };
      var typeBadge = card.querySelector(".badge--type");
      var levelBadge = card.querySelector(".badge--level");
      var type = card.getAttribute("data-type");
      var level = card.getAttribute("data-level");
      item.values.type = type ? [type] : [];
      item.values.level = level ? [level] : [];
      note("type", type, textOf(typeBadge));
      note("level", level, textOf(levelBadge));

      var kind = card.getAttribute("data-agent-kind");
      item.values.kind = kind ? [kind] : [];
      note("kind", kind, textOf(card.querySelector(".card-fact--agent-kind")));
      item.values.transport = words(card.getAttribute("data-transport"));
      item.values.transport.forEach(function (t) { note("transport", t, TRANSPORTS[t]); });

      var areaLabels = {};
      Array.prototype.forEach.call(card.querySelectorAll(".card-areas a"), function (a) {
        areaLabels[idFromHref(a.getAttribute("href"))] = textOf(a);
      });
      item.values.area = words(card.getAttribute("data-areas"));
      item.values.area.forEach(function (id) { note("area", id, areaLabels[id]); });

      item.values.category = words(card.getAttribute("data-categories"));
      item.values.category.forEach(function (c) { note("category", c, c); });

      item.values.tag = words(card.getAttribute("data-tags"));
      item.values.tag.forEach(function (t) { note("tag", t, t); });

      var minutes = parseInt(card.getAttribute("data-minutes"), 10);
      item.values.duration = [];
      if (!isNaN(minutes)) {
        DURATIONS.forEach(function (d) {
          if (d.test(minutes)) { item.values.duration.push(d.value); }
        });
      }
      DURATIONS.forEach(function (d) { note("duration", d.value, d.label); });

      item.text = fold([
        textOf(card.querySelector(".card-title")),
        textOf(card.querySelector(".card-summary")),
        textOf(typeBadge),
        textOf(levelBadge),
        textOf(card.querySelector(".card-areas")),
        item.values.tag.join(" ")
      ].join(" "));
      return item;
    });

    var seriesTotal = items.filter(function (item) { return item.series; }).length;

    order.area.sort(function (a, b) { return labels.area[a].localeCompare(labels.area[b]); });
    // Levels in their own order, not in the order the first cards happen to show them.
    order.level.sort(function (a, b) { return rank(LEVELS, a) - rank(LEVELS, b); });
    order.tag.sort();
    order.kind.sort(function (a, b) { return labels.kind[a].localeCompare(labels.kind[b]); });
    order.transport.sort();
    // Keep only the facets that can tell the items apart.
    facetNames = facetNames.filter(function (name) {
      return items.some(function (item) { return item.values[name].length > 0; });
    });

    /* ------------------------------------------------------- the state */

    var state = { q: "" };
    facetNames.forEach(function (name) { state[name] = []; });

    function readURL() {
      var params = new URLSearchParams(window.location.search);
      facetNames.forEach(function (name) {
        var wanted = [];
        params.getAll(name).forEach(function (raw) {
          raw.split(",").forEach(function (v) {
            v = v.trim();
            if (v && v in labels[name] && wanted.indexOf(v) === -1) { wanted.push(v); }
          });
        });
        if (FACETS[name].control === "select") { wanted = wanted.slice(0, 1); }
        state[name] = wanted;
      });
      state.q = hasText ? (params.get("q") || "") : "";
    }

    function writeURL() {
      var params = new URLSearchParams(window.location.search);
      facetNames.concat(hasText ? ["q"] : []).forEach(function (name) { params.delete(name); });
      facetNames.forEach(function (name) {
        state[name].forEach(function (v) { params.append(name, v); });
      });
      if (hasText && state.q.trim()) {
        params.set("q", state.q.trim());
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      try {
        window.history.replaceState(window.history.state, "", url);
      } catch (e) {
        // Some browsers refuse replaceState on file:// pages; the filter still works.
      }
    }

    function matches(item, except) {
      for (var i = 0; i < facetNames.length; i++) {
        var name = facetNames[i];
        if (name === except) { continue; }
        var wanted = state[name];
        if (!wanted.length) { continue; }
        var has = item.values[name];
        var hit = false;
        for (var j = 0; j < wanted.length; j++) {
          if (has.indexOf(wanted[j]) !== -1) { hit = true; break; }
        }
        if (!hit) { return false; }
      }
      if (except !== "q" && hasText) {
        var terms = fold(state.q).split(" ").filter(Boolean);
        for (var k = 0; k < terms.length; k++) {
          if (item.text.indexOf(terms[k]) === -1) { return false; }
        }
      }
      return true;
    }

    function active() {
      return facetNames.some(function (name) { return state[name].length > 0; }) || (hasText && state.q.trim() !== "");
    }

    /* ----------------------------------------------------- the controls */

    // The bar is in the HTML (partials/filter-bar.mustache) so that it holds its place
    // before this script runs; here it only gets its options and its behaviour.
    var panel = index.querySelector("[data-filter-bar]");
    if (!panel) {
      return;
    }
    var form = panel.querySelector(".filters-form");
    var toggle = panel.querySelector(".filters-toggle");
    var toggleBadge = toggle ? toggle.querySelector("[data-filter-badge]") : null;
    var status = panel.querySelector(".filters-status");
    var clear = panel.querySelector(".filters-clear");
    var empty = index.querySelector(".filters-empty");
    if (!form || !status || !clear) {
      return;
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var controls = {}; // name -> {value -> {input, count, item}}
    var selects = {};  // name -> {select, options: {value -> option}}
    var badges = {};   // name -> the badge in the facet's button
    var menus = [];    // the facets' <details>

    // A facet the index does not name, or that cannot tell these items apart, goes.
    Array.prototype.forEach.call(panel.querySelectorAll("[data-facet]"), function (facet) {
      if (facetNames.indexOf(facet.getAttribute("data-facet")) === -1) {
        facet.parentNode.removeChild(facet);
      }
    });

    var textInput = hasText ? panel.querySelector("input[name=q]") : null;
    if (textInput) {
      var textTimer = 0;
      textInput.addEventListener("input", function () {
        state.q = textInput.value;
        window.clearTimeout(textTimer);
        textTimer = window.setTimeout(function () { update(true); }, 150);
      });
      textInput.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && textInput.value) {
          event.preventDefault();
          textInput.value = "";
          state.q = "";
          update(true);
        }
      });
      controls.q = textInput;
    } else {
      var textBox = panel.querySelector(".filters-text");
      if (textBox) { textBox.parentNode.removeChild(textBox); }
    }

    facetNames.forEach(function (name) {
      var facet = panel.querySelector("[data-facet='" + name + "']");
      if (!facet) { return; }
      badges[name] = facet.querySelector("[data-filter-badge]");

      if (FACETS[name].control === "select") {
        var select = facet.querySelector("select");
        var opts = {};
        order[name].forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = labels[name][value];
          select.appendChild(option);
          opts[value] = option;
        });
        select.addEventListener("change", function () {
          state[name] = select.value ? [select.value] : [];
          update(true);
        });
        selects[name] = { select: select, options: opts };
        return;
      }

      var list = facet.querySelector(".filters-options");
      controls[name] = {};
      menus.push(facet);
      order[name].forEach(function (value, i) {
        var li = document.createElement("li");
        var input = document.createElement("input");
        input.type = "checkbox";
        input.id = prefix + name + "-" + i;
        input.name = name;
        input.value = value;
        var label = document.createElement("label");
        label.setAttribute("for", input.id);
        var text = document.createElement("span");
        text.className = "filters-label";
        text.textContent = labels[name][value];
        var count = document.createElement("span");
        count.className = "filters-count";
        label.appendChild(text);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(count);
        input.addEventListener("change", function () {
          var picked = state[name].filter(function (v) { return v !== value; });
          if (input.checked) { picked.push(value); }
          state[name] = order[name].filter(function (v) { return picked.indexOf(v) !== -1; });
          update(true);
        });
        li.appendChild(input);
        li.appendChild(label);
        list.appendChild(li);
        controls[name][value] = { input: input, count: count, item: li };
      });
    });

    // One facet menu open at a time; Escape or a click elsewhere closes it.
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) { return; }
        menus.forEach(function (other) {
          if (other !== menu) { other.open = false; }
        });
      });
      // A menu that opens over the list closes when the focus moves on (on a phone it is
      // part of the panel, and stays).
      menu.addEventListener("focusout", function (event) {
        var popup = menu.querySelector(".filters-menu");
        if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget) &&
            popup && window.getComputedStyle(popup).position === "absolute") {
          menu.open = false;
        }
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          event.preventDefault();
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) {
        if (menu.open && !menu.contains(event.target)) { menu.open = false; }
      });
    });

    // On a phone the controls fold under one button, which counts the active filters.
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        panel.classList.toggle("is-open", open);
      });
    }

    clear.addEventListener("click", function () {
      facetNames.forEach(function (name) { state[name] = []; });
      state.q = "";
      update(true);
      (controls.q || clear).focus();
    });

    if (empty) {
      empty.textContent = "No " + many + " match these filters. Remove a filter or clear them all.";
    }

    function setBadge(badge, n) {
      if (!badge) { return; }
      var text = n ? String(n) : "";
      if (badge.getAttribute("data-count") === text) { return; }
      badge.setAttribute("data-count", text);
      badge.textContent = "";
      if (!n) { return; }
      var before = document.createElement("span");
      before.className = "visually-hidden";
      before.textContent = ", ";
      var after = document.createElement("span");
      after.className = "visually-hidden";
      after.textContent = " selected";
      badge.appendChild(before);
      badge.appendChild(document.createTextNode(text));
      badge.appendChild(after);
    }

    /* --------------------------------------------------------- updating */

    var groups = Array.prototype.slice.call(index.querySelectorAll(".group"));
    var jumpLinks = Array.prototype.slice.call(index.querySelectorAll(".jump a[href^='#']"));

    // A listing split into pages: the page's own cards, groups and page links, and where the
    // matching cards of the whole listing go instead while a filter is active.
    if (whole) {
      // The page's groups and jump links stay as built; they give way whole while a filter is active.
      groups = [];
      jumpLinks = [];
    }
    var pageParts = [];
    var results = null;
    var more = null;
    var limit = whole ? whole.pageSize : 0;
    if (whole) {
      pageParts = Array.prototype.filter.call(index.children, function (child) {
        return child.matches(".group, .jump, .pagination, ul.cards, .empty");
      });
      results = document.createElement("div");
      results.className = "filters-results";
      results.hidden = true;
      more = document.createElement("button");
      more.type = "button";
      more.className = "filters-more";
      more.addEventListener("click", function () {
        var before = limit;
        limit += whole.pageSize;
        update(false);
        // The first card just shown takes the focus, so a keyboard reader goes on from there.
        var next = results.querySelectorAll("li.card")[before];
        var link = next && next.querySelector("a");
        if (link) { link.focus(); }
      });
      var anchor = pageParts[0] || empty;
      if (anchor && anchor.parentNode) { anchor.parentNode.insertBefore(results, anchor); } else { index.appendChild(results); }
    }

    function showWhole(isActive, matched) {
      pageParts.forEach(function (part) { part.hidden = isActive; });
      results.hidden = !isActive;
      results.textContent = "";
      if (!isActive) { return; }
      var shown = 0;
      var group = null;
      var list = null;
      for (var i = 0; i < items.length && shown < limit; i++) {
        if (!items[i].shown) { continue; }
        if (!list || items[i].group.id !== group) {
          group = items[i].group.id;
          list = document.createElement("ul");
          list.className = "cards";
          if (group) {
            var section = document.createElement("section");
            section.className = "group";
            var heading = document.createElement("h2");
            heading.id = prefix + "group-" + group;
            heading.textContent = items[i].group.label;
            section.setAttribute("aria-labelledby", heading.id);
            section.appendChild(heading);
            section.appendChild(list);
            results.appendChild(section);
          } else {
            results.appendChild(list);
          }
        }
        items[i].card.hidden = false;
        list.appendChild(items[i].card);
        shown++;
      }
      if (matched > shown) {
        var next = Math.min(whole.pageSize, matched - shown);
        more.textContent = next === matched - shown ? "Show the last " + next : "Show " + next + " more (" + (matched - shown) + " left)";
        results.appendChild(more);
      }
    }

    function countFor(name, value) {
      var n = 0;
      for (var i = 0; i < items.length; i++) {
        if (items[i].values[name].indexOf(value) !== -1 && matches(items[i], name)) { n++; }
      }
      return n;
    }

    function update(changed) {
      // Controls reflect the state.
      if (controls.q && controls.q.value !== state.q) { controls.q.value = state.q; }
      facetNames.forEach(function (name) {
        if (selects[name]) {
          var s = selects[name];
          s.select.value = state[name][0] || "";
          Object.keys(s.options).forEach(function (value) {
            var n = countFor(name, value);
            s.options[value].textContent = labels[name][value] + " (" + n + ")";
          });
          return;
        }
        Object.keys(controls[name]).forEach(function (value) {
          var c = controls[name][value];
          var n = countFor(name, value);
          c.input.checked = state[name].indexOf(value) !== -1;
          c.count.textContent = "(" + n + ")";
          c.item.classList.toggle("is-empty", n === 0 && !c.input.checked);
        });
      });

      // Cards, groups and the group links.
      var shown = 0;
      var shownSeries = 0;
      items.forEach(function (item) {
        var ok = matches(item, null);
        item.shown = ok;
        if (!whole) { item.card.hidden = !ok; }
        if (ok && item.series) { shownSeries++; } else if (ok) { shown++; }
      });
      if (whole) {
        if (changed) { limit = whole.pageSize; }
        showWhole(active(), shown + shownSeries);
      }
      var perGroup = {};
      groups.forEach(function (group) {
        var visible = group.querySelectorAll("li.card:not([hidden])").length;
        group.hidden = visible === 0;
        var heading = group.querySelector("h2[id]");
        if (heading) { perGroup[heading.id] = visible; }
      });
      jumpLinks.forEach(function (a) {
        var id = decodeURIComponent(a.getAttribute("href").slice(1));
        if (!(id in perGroup)) { return; }
        var count = a.querySelector(".count");
        if (count) { count.textContent = "(" + perGroup[id] + ")"; }
        if (a.parentNode) { a.parentNode.hidden = perGroup[id] === 0; }
      });

      var isActive = active();
      clear.disabled = !isActive;
      if (empty) { empty.hidden = shown + shownSeries > 0; }
      var activeCount = hasText && state.q.trim() ? 1 : 0;
      facetNames.forEach(function (name) {
        activeCount += state[name].length;
        setBadge(badges[name], state[name].length);
      });
      setBadge(toggleBadge, activeCount);
      var total = items.length - seriesTotal;
      var message = "Showing " + (isActive ? shown + " of " : "all ") + total + " " + (total === 1 ? one : many);
      if (seriesTotal) { message += " and " + (isActive ? shownSeries + " of " : "") + seriesTotal + " series"; }
      message += ".";
      if (status.textContent !== message) { status.textContent = message; }
      panel.classList.toggle("is-active", isActive);
      if (changed) { writeURL(); }
    }

    readURL();
    // Words typed while the whole listing was loading are kept.
    var typed = whole && textInput && textInput.value && !state.q ? textInput.value : "";
    if (typed) { state.q = typed; }
    update(Boolean(typed));
    // A live region from now on: the first count is not news, each change is.
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    index.classList.add("has-filters");

    window.addEventListener("popstate", function () {
      readURL();
      update(false);
    });
  }

  function start() {
    var indexes = document.querySelectorAll("[data-filters]");
    for (var i = 0; i < indexes.length; i++) {
      setup(indexes[i], i);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
