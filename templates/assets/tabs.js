/* portal tabs: a tab set's items shown one at a time.
 *
 * Without this script a tab set (`::::: tab-set`, docs/editing.md) is its
 * items one after the other, each under its label, so every tab can be read,
 * found and printed. The script makes the labels a tab list, as WAI-ARIA's
 * tabs pattern describes: a <div role="tablist" class="tab-list"> of
 * <button role="tab" aria-selected aria-controls> before the items, which
 * become role="tabpanel" (focusable, labelled by their tab, `hidden` when
 * not selected); the visible labels are then hidden, the tabs saying them.
 *
 * Keys, on a tab: Left and Right move to the previous and next tab (and
 * round), Home and End to the first and last; moving selects. Tab then goes
 * into the panel.
 *
 * Linked tabs: selecting a tab selects the tab with the same key (its label,
 * or its `:sync:`) in every other set of the page in the same sync group
 * (the set's `:sync-group:`, or none), as MkDocs Material's linked tabs and
 * sphinx-design's `:sync:` do, and the choice is remembered for the group
 * (localStorage "portal.tabs.GROUP", GROUP the set's sync group or its keys
 * in order) where storage is allowed. A link to an anchor inside a tab
 * selects that tab. Print shows every panel (style.css).
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "portal.tabs.";

  function childItems(set) {
    var items = [];
    for (var child = set.firstElementChild; child; child = child.nextElementSibling) {
      if (child.classList.contains("tab-item")) items.push(child);
    }
    return items;
  }

  function labelOf(item) {
    var label = item.querySelector(":scope > .tab-label");
    return label ? label.textContent : "";
  }

  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      /* storage refused (private mode, some file:// pages): the choice lasts for the page */
    }
  }

  var sets = [];

  function setUp(element) {
    var items = childItems(element);
    if (items.length === 0) return;
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var title = element.querySelector(":scope > .tab-set-title");
    if (title) list.setAttribute("aria-labelledby", title.id);
    var set = { element: element, items: items, tabs: [], keys: [], selected: -1 };
    set.syncGroup = element.getAttribute("data-sync-group") || "";
    items.forEach(function (item, index) {
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = item.id + "-tab";
      tab.className = "tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", item.id);
      tab.textContent = labelOf(item);
      tab.addEventListener("click", function () {
        choose(set, index, false);
      });
      list.appendChild(tab);
      item.setAttribute("role", "tabpanel");
      item.setAttribute("aria-labelledby", tab.id);
      item.setAttribute("tabindex", "0");
      var label = item.querySelector(":scope > .tab-label");
      if (label) label.hidden = true;
      set.tabs.push(tab);
      set.keys.push(item.getAttribute("data-tab") || tab.textContent);
    });
    set.storageKey = STORAGE_PREFIX + (set.syncGroup || set.keys.slice().sort().join("|"));
    list.addEventListener("keydown", function (event) {
      var index = set.selected;
      var last = set.tabs.length - 1;
      switch (event.key) {
        case "ArrowRight": index = index === last ? 0 : index + 1; break;
        case "ArrowLeft": index = index === 0 ? last : index - 1; break;
        case "Home": index = 0; break;
        case "End": index = last; break;
        default: return;
      }
      event.preventDefault();
      choose(set, index, true);
    });
    element.insertBefore(list, items[0]);
    element.classList.add("tab-set-ready");
    sets.push(set);
    var first = set.keys.indexOf(stored(set.storageKey));
    if (first < 0) first = items.findIndex(function (item) { return item.hasAttribute("data-selected"); });
    select(set, Math.max(first, 0));
  }

  function select(set, index) {
    set.selected = index;
    set.tabs.forEach(function (tab, position) {
      var on = position === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      set.items[position].hidden = !on;
    });
  }

  /* Selects tab `index` of `set`, and the same key in the other sets of its group. */
  function choose(set, index, focus) {
    var key = set.keys[index];
    sets.forEach(function (other) {
      if (other === set || other.syncGroup !== set.syncGroup) return;
      var position = other.keys.indexOf(key);
      if (position >= 0 && position !== other.selected) {
        select(other, position);
        store(other.storageKey, key);
      }
    });
    select(set, index);
    store(set.storageKey, key);
    if (focus) set.tabs[index].focus();
  }

  /* A link to an anchor inside a hidden panel selects the panel's tab, then shows the anchor. */
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var changed = false;
    sets.forEach(function (set) {
      set.items.forEach(function (item, index) {
        if (item.contains(target) && set.selected !== index) {
          select(set, index);
          changed = true;
        }
      });
    });
    if (changed) target.scrollIntoView();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".tab-set"), setUp);
  revealTarget();
  window.addEventListener("hashchange", revealTarget);
})();
