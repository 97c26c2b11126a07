"""Catalog matching: which tracked indicator (if any) a figure is an observation of.

A figure matches an indicator when the units agree, the kinds are compatible (a growth rate of
turnover is not turnover), one of the indicator's names occurs in the figure's sentence near
it, and the region agrees (a figure about 北京 is not 京津冀地区生产总值).  Among several, the
name closest to the number wins, then the longest name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .model import Figure

REGION_CANON = {
    "京津冀": "京津冀", "Beijing-Tianjin-Hebei": "京津冀", "北京": "北京", "Beijing": "北京",
    "天津": "天津", "Tianjin": "天津", "河北": "河北", "Hebei": "河北", "津冀": "津冀",
    "Tianjin-Hebei": "津冀", "雄安": "雄安", "Xiong'an": "雄安",
}
_KIND_OK = {
    "level": {"level", "share", "index"}, "share": {"share", "level"}, "index": {"index", "level"},
    "growth_rate": {"growth_rate"}, "change": {"change"}, "ratio": {"ratio"},
}
_REGION_WORD_RE = re.compile(r"北京|天津|河北|津冀|京津冀|Beijing|Tianjin|Hebei", re.I)
_WINDOW_AFTER = 60


def _needle(alias: str) -> str:
    """A plain substring every match of *alias* contains: a cheap test before the regex."""
    first = alias.split("...")[0].strip()
    return first.lower() if alias.isascii() else first


def _alias_re(alias: str) -> re.Pattern:
    parts = [re.escape(p.strip()) for p in alias.split("...") if p.strip()]
    flags = re.IGNORECASE if alias.isascii() else 0
    body = r".{0,200}?".join(parts)
    if alias.isascii():
        body = r"(?<![A-Za-z])" + body + r"(?![A-Za-z])"
    return re.compile(body, flags)


class CatalogIndex:
    """Indicators grouped by unit, their names compiled once."""

    def __init__(self, indicators: Sequence) -> None:
        self.by_unit: dict[str, list[tuple[object, list[tuple[re.Pattern, int]]]]] = {}
        for ind in indicators:
            names = sorted({n for n in ind.names() if n}, key=len, reverse=True)
            compiled = [(rx, len(n), _needle(n), int(n.isascii()), "{0,200}" in rx.pattern)
                        for n, rx in ((n, _alias_re(n)) for n in names)]
            self.by_unit.setdefault(ind.unit, []).append((ind, compiled))
        self._memo = None          # the last sentence's names present (see _present)

    def _present(self, norm: str, a: int, b: int, unit: str) -> list:
        """The indicators of *unit* with the names whose needle occurs in ``norm[a:b]``, found once
        per sentence and unit (the other names cannot match).  The memo is one immutable tuple,
        replaced whole: safe when threads share the index."""
        memo = self._memo
        if memo is None or memo[0] is not norm or memo[1] != a or memo[2] != b:
            sentence = norm[a:b]
            memo = (norm, a, b, (sentence, sentence.lower()), {})
            self._memo = memo
        present = memo[4].get(unit)
        if present is None:
            haystacks = memo[3]
            present = []
            for ind, compiled in self.by_unit[unit]:
                names = [c for c in compiled if c[2] in haystacks[c[3]]]
                if names:
                    present.append((ind, names))
            memo[4][unit] = present
        return present

    def match(self, fig: Figure, norm: str, sent_start: int, qstart: int, qend: int, lang: str) -> str | None:
        """The id of the indicator *fig* observes, or None."""
        entries = self.by_unit.get(fig.unit)
        if not entries:
            return None
        sent_end = sent_start + len(fig.sentence)
        after_end = min(sent_end, qend + _WINDOW_AFTER)
        for ch in ("，", "；", "。", ";", ",") if lang == "zh" else (";", ","):
            k = norm.find(ch, qend, after_end)
            if k >= 0:
                after_end = k
        region = REGION_CANON.get(fig.region or "", fig.region)
        best = None
        best_score = None
        for ind, compiled in self._present(norm, sent_start, sent_end, fig.unit):
            if fig.kind not in _KIND_OK.get(ind.kind, {ind.kind}):
                continue
            hit = _nearest(compiled, norm, sent_start, qstart, qend, after_end)
            if hit is None:
                continue
            distance, length, text = hit
            if not _region_ok(ind.region, region, text):
                continue
            score = (distance, -length)
            if best_score is None or score < best_score:
                best, best_score = ind, score
        return best.id if best is not None else None


def _nearest(compiled, norm, sent_start, qstart, qend, after_end):
    best = None
    for rx, length, _, _, split in compiled:
        for m in rx.finditer(norm, sent_start, qstart):
            d = qstart - m.end()
            if best is None or (d, -length) < (best[0], -best[1]):
                best = (d, length, m.group())
        m = rx.search(norm, qend, after_end)
        if m:
            d = m.start() - qend + 20          # a name after the number is weaker evidence
            if best is None or (d, -length) < (best[0], -best[1]):
                best = (d, length, m.group())
        if split:                              # a split name around the number: "Zhongguancun … 10,000 branches"
            for m in rx.finditer(norm, sent_start, after_end):
                if m.start() < qstart and m.end() > qend:
                    d = 10
                    if best is None or (d, -length) < (best[0], -best[1]):
                        best = (d, length, m.group())
                    break
    return best


def _region_ok(ind_region: str | None, fig_region: str | None, matched: str) -> bool:
    if ind_region is None:
        return True
    if _REGION_WORD_RE.search(matched):
        return True            # the name itself fixes the place (北京流向津冀技术合同)
    if fig_region is None:
        return ind_region == "京津冀"
    if fig_region == ind_region:
        return True
    return ind_region == "京津冀" and fig_region == "津冀" 


@lru_cache(maxsize=1)
def _default_index() -> CatalogIndex:
    from serieswatch.catalog import load_default_catalog
    return CatalogIndex(load_default_catalog())


@lru_cache(maxsize=8)
def _cached_index(catalog: tuple) -> CatalogIndex:
    return CatalogIndex(catalog)


def catalog_index(catalog: Sequence | None) -> CatalogIndex:
    """The compiled index of *catalog* (None: the default catalog), built once per catalog."""
    if catalog is None:
        return _default_index()
    try:
        return _cached_index(tuple(catalog))
    except TypeError:          # unhashable entries (aliases given as lists): build afresh
        return CatalogIndex(catalog)
