"""Faceted filters on the resources and tutorials indexes (assets/filters.js)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qsl, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import open_page, severe_logs, wait

CARDS_JS = """
return Array.from(document.querySelectorAll('.index li.card')).map(li => ({
  id: li.dataset.id,
  type: li.dataset.type || '',
  level: li.dataset.level || '',
  areas: (li.dataset.areas || '').split(/\\s+/).filter(Boolean),
  tags: (li.dataset.tags || '').split(/\\s+/).filter(Boolean),
  minutes: li.dataset.minutes ? Number(li.dataset.minutes) : null,
  text: li.textContent.toLowerCase(),
  visible: !!(li.offsetWidth || li.offsetHeight || li.getClientRects().length),
}));
"""


def cards(driver) -> list[dict]:
    return driver.execute_script(CARDS_JS)


def visible_ids(driver) -> set[str]:
    return {c["id"] for c in cards(driver) if c["visible"]}


def query(driver) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(driver.current_url).query)


def panel(driver):
    return driver.find_element(By.CSS_SELECTOR, ".filters")


def open_facet(driver, facet: str):
    """Opens a facet's menu as a reader does, by its button, unless it is open."""
    menu = panel(driver).find_element(By.CSS_SELECTOR, f"details[data-facet='{facet}']")
    if menu.get_attribute("open") is None:
        menu.find_element(By.TAG_NAME, "summary").click()
        wait(driver, lambda d: menu.get_attribute("open") is not None, f"the {facet} menu did not open")
    return menu


def checkbox(driver, facet: str, value: str):
    open_facet(driver, facet)
    return panel(driver).find_element(By.CSS_SELECTOR, f"input[type=checkbox][name='{facet}'][value='{value}']")


def count_of(driver, facet: str, value: str) -> int:
    box = checkbox(driver, facet, value)
    label = driver.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']")
    return int(label.find_element(By.CSS_SELECTOR, ".filters-count").text.strip("()"))


def facet_names(driver) -> set[str]:
    """The names of the facets: legends of checkbox groups, labels of single controls.

    The legends and the tag's label are for screen readers (the buttons show the
    names), so their text is read from the DOM rather than from the screen."""
    found = panel(driver).find_elements(By.CSS_SELECTOR, "fieldset > legend, .filters-facet > label")
    return {(e.get_attribute("textContent") or "").strip().lower() for e in found}


def status(driver) -> str:
    return panel(driver).find_element(By.CSS_SELECTOR, "[role=status]").text


def wait_for_ids(driver, expected: set[str], why: str):
    wait(driver, lambda d: visible_ids(d) == expected, why)


def open_index(driver, site, path: str):
    open_page(driver, site.url(path))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".filters"), f"no filter panel on {path}")


def test_resources_facets_narrow_the_list_and_the_url_follows(driver, site):
    open_index(driver, site, "resources/index.html")
    everything = cards(driver)
    assert len(everything) > 10 and all(c["visible"] for c in everything)
    every_id = {c["id"] for c in everything}
    assert "Showing all" in status(driver)

    # The controls are accessible: fieldsets with legends, labelled inputs.
    assert {"type", "breakout area", "tag"} <= facet_names(driver)
    assert len(panel(driver).find_elements(By.CSS_SELECTOR, "fieldset > legend")) >= 2
    for control in panel(driver).find_elements(By.CSS_SELECTOR, "input, select"):
        assert driver.find_elements(By.CSS_SELECTOR, f"label[for='{control.get_attribute('id')}']"), control

    # Type.
    types = Counter(c["type"] for c in everything)
    assert count_of(driver, "type", "paper") == types["paper"]
    checkbox(driver, "type", "paper").click()
    papers = {c["id"] for c in everything if c["type"] == "paper"}
    wait_for_ids(driver, papers, "the type facet did not keep only papers")
    assert query(driver) == [("type", "paper")]
    assert status(driver) == f"Showing {len(papers)} of {len(everything)} resources."
    # Groups left empty are hidden; the papers group stays.
    assert driver.find_element(By.ID, "paper").is_displayed()
    assert not driver.find_element(By.ID, "software").is_displayed()
    # Counts of the other facets follow the active one.
    areas = Counter(a for c in everything if c["type"] == "paper" for a in c["areas"])
    area, n = areas.most_common(1)[0]
    assert count_of(driver, "area", area) == n

    # Breakout area, on top of the type.
    checkbox(driver, "area", area).click()
    both = {c["id"] for c in everything if c["type"] == "paper" and area in c["areas"]}
    wait_for_ids(driver, both, "the area facet did not narrow the papers")
    assert query(driver) == [("type", "paper"), ("area", area)]
    # A second type widens within the facet (any of the checked values).
    checkbox(driver, "type", "dataset").click()
    wider = {c["id"] for c in everything if c["type"] in ("paper", "dataset") and area in c["areas"]}
    wait_for_ids(driver, wider, "two types did not combine")
    assert query(driver) == [("type", "paper"), ("type", "dataset"), ("area", area)]

    # Clear filters restores everything and the bare URL.
    panel(driver).find_element(By.CSS_SELECTOR, ".filters-clear").click()
    wait_for_ids(driver, every_id, "clear filters did not bring every card back")
    assert query(driver) == []

    # Tag (a select with counts).
    tags = Counter(t for c in everything for t in c["tags"])
    tag, n = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    select = Select(panel(driver).find_element(By.CSS_SELECTOR, "select[name=tag]"))
    assert any(o.text == f"{tag} ({n})" for o in select.options)
    select.select_by_value(tag)
    wait_for_ids(driver, {c["id"] for c in everything if tag in c["tags"]}, "the tag facet did not narrow")
    assert query(driver) == [("tag", tag)]
    select.select_by_value("")

    # Free text: every word must appear in the card.
    text_box = panel(driver).find_element(By.CSS_SELECTOR, "input[type=search]")
    text_box.send_keys("jet")
    jets = {c["id"] for c in everything if "jet" in c["text"]}
    assert 0 < len(jets) < len(everything)
    wait_for_ids(driver, jets, "the text filter did not narrow to 'jet'")
    wait(driver, lambda d: query(d) == [("q", "jet")], "the URL does not hold q=jet")
    assert severe_logs(driver) == []


