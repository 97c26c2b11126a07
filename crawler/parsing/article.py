"""``parse_article``: one page's bytes → one ParsedArticle, or a ParseError saying what is missing.

Pure: no network, database or Scrapy. The bytes are decoded (``encoding.py``), the first known
template whose body selector matches extracts the fields (``templates.py``), the generic rules
fill what it could not (``generic.py``), and the result is checked: a page without a title, a
publication date or a body is refused, never returned as an empty article.
"""

from __future__ import annotations

import logging
import re

from crawler.parsing.bylines import split_bylines
from crawler.parsing.candidate import Candidate
from crawler.parsing.credits import parse_authors, parse_editors, parse_outlet
from crawler.parsing.dom import build_tree, clean_text, element_text, meta_tags
from crawler.parsing.encoding import decode_html
from crawler.parsing.generic import (
    credit_line, extract_generic, find_date_before, meta_datetime, page_title,
)
from crawler.parsing.language import detect_language
from crawler.parsing.model import ParsedArticle
from crawler.parsing.pagination import next_page_url
from crawler.parsing.series import parse_series
from crawler.parsing.templates import extract_known
from crawler.parsing.urls import absolute_url, article_content_id
from serieswatch.errors import ParseError

__all__ = ["parse_article", "parse_tree"]

logger = logging.getLogger(__name__)

_KEYWORD_SPLIT = re.compile(r"\s*[,，;；、|]\s*")
_SERIES_HINT = re.compile(r"系列|series|part\s", re.I)


def parse_article(body: bytes, url: str, *, header_charset: str | None = None) -> ParsedArticle:
    """Parse one article page; raises ParseError(reason, url=url) when it is not a whole article."""
    text, charset = decode_html(body or b"", header_charset)
    tree = build_tree(text)
    if tree is None:
        raise ParseError("not an article page", url=url)
    article = parse_tree(tree, url)
    article.charset = charset
    return article


def parse_tree(tree, url: str) -> ParsedArticle:
    """Parse an already built lxml tree (for callers that decoded the page themselves)."""
    meta = meta_tags(tree)
    candidate = extract_known(tree, url) or _generic_or_refuse(tree, meta, url)
    _fill_gaps(candidate, tree, meta)

    if not candidate.title:
        raise ParseError("no title", url=url)
    if candidate.published_at is None:
        raise ParseError("no publication date", url=url)
    if not candidate.body.paragraphs:
        raise ParseError("no article body", url=url)
    return _article(candidate, tree, meta, url)


def _generic_or_refuse(tree, meta, url) -> Candidate:
    logger.debug("%s: no known template matches, using the generic extractor", url)
    candidate = extract_generic(tree, meta)
    if candidate.body_element is None and _link_dominated(tree):
        raise ParseError("not an article page", url=url)
    return candidate


def _link_dominated(tree) -> bool:
    body = tree.find("body")
    if body is None:
        return False
    total = len(element_text(body))
    links = sum(len(element_text(a)) for a in body.iter("a"))
    return total == 0 or links >= 0.5 * total


def _fill_gaps(candidate: Candidate, tree, meta: dict[str, str]) -> None:
    """Fields the template did not find, by the generic rules."""
    if not candidate.title:
        candidate.title = page_title(tree, meta)
    if candidate.published_at is None:
        found = find_date_before(tree, candidate.body_element)
        if found is not None:
            credit_line(candidate, found[1])
        if found is not None and found[0].hour + found[0].minute + found[0].second:
            candidate.published_at = found[0]
        else:
            candidate.published_at = (meta_datetime(meta, require_time=False)
                                      or (found[0] if found else None))
    if not candidate.outlet:
        candidate.outlet = parse_outlet(meta.get("source"))


def _optional(text: str | None) -> str | None:
    text = clean_text(text)
    return text or None


def _keywords(value: str | None) -> list[str]:
    value = clean_text(value)
    if not value:
        return []
    parts = _KEYWORD_SPLIT.split(value)
    if len(parts) == 1 and " " in value and not value.isascii():
        parts = value.split()                   # "京津冀 协同发展": Chinese keywords set with spaces
    seen: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def _canonical(tree, meta: dict[str, str], url: str) -> str | None:
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical":
            found = absolute_url(link.get("href"), url)
            if found:
                return found
    return absolute_url(meta.get("og:url"), url)


def _series(candidate: Candidate):
    series = parse_series(candidate.kicker)
    if series is None:
        for line in (candidate.subtitle, candidate.title):
            if line and _SERIES_HINT.search(line):
                series = parse_series(line)
                if series:
                    break
    return series


def _article(candidate: Candidate, tree, meta: dict[str, str], url: str) -> ParsedArticle:
    paragraphs, byline = split_bylines(candidate.body.paragraphs)
    text = "\n\n".join(paragraphs)
    authors = candidate.authors or parse_authors(candidate.author_text) or parse_authors(byline)
    return ParsedArticle(
        url=url,
        title=candidate.title,
        text=text,
        published_at=candidate.published_at,
        language=detect_language(candidate.title, text),
        kicker=_optional(candidate.kicker),
        subtitle=_optional(candidate.subtitle),
        series=_series(candidate),
        outlet=_optional(candidate.outlet),
        authors=authors,
        editors=parse_editors(candidate.editor_text),
        keywords=_keywords(meta.get("keywords")),
        description=_optional(meta.get("description")),
        content_id=_optional(meta.get("contentid")) or article_content_id(url),
        canonical_url=_canonical(tree, meta, url),
        template=candidate.template,
        next_page_url=next_page_url(tree, candidate.body_element, url),
    )
