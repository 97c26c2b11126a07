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
from .carry import clause_end, own_period, present_from, single_topic, standing_count, static_dimension
from .attribution import (ABSORBED_FROM_EN, WHOLE_BEFORE_EN, WHOLE_BEFORE_ZH, aggregation_of, canonical_region,
                          inherited_aggregation, names_nothing, restates, status_of)
from .context import REGION_EN_SCAN_RE, REGION_ZH_RE, kind_of, regions_in, subject_en, subject_zh
from .phrases import (COMPARISON_ZH, continues_quantity, OF_THEM_EN, PART_OF, after_en, after_zh, clause_or_topic_region, clause_start_of,
                      elliptical, in_book_title, in_quoted_name, names_no_quantity, place_after_en, places_en)
from .en import LIST_SEPARATOR_EN_RE, scan_en
from .local import local_places, remember_places
from .places import GOVERNS_ZH, joint_region, place_spoken_of
from .matching import CatalogIndex, catalog_index
from .model import Figure
from .numbers import scale, to_halfwidth
from .periods import PeriodMention, anchor_date
from .periods_en import find_periods_en
from .periods_zh import find_periods_zh
from .sentence_periods import assign_periods
from .sentences import split_sentences
from .spans import SPAN_TO, elliptical_pairs, listed_years, split_span_pairs
from .zh import LIST_SEPARATOR_ZH_RE, scan_zh

_HAS_NUMBER_ZH = re.compile(r"[\d一二两三四五六七八九十百千万亿]")
# A cheap superset of what en.py reads: a digit, a magnitude word, a fraction (one-tenth of).
# Written so that the scan starts at a character class (the fast path of the re engine).
_HAS_NUMBER_EN = re.compile(r"[\dmbtqfh](?:(?<=\d)|illion|rillion|housand|hirds?\sof|alf\sof|uarters?\sof|"
                            r"ifths?\sof|enths?\sof)")
_COMPARED_AFTER_ZH = re.compile(r"相比|相较")
_REFERS_BACK_EN = re.compile(r"\s*(?:Of\s(?:the|this|that)\s(?:total|number|figure|amount)|Of\s(?:them|these|those)|"
                             r"Among\s(?:them|these|those)|Its|Their)\b")
