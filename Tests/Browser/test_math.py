"""Formulas render as MathML in a real Chromium, fit the page at phone and desktop
widths, and are reachable by keyboard where they scroll."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import open_page, wait

MATH_PAGE = "tutorials/jet-tagging/index.html"

MEASURE = """
const maths = [...document.querySelectorAll('math')];
const page = document.documentElement;
return {
  count: maths.length,
  displays: document.querySelectorAll('math[display="block"]').length,
  errors: document.querySelectorAll('merror').length,
  empty: maths.filter(m => { const r = m.getBoundingClientRect(); return r.width === 0 || r.height === 0; })
              .map(m => m.querySelector('annotation') ? m.querySelector('annotation').textContent : m.outerHTML.slice(0, 80)),
  pageWidth: page.scrollWidth,
  viewport: page.clientWidth,
  boxes: [...document.querySelectorAll('.math-display')].map(d => {
    const r = d.getBoundingClientRect();
    return {left: r.left, right: r.right, scrolls: d.scrollWidth > d.clientWidth, tabIndex: d.tabIndex};
  }),
  numbers: [...document.querySelectorAll('mtd.tex-eqno mtext')].map(t => t.textContent),
  reference: (document.querySelector('a[href="#eq-bce"]') || {}).textContent,
};
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_formulas_render_and_fit_the_page(driver, site, width):
    driver.set_window_size(width, 900)
    try:
        open_page(driver, site.url(MATH_PAGE))
        found = driver.execute_script(MEASURE)
    finally:
        driver.set_window_size(1280, 900)
    assert found["count"] >= 15, found
    assert found["displays"] >= 2, found
    assert found["errors"] == 0, found
    # Every formula was laid out by the browser's MathML engine: a box of its own.
    assert found["empty"] == [], found
    # Wide display math scrolls inside its box; the page itself never scrolls sideways.
    assert found["pageWidth"] <= found["viewport"], found
    for box in found["boxes"]:
        assert box["left"] >= 0 and box["right"] <= found["viewport"] + 0.5, found
        assert box["tabIndex"] == 0, found
    assert found["numbers"] == ["(1)"], found
    assert found["reference"] == "(1)", found


def test_a_wide_formula_scrolls_with_the_keyboard(driver, site):
    driver.set_window_size(390, 900)
    try:
        open_page(driver, site.url(MATH_PAGE))
        box = driver.find_element(By.CSS_SELECTOR, "#eq-bce")
        assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box)
        driver.execute_script("arguments[0].focus()", box)
        assert driver.switch_to.active_element == box
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT).send_keys(Keys.ARROW_RIGHT).perform()
        wait(driver, lambda d: d.execute_script("return arguments[0].scrollLeft", box) > 0, "the arrow keys did not scroll the formula")
    finally:
        driver.set_window_size(1280, 900)


TITLE_PAGE = "resources/cacciari-2008gp/index.html"

TITLES = """
const box = e => { const r = e.getBoundingClientRect(); return {width: r.width, height: r.height, right: r.right}; };
const heading = document.querySelector('h1 math');
const card = [...document.querySelectorAll('.card-title math')];
return {
  heading: heading ? box(heading) : null,
  cards: card.map(box),
  title: document.title,
  pageWidth: document.documentElement.scrollWidth,
  viewport: document.documentElement.clientWidth,
};
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_formula_in_a_title_renders_in_the_heading_and_the_cards(driver, site, width):
    driver.set_window_size(width, 900)
    try:
        open_page(driver, site.url(TITLE_PAGE))
        page = driver.execute_script(TITLES)
        open_page(driver, site.url("resources/index.html"))
        listing = driver.execute_script(TITLES)
    finally:
        driver.set_window_size(1280, 900)
    # The heading's formula is laid out as MathML; the window's title keeps the TeX as text.
    assert page["heading"] and page["heading"]["width"] > 0 and page["heading"]["height"] > 0, page
    assert "$k_t$" in page["title"], page
    assert listing["cards"] and all(c["width"] > 0 and c["right"] <= listing["viewport"] for c in listing["cards"]), listing
    assert listing["pageWidth"] <= listing["viewport"], listing
