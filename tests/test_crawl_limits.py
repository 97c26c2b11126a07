"""What the crawler refuses: oversized pages and decompression bombs, unsafe targets, unreadable robots.txt."""

from __future__ import annotations

import gzip
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from sitekit import Link

from crawler.safety import SafeTargetMiddleware, is_private_host
from scheduler.cycle import run_cycle
from scheduler.demo.server import respond
from serieswatch.config import parse_config
from storage.queries import list_articles, run_failures

ARTICLE = "/n1/2024/0423/c1004-40221111.html"


def crawl(site_server, db_url, tmp_path, database, **crawl_options):
    config = parse_config({
        "data_dir": str(tmp_path / "data"), "storage": {"url": db_url},
        "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5, **crawl_options},
        "sources": [{"name": "s", "start_urls": [site_server.url + "/GB/1/index.html"], "series": ["京津冀"]}],
    }, env={})
    outcome = run_cycle(config, kind="crawl", digests=False, db=database)
    with database.session() as s:
        failures = {f.url.rsplit("/", 1)[1]: (f.kind, f.reason) for f in run_failures(s, outcome.run_id)}
        stored = len(list_articles(s))
    return outcome, failures, stored


def test_a_page_over_the_size_limit_is_dropped_with_its_reason(site, site_server, database, db_url, tmp_path):
    site.listing("/GB/1/index.html", [Link("big", ARTICLE)])
    site_server.set_route(ARTICLE, respond(200, b"<html>" + b"x" * 300_000 + b"</html>",
                                           {"Content-Type": "text/html"}))
    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database, max_page_bytes=100_000)
    assert stored == 0
    assert failures["c1004-40221111.html"][0] == "too_large"
    assert outcome.status == "degraded"


