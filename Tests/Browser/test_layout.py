"""The listing pages and the home page above the fold, and no layout shift from scripts.

At 1280x900 and 390x844 the first card of each listing starts on the first screen;
on a phone the home page's four sections start within two screens. The cumulative
layout shift (CLS: the layout-shift entries without recent input, as a
PerformanceObserver with buffered: true sees them) stays below 0.01 after the page
has loaded and after a reader has used the filters. Each test prints what it
measured (pytest -s shows it).
"""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

from conftest import Site, open_page, wait

LISTINGS = {
    "home": "index.html",
    "resources": "resources/index.html",
    "tutorials": "tutorials/index.html",
    "breakouts": "breakouts/index.html",
    "starter-kit": "starter-kit/index.html",
}
SCREENS = {"desktop": (1280, 900), "phone": (390, 844)}
CLS_LIMIT = 0.01

# The first item of a listing: a card, a starter-kit step, a breakout tile on the home page.
FIRST_CARD_JS = """
const first = document.querySelector('main li.card, main .path-step, main .home-area');
if (!first) { return null; }
const box = first.getBoundingClientRect();
return {top: box.top + window.scrollY, height: box.height, id: first.dataset.id || first.dataset.stepId || ''};
"""

SECTION_TOPS_JS = """
const tops = {};
for (const id of arguments[0]) {
  const heading = document.getElementById(id);
  const section = heading && heading.closest('section');
  tops[id] = section ? section.getBoundingClientRect().top + window.scrollY : null;
}
return tops;
"""

# Starts an observer that sums the layout shifts not caused by input, from the
# first one of the page (buffered: true), and keeps where each came from.
OBSERVE_CLS_JS = """
window.portalLayoutShift = {total: 0, shifts: []};
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) { continue; }
    window.portalLayoutShift.total += entry.value;
    window.portalLayoutShift.shifts.push({
      value: entry.value,
      at: Math.round(entry.startTime),
      sources: entry.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : '(gone)'),
    });
  }
}).observe({type: 'layout-shift', buffered: true});
"""

READ_CLS_JS = "return window.portalLayoutShift;"


def settle(driver):
    """Two frames and a moment more: the shifts of the last layout are reported by then."""
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));")


@pytest.fixture(params=list(SCREENS))
def screen(request, driver):
    width, height = SCREENS[request.param]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    try:
        yield request.param, width, height
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_listing(driver, server, page: str):
    open_page(driver, Site("served", server).url(LISTINGS[page]))
    driver.execute_script(OBSERVE_CLS_JS)
    settle(driver)


@pytest.mark.parametrize("page", list(LISTINGS))
def test_the_first_card_is_on_the_first_screen(driver, server, screen, page):
    name, width, height = screen
    open_listing(driver, server, page)
    driver.execute_script("window.scrollTo(0, 0)")
    first = driver.execute_script(FIRST_CARD_JS)
    print(f"\n{page} at {width}x{height}: first card {first and first['id']} at {first and round(first['top'])} px")
    assert first is not None, f"no card on {page}"
    assert 0 <= first["top"] < height, f"the first card of {page} starts at {first['top']:.0f} px, below the {height} px screen"


def test_the_home_page_starts_its_four_sections_within_two_phone_screens(driver, server):
    width, height = SCREENS["phone"]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    try:
        open_listing(driver, server, "home")
        ids = ["home-breakouts", "home-steps", "home-tutorials", "home-resources"]
        tops = driver.execute_script(SECTION_TOPS_JS, ids)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"\nhome at {width}x{height}: " + ", ".join(f"{k} at {v and round(v)} px" for k, v in tops.items()))
    for section, top in tops.items():
        assert top is not None, f"the home page has no #{section} section"
        assert top < 2 * height, f"#{section} starts at {top:.0f} px, past two {height} px screens"


@pytest.mark.parametrize("page", list(LISTINGS))
def test_no_layout_shift_after_load(driver, server, screen, page):
    name, width, height = screen
    open_listing(driver, server, page)
    shift = driver.execute_script(READ_CLS_JS)
    print(f"\n{page} at {width}x{height}: CLS after load {shift['total']:.4f} {shift['shifts']}")
    assert shift["total"] < CLS_LIMIT, shift


