"""The header search (assets/search.js), from disk and served under a prefix."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import open_page, severe_logs, wait

TUTORIAL_TITLE = "Read ROOT files with uproot and awkward arrays"
TUTORIAL_PATH = "tutorials/read-root-files/index.html"


def search_input(driver):
    return driver.find_element(By.CSS_SELECTOR, "[data-site-search] input[role=combobox]")


def options(driver):
    """The result options, without the closing "See all N results"."""
    return driver.find_elements(By.CSS_SELECTOR, "[data-site-search] [role=listbox] [role=option]:not(.site-search-all)")


def see_all(driver):
    return driver.find_element(By.CSS_SELECTOR, "[data-site-search] [role=listbox] .site-search-all")


def option_titles(driver) -> list[str]:
    return [o.find_element(By.CSS_SELECTOR, ".site-search-title").text for o in options(driver)]


def option_texts(driver) -> list[str]:
    """The options' text, read in one step (the list may be re-rendered meanwhile)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-site-search] [role=option]:not(.site-search-all)'))"
        ".map(o => o.textContent.toLowerCase())")


def settled(driver) -> bool:
    """True when the listed results answer what is in the box now."""
    return driver.execute_script(
        "const box = document.querySelector('[data-site-search] input');"
        "const list = document.getElementById(box.getAttribute('aria-controls'));"
        "return list.getAttribute('data-query') === box.value;")


def type_query(driver, text: str, expect_title: str | None = None):
    box = search_input(driver)
    box.clear()
    box.send_keys(text)
    wait(driver, settled, f"no results for {text!r}")
    assert search_input(driver).get_attribute("aria-expanded") == "true"
    if expect_title is not None:
        assert expect_title in option_titles(driver), f"{expect_title!r} not listed for {text!r}"
    return box


def test_search_finds_a_page_and_enter_opens_it(driver, site):
    open_page(driver, site.url("index.html"))
    box = search_input(driver)
    assert box.is_displayed()
    # The box is labelled and wired as a combobox controlling the listbox.
    label = driver.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']")
    assert label.get_attribute("textContent").strip()
    listbox_id = box.get_attribute("aria-controls")
    listbox = driver.find_element(By.ID, listbox_id)
    assert listbox.get_attribute("role") == "listbox"
    assert box.get_attribute("aria-expanded") == "false"

    type_query(driver, "uproot", TUTORIAL_TITLE)
    assert box.get_attribute("aria-expanded") == "true"
    found = options(driver)
    assert 1 <= len(found) <= 10
    # Every result has a title, a kind label and a snippet; matched words are marked.
    for option in found:
        assert option.find_element(By.CSS_SELECTOR, ".site-search-title").text
        assert option.find_element(By.CSS_SELECTOR, ".site-search-kind").text
    marks = [m.text.lower() for m in listbox.find_elements(By.TAG_NAME, "mark")]
    assert marks and all(m.startswith("uproot") for m in marks), marks
    # Title matches rank above body matches: the first result has the word in its title.
    assert "uproot" in option_titles(driver)[0].lower()

    # ArrowDown moves the active option onto the tutorial; Enter opens it.
    target = option_titles(driver).index(TUTORIAL_TITLE)
    for _ in range(target + 1):
        box.send_keys(Keys.ARROW_DOWN)
    active_id = box.get_attribute("aria-activedescendant")
    assert active_id == options(driver)[target].get_attribute("id")
    assert options(driver)[target].get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.current_url.endswith(TUTORIAL_PATH), "Enter did not open the tutorial")
    assert site.relative(driver.current_url) == TUTORIAL_PATH
    assert driver.find_element(By.TAG_NAME, "h1").text == TUTORIAL_TITLE
    assert severe_logs(driver) == []


def test_result_links_work_from_a_deep_page(driver, site):
    # Two levels down, the root is "../../": result URLs must still point into the site.
    open_page(driver, site.url("breakouts/agentic-ai/index.html"))
    type_query(driver, "uproot", TUTORIAL_TITLE)
    hrefs = [o.get_attribute("href") for o in options(driver)]
    for href in hrefs:
        assert href.startswith(site.base), href
        assert href.endswith(".html"), href
    link = options(driver)[option_titles(driver).index(TUTORIAL_TITLE)]
    assert site.relative(link.get_attribute("href")) == TUTORIAL_PATH
    # A pointer click opens the result too.
    link.click()
    wait(driver, lambda d: d.current_url.endswith(TUTORIAL_PATH), "a click did not open the tutorial")
    assert severe_logs(driver) == []


