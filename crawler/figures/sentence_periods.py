"""Which period each number of a sentence takes (extract.py): the time expression attached to it
(2023年的…, "450 firms in 2019"), the ends of a from–to pair, the sentence's topic before it (an
average's span only in its own clause), an English year later in its clause or after a list of
numbers joined by "and", the pair's "to" end for figures after it, and "a year earlier"."""

from __future__ import annotations

import re

from .candidates import Candidate
from .periods import PeriodMention
from .periods_en import years_earlier

_ZH_ATTACH_GAP = re.compile(r"(?:的|为|末的|底的)?")
_ZH_FROM_TO_BEFORE = re.compile(r"(?:由|从|自|至|到)$")
_ZH_TIMES_BASELINE_BEFORE = re.compile(r"(?:是|为|相当于|达到?|约为)$")
# (a short noun phrase may stand between: "450 firms in 2019", "2,150 km at the end of 2019")
_EN_ATTACH_GAP = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?!(?:from|to|than|since|and|compared|up|down|the|that|those|of)\b)[a-z][\w-]*\s){0,3}"
                            r",?\s*(?:in|by|at|as\sof|for|during|over)?\s*", re.I)
_EN_FROM_TO_BEFORE = re.compile(r"\b(?:from|to)\s$", re.I)
_EN_COMPARED_BEFORE = re.compile(r"\b(?:compared\s(?:with|to)|versus|against|up\sfrom|down\sfrom)\s$", re.I)
_NOW_ZH = re.compile(r"目前|现已|当前")
_NOW_EN = re.compile(r"\b(?:now|currently|at\spresent)\b", re.I)
_SUB_ZH = re.compile(r"其中")
_SUB_EN = re.compile(r"\b(?:including|of\swhich|among\sthem|of\sthese)\b", re.I)
_AVERAGE_ZH = re.compile(r"年均|平均")
_AVERAGE_EN = re.compile(r"\baverage|\bannual", re.I)


