import Foundation
import PortalCore

/// The preview's browser side: a script, added to every HTML page the preview server sends (never
/// to the files `portal build` writes), that listens for rebuilds and shows build errors.
public enum LiveReload {
    /// Where the script and the event stream are served; no site file can have these paths, since
    /// the build never writes a folder whose name starts with `__`.
    public static let scriptPath = "/__portal/live.js"
    public static let eventsPath = "/__portal/events"

    /// The tag added before `</head>` (or `</body>`, or at the end).
    static let tag = "<script src=\"\(scriptPath)\" defer></script>"

    /// `html` with the script tag added.
    public static func inject(into html: Data) -> Data {
        let tagBytes = Data(tag.utf8)
        for marker in ["</head>", "</body>", "</HEAD>", "</BODY>"] {
            if let range = html.range(of: Data(marker.utf8)) {
                var result = html
                result.insert(contentsOf: tagBytes, at: range.lowerBound)
                return result
            }
        }
        return html + tagBytes
    }

    /// One Server-Sent Event.
    static func event(_ name: String, _ data: String) -> [UInt8] {
        let lines = data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }.joined(separator: "\n")
        return Array("event: \(name)\n\(lines)\n\n".utf8)
    }

    /// The `errors` event's data: the diagnostics as a JSON array of the `--format json` objects.
    static func errorsData(_ diagnostics: [Diagnostic]) -> String {
        "[" + diagnostics.map { DiagnosticFormat.json.format($0) }.joined(separator: ",") + "]"
    }

    /// The page sent for every address while the first build has errors, so the overlay can show them.
    static let failedFirstBuildPage = Data("""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build errors · portal preview</title>\(tag)</head>
        <body><main><h1>The site has errors</h1><p>Fix them and this page reloads by itself.</p></main></body></html>
        """.utf8)

    /// The page sent while the first build runs; it reloads when the build is done.
    static let buildingPage = Data("""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Building · portal preview</title>\(tag)</head>
        <body><main><h1>Building the site…</h1><p>This page reloads by itself when the build is done.</p></main></body></html>
        """.utf8)

    /// The script: reload after a good rebuild; show an overlay listing the diagnostics after a bad
    /// one; while a long rebuild runs, a status line with its progress. It builds the overlay and the
    /// status line with text nodes only, so a diagnostic can never inject markup.
    static let script = #"""
        (() => {
          "use strict";
          // The page shown, so that a rebuild writes it before telling browsers to reload.
          const source = new EventSource("/__portal/events?page=" + encodeURIComponent(location.pathname));
          let seen = null;
          function removeOverlay() {
            const old = document.getElementById("portal-preview-overlay");
            if (old) old.remove();
          }
          function removeProgress() {
            const old = document.getElementById("portal-preview-progress");
            if (old) old.remove();
          }
          function showProgress(progress) {
            let status = document.getElementById("portal-preview-progress");
            if (!status) {
              status = document.createElement("p");
              status.id = "portal-preview-progress";
              status.setAttribute("role", "status");
              status.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483647;margin:0;padding:.5rem .8rem;" +
                "background:#16161d;color:#fff;border-radius:.4rem;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace";
              document.body.appendChild(status);
            }
            let text = "portal: rebuilding, " + progress.name.toLowerCase();
            if (typeof progress.done === "number") text += " " + progress.done + " of " + progress.total;
            status.textContent = text + " (" + progress.seconds.toFixed(1) + " s)";
          }
          function showOverlay(diagnostics) {
            removeOverlay();
            removeProgress();
            const overlay = document.createElement("section");
            overlay.id = "portal-preview-overlay";
            overlay.setAttribute("role", "alertdialog");
            overlay.setAttribute("aria-label", "Build errors");
            overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#16161d;color:#fff;" +
              "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem";
            const title = document.createElement("h2");
            const errors = diagnostics.filter(d => d.severity === "error").length;
            title.textContent = "portal: the last edit has " + errors + " error" + (errors === 1 ? "" : "s") +
              "; this is the last good version of the page";
            title.style.cssText = "margin:0 0 1rem;font-size:1.1rem;color:#ffb4b4";
            overlay.appendChild(title);
            const list = document.createElement("ol");
            for (const d of diagnostics) {
              const item = document.createElement("li");
              item.style.margin = "0 0 .8rem";
              const where = document.createElement("strong");
              where.textContent = d.file + (d.line > 0 ? ":" + d.line + (d.column > 0 ? ":" + d.column : "") : "");
              item.appendChild(where);
              item.appendChild(document.createTextNode(" " + d.severity + ": " + d.message + (d.fix ? " (" + d.fix + ")" : "") + " [" + d.id + "]"));
              list.appendChild(item);
            }
            overlay.appendChild(list);
            const close = document.createElement("button");
            close.type = "button";
            close.textContent = "Hide";
            close.addEventListener("click", removeOverlay);
            overlay.appendChild(close);
            document.body.appendChild(overlay);
          }
          source.addEventListener("hello", event => {
            // After a reconnection, reload if the server restarted or rebuilt meanwhile.
            const data = JSON.parse(event.data);
            const now = data.server + "/" + data.generation;
            if (seen !== null && now !== seen) location.reload();
            seen = now;
          });
          source.addEventListener("reload", () => location.reload());
          source.addEventListener("errors", event => showOverlay(JSON.parse(event.data)));
          source.addEventListener("progress", event => showProgress(JSON.parse(event.data)));
        })();
        """#
}
