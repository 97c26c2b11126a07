"""Attribution: what a figure measures, where, how aggregated, and whether it is a fact or a goal.

Read from the figure's *own quantity phrase* — the words of its clause that govern the number
(from the clause start, or the previous number of the clause, up to the number; in English also
the noun phrase after it, "2,624 km of high-speed railways") — never from the whole sentence:

* region: the last place named in the phrase, else the nearest before it in the sentence;
  canonical Chinese names (京津冀, 北京, 天津, 河北, 雄安, 北京城市副中心, 全国, a city);
* aggregation: level | cumulative (累计, 截至…共, total to date) | per_capita (人均) | share |
  growth_rate | change | ratio (FIGURES.md, "What makes two figures the same quantity");
* status: actual | target (目标, 力争, 到2025年…, will, plans to) | forecast (预计, expected).

Rules are tables (the regexes below), so "why is this a target?" has one place to look.
"""

from __future__ import annotations

import re
from datetime import date

# --- regions --------------------------------------------------------------------------------

REGION_CANON = {
    "京津冀": "京津冀", "Beijing-Tianjin-Hebei": "京津冀", "北京": "北京", "Beijing": "北京",
    "天津": "天津", "Tianjin": "天津", "河北": "河北", "Hebei": "河北", "津冀": "津冀",
    "Tianjin-Hebei": "津冀", "雄安": "雄安", "Xiong'an": "雄安", "Beijing sub-centre": "北京城市副中心",
    "China": "全国", "Shijiazhuang": "石家庄", "Tangshan": "唐山", "Baoding": "保定", "Langfang": "廊坊",
    "Cangzhou": "沧州", "Handan": "邯郸", "Xingtai": "邢台", "Hengshui": "衡水", "Chengde": "承德",
    "Zhangjiakou": "张家口", "Qinhuangdao": "秦皇岛",
}


def canonical_region(region: str | None) -> str | None:
    """One name per place whatever the article's language (Beijing → 北京)."""
    if not region:
        return None
    return REGION_CANON.get(region, region)


# --- aggregation ----------------------------------------------------------------------------

# 合计 sums places (三地合计2.5万亿元), it is not a total over time.
_CUMULATIVE_ZH = re.compile(r"累计|总计|历年|迄今|至今(?!年)|截至目前|截至[^，。；]{0,8}?共")   # 增至今年6月底的…: to this year
_CUMULATIVE_EN = re.compile(r"\b(?:cumulative(?:ly)?|to\sdate|so\sfar|altogether|since\s(?:its|their|the)\s|"
                            r"since\s(?:19|20)\d\d|since\sthe\sstrategy|over\sthe\spast\s(?:decade|\w+\syears))\b", re.I)
_PER_CAPITA_ZH = re.compile(r"人均")
_PER_CAPITA_EN = re.compile(r"\bper[\s-]capita\b|\bper\sperson\b", re.I)

_KIND_AGGREGATION = {"growth_rate": "growth_rate", "change": "change", "share": "share", "ratio": "ratio"}


def aggregation_of(kind: str, phrase: str, language: str) -> str:
    """level | cumulative | per_capita | share | growth_rate | change | ratio."""
    if kind in _KIND_AGGREGATION:
        return _KIND_AGGREGATION[kind]
    zh = language == "zh"
    if (_PER_CAPITA_ZH if zh else _PER_CAPITA_EN).search(phrase):
        return "per_capita"
    if (_CUMULATIVE_ZH if zh else _CUMULATIVE_EN).search(phrase):
        return "cumulative"
    return "level"


# --- status ---------------------------------------------------------------------------------

_TARGET_ZH = re.compile(r"目标|力争|争取|规划|计划|有望|控制在|提出|将(?:达到?|超过|突破|增长|提高|实现|建成|新增|力争|形成|累计|完成|推动|推进|确保|带动|努力|加快|进一步)|"
                        r"(?:今年|明年|年内)(?:将|要)")
_FORECAST_ZH = re.compile(r"预计|预测|预期|估计")
_TARGET_EN = re.compile(r"\b(?:target(?:s|ed)?|aims?\s(?:to|for|at)|aiming|goal|plans?\sto|planned|will|is\sset\sto|"
                        r"are\sset\sto|strive|striving|seeks?\sto)\b", re.I)
_FORECAST_EN = re.compile(r"\b(?:expected|forecast|projected|estimated\sto|predicted|likely\sto)\b", re.I)
_FUTURE_BY_ZH = re.compile(r"(?:到|至|截至|在)(20\d\d)年")
_FUTURE_BY_EN = re.compile(r"\bby\s(?:the\send\sof\s)?(20\d\d)\b", re.I)


# 增长5.5%左右的预期目标, "the 20-billion-yuan target": the number names a goal
_GOAL_AFTER_ZH = re.compile(r"(?:左右|以上|以内|以下)?的?(?:预期|发展|增长|奋斗|年度)?目标")
_GOAL_AFTER_EN = re.compile(r"\s?(?:target|goal)\b", re.I)


def status_of(before: str, period: str | None, anchor: date | None, language: str, after: str = "") -> str:
    """actual | target | forecast, from the sentence up to the number (*before*), the words right
    after it (*after*) and the period."""
    zh = language == "zh"
    if (_FORECAST_ZH if zh else _FORECAST_EN).search(before):
        return "forecast"
    if (_TARGET_ZH if zh else _TARGET_EN).search(before) or (_GOAL_AFTER_ZH if zh else _GOAL_AFTER_EN).match(after):
        return "target"
    if anchor is not None:
        year = _period_year(period)
        if year is not None and year > anchor.year:
            return "target"
        for m in (_FUTURE_BY_ZH if zh else _FUTURE_BY_EN).finditer(before):
            if int(m.group(1)) > anchor.year:
                return "target"
    return "actual"


