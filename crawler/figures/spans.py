"""Periods that only the whole sentence gives: periods listed with 分别, each end of a from–to pair its
own year, from–to pairs without years.

Years listed before 分别 go one by one to the numbers listed after it:
2021年、2022年、2023年分别为33、30、32微克/立方米 → 2021, 2022, 2023.  (A rate measured against a
base year keeps the year it is stated for — 9.6 percentage points higher than in 2013 → 2023 —
and an average annual rate after a from–to pair names no period of its own: FIGURES.md's seed.)
"""

from __future__ import annotations

import re

from .model import Figure



_LIST_JOIN_ZH = re.compile(r"[、和及与,，]\s*")
_THEN_RESPECTIVELY_ZH = re.compile(r"[^。；;]{0,40}?分别")


def listed_years(norm: str, a: int, b: int, figures: list[Figure], lang: str, periods=()) -> None:
    """2021年、2022年、2023年分别为33、30、32 / 一季度和上半年…分别增长5.4%和5.2%: the k-th number listed
    after 分别 is the k-th period's (*periods*: the sentence's time expressions, in text order)."""
    if lang != "zh":
        return
    listed = [p for p in periods if p.value and p.role == "topic"]
    k = 0
    while k < len(listed):
        run = [listed[k]]
        while (k + len(run) < len(listed)
               and _LIST_JOIN_ZH.fullmatch(norm, run[-1].end, listed[k + len(run)].start)):
            run.append(listed[k + len(run)])
        k += len(run)
        m = _THEN_RESPECTIVELY_ZH.match(norm, run[-1].end, b) if len(run) >= 2 else None
        if m is None:
            continue
        after = [f for f in figures if f.span[0] >= m.end()]
        stop = next((i for i, f in enumerate(after) if re.search(r"[。；;]", norm[m.end():f.span[0]])), len(after))
        after = after[:stop]
        if len(after) >= len(run):
            for f, p in zip(after, run):
                f.period, f.period_inferred = p.value, False


_FROM = {"zh": re.compile(r"(?:从|由)(?:(?:19|20)\d\d年(?:末|底)?的?)?$"), "en": re.compile(r"\bfrom\s+$", re.I)}
_GAP = {"zh": re.compile(r"(?:增长|提高|提升|上升|下降|降低|增加|减少|扩大|延长)?了?(?:到|至)((?:19|20)\d\d年(?:末|底)?的?)?$"),
        "en": re.compile(r"^(\s+in\s+(?:19|20)\d\d)?\s+to\s+$", re.I)}
_OWN_YEAR = {"zh": re.compile(r"(?:19|20)\d\d年(?:末|底)?的?$"), "en": re.compile(r"\s+in\s+(?:19|20)\d\d\b")}


def elliptical_pairs(norm: str, figures: list[Figure], lang: str, years: tuple | None = None) -> tuple | None:
    """"…rose from 8,190 km in 2014 to 10,933 km in 2023, and the high-speed rail network expanded from
    1,284 km to 2,624 km": a from–to pair without years has the years of the pair before it (in this
    sentence, or *years*: the paragraph's last pair).  Returns the last pair's years."""
    for f, g in zip(figures, figures[1:]):
        before = norm[max(0, f.span[0] - 12):f.span[0]]
        gap = norm[f.span[1]:g.span[0]]
        if not (_FROM[lang].search(before) and (_GAP[lang].search(gap) if lang == "zh" else _GAP[lang].match(gap))):
            continue
        if lang == "zh":
            own = _OWN_YEAR["zh"].search(before) or _GAP["zh"].search(gap).group(1)
        else:
            own = _OWN_YEAR["en"].match(gap) or _OWN_YEAR["en"].match(norm, g.span[1])
        if own:
            if f.period and g.period and f.period < g.period:
                years = (f.period, g.period)
        elif years:
            f.period, g.period = years
            f.period_inferred = g.period_inferred = False
    return years


_SPAN_FROM = {"zh": re.compile(r"(?:从|由)$"), "en": re.compile(r"\bfrom\s+$", re.I)}
SPAN_TO = {"zh": re.compile(r"(?:增长|提高|提升|上升|下降|降低|增加|减少|降|增|升)?了?(?:到|至)$"),
            # "grew 5.4 percent year on year in the first half of 2024 to 2.18 trillion yuan"
            "en": re.compile(r"^\s*(?:(?:in\s+\d{4}|year[\s-]on[\s-]year|from\s+a\s+year\s+(?:earlier|ago)|"
                             r"in\s+the\s+(?:first|second|third|fourth)\s+(?:half|quarter)(?:\s+of\s+\d{4})?)"
                             r"\s*,?\s+)*to\s+$", re.I)}


def split_span_pairs(norm: str, cands: list, lang: str) -> None:
    """2013年至2022年…从100增长到297.6 / between 2013 and 2022 … from 100 to 297.6: the span belongs
    to the change, each end of the from–to pair gets its own year."""
    for first, second in zip(cands, cands[1:]):
        span = first.period
        if not span or "/" not in span or second.period != span:
            continue
        if not _SPAN_FROM[lang].search(norm, max(0, first.start - 6), first.start):
            continue
        gap = norm[first.end:second.start]
        if (lang == "zh" and SPAN_TO["zh"].search(gap) and len(gap) <= 6) or (
                lang == "en" and SPAN_TO["en"].match(gap)):
            first.period, second.period = span.split("/", 1)
