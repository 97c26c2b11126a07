"""The next part of a multi-page article, read from the article's own pagination element only.

People's Daily sets the page bar of a multi-page article (``<div class="zdfy">【1】【2】…</div>``,
and a "下一页" image link beside it) inside the body. Only those elements are read: a page carries
~400 other links (navigation, hot lists, related reading), and resolving each of them was most of
the parse time, for an answer they never hold.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from crawler.parsing.dom import element_text
from crawler.parsing.urls import ARTICLE_PATH, absolute_url, article_content_id, article_page_number

__all__ = ["next_page_url", "pagination_elements"]

# Class or id tokens of page bars on people.com.cn and similar CMSs.
_PAGINATION_TOKEN = re.compile(
    r"^(?:zdfy|page_?(?:bar|nav|list|num|n|s|link|box)?|pages|paging|pagination|pagelink|fenye|"
    r"multi_?page|turn_?page)$", re.I)
# A cheap prefilter done by libxml2 itself: candidates whose class or id mentions one of these.
_CANDIDATES = etree.XPath(
    "descendant-or-self::*[contains(@class, 'zdfy') or contains(@class, 'page') or contains(@class, 'Page')"
    " or contains(@class, 'fenye') or contains(@class, 'paging') or contains(@id, 'page')"
    " or contains(@id, 'Page') or contains(@id, 'zdfy')]")
# The "下一页" image link the site sets next to the bar: <center><table>…<a><img …next_page.jpg>.
_NEXT_IMAGE = etree.XPath("descendant-or-self::center[.//img[contains(@src, 'next')]]")
_NEXT_TEXT = re.compile(r"^\s*(?:下一页|下页|next(?:\s+page)?)\s*[>»›]*\s*$", re.I)


def _is_pagination(element) -> bool:
    for attr in ("class", "id"):
        value = element.get(attr)
        if value and any(_PAGINATION_TOKEN.match(token) for token in value.split()):
            return True
    return False


def pagination_elements(scope) -> list:
    """The page bars in scope (outermost only), then the "next page" image blocks."""
    found = []
    for element in _CANDIDATES(scope):
        if _is_pagination(element) and not any(a in found for a in element.iterancestors()):
            found.append(element)
    found.extend(_NEXT_IMAGE(scope))
    return found


def next_page_url(tree, body_element, url: str) -> str | None:
    """The next part of a multi-page article: the same article's -N+1.html page, or None.

    The page bars inside the body are read, then a page bar set right beside it (a sibling of
    the body); only without a body element are the page's page bars read. No other link of the
    page is looked at.
    """
    content_id = article_content_id(url)
    if not content_id:
        return None
    wanted = article_page_number(url) + 1
    if body_element is None:
        bars = pagination_elements(tree)
    else:
        bars = pagination_elements(body_element) + [
            sibling for sibling in body_element.itersiblings() if isinstance(sibling.tag, str) and _is_pagination(sibling)]
    for bar in bars:
        found = _next_in(bar, url, content_id, wanted)
        if found:
            return found
    return None


def _next_in(bar, url: str, content_id: str, wanted: int) -> str | None:
    labelled = None
    for link in bar.iter("a"):
        href = absolute_url(link.get("href"), url)
        if not href:
            continue
        match = ARTICLE_PATH.search(urlsplit(href).path)
        if not match or match.group("id") != content_id:
            continue
        page = int(match.group("page") or 1)
        if page == wanted:
            return href
        if labelled is None and page > wanted - 1 and _NEXT_TEXT.match(element_text(link)):
            labelled = href
    return labelled
