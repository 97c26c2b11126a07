"""A bare Scrapy spider over the benchmark site: the speed limit of fetching it (bench_crawl.py).

    python benchmarks/bare_spider.py START_URL [--parse]

Follows the listing pages ("下一页") and fetches every article they link, with the crawl's own
download settings (concurrency 16, no delay); `--parse` also runs parse_article on each page.
Prints one JSON line: pages fetched, wall seconds (spider open → close), pages/s.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ARTICLE = re.compile(r"/n\d?/\d{4}/\d{4}/c\d+-\d+\.html$")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start, parse=False, **kwargs):
        super().__init__(**kwargs)
        self.start_urls, self.do_parse, self.pages = [start], parse, 0

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if ARTICLE.search(url) and urlsplit(url).netloc == urlsplit(response.url).netloc:
                yield scrapy.Request(url, callback=self.article)
        nxt = response.xpath("//a[text()='下一页']/@href").get()
        if nxt:
            yield scrapy.Request(response.urljoin(nxt), callback=self.parse, priority=10)

    def article(self, response):
        self.pages += 1
        if self.do_parse:
            from crawler.parsing import parse_article
            parse_article(response.body, response.url)


def main():
    start, parse = sys.argv[1], "--parse" in sys.argv
    process = CrawlerProcess({"CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "DOWNLOAD_DELAY": 0,
                              "ROBOTSTXT_OBEY": False, "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
                              "LOG_LEVEL": "WARNING", "AUTOTHROTTLE_ENABLED": False})
    crawler = process.create_crawler(BareSpider)
    times = {}

    def opened(spider):
        times["open"] = time.perf_counter()

    def closed(spider):
        times["close"] = time.perf_counter()
    crawler.signals.connect(opened, scrapy.signals.spider_opened)   # the dispatcher holds weak references:
    crawler.signals.connect(closed, scrapy.signals.spider_closed)   # these names keep them alive
    process.crawl(crawler, start=start, parse=parse)
    process.start()
    wall = times["close"] - times["open"]
    pages = crawler.spider.pages
    print(json.dumps({"pages": pages, "wall_s": wall, "pages_per_s": pages / wall, "parse": parse}))


if __name__ == "__main__":
    main()
