"""Real Scrapy crawls of a fixture site on 127.0.0.1 into a fresh archive (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import pytest
from sitekit import Link

from scheduler.cycle import run_cycle
from scheduler.demo.server import redirect, respond, slow
from serieswatch.config import parse_config
from storage.queries import list_articles, run_failures

SERIES = "新时代京津冀协同发展十年新篇章系列报道之"
GDP = "李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。"
CONTRACTS = "北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。"


def _doc(server, db_url, tmp_path, **crawl):
    return {
        "data_dir": str(tmp_path / "data"),
        "storage": {"url": db_url},
        "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5, **crawl},
        "sources": [{"name": "peoples-daily-jjj", "start_urls": [server.url + "/GB/8198/index.html"],
                     "series": ["京津冀", "Beijing-Tianjin-Hebei"]}],
    }


def crawl_config(server, db_url, tmp_path, **crawl):
    return parse_config(_doc(server, db_url, tmp_path, **crawl), env={})


def crawl(config, database):
    return run_cycle(config, kind="crawl", digests=False, db=database)


def series_article(site, path, part=1, **fields):
    fields.setdefault("kicker", f"{SERIES}{'一二三四五六七八九'[part - 1]}")
    fields.setdefault("title", f"京津冀协同发展报道第{part}篇")
    fields.setdefault("paragraphs", [GDP, CONTRACTS])
    return site.article(path, **fields)


@pytest.fixture
def config(site_server, db_url, tmp_path):
    return crawl_config(site_server, db_url, tmp_path)


def archived(database):
    """Title → article, with its URLs and revisions loaded."""
    with database.session() as s:
        articles = list_articles(s)
        for a in articles:
            a.revisions, a.urls  # noqa: B018 - load before the session closes
        return {a.title: a for a in articles}


def test_pagination_is_followed_and_every_series_article_archived(site, site_server, database, config):
    paths = [f"/n1/2024/04{10 + i:02d}/c1004-4022{i:04d}.html" for i in range(12)]
    for i, path in enumerate(paths):
        series_article(site, path, title=f"京津冀协同发展观察之{i}", kicker="", published=f"2024-04-{10 + i:02d} 09:00",
                       paragraphs=[f"第{i}篇：京津冀三地协同推进。", GDP])
    site.paginated("/GB/8198/", [Link(f"t{i}", p) for i, p in enumerate(paths)], per_page=5)

    outcome = crawl(config, database)

    assert outcome.status == "ok", outcome.reason
    assert outcome.stats["listing_pages"] == 3
    assert len(archived(database)) == 12




def test_series_parts_encodings_duplicates_and_off_series_pages(site, site_server, database, config):
    series_article(site, "/n1/2024/0423/c1004-40221837.html", part=2, subtitle="经济韧性和活力持续增强",
                   author="人民网记者 许维娜", encoding="gbk",
                   paragraphs=["河北雄安新区启动区建设提速，喆园片区交付使用。", GDP])
    series_article(site, "/n1/2024/0423/c1001-40221900.html", part=2, subtitle="经济韧性和活力持续增强",
                   author="人民网记者 许维娜", encoding="gbk",
                   paragraphs=["河北雄安新区启动区建设提速，喆园片区交付使用。", GDP], channel="时政")
    site.article("/n1/2024/0424/c1004-40222000.html", title="长三角楼市观察", paragraphs=["上海新房成交增长3%。"])
    site.listing("/GB/8198/index.html", [Link("a", "/n1/2024/0423/c1004-40221837.html"),
                                          Link("b", "/n1/2024/0423/c1001-40221900.html"),
                                          Link("c", "/n1/2024/0424/c1004-40222000.html")])

    outcome = crawl(config, database)

    assert outcome.status == "ok", outcome.reason
    assert (outcome.stats["articles_new"], outcome.stats["articles_alias"], outcome.stats["off_series"]) == (1, 1, 1)
    (article,) = archived(database).values()
    assert article.series_name == "新时代京津冀协同发展十年新篇章" and article.series_part == 2
    assert article.subtitle == "经济韧性和活力持续增强" and article.authors == ["许维娜"]
    assert "喆园" in article.text and "\ufffd" not in article.text
    assert len(article.urls) == 2


def test_a_charset_header_that_lies_does_not_produce_mojibake(site, site_server, database, config):
    series_article(site, "/n1/2024/0423/c1004-40221837.html", encoding="gbk")
    site.listing("/GB/8198/index.html", [Link("a", "/n1/2024/0423/c1004-40221837.html")])
    site_server.set_headers("/n1/2024/0423/c1004-40221837.html", {"Content-Type": "text/html; charset=utf-8"})

    assert crawl(config, database).status == "ok"
    (article,) = archived(database).values()
    assert "京津冀地区生产总值" in article.text and "\ufffd" not in article.text


def test_a_revised_article_becomes_a_revision_and_an_idle_run_fetches_no_article(site, site_server, database,
                                                                                   config):
    path = "/n1/2024/0423/c1004-40221837.html"
    series_article(site, path)
    site.listing("/GB/8198/index.html", [Link("a", path)])
    assert crawl(config, database).stats["articles_new"] == 1

    site.revise(path, paragraphs=[GDP.replace("10.4万亿元", "10.5万亿元"), CONTRACTS, "新增一段。"])
    second = crawl(config, database)
    assert second.stats.get("articles_revised") == 1 and not second.stats.get("articles_new")
    (article,) = archived(database).values()
    assert article.revision_count == 2 and "10.5万亿元" in article.text
    assert "10.4万亿元" in article.revisions[0].text

    before = len(site_server.hits)
    idle = crawl(config, database)
    assert idle.status == "ok"
    article_hits = [h for h in site_server.hits.snapshot()[before:] if h.path.startswith("/n1/")]
    assert article_hits and all(h.status == 304 for h in article_hits)


def test_failed_pages_are_recorded_with_url_and_reason_and_the_run_is_degraded(site, site_server, database, db_url,
                                                                                tmp_path):
    good = "/n1/2024/0423/c1004-40221837.html"
    series_article(site, good)
    links = [Link("ok", good), Link("gone", "/n1/2024/0423/c1004-40229404.html"),
             Link("broken", "/n1/2024/0423/c1004-40229500.html"),
             Link("slow", "/n1/2024/0423/c1004-40229600.html"),
             Link("odd", "/n1/2024/0423/c1004-40229700.html"),
             Link("private", "/n1/2024/0423/c1004-40229800.html")]
    site.listing("/GB/8198/index.html", links)
    site.article("/n1/2024/0423/c1004-40229700.html", template="unknown", title="京津冀未知版式")
    site_server.set_route("/n1/2024/0423/c1004-40229500.html", respond(500, "oops"))
    site_server.set_route("/n1/2024/0423/c1004-40229600.html", slow(4))
    site.robots("User-agent: *\nDisallow: /n1/2024/0423/c1004-40229800.html\n")
    config = crawl_config(site_server, db_url, tmp_path, timeout=1)

    outcome = crawl(config, database)

    assert outcome.status == "degraded"
    assert len(archived(database)) == 1
    with database.session() as s:
        reasons = {f.url.rsplit("/", 1)[1]: (f.kind, f.reason) for f in run_failures(s, outcome.run_id)}
    assert reasons["c1004-40229404.html"] == ("fetch", "HTTP 404")
    assert reasons["c1004-40229500.html"] == ("fetch", "HTTP 500")
    assert "timed out" in reasons["c1004-40229600.html"][1]
    assert reasons["c1004-40229700.html"] == ("layout", "unknown layout: no known template matched")
    assert reasons["c1004-40229800.html"] == ("robots", "disallowed by robots.txt")
    assert not [h for h in site_server.hits if h.path.endswith("40229800.html")]


def test_every_new_page_in_an_unknown_layout_fails_the_run(site, site_server, database, config):
    for i in range(3):
        site.article(f"/n1/2024/0423/c1004-4022990{i}.html", template="unknown", title=f"京津冀新版式{i}")
    site.listing("/GB/8198/index.html", [Link(str(i), f"/n1/2024/0423/c1004-4022990{i}.html") for i in range(3)])

    outcome = crawl(config, database)

    assert outcome.status == "failed" and outcome.exit_code == 1
    assert "none could be parsed" in outcome.reason
    assert archived(database) == {}


def test_redirects_to_other_schemes_are_refused(site, site_server, database, config):
    site.listing("/GB/8198/index.html", [Link("x", "/n1/2024/0423/c1004-40221111.html"),
                                          Link("y", "/n1/2024/0423/c1004-40221112.html")])
    site_server.set_route("/n1/2024/0423/c1004-40221111.html", redirect("file:///etc/passwd"))
    site_server.set_route("/n1/2024/0423/c1004-40221112.html", redirect("/n1/2024/0423/c1004-40221112.html"))

    outcome = crawl(config, database)

    with database.session() as s:
        kinds = {f.url.rsplit("/", 1)[1]: f.kind for f in run_failures(s, outcome.run_id)}
    assert kinds["c1004-40221111.html"] == "refused"
    assert kinds["c1004-40221112.html"] == "refused"
    assert archived(database) == {}


def test_retry_after_is_honoured_then_given_up(site, site_server, database, db_url, tmp_path):
    site.listing("/GB/8198/index.html", [Link("x", "/n1/2024/0423/c1004-40221111.html")])
    site_server.set_route("/n1/2024/0423/c1004-40221111.html", respond(429, "slow down", {"Retry-After": "1"}))
    config = crawl_config(site_server, db_url, tmp_path, retries=1)

    outcome = crawl(config, database)

    hits = [h for h in site_server.hits if h.path.endswith("40221111.html")]
    assert len(hits) == 2
    with database.session() as s:
        (failure,) = run_failures(s, outcome.run_id)
    assert failure.kind == "gave_up" and "Retry-After 1s" in failure.reason
    assert outcome.status == "degraded"


def test_an_unreadable_page_stays_reported_and_is_reread_without_a_download(site, site_server, database, db_url,
                                                                             tmp_path):
    page = "/n1/2024/0423/c1004-40229700.html"
    site.article(page, template="unknown", title="京津冀未知版式", paragraphs=[GDP, CONTRACTS, GDP + CONTRACTS])
    site.listing("/GB/8198/index.html", [Link("odd", page)])
    assert crawl(crawl_config(site_server, db_url, tmp_path), database).status == "failed"

    before = len(site_server.hits)
    again = crawl(crawl_config(site_server, db_url, tmp_path), database)
    with database.session() as s:
        (failure,) = run_failures(s, again.run_id)
    assert again.status == "ok" and failure.reason.startswith("still unreadable")
    assert [h.status for h in site_server.hits.snapshot()[before:] if h.path == page] == [304]

    # The operator lets the generic extractor read such pages: the next run archives it, still without a download.
    before = len(site_server.hits)
    config = parse_config({**_doc(site_server, db_url, tmp_path), "sources": [{
        "name": "peoples-daily-jjj", "start_urls": [site_server.url + "/GB/8198/index.html"],
        "series": ["京津冀"], "generic_fallback": True}]}, env={})
    third = crawl(config, database)
    assert third.status == "ok" and third.stats["articles_new"] == 1
    assert [h.status for h in site_server.hits.snapshot()[before:] if h.path == page] == [304]
