"""What a figure's sentence says about it: its kind (growth rate, change, share …), its subject
(what is measured, as the text names it) and its region (京津冀, 北京 … / Beijing-Tianjin-Hebei …).

Everything is read from the clause before the number, the way Chinese and English news state
a statistic: subject, then verb, then number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .candidates import Candidate
from .fastpath import may_end_with

# --- kind ---------------------------------------------------------------------------------

_ZH_KIND_RE = re.compile(
    r"(?P<growth>增长|增速|增幅|下降|降低|减少|上升|提高|增加|降幅|回落|同比|环比|年均|涨幅|跌幅|提升|扩大|缩小|上涨|下跌|增长率)"
    r"|(?P<share>占比|比重|占|比例|份额|贡献率|覆盖率|城镇化率|率)"
)
_EN_KIND_RE = re.compile(
    r"\b(?=[abcdefghijloprsuwy])"      # the first letters below: a cheap test at each word
    r"(?:(?P<growth>growth|grew|grow|grows|growing|rose|rise|rising|rises|up|down|fell|fall|falling|declined?|"
    r"decrease[ds]?|decreasing|increase[ds]?|increasing|drop(?:ped|s)?|expand(?:ed|s)?|jump(?:ed|s)?|"
    r"surg(?:ed|es)|climb(?:ed|s)?|gain(?:ed|s)?|year-on-year|annual(?:ly)?|slid|shrank|contracted|"
    r"went\sup|went\sdown|higher|lower|by)"
    r"|(?P<share>proportion|share|accounted|accounting|accounts|ratio|rate|percent\sof|of\sthe\stotal))\b",
    re.I,
)
_CHANGE_ZH_RE = re.compile(r"(?:比|较|同比|环比)[^，；。]{0,14}?(?:增加|减少|提高|下降|多|少|上升|降低)$")
# 里程增加2500公里 / 减少16.5万人: a change by that much (增加到 / 增至 / 达到 are levels)
_BY_ZH_RE = re.compile(r"(?:增加|减少|增长|下降|降低|提高|上升|扩大|缩小)了?(?:约|近|超过|超|逾)?$")
# 新增铁路营业里程103公里: what the year added, not the length reached
_ADDED_ZH_RE = re.compile(r"(?:新增|净增)[^，,；;。、]{0,12}$")
_SET_UP_EN_RE = re.compile(r"\b(?:set|sets|setting|built|build|builds|opened|open|opens)\s+up\s*$", re.I)
_CHANGE_EN_RE = re.compile(r"\b(?:up|down|more|fewer|increase(?:d)?|decrease(?:d)?|added|rose|fell)\s(?:by\s)?$", re.I)
_CHANGE_EN_TAILS = ("up", "down", "more", "fewer", "increase", "increased", "decrease", "decreased", "added",
                    "rose", "fell", "by")


_TO_LEVEL_EN_RE = re.compile(r"\d(?:[\d,.]*)(?:\s+(?:percent|million|billion|trillion|yuan|people))*\s+to\s+$")


def kind_of(c: Candidate, text: str, clause_start: int, language: str) -> str:
    """level | growth_rate | change | share | ratio | index."""
    unit = c.unit.unit
    if unit == "percentage_point":
        return "change"
    if unit == "index":
        return "index"
    ctx = text[clause_start:c.start]
    rx = _ZH_KIND_RE if language == "zh" else _EN_KIND_RE
    last = None
    for m in rx.finditer(ctx):
        last = m
    if unit == "times":
        return "growth_rate" if last is not None and last.lastgroup == "growth" and ctx.endswith(
            ("增长", "增加", "提高", "增长了", "增加了", "提高了", "growth of", "grew", "increased", "rose")) else "ratio"
    if unit == "percent":
        if c.unit.kind == "share" and (last is None or last.lastgroup == "share"):
            return "share"
        if last is None:
            return "level"
        if language == "en" and last.group().lower() in ("rate",) and re.search(r"growth\srate", ctx, re.I):
            return "growth_rate"
        return "growth_rate" if last.lastgroup == "growth" else "share"
    tail = ctx[-24:]
    if language == "zh":
        return "change" if (_CHANGE_ZH_RE.search(tail) or _BY_ZH_RE.search(tail)
                            or _ADDED_ZH_RE.search(ctx)) else "level"
    # (cheap tests first: both patterns need the tail to end so)
    if tail.rstrip()[-2:].lower() == "up" and _SET_UP_EN_RE.search(tail):
        return "level"                     # "have set up more than 10,000 branches" is a count, not a rise
    if _TO_LEVEL_EN_RE.search(tail):
        return "level"                     # "fell by 165,000 to 21.54 million": the level it reached
    if may_end_with(tail, _CHANGE_EN_TAILS) and _CHANGE_EN_RE.search(tail):
        return "change"
    return "level"


# --- region -------------------------------------------------------------------------------

_HEBEI_CITIES_ZH = "石家庄|唐山|保定|廊坊|沧州|邯郸|邢台|衡水|承德|张家口|秦皇岛|定州|辛集"
_REGIONS_ZH = [
    (r"京津冀及周边(?:地区)?", "京津冀及周边"),
    (r"京津冀(?:地区|区域|三地|三省市|城市群)?|三地|三省市", "京津冀"),
    # 新区 alone is Xiong'an in this coverage, unless another new area (滨海新区…) is named with it
    (r"雄安新区|雄安|(?<![\u4e00-\u9fff])新区(?=PM|的?(?:地区生产总值|常住人口|累计|固定资产|投资|GDP|空气|PM))", "雄安"),
    (r"(?:北京)?城市副中心|通州区?", "北京城市副中心"),
    (r"全国(?!人大|政协|人民代表大会|两会)|我国", "全国"),      # 全国人大代表 is a title, not a place
    (r"全市|本市|该市", "本市"),
    (r"全省|本省|该省", "本省"),
    (r"北京市?|首都|京(?=[^津]|$)", "北京"),
    (r"天津市?", "天津"),
    (r"河北省?|我省", "河北"),
    (r"津冀", "津冀"),
    (rf"(?:{_HEBEI_CITIES_ZH})市?", "city"),
    (r"城六区|中心城区|生态涵养区", "city"),        # parts of Beijing: never the region's or the city's total
    (r"滨海新区|曹妃甸区?|北三县", "city"),          # parts of Tianjin and Hebei: never the province's total
]
REGION_ZH_RE = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_REGIONS_ZH)))
_HEBEI_CITIES_EN = ("Shijiazhuang|Tangshan|Baoding|Langfang|Cangzhou|Handan|Xingtai|Hengshui|Chengde|"
                    "Zhangjiakou|Qinhuangdao")
_REGIONS_EN = [
    (r"(?:the\s)?Beijing[-–\s,]+Tianjin[-–\s,]+(?:and\s)?Hebei\sregion\sand\s(?:its\s)?surrounding\sareas",
     "京津冀及周边"),
    (r"Beijing[-–\s,]+Tianjin[-–\s,]+(?:and\s)?Hebei|Jing-Jin-Ji|JJJ|[Tt]he\sthree\s(?:regions|places|areas|provinces\sand\smunicipalities)|"
     r"[Tt]he\sregion(?:'s)?(?![\w-])", "Beijing-Tianjin-Hebei"),
    (r"Xiong'an|Xiongan|[Tt]he\snew\sarea(?:'s)?(?![\w-])", "Xiong'an"),
    (r"(?:Beijing's\s|Beijing\s)?(?:city\s|municipal\s)?sub-?cent(?:er|re)|Tongzhou", "Beijing sub-centre"),
    (r"nationwide|national(?=\s+average)|the\swhole\scountry|China's|(?<![\w-])China(?=\s+as\s+a\s+whole)", "China"),
    (r"Tianjin(?:\sMunicipality)?\sand\sHebei(?:\s[Pp]rovince)?|[Tt]he\stwo\s(?:neighboring\s|neighbouring\s)?(?:regions|provinces|places|neighbors|neighbours)",
     "Tianjin-Hebei"),
    (r"Beijing|[Tt]he\s(?:Chinese\s)?capital(?:'s)?(?![\w-])", "Beijing"),
    (r"Tianjin", "Tianjin"),
    (r"Hebei", "Hebei"),
    (r"[Tt]he\scity(?:'s)?(?![\w-])", "本市"),
    (_HEBEI_CITIES_EN, "city"),
    (r"(?:the\s)?Binhai\s(?:New\s)?Area|Binhai|Caofeidian", "city"),
]
REGION_EN_RE = re.compile("|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_REGIONS_EN)))
# The same alternatives without the groups, so that the re engine scans for their first letters
# fast; which one matched is then read from the text matched (_region_en).
REGION_EN_SCAN_RE = re.compile("|".join(p for p, _ in _REGIONS_EN))


@lru_cache(maxsize=256)
def _region_en(matched: str) -> str | None:
    # The first alternative that matches exactly *matched* is the one that matched it in the
    # text, unless a lookaround needs the text around it ("national(?= average)"): None then.
    m = REGION_EN_RE.fullmatch(matched)
    return _REGIONS_EN[int(m.lastgroup[1:])][1] if m else None


def _region_en_at(text: str, m: re.Match) -> str:
    name = _region_en(m.group())
    if name is None:
        name = _REGIONS_EN[int(REGION_EN_RE.match(text, m.start()).lastgroup[1:])][1]
    return name


# A place located in its province: "Xiong'an New Area in north China's Hebei Province", "Tangshan, a
# city in Hebei Province" — the province only says where the place is.
_LOCATED_EN = re.compile(r"(?:\s+New\s+Area|\s+(?:[Cc]ity|[Dd]istrict|[Cc]ounty))?,?\s+(?:a\s+(?:city|county|district)\s+)?"
                         r"(?:in|of)\s+(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                         r"north-central|northeast|northwest|southeast|southwest)(?:ern)?\s+)?China's\s+"
                         r"(?:Hebei|Tianjin|Beijing)(?:\s+Province|\s+Municipality)?")


def locations_en(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` that only say where a place lies ("… in north China's Hebei Province")."""
    if "China's" not in text[start:end]:
        return []
    spans = []
    for m in REGION_EN_SCAN_RE.finditer(text, start, end):
        located = _LOCATED_EN.match(text, m.end(), end)
        if located:
            spans.append((m.end(), located.end()))
    return spans


