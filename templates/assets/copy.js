/* portal code tools: "Copy" and "Wrap".
 *
 * Each code block of a page's text gets a "Copy" button that puts the code
 * on the clipboard, and a "Wrap" toggle (aria-pressed) that folds long lines
 * inside the block instead of scrolling it sideways. Without JavaScript there
 * are no buttons, and the code is selectable text that scrolls, as before.
 * Where the clipboard cannot be written (pages opened from disk in some
 * browsers, or the permission refused), "Copy" selects the code instead, so
 * the reader copies it with the keyboard.
 *
 * "Wrap" applies to every block of the page at once, and is remembered for
 * the whole site (localStorage "portal.code-wrap") where storage is allowed.
 *
 * A block takes the keyboard focus (tabindex="0", which the Markdown renderer
 * writes on every block for pages read without this script) only while it
 * scrolls sideways: a keyboard needs it to scroll one, and a block that fits
 * would be a tab stop with nothing to do.
 *
 * Markup it adds: <div class="copy-wrap"> around each .prose pre, holding
 * <div class="code-tools"> with <button class="wrap-button" aria-pressed> and
 * <button class="copy-button">; <html data-code-wrap> while wrapping; and one
 * <p id="copy-status" role="status"> (visually hidden) per page that says
 * what happened, for screen readers.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "portal.code-wrap";

  function codeOf(pre) {
    var code = pre.querySelector("code");
    return (code || pre).textContent;
  }

  function selectCode(pre) {
    var range = document.createRange();
    range.selectNodeContents(pre.querySelector("code") || pre);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function storedWrap() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) === "on";
    } catch (error) {
      return false;
    }
  }

  function storeWrap(on) {
    try {
      if (on) {
        window.localStorage.setItem(STORAGE_KEY, "on");
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (error) {
      // Storage refused (a private window, a page from disk): the choice lasts for this page.
    }
  }

  // A button's words: what shows, and the rest of its name for screen readers.
  function label(button, shown, rest) {
    button.textContent = shown;
    if (rest) {
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = rest;
      button.appendChild(hidden);
    }
  }

  function button(className, shown, rest) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    label(element, shown, rest);
    return element;
  }

  // Every scrolling block of the page's text and of notebook outputs, focusable while it scrolls.
  function updateFocusable() {
    var blocks = document.querySelectorAll(".prose pre");
    for (var i = 0; i < blocks.length; i++) {
      var pre = blocks[i];
      if (pre.scrollWidth > pre.clientWidth + 1) {
        pre.setAttribute("tabindex", "0");
      } else if (pre !== document.activeElement) {
        pre.removeAttribute("tabindex");
      }
    }
  }

  function setup() {
    var blocks = document.querySelectorAll(".prose pre:not(.nb-output)");
    var wrapButtons = [];

    function setWrap(on) {
      if (on) {
        document.documentElement.setAttribute("data-code-wrap", "");
      } else {
        document.documentElement.removeAttribute("data-code-wrap");
      }
      for (var i = 0; i < wrapButtons.length; i++) {
        wrapButtons[i].setAttribute("aria-pressed", on ? "true" : "false");
      }
      updateFocusable();
    }

    if (blocks.length) {
      var status = document.createElement("p");
      status.className = "visually-hidden";
      status.id = "copy-status";
      status.setAttribute("role", "status");
      document.body.appendChild(status);

      Array.prototype.forEach.call(blocks, function (pre) {
        var wrap = document.createElement("div");
        wrap.className = "copy-wrap";
        pre.parentNode.insertBefore(wrap, pre);
        wrap.appendChild(pre);
        var tools = document.createElement("div");
        tools.className = "code-tools";
        var wrapButton = button("wrap-button", "Wrap", " long lines");
        wrapButton.setAttribute("aria-pressed", "false");
        var copyButton = button("copy-button", "Copy", " code");
        tools.appendChild(wrapButton);
        tools.appendChild(copyButton);
        wrap.appendChild(tools);
        wrapButtons.push(wrapButton);

        wrapButton.addEventListener("click", function () {
          var on = wrapButton.getAttribute("aria-pressed") !== "true";
          storeWrap(on);
          setWrap(on);
        });

        var timer = null;
        function say(shown, spoken) {
          label(copyButton, shown);
          status.textContent = spoken;
          clearTimeout(timer);
          timer = setTimeout(function () {
            label(copyButton, "Copy", " code");
          }, 2500);
        }

        copyButton.addEventListener("click", function () {
          write(codeOf(pre)).then(function () {
            say("Copied", "The code is copied.");
          }, function () {
            selectCode(pre);
            say("Selected", "The code is selected: copy it with your keyboard.");
          });
        });
      });
    }

    setWrap(storedWrap());
    // A block starts or stops scrolling when its size changes: the window's width, a folded
    // notebook cell or output opened.
    var pending = 0;
    function later() {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(updateFocusable);
    }
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(later);
      Array.prototype.forEach.call(document.querySelectorAll(".prose pre"), function (pre) {
        observer.observe(pre);
      });
    } else {
      window.addEventListener("resize", later);
      document.addEventListener("toggle", later, true);
    }
    // Another tab changed the choice: follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === STORAGE_KEY) {
        setWrap(storedWrap());
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
