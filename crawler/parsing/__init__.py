"""Page parsing for serieswatch: pure functions from page bytes (or text) to value objects.

No Scrapy, database or network in here, so the spider, ``serieswatch extract`` and re-extraction
share one code path.

- ``parse_article(body, url, *, header_charset=None) -> ParsedArticle`` (raises ParseError)
- ``parse_text(text, *, url=None, language=None, published_at=None) -> ParsedArticle``
- ``parse_listing(body, url, *, header_charset=None) -> Listing``
- ``decode_html(body, header_charset) -> (text, charset)``
- ``article_content_id(url) -> str | None``
"""

from crawler.parsing.article import parse_article
from crawler.parsing.encoding import decode_html
from crawler.parsing.listing import parse_listing
from crawler.parsing.model import Listing, ParsedArticle, Series
from crawler.parsing.text import parse_text
from crawler.parsing.urls import article_content_id, is_article_url

__all__ = [
    "parse_article", "parse_text", "parse_listing", "decode_html", "article_content_id",
    "is_article_url", "ParsedArticle", "Series", "Listing",
]
