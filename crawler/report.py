"""What one crawl did: counters, failures (written to the archive at once), field completeness.

The counts decide the run's status: failed when pages were found but none could be parsed, degraded
when some could not be fetched or parsed (a page without title, date or body is a parse failure, so a
partial layout change shows here), ok otherwise.
"""

from __future__ import annotations

import logging
from collections import Counter

from storage.runs import RunStore

logger = logging.getLogger(__name__)

class CrawlReport:
    def __init__(self):
        self.counts: Counter = Counter()
        self.storage_error: str | None = None
        self.lock_lost: str | None = None

    def lost_lock(self, message: str) -> None:
        if self.lock_lost is None:
            self.lock_lost = message
            logger.error("%s", message)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def parsed(self, article) -> None:
        self.counts["parsed"] += 1

    def storage_failed(self, error: str) -> None:
        # Not logged here: the dropped item's line says it, with the page's URL (crawler/logformatter.py).
        self.counts["storage_failed"] += 1
        self.storage_error = error

    def failure(self, db, run_id, url, kind, reason, status=None, *, new=True, listing=False) -> None:
        self.counts["pages_failed"] += 1
        self.counts[f"failed_{kind}"] += 1
        if new and kind in ("parse", "layout"):
            self.counts["new_pages_unparsed"] += 1
        if listing:
            self.counts["listing_failed"] += 1
        if kind == "robots" and "unavailable" in reason:
            self.counts["robots_unavailable"] += 1
        log = logger.info if kind == "robots" else logger.warning
        log("%s: %s", url, reason)
        if run_id is not None:
            with db.session() as s:
                RunStore(s).add_failure(run_id, url, kind, reason, status)

    def as_stats(self) -> dict:
        stats = dict(sorted(self.counts.items()))
        if self.storage_error:
            stats["storage_error"] = self.storage_error
        if self.lock_lost:
            stats["lock_lost"] = self.lock_lost
        return stats


def crawl_status(stats: dict) -> tuple[str, str | None]:
    """ok / degraded / failed with a one-line reason, from a crawl's counts."""
    new_pages = stats.get("article_pages", 0) - stats.get("off_series", 0)
    parsed = stats.get("parsed", 0)
    unparsed = stats.get("new_pages_unparsed", 0)
    starts = stats.get("listing_pages", 0) + stats.get("listing_not_modified", 0)
    if stats.get("storage_failed"):
        return "failed", f"{stats['storage_failed']} articles could not be archived: {stats.get('storage_error')}"
    if stats.get("listing_failed", 0) and starts == 0:
        return "failed", "no listing page could be fetched"
    if unparsed and parsed == 0 and new_pages > 0:
        return "failed", f"layout change? {unparsed} new pages found but none could be parsed"
    reasons = []
    if unparsed:
        reasons.append(f"{unparsed} pages could not be parsed")
    fetch_failed = sum(v for k, v in stats.items() if k.startswith("failed_")
                       and k not in ("failed_parse", "failed_layout", "failed_robots", "failed_search"))
    if fetch_failed:
        reasons.append(f"{fetch_failed} pages could not be fetched")
    if stats.get("failed_search"):
        reasons.append(f"{stats['failed_search']} search windows failed")
    if stats.get("robots_unavailable"):
        reasons.append("robots.txt unavailable")
    if reasons:
        return "degraded", "; ".join(reasons)
    return "ok", None
