"""Running a crawl: in this process (`crawl_here`) or in a child process (`crawl_in_child`).

Twisted's reactor cannot be restarted in one process, so the CLI and the scheduler always crawl in
a fresh child; the child writes articles, failures and its counts straight to the archive.

The child never outlives its parent, which holds the archive's cycle lock: on Linux it asks the
kernel for SIGKILL when the parent dies (PR_SET_PDEATHSIG), everywhere it watches its parent id,
and it takes the archive's crawl lock itself, so even an orphan could never crawl beside the next
run. Each store first checks that the crawl lock is still held (a PostgreSQL session can be
terminated under it); the parent checks its own lock while it waits.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time

from scrapy.crawler import CrawlerProcess

from crawler.parse_pool import ParsePool
from crawler.report import CrawlReport
from crawler.settings import scrapy_settings
from crawler.search_source import spider_class
from serieswatch.config import Config
from serieswatch.errors import LockLost, SerieswatchError
from storage.db import open_database
from storage.lock import ArchiveLock
from storage.runs import RunStore

logger = logging.getLogger(__name__)

EXIT_ORPHANED = 70        # the parent was gone before the crawl started
EXIT_LOCK_LOST = 75       # the crawl lock was lost (or never got): the crawl stopped storing
EXIT_ERROR = 1
CRAWL_LOCK_WAIT = 90.0    # a dying predecessor (parent just killed) needs a moment to go
KEEPALIVE_SECONDS = 3.0   # how often the waiting parent checks that it still holds its lock
PR_SET_PDEATHSIG = 1


def crawl_here(config: Config, run_id: int | None, *, sources=None, settings_overrides=None,
               figure_hook=None, lock: ArchiveLock | None = None, backfill=None) -> dict:
    """Crawl every configured source (or those named) and return the counts. Blocks until done.

    With `lock`, every store first checks the lock is still held; once it is not, nothing more is
    stored, the crawl stops, and LockLost is raised after the counts are saved. `backfill` (a
    crawler.search_source.Backfill) fills the archive with history instead.
    """
    db = open_database(config.storage_url)
    report = CrawlReport()
    settings = scrapy_settings(config, overrides=settings_overrides)
    process = CrawlerProcess(settings)
    # With figures stored, the parse workers extract them too (both are pure and CPU-bound).
    parser = ParsePool.from_settings(process.settings, catalog=tuple(config.indicators) if figure_hook else None)
    for source in config.sources:
        if sources and source.name not in sources:
            continue
        process.crawl(spider_class(source), source=source, crawl=config.crawl, database=db, run_id=run_id,
                      report=report, figure_hook=figure_hook, lock=lock, stop_crawl=process.stop, backfill=backfill,
                      parser=parser)
    try:
        process.start()
    finally:
        parser.close()
    stats = report.as_stats()
    try:
        if run_id is not None:
            with db.session() as s:
                RunStore(s).update_stats(run_id, stats)
    finally:
        db.dispose()
    if report.lock_lost:
        raise LockLost(report.lock_lost)
    return stats


def _die_with_parent(parent_pid: int) -> None:
    """Make sure this process ends when the process that started it (and holds the lock) does."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the watcher below still works
            pass
    if os.getppid() != parent_pid:      # the parent died before the kernel was told to kill us with it
        os._exit(EXIT_ORPHANED)

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(EXIT_ORPHANED)

    threading.Thread(target=watch, name="serieswatch-parent-watch", daemon=True).start()


def _child_main(config, run_id, sources, log_level, figures, parent_pid=None, backfill=None):
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    from serieswatch.logs import attach_file_log, current_run, setup_logging
    setup_logging(verbose=1 if log_level <= logging.INFO else 0, quiet=log_level > logging.INFO)
    attach_file_log(config.data_dir)
    current_run.set(run_id)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when to stop us
    try:
        db = open_database(config.storage_url)
        try:
            lock = ArchiveLock(db.engine, "crawl", lock_dir=config.data_dir).acquire(
                wait=CRAWL_LOCK_WAIT, what="a crawl")
        except SerieswatchError as exc:
            logger.error("%s", exc)
            sys.exit(EXIT_LOCK_LOST)
        try:
            hook = None
            if figures:
                from crawler.figure_hook import make_figure_hook
                hook = make_figure_hook(config)
            crawl_here(config, run_id, sources=sources, figure_hook=hook, lock=lock, backfill=backfill)
        finally:
            lock.release()
            db.dispose()
    except LockLost as exc:
        logger.error("%s", exc)
        sys.exit(EXIT_LOCK_LOST)
    except SerieswatchError as exc:      # the database went away: one line, not a traceback
        logger.error("the crawl stopped: %s", exc)
        sys.exit(EXIT_ERROR)


def crawl_in_child(config: Config, run_id: int | None, *, sources=None, figures=True, timeout=None,
                   should_stop=None, keepalive=None, backfill=None, log_level=None) -> int:
    """Run the crawl in a spawned child process; returns its exit code (0 on success).

    `timeout` (seconds) ends a hung crawl; `should_stop()` returning True (SIGTERM) ends it early;
    `keepalive()` returning False (the caller's lock is gone) ends it and raises LockLost. What the
    child committed before any of these stays in the archive.
    """
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=_child_main, name="serieswatch-crawl",
                        args=(config, run_id, sources, log_level or logging.getLogger().getEffectiveLevel(), figures,
                              os.getpid(), backfill))
    child.start()
    deadline = time.monotonic() + timeout if timeout else None
    next_check = time.monotonic() + KEEPALIVE_SECONDS
    lost = None
    try:
        while child.is_alive():
            child.join(0.5)
            if should_stop is not None and should_stop():
                logger.warning("stopping the crawl (shutdown requested)")
                break
            if deadline is not None and time.monotonic() > deadline:
                logger.error("crawl still running after %.0fs: stopping it", timeout)
                break
            if keepalive is not None and time.monotonic() >= next_check:
                next_check = time.monotonic() + KEEPALIVE_SECONDS
                try:
                    keepalive()
                except LockLost as exc:
                    logger.error("%s", exc)
                    lost = exc
                    break
    finally:
        if child.is_alive():
            child.terminate()
            child.join(30)
            if child.is_alive():
                child.kill()
                child.join()
    if lost is not None:
        raise lost
    return child.exitcode if child.exitcode is not None else -1
