"""Refuses requests that a crawler of a public site must never make.

Only http(s); no loopback, private or link-local addresses when the crawl targets a public site
(a redirect to 127.0.0.1 or 169.254.169.254 is refused). This checks address literals in URLs;
host names are checked where they resolve (crawler/resolver.py). Crawling a local site (a start URL on
such an address, as in the demo and tests) allows them; SERIESWATCH_ALLOW_PRIVATE_HOSTS forces either way.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def is_private_host(host: str) -> bool:
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped                 # [::ffff:127.0.0.1] is 127.0.0.1
    return not ip.is_global or ip.is_multicast


class RefusedRequest(IgnoreRequest):
    """A request refused because of its scheme or target address."""


class SafeTargetMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.allow_private = crawler.settings.get("SERIESWATCH_ALLOW_PRIVATE_HOSTS")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _private_allowed(self) -> bool:
        if self.allow_private is not None:
            return bool(self.allow_private)
        source = getattr(self.crawler.spider, "source", None)
        starts = getattr(source, "entry_urls", None) or getattr(self.crawler.spider, "start_urls", None) or []
        return any(is_private_host(urlsplit(u).hostname or "") for u in starts)

    def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            raise RefusedRequest(f"refused: {parts.scheme}:// is not crawled")
        if is_private_host(parts.hostname or "") and not self._private_allowed():
            raise RefusedRequest(f"refused: {parts.hostname} is a loopback, private or link-local address")
        return None