_ITS_EN = re.compile(r"\s*(?:Its|Their)\s")
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
                    catalog: Sequence | None = None, home: str | None = None) -> list[Figure]:
    """Every figure of *text* (an article body), in text order.

    *published_at* anchors relative periods (去年, last year); without it they are None.
    *catalog* is a sequence of :class:`serieswatch.catalog.Indicator`; None uses the
    catalog shipped with serieswatch.  *home* is the place the publishing channel covers
    (:func:`home_of`: 人民网-天津频道 → 天津): what 全市 means before the article names a city.
    """
    lang = _language(language)
    norm = to_halfwidth(text)
    anchor = anchor_date(published_at)
    index = catalog_index(catalog)
    has_number = _HAS_NUMBER_ZH if lang == "zh" else _HAS_NUMBER_EN
    out: list[Figure] = []
    carried, prev_end = None, 0     # the article's last single topic period so far (carry.py)
    pair_years = None               # the years of the paragraph's last from-to pair (spans.py)
    previous_text = None            # the previous sentence
    last = None                     # the previous sentence's last figure and its quantity phrase
    last_phrase: list[str] = []
    local = local_places(home)      # 本市 / 本省 → the municipality / province meant (local.py)
    place = None                    # the one place the last sentence with figures was about
    for a, b in split_sentences(norm, lang):
        if not has_number.search(norm, a, b):
            prev_end, previous_text = b, norm[a:b]
            continue
        # (English copy often gives each sentence its own paragraph: "Of the total, 2,622 were in Hebei")
        same_paragraph = "\n" not in norm[prev_end:a] or (lang == "en" and bool(_REFERS_BACK_EN.match(norm, a)))
        figures, periods = _sentence_figures(text, norm, a, b, lang, anchor, index,
                                             last if same_paragraph else None, last_phrase, local,
                                             previous_text if same_paragraph else None, place)
        named = {f.region for f in figures}
        if named:
            # The one place a sentence's figures are about goes on to a later sentence that names none
            # (北京…接待游客3.6亿人次。入境旅游加快恢复。全年接待入境游客394.1万人次: Beijing's)
            place = named.pop() if len(named) == 1 else None
        if figures and last_phrase:
            last = (figures[-1], last_phrase[0], -1)
        static = {id(f) for f in figures if static_dimension(norm, f.span, lang)}
        for f in figures:
            if id(f) in static:
                # 距天安门46公里, 面积约360平方公里, "92 km long": no period of any kind, and a line's length
                # ("the 174-km … high-speed railway") is not the network's mileage
                f.period, f.indicator, f.basis = None, None, None
        if carried is not None:
            # The article's period reaches figures before the sentence's own first time expression
            # (三地地区生产总值合计10.4万亿元，继2022年首次突破…) and every figure of a sentence without one, a
            # total (累计结算21.8万人次) too: the total at the end of the article's period. Figures in or
            # after a clause about the present (八年来…, 目前, so far) take none (present_from).
            first = min((p.start for p in periods if p.role in ("topic", "same") and p.value), default=b)
            present = present_from(norm, a, b, lang)
            for f in figures:
                if (f.period is None and f.span[0] < first and id(f) not in static
                        and clause_end(norm, f.span[1], b, lang) <= present
                        and not standing_count(f, norm, a, b, lang)):
                    f.period, f.period_inferred = carried, True
                    f.status = status_of(f.sentence, carried, anchor, lang)
        listed_years(norm, a, b, figures, lang, periods)
        pair_years = elliptical_pairs(norm, figures, lang, pair_years if same_paragraph else None)
        if own_period([p for p in periods if p.value]):
            carried = single_topic([p for p in periods if norm[max(0, p.start - 1):p.start] != "继"]) or carried
        remember_places(regions_in(norm, a, b, lang), local)
        prev_end, previous_text = b, norm[a:b]
        out.extend(figures)
    return out


