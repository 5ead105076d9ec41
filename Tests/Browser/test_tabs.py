"""Tab blocks in a real Chromium, on a small site of their own built with the theme: the WAI-ARIA
tabs pattern with the keyboard, tabs of one label switching together across sets and remembered,
a link into a hidden tab opening it, every tab shown without JavaScript and in print, and axe-core
clean at phone and desktop widths, light and dark."""

from __future__ import annotations

import os
import subprocess
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import PREFIX, REPOSITORY, PrefixHandler, Site, dump, open_page, wait
from test_quality import violations

BINARY = os.environ.get("PORTAL_BINARY")
PAGE = "tabs/index.html"

FENCE = "```"
SITE_FILES = {
    "site.yml": "title: Tabs fixture\ndescription: A site with tab sets.\nnav:\n  - title: Tabs\n    link: pages/tabs.md\n",
    "pages/index.md": "---\ntitle: Home\n---\n\nWelcome. See [the tabs](tabs.md).\n",
    "pages/tabs.md": f"""---
title: Tabs
---

## Install

::::: tab-set
:::: tab-item Python
Python text.

{FENCE}python
import uproot
{FENCE}
::::
:::: tab-item C++
C++ text.
::::
:::: tab-item Julia
Julia text.
::::
:::::

## Later

::::: tab-set
:::: tab-item C++
Second C++.
::::
:::: tab-item Python
Second Python.
::::
:::::

:::::{{tab-set}}
::::{{tab-item}} Rust
:selected:
Rust first.
::::
::::{{tab-item}} Go
Go.
::::
:::::

Read [the Julia way](#julia).
""",
}

STATE = """
return [...document.querySelectorAll('.tab-set')].map(set => ({
  id: set.id,
  tablist: !!set.querySelector(':scope > [role=tablist]'),
  tabs: [...set.querySelectorAll(':scope > [role=tablist] > [role=tab]')].map(tab => ({
    id: tab.id, text: tab.textContent, selected: tab.getAttribute('aria-selected'), tabindex: tab.getAttribute('tabindex'),
    controls: tab.getAttribute('aria-controls'), focused: document.activeElement === tab,
  })),
  panels: [...set.querySelectorAll(':scope > .tab-item')].map(item => ({
    id: item.id, role: item.getAttribute('role'), labelledby: item.getAttribute('aria-labelledby'), tabindex: item.getAttribute('tabindex'),
    shown: item.checkVisibility(), labelShown: item.querySelector('.tab-label').checkVisibility(),
  })),
}));
"""


def sets(driver) -> list[dict]:
    return driver.execute_script(STATE)


def selected(driver) -> list[str]:
    """The label of the selected tab of each set, in order."""
    return [next(tab["text"] for tab in found["tabs"] if tab["selected"] == "true") for found in sets(driver)]


