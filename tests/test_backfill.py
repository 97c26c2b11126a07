"""`serieswatch backfill` as a user runs it: killed and resumed, listing pages followed back to
--since, no digest for history, the archive lock held, search alerts after repeated failures."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from searchkit import SEARCH_PATH, SearchApi
from sitekit import Link
from sqlalchemy import func, select

from notifications.cycle import deliver_digests
from scheduler.backfill import run_backfill
from scheduler.cycle import run_cycle
from scheduler.demo.server import respond, slow
from scheduler.lock import ArchiveLock
from serieswatch.config import parse_config
from serieswatch.errors import AlreadyRunning
from storage.alerts import AlertStore
from storage.models import Article, Revision
from storage.subscribers import SubscriberStore

REPO = Path(__file__).resolve().parents[1]
BJ = timezone(timedelta(hours=8))
KEY = "京津冀协同发展"
GDP = "李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。"


def _doc(server, db_url, tmp_path, *, listing=False, search=True, **crawl):
    sources = []
    if search:
        sources.append({"name": "people-search", "kind": "people_search", "search_url": server.url + SEARCH_PATH,
                        "keywords": [KEY], "series": ["京津冀"], "page_size": 5})
    if listing:
        sources.append({"name": "listing", "start_urls": [server.url + "/GB/8198/index.html"], "series": ["京津冀"]})
    return {"data_dir": str(tmp_path / "data"), "storage": {"url": db_url},
            "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5, **crawl},
            "sources": sources, "email": {"outbox_dir": str(tmp_path / "outbox"), "admin": "ops@example.org"}}


@pytest.fixture
def api(site_server):
    api = SearchApi()
    site_server.set_route(SEARCH_PATH, api)
    return api


def publish(site, api, server, n, day, *, searchable=True):
    path = f"/n1/{day:%Y}/{day:%m%d}/c1004-{40400000 + n}.html"
    site.article(path, title=f"{KEY}第{n}篇", published=f"{day:%Y-%m-%d %H:%M}",
                 paragraphs=[f"第{n}篇：{KEY}取得新进展，技术合同成交额{100 + n}亿元。", GDP])
    if searchable:
        api.add(server.url_for(path), title=f"{KEY}第{n}篇", published=day, content=f"{KEY}第{n}篇")
    return path


def counts(database):
    with database.session() as s:
        return (s.scalar(select(func.count()).select_from(Article)),
                s.scalar(select(func.count()).select_from(Revision)))


def archived_paths(database):
    with database.session() as s:
        return {"/" + u.split("/", 3)[3] for u in s.scalars(select(Article.url))}


def test_a_backfill_killed_mid_way_and_run_again_loses_and_repeats_nothing(
        site, site_server, api, database, db_url, tmp_path):
    base = datetime(2024, 1, 3, 10, 0, tzinfo=BJ)
    paths = [publish(site, api, site_server, i, base + timedelta(days=3 * i)) for i in range(40)]
    for path in paths:
        site_server.set_route(path, slow(0.15))               # slow enough to be killed in the middle
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump(_doc(site_server, db_url, tmp_path, concurrency=2), allow_unicode=True))
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "--config", str(config_file), "backfill",
                             "--since", "2024-01-01", "--until", "2024-12-31"], cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while counts(database)[0] < 8 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)                   # kill -9: parent and crawl child, no clean-up
        proc.wait()
    had = archived_paths(database)
    assert 8 <= len(had) < 40
    site_server.hits.clear()

    config = parse_config(_doc(site_server, db_url, tmp_path), env={})
    # PostgreSQL frees a killed holder's advisory lock when its backend notices the dead connection:
    # at once on a quiet machine, a moment later on a loaded one. Run again as a user would, a moment on.
    outcome = run_backfill(config, database, since=date(2024, 1, 1), until=date(2024, 12, 31), tty=False, wait=30)

    assert outcome.status == "ok", outcome.reason
    assert archived_paths(database) == set(paths)            # nothing lost
    assert counts(database) == (40, 40)                       # nothing twice
    fetched_again = set(site_server.hits.paths(status=200)) & had
    assert fetched_again == set()                             # no page the archive had was downloaded again


def test_listing_sources_follow_next_pages_past_max_listing_pages_back_to_since(
        site, site_server, database, db_url, tmp_path):
    base = datetime(2024, 6, 30, 9, 0, tzinfo=BJ)
    items = []
    for i in range(30):                                        # newest first, one every 5 days: 2024-06 … 2024-01
        day = base - timedelta(days=5 * i)
        path = f"/n1/{day:%Y}/{day:%m%d}/c1004-{40500000 + i}.html"
        site.article(path, title=f"{KEY}观察{i}", published=f"{day:%Y-%m-%d %H:%M}", paragraphs=[f"{KEY}第{i}篇。", GDP])
        items.append(Link(f"t{i}", path, f"{day:%Y-%m-%d}"))
    site.paginated("/GB/8198/", items, per_page=3)            # 10 pages
    config = parse_config(_doc(site_server, db_url, tmp_path, listing=True, search=False, max_listing_pages=2),
                          env={})

    outcome = run_backfill(config, database, since=date(2024, 4, 1), until=date(2024, 6, 30), tty=False)

    assert outcome.status == "ok", outcome.reason
    # Back to April 1st: page 7 still links an April article, page 8 only March ones: no page 9.
    listing_pages = [p for p in site_server.hits.paths(status=200) if p.startswith("/GB/")]
    assert len(listing_pages) == 8
    assert counts(database)[0] == 24


def test_history_sends_no_digest_but_the_next_runs_news_does(site, site_server, api, database, db_url, tmp_path):
    with database.session() as s:
        SubscriberStore(s).add("analyst@example.org", language="zh")
    for i in range(3):
        publish(site, api, site_server, i, datetime(2023, 5, 1 + i, 9, 0, tzinfo=BJ))
    config = parse_config(_doc(site_server, db_url, tmp_path), env={})

    run_backfill(config, database, since=date(2023, 1, 1), until=date(2023, 12, 31), tty=False)
    state, _ = deliver_digests(config, database, None)

    assert list((tmp_path / "outbox").glob("*.eml")) == []    # ten years at once is not news
    publish(site, api, site_server, 50, datetime.now(BJ).replace(microsecond=0) - timedelta(days=1))
    outcome = run_cycle(config, kind="run", db=database)
    assert outcome.status == "ok", outcome.reason
    (mail,) = [p for p in (tmp_path / "outbox").glob("*.eml") if not p.name.startswith("alert-")]
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "40400050" in text and "40400000" not in text and "40400001" not in text


def test_backfill_holds_the_archive_lock_like_run(site_server, api, database, db_url, tmp_path):
    config = parse_config(_doc(site_server, db_url, tmp_path), env={})
    lock = ArchiveLock(database.engine, "cycle", lock_dir=config.data_dir).acquire()
    try:
        with pytest.raises(AlreadyRunning):
            run_backfill(config, database, since=date(2024, 1, 1), until=date(2024, 1, 31), tty=False)
    finally:
        lock.release()


def test_the_admin_hears_of_a_failing_search_after_three_runs_and_of_a_changed_answer_at_once(
        site, site_server, api, database, db_url, tmp_path):
    site.listing("/GB/8198/index.html", [])
    config = parse_config(_doc(site_server, db_url, tmp_path, listing=True), env={})

    def open_alerts():
        with database.session() as s:
            return sorted(k for k in ("search_failing", "layout_change", "run_degraded")
                          if AlertStore(s).current(k) is not None)

    for n in range(3):
        api.fail_with(respond(503, "busy"), times=1)
        outcome = run_cycle(config, kind="crawl", digests=False, db=database)
        assert outcome.status == "degraded"
        assert open_alerts() == ([] if n < 2 else ["search_failing"])

    run_cycle(config, kind="crawl", digests=False, db=database)       # the search answers again
    assert open_alerts() == []

    api.fail_with(respond(200, '{"code": "0", "result": []}', {"Content-Type": "application/json"}), times=1)
    run_cycle(config, kind="crawl", digests=False, db=database)
    assert open_alerts() == ["layout_change"]
