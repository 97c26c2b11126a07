"""Sentence boundaries of an article body, as character offsets (no copy of the text is made).

Chinese sentences end at 。！？ (with any closing quote or bracket after them) or a line break.
English sentences end at . ! ? followed by a space and a capital, quote or digit, except after
common abbreviations (U.S., No., Mr., Jan. …) and initials; and at line breaks.  Semicolons do
not end a sentence: "…, with an average annual growth rate of 7.8%; The turnover increased…"
is one sentence, as the article wrote it.
"""

from __future__ import annotations

import re

_ZH_END_RE = re.compile(r"[。！？!?]+[”’」』）)\"']*|\n+")
_EN_END_RE = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u4e00-\u9fff])|\n+")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|No|Nos|Mr|Mrs|Ms|Dr|Prof|St|Co|Ltd|Inc|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|"
    r"Sep|Oct|Nov|Dec|vs|approx|est|Gov|Gen|Sen|Rep|Jr|Sr|e\.g|i\.e|etc|Fig|Vol|Art)|\b[A-Z])\.$"
)


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """``[(start, end), …]`` of the non-blank sentences of *text*, in order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    if language == "zh":
        for m in _ZH_END_RE.finditer(text):
            _add(text, spans, pos, m.end() if m.group()[0] != "\n" else m.start())
            pos = m.end()
    else:
        for m in _EN_END_RE.finditer(text):
            if m.group()[0] != "\n" and m.group().strip() == "" and _ABBREVIATIONS.search(text, max(0, m.start() - 8), m.start()):
                continue
            _add(text, spans, pos, m.start() + len(m.group().rstrip()) if m.group()[0] != "\n" else m.start())
            pos = m.end()
    _add(text, spans, pos, len(text))
    return spans


def _add(text: str, spans: list[tuple[int, int]], a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