_DATELINE_ZH = re.compile(r"\d{1,2}月\d{1,2}日电|电[\s（(]")


def regions_in(text: str, start: int, end: int, language: str) -> list[tuple[int, str]]:
    """``[(offset, region), …]`` of the places named in ``text[start:end]``."""
    if language != "zh":
        out = []
        located = locations_en(text, start, end)
        for m in REGION_EN_SCAN_RE.finditer(text, start, end):
            if any(lo <= m.start() < hi for lo, hi in located):
                continue       # "Xiong'an New Area in north China's Hebei Province": where it lies
            name = _region_en_at(text, m)
            out.append((m.start(), m.group() if name == "city" else name))
        return out
    out = []
    for m in REGION_ZH_RE.finditer(text, start, end):
        if _DATELINE_ZH.match(text, m.end()):
            continue           # 人民网石家庄1月23日电: where the report was filed, not what it is about
        name = _REGIONS_ZH[int(m.lastgroup[1:])][1]
        out.append((m.start(), m.group().rstrip("市") if name == "city" else name))
    return out


# --- subject ------------------------------------------------------------------------------

_ZH_SUBJECT_TRIM_END = re.compile(
    r"(?:分别为|分别达到?|分别|分别是|为|达到|达|实现|完成|共计|共|累计|合计|总计|增长至|增长到|增长了|增长|增至|"
    r"增加到|增加至|增加|提高到|提高至|提高了|提高|下降至|下降到|下降|降至|降低|上升至|上升|突破|超过|超|逾|"
    r"近|约合人民币|约合|人民币|至少|不少于|约|是|有|年均|同比|已经|已|由|从|的|在|保持|稳定在|达至|首次|连续|均|再|比上年|较上年|上年|"
    r"同期|继续|持续|总量|规模|以)+$"
)
_ZH_SUBJECT_TRIM_START = re.compile(
    r"^(?:(?:较|比|与)(?:去年|上年)?同期|其中|同时|此外|另外|而且|而|并且|并|且|全年|目前|截至目前|据统计|数据显示|统计显示|记者了解到|"
    r"据介绍|据了解|记者从[^，]*?获悉|记者获悉|在此基础上|与此同时|总体看|从[^，]{1,6}看)+"
)
_EN_SUBJECT_RE = re.compile(
    r"(?:the\s)?(?<![\w'’-])(?P<subj>(?:(?:combined|total|average|annual|overall|regional|number|proportion|share|value|"
    r"volume)\s)*[\w\s'’-]{2,60}?)\s(?:was|were|is|are|has|have|had|reached|hit|stood|totaled|totalled|"
    r"amounted|increased|rose|grew|jumped|climbed|exceeded|surpassed|topped|fell|dropped|declined|"
    r"decreased|will|accounted|recorded|registered|saw|expanded|came|maintained)\b",
    re.I,
)
# What every match of _EN_SUBJECT_RE contains: a cheap test before it.
_EN_SUBJECT_VERB_RE = re.compile(
    r"\s(?:was|were|is|are|has|have|had|reached|hit|stood|totaled|totalled|"
    r"amounted|increased|rose|grew|jumped|climbed|exceeded|surpassed|topped|fell|dropped|declined|"
    r"decreased|will|accounted|recorded|registered|saw|expanded|came|maintained)\b",
    re.I,
)
_EN_SUBJECT_LEAD_RE = re.compile(r"^(?:that|and|but|while|with|of|in|last\syear|this\syear|in\s\d{4}|the)\s+", re.I)
_EN_SUBJECT_THE_RE = re.compile(r"^(?:the\s)", re.I)
_EN_AFTER_RE = re.compile(r"\s?(?:[a-z][\w-]*\s){0,3}?[a-z][\w-]*s\b")
_EN_OF_BEFORE_RE = re.compile(r"(?:of|in|for)\s(?:the\s)?([\w\s-]{2,40}?)\s(?:of|at|to|was|reached)?\s*$")


