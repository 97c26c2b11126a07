"""Building an lxml tree from page text, and the small text helpers every extractor shares.

lxml is used for the whole page because it is fast and forgiving: truncated or malformed HTML
yields whatever tree the parser could recover, and extraction goes as far as that tree allows.
"""

from __future__ import annotations

import re

from lxml import etree, html

__all__ = [
    "build_tree", "clean_text", "element_text", "meta_tags",
    "strip_ideographic_space", "is_cjk", "NON_CONTENT_TAGS",
]

# Elements whose text is never article text.
NON_CONTENT_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "form", "button", "select", "option", "textarea",
    "template", "svg", "object", "embed", "video", "audio", "canvas", "map", "input", "head",
})

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_WITH_BREAK = re.compile(r"[ \t\xa0\u3000]*[\r\n][\s\u3000]*")
_SPACES = re.compile(r"[ \t\xa0\u2002\u2003\u2009\u200b\ufeff]+")
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F),
               (0x3000, 0x303F), (0xFF00, 0xFFEF))


def build_tree(text: str) -> html.HtmlElement | None:
    """Parse page text into an lxml HTML tree; None when there is nothing to parse."""
    text = _XML_DECLARATION.sub("", text, count=1)   # lxml refuses str input that declares an encoding
    text = _CONTROL.sub("", text)
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def is_cjk(char: str) -> bool:
    """True for Han ideographs and CJK/full-width punctuation."""
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def _join_break(match: re.Match) -> str:
    # A line break in the source between two Chinese characters is layout, not a space.
    start, end = match.start(), match.end()
    source = match.string
    before = source[start - 1] if start else ""
    after = source[end] if end < len(source) else ""
    if (before and is_cjk(before)) or (after and is_cjk(after)):
        return ""
    return " "


def clean_text(text: str | None) -> str:
    """Collapse layout whitespace, strip leading/trailing (also ideographic) spaces."""
    if not text:
        return ""
    text = _SPACE_WITH_BREAK.sub(_join_break, text)
    text = _SPACES.sub(" ", text)
    return text.strip(" \u3000")


def strip_ideographic_space(text: str) -> str:
    return text.strip().strip("\u3000").strip()


def element_text(element, *, skip=None) -> str:
    """The visible text of an element (scripts, styles and ``skip(el)`` subtrees left out)."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts, skip, top=True)
    return clean_text("".join(parts))


def _collect(element, parts: list[str], skip, top: bool) -> None:
    tag = element.tag
    if not isinstance(tag, str):          # comments, processing instructions
        if not top and element.tail:
            parts.append(element.tail)
        return
    if tag in NON_CONTENT_TAGS or (skip is not None and not top and skip(element)):
        if not top and element.tail:
            parts.append(element.tail)
        return
    if tag == "br":
        parts.append("\n")
    elif element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts, skip, top=False)
    if not top and element.tail:
        parts.append(element.tail)


def meta_tags(tree) -> dict[str, str]:
    """``<meta name|property|itemprop=... content=...>`` as a lower-cased name → content map."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        attrib = meta.attrib
        key = attrib.get("name") or attrib.get("property") or attrib.get("itemprop")
        content = attrib.get("content")
        if key and content is not None:
            key = key.strip().lower()
            if key not in found or not found[key]:
                found[key] = content.strip()
    return found
