"""extract_figures: an article body in, its figures out (see shared/design/FIGURES.md).

The pipeline, per sentence: find the time expressions (periods_zh / periods_en), find the
numbers and read their units (zh / en), give each number its period, kind, subject and region
(context), then map it to a catalog indicator (matching).  Pure and deterministic: no I/O
beyond loading the default catalog once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Sequence

from .candidates import Candidate
from .carry import continues, own_period, single_topic
from .context import kind_of, regions_in, subject_en, subject_zh
from .en import LIST_SEPARATOR_EN_RE, scan_en
from .matching import CatalogIndex, catalog_index
from .model import Figure
from .numbers import scale, to_halfwidth
from .periods import PeriodMention, anchor_date
from .periods_en import find_periods_en
from .periods_zh import find_periods_zh
from .sentences import split_sentences
from .zh import LIST_SEPARATOR_ZH_RE, scan_zh

_HAS_NUMBER_ZH = re.compile(r"[\d一二两三四五六七八九十百千万亿]")
# A cheap superset of what en.py reads: a digit, a magnitude word, a fraction (one-tenth of).
# Written so that the scan starts at a character class (the fast path of the re engine).
_HAS_NUMBER_EN = re.compile(r"[\dmbtqfh](?:(?<=\d)|illion|rillion|housand|hirds?\sof|alf\sof|uarters?\sof|"
                            r"ifths?\sof|enths?\sof)")
_ZH_ATTACH_GAP = re.compile(r"(?:的|为|末的|底的)?")
_ZH_FROM_TO_BEFORE = re.compile(r"(?:由|从|自|至|到)$")
_ZH_TIMES_BASELINE_BEFORE = re.compile(r"(?:是|为|相当于|达到?|约为)$")
_EN_ATTACH_GAP = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:in|by|at|as\sof|for|during|over)?\s*", re.I)
_EN_FROM_TO_BEFORE = re.compile(r"\b(?:from|to)\s$", re.I)
_NOW_ZH = re.compile(r"目前|现已|当前")
_NOW_EN = re.compile(r"\b(?:now|currently|at\spresent)\b", re.I)
_SUB_ZH = re.compile(r"其中")
_SUB_EN = re.compile(r"\b(?:including|of\swhich|among\sthem|of\sthese)\b", re.I)
_AVERAGE_ZH = re.compile(r"年均|平均")
_AVERAGE_EN = re.compile(r"\baverage|\bannual", re.I)
_CLAUSE_BREAK_ZH = "，；：,;"
_CLAUSE_BREAK_EN = ",;:"


def _language(language: str) -> str:
    lang = (language or "").lower()
    if lang.startswith("zh") or lang in ("cn", "chinese"):
        return "zh"
    if lang.startswith("en"):
        return "en"
    raise ValueError(f"language must be 'zh' or 'en', not {language!r}")


def extract_figures(text: str, *, language: str, published_at: datetime | date | None = None,
                    catalog: Sequence | None = None) -> list[Figure]:
    """Every figure of *text* (an article body), in text order.

    *published_at* anchors relative periods (去年, last year); without it they are None.
    *catalog* is a sequence of :class:`serieswatch.catalog.Indicator`; None uses the
    catalog shipped with serieswatch.
    """
    lang = _language(language)
    norm = to_halfwidth(text)
    anchor = anchor_date(published_at)
    index = catalog_index(catalog)
    has_number = _HAS_NUMBER_ZH if lang == "zh" else _HAS_NUMBER_EN
    out: list[Figure] = []
    carried, prev_end = None, 0     # the previous sentence's single topic period (carry.py)
    for a, b in split_sentences(norm, lang):
        if not has_number.search(norm, a, b):
            carried, prev_end = None, b
            continue
        figures, periods = _sentence_figures(text, norm, a, b, lang, anchor, index)
        if own_period(periods):
            carried = single_topic(periods)
        elif carried is not None and continues(norm, prev_end, a, b, lang, figures):
            for f in figures:
                f.period = f.period or carried
        else:
            carried = None
        prev_end = b
        out.extend(figures)
    return out


def _sentence_figures(text: str, norm: str, a: int, b: int, lang: str, anchor: date | None,
                      index: CatalogIndex) -> tuple[list[Figure], list[PeriodMention]]:
    if lang == "zh":
        periods = find_periods_zh(norm, anchor, a, b)
        cands = scan_zh(norm, a, b, [(p.start, p.end) for p in periods])
        breaks = _CLAUSE_BREAK_ZH
    else:
        periods = find_periods_en(norm, anchor, a, b)
        cands = scan_en(norm, a, b, [(p.start, p.end) for p in periods if p.value or p.role != "topic"])
        breaks = _CLAUSE_BREAK_EN
    if not cands:
        return [], periods
    _assign_periods(norm, cands, periods, lang, b)
    regions = regions_in(norm, a, b, lang)
    _assign_regions(norm, cands, regions, lang)
    sentence = text[a:b]
    figures = []
    prev_subject = None
    prev_clause = -1
    for c in cands:
        clause_start = max([a] + [norm.rfind(ch, a, c.start) + 1 for ch in breaks])
        kind = kind_of(c, norm, clause_start, lang)
        first_in_clause = next(x for x in cands if x.start >= clause_start)
        if lang == "zh":
            subject = subject_zh(norm, clause_start, first_in_clause.start)
        else:
            subject = subject_en(norm, clause_start, first_in_clause.start, c.end, b)
        if not subject or (first_in_clause is not c and clause_start == prev_clause and prev_subject):
            subject = subject or prev_subject
        prev_subject, prev_clause = subject, clause_start
        value = scale(c.number, c.factor * c.unit.factor)
        if value == 0:
            continue          # "0" is never a figure of this series; a failed parse must not become one
        fig = Figure(
            value=value, unit=c.unit.unit, quote=text[c.start:c.end], span=(c.start, c.end),
            sentence=sentence, kind=kind,
            measure_word=c.unit.measure_word if c.unit.unit == "count" else None,
            approx=c.approx, period=c.period, subject=subject, region=c.region,
        )
        fig.indicator = index.match(fig, norm, a, c.start, c.end, lang)
        figures.append(fig)
    return figures, periods


def _assign_periods(norm: str, cands: list[Candidate], periods: list[PeriodMention], lang: str, end: int) -> None:
    consumed: set[int] = set()
    opened = False        # the previous figure was the "from" end of a from-to pair
    closed = None         # the period of the "to" end of the last from-to pair
    usable = [p for p in periods if p.role in ("topic", "same")]
    for i, c in enumerate(cands):
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
                    break
        if attached is not None:
            c.period = attached.value
            continue
        opened = False
        topic = None
        for p in usable:
            if p.end > c.start:
                break
            if p.start in consumed or p.role == "same":
                continue
            topic = p
        if topic is not None and (_NOW_ZH if lang == "zh" else _NOW_EN).search(norm, topic.end, c.start):
            topic = None      # "… in 2023 and now operates 145 routes": the present, not 2023
        if topic is None and lang == "en":
            clause_end = min([end] + [j for j in (norm.find(";", c.end, end),) if j >= 0])
            for p in usable:
                if c.end <= p.start < clause_end and p.start not in consumed and p.role == "topic":
                    topic = p
                    break
        if topic is None and closed is not None and i and _after_pair(norm, cands[i - 1].end, c, lang):
            c.period = closed
            continue
        c.period = topic.value if topic is not None else None


def _after_pair(norm: str, gap_start: int, c: Candidate, lang: str) -> bool:
    """A figure after a from-to pair that belongs to its "to" end: a part of it (其中 / including)
    or its cumulative change (提高10.8个百分点 / 增长了200多倍), not an average annual rate."""
    if (_SUB_ZH if lang == "zh" else _SUB_EN).search(norm, gap_start, c.start):
        return True
    return c.unit.unit in ("percentage_point", "times") and not (
        _AVERAGE_ZH if lang == "zh" else _AVERAGE_EN).search(norm, gap_start, c.start)


def _assign_regions(norm: str, cands: list[Candidate], regions: list[tuple[int, str]], lang: str) -> None:
    if not regions:
        return
    for c in cands:
        before = [r for pos, r in regions if pos < c.start]
        c.region = before[-1] if before else None
    # 北京、天津、河北分别为…、…、… / Beijing, Tianjin and Hebei … respectively
    sep = LIST_SEPARATOR_ZH_RE if lang == "zh" else LIST_SEPARATOR_EN_RE
    marker = "分别" if lang == "zh" else "respectively"
    i = 0
    while i < len(cands):
        j = i
        while j + 1 < len(cands) and sep.fullmatch(norm, cands[j].end, cands[j + 1].start):
            j += 1
        n = j - i + 1
        if n > 1:
            seg_start = cands[i].start
            names = []
            for pos, r in regions:
                if pos < seg_start and r not in names and r not in ("京津冀", "Beijing-Tianjin-Hebei"):
                    names.append(r)
            has_marker = marker in norm[max(0, seg_start - 40):cands[j].end + 16]
            if has_marker and len(names) >= n:
                for k, c in enumerate(cands[i:j + 1]):
                    c.region = names[len(names) - n + k]
        i = j + 1
