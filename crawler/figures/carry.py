"""A period carried to the next sentence: "上半年，北京市地区生产总值21621.4亿元。按不变价格计算，
同比增长5.0%。" — the growth rate is the first half's, though its sentence names no time.

Narrowly: the sentence has no time expression of its own (a baseline such as 比上年 does not
count), it is in the same paragraph as the previous sentence, and it plainly continues it — it
opens with a connective (按不变价格计算, 同比, 其中, 比上年, 增速 / It, This, The figure …) or is a
short follow-up made only of growth rates and changes.  The previous sentence must have had
exactly one topic period (a from-to pair has two: nothing is carried).
"""

from __future__ import annotations

import re

from .model import Figure
from .periods import PeriodMention

_CONNECTIVE_ZH = re.compile(
    r"(?:按(?:不变|可比)价格计算|扣除价格因素|同比|环比|其中|比上年|较上年|比去年|较去年|比上年同期|"
    r"较上年同期|增速|增幅|涨幅|降幅|增长|下降|占比|比重)"
)
_CONNECTIVE_EN = re.compile(
    r"(?:It|This|That|These|The\sfigure|The\sgrowth|The\sincrease|The\srate|Of\sthese|Of\sthem|"
    r"Among\sthem|Year\son\syear|Year-on-year)\b"
)
_SHORT = {"zh": 24, "en": 70}
_FOLLOW_UP_KINDS = frozenset({"growth_rate", "change"})


def own_period(periods: list[PeriodMention]) -> bool:
    """Whether a sentence names a time of its own (a baseline or a title does not)."""
    return any(p.role in ("topic", "same") for p in periods)


def single_topic(periods: list[PeriodMention]) -> str | None:
    """The one topic period of a sentence, or None when it has none or several."""
    values = {p.value for p in periods if p.role == "topic" and p.value}
    return values.pop() if len(values) == 1 else None


def continues(norm: str, prev_end: int, a: int, b: int, lang: str, figures: list[Figure]) -> bool:
    """Whether ``norm[a:b]`` continues the sentence that ended at *prev_end* (same paragraph)."""
    if "\n" in norm[prev_end:a]:
        return False
    rx = _CONNECTIVE_ZH if lang == "zh" else _CONNECTIVE_EN
    if rx.match(norm, a, b):
        return True
    return b - a <= _SHORT[lang] and bool(figures) and all(f.kind in _FOLLOW_UP_KINDS for f in figures)
