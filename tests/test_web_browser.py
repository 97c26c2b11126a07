"""The web view in a real headless Chromium (Debian's package, driven by Playwright): no console errors,
charts drawn under the Content-Security-Policy, a figure's link leads to its indicator's chart, and
pages read without JavaScript. Screenshots go to $SERIESWATCH_SCREENSHOTS (else the test's tmp dir).

Skipped when there is no chromium binary or no playwright (Playwright's own browser download is
never used: `executable_path` points at the system's chromium).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from query_fixtures import cli, figures_archive  # noqa: F401
from serieswatch.config import load_config
from webkit import live_web  # noqa: F401

CHROMIUM = os.environ.get("SERIESWATCH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="no chromium binary (apt-get install chromium)")


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    where = Path(os.environ.get("SERIESWATCH_SCREENSHOTS") or tmp_path / "screenshots")
    where.mkdir(parents=True, exist_ok=True)
    return where


@pytest.fixture
def web(cli, figures_archive, live_web):
    server = live_web(load_config(cli.config), figures_archive)
    server.archive = figures_archive
    return server


def _page(browser, **context):
    page = browser.new_context(viewport={"width": 1200, "height": 900}, **context).new_page()
    page.problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    return page


def test_every_page_loads_without_console_errors_and_draws_its_charts(web, browser, shots):
    a = web.archive.article_ids[0]
    page = _page(browser)
    for name, path, charts in [("home", "/", "canvas.spark"), ("search", "/search?q=京津冀", "#per-month"),
                               ("article", f"/articles/{a}", None), ("indicator", "/indicators/gdp_jjj", "#indicator-chart"),
                               ("figures", "/figures", None)]:
        response = page.goto(web.url + path, wait_until="load")
        assert response.status == 200, path
        if name == "search":
            page.wait_for_function("() => document.getElementById('per-month').dataset.drawn > 0")
        if charts:
            drawn = page.evaluate("(sel) => [...document.querySelectorAll(sel)].every(c => !!Chart.getChart(c))", charts)
            assert drawn, f"{path}: a chart was not drawn"
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        assert page.problems == [], f"{path}: {page.problems}"


def test_a_figure_in_an_article_leads_to_its_indicator_chart(web, browser, shots):
    a = web.archive.article_ids[0]
    page = _page(browser)
    page.goto(f"{web.url}/articles/{a}")
    figure = page.locator("mark.figure", has_text="10.4万亿元")
    assert "indicator: gdp_jjj" in figure.get_attribute("title")
    figure.locator("a").click()
    page.wait_for_url("**/indicators/gdp_jjj")
    page.wait_for_function("() => !!Chart.getChart(document.getElementById('indicator-chart'))")
    sources = page.evaluate("() => Chart.getChart(document.getElementById('indicator-chart'))"
                            ".data.datasets.map(d => d.label)")
    assert set(sources) >= {"jjj", "other"}
    page.locator("#indicator-chart").screenshot(path=str(shots / "indicator-chart.png"))
    assert page.problems == []


def test_pages_read_without_javascript(web, browser):
    a = web.archive.article_ids[0]
    page = _page(browser, java_script_enabled=False)
    page.goto(f"{web.url}/articles/{a}")
    assert "北京流向津冀技术合同成交额748.7亿元" in page.inner_text(".text")
    page.goto(f"{web.url}/indicators/gdp_jjj")
    assert "11.5万亿元" in page.inner_text("table.observations")
    assert page.problems == []
