"""Long listings split into pages (partials/pagination.mustache) and the filters across their pages
(assets/filters.js with the listing's data script), on a copy of the shipped site built with
`listings: {page_size: 5}`, opened from disk (where fetch is blocked) and served.

Screenshots of the pagination bar go to PORTAL_SCREENSHOTS (default /tmp/portal-pagination-shots)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import partial
from http.server import ThreadingHTTPServer
import threading
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import PREFIX, REPOSITORY, PrefixHandler, Site, open_page, severe_logs, wait
from test_every_page import check

PAGE_SIZE = 5
SHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS", "/tmp/portal-pagination-shots"))


def bibliography_types(path: Path) -> dict[str, str]:
    """The resources of a .bib file, by id, as the build makes them: the id from the key (lower-cased,
    each run of other characters than letters and digits one hyphen), the type from portal-type or
    the entry type (the shipped entries are papers unless they say otherwise)."""
    types = {}
    text = path.read_text(encoding="utf-8")
    entries = list(re.finditer(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", text, re.MULTILINE))
    for number, entry in enumerate(entries):
        kind, key = entry.group(1).lower(), entry.group(2)
        if kind in ("string", "comment", "preamble"):
            continue
        body = text[entry.end():entries[number + 1].start() if number + 1 < len(entries) else len(text)]
        chosen = re.search(r"portal-type\s*=\s*[{\"](\w+)", body)
        entry_type = chosen.group(1) if chosen else {"dataset": "dataset", "software": "software"}.get(kind, "paper")
        types[re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "entry"] = entry_type
    return types


def resource_types() -> dict[str, str]:
    """Every shipped resource's id and type, read from its front-matter or its .bib file."""
    types = {}
    for path in (REPOSITORY / "content" / "resources").glob("*.bib"):
        types.update(bibliography_types(path))
    for path in (REPOSITORY / "content" / "resources").rglob("*.md"):
        if path.name == "_index.md":
            continue
        found = re.search(r"^type:\s*(\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        if found and "draft: true" not in path.read_text(encoding="utf-8"):
            types[path.parent.name if path.name == "index.md" else path.stem] = found.group(1)
    return types


@pytest.fixture(scope="session")
def paged_folder(tmp_path_factory) -> Path:
    """The shipped content and theme built with a page size of 5, so its listings take many pages."""
    binary = os.environ.get("PORTAL_BINARY")
    if not binary:
        pytest.skip("PORTAL_BINARY is not set (run Tests/Browser/run.sh)")
    root = tmp_path_factory.mktemp("paged")
    shutil.copytree(REPOSITORY / "content", root / "content")
    settings = root / "content" / "site.yml"
    # The shipped page size gives way to this one.
    text = re.sub(r"^listings:\n(?:[ #].*\n)*", "", settings.read_text(encoding="utf-8"), flags=re.MULTILINE)
    settings.write_text(text + f"\nlistings:\n  page_size: {PAGE_SIZE}\n", encoding="utf-8")
    subprocess.run([binary, "build", "--content", str(root / "content"), "--templates", str(REPOSITORY / "templates"),
                    "--output", str(root / "site"), "--base-url", "http://127.0.0.1:8766/a/b/portal/"],
                   check=True, capture_output=True)
    split_data_script(root / "site" / "resources")
    return root / "site"


def split_data_script(folder: Path) -> None:
    """Splits the listing's data script in two parts as the build does past 500 cards (the shipped
    listings are shorter), a group cut between them, so that every filter test loads and joins two."""
    prefix, suffix = "window.portalListingLoaded(", ");\n"
    text = (folder / "listing.js").read_text(encoding="utf-8")
    assert text.startswith(prefix) and text.endswith(suffix)
    data = json.loads(text[len(prefix):-len(suffix)])
    assert data["parts"] == 1
    cards = [(group["id"], group["label"], card) for group in data["groups"] for card in group["cards"]]
    middle = len(cards) // 2
    assert cards[middle - 1][0] == cards[middle][0], "the cut should fall inside a group"

    def part(number: int, held: list) -> str:
        groups: list[dict] = []
        for group_id, label, card in held:
            if not groups or groups[-1]["id"] != group_id:
                groups.append({"id": group_id, "label": label, "cards": []})
            groups[-1]["cards"].append(card)
        return prefix + json.dumps({**data, "part": number, "parts": 2, "groups": groups}) + suffix

    (folder / "listing.js").write_text(part(1, cards[:middle]), encoding="utf-8")
    (folder / "listing-2.js").write_text(part(2, cards[middle:]), encoding="utf-8")


@pytest.fixture(scope="session")
def paged_server(paged_folder):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(PrefixHandler, directory=str(paged_folder)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["disk", "served"])
def paged(request, paged_folder, paged_server) -> Site:
    return Site("disk", paged_folder.as_uri() + "/") if request.param == "disk" else Site("served", paged_server)


def press(driver, element):
    """Clicks `element` as a reader does, once it is scrolled clear of the sticky header."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def page_cards(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.index li.card')).filter(li => li.getClientRects().length).map(li => li.dataset.id);")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_pagination_bar_links_every_way_and_fits(driver, paged, width):
    driver.set_window_size(width, 900)
    open_page(driver, paged.url("resources/page/5/index.html"))
    nav = driver.find_element(By.CSS_SELECTOR, "nav.pagination[aria-label]")
    current = nav.find_element(By.CSS_SELECTOR, "a[aria-current=page]")
    assert current.text.split()[-1] == "5"
    numbers = [a.text.split()[-1] for a in nav.find_elements(By.CSS_SELECTOR, "a.pagination-number")]
    pages = -(-len(resource_types()) // PAGE_SIZE)
    assert numbers == ["1", "4", "5", "6", str(pages)], numbers
    assert len(nav.find_elements(By.CSS_SELECTOR, ".pagination-gap")) == 2
    assert "Page 5 of %d" % pages in nav.text
    assert len(page_cards(driver)) == PAGE_SIZE
    head = driver.execute_script(
        "return [document.title, document.querySelector('link[rel=prev]').href, document.querySelector('link[rel=next]').href];")
    assert "(page 5 of %d)" % pages in head[0]
    assert head[1].endswith("resources/page/4/index.html") and head[2].endswith("resources/page/6/index.html")
    # Nothing sticks out sideways on a phone, and every link is a large enough target.
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    sizes = driver.execute_script("return Array.from(document.querySelectorAll('.pagination-list a')).map(a => a.getBoundingClientRect().height);")
    assert min(sizes) >= 44, sizes
    driver.execute_script("arguments[0].scrollIntoView()", nav)
    SHOTS.mkdir(parents=True, exist_ok=True)
    nav.screenshot(str(SHOTS / f"resources-page-5-{width}-{paged.mode}.png"))
    press(driver, nav.find_element(By.CSS_SELECTOR, "a[rel=next]"))
    wait(driver, lambda d: d.current_url.endswith("resources/page/6/index.html"), "Next did not go to page 6")
    assert severe_logs(driver) == []


def test_a_filter_on_a_later_page_filters_the_whole_listing(driver, paged):
    """From page 3, a type finds every resource of that type on any page; clearing brings page 3 back."""
    types = resource_types()
    papers = {name for name, kind in types.items() if kind == "paper"}
    assert len(papers) > PAGE_SIZE, "the test needs more papers than one page holds"
    open_page(driver, paged.url("resources/page/3/index.html"))
    own = page_cards(driver)
    driver.set_window_size(1280, 900)
    press(driver, driver.find_element(By.CSS_SELECTOR, "details[data-facet='type'] summary"))
    box = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "input[name='type'][value='paper']"), "the type menu did not fill")[0]
    count = driver.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}'] .filters-count").text
    assert count == f"({len(papers)})"
    press(driver, box)
    wait(driver, lambda d: "type=paper" in d.current_url, "the address did not keep the filter")
    # A page's worth first, then the rest on demand.
    assert len(page_cards(driver)) == PAGE_SIZE
    while driver.find_elements(By.CSS_SELECTOR, ".filters-more"):
        press(driver, driver.find_element(By.CSS_SELECTOR, ".filters-more"))
    assert set(page_cards(driver)) == papers
    status = driver.find_element(By.CSS_SELECTOR, ".filters-status").text
    assert status == f"Showing {len(papers)} of {len(types)} resources.", status
    assert not driver.find_element(By.CSS_SELECTOR, "nav.pagination").is_displayed()
    # The cards' links are right from the later page's folder.
    link = driver.find_element(By.CSS_SELECTOR, ".filters-results li.card a").get_attribute("href")
    assert "/resources/" in link and "/page/" not in link, link
    press(driver, driver.find_element(By.CSS_SELECTOR, ".filters-clear"))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "nav.pagination").is_displayed(), "the page's own list did not come back")
    assert page_cards(driver) == own
    assert severe_logs(driver) == []


@pytest.mark.parametrize("page", ["resources/index.html", "resources/page/2/index.html"])
def test_an_address_with_a_filter_opens_filtered_on_any_page(driver, paged, page):
    types = resource_types()
    datasets = {name for name, kind in types.items() if kind == "dataset"}
    driver.set_window_size(1280, 900)
    open_page(driver, paged.url(page + "?type=dataset"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".filters-results li.card"), "the filtered cards did not show")
    while driver.find_elements(By.CSS_SELECTOR, ".filters-more"):
        press(driver, driver.find_element(By.CSS_SELECTOR, ".filters-more"))
    assert set(page_cards(driver)) == datasets
    # The data script's cards are written for the later pages' folder; each page's links lead to the pages.
    titles = driver.execute_script(
        "return Array.from(document.querySelectorAll('.filters-results li.card')).map(li => [li.dataset.id, li.querySelector('.card-title a').href]);")
    for name, href in titles:
        assert href == paged.url(f"resources/{name}/index.html") or href == paged.url(f"resources/{name}/"), (name, href)
    assert severe_logs(driver) == []


def test_without_javascript_the_pages_link_the_whole_listing(browser_without_js, paged_folder):
    """Following Next from the first page reaches every resource once."""
    driver = browser_without_js
    driver.get((paged_folder / "resources" / "index.html").as_uri())
    seen: list[str] = []
    while True:
        seen += [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, ".index li.card")]
        following = driver.find_elements(By.CSS_SELECTOR, "nav.pagination a[rel=next]")
        if not following:
            break
        following[0].click()
    assert sorted(seen) == sorted(resource_types())


def test_paginated_pages_have_no_axe_violation(driver, paged_server):
    site = Site("served", paged_server)
    found = check(driver, site, ["resources/page/2/index.html", "tutorials/page/2/index.html", "tags/python/page/2/index.html",
                                 "breakouts/agentic-ai/page/2/index.html"])
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert found == {}