def test_a_url_with_a_query_restores_the_filter(driver, site):
    open_index(driver, site, "resources/index.html")
    everything = cards(driver)
    areas = Counter(a for c in everything if c["type"] == "software" for a in c["areas"])
    area = areas.most_common(1)[0][0]

    open_index(driver, site, f"resources/index.html?type=software&area={area}&q=python")
    expected = {c["id"] for c in everything
                if c["type"] == "software" and area in c["areas"] and "python" in c["text"]}
    assert expected, "the content no longer has a software resource about python in that area"
    wait_for_ids(driver, expected, "the filter in the URL was not applied on load")
    assert checkbox(driver, "type", "software").is_selected()
    assert checkbox(driver, "area", area).is_selected()
    assert not checkbox(driver, "type", "paper").is_selected()
    assert panel(driver).find_element(By.CSS_SELECTOR, "input[type=search]").get_attribute("value") == "python"
    assert status(driver) == f"Showing {len(expected)} of {len(everything)} resources."

    # Unknown values are ignored rather than hiding everything.
    open_index(driver, site, "resources/index.html?type=no-such-type&tag=no-such-tag")
    wait_for_ids(driver, {c["id"] for c in everything}, "unknown values in the URL hid cards")
    assert severe_logs(driver) == []


def test_tutorials_level_and_duration_filters(driver, site):
    open_index(driver, site, "tutorials/index.html")
    everything = cards(driver)
    assert everything and all(c["level"] for c in everything)
    assert all(c["minutes"] for c in everything), "every tutorial card needs data-minutes"
    assert {"level", "breakout area", "duration", "tag"} <= facet_names(driver)

    beginners = {c["id"] for c in everything if c["level"] == "beginner"}
    assert 0 < len(beginners) < len(everything)
    assert count_of(driver, "level", "beginner") == len(beginners)
    checkbox(driver, "level", "beginner").click()
    wait_for_ids(driver, beginners, "the level facet did not keep only beginner tutorials")
    assert query(driver) == [("level", "beginner")]
    assert driver.find_element(By.ID, "beginner").is_displayed()
    for other in ("intermediate", "advanced"):
        if driver.find_elements(By.ID, other):
            assert not driver.find_element(By.ID, other).is_displayed()
    # The "jump to" links follow: hidden groups lose their link.
    jump = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".jump a") if a.is_displayed()]
    assert len(jump) == 1 and f"({len(beginners)})" in jump[0]

    # Duration ranges: up to 30 min, 30-60 min, 1-2 h, over 2 h.
    buckets = {"under-30": lambda m: m <= 30, "30-60": lambda m: 30 < m <= 60,
               "1-2h": lambda m: 60 < m <= 120, "over-2h": lambda m: m > 120}
    for value, test in buckets.items():
        expected = sum(1 for c in everything if c["level"] == "beginner" and test(c["minutes"]))
        assert count_of(driver, "duration", value) == expected, value
    value = next(v for v, t in buckets.items()
                 if any(c["level"] == "beginner" and t(c["minutes"]) for c in everything))
    checkbox(driver, "duration", value).click()
    wait_for_ids(driver, {c["id"] for c in everything if c["level"] == "beginner" and buckets[value](c["minutes"])},
                 "the duration facet did not narrow")
    assert query(driver) == [("level", "beginner"), ("duration", value)]
    assert severe_logs(driver) == []