def _sentence_figures(text: str, norm: str, a: int, b: int, lang: str, anchor: date | None,
                      index: CatalogIndex, before=None, phrases: list | None = None, local: dict | None = None,
                      previous_text: str | None = None, place: str | None = None) -> tuple[list[Figure], list[PeriodMention]]:
    """The figures of the sentence ``norm[a:b]``.  *before* is the previous sentence's last figure
    (figure, phrase, -1) when it is in the same paragraph: a sentence whose first number names no
    quantity continues it (…河北省35104.5亿元。三地合计约8.5万亿元。)."""
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
    assign_periods(norm, cands, periods, lang, b)
    split_span_pairs(norm, cands, lang)
    regions = regions_in(norm, a, b, lang)
    _assign_regions(norm, cands, regions if lang == "zh" else places_en(norm, a, b), lang)
    sentence = text[a:b]
    figures = []
    prev = before          # (figure, phrase, clause start) of the previous number
    prev_end = a
    for k, c in enumerate(cands):
        if in_book_title(norm, a, c.start) or in_quoted_name(norm, a, c.start, c.end):
            continue          # 《京津冀协同创新指数2023》, “大气十条”: part of a name, never a value
        clause_start = clause_start_of(norm, a, c.start, breaks, lang)
        kind = kind_of(c, norm, clause_start, lang)
        if (k and kind == "level" and figures and figures[-1].span[1] == cands[k - 1].end
                and figures[-1].kind in ("growth_rate", "change")
                and (LIST_SEPARATOR_ZH_RE if lang == "zh" else LIST_SEPARATOR_EN_RE).fullmatch(norm, cands[k - 1].end, c.start)
                and not (figures[-1].kind == "change" and norm[cands[k - 1].end:c.start].strip() == "to")):
            # "growing 5.2, 1 and 3.8 percent": every item of the list is a rate ("fell by 165,000 to
            # 21.54 million": not a range, the level reached)
            kind = figures[-1].kind
        same_clause = prev is not None and prev[2] == clause_start
        own_start = prev_end if same_clause else clause_start
        before = norm[own_start:c.start]
        nxt = cands[k + 1].start if k + 1 < len(cands) else b
        after = after_en(norm, c.end, nxt) if lang == "en" else after_zh(norm, c.end, nxt)
        own = f"{before} {after}" if after else before
        places = REGION_ZH_RE if lang == "zh" else REGION_EN_SCAN_RE
        inherited = prev is not None and ((names_nothing(before, lang, places) and names_nothing(after, lang, places))
                                          or (lang == "zh" and COMPARISON_ZH.match(before))
                                          or (lang == "en" and same_clause and bool(SPAN_TO["en"].search(before)))
                                          or (lang == "en" and bool(OF_THEM_EN.match(norm, c.end))))
        # (…increased from 3,176 in 2013 to 6,758 in 2023: the "to" end is the same quantity)
        # (…PM2.5年均浓度较低，分别为23、28…: the words after the previous number name the quantity too)
        # An English sentence that opens on another place speaks of it ("…up 6.6 percent. Hebei, the
        # largest economy of the three, posted 3.6 trillion yuan"): its head, not the last sentence.
        head_place = (lang == "en" and prev is not None and prev[2] == -1 and own_start > a
                      and bool(regions_in(norm, a, own_start, lang)))
        if head_place:
            inherited, prev = False, None
        phrase = f"{prev[1]} {norm[prev_end:own_start]} {own}" if inherited else own
        head = False
        if prev is None and own_start > a and names_nothing(before, lang, places) and names_nothing(after, lang, places):
            phrase, inherited, head = f"{norm[a:own_start]} {own}", True, True     # 人均地区生产总值分别为：北京18.4万元…
        first_in_clause = next(x for x in cands if x.start >= clause_start)
        if lang == "zh":
            subject = subject_zh(norm, clause_start, first_in_clause.start)
        else:
            subject = subject_en(norm, clause_start, first_in_clause.start, c.end, b)
        if inherited or not subject or names_no_quantity(subject, lang, places):
            subject = (prev[0].subject if prev is not None else None) or subject
        prev_end = c.end
        value = scale(c.number, c.factor * c.unit.factor)
        if value == 0:
            continue          # "0" is never a figure of this series; a failed parse must not become one
        region = c.region
        unresolved = False
        own_named = [(pos, r) for pos, r in regions_in(norm, own_start, c.start, lang)
                     if not ((WHOLE_BEFORE_ZH if lang == "zh" else WHOLE_BEFORE_EN).search(norm, max(a, pos - 6), pos)
                             and not (lang == "zh" and GOVERNS_ZH.fullmatch(norm, pos, c.start)))
                     and not (lang == "en" and ABSORBED_FROM_EN.search(norm, own_start, pos))]
        own_places = [r for _, r in own_named]
        if not c.listed:
            later = place_after_en(norm, c.end, nxt) if lang == "en" else None
            if later:
                region = later        # "107,960 yuan in Tianjin", "of which 4,173 were in Tianjin and 4,643 in Hebei"
            elif own_places:
                region = joint_region(norm, own_named, len(own_named) - 1)
            elif prev is not None and PART_OF.match(before) and prev[0].region:
                region = prev[0].region   # …铁路营业里程达到10280公里，其中高速铁路2272公里: the whole's place
            elif inherited and prev is not None:
                region = prev[0].region
            elif continues_quantity(prev, own, lang):
                region = prev[0].region   # 雄安新区全年完成投资2412.9亿元，截至2021年底累计完成投资3500多亿元
            elif any(index.is_flow(f.indicator) for f in figures):
                # 北京流向津冀技术合同成交额达到843.4亿元，…；成交技术合同7340项: the same flow
                region = next(f.region for f in reversed(figures) if index.is_flow(f.indicator))
            else:
                region = clause_or_topic_region(norm, a, clause_start, c.start, lang) or region
            if region is None and lang == "en" and _ITS_EN.match(norm, a):
                # "In per capita terms, Beijing led… Its per capita GDP reached 140,000 yuan": the place the
                # sentence before speaks of ("Located … southwest of Beijing, Xiong'an was …": Xiong'an)
                region = place_spoken_of(previous_text or "", lang)
                unresolved = region is None        # "The new area's … Its population": no place to name it by
        fig = Figure(
            value=value, unit=c.unit.unit, quote=text[c.start:c.end], span=(c.start, c.end),
            sentence=sentence, kind=kind,
            measure_word=c.unit.measure_word if c.unit.unit == "count" else None,
            approx=c.approx, period=c.period, subject=subject, region=canonical_region(region),
        )
        if local and fig.region in local:
            fig.region = local[fig.region]
        if fig.region is None and not unresolved and place not in (None, "全国"):
            fig.region = place        # a sentence naming no place goes on about the last one's (extract_figures)
        # A later clause's number inherits its quantity, not its 累计 (…累计2800亿元，2023年为748.7亿元).
        fig.aggregation = aggregation_of(kind, phrase if (not inherited or same_clause or head) else own, lang)
        if fig.aggregation == "growth_rate" and fig.unit not in ("percent", "percentage_point"):
            fig.aggregation = "level"      # "GDP grew 9 percent to 1.79 trillion yuan": the level it reached
        if inherited and not same_clause and prev is not None:
            fig.aggregation = inherited_aggregation(fig.aggregation, prev[0].aggregation,
                                                    own_has_period=c.period != prev[0].period) or fig.aggregation
        if (inherited and prev is not None and fig.kind == "level" and fig.unit == "percent"
                and prev[0].kind == "growth_rate" and prev[0].unit == "percent"):
            # "Hebei's economy grew 5.5 percent, outpacing Beijing's 5.2 percent": the same rate
            fig.kind = fig.aggregation = "growth_rate"
        if fig.aggregation == "cumulative" and fig.period and "/" in fig.period:
            fig.period = fig.period.split("/")[-1]     # 2014年至2021年…累计超3.5万项: the total at its end
        # (a goal named before a semicolon is that clause's: …完成了60微克/立方米左右的目标；河北省…为65微克/立方米)
        status_from = max(a, norm.rfind("；", a, c.start) + 1, norm.rfind(";", a, c.start) + 1)
        fig.status = status_of(norm[status_from:c.start], fig.period, anchor, lang, norm[c.end:c.end + 12])
        fig.restated = restates(sentence, lang)
        found = None if unresolved else index.match(fig, phrase)
        if found is None and not unresolved and own_start > a and not inherited and (
                elliptical(subject, own, lang) or PART_OF.match(before)
                or (lang == "en" and _SUCH_EN.search(before))):
            # 成交额由71.2亿元增长至748.7亿元 after 技术合同成交数…: the name completed by the previous phrase
            context = norm[a:own_start]
            found = index.match(fig, f"{context} {own}", own_from=len(context) + 1)
            semicolon = norm.rfind("；", a, own_start)
            if found is None and semicolon >= 0:
                # …流向外省市技术合同成交额4980.6亿元；流向津冀技术合同5881项，成交额356.9亿元: its own part of
                # the sentence, where what the sentence names before (外省市) excludes the flow
                context = norm[semicolon + 1:own_start]
                found = index.match(fig, f"{context} {own}", own_from=len(context) + 1)
            if found is None and PART_OF.match(before) and fig.region and names_nothing(
                    before[PART_OF.match(before).end():], lang, places):
                # "…had set up more than 10,000 branches in Tianjin and Hebei, including 4,680 in
                # Tianjin": a place's part of the quantity named before, whose name may end before it
                found = index.match(fig, f"{context} {own}")
            if found is not None:
                phrase = f"{context} {own}"
        if found is None and k == 0 and previous_text and elliptical(subject, own, lang):
            # "…from 3,176 in 2013 to 6,758 in 2023. The turnover increased from 7.12 billion yuan…": the
            # measure word the previous sentence's quantity completes
            found = index.match(fig, f"{previous_text} {own}", own_from=len(previous_text) + 1)
            phrase = f"{previous_text} {own}" if found is not None else phrase
        if found is None and lang == "zh" and _COMPARED_AFTER_ZH.match(norm, c.end):
            # 与2013年的108微克/立方米相比，全省PM2.5平均浓度下降39.8%: the quantity (and place) is named
            # after the comparison
            later = regions_in(norm, c.end, nxt, lang)
            if later and fig.region is None:
                fig.region = canonical_region(later[0][1])
                fig.region = (local or {}).get(fig.region, fig.region)
            found = index.match(fig, f"{own} {norm[c.end:nxt]}")
        elif found is None and lang == "en" and k == 0 and own_start > a and not inherited:
            # "Beijing's average density of PM2.5, a major air pollutant, dropped to 51 micrograms": the first
            # number of a sentence is governed by its head, across an appositive
            found = index.match(fig, f"{norm[a:own_start]} {own}")
            phrase = f"{norm[a:own_start]} {own}" if found is not None else phrase
        if found is not None:
            fig.indicator, fig.basis = found
            ind_region = index.region_of(found.indicator)
            if ind_region and ind_region != "*":
                fig.region = ind_region
            if fig.period and "/" in fig.period and index.aggregation_of(found.indicator) == "cumulative":
                fig.period = fig.period.split("/")[-1]     # a total to date over 2014年至2017年: 2017's
        if (lang == "en" and same_clause and fig.period and prev[0].period is None
                and prev[0].kind in ("growth_rate", "change") and SPAN_TO["en"].search(before)):
            prev[0].period = fig.period   # "grew 6.6 percent year on year to 1.57 trillion yuan in 2021"
        figures.append(fig)
        prev = (fig, phrase, clause_start)
    if phrases is not None and prev is not None:
        phrases[:] = [prev[1]]
    return figures, periods