def _period_year(period: str | None) -> int | None:
    if not period:
        return None
    last = period.split("/")[-1]
    return int(last[:4]) if last[:4].isdigit() else None


# --- restatements ---------------------------------------------------------------------------

_RESTATES_ZH = re.compile(r"修订|修正|更正|最终核实|核实|核定|经核算|调整为|调整后|普查")
_RESTATES_EN = re.compile(r"\b(?:revis(?:ed|ion|es)|final\s(?:verification|figures?|data)|verified|adjusted|"
                          r"census|correct(?:ed|ion))\b", re.I)


def restates(sentence: str, language: str) -> bool:
    """The sentence says its numbers correct earlier ones (普查修订, 最终核实, revised): a later value of
    a known period is then a revision, not a disagreement."""
    return bool((_RESTATES_ZH if language == "zh" else _RESTATES_EN).search(sentence))


# --- the quantity phrase --------------------------------------------------------------------

# A phrase that names no quantity: only verbs, comparisons, qualifiers and time words are left
# ("增长至2023年的", "比2013年提高", "年均增长"). Such a figure is governed by the previous one's phrase.
_EMPTY_ZH = re.compile(
    r"^(?:[，、；：,;。.\s()（）“”\"]|其中|省会|首府|同比|环比|比上年|较上年|比|较|与|同期|年均|平均|分别|增长|提高|下降|降低|增加|减少|上升|扩大|"
    r"增至|增长到|增长至|提高到|提高至|达到|达|为|是|实现|完成|突破|超过|超|逾|近|约|至|到|由|从|了|的|和|及|又|再|已|"
    r"(?:19|20)\d\d年|\d{1,2}月|去年|今年|上年|前年|当年|同期|年底|年末|底|末|全年|上半年|下半年|[一二三四1-4]季度|"
    r"前三季度|以来|期间|时|其|共|而|但|且|按(?:不变|可比)价格计算|按现价计算|扣除价格因素|可比价|继|首次|再次|继续|降至|升至|增至|减至|这一数字为|这一数字|累计|合计|总计|修订为|修正为|调整为|核定为|核实为|最终核实为|这一数字|这个数字|数字|在|对|向|于|分别|也|则|还|仅|就|设立|设有|开设|落户|布局)*$"
)
_EMPTY_EN = re.compile(
    r"^(?:[\s,;:.()\"“”]|and|or|to|from|in|by|at|of|the|a|an|was|were|is|are|has|have|had|been|it|its|which|that|"
    r"up|down|rose|grew|fell|increased|decreased|reached|hit|stood|compared|with|than|over|more|nearly|about|"
    r"around|almost|some|last|this|year|years|(?:19|20)\d\d|annual|average|an|year-on-year|respectively|"
    r"percent|percentage|points?|rising|falling|up\sfrom|while|then|increase|rise|growth|decline|drop|gain|"
    r"fall|jump|decrease|surge|posted|recorded|registered|alone|only|first\stime|for\sthe|on|year\son\syear|at|"
    r"came\sin\sat|expanded|grew|rose|climbed|jumped|edged\sup|stood|hitting|reaching|totaling|totalling|"
    r"standing|growing|expanding|increasing|rising|also|exceeded|exceeding|topped|topping|to\sreach|amounting|"
    r"averaged|averaging|reported|reporting|logged|saw|outpacing|outstripping|ahead\sof|versus|against|"
    r"compared\sto|behind|trailing|(?:edg|inch|mov|nos|pull|creep)(?:ed|ing)\s(?:past|ahead\sof)|overtaking|surpassing|"
    r"beating|passing|past)*$",
    re.I,
)


def names_nothing(phrase: str, language: str, regions_re: re.Pattern | None = None) -> bool:
    """True when *phrase* holds no word that could name a quantity.  With *regions_re*, place names
    count as nothing too (天津、河北分别为… / while Tianjin's stood at …: the places of a list)."""
    if regions_re is not None:
        phrase = regions_re.sub("", phrase)
        phrase = phrase.replace("'s", "") if language == "en" else phrase.replace("分别", "")
    return bool((_EMPTY_ZH if language == "zh" else _EMPTY_EN).match(phrase.strip()))


# A place right after these is the whole or the comparison, not the figure's own place
# (天津市地区生产总值占京津冀的16.5% is Tianjin's share; 比全国高 compares).
# A place after these is the whole compared with (占全国…) or where a flow comes from (河北吸纳北京技术合同
# …, 承接京津转入…, 来自北京的…), not the place the number is about.
WHOLE_BEFORE_ZH = re.compile(r"(?:占|占全|比|较|与|高于|低于|超过|吸纳|承接|来自|引进)$")
WHOLE_BEFORE_EN = re.compile(r"\b(?:(?:percent|share|proportion|portion)\sof|than|compared\swith|to)\s(?:the\s)?$", re.I)
# "Hebei absorbed technology contracts from Beijing and Tianjin worth …": where the flow comes from
ABSORBED_FROM_EN = re.compile(r"\b(?:absorb|attract|receiv|introduc)\w*\b[^,;]*?\bfrom\s(?:(?:and\s)?[A-Z][\w'-]*\s?)*(?:and\s)?$")


def inherited_aggregation(own: str, previous: str, own_has_period: bool) -> str | None:
    """What a figure that inherits its quantity phrase inherits of the previous one's aggregation:
    per capita always (天津、河北分别为12.2万元), a total to date only when no new period is named
    (…累计超过1万家，其中天津4173家, but not …累计2800亿元，2023年为748.7亿元)."""
    if own != "level":
        return None
    if previous == "per_capita" or (previous == "cumulative" and not own_has_period):
        return previous
    return None
