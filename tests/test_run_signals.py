"""A killed `run` takes its crawl with it, SIGTERM stops it cleanly, and the next run is alone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sitekit import Link

from scheduler.demo.server import slow
from storage.db import open_database
from storage.queries import list_articles
from test_scheduler import REPO, serieswatch, wait_for, write_config


def session_processes(sid: int) -> list[int]:
    """Live processes of the session `sid` (the killed `run` started one; its crawl child joined it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append(int(entry.name))
    return found


def hanging_site(site, site_server, n=6):
    """n articles, the last of which hangs: returns (paths, an Event set once it is being fetched)."""
    fetching = threading.Event()

    def hang(handler):
        fetching.set()
        slow(60)(handler)

    paths = [f"/n1/2024/0423/c1004-402201{i:02d}.html" for i in range(n)]
    for i, p in enumerate(paths):
        site.article(p, title=f"京津冀观察{i}", paragraphs=[f"第{i}篇。京津冀地区生产总值10.4万亿元。"])
    site.listing("/GB/1/index.html", [Link(str(i), p) for i, p in enumerate(paths)])
    site_server.set_route(paths[-1], hang)          # the crawl is still running when `run` is killed
    return paths, fetching


PATIENT = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 120}


def runs_of(path):
    out, _ = serieswatch("--config", str(path), "status", "--format", "json").communicate(timeout=60)
    return json.loads(out)["runs"]


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_run_mid_crawl_leaves_no_crawl_behind_and_the_next_run_is_alone(
        tmp_path, db_url, site, site_server, how):
    paths, fetching = hanging_site(site, site_server)
    config = write_config(tmp_path, db_url, start_url=site_server.url + "/GB/1/index.html", crawl=PATIENT)
    # Its own session, so that every process it started can be found (and cleaned up) afterwards.
    # stderr to a file: a surviving child would hold a pipe open and hide itself behind communicate().
    log = open(tmp_path / "run.err", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "--config", str(config), "run"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=log, text=True, start_new_session=True)
    db = open_database(db_url)
    try:
        def stored():
            with db.session() as s:
                return len(list_articles(s))
        assert wait_for(lambda: stored() >= len(paths) - 1 and fetching.is_set(), timeout=90)
        assert len(session_processes(proc.pid)) >= 2          # `run` and its crawl child
        os.kill(proc.pid, how)                                  # the parent only, as systemd or `kill` would
        proc.wait(timeout=60)
        err = (tmp_path / "run.err").read_text()

        # Nothing of the killed run survives it: no crawl child re-parented to PID 1.
        assert wait_for(lambda: not session_processes(proc.pid), timeout=30), session_processes(proc.pid)
        if how == signal.SIGTERM:
            assert proc.returncode == 143, err
            assert "Traceback" not in err
            killed = runs_of(config)[0]
            assert killed["status"] == "failed" and "interrupted" in killed["error"]
        else:
            assert proc.returncode == -signal.SIGKILL

        hits_after_kill = len(site_server.hits)
        site_server.set_route(paths[-1], None)
        again = serieswatch("--config", str(config), "run")
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        runs = runs_of(config)
        assert runs[0]["status"] == "ok" and runs[1]["status"] == "failed"
        assert "interrupted" in runs[1]["error"]
        # The next run was alone: each article page was downloaded once in all (no second crawler
        # fetching beside it), and nothing is archived twice.
        downloads = site_server.hits.paths(status=200)
        for p in paths[:-1]:
            assert downloads.count(p) == 1, (p, downloads)
        assert len(site_server.hits) > hits_after_kill
        with db.session() as s:
            titles = sorted(a.title for a in list_articles(s))
        assert titles == sorted(f"京津冀观察{i}" for i in range(len(paths)))
    finally:
        log.close()
        db.dispose()
        for pid in session_processes(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
