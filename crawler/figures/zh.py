"""Chinese figures: find the numbers of a sentence and read their magnitude, unit and qualifier.

``748.7亿元`` ``超过1万家`` ``21.4%`` ``9.6个百分点`` ``3176项`` ``30多个`` ``80万多人``
``近六成`` ``百分之五`` ``四分之一`` ``1.7倍`` ``21.6万平方公里`` ``38微克/立方米`` ``千余家`` ``9倍多``
``约占全国的7.8%`` (about) ``至少有20家`` (at_least).

Not figures: years and dates (2023年, 4月22日), clock times, ordinals (第二, 系列报道之二,
前3位), durations (10年时间, 3个月), names (“十四五”, PM2.5, 5G, “2+26”城市), idioms (千家万户)
and Chinese numerals that only count rhetorically (三地, 两个方面) or vaguely (数十家, 几百个).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .candidates import Candidate, propagate_list_units
from .numbers import MAGNITUDES_ZH, parse_arabic, parse_chinese_numeral
from .units import PERCENT, ZH_NOT_A_FIGURE_RE, ZH_STRONG_UNITS, ZH_UNIT_RE, ZH_UNITS, Unit

_CN = "零〇一二两三四五六七八九十百千万亿"
NUMBER_ZH_RE = re.compile(
    r"(?P<pct>百分之)(?P<pctnum>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十点]+)"
    r"|(?P<den>[一二三四五六七八九十]+|\d+)分之(?P<nom>[一二三四五六七八九十]+|\d+)"
    r"|(?<![A-Za-z\d.,+/])(?P<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)"
    r"|(?P<cn>[" + _CN + r"]+(?:点[零〇一二三四五六七八九]+)?)"
)
_MAGNITUDE_RE = re.compile(r"万亿|千万|百万|十万|亿|万|千(?![米克瓦帕])")
_APPROX_BEFORE = [
    (re.compile(r"(?:超过|超出|超|突破|逾|多于|大于|高于)$"), "more_than"),
    (re.compile(r"(?:接近|将近|近|逼近|几近)$"), "nearly"),
    (re.compile(r"(?:约为|约合|大约|约|大概|左右为)$"), "about"),
    (re.compile(r"(?:至少|不少于|不低于)$"), "at_least"),
    (re.compile(r"(?:不足|不到|少于|不超过|低于|不及)$"), "less_than"),
]
_APPROX_AFTER_RE = re.compile(r"左右|以上|以下|以内|之多")
_APPROX_AFTER = {"左右": "about", "以上": "at_least", "以下": "less_than", "以内": "less_than",
                 "之多": None}
# Before a number: an ordinal, a part of a name, a code.
_BAD_BEFORE_RE = re.compile(r"(?:第|之|前|初|周|星期|农历|编号|号码|电话|热线|邮编|代码|No\.|NO\.|No|[A-Za-z+:/#_@-])$")
_BAD_AFTER_RE = re.compile(r"[A-Za-z+:/_@]|-\d|[.．]\d|[）)]?[一二]期")
_IDIOM_RE = re.compile(
    r"百家争鸣|千家万户|千方百计|万家灯火|百花齐放|千军万马|千篇一律|万众一心|百年大计|千年大计|"
    r"百尺竿头|万里长城|千里之行|百舸争流|千帆竞发|万马奔腾|千山万水|万水千山|一五一十|十全十美|"
    r"千差万别|千丝万缕|千变万化|一万年|千秋万代|万亿级|千亿级|百亿级|百强|千强|万物|十分|万一|"
    r"百姓|百货|千瓦|千克|千米|百度|十足|十字|十佳|十大|百万富翁|亿万|万千|千百"
)
LIST_SEPARATOR_ZH_RE = re.compile(
    r"\s*(?:、|和|与|及|以及|或|至|到|—{1,2}|–|~|～|-|"
    r"(?:增长|增加|提高|上升|下降|减少|扩大|降低|提升)?(?:至|到)|增至|升至|降至)\s*"
)
_NOT_AFTER_CHENG = frozenset("交为立果本员功熟就型长品效绩都片套批年绩效")
_INDEX_CONTEXT_RE = re.compile(r"指数|指标值|得分|评分|分值")


# A qualifier parted from its number: 约占全国的7.8% / 约合人民币15亿元 / 约为2014年的3倍 / 至少有20家.
# The quote stays the number itself; only the qualifier is read.
_APPROX_PARTED_RE = re.compile(
    r"(?:(?<![节制公预签条履集简特邀契违])约(?:占[^，；。、]{0,16}?的|合人民币|为[^，；。、]{1,10}?的)|(?:约合|大约|约)人民币)$"
    r"|(?P<least>(?:至少|不少于)(?:有|达到?))$"
)


def _approx_before(text: str, pos: int) -> tuple[str | None, int]:
    window = text[max(0, pos - 3):pos]
    for rx, label in _APPROX_BEFORE:
        m = rx.search(window)
        if m:
            return label, pos - (len(window) - m.start())
    lo = max(0, pos - 20)
    m = _APPROX_PARTED_RE.search(text, lo, pos) if text.find("约", lo, pos) >= 0 or text.find("少", lo, pos) >= 0 else None
    if m:
        return ("at_least" if m.group("least") else "about"), pos
    return None, pos


def scan_zh(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[Candidate]:
    """Numbers of ``text[start:end]`` that are figures, with units read; lists filled in.

    *skip* holds spans already taken by time expressions (a year is never a figure).
    """
    out: list[Candidate] = []
    pos = start
    while True:
        m = NUMBER_ZH_RE.search(text, pos, end)
        if not m:
            break
        pos = m.end()
        s = m.start()
        if any(a <= s < b for a, b in skip):
            continue
        c = _read(text, m, end)
        if c is not None:
            out.append(c)
            pos = max(pos, c.end)
    if len(out) > 1:
        propagate_list_units(out, text, LIST_SEPARATOR_ZH_RE)
    kept = []
    for c in out:
        if c.unit is None:
            clause_start = max(text.rfind(p, start, c.num_start) for p in "，；：,;")
            ctx = text[max(start, clause_start + 1):c.num_start]
            if _INDEX_CONTEXT_RE.search(ctx) and c.factor == 1:
                c.unit = Unit("index", kind="index")
            elif c.factor != 1:
                c.unit = Unit("count")
            else:
                continue
        kept.append(c)
    return kept


def _read(text: str, m: re.Match, end: int) -> Candidate | None:
    """Read the magnitude, unit and qualifiers around one number match; None if not a figure."""
    s = m.start()
    g = m.group
    approx, qstart = _approx_before(text, s)
    if g("pct"):
        d = parse_arabic(g("pctnum")) if g("pctnum")[0].isdigit() else parse_chinese_numeral(g("pctnum"))
        if d is None:
            return None
        c = Candidate(qstart, m.end(), s, m.end(), d, 1, PERCENT, approx)
        return _tail(text, c, end)
    if g("den"):
        den = _int(g("den"))
        num = _int(g("nom"))
        if not den or num is None or num > den:
            return None
        d = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"))
        c = Candidate(qstart, m.end(), s, m.end(), d.normalize(), 1, Unit("percent", kind="share"), approx)
        return _tail(text, c, end)
    if _BAD_BEFORE_RE.search(text, max(0, s - 4), s):
        return None
    if g("ar"):
        d = parse_arabic(g("ar"))
        if d is None:
            return None
        p = m.end()
        factor = 1
        p, more = _more(text, p, end)
        mm = _MAGNITUDE_RE.match(text, p, end)
        if mm:
            factor = MAGNITUDES_ZH[mm.group()]
            p = mm.end()
            p, more2 = _more(text, p, end)
            more = more or more2
        if more:
            approx = approx or "more_than"
        if _BAD_AFTER_RE.match(text, p, end) and not ZH_UNIT_RE.match(text, p, end):
            return None
        if ZH_NOT_A_FIGURE_RE.match(text, p, end):
            return None
        if "." not in g("ar") and len(g("ar")) >= 7 and factor == 1 and not ZH_UNIT_RE.match(text, p, end):
            return None    # a phone number or a code, not a quantity
        c = Candidate(qstart, p, s, p, d, factor, None, approx)
        return _unit(text, c, end)
    # Chinese numeral
    word = g("cn")
    if _IDIOM_RE.match(text, s):
        return None
    if s > 0 and text[s - 1] in "第之初周礼拜星期数几":
        return None        # 第十, 数十家 / 几百个: ordinal or vague, not a figure
    # A numeral may run into a magnitude of the next token: keep 万/亿 inside it.
    d = parse_chinese_numeral(word)
    p = m.end()
    if d is None:
        return None
    has_magnitude = any(ch in word for ch in "百千万亿")
    if not any(ch in word for ch in "零〇一二两三四五六七八九十") and not approx:
        if not (word in ("百", "千", "万") and text[p:p + 1] in "余多"):
            return None    # 万/亿 alone is a number only after 超/逾/近 (超万家) or before 余 (千余家)
    p, more = _more(text, p, end)
    if more:
        approx = approx or "more_than"
    if ZH_NOT_A_FIGURE_RE.match(text, p, end):
        return None
    c = Candidate(qstart, p, s, p, d, 1, None, approx)
    c = _unit(text, c, end)
    if c is None or c.unit is None:
        return None
    strong = c.unit.unit in ZH_STRONG_UNITS or c.unit.factor != 1
    if not (strong or has_magnitude or d >= 10 or approx):
        return None        # 三地, 两个方面, 一批: rhetoric, not data
    if c.unit.unit == "count" and c.end < end and text[c.end] in _CN:
        return None        # 千家万户-like doubles
    return c


def _int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    d = parse_chinese_numeral(s)
    return int(d) if d is not None and d == d.to_integral_value() else None


def _more(text: str, p: int, end: int) -> tuple[int, bool]:
    if p < end and text[p] in "多余" and not text.startswith("余额", p):
        return p + 1, True
    return p, False


def _unit(text: str, c: Candidate, end: int) -> Candidate | None:
    p = c.num_end
    um = ZH_UNIT_RE.match(text, p, end)
    if um:
        u = ZH_UNITS[um.group()]
        if u.unit == "percent" and u.factor == 10:        # 成: only as 两成 / 六成以上, not 建成
            nxt = text[um.end():um.end() + 1]
            if nxt and nxt in _NOT_AFTER_CHENG or c.factor != 1:
                return None
        if u.unit == "count" and um.group() == "个" and text.startswith("百分点", um.end()):
            u = ZH_UNITS["个百分点"]
        c.unit = u
        c.end = um.end() if u is not ZH_UNITS.get("个百分点") else text.find("点", p) + 1
        c.end = max(c.end, um.end())
        if um.group() == "个" and text[um.end():um.end() + 1] in "、和及与至到":
            c.partial = "个"
        if um.group() in ("元", "人民币") and text.startswith("人民币", c.end):
            c.end += 3
    return _tail(text, c, end)


def _tail(text: str, c: Candidate, end: int) -> Candidate:
    if c.unit is not None and c.unit.unit == "times" and text[c.end:c.end + 1] in ("多", "余") and c.end < end:
        c.approx = c.approx or "more_than"    # 增长了9倍多
        c.end += 1
    am = _APPROX_AFTER_RE.match(text, c.end, end)
    if am and c.unit is not None:
        label = _APPROX_AFTER[am.group()]
        if label:
            c.approx = c.approx or label
        c.end = am.end()
    return c
