"""Chinese time expressions: 去年, 今年一季度, 截至去年底, 上半年, 1—11月, 2013年至2022年,
2014年以来, “十四五”时期 … found in a sentence and resolved (see periods.py)."""

from __future__ import annotations

import re
from datetime import date

from .periods import FIVE_YEAR_PLANS, PeriodMention, relative_year, resolve

_DASH = r"(?:—{1,2}|–|-|~|～|至|到)"
_YEAR = r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>去年|今年|前年|上一年|上年|本年|明年|当年))"

PERIOD_ZH_RE = re.compile(
    r"(?<![\d.])(?P<ya>(?:19|20)\d\d)年(?P<ma>1[0-2]|0?[1-9])月" + _DASH + r"(?P<yb>(?:19|20)\d\d)年(?P<mb>1[0-2]|0?[1-9])月(?:份)?|"
    r"(?<![\d.])(?P<sy1>(?:19|20)\d\d)年?(?:度)?" + _DASH + r"(?P<sy2>(?:19|20)\d\d)年(?:度|间)?"
    r"|(?<![\d.])(?P<since>(?:19|20)\d\d)年(?:以来|来)"
    r"|[“\"]?(?P<plan>十[二三四五]五)[”\"]?(?:规划)?(?P<plan_end>末|初|期间|时期|以来)?"
    r"|(?P<pre>截至|截止到|截止|截至到)?\s*"
    r"(?:" + _YEAR + r"\s*)?"
    r"(?:(?P<q>第?[一二三四1-4])季度"
    r"|前(?P<qq>[二三两])季度"
    r"|前(?P<fm>1[01]|[2-9]|十一|十|[二两三四五六七八九])个月"
    r"|(?P<h>[上下])半年"
    r"|(?<![\d.])(?P<m1>1[0-2]|0?[1-9])月?" + _DASH + r"(?P<m2>1[0-2]|0?[1-9])月(?:份)?"
    r"|(?<![\d.])(?P<em>1[0-2]|0?[1-9])月(?:份)?(?:底|末)"
    r"|(?<![\d.])(?P<dm>1[0-2]|0?[1-9])月(?P<dd>[1-3]?\d)日"
    r"|(?<![\d.])(?P<mo>1[0-2]|0?[1-9])月(?:份)?(?![\d日])"
    r"|(?P<ye>(?<=年)底|(?<=年)末|年底|年末)"
    r"|(?P<full>全年|年度|年)"
    r")?"
    r"(?P<same>同期)?"
)

# Where a time expression can begin; the big pattern is only tried there (speed).
_TRIGGER_ZH_RE = re.compile(
    r"\d|[“\"]?十[二三四五]五|截[至止]|(?:去|今|前|上一?|本|明|当)年|第?[一二三四]季度|前[二三两]季度|[上下]半年|"
    r"前(?:1[01]|[2-9]|十一?|[二两三四五六七八九])个月|"
    r"全年|年[底末度]|同期"
)
_BASELINE_BEFORE_RE = re.compile(r"(?:比|较|较之|与|同|相比|相较于?|对比|相当于|高于|低于|多于|少于|比起)\s*$")
_SINCE_OPEN = re.compile(r"(?:自|从)$")
_SINCE_CLOSE = re.compile(r"[^，,；;。]{0,10}?以来")
_FIRST_MONTHS = {**{str(n): n for n in range(2, 12)}, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11}
_GOAL_AHEAD = re.compile(r"[，,]?[^。；;，,]{0,12}?(?:力争|预计|计划|目标|有望|将)")
_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "两": 2, "1": 1, "2": 2, "3": 3, "4": 4}


_STANDARD_TIME = re.compile(r"零时为?(?:标准时点|普查标准时点)|(?:零时)?为(?:普查)?标准时点")