def test_slash_focuses_escape_closes_and_multiword_queries_narrow(driver, site):
    open_page(driver, site.url("resources/index.html"))
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("/")
    box = search_input(driver)
    assert driver.switch_to.active_element == box
    # "/" typed inside another text field stays there.
    box.send_keys("jet")
    wait(driver, settled, "no results for 'jet'")
    assert option_texts(driver)
    box.send_keys(" tag")  # last word as a prefix: "tag" -> "tagging"
    wait(driver, settled, "no results for 'jet tag'")
    assert any(re.search(r"\bjet tagging\b", t) for t in option_texts(driver))
    # Down then Up wraps around the list, whose last option is "See all N results".
    box.send_keys(Keys.ARROW_DOWN)
    first = box.get_attribute("aria-activedescendant")
    box.send_keys(Keys.ARROW_UP)
    assert box.get_attribute("aria-activedescendant") == see_all(driver).get_attribute("id")
    assert first == options(driver)[0].get_attribute("id")
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("aria-expanded") == "false"
    assert not box.get_attribute("aria-activedescendant")
    assert not driver.find_element(By.CSS_SELECTOR, ".site-search-panel").is_displayed()
    # A query matching nothing says so, outside the listbox.
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("zzqxv")
    wait(driver, settled, "no answer for 'zzqxv'")
    assert driver.find_element(By.CSS_SELECTOR, ".site-search-message").is_displayed()
    assert options(driver) == []
    status = driver.find_element(By.CSS_SELECTOR, ".site-search-status")
    assert re.search(r"no results", status.get_attribute("textContent"), re.I)
    assert severe_logs(driver) == []


def test_index_files_load_on_demand(driver, site):
    open_page(driver, site.url("index.html"))
    loaded = lambda d: d.execute_script(  # noqa: E731
        "return Array.from(document.querySelectorAll('script[src*=\"search/\"]'))"
        ".map(s => s.getAttribute('src').replace(/^.*search\\//, ''))")
    assert loaded(driver) == []
    # One query, set at once (typing key by key could run a search per prefix).
    driver.execute_script(
        "const box = arguments[0]; box.focus(); box.value = 'uproot';"
        "box.dispatchEvent(new Event('input', {bubbles: true}));", search_input(driver))
    wait(driver, settled, "no results for 'uproot'")
    assert TUTORIAL_TITLE in option_titles(driver)
    files = loaded(driver)
    assert files[0] == "meta.js"
    terms = [f for f in files if f.startswith("terms-")]
    assert terms == ["terms-up.js"], files
    docs = [f for f in files if f.startswith("docs-")]
    # Only the chunks holding the listed results, never the whole index.
    assert 1 <= len(docs) <= len(options(driver)), files
    assert len(files) == len(set(files)), f"a file was loaded twice: {files}"


def results_page_state(driver):
    return driver.execute_script(
        "const p = document.querySelector('[data-search-page]');"
        "return {status: p.querySelector('[data-search-status]').textContent,"
        " titles: Array.from(p.querySelectorAll('.search-hit-title')).map(h => h.textContent),"
        " kinds: Array.from(p.querySelectorAll('.search-page-kind')).map(a => a.textContent),"
        " pages: Array.from(p.querySelectorAll('[data-search-pager] a')).map(a => a.textContent)};")


