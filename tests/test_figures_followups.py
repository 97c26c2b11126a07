"""Defects found by the held-out evaluation (benchmarks/eval), each pinned with sentences of our
own in People's Daily / Xinhua phrasing: implicit 一 in 千余家, qualifiers parted from their number,
English lists across a comma, elided from-to units, hyphenated magnitudes, phone numbers,
fractions, periods carried to a continuing sentence, 《…》 titles and 其中 after a from-to pair."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.figures import extract_figures

PUB = date(2024, 3, 5)


def got(text, language="zh", published_at=PUB):
    return [(f.value, f.unit, f.approx, f.period)
            for f in extract_figures(text, language=language, published_at=published_at)]


# --- 1. Chinese numerals with an implicit leading 一; vague 数十 / 几百 --------------------------

@pytest.mark.parametrize("text,expected", [
    ("天津滨海新区去年新引进千余家科技型企业。", [(1000, "count", "more_than", "2023")]),
    ("雄安新区今年计划实施重点项目百余个。", [(100, "count", "more_than", "2024")]),
    ("冬奥会期间，张家口赛区服务保障人员达万余人。", [(10000, "count", "more_than", None)]),
    ("河北省已有百余家医疗机构与北京开展合作，数十家高校共建实验室。", [(100, "count", "more_than", None)]),
    ("三地联合举办招聘会，几百家企业参会，提供岗位数万个。", []),
])
def test_implicit_one_and_vague_numerals(text, expected):
    assert got(text) == expected


def test_implicit_one_keeps_its_quote_and_counter():
    f, = extract_figures("京津冀已建成千余个充电站。", language="zh", published_at=PUB)
    assert (f.quote, f.measure_word) == ("千余个", "个")


# --- 7. Chinese qualifiers parted from the number; 倍多 --------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("河北省常住人口为7393万人，约占京津冀地区总人口的67.4%。",
     [(73930000, "count", None, None), (67.4, "percent", "about", None)]),
    ("该项目一期投资3.5亿美元，约合人民币25亿元。",
     [(3.5e8, "USD", None, None), (2.5e9, "CNY", "about", None)]),
    ("2023年，天津港集装箱航线总数达到145条，约为2013年的1.6倍。",
     [(145, "count", None, "2023"), (1.6, "times", "about", "2023")]),
    ("截至目前，至少有30家北京高校在雄安设立了研究机构。", [(30, "count", "at_least", None)]),
    ("十年来，津冀承接北京技术合同成交额增长了7倍多。", [(7, "times", "more_than", None)]),
    ("京津冀地区高新技术企业数量已达11.6万家，约占全国的四分之一。",
     [(116000, "count", None, None), (25, "percent", "about", None)]),
])
def test_parted_qualifiers_zh(text, expected):
    assert got(text) == expected


def test_parted_qualifier_leaves_the_quote_at_the_number():
    figs = extract_figures("总投资2.1亿美元，约合人民币15亿元。", language="zh", published_at=PUB)
    assert [f.quote for f in figs] == ["2.1亿美元", "15亿元"]
    assert figs[1].subject == "总投资"


def test_agreement_words_are_not_about():
    assert got("三地签约项目156个，履约率达95%。") == [(156, "count", None, None), (95, "percent", None, None)]


# --- 2-6. English ------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    # 2. a bare count does not take the unit of the next figure across a comma
    ("By the end of last year, the number of market entities in Xiong'an had climbed to 41,600, nearly "
     "15 times the figure in 2017.",
     [(41600, "count", None, "2023"), (15, "times", "nearly", "2023")]),
    # 3. from-to with the unit elided at the "to" end
    ("Beijing's average PM2.5 concentration dropped from 89.5 micrograms per cubic meter in 2013 to 32 "
     "micrograms in 2023.", [(89.5, "ug/m3", None, "2013"), (32, "ug/m3", None, "2023")]),
    ("Trade between the three places rose from 1.8 trillion yuan in 2014 to 2.6 trillion in 2023.",
     [(1.8e12, "CNY", None, "2014"), (2.6e12, "CNY", None, "2023")]),
    # 4. hyphenated magnitudes
    ("Hebei's economy crossed the 4.3-trillion-yuan mark last year.", [(4.3e12, "CNY", "more_than", "2023")]),
    ("The 1.2-billion-yuan project broke ground in March.", [(1.2e9, "CNY", None, "2024-03")]),
    # 5. phone numbers
    ("Residents may dial the service hotline at 022-88908890 or 12345 for help.", []),
    ("Applicants can call 010-63099999 or 12345 on weekdays.", []),
    # 6. fractions
    ("Hebei now hosts 580 such firms, about one-fifth of the regional total.",
     [(580, "count", None, None), (20, "percent", "about", None)]),
    ("Nearly a third of the new enterprises came from Beijing.", [(33.33, "percent", "nearly", None)]),
])
def test_english_defects(text, expected):
    assert got(text, "en") == expected


@pytest.mark.parametrize("text", [
    "Each visitor received a 100-yuan coupon.",
    "A 300-ton crane was installed at the port.",
])
def test_hyphenated_attributes_without_magnitude_stay_out(text):
    assert got(text, "en") == []


def test_hotline_counts_with_units_are_still_figures():
    assert got("The 12345 hotline handled 1.2 million calls last year.", "en") == [
        (1.2e6, "count", None, "2023")]


def test_english_lists_still_share_the_last_unit():
    assert [v[:2] for v in got("Output grew by 5.2, 5.1 and 5.4 percent respectively.", "en")] == [
        (5.2, "percent"), (5.1, "percent"), (5.4, "percent")]


# --- 8. the period carried to a continuing sentence ------------------------------------------

@pytest.mark.parametrize("text,language,published,expected", [
    ("前三季度，天津市地区生产总值12710.3亿元。按不变价格计算，同比增长4.7%。", "zh", date(2024, 10, 20),
     [(1.27103e12, "CNY", None, "2024-Q1/2024-Q3"), (4.7, "percent", None, "2024-Q1/2024-Q3")]),
    ("去年，河北省粮食总产量3809.9万吨。比上年增长0.5%。", "zh", PUB,
     [(38099000, "t", None, "2023"), (0.5, "percent", None, "2023")]),
    ("一季度，北京市社会消费品零售总额3447.5亿元。其中，网上零售额1289亿元。", "zh", date(2024, 4, 20),
     [(3.4475e11, "CNY", None, "2024-Q1"), (1.289e11, "CNY", None, "2024-Q1")]),
    ("上半年，雄安新区完成固定资产投资1066亿元。增长12.3%。", "zh", date(2024, 7, 20),
     [(1.066e11, "CNY", None, "2024-H1"), (12.3, "percent", None, "2024-H1")]),
    ("Tianjin's GDP reached 1.27 trillion yuan in the first three quarters of this year. It expanded 4.7 "
     "percent year on year.", "en", date(2024, 10, 20),
     [(1.27e12, "CNY", None, "2024-Q1/2024-Q3"), (4.7, "percent", None, "2024-Q1/2024-Q3")]),
    ("Hebei's grain output hit 38.1 million tonnes last year. The figure was up 0.5 percent.", "en", PUB,
     [(38100000, "t", None, "2023"), (0.5, "percent", None, "2023")]),
    # a from-to pair leaves its later end: the next sentence (其中, 同比) speaks of where it arrived
    ("技术合同由2013年的3176项增长至2023年的6758项。同比增长7.8%。", "zh", date(2024, 7, 20),
     [(3176, "count", None, "2013"), (6758, "count", None, "2023"), (7.8, "percent", None, "2023")]),
    # a clause about the present later in the sentence leaves the clauses before it the article's period
    ("截至2016年底，京津冀地区铁路营业里程达到8960公里。\n公路方面，京津冀地区高速公路通车总里程达到8723公里，"
     "比2013年增加740公里，三年来打通和拓宽“断头路”“瓶颈路”1400多公里。", "zh", date(2017, 2, 24),
     [(8960, "km", None, "2016"), (8723, "km", None, "2016"), (740, "km", None, "2016"),
      (1400, "km", "more_than", None)]),
])
def test_period_carried_to_a_continuing_sentence(text, language, published, expected):
    assert got(text, language, published) == expected


@pytest.mark.parametrize("text,language,expected", [
    # a sentence about the present does not take the paragraph's period
    ("上半年，北京市地区生产总值21621.4亿元。目前北京市常住人口2185.8万人。", "zh",
     [(2.16214e12, "CNY", None, "2024-H1"), (21858000, "count", None, None)]),
    # a later paragraph about the present does not take the article's period
    ("上半年，北京市地区生产总值21621.4亿元。\n\n目前同比增长5.0%。", "zh",
     [(2.16214e12, "CNY", None, "2024-H1"), (5, "percent", None, None)]),
    # a sentence naming its own time keeps it
    ("上半年，北京市地区生产总值21621.4亿元。其中，二季度增长4.7%。", "zh",
     [(2.16214e12, "CNY", None, "2024-H1"), (4.7, "percent", None, "2024-Q2")]),
    ("Beijing's GDP reached 2.16 trillion yuan in the first half of this year. Tianjin now has 13.6 million "
     "residents.", "en", [(2.16e12, "CNY", None, "2024-H1"), (13.6e6, "count", None, None)]),
])
def test_period_is_not_carried_otherwise(text, language, expected):
    assert got(text, language, date(2024, 7, 20)) == expected


# --- 9. a year range inside a document title -----------------------------------------------

def test_year_range_in_a_document_title_is_not_a_period():
    assert got("三地联合印发《京津冀产业协同发展实施方案（2023—2025年）》等20余份文件。") == [
        (20, "count", "more_than", None)]


def test_year_range_outside_a_title_still_is():
    assert got("2023—2025年，三地将共建20余个产业园区。") == [(20, "count", "more_than", "2023/2025")]


# --- 10. a sub-figure or cumulative change after a from-to pair takes the "to" period -------

@pytest.mark.parametrize("text,language,expected", [
    ("京津冀地区高速公路里程由2014年的7983公里增加到2023年的10880公里，其中新建跨省通道1600公里。", "zh",
     [(7983, "km", None, "2014"), (10880, "km", None, "2023"), (1600, "km", None, "2023")]),
    ("北京流向津冀的技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，增长了9倍多。", "zh",
     [(7.12e9, "CNY", None, "2013"), (7.487e10, "CNY", None, "2023"), (9, "times", "more_than", "2023")]),
    ("高技术产业占比由2013年的11.8%提高到2023年的21.4%，提高9.6个百分点。", "zh",
     [(11.8, "percent", None, "2013"), (21.4, "percent", None, "2023"), (9.6, "percentage_point", None, "2023")]),
    # an average annual rate over the span keeps no period (the seed's 7.8% and 26.5%)
    ("成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。", "zh",
     [(7.12e9, "CNY", None, "2013"), (7.487e10, "CNY", None, "2023"), (26.5, "percent", None, None)]),
    ("Expressway mileage in the region rose from 7,983 km in 2014 to 10,880 km in 2023, including 1,600 km "
     "of new cross-border links.", "en",
     [(7983, "km", None, "2014"), (10880, "km", None, "2023"), (1600, "km", None, "2023")]),
])
def test_figures_after_a_from_to_pair(text, language, expected):
    assert got(text, language) == expected


# --- periods: "for the whole year", "now" ----------------------------------------------------

def test_whole_year_and_now():
    assert got("Exports from the region grew 6.1 percent for the whole year.", "en", date(2024, 1, 30)) == [
        (6.1, "percent", None, "2023")]
    assert got("The port handled 476 million tonnes of cargo in 2023 and now runs 145 container routes.",
               "en") == [(4.76e8, "t", None, "2023"), (145, "count", None, None)]


def test_subjects_keep_zhongguancun_and_drop_leading_places():
    branches = extract_figures("截至去年底，中关村企业在津冀设立分支机构超1万家。", language="zh",
                               published_at=date(2024, 4, 23))
    assert branches[0].subject == "中关村企业在津冀设立分支机构" and branches[0].indicator == "zgc_branches_tjhb"
    intensity = extract_figures("北京、天津、河北三地研发经费投入强度分别为6.73%、3.58%和2.08%。", language="zh",
                                published_at=date(2024, 4, 23))
    assert {f.subject for f in intensity} == {"研发经费投入强度"}


def test_an_english_count_split_around_its_name_maps_to_the_indicator():
    (f,) = extract_figures("Zhongguancun enterprises have set up more than 10,000 branches in Tianjin and Hebei.",
                           language="en", published_at=date(2024, 4, 23))
    assert (f.value, f.kind, f.approx, f.indicator) == (10000, "level", "more_than", "zgc_branches_tjhb")


# --- the English fast paths (periods_en / en / context / fastpath) find what the plain patterns do --

_FAST_PATH_TEXTS = [
    "Energy use per unit of GDP fell by over 40 percent between 2013 and 2022.",
    "By the end of last year, exports in the first three quarters of 2023 and in Q4 2023 rose; "
    "since 2014, during the 14th Five-Year Plan period (2021-2025), in early 2020 and mid-2019.",
    "From January to May, on March 3rd, 2024, the whole year of 2023, year-end 2022, end-2021, "
    "than 2019's levels, (2018 figures), \"2017\", as of Sept. 2023, the same year, a year ago.",
    "ſince 2014 ıN 2020 İn 2021 the \u212aelvin FIRST QUARTER OF 2024 Last Year H1 2024 q3.",
]


def test_period_guards_and_starts_keep_every_match():
    import re
    from crawler.figures import periods_en
    plain = re.compile("|".join(alt for _, alt in periods_en._PERIOD_ALTERNATIVES), re.I)
    for text in _FAST_PATH_TEXTS:
        starts = {m.start() for m in periods_en._STARTS_EN_RE.finditer(text)}
        for p in range(len(text)):
            a, b = plain.match(text, p), periods_en.PERIOD_EN_RE.match(text, p)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (text, p)
            if a and a.end() > a.start():
                assert p in starts, (text, p)


def test_fastpath_folding_is_what_ignorecase_does():
    from crawler.figures.fastpath import folded, may_contain, may_end_with
    assert folded("Call the HOTLINE") == "call the hotline"
    assert folded("ſome") is None and may_contain("ſome", ("xyz",))      # re.I: ſ is s, so "maybe"
    assert may_end_with("more than ", ("than",)) and may_end_with("more than \n", ("than",))
    assert not may_end_with("reached ", ("than", "over")) and not may_end_with("more than", ("than",))
    assert got("The plant has \u212aept nearly 300 jobs.", "en") == [(300, "count", "nearly", None)]
