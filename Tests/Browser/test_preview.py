"""`portal serve` in a real browser: live reload after an edit, the error overlay after a broken
edit (with the last good page still shown), and recovery after the fix, with no console errors;
and the status line a long rebuild shows while it runs.

Runs `portal serve` on a copy of the repository's content/ and templates/ (the binary comes from
PORTAL_BINARY, which run.sh sets), so the edits never touch the repository.
"""

from __future__ import annotations

import time
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import wait

PAGE = "content/tutorials/python-env.md"


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def test_reload_overlay_and_recovery(driver, preview):
    root, address = preview
    page = root / PAGE
    driver.get(address + "tutorials/python-env/index.html")
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    # The live-reload script is connected once the server's hello has arrived; give it a moment.
    time.sleep(0.5)
    driver.execute_script("window.portalTestMarker = 1;")

    append(page, "\nA paragraph written while the browser watched.\n")
    wait(driver, lambda d: d.execute_script("return window.portalTestMarker === undefined"), "the page did not reload")
    wait(driver, lambda d: "written while the browser watched" in d.find_element(By.TAG_NAME, "main").text)
    time.sleep(0.5)
    driver.execute_script("window.portalTestMarker = 2;")

    append(page, "\nSee [a page that is not there](no-such-page.md).\n")
    overlay = wait(driver, lambda d: d.find_elements(By.ID, "portal-preview-overlay"), "no error overlay")[0]
    assert "no-such-page.md" in overlay.text and "link.broken" in overlay.text
    assert "content/tutorials/python-env.md:" in overlay.text
    assert driver.execute_script("return window.portalTestMarker") == 2, "a failed rebuild must not reload the page"
    assert "not there" not in driver.find_element(By.TAG_NAME, "main").text

    text = page.read_text(encoding="utf-8").replace("(no-such-page.md)", "(check-llm-code.md)")
    page.write_text(text, encoding="utf-8")
    wait(driver, lambda d: d.execute_script("return window.portalTestMarker === undefined"), "the fix did not reload the page")
    wait(driver, lambda d: "a page that is not there" in d.find_element(By.TAG_NAME, "main").text)
    assert not driver.find_elements(By.ID, "portal-preview-overlay")

    problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not problems, problems


def test_progress_status_line(driver, preview_with_progress):
    root, address = preview_with_progress
    page = root / PAGE
    driver.get(address + "tutorials/python-env/index.html")
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.5)
    # The status line lives until the reload: keep what it said where the reloaded page can read it.
    driver.execute_script("""
        sessionStorage.removeItem("portalProgress");
        new MutationObserver(() => {
          const status = document.getElementById("portal-preview-progress");
          if (status) sessionStorage.setItem("portalProgress", status.getAttribute("role") + "|" + status.textContent);
        }).observe(document.body, {childList: true, subtree: true, characterData: true});
        window.portalTestMarker = 1;
    """)
    # A new title changes other pages, so the rebuild goes through every stage.
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\ntitle:", "\ntitle: Renamed,", 1), encoding="utf-8")
    wait(driver, lambda d: d.execute_script("return window.portalTestMarker === undefined"), "the page did not reload")
    seen = driver.execute_script("return sessionStorage.getItem('portalProgress')")
    assert seen and seen.startswith("status|portal: rebuilding, "), seen
    assert not driver.find_elements(By.ID, "portal-preview-progress"), "the status line is gone after the reload"
    problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not problems, problems


def test_the_page_shown_is_written_before_the_reload_and_the_others_right_after(driver, preview):
    """The browser shows the resources index when a resource is added: the index it reloads shows
    the new card, and the new page, which no browser showed and so was written after the reload,
    is there when the reader follows the card at once."""
    root, address = preview
    driver.get(address + "resources/index.html")
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.5)
    driver.execute_script("window.portalTestMarker = 1;")

    (root / "content/resources/browser-added.md").write_text(
        "---\ntitle: \"A dataset added while the browser watched\"\nsummary: \"Added by a browser test.\"\n"
        "type: dataset\nurl: \"https://opendata.cern.ch/\"\nareas: [agentic-ai]\ntags: [python]\n"
        "category: Open data\n---\n\nA body written by the test.\n", encoding="utf-8")
    wait(driver, lambda d: d.execute_script("return window.portalTestMarker === undefined"), "the page did not reload")
    link = wait(driver, lambda d: d.find_elements(By.LINK_TEXT, "A dataset added while the browser watched"), "the index has no card for the new page")[0]
    link.click()
    wait(driver, lambda d: "A body written by the test." in d.find_element(By.TAG_NAME, "main").text, "the new page is not there")

    problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not problems, problems
