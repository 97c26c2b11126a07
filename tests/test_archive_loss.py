"""PostgreSQL going away under a run: a lost advisory lock stops the cycle; a lost database is one clean line."""

from __future__ import annotations

import os
import selectors
import signal
import socket
import subprocess
import sys
import threading

import pytest
from sqlalchemy import create_engine, text

from archive_fixtures import PG_URL
from storage.db import open_database
from storage.lock import ArchiveLock
from storage.queries import list_articles
from test_run_signals import PATIENT, hanging_site, runs_of, session_processes
from test_scheduler import REPO, wait_for, write_config

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs SERIESWATCH_TEST_PG_URL")


class TcpProxy:
    """127.0.0.1:port → the PostgreSQL server; `cut()` drops every connection and stops listening."""

    def __init__(self, target_port: int, port: int = 0):
        self.target_port, self.port = target_port, port
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []

    def start(self) -> "TcpProxy":
        self._stop.clear()
        self._server = socket.create_server(("127.0.0.1", self.port))     # SO_REUSEADDR: the port again
        self.port = self._server.getsockname()[1]
        self._server.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self):
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except (socket.timeout, OSError):
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self._conns += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a, b):
        sel = selectors.DefaultSelector()
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        try:
            while not self._stop.is_set():
                for key, _ in sel.select(0.2):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            a.close()
            b.close()

    def cut(self):
        self._stop.set()
        self._server.close()
        for c in self._conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()
        self._conns.clear()


def through(db_url: str, port: int) -> str:
    return db_url.replace("@127.0.0.1:5432/", f"@127.0.0.1:{port}/", 1)


def start_run(tmp_path, config):
    log = open(tmp_path / "run.err", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "--config", str(config), "run"], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=log, text=True, start_new_session=True)
    return proc, log


def mid_crawl(db_url, paths, fetching):
    db = open_database(db_url)
    try:
        def stored():
            with db.session() as s:
                return len(list_articles(s))
        return wait_for(lambda: stored() >= len(paths) - 1 and fetching.is_set(), timeout=90)
    finally:
        db.dispose()


def cleanup(proc):
    for pid in session_processes(proc.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def pg_url(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    return db_url


def test_a_terminated_lock_session_stops_the_cycle_as_interrupted(tmp_path, pg_url, site, site_server):
    paths, fetching = hanging_site(site, site_server)
    config = write_config(tmp_path, pg_url, start_url=site_server.url + "/GB/1/index.html", crawl=PATIENT)
    proc, log = start_run(tmp_path, config)
    admin = create_engine(pg_url)
    try:
        assert mid_crawl(pg_url, paths, fetching)
        probe = ArchiveLock(admin, "cycle", lock_dir=tmp_path)._pg_key_parts()
        with admin.begin() as conn:      # as an operator's pg_terminate_backend or a failover would
            killed = conn.execute(text(
                "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory'"
                " and classid = :c and objid = :o and objsubid = 1"), probe).all()
        assert killed
        proc.wait(timeout=120)
        err = (tmp_path / "run.err").read_text()
        assert proc.returncode == 1, err
        assert "Traceback" not in err
        assert "lock was lost" in err
        run = runs_of(config)[0]
        assert run["status"] == "failed" and "lock was lost" in run["error"]
        assert wait_for(lambda: not session_processes(proc.pid), timeout=30)
    finally:
        log.close()
        admin.dispose()
        cleanup(proc)


def test_losing_the_database_mid_run_is_one_clean_line_and_the_run_is_recorded_later(
        tmp_path, pg_url, site, site_server):
    paths, fetching = hanging_site(site, site_server)
    proxy = TcpProxy(5432).start()
    url = through(pg_url, proxy.port)
    config = write_config(tmp_path, url, start_url=site_server.url + "/GB/1/index.html", crawl=PATIENT)
    proc, log = start_run(tmp_path, config)
    try:
        assert mid_crawl(pg_url, paths, fetching)
        proxy.cut()
        proc.wait(timeout=180)
        err = (tmp_path / "run.err").read_text()
        assert proc.returncode == 1, err
        assert "Traceback" not in err, err
        last = err.strip().splitlines()[-1]
        assert last.startswith("serieswatch: error:") and "archive" in last, err
        assert wait_for(lambda: not session_processes(proc.pid), timeout=30)

        # The database returns: the next run records the lost one as interrupted and finishes the work.
        proxy = TcpProxy(5432, port=proxy.port).start()
        site_server.set_route(paths[-1], None)
        again = subprocess.run([sys.executable, "-m", "scheduler", "--config", str(config), "run"], cwd=REPO,
                               capture_output=True, text=True, timeout=180)
        assert again.returncode == 0, again.stderr
        runs = runs_of(config)
        assert runs[0]["status"] == "ok"
        assert runs[1]["status"] == "failed" and "interrupted" in runs[1]["error"]
    finally:
        proxy.cut()
        log.close()
        cleanup(proc)
