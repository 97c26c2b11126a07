"""``parse_listing``: the article links on a listing or topic page, and its "下一页" link.

Article links are those whose path matches the article pattern (``/n1/2024/0423/c1004-40221837.html``
and its ``/n/``, ``/n2/``, ``/n3/`` and folder-prefixed variants); second and later pages of
multi-page articles (``-2.html``) are left out, their first page stands for them.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from crawler.parsing.dom import build_tree, element_text
from crawler.parsing.encoding import decode_html
from crawler.parsing.model import Listing
from crawler.parsing.urls import absolute_url, is_article_url

__all__ = ["parse_listing"]

_NEXT_LABEL = re.compile(r"^\s*(?:下一页|下页|后一页|next(?:\s+page)?|more)\s*[>»›]*\s*$", re.I)


def _base_url(tree, url: str) -> str:
    for base in tree.iter("base"):
        href = absolute_url(base.get("href"), url)
        if href:
            return href
    return url


def _without_query(url: str) -> str:
    # Article addresses carry no query; a query on one is tracking and would split one story in two.
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def parse_listing(body: bytes, url: str, *, header_charset: str | None = None) -> Listing:
    """Article URLs (absolute, de-duplicated, in page order) and the next listing page, if any."""
    text, charset = decode_html(body or b"", header_charset)
    tree = build_tree(text)
    if tree is None:
        return Listing(url=url, article_urls=[], next_page_url=None, charset=charset)
    base = _base_url(tree, url)
    articles: list[str] = []
    seen: set[str] = set()
    next_page = None
    own = _without_query(url)
    for link in tree.iter("a"):
        href = absolute_url(link.get("href"), base)
        if not href:
            continue
        if is_article_url(href):
            article = _without_query(href)
            if article not in seen:
                seen.add(article)
                articles.append(article)
            continue
        if next_page is None and href != own and (
            (link.get("rel") or "").lower() == "next" or _NEXT_LABEL.match(element_text(link))
        ):
            next_page = href
    return Listing(url=url, article_urls=articles, next_page_url=next_page, charset=charset)
