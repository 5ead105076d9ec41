/* portal copy buttons.
 *
 * Each code block of a page's text gets a "Copy" button that puts the code
 * on the clipboard. Without JavaScript there is no button, and the code is
 * selectable text as before. Where the clipboard cannot be written (pages
 * opened from disk in some browsers, or the permission refused), the button
 * selects the code instead, so the reader copies it with the keyboard.
 *
 * Markup it adds: <div class="copy-wrap"> around each .prose pre, holding
 * <button class="copy-button">, and one <p id="copy-status" role="status">
 * (visually hidden) per page that says what happened, for screen readers.
 */
(function () {
  "use strict";

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

  function setup() {
    var blocks = document.querySelectorAll(".prose pre:not(.nb-output)");
    if (!blocks.length) return;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.id = "copy-status";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    var timer = null;

    function say(button, shown, spoken) {
      button.textContent = shown;
      status.textContent = spoken;
      clearTimeout(timer);
      timer = setTimeout(function () {
        button.textContent = "Copy";
      }, 2500);
    }

    Array.prototype.forEach.call(blocks, function (pre) {
      var wrap = document.createElement("div");
      wrap.className = "copy-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      wrap.appendChild(button);
      button.addEventListener("click", function () {
        write(codeOf(pre)).then(function () {
          say(button, "Copied", "The code is copied.");
        }, function () {
          selectCode(pre);
          say(button, "Selected", "The code is selected: copy it with your keyboard.");
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