# "…from Beijing to Tianjin and Hebei rose to 7,526, and the cumulative turnover of such technology
# contracts …": the quantity named before, with its places
_SUCH_EN = re.compile(r"\b(?:such|these|those)\s", re.I)


def _assign_regions(norm: str, cands: list[Candidate], regions: list[tuple[int, str]], lang: str) -> None:
    if not regions:
        return
    # The last place named before a number, not a whole it is compared with (…约占全国的8.1%；地区生产
    # 总值6.65万亿元: 京津冀's, not 全国's; 天津市常住人口…，地区生产总值15726.9亿元: 天津's)
    whole = WHOLE_BEFORE_ZH if lang == "zh" else WHOLE_BEFORE_EN
    named = [(pos, r) for pos, r in regions if not whole.search(norm, max(0, pos - 6), pos)]
    for c in cands:
        k = sum(1 for pos, _ in named if pos < c.start)
        c.region = joint_region(norm, named, k - 1) if k else None
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
            single = [r for r in names if r not in ("Tianjin-Hebei", "津冀")]
            if len(single) >= n:
                names = single      # "the per capita GDP of Tianjin and Hebei was … and … respectively": two places
            stop = min([k for k in (norm.find("。", cands[j].end), norm.find(". ", cands[j].end)) if k >= 0],
                       default=len(norm))
            has_marker = marker in norm[max(0, seg_start - 40):max(cands[j].end + 16, stop)]
            if has_marker and len(names) >= n:
                for k, c in enumerate(cands[i:j + 1]):
                    c.region = names[len(names) - n + k]
                    c.listed = True
        i = j + 1
