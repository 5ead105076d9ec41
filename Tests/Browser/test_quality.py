"""No console errors on the pages readers land on, no axe-core violations with the scripted parts
in use (test_every_page.py checks every page as it loads), and pages that read normally with
JavaScript off."""

from __future__ import annotations

import json
import os
from pathlib import Path
from html.parser import HTMLParser

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import dump, open_page, severe_logs, wait

PAGES = {
    "home": "index.html",
    "resources": "resources/index.html",
    "tutorials": "tutorials/index.html",
    "tutorial": "tutorials/read-root-files/index.html",
    "math": "tutorials/jet-tagging/index.html",
    "series": "tutorials/agentic-basics/index.html",
    "series-part": "tutorials/agent-tools/index.html",
    "breakout": "breakouts/agentic-ai/index.html",
    "starter-kit": "starter-kit/index.html",
    "step": "starter-kit/orient-yourself/index.html",
    "notebook": "tutorials/dimuon-histogram/index.html",
    "notebook-classifier": "tutorials/tiny-classifier-roc/index.html",
    "search-results": "search/index.html?q=python",
}

# axe-core 4.x (run.sh takes axe.min.js out of the axe-playwright-python wheel and
# names it in PORTAL_AXE): it knows ARIA 1.2, MathML and modern CSS colours, which
# the axe-core 3.1.1 bundled with axe-selenium-python did not.
AXE_SOURCE = Path(os.environ.get("PORTAL_AXE", "/tmp/portal-axe/axe.min.js")).read_text(encoding="utf-8")
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(result => done(result.violations))
  .catch(error => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]));
"""


def exercise(driver):
    """Use the page's scripts as a reader would, so their errors show up too."""
    box = driver.find_element(By.CSS_SELECTOR, "[data-site-search] input")
    box.send_keys("jet")
    wait(driver, lambda d: box.get_attribute("aria-expanded") == "true", "the search did not answer")
    box.send_keys(Keys.ESCAPE)
    if driver.find_elements(By.CSS_SELECTOR, ".filters input[type=checkbox]"):
        # A facet's options are in its menu: open it, pick the first, clear.
        driver.find_element(By.CSS_SELECTOR, ".filters details[data-facet] > summary").click()
        driver.find_element(By.CSS_SELECTOR, ".filters input[type=checkbox]").click()
        driver.find_element(By.CSS_SELECTOR, ".filters-clear").click()
    toggles = driver.find_elements(By.CSS_SELECTOR, "[data-kit-toggle]")
    if toggles:
        toggles[0].click()
        toggles[0].click()


def violations(driver) -> list[dict]:
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE_SOURCE)
    found = driver.execute_async_script(RUN_AXE)
    return [
        {
            "rule": v["id"],
            "impact": v.get("impact"),
            "help": v["help"],
            "nodes": [{"target": n["target"], "html": n["html"][:200], "why": n.get("failureSummary", "")}
                      for n in v["nodes"][:5]],
        }
        for v in found
    ]


@pytest.mark.parametrize("page", list(PAGES))
def test_no_console_errors(driver, site, page):
    open_page(driver, site.url(PAGES[page]))
    exercise(driver)
    errors = severe_logs(driver)
    assert errors == [], dump(errors)


@pytest.mark.parametrize("page", ["home", "resources", "search-results"])
def test_no_axe_violations_with_the_scripted_parts_open(driver, site, page):
    """The search dropdown (with an active option) and an active filter, checked by axe too."""
    url = PAGES[page] + ("?type=paper&q=jet" if page == "resources" else "")
    open_page(driver, site.url(url))
    box = driver.find_element(By.CSS_SELECTOR, "[data-site-search] input")
    box.send_keys("uproot")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[role=option]"), "no search results")
    box.send_keys(Keys.ARROW_DOWN)
    found = violations(driver)
    assert found == [], dump(found)


def test_pages_read_normally_without_javascript(browser_without_js, site):
    driver = browser_without_js
    # Search: the box is absent.
    driver.get(site.url("index.html"))
    assert driver.find_element(By.TAG_NAME, "h1").text
    assert not driver.find_element(By.CSS_SELECTOR, "[data-site-search]").is_displayed()
    # Filters: every card is listed, no controls.
    driver.get(site.url("resources/index.html?type=paper"))
    listed = driver.find_elements(By.CSS_SELECTOR, ".index li.card")
    assert listed and all(c.is_displayed() for c in listed)
    assert not [bar for bar in driver.find_elements(By.CSS_SELECTOR, ".filters") if bar.is_displayed()]
    # Starter kit: no toggle, no progress box, the step reads normally.
    driver.get(site.url(PAGES["step"]))
    assert driver.find_element(By.TAG_NAME, "h1").text
    assert not driver.find_element(By.CSS_SELECTOR, "[data-kit-toggle]").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, "[data-kit-progress]").is_displayed()
    driver.get(site.url("starter-kit/index.html"))
    assert len(driver.find_elements(By.CSS_SELECTOR, ".path-step")) >= 2
    assert not driver.find_element(By.CSS_SELECTOR, "[data-kit-progress]").is_displayed()


class ScriptAudit(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name}= on <{tag}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._in_jsonld = True
                self.jsonld.append("")
            elif "src" not in attributes:
                self._in_inline_script = True
                self.problems.append("an inline <script>")
        if tag == "style":
            self.problems.append("an inline <style> element")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = self._in_inline_script = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def test_pages_are_content_security_policy_friendly(site_folder):
    """No inline event handlers or scripts, except one valid JSON-LD block a page."""
    pages = sorted(site_folder.rglob("*.html"))
    assert len(pages) > 50
    problems = {}
    for path in pages:
        audit = ScriptAudit()
        audit.feed(path.read_text(encoding="utf-8"))
        found = list(audit.problems)
        if len(audit.jsonld) != 1:
            found.append(f"{len(audit.jsonld)} JSON-LD blocks")
        for block in audit.jsonld:
            try:
                data = json.loads(block)
                if data.get("@context") != "https://schema.org":
                    found.append("JSON-LD without the schema.org context")
            except ValueError as error:
                found.append(f"JSON-LD that does not parse: {error}")
        if found:
            problems[str(path.relative_to(site_folder))] = found
    assert problems == {}, json.dumps(problems, indent=2)


def test_content_security_policy_is_enforced_and_reported(driver, site):
    """The theme's Content-Security-Policy is in force, from disk and served: an inline script
    injected into the page does not run, and the violation is a console error, which is how
    test_no_console_errors would catch one of the theme's own scripts breaking the policy."""
    open_page(driver, site.url(PAGES["tutorial"]))
    driver.execute_script(
        "var s = document.createElement('script');"
        "s.textContent = 'window.portalInjected = true';"
        "document.head.appendChild(s);")
    assert driver.execute_script("return window.portalInjected === undefined"), "an inline script ran"
    wait(driver, lambda d: any("Content Security Policy" in e.get("message", "") for e in severe_logs(d)),
         "the blocked inline script left no console error")
