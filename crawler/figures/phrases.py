"""Phrases and places around a number: the words that govern it (its quantity phrase), where its
clause starts, which place it is about.  Pure helpers of extract.py (see attribution.py for what the
phrase then decides)."""

from __future__ import annotations

import re

from .attribution import names_nothing
from .context import locations_en, regions_in
from .periods_en import YEARS_EARLIER

# 其中在天津设立分支机构632家 / including …: a part of the quantity named before it.
PART_OF = re.compile(r"[，、；\s]*(?:其中|including|of\swhich|among\sthem|在?(?:北京|天津|河北|雄安|津冀)|"
                      r"(?:in|for)\s(?:Beijing|Tianjin|Hebei))", re.I)

# 比初步核算数增加2786亿元 / 较上年提高: a change of the previous quantity, not a quantity of its own.
COMPARISON_ZH = re.compile(r"[，、；\s]*(?:比|较|与)")


# "107,960 yuan in Tianjin", "4,102 branches and subsidiaries in Tianjin and Hebei"
_IN_PLACE_EN = re.compile(r"(?:(?!\bfrom\b)[^,;]){0,32}?\bin\s(?=[A-Z]|the\stwo\s)")


def place_after_en(norm: str, end: int, nxt: int) -> str | None:
    m = _IN_PLACE_EN.match(norm, end, nxt)
    if not m:
        return None
    found = regions_in(norm, m.end(), nxt, "en")
    return found[0][1] if found and found[0][0] == m.end() else None


def continues_quantity(prev, own: str, lang: str) -> bool:
    """A clause naming no place that names the previous figure's quantity again (its last four
    characters) goes on about the previous figure's place."""
    if lang != "zh" or prev is None or not prev[0].region or not prev[0].subject:
        return False
    core = prev[0].subject[-4:]
    return len(core) >= 2 and core in own


def clause_or_topic_region(norm: str, a: int, clause_start: int, pos: int, lang: str) -> str | None:
    """A clause that names no place is about its own clause's place, else the sentence's first one
    (…铁路营业里程达10933公里，…京雄津保“1小时交通圈”；高速公路通车里程10880公里: 京津冀, not 北京)."""
    here = regions_in(norm, clause_start, pos, lang)
    if here:
        return here[-1][1]
    first_break = min([k for k in (norm.find(ch, a, pos) for ch in ("，", "；", ",", ";")) if k >= 0], default=pos)
    head = regions_in(norm, a, first_break, lang)
    return head[0][1] if head else None


def elliptical(subject: str | None, own: str, lang: str) -> bool:
    """A bare measure word standing for the previous phrase's quantity (成交额, 产量 / turnover)."""
    if not subject or regions_in(own, 0, len(own), lang):
        return False
    if lang == "zh":
        return len(_AGGREGATION_WORDS_ZH.sub("", subject)) <= 4
    # "…numbered 3,103 in 2016, with a transaction value of 15.47 billion yuan": the value of those
    return len(subject.split()) <= 2 or bool(_WITH_VALUE_EN.match(own))


_WITH_VALUE_EN = re.compile(r"\s*(?:with|worth|valued\s+at|involving)\b", re.I)
# "about 2,600 of them in Tianjin": a part of the previous number's quantity
OF_THEM_EN = re.compile(r"\s*of\s+(?:them|which|these|those)\b", re.I)


_AGGREGATION_WORDS_ZH = re.compile(r"累计|人均|年均|全年|当年")


_BOOK_TITLE = re.compile(r"《[^《》]{0,60}$")


def in_book_title(norm: str, a: int, pos: int) -> bool:
    return bool(_BOOK_TITLE.search(norm, max(a, pos - 60), pos)) and "》" in norm[pos:pos + 60]


def in_quoted_name(norm: str, a: int, start: int, end: int) -> bool:
    """A number inside a short quoted name (“大气十条”, “1小时交通圈”, “三校一院”): part of the name."""
    opened = norm.rfind("“", max(a, start - 8), start)
    if opened < 0 or "”" in norm[opened:start]:
        return False
    closed = norm.find("”", end, end + 8)
    return closed >= 0 and "“" not in norm[end:closed]