def assign_periods(norm: str, cands: list[Candidate], periods: list[PeriodMention], lang: str, end: int) -> None:
    consumed: set[int] = set()
    opened = False        # the previous figure was the "from" end of a from-to pair
    closed = None         # the period of the "to" end of the last from-to pair
    usable = [p for p in periods if p.role in ("topic", "same")]
    baselines = [p for p in periods if p.role == "baseline" and p.value] if lang == "zh" else []
    for i, c in enumerate(cands):
        own_baseline = next((p for p in baselines if p.end <= c.start and _ZH_BASELINE_VALUE.fullmatch(norm, p.end, c.start)), None)
        if own_baseline is not None:
            c.period = own_baseline.value      # 比2013年的106微克/立方米下降…: 106 is 2013's value
            continue
        attached = None
        if lang == "zh":
            for p in usable:
                if p.end <= c.start and _ZH_ATTACH_GAP.fullmatch(norm, p.end, c.start):
                    if c.unit.unit == "times" and _ZH_TIMES_BASELINE_BEFORE.search(norm, max(0, p.start - 4), p.start):
                        consumed.add(p.start)
                        break     # 是2013年的1.9倍: a comparison, not the figure's period
                    attached = p
                    cue = _ZH_FROM_TO_BEFORE.search(norm, max(0, p.start - 4), p.start)
                    if cue and (cue.group() in "由从自" or opened):
                        consumed.add(p.start)
                        closed = p.value if opened else closed
                    opened = bool(cue) and cue.group() in "由从自"
                    break
        else:
            nxt = cands[i + 1].start if i + 1 < len(cands) else end
            for p in usable:
                if c.end <= p.start < nxt and p.role == "topic" and _EN_ATTACH_GAP.fullmatch(norm, c.end, p.start):
                    attached = p
                    cue = _EN_FROM_TO_BEFORE.search(norm, max(0, c.start - 5), c.start)
                    if cue and (cue.group().lower().startswith("from") or opened):
                        consumed.add(p.start)
                        closed = p.value if opened else closed
                    opened = bool(cue) and cue.group().lower().startswith("from")
                    if _EN_COMPARED_BEFORE.search(norm, max(0, c.start - 16), c.start):
                        consumed.add(p.start)   # "compared with 21.148 million in 2013": that number's year only
                    break
        if attached is not None:
            c.period = attached.value
            continue
        opened = False
        topic = point = None
        for p in usable:
            if p.end > c.start:
                break
            if p.start in consumed or p.role == "same":
                continue
            topic = p
            if p.value and "/" not in p.value:
                point = p
        if (topic is not None and point is not None and topic is not point and "/" in (topic.value or "")
                and _CLAUSE_BREAK.search(norm, topic.end, c.start)):
            # 2025年…，“十四五”时期年均增长5.4%，经济总量占全国的比重保持在8.6%左右: the span is the
            # average's; a later clause goes back to the sentence's year
            topic = point
        if topic is not None and (_NOW_ZH if lang == "zh" else _NOW_EN).search(norm, topic.end, c.start):
            topic = None      # "… in 2023 and now operates 145 routes": the present, not 2023
        if topic is None and lang == "en":
            # …covers 10,021 institutions, up from 5,600-plus in 2020: a year after the next number is its
            # own (a conversion in brackets, "74.87 billion yuan (about 10.5 billion U.S. dollars) in 2023",
            # is not a next number)
            later = [x for x in cands[i + 1:] if not _BRACKETED_EN.match(norm, c.end, x.start)]
            joined = c.end
            while later and (_LIST_AND_EN.fullmatch(norm, joined, later[0].start)
                             or _COORDINATED_EN.fullmatch(norm, joined, later[0].start)):
                joined = later.pop(0).end    # "stood at 15.57 million and 75.2 million, respectively, at the end of 2017"
            clause_end = min([end, later[0].start if later else end]
                             + [j for j in (norm.find(";", c.end, end),) if j >= 0])
            for p in usable:
                if (c.end <= p.start < clause_end and p.start not in consumed and p.role == "topic"
                        and not _SINCE_EN.search(norm, c.end, p.start)):
                    topic = p
                    break
        if topic is None and closed is not None and i and _after_pair(norm, cands[i - 1].end, c, lang):
            c.period = closed
            continue
        c.period = topic.value if topic is not None else None
    if lang == "en":
        years_earlier(norm, cands)


_ZH_BASELINE_VALUE = re.compile(r"的")


_BRACKETED_EN = re.compile(r"\s*\(")
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_LIST_AND_EN = re.compile(r"\s?,\s?|,?\sand\s")        # (not "from 5.5 to 10.4 trillion yuan in 2023")
# "phased out 399 … enterprises and relocated or upgraded 66 … markets in 2019": one clause, one year
_COORDINATED_EN = re.compile(r"(?:(?!\b(?:to|from|than|compared|in|at|by|since)\b)[^,;.()\d])*?\band\b"
                             r"(?:(?!\b(?:to|from|than|compared|in|at|by|since)\b)[^,;.()\d])*", re.I)
# "more than 650 billion yuan since its establishment in 2017": a starting point, not the figure's year
_SINCE_EN = re.compile(r"\bsince\b", re.I)


def _after_pair(norm: str, gap_start: int, c: Candidate, lang: str) -> bool:
    """A figure after a from-to pair in the same sentence, with no period of its own, is of the pair's
    "to" end (…由2013年的5.5万亿元增长至2023年的10.4万亿元，占全国的8.3%；北京、天津、河北地区生产总值分别为…;
    其中 / including parts; 提高10.8个百分点), unless it is an average annual rate (年均增长6.1%: FIGURES.md's
    seed gives it no period) or about the present (目前…)."""
    if (_SUB_ZH if lang == "zh" else _SUB_EN).search(norm, gap_start, c.start):
        return True
    return not ((_AVERAGE_ZH if lang == "zh" else _AVERAGE_EN).search(norm, gap_start, c.start)
                or (_NOW_ZH if lang == "zh" else _NOW_EN).search(norm, gap_start, c.start))
