import Foundation

/// The inline script of a `404.html` built without the site's address: servers send that page for
/// a missing address at any depth, where links written from the site root do not reach it.
///
/// An external script cannot do this, as its own address would be wrong from there too, and
/// `<base>` would need `base-uri` opened. The script is inline, and the 404 page's policy allows
/// this one script by its hash (`script-src 'self' 'sha256-…'`), nothing else. It asks the
/// folders of the address, deepest first, for `404.html`: the first that has it is the site's
/// root. It then points the page's relative links, images and stylesheets there, and loads its
/// scripts again from there. Where the address is one folder deep (a mistyped page name) the links
/// already work, and it changes nothing. Opened from disk there is no server to ask, and it stops.
enum RootFinder {
    static let script = """
    (function () {
      "use strict";
      if (!window.fetch || location.protocol === "file:") return;
      var here = location.pathname.replace(/[^\\/]*$/, "");
      var folders = [];
      for (var folder = here; folder; folder = folder.replace(/[^\\/]*\\/$/, "")) folders.push(folder);
      var relative = function (value) { return value && !/^([a-z][a-z0-9+.-]*:|\\/|#|\\?)/i.test(value); };
      var rebase = function (root) {
        if (root === here) return;
        [["a", "href"], ["link", "href"], ["img", "src"], ["form", "action"]].forEach(function (pair) {
          Array.prototype.forEach.call(document.querySelectorAll(pair[0] + "[" + pair[1] + "]"), function (element) {
            var value = element.getAttribute(pair[1]);
            if (relative(value)) element.setAttribute(pair[1], root + value);
          });
        });
        Array.prototype.forEach.call(document.querySelectorAll("script[src]"), function (old) {
          if (!relative(old.getAttribute("src"))) return;
          var script = document.createElement("script");
          Array.prototype.forEach.call(old.attributes, function (attribute) { script.setAttribute(attribute.name, attribute.value); });
          script.src = root + old.getAttribute("src");
          if (script.hasAttribute("data-root")) script.setAttribute("data-root", root);
          script.async = false;
          old.parentNode.replaceChild(script, old);
        });
      };
      var ask = function (index) {
        if (index >= folders.length) return;
        fetch(folders[index] + "404.html", { method: "HEAD", credentials: "same-origin" }).then(function (response) {
          if (response.ok) rebase(folders[index]); else ask(index + 1);
        }, function () { ask(index + 1); });
      };
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { ask(0); }); else ask(0);
    })();
    """

    /// The policy source that allows `script` and nothing else: `'sha256-…'`.
    static let policySource = "'sha256-" + Data(SHA256.digest(Array(script.utf8))).base64EncodedString() + "'"

    /// `page.root_finder` as the 404 page's template gets it.
    static var templateValue: TemplateValue {
        .record(["script": .text(script), "csp_source": .text(policySource)])
    }
}
