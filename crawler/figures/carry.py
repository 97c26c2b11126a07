"""A period carried to the next sentence: "上半年，北京市地区生产总值21621.4亿元。按不变价格计算，
同比增长5.0%。" — the growth rate is the first half's, though its sentence names no time.

A period reaches the following sentences of the article that name no time of their own (a
baseline such as 比上年 does not count) and do not speak of the present (目前, now): news reports
state the year once ("2016年，…。分省份看，北京市PM2.5年均浓度为73微克/立方米"). The sentence that
set it must have had one topic period, or several years (a from-to pair): then the latest goes on.
"""

from __future__ import annotations

import re

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
    """The period a sentence leaves for the next: its one topic period, or the latest of several years
    (从2013年的5.5万亿元增长到2023年的10.4万亿元。其中，北京…: the part is 2023's); None otherwise."""
    values = {p.value for p in periods if p.role == "topic" and p.value}
    if len(values) == 1:
        return values.pop()
    years = [v for v in values if re.fullmatch(r"\d{4}", v)]
    if years and all(re.fullmatch(r"\d{4}|\d{4}/\d{4}", v) for v in values):
        return max(years)     # (2025年…，"十四五"时期年均增长5%左右: the year goes on, not the plan's span)
    return None


def present_from(norm: str, a: int, b: int, lang: str) -> int:
    """Where ``norm[a:b]`` starts to speak of the present (目前, 三年来, now, so far): the article's
    period reaches no figure whose clause ends after that (``b`` when it never does).  A clause
    before it keeps the period: "高速公路通车总里程达到8723公里，比2013年增加740公里，…三年来打通…1400多公里"."""
    m = (_PRESENT_ZH if lang == "zh" else _PRESENT_EN).search(norm, a, b)
    return m.start() if m else b


def clause_end(norm: str, end: int, b: int, lang: str) -> int:
    """The end of the clause a figure ending at *end* stands in."""
    m = (_CLAUSE_END_ZH if lang == "zh" else _CLAUSE_END_EN).search(norm, end, b)
    return m.start() if m else b


# Things counted as they stand (4所高校…已完成选址, 685家医疗机构实现…互认, 分支机构200多家): a count
# of institutions in a sentence with no time of its own and no word of a year's flow is the present
# state, not the article's period (a year's 成交技术合同7340项, 新增…家, 累计… keep it).
_ENTITY_WORDS = frozenset("家所张栋座条个项处支批")
_FLOW_ZH = re.compile(r"新增|新设|新开工|新建|全年|当年|同比|比上年|较上年|增长|增加|减少|成交|累计|共计|合计|前\d+个?月")


def standing_count(figure, norm: str, a: int, b: int, lang: str) -> bool:
    """Whether *figure* counts institutions as they stand (see _ENTITY_WORDS): it takes no carried period."""
    return (lang == "zh" and figure.unit == "count" and figure.measure_word in _ENTITY_WORDS
            and not _FLOW_ZH.search(norm, a, b) and not _PART_ZH.match(norm, a))


# 其中，中关村企业在天津、河北设立分支机构分别为4173家和4643家: the parts of the total just given, at its date
_PART_ZH = re.compile(r"\s*其中")


_CLAUSE_END_ZH = re.compile(r"[，,；;。！？]")
_CLAUSE_END_EN = re.compile(r"[,;.!?](?!\d)")


# (…均创有监测记录以来最低, 近20年来首次出现负增长: superlatives, not the present)
_PRESENT_ZH = re.compile(r"目前|现已|当前|如今|截至目前|至今(?!年)|已达|已有|已经|(?<!记录)以来|"
                         r"已(?:在|开通|建成|开工|启动|形成|落户|投入|吸引|设立|布局)|"
                         r"(?:\d+|[一二两三四五六七八九十]+)年(?:来|间|时间|多来)(?!首次|第一次|最)")
_PRESENT_EN = re.compile(r"\b(?:now|currently|at\spresent|so\sfar|to\sdate|today|since|over\sthe\spast|"
                         r"in\sthe\spast|ha(?:s|ve)\s(?:(?:been|also|already|jointly|together|so\sfar|\w+ly)\s){0,3}\w+(?:ed|en)|"
                         r"(?:are|is)\s(?!expected|set|due)\w+ing|(?:are|is)\s(?:\w+ly\s)?(?!expected|set|due|estimated)\w+ed|"
                         r"each\sday|every\sday|daily|a\sday)\b", re.I)


# A distance, a length, an area or a design speed: a fact of the place, not an observation of a period
_STATIC_BEFORE_ZH = re.compile(r"(?:距(?:离)?[\u4e00-\u9fff]{0,10}|全长约?|总长约?|长约|(?:规划|占地|淀区|水域)?面积约?|"
                               r"(?:设计|最高|设计最高)?时速约?|海拔|半径)$")
_KM_QUOTE_EN = re.compile(r"(?:km|kilomet(?:er|re)s?)$", re.I)
_STATIC_AFTER_KM_EN = re.compile(r"\s(?:from|away|long|(?:south|north)?(?:east|west)|south|north)\b", re.I)
_STATIC_BEFORE_EN = re.compile(r"\b(?:covers?|covering|an\sarea\sof|design\sspeed\sof|speed\sof|length\sof)\s"
                               r"(?:about\s|some\s|around\s|nearly\s)?$", re.I)


def static_dimension(norm: str, span: tuple[int, int], lang: str) -> bool:
    """Whether the figure at *span* is a distance, a length, an area or a design speed: it takes no
    period, neither the sentence's nor the article's."""
    start, end = span
    if lang == "zh":
        return bool(_STATIC_BEFORE_ZH.search(norm, max(0, start - 12), start))
    if _KM_QUOTE_EN.search(norm, start, end) and (_STATIC_AFTER_KM_EN.match(norm, end) or norm[end - 3:end - 2] == "-"):
        return True       # "55 km from the airport", "92 km long", "the 174-km Beijing-Zhangjiakou high-speed railway"
    return bool(_STATIC_BEFORE_EN.search(norm, max(0, start - 30), start))
