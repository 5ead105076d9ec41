"""Lesson blocks in a real Chromium: solutions and hints closed until the reader opens
them (with the keyboard too), nested inside their challenge, and clean for axe-core
opened, in light, dark and print."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Site, dump, open_page, wait
from test_quality import violations

LESSON_PAGE = "tutorials/jet-tagging/index.html"

STATE = """
return [...document.querySelectorAll('.callout[id]')].filter(b => b.closest('.prose')).map(b => ({
  id: b.id,
  kind: [...b.classList].find(c => c.startsWith('callout-')),
  element: b.tagName.toLowerCase(),
  open: b.tagName === 'DETAILS' ? b.open : null,
  parent: (b.parentElement.closest('.callout[id]') || {}).id || null,
  bodyShown: b.querySelector('.callout-body').checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}),
  head: b.querySelector('.callout-head').textContent.trim(),
}));
"""


def blocks(driver) -> list[dict]:
    return driver.execute_script(STATE)


def test_solutions_are_closed_and_nested_in_their_challenge(driver, site):
    open_page(driver, site.url(LESSON_PAGE))
    found = {block["id"]: block for block in blocks(driver)}
    challenge = found["challenge-1-check-the-symmetry"]
    assert challenge["element"] == "div" and challenge["bodyShown"], dump(found)
    for name in ("hint", "solution"):
        block = found[name]
        assert block["element"] == "details" and block["open"] is False, dump(found)
        assert block["parent"] == "challenge-1-check-the-symmetry", dump(found)
        assert not block["bodyShown"], dump(found)
    assert found["solution-1"]["parent"] == "challenge-2-how-many-constituents-are-needed", dump(found)
    # The kind is said in words, not by colour alone.
    assert found["solution"]["head"].lower() == "solution" and found["wrap-the-azimuth"]["head"].lower().startswith("caution"), dump(found)
    # The blocks' titles are not sections of the page.
    toc = [link.text for link in driver.find_elements(By.CSS_SELECTOR, ".toc a")]
    assert "Things to try" in toc and not any("Challenge" in text or "Solution" in text for text in toc), toc


@pytest.mark.parametrize("key", [Keys.ENTER, Keys.SPACE])
def test_a_solution_opens_and_closes_with_the_keyboard(driver, site, key):
    open_page(driver, site.url(LESSON_PAGE))
    summary = driver.find_element(By.CSS_SELECTOR, "#solution > summary")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    driver.execute_script("arguments[0].focus()", summary)
    assert driver.switch_to.active_element == summary
    summary.send_keys(key)
    wait(driver, lambda d: d.execute_script("return document.getElementById('solution').open"), "the solution did not open")
    assert {block["id"]: block for block in blocks(driver)}["solution"]["bodyShown"]
    summary.send_keys(key)
    wait(driver, lambda d: not d.execute_script("return document.getElementById('solution').open"), "the solution did not close")


@pytest.mark.parametrize("media", ["light", "dark", "print"])
def test_no_axe_violations_with_every_block_open(driver, server, media):
    site = Site("served", server)
    if media == "print":
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    else:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": media}]})
    try:
        open_page(driver, site.url(LESSON_PAGE))
        driver.execute_script("document.querySelectorAll('details.callout').forEach(d => d.open = true)")
        found = violations(driver)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert found == [], dump(found)


def test_a_figure_shows_its_image_caption_and_number(driver, site):
    open_page(driver, site.url(LESSON_PAGE))
    found = driver.execute_script("""
