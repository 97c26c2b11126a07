"""What parsing produces: plain value objects, free of Scrapy, the database and the network."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Series:
    """A numbered series an article belongs to (系列报道之二 → part 2)."""

    name: str | None
    part: int | None


@dataclass
class ParsedArticle:
    """One article as read from one page. `text` is the body only: paragraphs joined by blank lines."""

    url: str
    title: str
    text: str
    published_at: datetime | None          # timezone-aware (+08:00 for the site); None only for .txt input
    language: str                           # "zh" | "en"
    kicker: str | None = None
    subtitle: str | None = None
    series: Series | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    description: str | None = None
    content_id: str | None = None           # the site's id (meta contentid or the URL's c{catalog}-{id})
    canonical_url: str | None = None        # <link rel=canonical> / og:url when the page names one
    template: str = "generic"               # rm_txt | box_con | text_show | en | generic | text
    charset: str | None = None              # the charset the bytes were decoded with
    next_page_url: str | None = None        # multi-page articles: the next part's URL


@dataclass
class Listing:
    """What a listing or topic page links to."""

    url: str
    article_urls: list[str]
    next_page_url: str | None
    charset: str | None = None
