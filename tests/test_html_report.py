"""The HTML report in a real headless browser (Debian's chromium + chromedriver, through
selenium): it loads without console errors or network, its counts equal the JSON output's,
and the severity and concept filters work. Skipped when the browser is absent."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from lexicon.cli import app
from tests.office_fixtures import simple_docx

DRAFT = (
    "# Annual report\n\nThe hotline received reports of child pornography in 2024.\n\n"
    "Reports of child pornography rose again; a child prostitute was identified by the unit.\n\n"
    "Outreach to schools will address sexting among pupils.\n\n"
    "CSAM is the term the agency uses in its own statistics.\n"
)


def browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    if not (shutil.which("chromium") or shutil.which("chromium-browser")) or not shutil.which("chromedriver"):
        return "chromium and chromedriver are not installed"
    return None


pytestmark = [pytest.mark.slow, pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def reports(runner, tmp_path: Path, *paths: str) -> tuple[dict, Path]:
    base = ["check", "--no-config", *paths]
    data = json.loads(runner.invoke(app, [*base, "-f", "json"]).stdout)
    page = tmp_path / "report.html"
    result = runner.invoke(app, [*base, "-f", "html", "-o", str(page)])
    assert result.exit_code in (0, 1), result.output
    return data, page


def visible_cards(driver) -> list:
    return [c for c in driver.find_elements("css selector", ".finding") if "hidden" not in c.get_attribute("class")]


def test_report_loads_counts_match_json_and_filters_work(runner, tmp_path, browser):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "annual.md").write_text(DRAFT, encoding="utf-8")
    (docs / "notes.txt").write_text("Police files mention child sex tourism and sextortion cases.\n", encoding="utf-8")
    simple_docx(docs / "memo.docx", "Briefing note.", "The memo mentions child pornography found by the unit.")
    data, page = reports(runner, tmp_path, str(docs))
    assert b"http://" not in page.read_bytes() and b"https://" not in page.read_bytes().replace(b"https://www.w3.org", b"")

    browser.get(page.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    summary = data["summary"]
    for key in ("files", "errors", "warnings", "info", "suppressed", "unreadable"):
        assert browser.find_element("id", f"total-{key}").text == str(summary[key]), key
    rows = browser.find_elements("css selector", "tr.doc-row")
    assert [r.get_attribute("data-path") for r in rows] == [f["path"] for f in data["files"]]
    for row, file in zip(rows, data["files"], strict=True):
        for severity in ("error", "warning", "info"):
            shown = row.find_element("css selector", f"td[data-count={severity}]").text
            assert shown == str(sum(1 for f in file["findings"] if f["severity"] == severity)), (file["path"], severity)
    total = summary["errors"] + summary["warnings"] + summary["info"]
    assert len(visible_cards(browser)) == total
    assert len(browser.find_elements("css selector", "mark.error")) >= 1

    shot = Path(os.environ.get("LEXICON_SCREENSHOT") or tmp_path / "report.png")
    browser.find_element("css selector", "#doc-0 summary").click()  # open the first document
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000

    browser.find_element("css selector", "input[name=severity][value=warning]").click()
    assert len(visible_cards(browser)) == summary["errors"] + summary["info"]
    assert browser.find_element("id", "shown").text == str(summary["errors"] + summary["info"])
    assert all(c.get_attribute("data-severity") != "warning" for c in visible_cards(browser))
    browser.find_element("css selector", "input[name=severity][value=warning]").click()

    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "filter-concept")).select_by_value("child-sexual-abuse-material")
    expected = sum(1 for file in data["files"] for f in file["findings"] if f["concept"] == "child-sexual-abuse-material")
    cards = visible_cards(browser)
    assert len(cards) == expected and {c.get_attribute("data-concept") for c in cards} == {"child-sexual-abuse-material"}


def test_a_folder_of_500_documents(runner, tmp_path, browser):
    docs = tmp_path / "many"
    docs.mkdir()
    for n in range(500):
        body = "The agency published its figures.\n" if n % 3 else f"Report {n} mentions child pornography twice: child pornography.\n"
        (docs / f"report-{n:03}.txt").write_text(body, encoding="utf-8")
    data, page = reports(runner, tmp_path, str(docs))
    browser.get(page.as_uri())
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert len(browser.find_elements("css selector", "tr.doc-row")) == 500
    assert browser.find_element("id", "total-errors").text == str(data["summary"]["errors"])
    assert browser.find_element("id", "shown").text == str(data["summary"]["errors"] + data["summary"]["warnings"])
