"""Notebook pages in a real Chromium: the plots load (from disk and under a prefix), the
outputs are readable at phone width (wide ones scroll in a box the keyboard can reach),
hidden code opens, and axe-core finds nothing with every part open."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from conftest import Site, dump, open_page
from test_quality import violations

NOTEBOOK_PAGES = ["tutorials/dimuon-histogram/index.html", "tutorials/tiny-classifier-roc/index.html"]

MEASURE = """
const page = document.documentElement;
const images = [...document.querySelectorAll('.nb-image img')];
return {
  cells: document.querySelectorAll('.nb-cell').length,
  counts: [...document.querySelectorAll('.nb-count')].map(c => c.textContent.trim()),
  images: images.map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0,
                            alt: i.alt, width: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right})),
  outputs: document.querySelectorAll('.nb-output').length,
  tables: document.querySelectorAll('.nb-html table').length,
  download: (document.querySelector('.notebook-actions a[download]') || {}).href || null,
  pageWidth: page.scrollWidth,
  viewport: page.clientWidth,
  boxes: [...document.querySelectorAll('pre.nb-output, .nb-html, .nb-input pre')].map(b => {
    const r = b.getBoundingClientRect();
    return {cls: b.className, left: r.left, right: r.right, scrolls: b.scrollWidth > b.clientWidth, tabIndex: b.tabIndex};
  }),
};
"""


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
@pytest.mark.parametrize("width", [390, 1280])
def test_a_notebook_page_shows_its_plots_and_outputs_and_fits_the_page(driver, site, page, width):
    driver.set_window_size(width, 900)
    try:
        open_page(driver, site.url(page))
        # Lazy images load when near the viewport: bring each into view once.
        driver.execute_script("document.querySelectorAll('.nb-image img').forEach(i => { i.loading = 'eager'; i.scrollIntoView(); })")
        driver.execute_script("return new Promise(r => setTimeout(r, 300))")
        found = driver.execute_script(MEASURE)
    finally:
        driver.set_window_size(1280, 900)
    assert found["cells"] >= 5 and found["outputs"] >= 3, dump(found)
    assert all(count.startswith("Input [") for count in found["counts"]), dump(found)
    assert found["images"], dump(found)
    for image in found["images"]:
        assert image["loaded"] and image["width"] > 0, dump(found)
        assert image["alt"], dump(found)
        assert image["src"].startswith("output-") and image["src"].endswith(".png"), dump(found)
        assert image["right"] <= found["viewport"] + 0.5, dump(found)
    assert found["tables"] >= 1, dump(found)
    assert found["download"] and found["download"].endswith(".ipynb"), dump(found)
    # The page never scrolls sideways; a box wider than the column scrolls, and takes the focus to do so.
    assert found["pageWidth"] <= found["viewport"], dump(found)
    for box in found["boxes"]:
        assert box["left"] >= 0 and box["right"] <= found["viewport"] + 0.5, dump(found)
        if box["scrolls"]:
            assert box["tabIndex"] == 0, dump(found)


def test_hidden_code_opens(driver, site):
    open_page(driver, site.url(NOTEBOOK_PAGES[0]))
    summary = driver.find_element(By.CSS_SELECTOR, ".nb-input details.code-hidden > summary")
    details = summary.find_element(By.XPATH, "..")
    assert details.get_attribute("open") is None
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    assert details.get_attribute("open") is not None
    assert details.find_element(By.CSS_SELECTOR, "pre code").is_displayed()


@pytest.mark.parametrize("media", ["light", "dark"])
def test_no_axe_violations_on_a_notebook_page_with_everything_open(driver, server, media):
    site = Site("served", server)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": media}]})
    try:
        found = []
        for page in NOTEBOOK_PAGES:
            open_page(driver, site.url(page))
            driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
            found += violations(driver)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert found == [], dump(found)
