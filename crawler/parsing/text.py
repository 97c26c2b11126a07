"""``parse_text``: a plain-text article (a saved .txt) as a ParsedArticle with template "text".

The first non-empty line is the title; the remaining lines are the body, split into paragraphs
at blank lines (or at every line when the text has no blank lines). A series line ("…系列报道之二",
"Report Series II of …") and a dateline among the first lines are picked up when present.
"""

from __future__ import annotations

import re
from datetime import datetime

from crawler.parsing.dates import BEIJING, find_datetime
from crawler.parsing.dom import clean_text
from crawler.parsing.language import detect_language
from crawler.parsing.model import ParsedArticle
from crawler.parsing.series import parse_series
from crawler.parsing.urls import article_content_id
from serieswatch.errors import ParseError

__all__ = ["parse_text"]

_BLANK_LINE = re.compile(r"\n[ \t\u3000\xa0]*\n")
_HEAD_LINES = 8


def _paragraphs(body: str, language: str) -> list[str]:
    if _BLANK_LINE.search(body):
        blocks = _BLANK_LINE.split(body)
        joiner = " " if language == "en" else ""
        paragraphs = [joiner.join(line.strip(" \t\u3000\xa0") for line in block.splitlines()) for block in blocks]
    else:
        paragraphs = body.splitlines()
    cleaned = (clean_text(paragraph) for paragraph in paragraphs)
    return [paragraph for paragraph in cleaned if paragraph]


def parse_text(text: str, *, url: str | None = None, language: str | None = None,
               published_at: datetime | None = None) -> ParsedArticle:
    """Parse plain text; raises ParseError("no title" / "no article body") when there is none."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    index = next((i for i, line in enumerate(lines) if line.strip(" \t\u3000\xa0")), None)
    if index is None:
        raise ParseError("no title", url=url)
    title = clean_text(lines[index])
    rest = "\n".join(lines[index + 1:])
    language = language or detect_language(title, rest)
    paragraphs = _paragraphs(rest, language)
    if not paragraphs:
        raise ParseError("no article body", url=url)

    series = None
    head = paragraphs[:_HEAD_LINES]
    for line in [title, *head]:
        series = parse_series(line) if len(line) < 200 else None
        if series:
            break
    if published_at is None:
        for line in head:
            if len(line) < 120:
                published_at = find_datetime(line, require_time=True)
                if published_at:
                    break
    elif published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=BEIJING)

    return ParsedArticle(
        url=url or "",
        title=title,
        text="\n\n".join(paragraphs),
        published_at=published_at,
        language=language,
        series=series,
        content_id=article_content_id(url) if url else None,
        template="text",
        charset=None,
    )
