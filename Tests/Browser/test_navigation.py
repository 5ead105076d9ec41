"""The header, the table of contents, back-to-top and code blocks (issue 17, items 1 and 5),
at a desktop width (1280 px) and a phone's (390 px): the header stays and is one short row
with a menu button on a phone; "On this page" marks the section being read, and is a closed
disclosure on a phone; code blocks take the width the layout allows, wrap on request, and
keep their copy button."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Site, dump, open_page, wait
from test_quality import violations

TUTORIAL = "tutorials/read-root-files/index.html"
NOTEBOOK = "tutorials/dimuon-histogram/index.html"
PAGES = [
    "index.html",
    TUTORIAL,
    NOTEBOOK,
    "tutorials/jet-tagging/index.html",
    "tutorials/agent-tools/index.html",
    "breakouts/agentic-ai/index.html",
    "resources/index.html",
    "starter-kit/orient-yourself/index.html",
]


@pytest.fixture
def width(driver):
    """Sets the window's width (and the phone's touch and viewport rules below 600 px); undone after."""
    def set_width(pixels: int, height: int = 800):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": pixels, "height": height, "deviceScaleFactor": 1, "mobile": pixels < 600})
    yield set_width
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def header_box(driver) -> dict:
    return driver.execute_script(
        "const r = document.querySelector('.site-header').getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, height: r.height, scrollY: window.scrollY};")


def tutorial_pages(site_folder) -> list[str]:
    return sorted(str(p.relative_to(site_folder)) for p in (site_folder / "tutorials").glob("*/index.html")
                  if p.parent.name != "tutorials")


@pytest.mark.parametrize("pixels", [1280, 390])
def test_the_header_stays_in_view_and_is_one_short_row(driver, site, width, pixels):
    width(pixels)
    open_page(driver, site.url(TUTORIAL))
    before = header_box(driver)
    driver.execute_script("window.scrollTo(0, 2500)")
    wait(driver, lambda d: d.execute_script("return window.scrollY") > 2000, "the page did not scroll")
    after = header_box(driver)
    assert after["top"] == 0 and after["height"] == before["height"], dump([before, after])
    # One row: at most 64 px on a phone (the title, a search button, a menu button), 60 on a desktop.
    assert after["height"] <= (64 if pixels == 390 else 60), dump(after)


def test_the_menu_button_opens_and_closes_the_navigation(driver, site, width):
    width(390)
    open_page(driver, site.url(TUTORIAL))
    toggle = driver.find_element(By.CSS_SELECTOR, ".site-header .nav-toggle")
    nav = driver.find_element(By.CSS_SELECTOR, "#site-nav")
    assert toggle.is_displayed() and not nav.is_displayed()
    assert toggle.get_attribute("aria-controls") == "site-nav" and toggle.get_attribute("aria-expanded") == "false"
    assert toggle.accessible_name == "Menu"
    # Keyboard: Enter opens, Tab goes into the links, Escape closes and gives the focus back.
    driver.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)
    wait(driver, lambda d: toggle.get_attribute("aria-expanded") == "true", "Enter did not open the menu")
    links = nav.find_elements(By.TAG_NAME, "a")
    assert nav.is_displayed() and len(links) >= 4 and all(link.is_displayed() for link in links)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element == links[0]
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: toggle.get_attribute("aria-expanded") == "false", "Escape did not close the menu")
    assert not nav.is_displayed() and driver.switch_to.active_element == toggle
    # Space opens it too; a click elsewhere closes it.
    toggle.send_keys(Keys.SPACE)
    wait(driver, lambda d: nav.is_displayed(), "Space did not open the menu")
    driver.find_element(By.TAG_NAME, "h1").click()
    wait(driver, lambda d: not nav.is_displayed(), "a click elsewhere did not close the menu")


def test_a_desktop_shows_the_navigation_and_no_menu_button(driver, site, width):
    width(1280)
    open_page(driver, site.url(TUTORIAL))
    assert not driver.find_element(By.CSS_SELECTOR, ".nav-toggle").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, ".search-toggle").is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, "#site-nav").is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, "[data-site-search] input").is_displayed()


def test_the_search_button_opens_the_search_box_on_a_phone(driver, site, width):
    width(390)
    open_page(driver, site.url(TUTORIAL))
    toggle = driver.find_element(By.CSS_SELECTOR, ".search-toggle")
    box = driver.find_element(By.CSS_SELECTOR, "[data-site-search] input")
    assert toggle.is_displayed() and not box.is_displayed() and toggle.accessible_name == "Search"
    toggle.click()
    wait(driver, lambda d: box.is_displayed() and d.switch_to.active_element == box, "the search box did not open")
    box.send_keys("uproot")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[role=option]"), "no search results")
    assert driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    box.send_keys(Keys.ESCAPE)  # closes the results
    box.send_keys(Keys.ESCAPE)  # clears the box
    box.send_keys(Keys.ESCAPE)  # closes the search row
    wait(driver, lambda d: not box.is_displayed(), "Escape did not close the search box")
    assert driver.switch_to.active_element == toggle
    # "/" opens it from anywhere.
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    wait(driver, lambda d: box.is_displayed() and d.switch_to.active_element == box, "/ did not open the search box")


def test_without_javascript_a_phone_shows_the_navigation(browser_without_js, site):
    driver = browser_without_js
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        driver.get(site.url(TUTORIAL))
        assert not driver.find_element(By.CSS_SELECTOR, ".nav-toggle").is_displayed()
        links = driver.find_elements(By.CSS_SELECTOR, "#site-nav a")
        assert links and all(link.is_displayed() for link in links)
        toc = driver.find_element(By.CSS_SELECTOR, ".toc details")
        assert toc.get_attribute("open") is None
        toc.find_element(By.TAG_NAME, "summary").click()
        assert toc.find_element(By.TAG_NAME, "a").is_displayed()
        assert driver.find_element(By.CSS_SELECTOR, "[data-back-to-top] a").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_contents_mark_the_section_scrolled_to(driver, site, width):
    width(1280)
    open_page(driver, site.url(TUTORIAL))
    toc = driver.find_element(By.CSS_SELECTOR, ".doc-body > .toc")
    assert toc.find_element(By.TAG_NAME, "details").get_attribute("open") is not None
    assert toc.value_of_css_property("position") == "sticky"
    links = toc.find_elements(By.CSS_SELECTOR, "details a")
    assert len(links) >= 4
    for link in (links[2], links[0], links[-2]):
        target = link.get_attribute("hash")[1:]
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", target)
        wait(driver, lambda d: link.get_attribute("aria-current") == "location",
             f"the link to #{target} is not marked: "
             + dump([(a.get_attribute("hash"), a.get_attribute("aria-current")) for a in links]))
        assert [a.get_attribute("hash") for a in links if a.get_attribute("aria-current")] == ["#" + target]
        assert toc.is_displayed() and toc.location["y"] >= 0
    # A followed link lands below the sticky header, and is marked.
    links[3].click()
    target = links[3].get_attribute("hash")[1:]
    wait(driver, lambda d: links[3].get_attribute("aria-current") == "location", "the followed link is not marked")
    heading_top = driver.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top", target)
    assert heading_top >= header_box(driver)["bottom"], heading_top


def test_contents_are_a_closed_disclosure_on_a_phone(driver, site, width):
    width(390)
    open_page(driver, site.url(TUTORIAL))
    details = driver.find_element(By.CSS_SELECTOR, ".toc details")
    summary = details.find_element(By.TAG_NAME, "summary")
    assert details.get_attribute("open") is None and summary.text.strip() == "On this page"
    first = details.find_element(By.TAG_NAME, "a")
    assert not first.is_displayed()
    height = details.size["height"]
    assert height < 60, height
    driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    wait(driver, lambda d: first.is_displayed(), "the contents did not open")
    # Following a link closes them again, and lands below the header.
    first.click()
    wait(driver, lambda d: details.get_attribute("open") is None, "the contents stayed open")
    target = first.get_attribute("hash")[1:]
    wait(driver, lambda d: d.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top", target)
         >= header_box(d)["bottom"], "the heading is under the header")


def test_back_to_top_on_a_long_page(driver, site, width):
    width(390)
    open_page(driver, site.url(TUTORIAL))
    back = driver.find_element(By.CSS_SELECTOR, "[data-back-to-top] a")
    assert back.accessible_name == "Back to top"
    driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert back.is_displayed()
    back.click()
    wait(driver, lambda d: d.execute_script("return window.scrollY") < 300, "the page did not go back to the top")
    assert driver.switch_to.active_element.get_attribute("id") == "main"
    # Nothing covers the text: the link is in the page's flow, at its end.
    assert back.find_element(By.XPATH, "..").value_of_css_property("position") == "static"


def test_back_to_top_is_hidden_on_a_short_page(driver, site, width):
    width(1280, 1400)
    open_page(driver, site.url("tags/index.html"))
    back = driver.find_element(By.CSS_SELECTOR, "[data-back-to-top]")
    short = driver.execute_script("return document.documentElement.scrollHeight < 2 * innerHeight")
    assert short and not back.is_displayed()


def test_the_skip_link_lands_below_the_header(driver, site, width):
    width(1280)
    open_page(driver, site.url(TUTORIAL))
    driver.execute_script("window.scrollTo(0, 3000)")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = driver.switch_to.active_element
    assert skip.get_attribute("class") == "skip-link"
    skip.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "main", "the skip link did not move the focus")
    main_top = driver.execute_script("return document.getElementById('main').getBoundingClientRect().top")
    assert main_top >= header_box(driver)["bottom"], main_top


# Each tutorial code block: whether it scrolls sideways, and whether its outermost box in the
# text already reaches the right edge of the column (docs/theme.md has the counts measured).
SCROLLING_BLOCKS = """
const blocks = [...document.querySelectorAll('.prose pre')].filter(p => !p.closest('.nb-outputs'));
const main = document.querySelector('.doc-main').getBoundingClientRect();
return blocks.map(pre => {
  const box = pre.getBoundingClientRect();
  // The block's outermost box in the text: the one that widens.
  let top = pre;
  while (top.parentElement && !top.parentElement.classList.contains('prose')) top = top.parentElement;
  return {
    scrolls: pre.scrollWidth > pre.clientWidth + 1,
    needs: pre.scrollWidth,
    has: pre.clientWidth,
    atFullWidth: Math.abs(top.getBoundingClientRect().right - main.right) <= 1,
    left: box.left, right: box.right,
    tabindex: pre.getAttribute('tabindex'),
  };
});
"""


def test_code_blocks_take_the_width_the_layout_allows(driver, site_folder, server, width):
    site = Site("served", server)
    width(1280)
    scrolling, total, cramped = 0, 0, {}
    for page in tutorial_pages(site_folder):
        open_page(driver, site.url(page))
        for block in driver.execute_script(SCROLLING_BLOCKS):
            total += 1
            if block["scrolls"]:
                scrolling += 1
                # A block that scrolls is as wide as the layout lets it be, and takes the focus.
                if not block["atFullWidth"] or block["tabindex"] != "0":
                    cramped.setdefault(page, []).append(block)
            else:
                assert block["tabindex"] is None, (page, block)
    print(f"\ntutorial code blocks scrolling sideways at 1280 px: {scrolling} of {total}")
    assert cramped == {}, dump(cramped)
    assert total > 50 and scrolling <= total // 5, (scrolling, total)


def test_code_blocks_reach_the_edges_on_a_phone(driver, server, width):
    site = Site("served", server)
    width(390)
    open_page(driver, site.url(TUTORIAL))
    blocks = [b for b in driver.execute_script(SCROLLING_BLOCKS)]
    assert blocks and all(round(b["left"]) == 0 and round(b["right"]) == 390 for b in blocks), dump(blocks)


@pytest.mark.parametrize("pixels", [390, 1280])
def test_no_page_scrolls_sideways(driver, site, width, pixels):
    width(pixels)
    wide = {}
    for page in PAGES:
        open_page(driver, site.url(page))
        if pixels == 390:
            driver.find_element(By.CSS_SELECTOR, ".nav-toggle").click()
        found = driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if found[0] > found[1]:
            wide[page] = found
    assert wide == {}, dump(wide)


def test_the_wrap_button_folds_long_lines_everywhere_and_is_remembered(driver, server, width):
    site = Site("served", server)
    width(390)
    open_page(driver, site.url(TUTORIAL))
    buttons = driver.find_elements(By.CSS_SELECTOR, ".prose .copy-wrap .wrap-button")
    assert buttons and buttons[0].accessible_name == "Wrap long lines"
    assert {b.get_attribute("aria-pressed") for b in buttons} == {"false"}
    before = driver.execute_script(SCROLLING_BLOCKS)
    assert sum(b["scrolls"] for b in before) >= 3 and all(b["tabindex"] == "0" for b in before if b["scrolls"])
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    buttons[0].send_keys(Keys.ENTER)
    wait(driver, lambda d: {b.get_attribute("aria-pressed") for b in buttons} == {"true"}, "the buttons are not pressed")
    wait(driver, lambda d: not any(b["scrolls"] for b in d.execute_script(SCROLLING_BLOCKS)), "a block still scrolls")
    wait(driver, lambda d: all(b["tabindex"] is None for b in d.execute_script(SCROLLING_BLOCKS)),
         "a block that no longer scrolls keeps the focus")
    # Another page remembers it.
    open_page(driver, site.url("tutorials/agent-tools/index.html"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".wrap-button[aria-pressed=true]"), "the choice was forgotten")
    assert not any(b["scrolls"] for b in driver.execute_script(SCROLLING_BLOCKS))
    driver.find_element(By.CSS_SELECTOR, ".wrap-button").click()
    assert any(b["scrolls"] for b in driver.execute_script(SCROLLING_BLOCKS))


def test_the_copy_button_has_a_label_and_a_confirmation(driver, server, width):
    site = Site("served", server)
    driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    width(1280)
    open_page(driver, site.url(NOTEBOOK))
    button = driver.find_element(By.CSS_SELECTOR, ".prose .copy-wrap .copy-button")
    assert button.accessible_name == "Copy code" and button.text.startswith("Copy")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    wait(driver, lambda d: button.text in ("Copied", "Selected"), "the button did not confirm")
    assert driver.find_element(By.ID, "copy-status").get_attribute("role") == "status"
    assert driver.find_element(By.ID, "copy-status").get_attribute("textContent").startswith("The code is")
    wait(driver, lambda d: button.accessible_name == "Copy code", "the button did not come back", timeout=5)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("pixels", [390, 1280])
def test_no_axe_violations_with_the_menu_contents_and_wrap_in_use(driver, server, width, scheme, pixels):
    site = Site("served", server)
    width(pixels)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        open_page(driver, site.url(NOTEBOOK))
        if pixels == 390:
            driver.find_element(By.CSS_SELECTOR, ".nav-toggle").click()
            driver.execute_script("document.querySelector('.toc details').open = true")
        driver.find_element(By.CSS_SELECTOR, ".wrap-button").click()
        driver.execute_script("window.scrollTo(0, 2500)")
        if pixels == 1280:
            wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".toc a[aria-current]"), "no section marked")
        found = violations(driver)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert found == [], dump(found)


def test_wrapped_code_never_scrolls_on_a_phone(driver, site_folder, server, width):
    site = Site("served", server)
    width(390)
    driver.get(site.url(TUTORIAL))
    driver.execute_script("localStorage.setItem('portal.code-wrap', 'on')")
    scrolling = {}
    for page in tutorial_pages(site_folder):
        open_page(driver, site.url(page))
        found = [b for b in driver.execute_script(SCROLLING_BLOCKS) if b["scrolls"]]
        if found:
            scrolling[page] = found
    assert scrolling == {}, dump(scrolling)
