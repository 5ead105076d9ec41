/* portal navigation: the header's menu and search buttons, the table of
 * contents, and the link back to the top.
 *
 * Everything here refines what works without it:
 * - Narrow screens: the header shows a menu button and a search button
 *   (rendered hidden; this script reveals them). The menu button opens the
 *   main navigation below the header's row, the search button the search box;
 *   Escape closes either and gives the focus back to its button, as does a
 *   click elsewhere. Without this script the navigation wraps below the title.
 * - The table of contents is a <details>, closed (the phone's layout). On a
 *   wide screen, where it is a column beside the text, this script opens it,
 *   and marks the link to the section being read with aria-current="location".
 * - "Back to top" at the end of the page is hidden on pages shorter than two
 *   screens, where it would only repeat the scroll bar.
 */
(function () {
  "use strict";

  // The width from which style.css shows the table of contents beside the text (68rem).
  var WIDE = "(min-width: 68rem)";

  function setupHeader() {
    var header = document.querySelector(".site-header");
    if (!header) return;
    var navToggle = header.querySelector(".nav-toggle");
    var nav = header.querySelector(".site-nav");
    var searchToggle = header.querySelector(".search-toggle");
    var search = header.querySelector("[data-site-search]");
    var input = search && search.querySelector("input");

    function isOpen(toggle) {
      return !!toggle && toggle.getAttribute("aria-expanded") === "true";
    }

    function setOpen(toggle, open) {
      if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    // Whether the buttons are what the reader sees (narrow screens), not the full row.
    function buttonsShown(toggle) {
      return !!toggle && toggle.offsetParent !== null;
    }

    if (navToggle && nav) {
      navToggle.hidden = false;
      navToggle.addEventListener("click", function () {
        var open = !isOpen(navToggle);
        setOpen(navToggle, open);
        if (open) setOpen(searchToggle, false);
      });
    }

    if (searchToggle && search && input) {
      searchToggle.hidden = false;
      searchToggle.addEventListener("click", function () {
        var open = !isOpen(searchToggle);
        setOpen(searchToggle, open);
        if (open) {
          setOpen(navToggle, false);
          input.focus();
        }
      });
      // "/" focuses the search box (assets/search.js): open its row first on a narrow screen.
      window.addEventListener("keydown", function (event) {
        if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
        var target = event.target;
        var tag = target && target.tagName;
        if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
        if (buttonsShown(searchToggle)) {
          setOpen(searchToggle, true);
          setOpen(navToggle, false);
        }
      }, true);
    }

    // Escape closes what is open, unless the search box used it (to close its results or clear itself).
    header.addEventListener("keydown", function (event) {
      if ((event.key !== "Escape" && event.key !== "Esc") || event.defaultPrevented) return;
      if (isOpen(navToggle) && buttonsShown(navToggle)) {
        setOpen(navToggle, false);
        navToggle.focus();
        event.preventDefault();
      } else if (isOpen(searchToggle) && buttonsShown(searchToggle)) {
        setOpen(searchToggle, false);
        searchToggle.focus();
        event.preventDefault();
      }
    });

    // A click or the focus elsewhere closes the menu; the search row stays while it holds words.
    function closeOutside(target) {
      if (isOpen(navToggle) && !nav.contains(target) && !navToggle.contains(target)) {
        setOpen(navToggle, false);
      }
      if (isOpen(searchToggle) && !search.contains(target) && !searchToggle.contains(target) && !input.value) {
        setOpen(searchToggle, false);
      }
    }
    document.addEventListener("click", function (event) {
      closeOutside(event.target);
    });
    header.addEventListener("focusout", function (event) {
      if (event.relatedTarget) closeOutside(event.relatedTarget);
    });
  }

  function setupContents() {
    var toc = document.querySelector("[data-toc]");
    if (!toc) return;
    var box = toc.querySelector("details");
    var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']")).filter(function (link) {
      return !link.closest(".toc-top");
    });
    var sections = [];
    links.forEach(function (link) {
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (target) sections.push({link: link, target: target});
    });

    var wide = window.matchMedia ? window.matchMedia(WIDE) : null;
    function fit() {
      if (box && wide) box.open = wide.matches;
    }
    fit();
    if (wide) {
      if (wide.addEventListener) {
        wide.addEventListener("change", fit);
      } else if (wide.addListener) {
        wide.addListener(fit);
      }
    }

    // On a phone the table of contents sits above the text: close it once a link is followed.
    if (box) {
      box.addEventListener("click", function (event) {
        if (event.target.closest("a") && wide && !wide.matches) box.open = false;
      });
    }

    if (!sections.length) return;
    var current = null;

    function mark(link) {
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      current = link;
      if (!link) return;
      link.setAttribute("aria-current", "location");
      // Keep the marked link in view inside a table of contents that scrolls.
      if (toc.scrollHeight > toc.clientHeight) {
        var top = link.offsetTop - toc.offsetTop;
        if (top < toc.scrollTop || top + link.offsetHeight > toc.scrollTop + toc.clientHeight) {
          toc.scrollTop = top - toc.clientHeight / 3;
        }
      }
    }

    // The section being read: the last whose heading is above a line a little below the sticky
    // header (a link to a heading puts it just below the header); at the very end of the page,
    // the last section.
    function readingLine() {
      return Math.round((parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0) + 40);
    }

    function update() {
      var line = readingLine();
      var found = null;
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].target.getBoundingClientRect().top <= line) {
          found = sections[i];
        } else {
          break;
        }
      }
      var root = document.documentElement;
      if (window.innerHeight + window.scrollY >= root.scrollHeight - 2 && sections[sections.length - 1].target.getBoundingClientRect().top < window.innerHeight) {
        found = sections[sections.length - 1];
      }
      mark(found ? found.link : null);
    }

    // Measured once a frame at most while the page scrolls: a few headings' positions. (An
    // IntersectionObserver misses a jump that carries a heading from below the window to above
    // it, as a link or the End key does.)
    var pending = 0;
    function later() {
      if (pending) return;
      pending = requestAnimationFrame(function () {
        pending = 0;
        update();
      });
    }
    window.addEventListener("scroll", later, {passive: true});
    window.addEventListener("hashchange", later);
    window.addEventListener("resize", later);
    update();
  }

  function setupBackToTop() {
    var back = document.querySelector("[data-back-to-top]");
    if (!back) return;
    function fit() {
      back.hidden = document.documentElement.scrollHeight < 2 * window.innerHeight;
    }
    fit();
    window.addEventListener("resize", fit);
    window.addEventListener("load", fit);
  }

  function setup() {
    setupHeader();
    setupContents();
    setupBackToTop();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
