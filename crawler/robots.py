"""robots.txt, strictly: 404 allows everything; 5xx or unreachable disallows that host for the run;
a Crawl-delay is honoured (up to SERIESWATCH_MAX_CRAWL_DELAY seconds between requests to the host).

Scrapy's own middleware treats an unreachable robots.txt as "allow all" and ignores Crawl-delay;
a polite crawler should not. Driven by ROBOTSTXT_OBEY.
"""

from __future__ import annotations

import logging
import time

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet import reactor
from twisted.internet.task import deferLater

from crawler.resolver import refusal, refused_hosts

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._max_delay = crawler.settings.getfloat("SERIESWATCH_MAX_CRAWL_DELAY", 120.0)
        self._next_slot: dict[str, float] = {}     # host → the earliest time of its next request
        self._unavailable: dict[str, str] = {}     # host → why its robots.txt could not be read

    async def process_request(self, request, spider=None):
        if request.meta.get("dont_obey_robotstxt"):
            return None
        parser = await self.robot_parser(request)
        netloc = urlparse_cached(request).netloc
        host = urlparse_cached(request).hostname
        if host in refused_hosts:        # robots.txt was not read because the host is not public
            raise IgnoreRequest(refusal(host))
        if netloc in self._unavailable:
            raise IgnoreRequest(f"robots.txt unavailable ({self._unavailable[netloc]}): host not crawled this run")
        self.process_request_2(parser, request)
        delay = self._crawl_delay(parser, request)
        if delay:
            now = time.monotonic()
            at = max(now, self._next_slot.get(netloc, now))
            self._next_slot[netloc] = at + delay
            if at > now:
                await maybe_deferred_to_future(deferLater(reactor, at - now, lambda: None))
        return None

    def _crawl_delay(self, parser, request) -> float | None:
        if parser is None or not hasattr(parser, "crawl_delay"):
            return None
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        try:
            delay = parser.crawl_delay(agent)
        except Exception:  # noqa: BLE001 - a parser without crawl-delay support
            return None
        return min(delay, self._max_delay) if delay else None

    async def _parse_robots(self, response, netloc, request):
        if response.status >= 500:
            logger.warning("robots.txt of %s answered HTTP %d: not crawling that host this run",
                           netloc, response.status)
            self.crawler.stats.inc_value("serieswatch/robots_unavailable")
            self._unavailable[netloc] = f"HTTP {response.status}"
            response = response.replace(body=DISALLOW_ALL, status=200)
        elif response.status >= 400:
            response = response.replace(body=b"")        # 404 and friends: no rules, all allowed
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc):
        # A host refused for its addresses is not a robots.txt problem: its pages are refused instead.
        if netloc.rsplit(":", 1)[0].strip("[]") not in refused_hosts:
            logger.warning("robots.txt of %s unreachable (%s): not crawling that host this run", netloc, exc)
            self.crawler.stats.inc_value("serieswatch/robots_unavailable")
            self._unavailable[netloc] = str(exc).split(":")[0] or exc.__class__.__name__
        rp_dfd = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        rp_dfd.callback(parser)
