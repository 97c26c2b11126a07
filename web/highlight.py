"""An article's text cut into paragraphs of plain and figure segments, for highlighting figures in place.

A pure function of (text, figures): the template escapes every segment, so nothing of the article
ever reaches the page as markup.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    figure: dict | None = None        # the figure (FIGURES.md shape) this segment quotes, if any


def _usable(figures: list[dict], length: int) -> list[dict]:
    """Figures whose span lies in the text, in order, overlapping ones dropped (the first wins)."""
    out, end = [], 0
    for f in sorted(figures, key=lambda f: (f["span"][0], -f["span"][1])):
        start, stop = f["span"]
        if start is None or stop is None or not (end <= start < stop <= length):
            continue
        out.append(f)
        end = stop
    return out


def segments(text: str, figures: list[dict]) -> list[Segment]:
    """The whole text as consecutive segments; each figure's span becomes its own segment."""
    text = text or ""
    out, pos = [], 0
    for f in _usable(figures, len(text)):
        start, stop = f["span"]
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:stop], f))
        pos = stop
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def paragraphs(text: str, figures: list[dict]) -> list[list[Segment]]:
    """`segments` split at blank lines (the archive joins paragraphs with them)."""
    result: list[list[Segment]] = [[]]
    for seg in segments(text, figures):
        if seg.figure is not None:
            result[-1].append(seg)
            continue
        parts = seg.text.split("\n\n")
        for i, part in enumerate(parts):
            if i:
                result.append([])
            if part.strip("\n"):
                result[-1].append(Segment(part.strip("\n") if len(parts) > 1 else part))
    return [p for p in result if p]


def figure_title(f: dict) -> str:
    """The hover text of a highlighted figure: indicator, period, tracking class."""
    what = f.get("indicator") or f.get("subject") or "untracked"
    return f"indicator: {what} · period: {f.get('period') or '—'} · class: {f.get('tracking') or '—'}"


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet (matches in «») as (text, is_match) pieces."""
    out, rest = [], snippet or ""
    while "«" in rest:
        before, _, after = rest.partition("«")
        match, closed, rest = after.partition("»")
        if before:
            out.append((before, False))
        out.append((match, True) if closed else ("«" + match, False))
    if rest:
        out.append((rest, False))
    return out
