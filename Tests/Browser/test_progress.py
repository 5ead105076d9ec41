"""Starter-kit progress (assets/progress.js): a toggle per step, kept in localStorage."""

from __future__ import annotations

import json
import re

from selenium.webdriver.common.by import By

from conftest import open_page, severe_logs, wait

KEY = "portal.starterKit.done"


def progress_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-kit-progress] .kit-progress-text").text


def progress_value(driver) -> tuple[float, float]:
    bar = driver.find_element(By.CSS_SELECTOR, "[data-kit-progress] progress")
    return float(bar.get_attribute("value")), float(bar.get_attribute("max"))


def stored(driver):
    raw = driver.execute_script(f"return localStorage.getItem('{KEY}')")
    return None if raw is None else json.loads(raw)


def test_marking_a_step_done_survives_a_reload(driver, site):
    open_page(driver, site.url("starter-kit/index.html"))
    driver.execute_script(f"localStorage.removeItem('{KEY}')")
    driver.refresh()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-kit-progress]").is_displayed(),
         "no progress indicator on the starter-kit index")
    steps = driver.find_elements(By.CSS_SELECTOR, ".index--starter-kit .path-step[data-step-id]")
    total = len(steps)
    assert total >= 2
    assert progress_text(driver) == f"0 of {total} steps done"
    assert progress_value(driver) == (0, total)
    first_id = steps[0].get_attribute("data-step-id")
    first_url = steps[0].find_element(By.CSS_SELECTOR, ".path-title a").get_attribute("href")
    assert not driver.find_elements(By.CSS_SELECTOR, ".path-done")

    # On the step page: a real toggle button, not pressed yet.
    open_page(driver, first_url)
    toggle = driver.find_element(By.CSS_SELECTOR, "button[aria-pressed][data-kit-toggle]")
    assert toggle.is_displayed()
    assert toggle.text.strip() == "Mark this step as done"
    assert toggle.get_attribute("aria-pressed") == "false"
    assert progress_text(driver) == f"0 of {total} steps done"

    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert progress_text(driver) == f"1 of {total} steps done"
    assert stored(driver) == [first_id]

    # Survives a reload of the step page.
    driver.refresh()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-kit-toggle]").get_attribute("aria-pressed") == "true",
         "the done state did not survive a reload")
    assert progress_value(driver) == (1, total)

    # The next step's page marks the previous step as done in its pager.
    next_links = driver.find_elements(By.CSS_SELECTOR, ".pager a[rel=next]")
    assert next_links, "the first step has no next step"
    open_page(driver, next_links[0].get_attribute("href"))
    prev = driver.find_element(By.CSS_SELECTOR, ".pager a[rel=prev]")
    assert "Done" in prev.text
    assert driver.find_element(By.CSS_SELECTOR, "[data-kit-toggle]").get_attribute("aria-pressed") == "false"
    assert progress_text(driver) == f"1 of {total} steps done"

    # The index shows the done mark on that step only, and the count.
    open_page(driver, site.url("starter-kit/index.html"))
    done = driver.find_elements(By.CSS_SELECTOR, ".path-step.is-done")
    assert [li.get_attribute("data-step-id") for li in done] == [first_id]
    assert re.search(r"\bDone\b", done[0].text)
    assert progress_text(driver) == f"1 of {total} steps done"
    assert progress_value(driver) == (1, total)

    # The home page's path shows it too.
    open_page(driver, site.url("index.html"))
    home_done = driver.find_elements(By.CSS_SELECTOR, ".path-step.is-done")
    assert [li.get_attribute("data-step-id") for li in home_done] == [first_id]

    # Un-marking works and empties the stored list.
    open_page(driver, first_url)
    toggle = driver.find_element(By.CSS_SELECTOR, "[data-kit-toggle]")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert stored(driver) in (None, [])
    driver.refresh()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-kit-progress]").is_displayed(), "no progress box")
    assert progress_text(driver) == f"0 of {total} steps done"
    assert severe_logs(driver) == []


def test_damaged_or_unavailable_storage_does_not_break_the_page(driver, site):
    open_page(driver, site.url("starter-kit/index.html"))
    driver.execute_script(f"localStorage.setItem('{KEY}', '{{not json')")
    driver.refresh()
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-kit-progress]").is_displayed(), "no progress box")
    assert progress_text(driver).startswith("0 of ")
    first_url = driver.find_element(By.CSS_SELECTOR, ".path-step .path-title a").get_attribute("href")

    driver.execute_script(f"localStorage.removeItem('{KEY}')")

    # A storage that throws (as in some private modes): the toggle still works for the page.
    open_page(driver, first_url)
    driver.execute_script(
        "Object.defineProperty(window, 'localStorage', {configurable: true,"
        " get() { throw new DOMException('denied', 'SecurityError'); }});")
    toggle = driver.find_element(By.CSS_SELECTOR, "[data-kit-toggle]")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert progress_text(driver).startswith("1 of ")
    assert severe_logs(driver) == []
