"""The article body: its paragraphs, without the furniture People's Daily pages put around and inside it.

Inside the body container the site puts players, page bars (【1】【2】), related reading, share
widgets ("分享让更多人看到"), the editor line "(责编：…)" and the print credit
"《 人民日报 》（ 2015年03月21日 01 版）". Those carry numbers that are not the article's, so they
are cut here, once, for every template. ``densest_block`` finds the body on unknown templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.parsing.credits import EDITOR_LINE, english_dateline
from crawler.parsing.dom import NON_CONTENT_TAGS, clean_text, element_text, strip_ideographic_space

__all__ = ["Body", "body_paragraphs", "densest_block", "is_furniture"]

_FURNITURE_CLASS = re.compile(
    r"^(?:edit(?:or_?line|_?box)?|zdfy|page_?(?:bar|nav|list|num)|pagination|paper_num|"
    r"ops_share\w*|share\w*|bdshare\w*|fx|rm_relevant|relevant\w*|related?(?:[-_]\w+)?|"
    r"relate-news|recommend\w*|rm_download|rm_dingy|rm_qxdingy|rm_shouc|rm_yshouc|rm_type|bza|"
    r"voice-\w+|tadd|zan-\w+|p-tags|comments?(?:[-_]\w+)?|copyright|footer|banner\w*|ads?|"
    r"l-ad-\d+|box_(?:down|hot|read|news|piclist|pic0\d|ewm|ol)|hot(?:[-_]\w+)?|rank\w*|"
    r"read-more|more-news|news-com|nav\w*|breadcrumb|toolbar|font-?size|keyword-list|foot)$",
    re.I,
)
_FURNITURE_ID = re.compile(
    r"^(?:rwb_(?:tjyd|xgxw|rdtj|rdph|jctj|jctjr|sptj|bbsbot|bbstop|khd|navpath)|paper_num|"
    r"ops_share|news-com\w*|p-tags|rm_relevant|related\w*|share\w*)$",
    re.I,
)
_LINE_FURNITURE = re.compile(
    r"^(?:分享让更多人看到|分享到[：:]?|[小中大]字号|打印|关闭|返回顶部|回到顶部|纠错|【纠错】|"
    r"(?:small|medium|large) font size|back to top|print|close|share|"
    r"关注公众号[：:]\S*(?:\s+关注公众号[：:]\S*)*)$",
    re.I,
)
_RELATED_HEADING = re.compile(
    r"^[【\[［]?\s*(?:相关阅读|相关新闻|延伸阅读|相关链接|相关报道|推荐阅读|扩展阅读|"
    r"related\s+(?:reading|news|stories|articles|links?)|related(?=\s*[:：])|read\s+more|"
    r"recommended\s+reading)"
    r"\s*[】\]］]?\s*[:：]?",
    re.I,
)
_COPYRIGHT = re.compile(r"^(?:copyright\b|©)|版\s*权\s*所\s*有|all rights reserved", re.I)
_PRINT_CREDIT = re.compile(r"^《\s*人民日报[^》]*》\s*[（(]\s*\d{4}\s*年.*?版\s*[)）]$")
_PAGE_BAR = re.compile(r"^(?:[【\[［]\s*\d+\s*[】\]］]|上一页|下一页|首页|尾页|末页|\d+|[<>«»]|\s)+$")
_DATELINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}[:：]\d{2}\s*\|?\s*来源[：:]")
_PROMO_TAIL = re.compile(r"(?:>>|》》|>>>|→)\s*$")


def is_furniture(element) -> bool:
    """Whether an element is page furniture (share bar, page bar, related reading, ads …)."""
    attrib = element.attrib
    cls = attrib.get("class")
    if cls:
        for token in cls.split():
            if _FURNITURE_CLASS.match(token):
                return True
    ident = attrib.get("id")
    return bool(ident and _FURNITURE_ID.match(ident))


@dataclass
class Body:
    """Paragraphs of an article body, and the editor line found at its end (if any)."""

    paragraphs: list[str] = field(default_factory=list)
    editor_line: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _paragraph_elements(container):
    """``<p>`` elements in document order, not descending into furniture or scripts."""
    stack = [container]
    found = []
    while stack:
        element = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in NON_CONTENT_TAGS:
            continue
        if element is not container and is_furniture(element):
            continue
        if tag == "p":
            found.append(element)
            continue
        stack.extend(reversed(element))
    return found


def _link_length(element) -> int:
    return sum(len(element_text(link)) for link in element.iter("a"))


def _loose_lines(container) -> list[tuple[str, int]]:
    """Text set directly in the container with ``<br>`` (no ``<p>``): one line per paragraph."""
    parts: list[str] = []
    blocks = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
              "blockquote", "ul", "ol", "center"}

    def walk(element, top):
        tag = element.tag
        skipped = (not isinstance(tag, str) or tag in NON_CONTENT_TAGS
                   or (not top and is_furniture(element)))
        if not skipped:
            if tag in blocks:
                parts.append("\n\n")
            if element.text:
                parts.append(element.text)
            for child in element:
                walk(child, False)
            if tag in blocks:
                parts.append("\n\n")
        if not top and element.tail:
            parts.append(element.tail)

    walk(container, True)
    lines = re.split(r"\n\s*\n", "".join(parts))
    return [(clean_text(line), 0) for line in lines]


def _filtered(candidates: list[tuple[str, int]]) -> Body:
    body = Body()
    in_related = False
    for raw, link_len in candidates:
        text = strip_ideographic_space(raw)
        if not text:
            continue
        editor = EDITOR_LINE.search(text)
        if editor:
            # The editor line ends the article; anything after it is furniture.
            body.editor_line = editor.group(0)
            before = strip_ideographic_space(text[: editor.start()])
            if before and not in_related:
                body.paragraphs.append(before)
            break
        if _PRINT_CREDIT.match(text):
            break
        if _LINE_FURNITURE.match(text) or _PAGE_BAR.match(text) or _DATELINE.match(text):
            continue
        if len(text) < 160 and (_COPYRIGHT.search(text) or english_dateline(text)):
            continue                      # "By … (People's Daily Online) 09:38, April 23, 2024"
        all_link = link_len >= 0.9 * len(text)
        heading = _RELATED_HEADING.match(text)
        if heading:
            rest = text[heading.end():].strip()
            if not rest or all_link or link_len >= 0.9 * len(rest):
                in_related = True
                continue
        if in_related:
            if all_link:
                continue
            in_related = False
        if all_link and _PROMO_TAIL.search(text):
            continue
        body.paragraphs.append(text)
    return body


def body_paragraphs(container) -> Body:
    """The body paragraphs of a container element, furniture removed."""
    if container is None:
        return Body()
    elements = _paragraph_elements(container)
    if not elements:
        # Older pages set text straight into the container, paragraphs divided by <br>.
        return _filtered(_loose_lines(container))
    return _filtered([(element_text(p, skip=is_furniture), _link_length(p)) for p in elements])


def _in_furniture(element) -> bool:
    for ancestor in element.iterancestors():
        tag = ancestor.tag
        if tag in NON_CONTENT_TAGS or tag in ("a", "li", "header", "footer", "nav") or is_furniture(ancestor):
            return True
    return False


def densest_block(tree, *, min_chars: int = 40):
    """The element whose own ``<p>`` children carry the most non-link text, or None.

    The classic text-density heuristic: body paragraphs are long and sit side by side, while
    furniture is short, link-heavy or inside lists.
    """
    scores: dict = {}
    for p in tree.iter("p"):
        text = element_text(p)
        if len(text) < 8:
            continue
        link_len = _link_length(p)
        if link_len > 0.5 * len(text) or _in_furniture(p):
            continue
        parent = p.getparent()
        scores[parent] = scores.get(parent, 0) + len(text) - link_len
    if not scores:
        return None
    best, score = max(scores.items(), key=lambda item: item[1])
    return best if score >= min_chars else None
