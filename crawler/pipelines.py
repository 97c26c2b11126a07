"""ArchivePipeline: stores parsed articles (raw page, article, revision, figures), a batch per transaction.

Items are gathered into batches of ``SERIESWATCH_STORE_BATCH`` (default 50, crawler/settings.py)
and each batch is written in one transaction: one commit and one session for many articles instead of one each. A batch is
written when it is full, ``SERIESWATCH_STORE_BATCH_WAIT`` seconds (default 1) after its first item
arrived, and when the spider closes, so an item never waits long. When a batch cannot be written
it is retried one article per transaction, so one bad article costs only itself. No batch is written
without the crawl lock (the spider's ``archive_lock``): once it is lost, nothing more is stored and
the crawl stops.

Figures are classified by the spider's figure hook (crawler/figure_hook.py): a batch's new figures
together before it commits; figures older than their series (most of a long crawl, which goes
newest first) wait, committed as waiting, and are classified together every 20,000 figures and in
a transaction of their own when the spider closes.
"""

from __future__ import annotations

import logging
import time

from scrapy.exceptions import DropItem

from crawler.settings import STORE_BATCH
from serieswatch.errors import LockLost, StorageError
from storage.articles import ArticleStore, store_raw_page
from storage.runs import PageStates
from storage.urls import canonical_url

logger = logging.getLogger(__name__)


class ArchivePipeline:
    """Writes through the spider's archive connection; the spider carries the run's report and figure hook."""

    def __init__(self, crawler, *, batch_size: int = 1, batch_wait: float = 0.0):
        self.crawler = crawler
        self.batch_size = max(1, batch_size)
        self.batch_wait = batch_wait
        self._pending: list = []
        self._timer = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler, batch_size=settings.getint("SERIESWATCH_STORE_BATCH", STORE_BATCH),
                   batch_wait=settings.getfloat("SERIESWATCH_STORE_BATCH_WAIT", 1.0))

    def process_item(self, item, spider=None):
        report = self.crawler.spider.report
        if report.lock_lost is not None:
            raise DropItem(f"not archived: {report.lock_lost}")
        self._pending.append(item)
        if len(self._pending) >= self.batch_size:
            self.flush()
        elif self._timer is None and self.batch_wait > 0:
            from twisted.internet import reactor
            self._timer = reactor.callLater(self.batch_wait, self.flush)
        return item

    def close_spider(self, spider=None):
        self.flush()
        self._settle_waiting()

    def _settle_waiting(self) -> None:
        """The crawl's last late figures, classified in a transaction of their own (a crawl killed
        before this leaves them waiting, for the next crawl to settle)."""
        spider = self.crawler.spider
        db, report, figure_hook = spider.db, spider.report, spider.figure_hook
        if getattr(figure_hook, "settle", None) is None or not self._lock_held(spider, report):
            return
        started = time.perf_counter()
        try:
            with db.session() as s:
                settled = self._settle(s, report, figure_hook, final=True)
        except StorageError as exc:
            figure_hook.rolled_back()
            report.storage_failed(str(exc))
            logger.error("late figures not classified (the next crawl classifies them): %s", exc)
            return
        report.count("store_ms", round(1000 * (time.perf_counter() - started), 1))
        if settled:
            report.count("figures_new", settled)

    def flush(self) -> None:
        """Write the pending items: one transaction for the batch, or one each if the batch fails."""
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        spider = self.crawler.spider
        db, report, figure_hook = spider.db, spider.report, spider.figure_hook
        if not self._lock_held(spider, report):
            logger.error("not archived: %d article(s), %s", len(batch), report.lock_lost)
            return
        started = time.perf_counter()
        try:
            with db.session() as s:
                stored = [(item, self._store(s, report, figure_hook, item)) for item in batch]
                settled = self._settle(s, report, figure_hook)
        except StorageError as exc:
            rolled_back = getattr(figure_hook, "rolled_back", None)
            if rolled_back is not None:
                rolled_back()
            if len(batch) == 1:
                # The transaction rolled back (locked, disk full, read-only): nothing half-written; the run fails.
                report.storage_failed(str(exc))
                logger.error("not archived: %s (%s)", batch[0]["url"], exc)
                dropped_hook = getattr(spider, "items_not_stored", None)
                if dropped_hook is not None:
                    dropped_hook(batch)
                return
            logger.warning("a batch of %d articles could not be stored (%s); storing them one by one", len(batch), exc)
            for item in batch:
                self._pending = [item]
                self.flush()
            return
        report.count("store_ms", round(1000 * (time.perf_counter() - started), 1))   # what storing costs
        stored_hook = getattr(spider, "items_stored", None)
        if stored_hook is not None:
            stored_hook([item for item, _ in stored])
        if settled:
            report.count("figures_new", settled)
        for item, (result, figures_new) in stored:
            report.count(f"articles_{result.outcome}")
            if figures_new is not None:
                report.count("figures_new", figures_new)
            if result.outcome in ("new", "revised"):
                logger.info("%s: %s (%s)", result.outcome, item["parsed"].title, item["url"])

    @staticmethod
    def _lock_held(spider, report) -> bool:
        """No store without the crawl lock: once it is lost, nothing more is written and the crawl stops."""
        lock = getattr(spider, "archive_lock", None)
        if lock is None:
            return True
        if report.lock_lost is None:
            try:
                lock.check()
                return True
            except LockLost as exc:
                report.lost_lock(str(exc))
                if spider.stop_crawl is not None:
                    spider.stop_crawl()
        return False

    @staticmethod
    def _settle(s, report, figure_hook, *, final: bool = False) -> int:
        """Late figures, classified together once enough wait, or all at the end (part of figures_ms)."""
        settle = getattr(figure_hook, "settle", None)
        if settle is None:
            return 0
        started = time.perf_counter()
        n = settle(s, final=True) if final else settle(s)
        report.count("figures_ms", round(1000 * (time.perf_counter() - started), 1))
        return n

    @staticmethod
    def _store(s, report, figure_hook, item):
        parsed = item["parsed"]
        raw = store_raw_page(s, canonical_url(item["url"]), item["body"], charset=parsed.charset,
                             header_charset=item["header_charset"], compressed=item.get("compressed"))
        result = ArticleStore(s).save(parsed, source=item["source"], fetched_url=item["url"], raw=raw,
                                      run_id=item["run_id"])
        PageStates(s).remember(canonical_url(item["url"]), "article", **item["validators"])
        figures_new = None
        if figure_hook is not None and result.revision_id is not None:
            started = time.perf_counter()
            figures_new = figure_hook(s, parsed, result, item.get("figures"))
            # The part of store_ms spent tracking figures (FigureStore; and extracting them when no
            # parse worker did).
            report.count("figures_ms", round(1000 * (time.perf_counter() - started), 1))
        return result, figures_new