def test_a_series_card_is_counted_apart_and_found_by_its_parts_areas(driver, site):
    open_index(driver, site, "tutorials/index.html")
    everything = cards(driver)
    series = [c for c in everything if c["id"] == "agentic-basics"]
    assert series, "the shipped series has no card on the tutorials index"
    tutorials = len(everything) - len(series)
    assert status(driver) == f"Showing all {tutorials} tutorials and 1 series."
    # The series' parts are all agentic-AI tutorials, so the series is found by that area.
    assert "agentic-ai" in series[0]["areas"]
    checkbox(driver, "area", "agentic-ai").click()
    expected = {c["id"] for c in everything if "agentic-ai" in c["areas"]}
    wait_for_ids(driver, expected, "the area facet did not keep the series and its area's tutorials")
    assert status(driver) == f"Showing {len(expected) - 1} of {tutorials} tutorials and 1 of 1 series."
    assert severe_logs(driver) == []


def test_the_category_filter_keeps_a_category_and_those_below_it(driver, site):
    open_index(driver, site, "resources/index.html")
    everything = cards(driver)
    categories = driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('main li.card'))"
        ".map(li => [li.dataset.id, (li.dataset.categories || '').split(' ')]));")
    # The menu follows the tree beside the filters: its order, a child indented under its parent.
    tree = [li.get_attribute("data-category") for li in driver.find_elements(By.CSS_SELECTOR, ".category-tree li[data-category]")]
    assert "classification" in tree and "classification/jet-tagging" in tree
    select = panel(driver).find_element(By.CSS_SELECTOR, "select[name=category]")
    options = select.find_elements(By.TAG_NAME, "option")
    assert [o.get_attribute("value") for o in options] == [""] + tree
    child = next(o for o in options if o.get_attribute("value") == "classification/jet-tagging")
    assert (child.get_attribute("textContent") or "").startswith("\u2003Jet tagging (")

    open_index(driver, site, "resources/index.html?category=classification")
    expected = {id for id, tokens in categories.items() if "classification" in tokens}
    assert expected and any("classification/jet-tagging" in categories[id] for id in expected)
    wait_for_ids(driver, expected, "the category in the URL did not keep its resources and those below it")
    select = panel(driver).find_element(By.CSS_SELECTOR, "select[name=category]")
    assert select.get_attribute("value") == "classification"
    assert status(driver) == f"Showing {len(expected)} of {len(everything)} resources."
    assert severe_logs(driver) == []


def test_agents_filter_by_kind_and_transport(driver, site):
    open_index(driver, site, "resources/index.html")
    everything = cards(driver)
    agents = driver.execute_script(
        "return Array.from(document.querySelectorAll('main li.card')).map(li => ({id: li.dataset.id,"
        " kind: li.dataset.agentKind || '', transport: (li.dataset.transport || '').split(' ').filter(Boolean),"
        " label: (li.querySelector('.card-fact--agent-kind') || {}).textContent || ''}));")
    kinds = Counter(a["kind"] for a in agents if a["kind"])
    assert kinds["agent"] >= 2, kinds
    assert {"agent kind", "transport"} <= facet_names(driver)
    # Each kind is offered by its label on the cards, with its count.
    assert count_of(driver, "kind", "agent") == kinds["agent"]
    label = driver.find_element(By.CSS_SELECTOR, f"label[for='{checkbox(driver, 'kind', 'agent').get_attribute('id')}']")
    assert label.text.startswith("Agent")
    checkbox(driver, "kind", "agent").click()
    wait_for_ids(driver, {a["id"] for a in agents if a["kind"] == "agent"}, "the kind facet did not keep only agents")
    assert query(driver) == [("kind", "agent")]
    panel(driver).find_element(By.CSS_SELECTOR, ".filters-clear").click()
    wait_for_ids(driver, {c["id"] for c in everything}, "clear filters did not bring every card back")

    # A resource speaking both transports is found by either.
    over_http = {a["id"] for a in agents if "http" in a["transport"]}
    assert "mcp-python-sdk" in over_http
    open_index(driver, site, "resources/index.html?transport=http")
    wait_for_ids(driver, over_http, "the transport in the URL did not keep what speaks HTTP")
    assert severe_logs(driver) == []
