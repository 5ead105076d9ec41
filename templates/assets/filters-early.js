/* portal: the first moment of a filtered index.
 *
 * Loaded without defer as the first child of an index that has filters, so it
 * runs before the list below it is painted. When the address asks for a
 * filter (?type=paper, ?q=jet), the list, and what follows it, stay invisible
 * until filters.js has applied the filter and removed the class, so a shared
 * filtered view opens without the list jumping. The stylesheet shows them
 * anyway after a few seconds, should filters.js never run.
 */
(function () {
  "use strict";
  var index = document.currentScript && document.currentScript.parentNode;
  if (!index || !index.getAttribute || !window.URLSearchParams) {
    return;
  }
  var names = String(index.getAttribute("data-filters") || "").split(/\s+/);
  var params = new URLSearchParams(window.location.search);
  for (var i = 0; i < names.length; i++) {
    if (names[i] && params.get(names[i])) {
      index.classList.add("is-filtering");
      return;
    }
  }
})();
