"""Scrapy settings built from the validated config: one place for every crawler default.

Scrapy settings decide the scheduler, dupefilter and pipelines, so scale-out (scrapy-redis workers
sharing one frontier) is a matter of overriding SCHEDULER / DUPEFILTER_CLASS here, not of code.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.safety import is_private_host
from serieswatch.config import Config

# Articles per store transaction: a commit and a read of the figures' summary per batch, so larger
# batches store faster (bench_store at 100k articles: 10.6 ms/article at 25, 9.0-9.5 at 50), but
# the reactor waits while a batch is written (a 10k crawl kept 86 % of a bare spider's pace at 25,
# 73 % at 100).  A partial batch is written SERIESWATCH_STORE_BATCH_WAIT seconds after its first.
STORE_BATCH = 50


def scrapy_settings(config: Config, *, overrides: dict | None = None) -> dict:
    c = config.crawl
    settings = {
        "BOT_NAME": "serieswatch",
        "USER_AGENT": c.user_agent,
        "ROBOTSTXT_OBEY": c.obey_robots,
        "DOWNLOAD_DELAY": c.download_delay,
        "CONCURRENT_REQUESTS": max(8, c.concurrency * 2),
        "CONCURRENT_REQUESTS_PER_DOMAIN": c.concurrency,
        "AUTOTHROTTLE_ENABLED": c.autothrottle and c.download_delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(c.download_delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": 120.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": c.timeout,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": c.retries,
        # 429 and 503 go to RetryAfterMiddleware, which honours Retry-After.
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "SERIESWATCH_RETRY_AFTER_TIMES": c.retries,
        "SERIESWATCH_RETRY_AFTER_MAX": 600,
        "DOWNLOAD_MAXSIZE": c.max_page_bytes,
        "DOWNLOAD_WARNSIZE": c.max_page_bytes // 2,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "LOG_INSTALL_ROOT_HANDLER": False,
        "LOG_FORMATTER": "crawler.logformatter.ArchiveLogFormatter",     # URLs in item lines, never bodies
        "HTTPCACHE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        # Only http(s): a redirect to file:// or ftp:// has no handler to reach.
        "DOWNLOAD_HANDLERS": {"file": None, "ftp": None, "s3": None, "data": None},
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.robots.StrictRobotsTxtMiddleware": 100,
            "crawler.safety.SafeTargetMiddleware": 50,
            "crawler.retry_after.RetryAfterMiddleware": 540,
        },
        "ITEM_PIPELINES": {"crawler.pipelines.ArchivePipeline": 300},
        "SERIESWATCH_ALLOW_PRIVATE_HOSTS": c.allow_private_hosts,
        # Resolved addresses are checked at connection time (crawler/resolver.py); "auto" allows
        # private ones when a start URL is itself a private address (a local site, the demo).
        "TWISTED_DNS_RESOLVER": "crawler.resolver.PublicAddressResolver",
        "SERIESWATCH_PRIVATE_START_URLS": any(is_private_host(urlsplit(u).hostname or "")
                                              for s in config.sources for u in s.entry_urls),
        "SERIESWATCH_MAX_CRAWL_DELAY": c.max_crawl_delay,
        # Parsing + figure extraction in worker processes (crawler/parse_pool.py); None = CPUs - 1.
        "SERIESWATCH_PARSE_WORKERS": None,
        "SERIESWATCH_PARSE_POOL_AFTER": 20,
        # Articles stored per transaction, and how long a stored item may wait for its batch (seconds).
        "SERIESWATCH_STORE_BATCH": STORE_BATCH,
        "SERIESWATCH_STORE_BATCH_WAIT": 1.0,
    }
    settings.update(overrides or {})
    return settings
