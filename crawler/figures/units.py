"""Units: what follows (or, for currencies, precedes) a number, and the base unit it maps to.

A unit entry says which base unit a figure is stored in (FIGURES.md vocabulary: CNY, USD,
percent, percentage_point, count, times, index, km, km2, t, kWh, ug/m3 ...), the factor to the
base unit, and for counts the measure word as written (项, 家, 人次 ...).

Chinese units are matched right after the number and its magnitude (``亿``/``万``); English
units after an optional space and magnitude word.  Both tables are compiled once into one
alternation each, longest spelling first.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Unit(NamedTuple):
    unit: str                   # base unit code
    factor: int = 1             # multiply the written value by this
    measure_word: str | None = None
    kind: str | None = None     # a kind the unit implies (share for 成, change for 个百分点 ...)


PERCENT = Unit("percent")
PP = Unit("percentage_point", kind="change")
TIMES = Unit("times", kind="ratio")

# --- Chinese ---------------------------------------------------------------------------

_ZH_CURRENCIES = {
    "元人民币": "CNY", "元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR",
    "港元": "HKD", "港币": "HKD", "日元": "JPY", "英镑": "GBP", "卢布": "RUB", "韩元": "KRW",
}
_ZH_MEASURES = {
    "微克/立方米": "ug/m3", "微克每立方米": "ug/m3", "μg/m3": "ug/m3", "μg/m³": "ug/m3",
    "ug/m3": "ug/m3", "毫克/立方米": "mg/m3", "平方公里": "km2", "平方千米": "km2",
    "km2": "km2", "km²": "km2", "公里": "km", "千米": "km", "km": "km", "平方米": "m2",
    "m2": "m2", "㎡": "m2", "公顷": "ha", "亩": "mu", "立方米": "m3", "m3": "m3",
    "吨": "t", "千克": "kg", "公斤": "kg", "kg": "kg", "千瓦时": "kWh", "度电": "kWh",
    "kWh": "kWh", "千瓦": "kW", "kW": "kW", "兆瓦": "MW", "MW": "MW", "吉瓦": "GW",
    "GW": "GW", "标准箱": "TEU", "TEU": "TEU", "小时": "h", "分钟": "min", "米": "m",
}
# Counters of counts.  Order matters only for the alternation (longest first, done below).
ZH_MEASURE_WORDS = (
    "人次 天次 架次 车次 辆次 家次 户次 班次 列次 航次 艘次 项次 "
    "项 家 个 名 人 位 件 辆 所 座 条 台 套 部 批 户 栋 只 种 款 场 次 架 艘 列 趟 支 "
    "处 篇 门 间 张 份 株 棵 头 宗 笔 单 例 对 组 类 册 本 幅 首 集 枚 颗 起 天"
).split()

ZH_UNITS: dict[str, Unit] = {
    "%": PERCENT, "‰": Unit("permille"), "个百分点": PP, "百分点": PP, "倍": TIMES,
    "成": Unit("percent", factor=10, kind="share"),
}
ZH_UNITS.update({k: Unit(v) for k, v in _ZH_CURRENCIES.items()})
ZH_UNITS.update({k: Unit(v) for k, v in _ZH_MEASURES.items()})
ZH_UNITS.update({w: Unit("count", measure_word=w) for w in ZH_MEASURE_WORDS})

ZH_UNIT_RE = re.compile("|".join(re.escape(k) for k in sorted(ZH_UNITS, key=len, reverse=True)))

# Units that make a Chinese numeral (三千, 两成) a figure even without a magnitude character.
ZH_STRONG_UNITS = frozenset({"percent", "percentage_point", "times"})

# What may not follow a number for it to be a figure: dates, clock times, durations, ages.
ZH_NOT_A_FIGURE_RE = re.compile(
    r"(?:年|个月|个多月|月|日|号|时(?!速)|点(?!\d)|分(?!之|钟)|秒|周年|周岁|岁|世纪|代|届|期|"
    r"小时(?:交通圈|通勤圈|生活圈|经济圈|圈|车程|工作制)|分钟(?:交通圈|通勤圈|生活圈|圈|车程)|"
    r"天(?:内|后|前|以来|时间|之内)|强|大|号线|线|环|层楼|级|方面|维|步|届)"
)

# --- English ---------------------------------------------------------------------------

_EN_UNIT_SPELLINGS: list[tuple[str, Unit]] = [
    (r"yuan|RMB|renminbi|CNY", Unit("CNY")),
    (r"U\.\s?S\.\s?dollars?|US\s?dollars?|USD|dollars?", Unit("USD")),
    (r"euros?|EUR", Unit("EUR")),
    (r"Hong\sKong\sdollars?|HK\sdollars?", Unit("HKD")),
    (r"percentage\spoints?|pct\spts?|pp", PP),
    (r"percent|per\scent|pct|%", PERCENT),
    (r"times|fold|-fold|x(?=\s)", TIMES),
    (r"square\skilomet(?:er|re)s?|sq\s?km|km2|km²", Unit("km2")),
    (r"kilomet(?:er|re)s?|km", Unit("km")),
    (r"square\smet(?:er|re)s?|sq\s?m|m2", Unit("m2")),
    (r"hectares?", Unit("ha")),
    (r"mu", Unit("mu")),
    (r"(?:metric\s)?tonnes?|(?:metric\s)?tons?", Unit("t")),
    (r"micrograms?\sper\scubic\smet(?:er|re)|μg/m3|μg/m³|ug/m3|mcg/m3", Unit("ug/m3")),
    # "Tianjin's averaged 52 micrograms": in this coverage a bare microgram is a PM2.5 concentration
    (r"micrograms?(?!\s+of\b)", Unit("ug/m3")),
    (r"kilowatt[-\s]hours?|kWh", Unit("kWh")),
    (r"kilowatts?|kW", Unit("kW")),
    (r"megawatts?|MW", Unit("MW")),
    (r"gigawatts?|GW", Unit("GW")),
    (r"TEUs?|twenty-foot\sequivalent\sunits?", Unit("TEU")),
    (r"cubic\smet(?:er|re)s?", Unit("m3")),
    (r"points", Unit("index")),
]
EN_UNIT_RE = re.compile(
    "(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_EN_UNIT_SPELLINGS)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
EN_UNITS: list[Unit] = [u for _, u in _EN_UNIT_SPELLINGS]

EN_CURRENCY_PREFIX = {
    "$": "USD", "US$": "USD", "USD": "USD", "RMB": "CNY", "CNY": "CNY", "¥": "CNY", "€": "EUR",
    "EUR": "EUR", "HK$": "HKD", "HKD": "HKD", "£": "GBP",
}

# Words after a number that make it a duration, an age or a date, not a figure.
EN_NOT_A_FIGURE_RE = re.compile(
    r"[\s-]?(?:years?|months?|weeks?|decades?|hours?|minutes?|seconds?|days?|nights?|"
    r"centuries|century|a\.m\.|p\.m\.|am\b|pm\b|o'clock|year-olds?|-year|-month|-day|-hour|"
    r"-minute|st\b|nd\b|rd\b|th\b|s\b)(?![A-Za-z])",
    re.IGNORECASE,
)


def en_unit_at(text: str, pos: int) -> tuple[Unit, int] | None:
    """The English unit starting at *pos* (after optional spaces), with its end offset."""
    m = EN_UNIT_RE.match(text, pos)
    if not m:
        return None
    return EN_UNITS[int(m.lastgroup[1:])], m.end()