const figure = document.getElementById('fig-pfn');
const image = figure.querySelector('img');
return {
  loaded: image.complete && image.naturalWidth > 0,
  width: image.getBoundingClientRect().width,
  caption: figure.querySelector('figcaption').textContent,
  reference: document.querySelector('a[href="#fig-pfn"]').textContent,
};""")
    assert found["loaded"] and found["width"] > 0, dump(found)
    assert found["caption"].startswith("Figure 1 A particle-flow network"), dump(found)
    assert found["reference"] == "Figure 1", dump(found)


def test_code_blocks_have_a_copy_button_that_copies_the_code(driver, server):
    site = Site("served", server)
    driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    open_page(driver, site.url(LESSON_PAGE))
    blocks = driver.execute_script("return [document.querySelectorAll('.prose pre').length, document.querySelectorAll('.prose .copy-wrap .copy-button').length]")
    assert blocks[0] > 3 and blocks[0] == blocks[1], blocks
    button = driver.find_element(By.CSS_SELECTOR, ".prose .copy-wrap .copy-button")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.send_keys(Keys.ENTER)
    wait(driver, lambda d: button.text in ("Copied", "Selected"), "the button did not answer")
    expected = driver.execute_script("return document.querySelector('.prose .copy-wrap pre code').textContent")
    if button.text == "Copied":
        copied = driver.execute_async_script("const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e))")
        assert copied == expected
    else:
        assert driver.execute_script("return String(window.getSelection())") == expected
    assert driver.execute_script("return document.getElementById('copy-status').textContent") != ""


def test_without_javascript_code_has_no_copy_button(browser_without_js, site):
    browser_without_js.get(site.url(LESSON_PAGE))
    assert browser_without_js.find_elements(By.CSS_SELECTOR, ".copy-button") == []
    assert browser_without_js.find_elements(By.CSS_SELECTOR, ".prose pre code")


SERIES_PART = "tutorials/agentic-analysis-loop/index.html"


def test_a_series_part_shows_its_place_and_folds_the_list_of_parts(driver, site):
    open_page(driver, site.url(SERIES_PART))
    nav = driver.find_element(By.CSS_SELECTOR, "nav.series")
    assert "Part 2 of 4" in nav.text, nav.text
    assert nav.find_element(By.CSS_SELECTOR, "a[rel=prev]").get_attribute("href").endswith("agent-tools/index.html")
    assert nav.find_element(By.CSS_SELECTOR, "a[rel=next]").get_attribute("href").endswith("evaluate-agents/index.html")
    parts = nav.find_element(By.CSS_SELECTOR, "details.series-all")
    assert parts.get_attribute("open") is None
    assert not nav.find_element(By.CSS_SELECTOR, ".series-parts").is_displayed()
    summary = parts.find_element(By.TAG_NAME, "summary")
    driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    wait(driver, lambda d: nav.find_element(By.CSS_SELECTOR, ".series-parts").is_displayed(), "the list of parts did not open")
    current = nav.find_element(By.CSS_SELECTOR, "[aria-current=page]")
    assert current.text.startswith("Build an agentic analysis loop"), current.text
    # The outline: questions and objectives above the text, key points after it.
    overview = driver.find_element(By.CSS_SELECTOR, "aside.overview")
    keypoints = driver.find_element(By.CSS_SELECTOR, "aside.keypoints")
    prose = driver.find_element(By.CSS_SELECTOR, ".doc-main > .prose")
    assert overview.location["y"] < prose.location["y"] < keypoints.location["y"]
    assert "Teaching" in overview.text and "Objectives" in overview.text, overview.text


def test_the_series_page_schedules_every_part(driver, site):
    open_page(driver, site.url("tutorials/agentic-basics/index.html"))
    rows = driver.find_elements(By.CSS_SELECTOR, ".schedule-table tbody tr")
    assert [row.find_element(By.CSS_SELECTOR, ".schedule-start").text for row in rows][0] == "00:00"
    parts = [row for row in rows if "schedule-break" not in (row.get_attribute("class") or "")]
    assert len(parts) == 4, [row.text for row in rows]
    # The series' break after part 2 is a row of its own, and the parts after it start later.
    breaks = driver.find_elements(By.CSS_SELECTOR, ".schedule-table tbody tr.schedule-break")
    assert len(breaks) == 1 and rows.index(breaks[0]) == 2, [row.text for row in rows]
    assert "Break" in breaks[0].text and "15 min" in breaks[0].text, breaks[0].text
    assert driver.find_elements(By.CSS_SELECTOR, ".series-keypoints h3"), "no key points"
