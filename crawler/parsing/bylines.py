"""Bylines written inside the body: who wrote it, when the page has no author element.

Older and print pages put the byline in the text itself:

- a paragraph of its own at the start (or end): ``□ 本报记者 葛灵丹``, ``本报记者 王明 李华``,
  ``（记者 张三）`` — taken out of the text, since it is a credit and not the article;
- the dateline's credit: ``本报讯（记者叶婉）近日，…``, ``本报北京4月23日电（记者 张三、李四）…`` —
  the dateline stays in the text as printed; its names become the authors.
"""

from __future__ import annotations

import re

__all__ = ["split_bylines"]

_ROLE = r"(?:本报|人民网|人民日报|新华社|中新社)?(?:特约|实习|见习)?(?:记者|通讯员|实习生)"
_NAMES = r"[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4}){0,5}"
_BYLINE_PARAGRAPH = re.compile(
    rf"^[□■◇◆●○▲△\s]*[（(]?\s*(?P<text>{_ROLE}\s*{_NAMES}(?:\s+{_ROLE}\s*{_NAMES})*)\s*[）)]?\s*$")
_DATELINE_CREDIT = re.compile(
    rf"^\s*(?:本报讯|本报[\u4e00-\u9fff]{{0,8}}\d{{1,2}}月\d{{1,2}}日电|[\u4e00-\u9fff]{{2,12}}\d{{1,2}}月\d{{1,2}}日电)"
    rf"\s*[（(]\s*(?P<text>{_ROLE}\s*{_NAMES})\s*[）)]")
_EDGE = 2                  # a standalone byline is among the first or last two paragraphs


def split_bylines(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """(paragraphs without standalone byline paragraphs, the byline text found) — pure."""
    kept, found = [], None
    last = len(paragraphs) - 1
    for i, paragraph in enumerate(paragraphs):
        at_edge = i < _EDGE or i > last - _EDGE
        match = _BYLINE_PARAGRAPH.match(paragraph) if at_edge and len(paragraph) <= 40 else None
        if match and len(paragraphs) > 1:
            found = found or match.group("text")
            continue
        kept.append(paragraph)
    if found is None and kept:
        match = _DATELINE_CREDIT.match(kept[0])
        if match:
            found = match.group("text")
    return kept, found
