"""ParsePool: parsing and figure extraction, both pure and CPU-bound, in worker processes.

In the crawl process they would run on the reactor thread, and every millisecond there is a
millisecond no download is scheduled and no item stored. Handed to worker processes they use the
other cores of the machine while the reactor keeps fetching and the pipeline keeps storing.

A small crawl (a daily run, a test) never pays for starting workers: the first
``SERIESWATCH_PARSE_POOL_AFTER`` pages are parsed in process, and the pool starts only when a crawl
has more than that. Settings:

- ``SERIESWATCH_PARSE_WORKERS``: worker processes (default: the usable CPUs minus one, at most 4;
  0 parses in the crawl process)
- ``SERIESWATCH_PARSE_POOL_AFTER``: pages parsed in process before the pool starts (default 20)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from crawler.figure_hook import figures_of
from crawler.parsing import parse_article
from serieswatch.errors import ParseError

logger = logging.getLogger(__name__)

RAW_PAGE_LEVEL = 6   # storage.articles compresses raw pages at the same level
_CATALOG = None      # in a worker: the indicator catalog, sent once when it starts


def default_workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(0, min(4, cpus - 1))


class PageRead(NamedTuple):
    """What reading one page gave: the article (or why not), its figures, its bytes compressed."""

    parsed: object | None           # ParsedArticle, None when the page could not be parsed
    reason: str | None              # why not (ParseError's reason: exceptions do not cross processes)
    figures: list | None            # None when not asked for
    compressed: bytes | None        # zlib of the page as the archive keeps it (raw_pages.body)


def read_page(body: bytes, url: str, header_charset: str | None, catalog) -> PageRead:
    """One page, parsed, with its figures (when a catalog is given) and its compressed bytes."""
    try:
        parsed = parse_article(body, url, header_charset=header_charset)
    except ParseError as exc:
        return PageRead(None, exc.reason, None, None)
    figures = None
    if catalog is not None:
        figures = figures_of(parsed, catalog)
    return PageRead(parsed, None, figures, zlib.compress(body, RAW_PAGE_LEVEL))


def _start_worker(catalog) -> None:
    global _CATALOG
    _CATALOG = catalog
    # A crawl process killed outright (a hung crawl is SIGKILLed at last) cannot shut its pool down,
    # and an idle worker would wait on its queue forever: it goes when its parent does.
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)
    threading.Thread(target=watch_parent, name="parent-watch", daemon=True).start()


def _read_in_worker(body: bytes, url: str, header_charset: str | None, with_figures: bool) -> PageRead:
    return read_page(body, url, header_charset, _CATALOG if with_figures else None)


class ParsePool:
    """Reads article pages in process or, past a few pages, in worker processes."""

    def __init__(self, *, catalog=None, workers: int | None = None, pool_after: int = 20):
        self.catalog = catalog
        self.workers = default_workers() if workers is None else max(0, workers)
        self.pool_after = max(0, pool_after)
        self._executor: ProcessPoolExecutor | None = None
        self._read_here = 0

    @classmethod
    def from_settings(cls, settings, *, catalog=None) -> "ParsePool":
        workers = settings.get("SERIESWATCH_PARSE_WORKERS")
        return cls(catalog=catalog, workers=None if workers is None else int(workers),
                   pool_after=settings.getint("SERIESWATCH_PARSE_POOL_AFTER", 20))

    async def read(self, body: bytes, url: str, header_charset: str | None) -> PageRead:
        """`read_page` of one page; awaits a worker once the pool runs."""
        if self.workers == 0 or self._read_here < self.pool_after:
            self._read_here += 1
            return read_page(body, url, header_charset, self.catalog)
        if self._executor is None:
            logger.info("parsing in %d worker process(es) from now on", self.workers)
            self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_start_worker, initargs=(self.catalog,))
        try:
            future = self._executor.submit(_read_in_worker, body, url, header_charset, self.catalog is not None)
            return await _on_reactor(future)
        except BrokenProcessPool as exc:
            # A worker died (killed, out of memory): the crawl goes on parsing in process.
            logger.warning("parse workers stopped (%s); parsing in the crawl process from now on", exc)
            self.workers = 0
            self.close()
            return read_page(body, url, header_charset, self.catalog)

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


async def _on_reactor(future):
    """Await a concurrent.futures.Future from a Scrapy callback, on either reactor."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    deferred = Deferred()

    def settle(done):
        error = done.exception()
        if error is not None:
            deferred.errback(error)
        else:
            deferred.callback(done.result())

    future.add_done_callback(lambda done: reactor.callFromThread(settle, done))
    return await maybe_deferred_to_future(deferred)
