"""SearchSpider: a `people_search` source, the site search API as a source of article links.

Each query (`sources[].keywords`) is asked over time windows: in a run, one window since the last
successful search (at least `lookback_days`); in a backfill, calendar months over --since..--until.
Every result page is a POST through Scrapy (the project's User-Agent, robots.txt, download delay and
retries as for any request), and the article URLs it names go into SeriesSpider's own path: the
same known-URL and off-series skipping, parser, series filter, dedup/aliases and ArchivePipeline.

A window is done (storage.search_windows) once all its result pages were read and every article
request it caused has settled, so a crawl killed at any moment leaves it open and the next run or
backfill asks again; articles archived meanwhile are known and not fetched twice. A window with
more results than can be paged through is split in halves. Failures (HTTP, timeouts, non-JSON, a
`code` other than "0", a changed shape) are recorded per window in the run: status lists them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import JsonRequest

from crawler.search_api import (grid_months, more_pages, needs_split, parse_answer, search_body,
                                split_window)
from crawler.spider import SeriesSpider
from serieswatch.errors import SearchAnswerError
from storage.search_windows import OPEN, SearchWindows, as_utc

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backfill:
    """What a backfill covers: [since, until), aware datetimes."""

    since: datetime
    until: datetime


RETRIED_KINDS = ("fetch", "gave_up")     # article failures worth asking again (not robots, refusals, sizes)


def spider_class(source):
    return SearchSpider if source.is_search else SeriesSpider


def describe_window(keyword: str, start: datetime, end: datetime) -> str:
    return f'"{keyword}" {start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC'


@dataclass
class _Window:
    id: int
    keyword: str
    start: datetime              # naive UTC
    end: datetime
    outstanding: int = 0         # article requests and items not yet settled
    complete: bool = False       # every result page read
    failed: bool = False
    pages: int = 0
    hits: int = 0
    requested: int = 0
    unfetched: int = 0           # article pages that failed to download (timeouts, 5xx): asked again later


class SearchSpider(SeriesSpider):
    name = "serieswatch-search"

    def __init__(self, *, source, **kwargs):
        super().__init__(source=source, **kwargs)
        host = urlsplit(source.search_url).hostname
        if host:
            self.allowed_domains = sorted(set(self.allowed_domains) | {host})
        # The search address counts as a start URL (SafeTargetMiddleware: a local search is a local crawl).
        self.start_urls = [*source.start_urls, source.search_url]
        self._windows: dict[int, _Window] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # An item settles its window once stored (committed) or dropped — not when the pipeline took it
        # into a batch: a kill before the batch's commit must leave the window open.
        for signal in (signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_settled, signal=signal)
        return spider

    # ------------------------------------------------------------------ start
    async def start(self):
        async for request in super().start():        # listing start URLs (if any) and re-checks
            yield request
        for request in self._plan():
            yield request

    def _plan(self):
        requests = []
        with self.db.session() as s:
            store = SearchWindows(s)
            for keyword in self.source.keywords:
                if self.backfill is not None:
                    rows = store.plan_backfill(self.source.name, keyword,
                                               grid_months(self.backfill.since, self.backfill.until))
                else:
                    rows = [store.plan_run(self.source.name, keyword, now=self.now,
                                           lookback_days=self.source.lookback_days, run_id=self.run_id)]
                for row in rows:
                    store.started(row.id, self.run_id)
                    requests.append(self._open_window(row.id, keyword, row.start, row.end))
        if self.backfill is not None:
            logger.info("%s: %d search windows to search", self.source.name, len(requests))
        return requests

    def _open_window(self, window_id, keyword, start, end):
        self._windows[window_id] = _Window(window_id, keyword, start, end)
        self.report.count("search_windows")
        return self._search_request(window_id, 1)

    def _search_request(self, window_id: int, page: int):
        w = self._windows[window_id]
        body = search_body(w.keyword, page, start=as_utc(w.start), end=as_utc(w.end), limit=self.source.page_size)
        # dont_filter: the same POST body may be asked again after a split or a retry.
        return JsonRequest(self.source.search_url, data=body, callback=self.parse_search, errback=self.search_failed,
                           dont_filter=True, priority=-10, meta={"kind": "search", "window": window_id, "page": page})

    # ------------------------------------------------------------------ result pages
    def parse_search(self, response):
        window_id, page = response.meta["window"], response.meta["page"]
        w = self._windows[window_id]
        try:
            result = parse_answer(response.body)
        except SearchAnswerError as exc:
            self._window_failed(w, page, exc.kind, exc.reason, response.status)
            return
        self.report.count("search_pages")
        if page == 1 and needs_split(w.start, w.end, result.total, self.source.max_results_per_window):
            yield from self._split(w, f"{result.total} results, more than max_results_per_window")
            return
        if not result.hits and w.hits < result.total and needs_split(w.start, w.end, result.total, 0):
            # The search stops paging before its own total: the rest is only reachable in smaller windows.
            yield from self._split(w, f"only {w.hits} of {result.total} results reachable by paging")
            return
        self.report.count("search_results", len(result.hits))
        requests = list(self._new_articles([hit.url for hit in result.hits]))
        for request in requests:
            request.meta["window"] = window_id
        w.outstanding += len(requests)
        w.pages, w.hits, w.requested = w.pages + 1, w.hits + len(result.hits), w.requested + len(requests)
        with self.db.session() as s:
            SearchWindows(s).page_read(window_id, total=result.total, fetched=len(requests))
        yield from requests
        if more_pages(w.hits, result):
            yield self._search_request(window_id, page + 1)
        else:
            w.complete = True
            self._maybe_done(w)

    def _split(self, w: _Window, why: str):
        w.complete, w.failed = False, True        # replaced by its halves: never "done" itself
        with self.db.session() as s:
            store = SearchWindows(s)
            halves = [h for h in store.split(w.id, split_window(w.start, w.end)) if h.status in OPEN]
            for half in halves:
                store.started(half.id, self.run_id)
            halves = [(h.id, h.start, h.end) for h in halves]
        self.report.count("search_windows_split")
        logger.info("search %s: %s; split in two", describe_window(w.keyword, w.start, w.end), why)
        for hid, start, end in halves:
            yield self._open_window(hid, w.keyword, start, end)

    def search_failed(self, failure):
        request = failure.request
        kind, reason, status = self.describe_failure(failure)
        w = self._windows[request.meta["window"]]
        self._window_failed(w, request.meta["page"], "timeout" if "timed out" in reason else "fetch", reason, status)

    def _window_failed(self, w: _Window, page: int, kind: str, reason: str, status=None):
        w.failed = True
        what = f"search {describe_window(w.keyword, w.start, w.end)} page {page}: {reason}"
        self.report.count("search_failed")
        if kind == "shape":
            self.report.count("search_shape_changed")
        self.report.failure(self.db, self.run_id, self.source.search_url, "search", what, status, new=False)
        with self.db.session() as s:
            SearchWindows(s).failed(w.id, kind, what)

    # ------------------------------------------------------------------ settling articles
    async def parse_article(self, response):
        window_id = response.meta.get("window")
        try:
            async for out in super().parse_article(response):
                yield self._counted(window_id, out)
        finally:
            self._settled(window_id)

    def parse_part(self, response):
        yield from self._settling(response, super().parse_part(response))

    def failed(self, failure):
        window_id = failure.request.meta.get("window")
        try:
            super().failed(failure)
            w = self._windows.get(window_id) if window_id is not None else None
            if w is not None and self.describe_failure(failure)[0] in RETRIED_KINDS:
                w.unfetched += 1
        finally:
            self._settled(window_id)

    def _settling(self, response, outputs):
        """Pass the callback's output on; the window keeps counting what it caused until it settles."""
        window_id = response.meta.get("window")
        try:
            for out in outputs:
                yield self._counted(window_id, out)
        finally:
            self._settled(window_id)

    def _counted(self, window_id, out):
        """Tag a request or item with its window, which then waits for it to settle."""
        if window_id is not None and window_id in self._windows:
            if isinstance(out, scrapy.Request):
                out.meta["window"] = window_id
                self._windows[window_id].outstanding += 1
            elif isinstance(out, dict):
                out["window"] = window_id
                self._windows[window_id].outstanding += 1
        return out

    def items_stored(self, items) -> None:
        """The pipeline committed these items (crawler/pipelines.py)."""
        for item in items:
            self._item_settled(item)

    items_not_stored = items_stored      # a failed store settles too: the run reports it, the window stays open

    def _item_settled(self, item, *args, **kwargs):
        if isinstance(item, dict):
            self._settled(item.get("window"))

    def _settled(self, window_id):
        w = self._windows.get(window_id) if window_id is not None else None
        if w is None:
            return
        w.outstanding -= 1
        self._maybe_done(w)

    def _maybe_done(self, w: _Window):
        if not w.complete or w.failed or w.outstanding > 0:
            return
        if w.unfetched:
            # The search part worked; the window stays open so that a later run or backfill fetches the
            # pages that did not download (the archived ones are known by then and skipped).
            with self.db.session() as s:
                SearchWindows(s).failed(w.id, "articles", f"search {describe_window(w.keyword, w.start, w.end)}: "
                                                          f"{w.unfetched} article page(s) could not be fetched")
            w.complete = False
            return
        with self.db.session() as s:
            SearchWindows(s).done(w.id)
        self.report.count("search_windows_done")
        logger.info("search %s: done (%d results on %d pages, %d article pages fetched)",
                    describe_window(w.keyword, w.start, w.end), w.hits, w.pages, w.requested)
        w.complete = False           # once