_AFTER_EN_STOP = re.compile(r"[,;:.]|\band\b(?!\sHebei)|\b(?:while|but|which|with|compared|up|down|from|than|in|an?|"
                            r"accounting|representing|year-on-year)\b", re.I)


def after_en(norm: str, end: int, nxt: int) -> str:
    """The noun phrase after an English number: "2,624 km [of high-speed railways]"."""
    tail = norm[end:min(nxt, end + 60)]
    if tail[:1] in (",", ";", ":", ".") or YEARS_EARLIER.match(tail):
        return ""          # "…had extended to 9,850 km, according to …"; "up from 1,283 km three years earlier"
    m = _AFTER_EN_STOP.search(tail, 1)
    return tail[:m.start()] if m else tail


_AFTER_ZH = re.compile(r"(?!增长|下降|提高|增加|减少|同比|环比|比|较|上升|降低|增速|占|左右|以上|多|余|相比|相较)[\u4e00-\u9fff]{2,8}?(?=[，。；、,;（(：:]|实现|达到|达|为|是|在|的|已|获得|完成|参与|开展|$)")


def after_zh(norm: str, end: int, nxt: int) -> str:
    """The noun right after a Chinese count: 685家[医疗机构]实现…, 4000多栋[楼宇]拔地而起."""
    m = _AFTER_ZH.match(norm, end, min(nxt, end + 10))
    return m.group() if m else ""


def names_no_quantity(subject: str, lang: str, places) -> bool:
    return len(subject) < 2 or names_nothing(subject, lang, places) or (lang == "zh" and subject[0] in "比较")


_PLACE_AFTER_COMMA_EN = re.compile(r"\s*(?:and\s)?(?:Beijing|Tianjin|Hebei|Xiong'an|Shijiazhuang|Tangshan|Baoding|"
                                   r"Langfang|Cangzhou|Handan|Xingtai|Hengshui|Chengde|Zhangjiakou|Qinhuangdao)\b")


def clause_start_of(norm: str, a: int, pos: int, breaks: str, lang: str) -> int:
    """Where the clause holding *pos* starts; in English a comma of a list of places ("the GDP of
    Beijing, Tianjin and Hebei") does not end a clause."""
    start = _last_break(norm, a, pos, breaks)
    while lang == "en" and start > a and norm[start - 1] == "," and _PLACE_AFTER_COMMA_EN.match(norm, start, pos):
        start = _last_break(norm, a, start - 1, breaks)
    return start


def _last_break(norm: str, a: int, pos: int, breaks: str) -> int:
    """Just after the last clause break before *pos*; a comma grouping digits (3,176) is none."""
    start = a
    for ch in breaks:
        k = norm.rfind(ch, a, pos)
        while ch == "," and k > a and k + 1 < len(norm) and norm[k - 1].isdigit() and norm[k + 1].isdigit():
            k = norm.rfind(ch, a, k)
        start = max(start, k + 1)
    return start


_PLACE_EN = re.compile(r"Beijing|Tianjin|Hebei|Xiong'an|Xiongan|Shijiazhuang|Tangshan|Baoding|Langfang|Cangzhou|"
                       r"Handan|Xingtai|Hengshui|Chengde|Zhangjiakou|Qinhuangdao")


def places_en(norm: str, a: int, b: int) -> list[tuple[int, str]]:
    """English places one by one: "the GDP of Beijing, Tianjin and Hebei … respectively" names three,
    where regions_in reads the whole region."""
    whole = regions_in(norm, a, b, "en")
    located = locations_en(norm, a, b)
    singles = [(m.start(), m.group()) for m in _PLACE_EN.finditer(norm, a, b)
               if not any(lo <= m.start() < hi for lo, hi in located)]
    out = sorted(singles + [(pos, r) for pos, r in whole if r not in ("Beijing-Tianjin-Hebei", "Tianjin-Hebei")
                            and not any(p == pos for p, _ in singles)])
    return out + [(pos, r) for pos, r in whole if r in ("Beijing-Tianjin-Hebei", "Tianjin-Hebei")]
