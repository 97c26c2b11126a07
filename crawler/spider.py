"""The series spider: listing pages → new article pages (plus conditional re-checks) → items.

One spider per configured source. Parsing is delegated to the pure functions of crawler.parsing;
the spider only decides what to fetch and records what went wrong. Items go to ArchivePipeline.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError as TwistedTimeout

from crawler.parse_pool import ParsePool
from crawler.parsing import parse_article, parse_listing
from crawler.parsing.urls import article_date
from crawler.report import CrawlReport
from crawler.resolver import refusal, refused_hosts
from serieswatch.errors import ParseError
from storage.articles import ArticleStore, latest_raw_page, raw_page_bytes, store_raw_page
from storage.runs import PageStates
from storage.urls import canonical_url

logger = logging.getLogger(__name__)

NOT_MODIFIED = 304
MAX_PARTS = 20          # pages of one multi-page article
MAX_BACKFILL_LISTING_PAGES = 5000   # "下一页" pages a backfill follows from one start URL at most


def header_charset(response) -> str | None:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    for part in ctype.split(";"):
        part = part.strip()
        if part.startswith("charset="):
            return part[8:].strip("\"' ") or None
    return None


def validators(response) -> dict:
    h = response.headers
    etag, lm = h.get(b"ETag"), h.get(b"Last-Modified")
    return {"etag": etag.decode("latin-1") if etag else None, "last_modified": lm.decode("latin-1") if lm else None}


def conditional_headers(state) -> dict:
    if state is None:
        return {}
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


class SeriesSpider(scrapy.Spider):
    name = "serieswatch"
    custom_settings = {}

    def __init__(self, *, source, crawl, database, run_id, report: CrawlReport, figure_hook=None, now=None,
                 lock=None, stop_crawl=None, backfill=None, parser: ParsePool | None = None, **kwargs):
        super().__init__(name=f"serieswatch-{source.name}", **kwargs)
        self.source, self.crawl_config, self.db, self.run_id, self.report = source, crawl, database, run_id, report
        self.figure_hook = figure_hook
        self.archive_lock, self.stop_crawl = lock, stop_crawl   # see ArchivePipeline: no store without the lock
        self.backfill = backfill          # a Backfill (since, until) when filling the archive with history
        # Parsing (and figure extraction, when figures are stored) off the reactor: see parse_pool.py.
        self.parser = parser or ParsePool(workers=0)
        self.start_urls = list(source.start_urls)
        # The hosts of the start URLs are always in scope, besides the configured domains.
        self.allowed_domains = sorted({d.lower().lstrip(".") for d in source.allowed_domains}
                                      | {urlsplit(u).hostname for u in source.start_urls if urlsplit(u).hostname})
        self.now = now or datetime.now(timezone.utc)
        self._scheduled: set[str] = set()
        self._listing_seen: set[str] = set()

    # ------------------------------------------------------------------ start
    async def start(self):
        with self.db.session() as s:
            states = PageStates(s).many(canonical_url(u) for u in self.source.start_urls)
            since = self.now - timedelta(days=self.crawl_config.recheck_days)
            # A backfill is about history: today's conditional re-checks are the next run's business.
            rechecking = self.crawl_config.recheck_days and self.backfill is None
            recheck = ArticleStore(s).recheck_urls(self.source.name, since=since) if rechecking else []
            recheck_states = PageStates(s).many(recheck)
        for url in self.source.start_urls:
            yield self._listing_request(url, 1, states.get(canonical_url(url)))
        for url in recheck:
            self.report.count("rechecked")
            yield self._article_request(url, recheck_states.get(url), recheck=True)

    def _listing_request(self, url, page, state):
        return scrapy.Request(url, callback=self.parse_listing, errback=self.failed, dont_filter=page == 1,
                              headers=conditional_headers(state), priority=10,
                              meta={"kind": "listing", "page": page, "handle_httpstatus_list": [NOT_MODIFIED]})

    def _article_request(self, url, state, *, recheck=False):
        self._scheduled.add(canonical_url(url))
        # dont_filter: the spider deduplicates article URLs itself, and a redirect loop must run into
        # REDIRECT_MAX_TIMES (a recorded failure) rather than vanish in the dupefilter.
        return scrapy.Request(url, callback=self.parse_article, errback=self.failed, dont_filter=True,
                              headers=conditional_headers(state),
                              meta={"kind": "article", "recheck": recheck, "handle_httpstatus_list": [NOT_MODIFIED]})

    def _allowed(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    # ------------------------------------------------------------------ listings
    def parse_listing(self, response):
        page = response.meta["page"]
        url = canonical_url(response.url)
        if response.status == NOT_MODIFIED:
            # Unchanged since last run: its links are the ones remembered then. Those not yet archived
            # (a run killed half-way, a page that timed out) are fetched now.
            self.report.count("listing_not_modified")
            with self.db.session() as s:
                state = PageStates(s).get(url)
                links = list(state.links or []) if state else []
                next_url = state.next_url if state else None
        else:
            listing = parse_listing(response.body, response.url, header_charset=header_charset(response))
            self.report.count("listing_pages")
            logger.info("listing %s: %d article links", response.url, len(listing.article_urls))
            links, next_url = listing.article_urls, listing.next_page_url
            with self.db.session() as s:
                PageStates(s).remember(url, "listing", next_url=next_url, links=links, **validators(response))
        yield from self._new_articles(links)
        if next_url and self._more_listing_pages(page, links):
            with self.db.session() as s:
                next_state = PageStates(s).get(canonical_url(next_url))
            yield self._listing_request(next_url, page + 1, next_state)

    def _more_listing_pages(self, page: int, links) -> bool:
        """Follow "下一页"? Up to max_listing_pages; a backfill goes on until the links are older than --since."""
        if self.backfill is None:
            return page < self.crawl_config.max_listing_pages
        if page >= MAX_BACKFILL_LISTING_PAGES:
            return False
        # Only links not seen on earlier pages count: the hot lists beside every page repeat.
        fresh = [u for u in links if u not in self._listing_seen]
        self._listing_seen.update(links)
        if not fresh:
            return False                 # nothing new: the end of the pagination (or a loop)
        days = [d for d in map(article_date, fresh) if d is not None]
        return not days or max(days) >= self.backfill.since.date()

    def _new_articles(self, urls):
        canon = [canonical_url(u) for u in urls]
        with self.db.session() as s:
            known = ArticleStore(s).known_urls(canon)
            remembered = PageStates(s).many(canon)
        for link, original in zip(canon, urls):
            if link in known or link in self._scheduled or not self._allowed(link):
                continue
            state = remembered.get(link)
            if state is not None and state.kind == "off_series":
                continue
            self.report.count("articles_found")
            # A page that failed before is asked again conditionally: unchanged, it costs a 304, and its
            # stored bytes are read again by today's parser.
            failed_before = state is not None and state.kind == "failed"
            request = self._article_request(original, state if failed_before else None)
            request.meta["failed_before"] = failed_before
            yield request

    # ------------------------------------------------------------------ articles
    async def parse_article(self, response):
        if response.status == NOT_MODIFIED:
            stored = self._stored_page(response) if response.meta.get("failed_before") else None
            if stored is None:
                self.report.count("not_modified")
                return
            response = stored
        else:
            self.report.count("article_pages")
        for output in await self._read(response):
            yield output

    def _stored_page(self, response):
        """The bytes kept when this page failed, as a response: unchanged pages are re-read, not re-fetched."""
        with self.db.session() as s:
            raw = latest_raw_page(s, canonical_url(response.url))
            if raw is None:
                return None
            body, charset = raw_page_bytes(raw), raw.header_charset
        headers = {"Content-Type": f"text/html; charset={charset}"} if charset else {}
        for name in (b"ETag", b"Last-Modified"):       # the 304 confirms the stored bytes' validators
            if response.headers.get(name):
                headers[name.decode()] = response.headers.get(name).decode("latin-1")
        return HtmlResponse(response.url, status=200, body=body, headers=headers, request=response.request,
                            flags=["stored"])

    async def _read(self, response) -> list:
        """What one article page yields: its item, a request for its next part, or nothing (failed)."""
        url = canonical_url(response.url)
        read = await self.parser.read(response.body, response.url, header_charset(response))
        parsed = read.parsed
        if parsed is None:
            self._parse_failed(response, url, "parse", read.reason)
            return []
        if parsed.template == "generic" and not self.source.generic_fallback:
            # A page of this site that none of its known templates reads is a layout change, not an
            # article: recorded as failed (its bytes kept) rather than archived from guesswork.
            self._parse_failed(response, url, "layout", "unknown layout: no known template matched")
            return []
        if parsed.next_page_url and self._allowed(parsed.next_page_url):
            return [self._continuation(parsed, response, parsed.next_page_url, 2)]
        return list(self._finish(parsed, response, read.figures, read.compressed))

    def _continuation(self, parsed, first, url, page):
        """Multi-page articles (…-2.html, …-3.html): fetch the parts and join their paragraphs."""
        return scrapy.Request(url, callback=self.parse_part, errback=self.failed, dont_filter=True,
                              meta={"kind": "part", "article": parsed, "first": first, "part": page})

    def parse_part(self, response):
        parsed, first, part = response.meta["article"], response.meta["first"], response.meta["part"]
        try:
            more = parse_article(response.body, response.url, header_charset=header_charset(response))
            parsed.text = parsed.text + "\n\n" + more.text
        except ParseError as exc:
            logger.warning("%s: part %d of %s unreadable (%s); archiving the parts before it",
                           response.url, part, first.url, exc.reason)
            more = None
        if more is not None and more.next_page_url and part < MAX_PARTS and self._allowed(more.next_page_url):
            yield self._continuation(parsed, first, more.next_page_url, part + 1)
            return
        yield from self._finish(parsed, first)

    def _finish(self, parsed, response, figures=None, compressed=None):
        """The item of a whole article. `figures` were extracted with the parse (None: the text was joined
        from several parts, or figures are not stored: the pipeline extracts them); `compressed` is the
        page's bytes as the archive keeps them, when the parse worker compressed them."""
        url = canonical_url(response.url)
        if not self.source.matches_series(parsed.title, parsed.kicker, parsed.subtitle,
                                          parsed.series.name if parsed.series else None,
                                          " ".join(parsed.keywords), parsed.text):
            self.report.count("off_series")
            logger.info("not in the series, skipped: %s (%s)", parsed.title, response.url)
            with self.db.session() as s:
                PageStates(s).remember(url, "off_series", note=parsed.title[:200], **validators(response))
            return
        self.report.parsed(parsed)
        yield {"parsed": parsed, "url": response.url, "body": response.body,
               "header_charset": header_charset(response), "validators": validators(response),
               "source": self.source.name, "run_id": self.run_id, "figures": figures,
               "compressed": compressed}

    # ------------------------------------------------------------------ failures
    def _parse_failed(self, response, url, kind, reason):
        if "stored" in response.flags:
            # Unchanged since it failed: listed again with the run's failures (status shows it), but it
            # neither degrades the run nor alerts anew: that problem was reported when it appeared.
            self.report.failure(self.db, self.run_id, response.url, kind, f"still unreadable: {reason}",
                                response.status, new=False)
            self.report.count("still_unparsed")
            return
        self.report.failure(self.db, self.run_id, response.url, kind, reason, response.status,
                            new=not response.meta.get("recheck"))
        with self.db.session() as s:
            store_raw_page(s, url, response.body, header_charset=header_charset(response))
            PageStates(s).remember(url, "failed", note=reason, **validators(response))

    def failed(self, failure):
        request = failure.request
        kind, reason, status = self.describe_failure(failure)
        is_listing = request.meta.get("kind") == "listing"
        self.report.failure(self.db, self.run_id, request.url, kind, reason, status,
                            new=not is_listing and not request.meta.get("recheck"), listing=is_listing)

    def describe_failure(self, failure) -> tuple[str, str, int | None]:
        """(kind, reason, HTTP status) of a request that failed, as the run report records them."""
        request = failure.request
        exc = failure.value
        status = None
        if failure.check(HttpError):
            status = exc.response.status
            kind, reason = "fetch", request.meta.get("gave_up") or f"HTTP {status}"
            if request.meta.get("gave_up"):
                kind = "gave_up"
            elif 300 <= status < 400:
                location = exc.response.headers.get(b"Location", b"").decode("latin-1")
                kind, reason = "refused", f"redirect to {location or 'nowhere'} refused"
        elif failure.check(IgnoreRequest):
            text = str(exc) or exc.__class__.__name__
            if "DOWNLOAD_MAXSIZE" in text or "max size" in text.lower():
                kind, reason = "too_large", (f"larger than crawl.max_page_bytes ({self.crawl_config.max_page_bytes} "
                                             f"bytes; decompressed, for compressed pages)")
            elif "robots.txt unavailable" in text:
                kind, reason = "robots", text
            elif "robots.txt" in text:
                kind, reason = "robots", "disallowed by robots.txt"
            elif text.startswith("refused"):
                kind, reason = "refused", text
            elif "redirections" in text:
                kind, reason = "refused", "too many redirects (or a redirect loop)"
            else:
                kind, reason = "fetch", text
        elif failure.check(DownloadCancelledError, CancelledError):
            # Scrapy cancels a download once the body passes DOWNLOAD_MAXSIZE (an endless chunked body too).
            kind, reason = "too_large", (f"page larger than crawl.max_page_bytes ({self.crawl_config.max_page_bytes} "
                                         f"bytes): download cancelled")
        elif failure.check(TwistedTimeout, TCPTimedOutError) or "Timeout" in type(exc).__name__:
            kind, reason = "fetch", f"timed out after {self.crawl_config.timeout:g}s (retried {self.crawl_config.retries}x)"
        elif (failure.check(DNSLookupError) or "CannotResolveHost" in type(exc).__name__) \
                and urlsplit(request.url).hostname in refused_hosts:
            kind, reason = "refused", refusal(urlsplit(request.url).hostname)
        elif failure.check(DNSLookupError) or "CannotResolveHost" in type(exc).__name__:
            kind, reason = "fetch", f"DNS lookup failed for {urlsplit(request.url).hostname}"
        else:
            text = str(exc)
            if "maxsize" in text.lower() or "max size" in text.lower() or "larger than" in text.lower():
                kind, reason = "too_large", f"larger than crawl.max_page_bytes ({self.crawl_config.max_page_bytes} bytes)"
            else:
                kind, reason = "fetch", f"{exc.__class__.__name__}: {text}".strip(": ")
        return kind, reason, status