@pytest.mark.parametrize("address", ["tutorials/index.html?level=advanced", "resources/index.html?type=event",
                                     "resources/index.html?q=jet", "resources/index.html?q=no-such-words"])
def test_no_layout_shift_when_the_address_holds_a_filter(driver, server, screen, address):
    """A shared filtered view: the list waits, invisible in its place (filters-early.js),
    until filters.js has applied the filter, instead of being painted whole and then cut."""
    name, width, height = screen
    open_page(driver, Site("served", server).url(address))
    driver.execute_script(OBSERVE_CLS_JS)
    settle(driver)
    shift = driver.execute_script(READ_CLS_JS)
    print(f"\n{address} at {width}x{height}: CLS after load {shift['total']:.4f} {shift['shifts']}")
    assert not driver.find_elements(By.CSS_SELECTOR, ".is-filtering"), "the list was left invisible"
    assert shift["total"] < CLS_LIMIT, shift


@pytest.mark.parametrize("page", ["resources", "tutorials"])
def test_no_layout_shift_after_using_the_filters(driver, server, screen, page):
    """A reader opens the filters (on a phone, the Filters button first), picks a value
    in the first facet, then clears them. Shifts right after a click are the reader's
    doing and do not count (hadRecentInput); anything the scripts move later does."""
    name, width, height = screen
    open_listing(driver, server, page)
    bar = driver.find_element(By.CSS_SELECTOR, ".filters")
    toggle = bar.find_element(By.CSS_SELECTOR, ".filters-toggle")
    if toggle.is_displayed():
        toggle.click()
        wait(driver, lambda d: toggle.get_attribute("aria-expanded") == "true", "the Filters button did not open")
    menu = bar.find_element(By.CSS_SELECTOR, "details[data-facet]")
    menu.find_element(By.TAG_NAME, "summary").click()
    before = driver.execute_script("return document.querySelectorAll('main li.card:not([hidden])').length")
    menu.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    wait(driver, lambda d: d.execute_script(
        "return document.querySelectorAll('main li.card:not([hidden])').length") != before,
        "picking a value did not change the list")
    time.sleep(0.6)  # past the 500 ms in which a shift counts as the click's
    bar.find_element(By.CSS_SELECTOR, ".filters-clear").click()
    time.sleep(0.6)
    settle(driver)
    shift = driver.execute_script(READ_CLS_JS)
    print(f"\n{page} at {width}x{height}: CLS after using the filters {shift['total']:.4f} {shift['shifts']}")
    assert shift["total"] < CLS_LIMIT, shift


@pytest.mark.parametrize("page", ["resources", "tutorials"])
def test_a_filter_changes_what_is_on_the_screen(driver, server, page):
    """At 1280x900 the results are below the bar on the first screen: picking a value
    changes the cards in view, and the count beside the bar says how many are left."""
    width, height = SCREENS["desktop"]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    try:
        open_listing(driver, server, page)
        in_view = """
          return Array.from(document.querySelectorAll('main li.card')).filter(li => {
            const box = li.getBoundingClientRect();
            return box.height > 0 && box.top < window.innerHeight && box.bottom > 0;
          }).map(li => li.dataset.id);"""
        before = driver.execute_script(in_view)
        bar = driver.find_element(By.CSS_SELECTOR, ".filters")
        status = bar.find_element(By.CSS_SELECTOR, ".filters-status")
        assert status.is_displayed() and status.location["y"] < height
        counted = status.text
        # The last facet's last value: a value that leaves out the first cards.
        menus = bar.find_elements(By.CSS_SELECTOR, "details[data-facet]")
        menus[0].find_element(By.TAG_NAME, "summary").click()
        menus[0].find_elements(By.CSS_SELECTOR, "input[type=checkbox]")[-1].click()
        wait(driver, lambda d: status.text != counted, "the count beside the bar did not change")
        after = driver.execute_script(in_view)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"\n{page}: cards in view before {before}, after {after}; {status.text}")
    assert before and after and before != after