_OF_ZH = re.compile("的")
# 中 as "among/in": after a measured noun (增加值中高技术产业占比), never inside 中关村, 中国, 中心 …
_AMONG_ZH = re.compile(r"(?<=[值额量数率品业])中(?![关国心央小部欧])")
_JOIN_ZH = re.compile(r"[、，和及与]+|[两三四]地|[两三]省市")


def subject_zh(text: str, clause_start: int, pos: int) -> str | None:
    """The thing measured, from the clause before the number: 技术合同成交额, 高技术产业占比."""
    s = text[clause_start:pos]
    s = re.sub(r"[“”\"《》（）()\s]", "", s)
    s = _ZH_SUBJECT_TRIM_START.sub("", s)
    s = _strip_periods_zh(s)
    s = _ZH_SUBJECT_TRIM_END.sub("", s)
    for sep in (_OF_ZH, _AMONG_ZH):
        if len(s) > 10:
            parts = sep.split(s)
            if len(parts) > 1 and len(parts[-1]) >= 2:
                s = parts[-1]
    # Leading places and their joins: "北京、天津、河北三地研发经费投入强度" → "研发经费投入强度".
    while len(s) > 4:
        m = REGION_ZH_RE.match(s) or _JOIN_ZH.match(s)
        if not m or m.end() >= len(s) - 1:
            break
        s = s[m.end():]
    s = _ZH_SUBJECT_TRIM_END.sub("", s)
    return s[-16:] or None


