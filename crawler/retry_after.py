"""429 and 503: wait at least as long as Retry-After says, a bounded number of times, then give up.

Settings: SERIESWATCH_RETRY_AFTER_TIMES (tries after the first), SERIESWATCH_RETRY_AFTER_MAX (longest
wait in seconds; a server asking for more is given up on at once).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from twisted.internet import reactor
from twisted.internet.task import deferLater

from scrapy.utils.defer import maybe_deferred_to_future

logger = logging.getLogger(__name__)

DEFAULT_WAIT = 5.0


def retry_after_seconds(value: bytes | str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware:
    codes = (429, 503)

    def __init__(self, times: int, max_wait: float, stats):
        self.times, self.max_wait, self.stats = times, max_wait, stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getint("SERIESWATCH_RETRY_AFTER_TIMES", 2), s.getfloat("SERIESWATCH_RETRY_AFTER_MAX", 600),
                   crawler.stats)

    async def process_response(self, request, response, spider=None):
        if response.status not in self.codes or request.meta.get("dont_retry"):
            return response
        tries = request.meta.get("retry_after_times", 0)
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        wait = asked if asked is not None else DEFAULT_WAIT * (2 ** tries)
        if tries >= self.times or wait > self.max_wait:
            why = f"gave up after {tries + 1} tries: HTTP {response.status}"
            if asked is not None:
                why += f" (Retry-After {asked:.0f}s)"
            request.meta["gave_up"] = why
            self.stats.inc_value("serieswatch/gave_up")
            logger.warning("%s: %s", request.url, why)
            return response
        logger.info("%s answered HTTP %d; waiting %.0fs before retrying", request.url, response.status, wait)
        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = tries + 1
        self.stats.inc_value("serieswatch/retry_after")
        return retry