def find_periods_zh(text: str, anchor: date | None, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Every time expression in ``text[start:end]``, resolved, in text order."""
    out: list[PeriodMention] = []
    end = len(text) if end is None else end
    last_end = start
    for t in _TRIGGER_ZH_RE.finditer(text, start, end):
        if t.start() < last_end:
            continue
        m = PERIOD_ZH_RE.match(text, t.start(), end)
        if m is None or m.end() == m.start():
            continue
        last_end = m.end()
        g = m.group
        role = "topic"
        if g("ya"):
            ya, ma, yb, mb = int(g("ya")), int(g("ma")), int(g("yb")), int(g("mb"))
            if (ya, ma) >= (yb, mb):
                continue
            value = f"{ya}-{ma:02d}/{yb}-{mb:02d}" if ya != yb else resolve("months", anchor, ya, ma, mb)
        elif g("sy1"):
            value = resolve("span", anchor, None, int(g("sy1")), int(g("sy2")))
        elif g("since"):
            value = resolve("since", anchor, None, int(g("since")))
            # 2023年京津冀协同创新指数达到326.7，…2013年以来年均增长12.6%: up to the sentence's year
            named = [int(p.value) for p in out if p.role == "topic" and p.value and re.fullmatch(r"\d{4}", p.value)]
            if named and int(g("since")) < named[-1] and value and named[-1] < int(value.split("/")[1]):
                value = f"{g('since')}/{named[-1]}"
        elif g("plan"):
            a, b = FIVE_YEAR_PLANS[g("plan")]
            value = {"末": str(b), "初": str(a)}.get(g("plan_end") or "", f"{a}/{b}")
        else:
            year = int(g("y")) if g("y") else (relative_year(g("rel"), anchor) if g("rel") else None)
            has_year = bool(g("y") or g("rel"))
            if g("q"):
                value = resolve("quarter", anchor, year, _Q[g("q")[-1]])
            elif g("qq"):
                value = resolve("quarters_to", anchor, year, _Q[g("qq")])
            elif g("fm"):
                # 前10个月: the year's first ten months, a span of months like 1—10月
                value = resolve("months", anchor, year, 1, _FIRST_MONTHS[g("fm")])
            elif g("h"):
                value = resolve("half", anchor, year, 1 if g("h") == "上" else 2)
            elif g("m1"):
                m1, m2 = int(g("m1")), int(g("m2"))
                if m1 >= m2:
                    continue
                value = resolve("months", anchor, year, m1, m2)
            elif g("em"):
                value = resolve("end_month", anchor, year, int(g("em")))
            elif g("dm"):
                value = resolve("day", anchor, year, int(g("dm")), int(g("dd")))
                # 以2020年11月1日零时为标准时点: a census's day is the period of what it counts
                role = "topic" if g("pre") or _STANDARD_TIME.match(text, m.end()) else "date"
            elif g("mo"):
                value = resolve("month", anchor, year, int(g("mo")))
            elif g("ye"):
                if not (has_year or g("pre")):
                    continue
                value = resolve("end_year", anchor, year if has_year else None)
                if not has_year and anchor is not None:
                    value = str(anchor.year if anchor.month == 12 else anchor.year - 1)
            elif g("full") == "全年" and not has_year:
                # 2016年…力争下降5%左右，…全年压减燃煤300万吨: the year the sentence named, else the last
                # begun — or, for a goal (全年…力争完成), the year under way
                named = [p.value for p in out if p.role == "topic" and p.value and re.fullmatch(r"\d{4}", p.value)]
                if named:
                    value = named[-1]
                elif anchor is not None and _GOAL_AHEAD.match(text, m.end()):
                    value = str(anchor.year)
                else:
                    value = resolve("months", anchor, None, 1, 12)
            elif has_year:
                value = str(year) if year is not None else None
                if g("rel") == "当年" and not g("same"):
                    role = "same"
            elif g("same"):
                out.append(PeriodMention(m.start(), m.end(), None, "baseline"))
                continue
            else:
                continue
        if _in_title(text, start, m.start()):
            role = "title"      # 《…行动计划（2023—2025年）》: part of a name, never a figure's period
        elif g("same"):
            role = "baseline"
        elif role == "topic" and _BASELINE_BEFORE_RE.search(text, max(0, m.start() - 4), m.start()):
            role = "baseline"
        elif role == "topic" and _SINCE_OPEN.search(text, max(0, m.start() - 2), m.start()) and _SINCE_CLOSE.match(text, m.end()):
            role = "date"       # 自2016年11月揭牌以来累计注册企业1300余家: when it began, not the figure's period
        out.append(PeriodMention(m.start(), m.end(), value, role))
    return out


def _in_title(text: str, start: int, pos: int) -> bool:
    """Whether *pos* lies inside a 《…》 title opened within the sentence."""
    opened = text.rfind("《", start, pos)
    return opened >= 0 and text.rfind("》", opened, pos) < 0
