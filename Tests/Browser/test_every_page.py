"""axe-core 4 on every page of the shipped site, at a phone's and a desktop's width, in the light
and the dark palette: every WCAG 2.0, 2.1 and 2.2 A and AA rule and every best-practice rule, none
disabled. The pages are opened served under the prefix (from disk they are the same files); each is
loaded once and checked in its four looks, which the browser switches without a reload."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import Site, dump, start_chrome, wait
from test_quality import AXE_SOURCE

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(result => done(result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => ({target: n.target, html: n.html.slice(0, 160), why: n.failureSummary}))}))))
  .catch(error => done([{rule: "axe-error", impact: "critical", help: String(error), nodes: []}]));
""" % (TAGS,)
SETTLE = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
"""
LOOKS = [(1280, 900, "light"), (1280, 900, "dark"), (390, 844, "dark"), (390, 844, "light")]


def every_page(site_folder) -> list[str]:
    return sorted(str(p.relative_to(site_folder)) for p in site_folder.rglob("*.html"))


def look(driver, width: int, height: int, scheme: str):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    # The page's own scripts answer a new width a frame or two later (copy.js makes a code block a
    # tab stop once a ResizeObserver, then an animation frame, sees it scroll): a reader's browser
    # has run them before the reader can press Tab, so axe looks after three frames.
    driver.execute_async_script(SETTLE)


def check(driver, site: Site, pages: list[str]) -> dict[str, list]:
    """Every look of each page in `pages`, in one browser; the violations by page and look."""
    found: dict[str, list] = {}
    for page in pages:
        look(driver, *LOOKS[0])
        driver.get(site.url(page))
        wait(driver, lambda d: d.execute_script("return document.readyState === 'complete'"), f"{page} did not load")
        driver.execute_script(AXE_SOURCE)
        for width, height, scheme in LOOKS:
            look(driver, width, height, scheme)
            problems = driver.execute_async_script(RUN_AXE)
            if problems:
                found[f"{page} at {width} px, {scheme}"] = problems
    return found


def test_every_page_in_every_look_has_no_axe_violation(server, site_folder):
    site = Site("served", server)
    pages = every_page(site_folder)
    assert len(pages) > 100, f"only {len(pages)} pages: is this the shipped site?"
    # One browser per core: axe's work is the test's time, and it is single-threaded in each.
    workers = max(1, min(4, os.cpu_count() or 1))
    drivers = [start_chrome() for _ in range(workers)]
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(workers) as pool:
            parts = pool.map(lambda w: check(drivers[w], site, pages[w::workers]), range(workers))
            found = {key: value for part in parts for key, value in part.items()}
        version = drivers[0].execute_script("return axe.version")
    finally:
        for driver in drivers:
            driver.quit()
    print(f"\naxe-core {version}: {len(pages)} pages x {len(LOOKS)} looks in {time.monotonic() - started:.0f} s "
          f"with {workers} browsers, {len(found)} with violations")
    report = os.environ.get("PORTAL_AXE_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as file:
            json.dump(found, file, indent=1)
    by_rule: dict[str, list[str]] = {}
    for where, problems in sorted(found.items()):
        for problem in problems:
            by_rule.setdefault(problem["rule"], []).append(where)
    assert found == {}, dump({rule: places[:10] for rule, places in by_rule.items()}) + "\n" + dump(dict(list(found.items())[:5]))
