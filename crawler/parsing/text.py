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


# Where a page dump's article ends: the editor line, related/recommended reading, share widgets.
_END = re.compile(
    r"^\s*(?:[(（]\s*(?:责编|责任编辑|编辑|Editor in charge|Web editor|Editor)\s*[:：]"
    r"|(?:责任编辑|责编)\s*[:：]"
    r"|[\[【]?\s*(?:相关阅读|相关新闻|延伸阅读|推荐阅读|Related Reading|Related Stories|Recommended reading)\s*[\]】]?\s*$"
    r"|分享让更多人看到|Share to let more people see|Back to top|返回顶部)", re.I)
# Lines of a page dump's head that are not the title: site names, breadcrumbs, bylines, font widgets.
_HEAD_NOISE = re.compile(
    r"(>>|»|^\s*(?:人民网|人民日报|People'?s (?:Network|Daily)(?: Online)?|Xinhua|新华网)\s*$|小字号|大字号|font size"
    r"|记者|reporter|^\s*By\s|来源[:：]|Source\s*:)", re.I)
_SENTENCE_END = re.compile(r"[。！？!?；;]\s*$|[.]\s*$")
_HEAD_LINES = 12


def _lines(text: str) -> list[str]:
    lines = [line.strip(" \t\u3000\xa0") for line in text.split("\n")]
    for i, line in enumerate(lines):
        if i > 2 and _END.match(line):
            return lines[:i]
    return lines


def _split_head(lines: list[str]) -> tuple[str | None, list[str], datetime | None, object]:
    """(title, body lines, published_at, series) of a page dump or of bare text.

    A dump has a dateline among its first lines: the title is the longest head line that is not a
    site name, breadcrumb, byline or series line, and the body starts after the dateline block.
    Bare text (sentences, paragraphs) has no head: all of it is body, so no number is lost.
    """
    filled = [(i, line) for i, line in enumerate(lines) if line]
    series = None
    for i, line in filled[:_HEAD_LINES]:
        if len(line) > 300:      # a paragraph: no dateline block at the top
            break
        when = find_datetime(line, require_time=True)
        if when is None:
            continue
        head = [text for _, text in filled if _ < i]
        kept = []
        for text in head:
            found = parse_series(text)
            if found:
                series = series or found
            elif not _HEAD_NOISE.search(text):
                kept.append(text)
        body = lines[i + 1:]
        while body and (not body[0] or re.search(r"^(?:小字号|Small font size|A\+|大字号)", body[0], re.I)):
            body = body[1:]
        if kept:
            return max(kept, key=len), body, when, series
        break
    if not filled:
        return None, [], None, None
    index, first = filled[0]
    series = parse_series(first) if len(first) < 200 else None
    if len(filled) > 1 and len(first) <= 80 and not _SENTENCE_END.search(first):
        return first, lines[index + 1:], None, series
    return None, lines[index:], None, series


def _paragraphs(body: list[str], language: str, blank_separated: bool) -> list[str]:
    """Blank lines separate paragraphs when the text has them (hard-wrapped lines are joined)."""
    if not blank_separated:
        blocks = [[line] for line in body]
    else:
        blocks, block = [], []
        for line in body + [""]:
            if line:
                block.append(line)
            elif block:
                blocks.append(block)
                block = []
    joiner = " " if language == "en" else ""
    return [p for p in (clean_text(joiner.join(b)) for b in blocks) if p]


def parse_text(text: str, *, url: str | None = None, language: str | None = None,
               published_at: datetime | None = None) -> ParsedArticle:
    """Parse plain text; raises ParseError("no article body") only when there is no text at all."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blank_separated = bool(_BLANK_LINE.search(text))
    title, body, found_at, series = _split_head(_lines(text))
    language = language or detect_language(title or "", "\n".join(body))
    paragraphs = _paragraphs(body, language, blank_separated)
    if not paragraphs:
        raise ParseError("no article body", url=url)
    if published_at is None:
        published_at = found_at
    elif published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=BEIJING)
    if title is None:
        first = paragraphs[0]
        title = first if len(first) <= 60 else first[:60].rstrip() + "…"
    return ParsedArticle(
        url=url or "",
        title=clean_text(title),
        text="\n\n".join(paragraphs),
        published_at=published_at,
        language=language,
        series=series,
        content_id=article_content_id(url) if url else None,
        template="text",
        charset=None,
    )
