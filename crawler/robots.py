"""robots.txt, strictly: 404 allows everything; 5xx or unreachable disallows that host for the run.

Scrapy's own middleware treats an unreachable robots.txt as "allow all"; a polite crawler should not.
Driven by ROBOTSTXT_OBEY.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.misc import build_from_crawler

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response, netloc, request):
        if response.status >= 500:
            logger.warning("robots.txt of %s answered HTTP %d: not crawling that host this run",
                           netloc, response.status)
            self.crawler.stats.inc_value("serieswatch/robots_unavailable")
            response = response.replace(body=DISALLOW_ALL, status=200)
        elif response.status >= 400:
            response = response.replace(body=b"")        # 404 and friends: no rules, all allowed
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc, netloc):
        logger.warning("robots.txt of %s unreachable (%s): not crawling that host this run", netloc, exc)
        self.crawler.stats.inc_value("serieswatch/robots_unavailable")
        rp_dfd = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        self._parsers[netloc] = parser
        rp_dfd.callback(parser)