def test_dropdown_counts_all_results_and_enter_opens_the_results_page(driver, site):
    open_page(driver, site.url("tutorials/index.html"))
    box = type_query(driver, "python")
    shown = len(options(driver))
    label = see_all(driver).text
    count = int(re.search(r"See all (\d+) results", label).group(1))
    assert count > shown >= 1, (count, shown)
    status = driver.find_element(By.CSS_SELECTOR, ".site-search-status").get_attribute("textContent")
    assert f"{count} results" in status
    # Enter with no option chosen opens every result on the results page.
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: "search/index.html" in d.current_url, "Enter did not open the results page")
    assert site.relative(driver.current_url).startswith("search/index.html?q=python")
    wait(driver, lambda d: results_page_state(d)["titles"], "the results page listed nothing")
    state = results_page_state(driver)
    assert re.match(rf"{count} results for .python.: 1.10 shown", state["status"]), state["status"]
    assert len(state["titles"]) == 10
    # Paging: page 2 shows the next ten, numbered on.
    assert "2" in state["pages"] and "Next" in state["pages"]
    driver.find_element(By.CSS_SELECTOR, "[data-search-pager] a[rel=next]").click()
    wait(driver, lambda d: "page=2" in d.current_url and results_page_state(d)["titles"], "no page 2")
    second = results_page_state(driver)
    assert not set(second["titles"]) & set(state["titles"])
    assert driver.find_element(By.CSS_SELECTOR, "[data-search-results]").get_attribute("start") == "11"
    assert severe_logs(driver) == []


def test_results_page_filters_by_kind_and_corrects_typos(driver, site):
    open_page(driver, site.url("search/index.html?q=pyhton"))
    wait(driver, lambda d: results_page_state(d)["titles"], "the results page listed nothing")
    state = results_page_state(driver)
    assert "Showing results for \u201cpython\u201d" in state["status"], state["status"]
    kinds = state["kinds"]
    assert kinds[0].startswith("All") and any(k.startswith("Tutorial") for k in kinds), kinds
    tutorial = next(a for a in driver.find_elements(By.CSS_SELECTOR, ".search-page-kind") if a.text.startswith("Tutorial "))
    expected = int(tutorial.text.split()[-1])
    tutorial.click()
    wait(driver, lambda d: "kind=Tutorial" in d.current_url and results_page_state(d)["titles"], "the filter did not apply")
    state = results_page_state(driver)
    assert f"{expected} of them tutorial" in state["status"], state["status"]
    kinds_shown = driver.execute_script("return Array.from(document.querySelectorAll('.search-hit-kind')).map(k => k.textContent)")
    assert kinds_shown and set(kinds_shown) == {"Tutorial"}, kinds_shown
    current = driver.find_element(By.CSS_SELECTOR, ".search-page-kind[aria-current=true]")
    assert current.text.startswith("Tutorial")
    assert severe_logs(driver) == []


def test_acronyms_find_their_long_forms(driver, site):
    open_page(driver, site.url("index.html"))
    type_query(driver, "GNN")
    texts = option_texts(driver)
    assert texts and any("graph" in t for t in texts), texts


def test_first_query_loads_only_the_shown_results_chunks(driver, site):
    open_page(driver, site.url("search/index.html?q=python"))
    wait(driver, lambda d: results_page_state(d)["titles"], "the results page listed nothing")
    files = driver.execute_script(
        "return Array.from(document.querySelectorAll('script[src*=\"search/\"]'))"
        ".map(s => s.getAttribute('src').replace(/^.*search\\//, ''))")
    docs = [f for f in files if f.startswith("docs-")]
    assert 1 <= len(docs) <= 10, files


def test_a_title_with_a_formula_shows_its_math_in_both_views(driver, site):
    open_page(driver, site.url("index.html"))
    type_query(driver, "anti clustering")
    option = next(o for o in options(driver) if "clustering" in o.text)
    title = option.find_element(By.CSS_SELECTOR, ".site-search-title")
    # The formula is MathML, as on the page, not its TeX; the words around it are still marked.
    assert title.find_elements(By.CSS_SELECTOR, "math")
    assert "$" not in title.get_attribute("textContent")
    assert [m.text for m in title.find_elements(By.TAG_NAME, "mark")] == ["anti", "clustering"]
    open_page(driver, site.url("search/index.html?q=anti+clustering"))
    wait(driver, lambda d: results_page_state(d)["titles"], "the results page listed nothing")
    hit = next(h for h in driver.find_elements(By.CSS_SELECTOR, ".search-hit-title") if "clustering" in h.text)
    assert hit.find_elements(By.CSS_SELECTOR, "math") and "$" not in hit.get_attribute("textContent")
    assert severe_logs(driver) == []
