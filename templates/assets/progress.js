/* portal starter-kit progress.
 *
 * A reader can mark starter-kit steps as done. The state lives in this
 * browser only, in localStorage under one key (a JSON list of step ids).
 * Storage can be missing or refuse access (file:// pages, private modes,
 * blocked cookies): then the marks last as long as the page.
 *
 * Markup it looks for (all rendered hidden, so nothing shows without
 * JavaScript):
 *   [data-kit-progress]           a progress box; data-total is the number of steps
 *     [data-kit-toggle]           on a step page: <button aria-pressed> for data-step-id
 *     progress, .kit-progress-text
 *   [data-step-id]                a step on a path (index, home, breakouts): gets a done mark
 *   .doc--step .pager a           previous/next steps: get a done mark too
 */
(function () {
  "use strict";

  var KEY = "portal.starterKit.done";
  var memory = null;      // the last list written, for when storage fails
  var memoryOnly = false; // storage refused a write: trust memory from now on

  function storage() {
    try {
      var s = window.localStorage;
      return s || null;
    } catch (e) {
      return null;
    }
  }

  function readDone() {
    if (memoryOnly) {
      return memory ? memory.slice() : [];
    }
    var s = storage();
    var raw = null;
    if (s) {
      try {
        raw = s.getItem(KEY);
      } catch (e) {
        raw = null;
      }
    }
    if (raw === null) {
      return memory ? memory.slice() : [];
    }
    try {
      var list = JSON.parse(raw);
      if (Array.isArray(list)) {
        return list.filter(function (id, i) {
          return typeof id === "string" && id && list.indexOf(id) === i;
        });
      }
    } catch (e) {
      // A damaged value counts as no progress.
    }
    return [];
  }

  function writeDone(list) {
    memory = list.slice();
    var s = storage();
    if (!s) {
      memoryOnly = true;
      return false;
    }
    try {
      if (list.length) {
        s.setItem(KEY, JSON.stringify(list));
      } else {
        s.removeItem(KEY);
      }
      return true;
    } catch (e) {
      memoryOnly = true;
      return false;
    }
  }

  function idFromHref(href) {
    var path = String(href || "").split(/[?#]/)[0].replace(/index\.html$/, "").replace(/\/+$/, "");
    return path.slice(path.lastIndexOf("/") + 1);
  }

  function markEl(el, done, className) {
    var mark = el.querySelector(":scope > ." + className);
    if (done && !mark) {
      mark = document.createElement("span");
      mark.className = className;
      var tick = document.createElement("span");
      tick.setAttribute("aria-hidden", "true");
      tick.textContent = "\u2713 ";
      mark.appendChild(tick);
      mark.appendChild(document.createTextNode("Done"));
      el.appendChild(mark);
    } else if (!done && mark) {
      mark.parentNode.removeChild(mark);
    }
  }

  function render() {
    var done = readDone();
    var isDone = function (id) { return done.indexOf(id) !== -1; };

    // On the index, the path lists every step: forget ids that no longer exist.
    var indexSteps = document.querySelectorAll(".index--starter-kit .path-step[data-step-id]");
    if (indexSteps.length) {
      var known = Array.prototype.map.call(indexSteps, function (li) { return li.getAttribute("data-step-id"); });
      var kept = done.filter(function (id) { return known.indexOf(id) !== -1; });
      if (kept.length !== done.length) {
        done = kept;
        writeDone(done);
      }
    }

    Array.prototype.forEach.call(document.querySelectorAll(".path-step[data-step-id]"), function (li) {
      var d = isDone(li.getAttribute("data-step-id"));
      li.classList.toggle("is-done", d);
      var title = li.querySelector(".path-title") || li;
      markEl(title, d, "path-done");
    });

    Array.prototype.forEach.call(document.querySelectorAll(".doc--step .pager a"), function (a) {
      var d = isDone(idFromHref(a.getAttribute("href")));
      a.classList.toggle("is-done", d);
      var title = a.querySelector(".pager-title") || a;
      markEl(title, d, "path-done");
    });

    Array.prototype.forEach.call(document.querySelectorAll("[data-kit-progress]"), function (box) {
      var total = parseInt(box.getAttribute("data-total"), 10);
      if (isNaN(total) || total <= 0) {
        total = indexSteps.length;
      }
      var count = indexSteps.length ? done.length : Math.min(done.length, total);
      var bar = box.querySelector("progress");
      if (bar) {
        bar.max = Math.max(total, 1);
        bar.value = Math.min(count, total);
      }
      var text = box.querySelector(".kit-progress-text");
      if (text) {
        var message = count + " of " + total + " step" + (total === 1 ? "" : "s") + " done";
        if (count >= total && total > 0) {
          message += ": you have finished the starter kit";
        }
        if (text.textContent !== message) {
          text.textContent = message;
        }
      }
      var toggle = box.querySelector("[data-kit-toggle]");
      var id = box.getAttribute("data-step-id");
      if (toggle && id) {
        toggle.setAttribute("aria-pressed", isDone(id) ? "true" : "false");
      }
      box.classList.toggle("is-complete", count >= total && total > 0);
      box.hidden = false;
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kit-progress]"), function (box) {
      var toggle = box.querySelector("[data-kit-toggle]");
      var id = box.getAttribute("data-step-id");
      if (!toggle || !id) {
        return;
      }
      toggle.addEventListener("click", function () {
        var done = readDone().filter(function (x) { return x !== id; });
        if (toggle.getAttribute("aria-pressed") !== "true") {
          done.push(id);
        }
        writeDone(done);
        render();
      });
    });
    render();
    // Another tab changed the progress.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) {
        render();
      }
    });
    // Pages restored from the back/forward cache show the current state.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        render();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
