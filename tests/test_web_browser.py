"""kb serve in a real headless browser: Debian's chromium driven by Selenium through
Debian's chromedriver (no browser download).  The server is a real `kb serve` subprocess
on a free loopback port; the pages are checked by their visible text, a link is followed,
and screenshots are saved (to the test's tmp dir; KB_WEB_SCREENSHOTS=DIR saves them
there too, which is how docs/web-*.png are made)."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.webserver import kb_serve

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
]


def _require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if not missing:
        return
    message = f"{', '.join(missing)} missing: apt-get install -y chromium chromium-driver"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def shoot(driver: object, tmp_path: Path, name: str) -> Path:
    """A PNG of the whole page (beyond the window), to tmp_path and KB_WEB_SCREENSHOTS."""
    height = driver.execute_script(  # type: ignore[attr-defined]
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
    )
    shot = driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0,
                "y": 0,
                "width": 1280,
                "height": max(min(height, 2400), 600),
                "scale": 1,
            },
        },
    )
    path = tmp_path / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.stat().st_size > 10_000  # a rendered page, not a blank
    target = os.environ.get("KB_WEB_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(target) / path.name)
    return path


def visible(driver: object) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined,no-any-return]


def test_pages_in_a_browser(browser: object, shared_url: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    with kb_serve(shared_url) as (base, _):
        # Funding, FY2023: the $48 million INCLE figure and its status
        d.get(f"{base}/funding?fy=2023")  # type: ignore[attr-defined]
        text = visible(d)
        assert "Funding, FY2023" in text
        row = d.find_element(  # type: ignore[attr-defined]
            By.XPATH, "//tr[.//a[text()='incle-mexico-fy2023']]"
        )
        assert "$48 million" in row.text and "reported" in row.text and "INCLE" in row.text
        chart = d.find_element(By.CSS_SELECTOR, "figure.chart img")  # type: ignore[attr-defined]
        assert (
            d.execute_script(  # type: ignore[attr-defined]
                "return arguments[0].complete && arguments[0].naturalWidth", chart
            )
            > 500
        )
        shoot(d, tmp_path, "web-funding")

        # Follow the fact's link: the fact page, its quote highlighted in the full text
        row.find_element(By.LINK_TEXT, "incle-mexico-fy2023").click()
        assert d.current_url.startswith(  # type: ignore[attr-defined]
            f"{base}/fact/IF10578/incle-mexico-fy2023"
        )
        mark = d.find_element(By.CSS_SELECTOR, ".fulltext mark#quote")  # type: ignore[attr-defined]
        assert mark.text.startswith("INCLE assistance to Mexico averaged $100 million")
        assert "$48 million in FY2023" in mark.text
        assert mark.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
        # kb.js scrolled the full text to the quote: it is inside the box's visible part
        inside = d.execute_script(  # type: ignore[attr-defined]
            "var b = document.getElementById('fulltext'), m = document.getElementById('quote');"
            "var r = b.getBoundingClientRect(), q = m.getBoundingClientRect();"
            "return b.scrollTop > 0 && q.top >= r.top && q.top <= r.bottom;"
        )
        assert inside
        history = visible(d)
        assert "IF10578@2024-10-01" in history and "revised" in history and "status" in history
        shoot(d, tmp_path, "web-fact")

        # The diff that touches it, from the fact page's link
        d.find_element(  # type: ignore[attr-defined]
            By.PARTIAL_LINK_TEXT, "IF10578@2024-10-01 → IF10578@2025-08-14"
        ).click()
        assert "/diff/IF10578@2024-10-01/IF10578@2025-08-14" in d.current_url  # type: ignore[attr-defined]
        total = d.find_element(By.ID, "security-assistance-total")  # type: ignore[attr-defined]
        assert "$3.5 billion" in total.text and "$3.6 billion" in total.text
        described = total.find_element(By.CSS_SELECTOR, ".described").text
        assert (
            described.index("$3.5 billion") < described.index("→") < described.index("$3.6 billion")
        )
        reworded = d.find_element(  # type: ignore[attr-defined]
            By.CSS_SELECTOR, "#fentanyl-directive-fy2024 td.words"
        )
        assert reworded.find_elements(By.TAG_NAME, "del") and reworded.find_elements(
            By.TAG_NAME, "ins"
        )
        d.get(f"{base}/diff/IF10578@2024-10-01/IF10578@2025-08-14")  # type: ignore[attr-defined]
        shoot(d, tmp_path, "web-diff")

        # A bad parameter: kb's words on a 400 page
        d.get(f"{base}/funding?fy=abc")  # type: ignore[attr-defined]
        assert "is not a fiscal year" in visible(d)
