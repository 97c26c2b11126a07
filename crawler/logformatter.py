"""ArchiveLogFormatter: Scrapy's item messages name the page's URL, never the item (which holds the page).

Scrapy's own formatter writes the whole item into "Dropped: …" and "Error processing …" lines; our
items carry the raw HTML, so one failing archive (disk full) wrote megabytes of log per run. Here a
dropped item is one line, its URL and the reason. Driven by LOG_FORMATTER (crawler/settings.py).
"""

from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


def _url(item) -> str:
    try:
        return str(item.get("url") or "an item")
    except AttributeError:
        return "an item"


class ArchiveLogFormatter(LogFormatter):
    def scraped(self, item, response, spider):
        return {"level": logging.DEBUG, "msg": "scraped %(url)s", "args": {"url": _url(item)}}

    def dropped(self, item, exception, response, spider):
        result = super().dropped(item, exception, response, spider)
        return {"level": result["level"], "msg": "%(url)s: %(reason)s",
                "args": {"url": _url(item), "reason": str(exception)[:500]}}

    def item_error(self, item, exception, response, spider):
        return {"level": logging.ERROR, "msg": "error archiving %(url)s", "args": {"url": _url(item)}}
