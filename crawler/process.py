"""Running a crawl: in this process (`crawl_here`) or in a child process (`crawl_in_child`).

Twisted's reactor cannot be restarted in one process, so the CLI and the scheduler always crawl in
a fresh child; the child writes articles, failures and its counts straight to the archive.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal

from scrapy.crawler import CrawlerProcess

from crawler.parse_pool import ParsePool
from crawler.report import CrawlReport
from crawler.settings import scrapy_settings
from crawler.spider import SeriesSpider
from serieswatch.config import Config
from storage.db import open_database
from storage.runs import RunStore

logger = logging.getLogger(__name__)


def crawl_here(config: Config, run_id: int | None, *, sources=None, settings_overrides=None,
               figure_hook=None) -> dict:
    """Crawl every configured source (or those named) and return the counts. Blocks until done."""
    db = open_database(config.storage_url)
    report = CrawlReport()
    settings = scrapy_settings(config, overrides=settings_overrides)
    process = CrawlerProcess(settings)
    # With figures stored, the parse workers extract them too (both are pure and CPU-bound).
    parser = ParsePool.from_settings(process.settings, catalog=tuple(config.indicators) if figure_hook else None)
    for source in config.sources:
        if sources and source.name not in sources:
            continue
        process.crawl(SeriesSpider, source=source, crawl=config.crawl, database=db, run_id=run_id, report=report,
                      figure_hook=figure_hook, parser=parser)
    try:
        process.start()
    finally:
        parser.close()
    stats = report.as_stats()
    if run_id is not None:
        with db.session() as s:
            RunStore(s).update_stats(run_id, stats)
    db.dispose()
    return stats


def _child_main(config, run_id, sources, log_level, figures):
    from serieswatch.logs import attach_file_log, current_run, setup_logging
    setup_logging(verbose=1 if log_level <= logging.INFO else 0, quiet=log_level > logging.INFO)
    attach_file_log(config.data_dir)
    current_run.set(run_id)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when to stop us
    hook = None
    if figures:
        from crawler.figure_hook import make_figure_hook
        hook = make_figure_hook(config)
    crawl_here(config, run_id, sources=sources, figure_hook=hook)


def crawl_in_child(config: Config, run_id: int | None, *, sources=None, figures=True, timeout=None,
                   should_stop=None) -> int:
    """Run the crawl in a spawned child process; returns its exit code (0 on success).

    `timeout` (seconds) ends a hung crawl; `should_stop()` returning True (SIGTERM in the scheduler)
    ends it early. What the child committed before either stays in the archive.
    """
    import time

    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=_child_main, name="serieswatch-crawl",
                        args=(config, run_id, sources, logging.getLogger().getEffectiveLevel(), figures))
    child.start()
    deadline = time.monotonic() + timeout if timeout else None
    try:
        while child.is_alive():
            child.join(0.5)
            if should_stop is not None and should_stop():
                logger.warning("stopping the crawl (shutdown requested)")
                break
            if deadline is not None and time.monotonic() > deadline:
                logger.error("crawl still running after %.0fs: stopping it", timeout)
                break
    finally:
        if child.is_alive():
            child.terminate()
            child.join(30)
            if child.is_alive():
                child.kill()
                child.join()
    return child.exitcode if child.exitcode is not None else -1
