"""What People's Daily Online addresses say: article or not, content id, page of a multi-page article.

Articles live at ``/n/``, ``/n1/``, ``/n2/`` or ``/n3/`` + ``YYYY/MMDD/c{catalog}-{contentid}.html``,
optionally below a special-site folder (``lianghui.people.com.cn/2018npc/n1/...``); the second
and later pages of one article add ``-2.html``, ``-3.html``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

__all__ = [
    "ARTICLE_PATH", "article_content_id", "article_page_number", "is_article_url",
    "absolute_url", "strip_fragment", "article_date",
]

ARTICLE_PATH = re.compile(
    r"/n[123]?/(?P<year>\d{4})/(?P<mmdd>\d{4})/c(?P<catalog>\d+)-(?P<id>\d+)(?:-(?P<page>\d+))?\.html?$"
)


def article_content_id(url: str) -> str | None:
    """'40221837' from ``.../c1004-40221837.html`` (and from its ``-2.html`` pages); else None."""
    match = ARTICLE_PATH.search(urlsplit(url).path) if url else None
    return match.group("id") if match else None


def article_date(url: str):
    """The publication day an article address carries (``/n1/2024/0423/…`` → 2024-04-23), or None."""
    from datetime import date
    match = ARTICLE_PATH.search(urlsplit(url).path) if url else None
    if not match:
        return None
    try:
        return date(int(match.group("year")), int(match.group("mmdd")[:2]), int(match.group("mmdd")[2:]))
    except ValueError:
        return None


def article_page_number(url: str) -> int:
    """1 for an article's first page, N for its ``-N.html`` page (also 1 for non-article URLs)."""
    match = ARTICLE_PATH.search(urlsplit(url).path) if url else None
    if match and match.group("page"):
        return int(match.group("page"))
    return 1


def is_article_url(url: str, *, first_page_only: bool = True) -> bool:
    """Whether the URL is an article page (by default only an article's first page)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    match = ARTICLE_PATH.search(parts.path)
    if not match:
        return False
    return not (first_page_only and match.group("page"))


def strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def absolute_url(href: str | None, base: str) -> str | None:
    """An absolute http(s) URL for a link, or None for javascript:, mailto:, empty links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    lowered = href[:12].lower()
    if lowered.startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        joined = urljoin(base, href) if base else href
    except ValueError:
        return None
    if urlsplit(joined).scheme not in ("http", "https"):
        return None
    return strip_fragment(joined)
