"""ArchivePipeline: stores each parsed article (raw page, article, revision, figures) in one transaction."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from serieswatch.errors import LockLost, StorageError
from storage.articles import ArticleStore, store_raw_page
from storage.runs import PageStates
from storage.urls import canonical_url

logger = logging.getLogger(__name__)


class ArchivePipeline:
    """Writes through the spider's archive connection; the spider carries the run's report and figure hook."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        spider = self.crawler.spider
        db, report, figure_hook = spider.db, spider.report, spider.figure_hook
        parsed = item["parsed"]
        self._check_lock(spider, report, item)
        try:
            result = self._store(db, report, figure_hook, item, parsed)
        except StorageError as exc:
            # The transaction rolled back (locked, disk full, read-only): nothing half-written; the run fails.
            report.storage_failed(str(exc))
            raise DropItem(f"not archived: {exc}") from exc
        report.count(f"articles_{result.outcome}")
        if result.outcome in ("new", "revised"):
            logger.info("%s: %s (%s)", result.outcome, parsed.title, item["url"])
        return item

    @staticmethod
    def _check_lock(spider, report, item) -> None:
        """No store without the crawl lock: once it is lost, nothing more is written and the crawl stops."""
        lock = getattr(spider, "archive_lock", None)
        if lock is None:
            return
        if report.lock_lost is None:
            try:
                lock.check()
                return
            except LockLost as exc:
                report.lost_lock(str(exc))
                if spider.stop_crawl is not None:
                    spider.stop_crawl()
        raise DropItem(f"not archived: {report.lock_lost}")

    @staticmethod
    def _store(db, report, figure_hook, item, parsed):
        with db.session() as s:
            raw = store_raw_page(s, canonical_url(item["url"]), item["body"], charset=parsed.charset,
                                 header_charset=item["header_charset"])
            result = ArticleStore(s).save(parsed, source=item["source"], fetched_url=item["url"], raw=raw,
                                          run_id=item["run_id"])
            PageStates(s).remember(canonical_url(item["url"]), "article", **item["validators"])
            if figure_hook is not None and result.revision_id is not None:
                report.count("figures_new", figure_hook(s, parsed, result))
        return result
