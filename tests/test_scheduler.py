"""Unattended operation: one scheduler per archive, no interleaved cycles, catch-up, DST, clean stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from sitekit import Link

from scheduler.lock import ArchiveLock
from scheduler.service import missed_fire_time
from serieswatch.config import parse_config
from serieswatch.errors import AlreadyRunning
from storage.db import open_database
from storage.queries import list_articles

REPO = Path(__file__).resolve().parents[1]


def write_config(tmp_path, db_url, start_url="http://127.0.0.1:9/GB/1/index.html", **extra) -> Path:
    doc = {"data_dir": str(tmp_path / "data"), "storage": {"url": db_url},
           "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5},
           "sources": [{"name": "s", "start_urls": [start_url], "series": ["京津冀"]}], **extra}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def serieswatch(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "scheduler", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_second_scheduler_refuses_and_sigterm_stops_the_first(tmp_path, db_url):
    config = write_config(tmp_path, db_url, schedule={"cron": "0 8 1 1 *"})
    first = serieswatch("--config", str(config), "schedule")
    try:
        assert wait_for(lambda: "scheduler started" in (Path(tmp_path / "data/logs/serieswatch.log").read_text()
                                                        if (tmp_path / "data/logs/serieswatch.log").exists() else ""))
        second = serieswatch("--config", str(config), "schedule")
        _, err = second.communicate(timeout=60)
        assert second.returncode == 3
        assert "a scheduler is already running on this archive" in err
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
        assert first.returncode == 0
    finally:
        if first.poll() is None:
            first.kill()


def test_a_run_started_during_a_cycle_refuses_instead_of_interleaving(tmp_path, db_url):
    config = parse_config({"data_dir": str(tmp_path / "data"), "storage": {"url": db_url}}, env={})
    db = open_database(config.storage_url)
    held = ArchiveLock(db.engine, "cycle", lock_dir=config.data_dir).acquire()
    try:
        path = write_config(tmp_path, db_url)
        proc = serieswatch("--config", str(path), "run")
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 3 and "a cycle is already running" in err
        with pytest.raises(AlreadyRunning):
            ArchiveLock(db.engine, "cycle", lock_dir=config.data_dir).acquire(wait=0.3)
    finally:
        held.release()
        db.dispose()


def test_killed_mid_crawl_then_run_again_loses_and_duplicates_nothing(tmp_path, db_url, site, site_server):
    from scheduler.demo.server import slow
    paths = [f"/n1/2024/0423/c1004-402200{i:02d}.html" for i in range(6)]
    for i, p in enumerate(paths):
        site.article(p, title=f"京津冀观察{i}", paragraphs=[f"第{i}篇。京津冀地区生产总值10.4万亿元。"])
    site.listing("/GB/1/index.html", [Link(str(i), p) for i, p in enumerate(paths)])
    # The last page hangs, so the crawl is still running when it is killed.
    site_server.set_route(paths[-1], slow(30))
    path = write_config(tmp_path, db_url, start_url=site_server.url + "/GB/1/index.html")
    proc = serieswatch("--config", str(path), "crawl", start_new_session=True)
    db = open_database(db_url)
    try:
        def stored():
            with db.session() as s:
                return len(list_articles(s))
        assert wait_for(lambda: stored() >= 5, timeout=60)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        site_server.set_route(paths[-1], None)

        again = serieswatch("--config", str(path), "crawl")
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        with db.session() as s:
            titles = [a.title for a in list_articles(s)]
        assert sorted(titles) == sorted(f"京津冀观察{i}" for i in range(6))
        status = serieswatch("--config", str(path), "status", "--format", "json")
        out, _ = status.communicate(timeout=60)
        import json
        runs = json.loads(out)["runs"]
        assert runs[0]["status"] == "ok" and runs[1]["status"] == "failed"
        assert "interrupted" in runs[1]["error"]
    finally:
        db.dispose()


TZ = "Asia/Shanghai"


def cfg(cron="0 8 * * *", tz=TZ, grace=6 * 3600):
    return parse_config({"timezone": tz, "schedule": {"cron": cron, "misfire_grace_seconds": grace}}, env={})


def test_machine_off_over_the_trigger_means_exactly_one_catch_up_run():
    config = cfg()
    tz = ZoneInfo(TZ)
    now = datetime(2026, 11, 28, 9, 30, tzinfo=tz)
    yesterday_run = datetime(2026, 11, 27, 8, 0, 5, tzinfo=tz)
    assert missed_fire_time(config, yesterday_run, now) == datetime(2026, 11, 28, 8, 0, tzinfo=tz)
    # After the catch-up ran, nothing more is due.
    assert missed_fire_time(config, now - timedelta(minutes=5), now) is None
    # Off for days: still one catch-up (coalesced), only within the grace time.
    assert missed_fire_time(config, yesterday_run - timedelta(days=5), now) is not None
    assert missed_fire_time(config, yesterday_run, datetime(2026, 11, 28, 23, 0, tzinfo=tz)) is None
    # A new archive has missed nothing.
    assert missed_fire_time(config, None, now) is None


@pytest.mark.parametrize("cron", ["30 1 * * *", "30 2 * * *", "0 8 * * *"])
@pytest.mark.parametrize("day", ["2026-03-08", "2026-11-01"])   # US DST starts / ends
def test_daylight_saving_transitions_fire_once_per_local_day(day, cron):
    from scheduler.triggers import DstSafeCronTrigger
    tz = ZoneInfo("America/New_York")
    trigger = DstSafeCronTrigger.from_crontab(cron, tz)   # 01:30 repeats, 02:30 is skipped on those days
    start = datetime.fromisoformat(day).replace(tzinfo=tz) - timedelta(days=2)
    fires, previous, now = [], None, start
    while len(fires) < 5:
        nxt = trigger.get_next_fire_time(previous, now)
        fires.append(nxt)
        previous, now = nxt, nxt + timedelta(seconds=1)
    local_days = [f.astimezone(tz).date() for f in fires]
    assert len(set(local_days)) == len(local_days) == 5
    assert local_days == sorted(local_days)
