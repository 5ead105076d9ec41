// Ranks queries with the site's own search script (templates/assets/search.js, as a built site
// ships it) in Node, without a browser: a minimal `document` whose <script> tags are read from the
// built site's search/ folder. Prints {query: [url, …]} (the top `limit` of each) as JSON.
//
//     node Tests/MCP/search_js_rank.js SITE_FOLDER LIMIT QUERY…
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, limitText, ...queries] = process.argv.slice(2);
const root = path.resolve(site) + "/";
const context = { console, Promise, setTimeout, clearTimeout, URLSearchParams };
context.window = context;
context.location = { protocol: "file:", search: "", href: "file://" + root };
context.document = {
  currentScript: { dataset: { root: root } },
  head: {
    // A script tag "loads" by running the file it names in this context.
    appendChild(tag) {
      setTimeout(() => {
        try {
          vm.runInContext(fs.readFileSync(tag.src, "utf8"), context);
          tag.onload && tag.onload();
        } catch (error) {
          tag.onerror && tag.onerror(error);
        }
      }, 0);
    },
  },
  createElement: () => ({ dataset: {}, style: {}, setAttribute() {}, appendChild() {}, addEventListener() {} }),
  createTextNode: () => ({}),
  querySelector: () => null,
  querySelectorAll: () => [],
  addEventListener() {},
  readyState: "complete",
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(root, "assets", "search.js"), "utf8"), context);

(async () => {
  const ranked = {};
  for (const query of queries) {
    const outcome = await context.portalSearchRank(query, Number(limitText));
    ranked[query] = outcome.results.map((result) => result.url);
  }
  process.stdout.write(JSON.stringify(ranked));
})();
