"""The web view's archive pages and JSON, served by uvicorn over SQLite and PostgreSQL archives."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest

from archive_fixtures import BJ
from query_fixtures import cli, figures_archive, store  # noqa: F401
from scheduler.cli_web import is_loopback
from serieswatch.config import load_config, parse_config
from serieswatch.errors import ConfigError
from webkit import live_web  # noqa: F401

PAGES = ["/", "/search?q=京津冀", "/articles/{a}", "/indicators/gdp_jjj", "/figures", "/figures?indicator=gdp_jjj"]


@pytest.fixture
def web(cli, figures_archive, live_web):
    server = live_web(load_config(cli.config), figures_archive)
    server.cli = cli
    server.archive = figures_archive
    return server


def test_every_page_renders_with_a_content_security_policy(web):
    a = web.archive.article_ids[0]
    for path in PAGES:
        r = web.client.get(path.format(a=a))
        assert r.status_code == 200, (path, r.text[:500])
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in r.text          # no inline script: the CSP would refuse it


def test_the_home_page_shows_tracked_indicators_the_newest_articles_and_the_last_run(web):
    page = web.client.get("/").text
    assert "Beijing-Tianjin-Hebei GDP" in page and 'href="/indicators/gdp_jjj"' in page
    assert "2024" in page                                   # the latest period of GDP
    assert "京津冀经济总量再上新台阶" in page and "北京发布经济数据" in page
    assert "No run recorded yet" in page
    data = web.client.get("/api/").json()
    gdp = next(i for i in data["indicators"] if i["id"] == "gdp_jjj")
    assert gdp["period"] == "2024" and gdp["previous_period"] == "2023"


def test_an_article_highlights_its_figures_in_place_with_indicator_period_and_class(web):
    a = web.archive.article_ids[0]
    page = web.client.get(f"/articles/{a}").text
    mark = re.search(r'<mark class="figure[^"]*" title="([^"]*)"[^>]*><a href="/indicators/gdp_jjj">10.4万亿元</a></mark>',
                     page)
    assert mark, page
    assert mark.group(1) == "indicator: gdp_jjj · period: 2023 · class: new_indicator"
    assert "去年，京津冀地区生产总值达<mark" in page            # in place: the text around it is intact
    assert 'href="http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"' in page


def test_the_api_answers_in_the_command_lines_json_shapes(web):
    cli = web.cli
    a = web.archive.article_ids[0]
    assert web.client.get(f"/api/articles/{a}").json() == cli.json("article", str(a))
    assert web.client.get("/api/articles").json() == cli.json("articles")
    assert web.client.get("/api/indicators/gdp_jjj").json() == cli.json("figures", "history", "gdp_jjj")
    assert web.client.get("/api/figures").json() == cli.json("figures")
    assert web.client.get("/api/figures?indicator=gdp_jjj&period_from=2024").json() == \
        cli.json("figures", "--indicator", "gdp_jjj", "--period-from", "2024")
    assert web.client.get("/api/search?q=生产总值").json()["results"] == cli.json("search", "生产总值")
    assert web.client.get("/api/search/by_period?q=生产总值&by=year").json() == \
        cli.json("search", "生产总值", "--by", "year")
    assert 'data-src="/api/search/by_period?q=' in web.client.get("/search?q=生产总值").text


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_downloads_hold_what_the_command_line_exports(web):
    r = web.client.get("/figures.csv?indicator=gdp_jjj")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert _csv(r.text) == _csv(web.cli("figures", "--indicator", "gdp_jjj", "--format", "csv").stdout)
    r = web.client.get("/indicators/gdp_jjj.csv")
    assert _csv(r.text) == _csv(web.cli("figures", "history", "gdp_jjj", "--format", "csv").stdout)
    assert [row[0] for row in _csv(r.text)[1:]] == ["2023", "2024", "2024"]


def test_the_indicator_page_has_a_table_of_every_source_and_chart_data_for_the_browser(web):
    page = web.client.get("/indicators/gdp_jjj").text
    assert page.count("<q>") == 3                           # 10.4, 11.5 and 11.3 trillion, each with its quote
    assert "11.5万亿元" in page and "11.3万亿元" in page and "conflict" in page
    assert 'id="indicator-chart"' in page and "data-chart=" in page
    assert '<script src="/static/chart.umd.min.js"></script>' in page
    assert web.client.get("/static/chart.umd.min.js").text.startswith("/*!\n * Chart.js")


def test_unknown_things_are_404_and_bad_parameters_400(web):
    assert web.client.get("/articles/999999").status_code == 404
    assert web.client.get("/indicators/no_such_thing").status_code == 404
    assert web.client.get("/api/indicators/no_such_thing").json()["status"] == 404
    assert web.client.get("/figures?class=bogus").status_code == 400
    assert web.client.get("/search?q=x&since=not-a-date").status_code == 400
    assert web.client.get("/search?q=" + "x" * 600).status_code == 400


def test_search_input_is_text_never_sql(web):
    for q in ["'; DROP TABLE articles; --", '" OR 1=1 --', "%_\\", "京津冀' OR '1'='1"]:
        r = web.client.get("/search", params={"q": q})
        assert r.status_code == 200
    assert len(web.client.get("/api/figures").json()) > 0      # the archive is intact
    assert web.client.get("/api/search", params={"q": "生产总值"}).json()["results"]


def test_a_hostile_article_renders_as_text(cli, figures_archive, live_web):
    hostile = "<script>alert('x')</script> {{ 7*7 }} {% raw %} \"quoted\" 'single' <img src=x onerror=alert(1)>"
    article_id = store(figures_archive, "http://finance.people.com.cn/n1/2025/0401/c1004-40500001.html", "jjj",
                       hostile, f"{hostile}\n\n2024年，京津冀地区生产总值达11.5万亿元。",
                       datetime(2025, 4, 1, 9, 0, tzinfo=BJ))
    web = live_web(load_config(cli.config), figures_archive)
    for path in [f"/articles/{article_id}", "/", "/search?q=quoted", "/figures", "/indicators/gdp_jjj"]:
        page = web.client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(" in page, path
        assert "{{ 7*7 }}" in page and ">49<" not in page, path
    r = web.client.get("/search", params={"q": "<script>"})
    assert "<script>" not in r.text.split("<main>")[1]


def test_web_base_url_is_validated_and_kept_without_its_trailing_slash():
    assert parse_config({"web": {"base_url": "https://news.example.org/sw/"}}).web_base_url == \
        "https://news.example.org/sw"
    assert parse_config({}).web_base_url is None
    for bad in ["news.example.org", "ftp://news.example.org", "https://news.example.org/?a=1", 42]:
        with pytest.raises(ConfigError, match="web.base_url"):
            parse_config({"web": {"base_url": bad}})
    with pytest.raises(ConfigError, match="web.port"):
        parse_config({"web": {"port": 1}})


def test_serving_on_every_interface_warns_about_exposure(cli, tmp_path):
    import subprocess
    import sys

    from webkit import free_port
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "--config", str(cli.config), "serve",
                             "--host", "0.0.0.0", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "Uvicorn running" in line or len(lines) > 30:
                break
        import httpx
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=20).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    out = "".join(lines)
    assert "warning: serving on 0.0.0.0" in out and "reverse proxy with TLS" in out


def test_links_carry_the_path_of_web_base_url_for_a_proxy_that_strips_it(cli, figures_archive, live_web):
    import dataclasses
    config = dataclasses.replace(load_config(cli.config), web_base_url="https://news.example.org/sw")
    web = live_web(config, figures_archive)
    page = web.client.get("/").text
    assert 'href="/sw/indicators/gdp_jjj"' in page and 'href="/sw/static/style.css"' in page
    assert 'href="/indicators/' not in page


def test_the_home_page_follows_the_archive_as_it_grows(web):
    assert "京津冀数据更新" not in web.client.get("/").text
    store(web.archive, "http://finance.people.com.cn/n1/2025/0501/c1004-40600001.html", "jjj", "京津冀数据更新",
          "2025年，京津冀地区生产总值达12.0万亿元。", datetime(2025, 5, 1, 9, 0, tzinfo=BJ))
    page = web.client.get("/").text
    assert "京津冀数据更新" in page and "2025" in page


def test_a_revised_article_shows_what_the_revision_changed(cli, figures_archive, live_web):
    from query_fixtures import ARTICLES
    url, source, title, text, published = ARTICLES[1]
    article_id = store(figures_archive, url, source, title, text.replace("11.5万亿元", "11.6万亿元"), published)
    assert article_id == figures_archive.article_ids[1]
    web = live_web(load_config(cli.config), figures_archive)
    page = web.client.get(f"/articles/{article_id}").text
    assert "Revision 2" in page
    assert re.search(r'<div class="removed">− [^<]*11\.5万亿元', page)
    assert re.search(r'<div class="added">\+ [^<]*11\.6万亿元', page)
