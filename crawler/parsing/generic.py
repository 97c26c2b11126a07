"""The fallback extractor for templates nobody described: meta tags, the title, the densest text block.

Title: ``og:title``, else the ``<h1>`` that the ``<title>`` repeats, else the ``<title>`` with its
"--频道--人民网" / "-新华网" suffixes cut. Date: article:published_time-style meta tags, else the
first date written near the title (before the body), else the date-only ``publishdate`` meta tag.
Body: the element whose ``<p>`` children carry the most text. The helpers here are shared with
the known templates, which fall back to them field by field.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.parsing.body import body_paragraphs, densest_block
from crawler.parsing.candidate import Candidate
from crawler.parsing.credits import EDITOR_LINE, english_dateline, parse_outlet
from crawler.parsing.dates import find_datetime, parse_iso
from crawler.parsing.dom import NON_CONTENT_TAGS, clean_text, element_text

__all__ = ["extract_generic", "page_title", "clean_page_title", "find_date_before", "meta_datetime",
           "first_heading", "credit_line", "editor_anywhere"]

MAX_CREDIT_LINE = 200      # characters: an element holding more than this is the article, not its credit line

_TITLE_SEPARATORS = ("--", "_", " - ", " | ", "|", "-", "－", "——")
_DATE_HINT = re.compile(r"time|date|pub|info|source|origin|dateline|byline|meta", re.I)
_HAS_YEAR = re.compile(r"\d{4}")
_META_DATETIME_KEYS = ("article:published_time", "og:article:published_time", "og:release_date",
                       "pubdate", "publishdate", "publish_date", "publishtime", "datepublished",
                       "date", "dc.date", "dc.date.issued", "sailthru.date", "weibo:article:create_at")


def clean_page_title(title: str | None) -> str | None:
    """"标题--财经--人民网" → "标题": cut short site/channel segments off the end."""
    title = clean_text(title)
    if not title:
        return None
    changed = True
    while changed:
        changed = False
        for sep in _TITLE_SEPARATORS:
            if sep in title:
                head, tail = title.rsplit(sep, 1)
                head, tail = head.strip(), tail.strip()
                if head and len(tail) <= 16 and len(head) >= 4:
                    title = head
                    changed = True
                    break
    return title or None


def first_heading(tree, tag: str = "h1") -> str | None:
    for heading in tree.iter(tag):
        text = element_text(heading)
        if text:
            return text
    return None


def page_title(tree, meta: dict[str, str]) -> str | None:
    """The article title by the generic rules (see module docstring)."""
    og = clean_text(meta.get("og:title") or meta.get("twitter:title"))
    if og:
        return clean_page_title(og)
    title_element = tree.find(".//title")
    raw_title = element_text(title_element) if title_element is not None else ""
    for heading in tree.iter("h1"):
        text = element_text(heading)
        if text and (not raw_title or text in raw_title or raw_title in text):
            return text
    return clean_page_title(raw_title) or first_heading(tree)


def meta_datetime(meta: dict[str, str], *, require_time: bool) -> object:
    """A publication time from meta tags; with ``require_time`` only values that carry a time."""
    for key in _META_DATETIME_KEYS:
        value = meta.get(key)
        if not value:
            continue
        has_time = bool(re.search(r"\d{1,2}:\d{2}", value))
        if require_time and not has_time:
            continue
        parsed = parse_iso(value)
        if parsed is not None:
            return parsed
    return None


def _segments_before(tree, stop):
    """(element, own-text) pairs in document order until ``stop`` (the body) is reached."""
    for element in tree.iter():
        if element is stop:
            return
        tag = element.tag
        if isinstance(tag, str) and tag not in NON_CONTENT_TAGS and tag != "title" and element.text:
            yield element, element.text
        if element.tail:
            yield element, element.tail


def find_date_before(tree, stop, *, hinted_only: bool = False):
    """The first date written before ``stop``: ``(datetime, element)`` or None.

    Dates with a time of day win: first inside elements whose class/id hints at a date or
    byline, then anywhere; a date without time only when nothing better is written.
    """
    hinted = plain = date_only = None
    for element, text in _segments_before(tree, stop):
        if not _HAS_YEAR.search(text) and not (":" in text and "," in text):
            continue
        found = find_datetime(text, require_time=True)
        if found is not None:
            target = element
            is_hinted = any(
                _DATE_HINT.search((node.get("class") or "") + " " + (node.get("id") or ""))
                for node in (target, target.getparent()) if node is not None
            )
            if is_hinted:
                hinted = (found, element)
                break
            if plain is None:
                plain = (found, element)
        elif date_only is None:
            day = find_datetime(text)
            if day is not None:
                date_only = (day, element)
    if hinted_only:
        return hinted
    return hinted or plain or date_only


def extract_generic(tree, meta: dict[str, str]) -> Candidate:
    """Everything the generic rules can find on any article page."""
    candidate = Candidate(template="generic")
    candidate.title = page_title(tree, meta)
    block = densest_block(tree)
    if block is not None:
        candidate.body = body_paragraphs(block)
        candidate.body_element = block
    when = meta_datetime(meta, require_time=True)
    if when is None:
        found = find_date_before(tree, block)
        if found is not None:
            when = found[0]
            credit_line(candidate, found[1])
    candidate.published_at = when or meta_datetime(meta, require_time=False)
    candidate.editor_text = candidate.body.editor_line or editor_anywhere(tree)
    return candidate


def _credit_lines(element):
    """The line a date was found on, then its parent's when that is still a line (not the article)."""
    yield element_text(element)
    parent = element.getparent()
    if parent is not None and parent.tag != "body":
        text = element_text(parent)
        if len(text) <= MAX_CREDIT_LINE:
            yield text


def credit_line(candidate: Candidate, element) -> None:
    """Outlet and byline from the line a date was found on ("… 来源：新华网", "By … (Xinhua) 13:10, …")."""
    for line in _credit_lines(element):
        dateline = english_dateline(line)
        if dateline:
            candidate.outlet = candidate.outlet or dateline["outlet"]
            candidate.author_text = candidate.author_text or dateline["authors"] or None
            return
        outlet = parse_outlet(line)
        if outlet:
            candidate.outlet = candidate.outlet or outlet
            return


_EDITOR_ANYWHERE = etree.XPath("//*[not(self::script) and not(self::style)][text()[contains(., '责编') or "
                               "contains(., '责任编辑') or contains(., 'editor:') or contains(., 'Editor:')]]")


def editor_anywhere(tree) -> str | None:
    """The editor line outside the body (en.people.cn and many channel pages set it below the text)."""
    for element in _EDITOR_ANYWHERE(tree):
        match = EDITOR_LINE.search(element_text(element))
        if match:
            return match.group(0)
    return None
