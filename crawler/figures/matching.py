"""Catalog matching: which tracked indicator (if any) a figure is an observation of.

A figure matches an indicator only when one of the indicator's names occurs in the figure's OWN
quantity phrase (attribution.py: the words of its clause that govern the number, never any word of
the sentence), none of its excludes does (人均 is not GDP, 高铁 is a subset of railway mileage), and
unit, region, aggregation and status agree (FIGURES.md, "What makes two figures the same
quantity").  Among several, the name closest to the number wins, then the longest.  What matched
is kept as the figure's ``basis`` so that `extract` shows why a number was filed where it was.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Sequence

from .attribution import canonical_region
from .context import regions_in
from .model import Figure

# Places that have their own indicators: a "*" (any place) indicator takes the others (cities).
# Places an indicator of any place ("*", a city's PM2.5) never takes: wholes and unresolved words.  The
# places other indicators of its unit are about (京津冀, 北京, 天津, 河北 for PM2.5) are theirs too;
# 雄安 has no PM2.5 of its own and is a place like a city (CatalogIndex.taken).
_NAMED_REGIONS = {"京津冀", "津冀", "全国", "本市", "本省", "京津冀及周边"}
# A stock stated as a level: "截至2023年底…1.1万余家", "已有…", "by the end of 2023 … had set up …".
_STOCK = re.compile(r"截至|截止|已|目前|现有|共有|累计|共计|总数|年底|年末|(?<!新)设立|by\sthe\send\sof|so\sfar|to\sdate|had\s|has\s|have\s|now|total",
                    re.I)
# "More than 510 billion yuan had been invested in Xiong'an by the end of March": the stock after the number
_STOCK_AFTER = re.compile(r"[^,;，；]*?\b(?:had|has|have)\s+been\b[^,;，；]*?\bby\sthe\send\sof\b", re.I)
# (…by the end of last year is a stock's date, not the year's flow)
_ANNUAL = re.compile(r"全年|当年|年度|年内|同比|in\sthe\syear|annual|(?<!end\sof\s)this\syear|(?<!end\sof\s)last\syear|"
                     r"\b(?:19|20)\d\d\salone\b", re.I)
_REGION_WORD_RE = re.compile(r"北京|天津|河北|津冀|京津冀|Beijing|Tianjin|Hebei", re.I)


class Match(NamedTuple):
    indicator: str
    basis: str          # the name found in the quantity phrase


@lru_cache(maxsize=1024)
def _alias_re(alias: str, greedy: bool = False) -> re.Pattern:
    parts = [re.escape(p.strip()) for p in alias.split("...") if p.strip()]
    flags = re.IGNORECASE if alias.isascii() else 0
    body = (r".{0,200}" if greedy else r".{0,200}?").join(parts)
    if alias.isascii():
        body = r"(?<![A-Za-z])" + body + r"(?:e?s)?(?![A-Za-z])"     # (a plural: "the populations of …")
    return re.compile(body, flags)


def _needle(alias: str) -> str:
    """A plain substring every match of *alias* contains: a cheap test before the regex."""
    first = alias.split("...")[0].strip()
    return first.lower() if alias.isascii() else first


class _Entry(NamedTuple):
    ind: object
    names: list            # [(regex, length, needle, ascii)]
    excludes: list         # [(needle, ascii)]


class CatalogIndex:
    """Indicators grouped by unit, their names compiled once."""

    def __init__(self, indicators: Sequence) -> None:
        self.by_unit: dict[str, list[_Entry]] = {}
        for ind in indicators:
            names = sorted({n for n in ind.names() if n}, key=len, reverse=True)
            compiled = [(_alias_re(n), len(n), _needle(n), n.isascii(), n) for n in names]
            excludes = [(e.lower() if e.isascii() else e, e.isascii()) for e in getattr(ind, "excludes", ())]
            self.by_unit.setdefault(ind.unit, []).append(_Entry(ind, compiled, excludes))
        self._regions = {ind.id: ind.region for ind in indicators}
        self._flows = {ind.id for ind in indicators if getattr(ind, "places", ())}
        self.taken = {unit: _NAMED_REGIONS | {e.ind.region for e in entries if e.ind.region not in (None, "*")}
                      for unit, entries in self.by_unit.items()}
        self._aggregations = {ind.id: getattr(ind, "aggregation", None) for ind in indicators}

    def region_of(self, indicator: str) -> str | None:
        return self._regions.get(indicator)

    def is_flow(self, indicator: str | None) -> bool:
        """An indicator of a flow between places (北京流向津冀技术合同)."""
        return indicator in self._flows

    def aggregation_of(self, indicator: str) -> str | None:
        return self._aggregations.get(indicator)

    def match(self, fig: Figure, phrase: str, *, own_from: int = 0) -> Match | None:
        """The indicator *fig* observes given its quantity *phrase*, or None.  A name must end at or
        after *own_from* (the start of the figure's own words when *phrase* has context before)."""
        entries = self.by_unit.get(fig.unit)
        if not entries or getattr(fig, "status", "actual") != "actual":
            return None
        lower = phrase.lower()
        region = canonical_region(fig.region)
        exact, fallback = [], []
        for e in entries:
            ind = e.ind
            agg = getattr(ind, "aggregation", "level")
            if agg == fig.aggregation:
                bucket = exact
            elif (agg == "cumulative" and fig.aggregation == "level" and not _ANNUAL.search(phrase)
                  and not _ANNUAL.search(_after_in_clause(fig))
                  and (_STOCK.search(_up_to(fig)) or _STOCK_AFTER.match(_after_in_clause(fig)))):
                # A stock stated as a level ("已有1万余家") is the total to date; a year's flow before
                # the stock's clause is not (2019年，北京退出…399家；截至2019年底，累计退出…3074家).
                bucket = fallback
            else:
                continue
            if any(needle in (lower if asc else phrase) for needle, asc in e.excludes):
                continue
            hit = _nearest(e.names, phrase, lower, own_from)
            if hit is None:
                continue
            distance, length, text, name = hit
            if not _region_ok(ind.region, region, text, self.taken[fig.unit]) and not _place_ok(ind, region, phrase + _clause_after(fig)):
                continue
            bucket.append(((distance, -length), ind, name))
        for bucket in (exact, fallback):
            if bucket:
                bucket.sort(key=lambda t: t[0])
                _, ind, name = bucket[0]
                return Match(ind.id, name)
        return None


def _after_in_clause(fig: Figure) -> str:
    """The figure's sentence after its number, up to a new clause about another subject (…4173家，
    天津全年吸纳…: what Tianjin absorbed in the year says nothing of the branches' count)."""
    at = max(0, fig.sentence.find(fig.quote))
    rest = fig.sentence[at:]
    m = _NEW_SUBJECT.search(rest)
    return rest[:m.start()] if m else rest


_NEW_SUBJECT = re.compile(r"[；;]|[，,]\s*(?:(?:and|while|with)\s+)?(?:北京|天津|河北|津冀|京津冀|雄安|Beijing|Tianjin|Hebei)")


def _up_to(fig: Figure) -> str:
    """The figure's sentence up to its number."""
    at = fig.sentence.find(fig.quote)
    return fig.sentence[:at] if at >= 0 else fig.sentence


def _nearest(names, phrase: str, lower: str, own_from: int = 0):
    """(distance from the phrase's end, name length, text matched, name) of the name that ends nearest
    the number."""
    best = None
    for rx, length, needle, asc, name in names:
        if needle not in (lower if asc else phrase):
            continue
        if own_from and asc and re.search(rf"\b{re.escape(name.split()[-1].lower())}\b", lower[own_from:]):
            hits = rx.finditer(phrase)     # "the index" / "the turnover": the head noun of the full name
        elif own_from:
            # With context before the figure's own words, the name must end in them: try each start
            # (a lazy match from the first start would end in the context and hide this one).
            greedy = _alias_re(name, True)
            hits = [m for k in range(len(phrase)) if (m := greedy.match(phrase, k)) and m.end() > own_from] \
                if "..." in name else [m for m in rx.finditer(phrase) if m.end() > own_from]
        else:
            hits = rx.finditer(phrase)
        for m in hits:
            d = len(phrase) - m.end()
            if best is None or (d, -length) < (best[0], -best[1]):
                best = (d, length, m.group(), name)
    return best


_RECEIVING = re.compile(r"吸纳|承接|引进|\babsorb|\battract", re.I)
_CLAUSE_AFTER_EN = re.compile(r"[^,;.]*")


def _clause_after(fig: Figure) -> str:
    """English: the rest of the number's clause ("Beijing signed 4,211 technology contracts with
    Tianjin and Hebei"), where the other end of a flow is named."""
    at = fig.sentence.find(fig.quote)
    if at < 0 or not fig.quote.isascii():
        return ""
    return " " + _CLAUSE_AFTER_EN.match(fig.sentence, at + len(fig.quote)).group()


def _place_ok(ind, region: str | None, phrase: str) -> bool:
    """A figure of one of the indicator's *places* (北京 for a flow 北京→津冀) belongs to it when the
    phrase names the other place too (北京输出津冀…, Beijing … to Tianjin and Hebei)."""
    places = getattr(ind, "places", ())
    if not places or _RECEIVING.search(phrase):
        return False        # 河北吸纳京津技术合同 / Hebei absorbed … from Beijing: the receiving side's own figure
    named = {canonical_region(r) for _, r in regions_in(phrase, 0, len(phrase), "zh")}
    named |= {canonical_region(r) for _, r in regions_in(phrase, 0, len(phrase), "en")}
    if {"天津", "河北"} <= named:
        named.add("津冀")                  # 输出到天津、河北的技术合同
        region = "津冀" if region in ("天津", "河北") else region
    if region not in places:
        return False
    return any(p in named for p in places if p != region)


def _region_ok(ind_region: str | None, fig_region: str | None, matched: str, taken: set) -> bool:
    if ind_region is None:
        return True
    if ind_region == "*":
        return fig_region is not None and fig_region not in taken
    if fig_region == ind_region:
        return True
    if fig_region in (None, "津冀") and ind_region == "京津冀":
        return True            # the region's own quantity; Beijing's flows to 津冀 are regional series
    if _REGION_WORD_RE.search(matched) and fig_region in ("北京", "津冀", "京津冀"):
        return ind_region == "京津冀"   # the name itself fixes the place (北京流向津冀技术合同)
    return False


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