_PERIOD_WORDS_ZH = re.compile(
    r"[“”\"]?十[二三四五]五[“”\"]?(?:期间|时期|以来)?|(?:截至|截止)?(?:(?:19|20)\d\d年|去年|今年|前年|上年|本年|当年)?(?:[一二三四1-4]季度|前三季度|[上下]半年|"
    r"(?<![\d.A-Za-z])\d{1,2}[—\-至]\d{1,2}月|(?<![\d.A-Za-z])\d{1,2}月(?:份)?|年?底|年?末)?(?:以来)?"
)


def _strip_periods_zh(s: str) -> str:
    return _PERIOD_WORDS_ZH.sub("", s)


def subject_en(text: str, clause_start: int, pos: int, c_end: int, end: int) -> str | None:
    """The thing measured: "the number of branches …", or the noun after a count (130 talents)."""
    before = text[clause_start:pos]
    m = None
    if _EN_SUBJECT_VERB_RE.search(before):
        for m in _EN_SUBJECT_RE.finditer(before):
            pass
    if m is not None:
        subj = m.group("subj").strip()
        subj = _EN_SUBJECT_LEAD_RE.sub("", subj)
        subj = _EN_SUBJECT_THE_RE.sub("", subj)
        if len(subj) > 60:
            cut = subj.find(" ", len(subj) - 60)
            subj = subj[cut + 1:] if cut >= 0 else subj[-60:]
        if subj:
            return subj.strip()
    after = _EN_AFTER_RE.match(text[c_end:min(end, c_end + 60)])
    if after:
        return after.group().strip()
    m = _EN_OF_BEFORE_RE.search(before)
    return m.group(1).strip() if m else None
