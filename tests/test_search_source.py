"""The site search as a source: a local server speaking the search API, a local site, real crawls.

Backfill over a range archives every article the search finds (the same fields as listing-found
ones), a second backfill downloads no article page, a daily run finds what only the search knows,
and failures of the search are recorded per window, shown by status and retried.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from searchkit import SEARCH_PATH, SearchApi
from sitekit import Link

from scheduler.backfill import run_backfill
from scheduler.cycle import run_cycle
from scheduler.demo.server import respond
from scheduler.status import gather_status, render_status
from serieswatch.config import parse_config
from storage.models_search import SearchWindow
from storage.queries import list_articles, run_failures

BJ = timezone(timedelta(hours=8))
KEY = "京津冀协同发展"
GDP = "李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。"


def config_for(server, db_url, tmp_path, *, listing=False, **search):
    sources = [{"name": "people-search", "kind": "people_search", "search_url": server.url + SEARCH_PATH,
                "keywords": [KEY], "series": ["京津冀"], "page_size": 5, **search}]
    if listing:
        sources.append({"name": "listing", "start_urls": [server.url + "/GB/8198/index.html"], "series": ["京津冀"]})
    return parse_config({
        "data_dir": str(tmp_path / "data"), "storage": {"url": db_url},
        "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5},
        "sources": sources}, env={})


@pytest.fixture
def api(site_server):
    api = SearchApi()
    site_server.set_route(SEARCH_PATH, api)
    return api


def publish(site, api, server, n, day: datetime, *, title=None, searchable=True, **fields):
    """An article page on the site, and (searchable) a search record pointing at it."""
    path = f"/n1/{day:%Y}/{day:%m%d}/c1004-{40300000 + n}.html"
    title = title or f"{KEY}第{n}篇观察"
    fields.setdefault("paragraphs", [f"第{n}篇：{KEY}取得新进展。", GDP])
    site.article(path, title=title, published=f"{day:%Y-%m-%d %H:%M}", **fields)
    if searchable:
        api.add(server.url_for(path), title=title, published=day, content=fields["paragraphs"][0])
    return path


def archived(database):
    with database.session() as s:
        articles = list_articles(s)
        for a in articles:
            a.urls  # noqa: B018 - loaded before the session closes
        return {a.title: a for a in articles}


def downloads(server, path_prefix="/n1/"):
    return [p for p in server.hits.paths(status=200) if p.startswith(path_prefix)]


def test_backfill_archives_every_search_result_in_range_and_a_second_backfill_downloads_nothing(
        site, site_server, api, database, db_url, tmp_path):
    base = datetime(2023, 3, 10, 9, 30, tzinfo=BJ)
    paths = [publish(site, api, site_server, i, base + timedelta(days=9 * i)) for i in range(12)]   # 2023-03 … 2023-06
    publish(site, api, site_server, 99, datetime(2020, 5, 1, 8, 0, tzinfo=BJ))      # before --since
    config = config_for(site_server, db_url, tmp_path)

    outcome = run_backfill(config, database, since=date(2023, 1, 1), until=date(2023, 12, 31), tty=False)

    assert outcome.status == "ok", outcome.reason
    articles = archived(database)
    assert sorted(a.url.split(":", 2)[2].split("/", 1)[1] for a in articles.values()) == sorted(
        p.lstrip("/") for p in paths)
    first = articles[f"{KEY}第0篇观察"]
    assert first.source.name == "people-search" and first.published_at is not None and GDP in first.text
    assert outcome.stats["search_pages"] >= 3            # months with results, paged by 5
    for body in api.requests:
        assert isinstance(body["startTime"], int) and isinstance(body["endTime"], int) and body["limit"] == 5

    fetched = len(downloads(site_server))
    api.requests.clear()
    again = run_backfill(config, database, since=date(2023, 1, 1), until=date(2023, 12, 31), tty=False)

    assert again.status == "ok", again.reason
    assert len(downloads(site_server)) == fetched        # no article page downloaded a second time
    assert api.requests == []                            # every window was done already


def test_records_off_series_and_alias_urls_go_through_the_same_filter_and_dedup(
        site, site_server, api, database, db_url, tmp_path):
    day = datetime(2024, 4, 23, 9, 38, tzinfo=BJ)
    original = publish(site, api, site_server, 1, day, title="协同创新赋能京津冀经济高质量发展")
    # The same story under another channel's URL, and a page that only mentions the query in passing.
    alias = "/n1/2024/0423/c1001-40300901.html"
    site.article(alias, title="协同创新赋能京津冀经济高质量发展", published="2024-04-23 09:38", channel="时政",
                 paragraphs=[f"第1篇：{KEY}取得新进展。", GDP])
    api.add(site_server.url_for(alias), title="协同创新赋能京津冀经济高质量发展", published=day,
            content=f"第1篇：{KEY}取得新进展。")
    off = "/n1/2024/0424/c1004-40300902.html"
    site.article(off, title="长三角楼市观察", published="2024-04-24 10:00", paragraphs=["上海新房成交增长3%。"])
    api.add(site_server.url_for(off), title="长三角楼市观察", published=day + timedelta(days=1), content=f"{KEY}")
    config = config_for(site_server, db_url, tmp_path)

    outcome = run_backfill(config, database, since=date(2024, 4, 1), until=date(2024, 4, 30), tty=False)

    assert outcome.status == "ok", outcome.reason
    (article,) = archived(database).values()
    assert article.title == "协同创新赋能京津冀经济高质量发展"      # the page's title, no highlight tags
    assert {u.url.split("/")[-1] for u in article.urls} == {original.split("/")[-1], alias.split("/")[-1]}
    assert (outcome.stats["articles_new"], outcome.stats["articles_alias"], outcome.stats["off_series"]) == (1, 1, 1)

    run_backfill(config, database, since=date(2024, 4, 1), until=date(2024, 4, 30), tty=False)
    assert site_server.hits.count(off, status=200) == 1             # off-series pages are remembered


def test_a_daily_run_finds_an_article_only_the_search_knows(site, site_server, api, database, db_url, tmp_path):
    site.listing("/GB/8198/index.html", [])                          # the listing links to nothing
    two_days_ago = datetime.now(BJ).replace(second=0, microsecond=0) - timedelta(days=2)
    publish(site, api, site_server, 7, two_days_ago, title=f"{KEY}新进展")
    config = config_for(site_server, db_url, tmp_path, listing=True)

    outcome = run_cycle(config, kind="crawl", digests=False, db=database)

    assert outcome.status == "ok", outcome.reason
    assert list(archived(database)) == [f"{KEY}新进展"]
    (body,) = api.requests
    window = (body["endTime"] - body["startTime"]) / 86_400_000
    assert 6.9 < window < 7.1                                        # lookback_days


@pytest.mark.parametrize("failure, reason", [
    (respond(500, "Internal Server Error"), "HTTP 500"),
    (respond(200, "<html>维护中</html>", {"Content-Type": "text/html"}), "not a JSON answer"),
    (respond(200, '{"code": "0", "data": {"items": []}}', {"Content-Type": "application/json"}), "changed shape"),
    (respond(200, '{"code": "1001", "message": "busy", "data": null}', {"Content-Type": "application/json"}),
     "code '1001'"),
])
def test_search_failures_are_recorded_per_window_shown_by_status_and_retried(
        site, site_server, api, database, db_url, tmp_path, failure, reason):
    day = datetime(2024, 4, 23, 9, 38, tzinfo=BJ)
    publish(site, api, site_server, 1, day)
    config = config_for(site_server, db_url, tmp_path)
    api.fail_with(failure, times=2)                     # both windows of the range (March 31st UTC, and April)

    outcome = run_backfill(config, database, since=date(2024, 4, 1), until=date(2024, 4, 30), tty=False)

    assert outcome.status == "degraded"
    assert archived(database) == {}
    with database.session() as s:
        failures = run_failures(s, outcome.run_id)
    assert len(failures) == 2 and {f.kind for f in failures} == {"search"}
    assert all(reason in f.reason and KEY in f.reason for f in failures)
    assert any("2024-04-01 00:00–2024-04-30 16:00 UTC" in f.reason for f in failures)
    text = render_status(gather_status(config, database))
    assert reason in text and KEY in text

    retried = run_backfill(config, database, since=date(2024, 4, 1), until=date(2024, 4, 30), tty=False)

    assert retried.status == "ok", retried.reason
    assert list(archived(database)) == [f"{KEY}第1篇观察"]
    with database.session() as s:
        assert {w.status for w in s.query(SearchWindow)} == {"done"}


def test_a_window_with_more_results_than_paging_reaches_is_split(site, site_server, database, db_url, tmp_path):
    api = SearchApi(max_reachable=10)                   # the search pages only 10 deep
    site_server.set_route(SEARCH_PATH, api)
    base = datetime(2024, 4, 2, 9, 0, tzinfo=BJ)
    for i in range(24):
        publish(site, api, site_server, i, base + timedelta(hours=25 * i))
    config = config_for(site_server, db_url, tmp_path)

    outcome = run_backfill(config, database, since=date(2024, 4, 1), until=date(2024, 4, 30), tty=False)

    assert outcome.status == "ok", outcome.reason
    assert len(archived(database)) == 24
    assert outcome.stats["search_windows_split"] >= 2


def test_a_daily_search_that_failed_is_asked_again_by_the_next_run(site, site_server, api, database, db_url, tmp_path):
    three_days_ago = datetime.now(BJ).replace(second=0, microsecond=0) - timedelta(days=3)
    publish(site, api, site_server, 8, three_days_ago, title=f"{KEY}再进展")
    config = config_for(site_server, db_url, tmp_path, lookback_days=2)
    api.fail_with(respond(502, "Bad Gateway"), times=1)

    failed = run_cycle(config, kind="crawl", digests=False, db=database)
    retried = run_cycle(config, kind="crawl", digests=False, db=database)

    assert failed.status == "degraded" and retried.status == "ok", retried.reason
    first, second = api.requests
    assert second["startTime"] == first["startTime"]          # from where the last successful search ended
    assert (second["endTime"] - second["startTime"]) / 86_400_000 > 2    # so longer than lookback_days
    assert list(archived(database)) == []                     # three days back is outside both windows
    third = run_cycle(config, kind="crawl", digests=False, db=database)
    assert (api.requests[-1]["endTime"] - api.requests[-1]["startTime"]) / 86_400_000 < 2.1   # caught up
    assert third.status == "ok"


def test_article_pages_that_did_not_download_are_fetched_by_the_next_backfill(
        site, site_server, api, database, db_url, tmp_path):
    day = datetime(2024, 4, 23, 9, 38, tzinfo=BJ)
    ok = publish(site, api, site_server, 1, day)
    flaky = publish(site, api, site_server, 2, day + timedelta(hours=2))
    site_server.set_route(flaky, respond(503, "busy"))
    config = config_for(site_server, db_url, tmp_path)

    first = run_backfill(config, database, since=date(2024, 4, 2), until=date(2024, 4, 30), tty=False)
    site_server.set_route(flaky, None)
    second = run_backfill(config, database, since=date(2024, 4, 2), until=date(2024, 4, 30), tty=False)

    assert first.status == "degraded" and second.status == "ok", second.reason
    assert len(archived(database)) == 2
    assert site_server.hits.count(ok, status=200) == 1