def endless_chunks(handler):
    """A chunked body that never ends (bounded here at 50 MB, so a broken client cannot hang the test)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_000 + b"</p>"
    try:
        for _ in range(800):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass                       # the crawler hung up: what we want


def test_an_endless_chunked_body_is_dropped_as_larger_than_the_limit(site, site_server, database, db_url, tmp_path):
    site.listing("/GB/1/index.html", [Link("endless", ARTICLE)])
    site_server.set_route(ARTICLE, endless_chunks)
    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database, max_page_bytes=100_000)
    assert stored == 0
    kind, reason = failures["c1004-40221111.html"]
    assert kind == "too_large" and "larger than crawl.max_page_bytes" in reason


def test_a_decompression_bomb_is_dropped_and_memory_stays_bounded(site, site_server, database, db_url, tmp_path):
    site.listing("/GB/1/index.html", [Link("bomb", ARTICLE)])
    bomb = gzip.compress(b"\0" * 50_000_000)          # 50 MB of zeros in about 50 KB
    site_server.set_route(ARTICLE, respond(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database, max_page_bytes=1_000_000)
    assert stored == 0
    assert failures["c1004-40221111.html"][0] == "too_large"


def test_robots_txt_answering_500_disallows_the_host_for_the_run(site, site_server, database, db_url, tmp_path):
    site.listing("/GB/1/index.html", [Link("a", ARTICLE)])
    site_server.set_route("/robots.txt", respond(500, "down"))
    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database)
    assert not [h for h in site_server.hits if h.path.startswith("/GB/") or h.path.startswith("/n1/")]
    assert outcome.status != "ok"
    assert failures["index.html"] == ("robots", "robots.txt unavailable (HTTP 500): host not crawled this run")


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.org/x", "http://127.0.0.1/admin", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/", "http://10.0.0.8/", "http://localhost:8080/",
])
def test_a_public_crawl_never_reaches_local_or_non_http_targets(url):
    crawler = SimpleNamespace(settings={"SERIESWATCH_ALLOW_PRIVATE_HOSTS": None},
                              spider=SimpleNamespace(start_urls=["http://finance.people.com.cn/GB/70846/index.html"]))
    middleware = SafeTargetMiddleware(crawler)
    with pytest.raises(IgnoreRequest, match="refused"):
        middleware.process_request(Request(url) if url.startswith("http") else _request_any_scheme(url))


def test_a_local_site_may_be_crawled_when_it_is_the_start_url():
    crawler = SimpleNamespace(settings={"SERIESWATCH_ALLOW_PRIVATE_HOSTS": None},
                              spider=SimpleNamespace(start_urls=["http://127.0.0.1:8000/GB/1/index.html"]))
    assert SafeTargetMiddleware(crawler).process_request(Request("http://127.0.0.1:8000/n1/a.html")) is None
    assert is_private_host("127.0.0.1") and not is_private_host("finance.people.com.cn")


def _request_any_scheme(url):
    request = Request("http://placeholder/")
    return request.replace(url=url)


def test_an_archive_that_refuses_writes_fails_the_run_and_stays_consistent(site, site_server, tmp_path):
    from sqlalchemy import func, select, text

    from storage.db import open_database
    from storage.models import RawPage, Revision

    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    database = open_database(db_url)
    with database.engine.begin() as conn:    # stands in for a full disk or a read-only file system
        conn.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON articles "
                          "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
    site.article(ARTICLE, title="京津冀协同发展", paragraphs=["京津冀地区生产总值10.4万亿元。"])
    site.listing("/GB/1/index.html", [Link("a", ARTICLE)])

    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database)

    assert outcome.status == "failed" and outcome.exit_code == 1
    assert "could not be archived" in outcome.reason and "disk is full" in outcome.reason
    with database.session() as s:            # the whole batch rolled back: no orphan page or revision
        assert stored == 0
        assert s.scalar(select(func.count(RawPage.id))) == 0
        assert s.scalar(select(func.count(Revision.id))) == 0
    database.dispose()


def test_a_robots_crawl_delay_spaces_the_requests_to_that_host(site, site_server, database, db_url, tmp_path):
    import time

    from scheduler.demo.server import SiteRequestHandler
    paths = [f"/n1/2024/0423/c1004-4022111{i}.html" for i in range(3)]
    for i, path in enumerate(paths):
        site.article(path, title=f"京津冀协同发展{i}", paragraphs=[f"第{i}篇，京津冀地区生产总值10.4万亿元。"])
    site.listing("/GB/1/index.html", [Link(str(i), p) for i, p in enumerate(paths)])
    site.robots("User-agent: *\nCrawl-delay: 1\nDisallow:\n")
    seen = []

    def timed(handler):
        seen.append(time.monotonic())
        SiteRequestHandler.serve_file(handler)

    for path in paths:
        site_server.set_route(path, timed)
    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database, concurrency=4)
    assert stored == 3 and outcome.status == "ok"
    gaps = [b - a for a, b in zip(sorted(seen), sorted(seen)[1:])]
    assert all(gap >= 0.9 for gap in gaps), gaps


def test_an_archive_that_refuses_writes_logs_each_page_once_by_url_never_its_html(
        site, site_server, database, db_url, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("the refusing archive is a SQLite trigger")
    from sqlalchemy import text
    paths = [f"/n1/2024/0423/c1004-402213{i:02d}.html" for i in range(3)]
    for i, p in enumerate(paths):
        site.article(p, title=f"京津冀观察{i}", paragraphs=[f"京津冀正文第{i}段，地区生产总值10.4万亿元。"] * 20)
    site.listing("/GB/1/index.html", [Link(str(i), p) for i, p in enumerate(paths)])
    with database.engine.begin() as conn:        # as a full disk would: every article insert fails
        conn.execute(text("CREATE TRIGGER disk_full BEFORE INSERT ON articles "
                          "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"))
    outcome, failures, stored = crawl(site_server, db_url, tmp_path, database)
    assert stored == 0 and outcome.status == "failed" and "could not be archived" in outcome.reason
    log = (tmp_path / "data" / "logs" / "serieswatch.log").read_text(encoding="utf-8")
    assert "京津冀正文" not in log and "<p" not in log and "<html" not in log.lower()
    for p in paths:
        lines = [line for line in log.splitlines() if p in line]
        assert len(lines) == 1 and "disk is full" in lines[0], lines
