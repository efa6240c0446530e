"""The audit report in headless Chromium (Debian chromium + chromium-driver, through
selenium): it opens without console errors, draws its four charts, and its totals are
the CSV's. Skipped when the browser or its driver is not installed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lexicon.cli import app
from tests.audit_archive import build, only_test_glossary_fixture  # noqa: F401  (fixture)
from tests.test_audit import AUDIT_EXTRA, csv_totals

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,  # starts Chromium
    pytest.mark.skipif(not AUDIT_EXTRA, reason="needs the audit extra (pyarrow, pygal)"),
    pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs Debian chromium and chromium-driver"),
    pytest.mark.usefixtures("only_test_glossary"),
]


@pytest.fixture(name="browser")
def browser_fixture():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1400"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)  # the installed driver: nothing downloaded
    try:
        yield driver
    finally:
        driver.quit()


def test_report_opens_without_console_errors_and_its_totals_are_the_csvs(runner, tmp_path, browser):
    from selenium.webdriver.common.by import By

    build(tmp_path / "archive", 60)
    out = tmp_path / "out"
    result = runner.invoke(app, ["audit", "--no-config", str(tmp_path / "archive"), "-o", str(out), "--pattern", "{org}/{year}/*"])
    assert result.exit_code == 0, result.output
    browser.get((out / "report.html").as_uri())
    assert browser.title == "lexicon audit"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    shown = {cell.get_attribute("id")[6:]: cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "td[id^=total-]")}
    assert shown == csv_totals(out)
    charts = browser.find_elements(By.CSS_SELECTOR, "figure svg")
    assert len(charts) == 4 and all(c.size["width"] > 300 and c.size["height"] > 100 for c in charts)
    years = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "#year + figure svg text") if t.text.isdigit()]
    assert {"2016", "2020"} <= set(years)  # the year axis is drawn as text the browser lays out
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",  # the whole page in one screenshot
        {"width": 1100, "height": min(height, 8000), "deviceScaleFactor": 1, "mobile": False},
    )
    shot = Path(os.environ.get("LEXICON_SCREENSHOT_DIR", tmp_path)) / "audit-report.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