@pytest.fixture(scope="module")
def tab_site(tmp_path_factory) -> Path:
    """The fixture site above, built with the repository's theme."""
    if not BINARY:
        pytest.skip("PORTAL_BINARY is not set (run Tests/Browser/run.sh)")
    root = tmp_path_factory.mktemp("tabs")
    for path, text in SITE_FILES.items():
        (root / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / path).write_text(text, encoding="utf-8")
    result = subprocess.run([BINARY, "build", "--content", str(root / "content"), "--templates", str(REPOSITORY / "templates"),
                             "--output", str(root / "site"), "--base-url", "http://127.0.0.1/a/b/portal/"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "0 errors, 0 warnings" in result.stderr + result.stdout, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def tab_server(tab_site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(PrefixHandler, directory=str(tab_site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["disk", "served"])
def tabs(request, tab_site, tab_server) -> Site:
    return Site("disk", tab_site.as_uri() + "/") if request.param == "disk" else Site("served", tab_server)


def test_the_labels_become_a_tab_list_with_one_panel_shown(driver, tabs):
    open_page(driver, tabs.url(PAGE))
    found = sets(driver)
    assert [len(found_set["tabs"]) for found_set in found] == [3, 2, 2], dump(found)
    for found_set in found:
        assert found_set["tablist"], dump(found_set)
        shown = [panel for panel in found_set["panels"] if panel["shown"]]
        assert len(shown) == 1, dump(found_set)
        for tab, panel in zip(found_set["tabs"], found_set["panels"]):
            assert tab["controls"] == panel["id"] and panel["labelledby"] == tab["id"], dump(found_set)
            assert panel["role"] == "tabpanel" and panel["tabindex"] == "0" and not panel["labelShown"], dump(found_set)
            assert tab["tabindex"] == ("0" if tab["selected"] == "true" else "-1"), dump(found_set)
            assert panel["shown"] == (tab["selected"] == "true"), dump(found_set)
    # The first tab unless another is :selected:.
    assert selected(driver) == ["Python", "C++", "Rust"]


def test_arrow_keys_home_and_end_move_the_selection_and_the_focus(driver, tabs):
    open_page(driver, tabs.url(PAGE))
    first = driver.find_element(By.CSS_SELECTOR, "#tabs [role=tab]")
    driver.execute_script("arguments[0].focus()", first)
    expected = [(Keys.ARROW_RIGHT, "C++"), (Keys.ARROW_RIGHT, "Julia"), (Keys.ARROW_RIGHT, "Python"), (Keys.ARROW_LEFT, "Julia"),
                (Keys.HOME, "Python"), (Keys.END, "Julia")]
    for key, label in expected:
        driver.switch_to.active_element.send_keys(key)
        state = sets(driver)[0]
        focused = [tab["text"] for tab in state["tabs"] if tab["focused"]]
        chosen = [tab["text"] for tab in state["tabs"] if tab["selected"] == "true"]
        assert focused == [label] and chosen == [label], dump(state)
        assert [panel["shown"] for panel in state["panels"]] == [tab["text"] == label for tab in state["tabs"]], dump(state)
    # Tab goes from the selected tab into its panel.
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "julia"


def test_tabs_of_one_label_switch_together_and_are_remembered(driver, tabs):
    open_page(driver, tabs.url(PAGE))
    driver.find_element(By.CSS_SELECTOR, "#tabs [role=tab][aria-controls=c]").click()
    assert selected(driver) == ["C++", "C++", "Rust"]
    # A set without the label keeps its tab; the other way round, the first set follows the second.
    driver.find_element(By.CSS_SELECTOR, "#tabs-1 [role=tab][aria-controls=python-1]").click()
    assert selected(driver) == ["Python", "Python", "Rust"]
    driver.find_element(By.CSS_SELECTOR, "#tabs-2 [role=tab][aria-controls=go]").click()
    driver.find_element(By.CSS_SELECTOR, "#tabs [role=tab][aria-controls=julia]").click()
    assert selected(driver) == ["Julia", "Python", "Go"]
    open_page(driver, tabs.url(PAGE))
    assert selected(driver) == ["Julia", "Python", "Go"], "the choices are remembered"


def test_a_link_to_an_anchor_in_a_hidden_tab_opens_the_tab(driver, tabs):
    open_page(driver, tabs.url(PAGE))
    assert selected(driver)[0] == "Python"
    driver.find_element(By.CSS_SELECTOR, "a[href='#julia']").click()
    wait(driver, lambda d: selected(d)[0] == "Julia", "the link did not open the Julia tab")
    open_page(driver, tabs.url(PAGE + "#c"))
    assert selected(driver)[0] == "C++"


def test_without_javascript_every_tab_is_shown_under_its_label(browser_without_js, tabs):
    driver = browser_without_js
    driver.get(tabs.url(PAGE))
    found = sets(driver)
    for found_set in found:
        assert not found_set["tablist"], dump(found_set)
        assert all(panel["shown"] and panel["labelShown"] and panel["role"] == "group" for panel in found_set["panels"]), dump(found_set)
    assert driver.find_element(By.CSS_SELECTOR, "#julia .tab-label").text == "Julia"
    assert "tabs.js" in driver.page_source


def test_print_shows_every_tab_and_no_tab_list(driver, tab_server):
    open_page(driver, Site("served", tab_server).url(PAGE))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        found = sets(driver)
        lists = driver.execute_script("return [...document.querySelectorAll('[role=tablist]')].map(l => l.checkVisibility())")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert lists == [False, False, False]
    assert all(panel["shown"] and panel["labelShown"] for found_set in found for panel in found_set["panels"]), dump(found)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(driver, tab_server, width, scheme):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        open_page(driver, Site("served", tab_server).url(PAGE))
        # One tab of each set focused in turn (focus styles), then the second selected.
        driver.find_element(By.CSS_SELECTOR, "#tabs [role=tab]").send_keys(Keys.ARROW_RIGHT)
        found = violations(driver)
        # At phone width the tab list scrolls sideways instead of making the page wider.
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    finally:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert found == [], dump(found)
    assert overflow <= 0, f"the page is {overflow}px wider than the screen at {width}px"
