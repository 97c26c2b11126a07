"""Behaviour of extract_figures: what is and is not a figure, lists, ranges, periods, the API."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from crawler.figures import Figure, extract_figures
from crawler.figures.periods_en import find_periods_en
from crawler.figures.periods_zh import find_periods_zh

PUB = datetime(2024, 4, 23, 9, 38, tzinfo=timezone(timedelta(hours=8)))


def figs(text, language="zh", published_at=PUB, **kw):
    return [(f.quote, f.value, f.unit) for f in extract_figures(text, language=language, published_at=published_at, **kw)]


@pytest.mark.parametrize("text", [
    "这是新时代京津冀协同发展十年新篇章系列报道之二。",
    "2023年12月27日上午9:30，会议在北京召开。",
    "京津冀协同发展战略实施10年时间里，三地共同谱写了新篇章。",
    "“十四五”时期，京津冀要打造“1+N”政策体系，推进“2+26”城市联防联控。",
    "PM2.5治理成效明显，5G网络覆盖三地，C919大飞机落户天津。",
    "热线电话：010-65363636，13812345678。",
    "第二，要坚持第一动力，三地共同努力，形成两个翼、一个核。",
    "千家万户受益，百家争鸣。",
    "京津冀主要城市1—1.5小时交通圈基本形成。",
    "过去十年，三地共同走过了不平凡的历程。",
])
def test_not_figures_zh(text):
    assert figs(text) == []


@pytest.mark.parametrize("text", [
    "09:38, April 23, 2024 | Source: People's Network",
    "Report Series II of the New Chapter of Ten Year Coordinated Development",
    "Over the past five years, the three cities have worked together for ten years.",
    "The 14th Five-Year Plan and the COVID-19 pandemic shaped Line 6 and the G20 agenda.",
    "It was established in November 2017, during the 19th National Congress.",
    "Beijing ranked among the top 10 cities in the 2023 list.",
])
def test_not_figures_en(text):
    assert figs(text, "en") == []


def test_from_to_pair_gives_two_figures_with_their_own_periods():
    out = extract_figures("北京输出津冀技术合同由2013年的3176项增长至2023年的6758项，年均增长7.8%。",
                          language="zh", published_at=PUB)
    assert [(f.value, f.measure_word, f.period, f.kind) for f in out] == [
        (3176, "项", "2013", "level"), (6758, "项", "2023", "level"), (7.8, None, None, "growth_rate")]


def test_years_listed_before_fenbie_go_one_by_one_to_the_numbers_after_it():
    out = extract_figures("北京市PM2.5年均浓度连续三年达标，2021年、2022年、2023年分别为33、30、32微克/立方米。",
                          language="zh", published_at=PUB)
    assert [(f.value, f.period) for f in out] == [(33, "2021"), (30, "2022"), (32, "2023")]


def test_distributive_list_takes_the_unit_after_its_last_item():
    out = figs("三地高技术产业增加值占比分别为65%、48.2%、37.1%，比2013年分别提高2.1个、4.3个和5.6个百分点。")
    assert out == [("65%", 65, "percent"), ("48.2%", 48.2, "percent"), ("37.1%", 37.1, "percent"),
                   ("2.1个", 2.1, "percentage_point"), ("4.3个", 4.3, "percentage_point"),
                   ("5.6个百分点", 5.6, "percentage_point")]


def test_respectively_assigns_regions_in_order():
    out = extract_figures("北京、天津、河北PM2.5年均浓度分别为32、41、38.1微克/立方米。", language="zh")
    assert [(f.value, f.unit, f.region) for f in out] == [(32, "ug/m3", "北京"), (41, "ug/m3", "天津"),
                                                        (38.1, "ug/m3", "河北")]


@pytest.mark.parametrize("text,expected", [
    ("产量增长3至5倍。", [3, 5]),
    ("增速保持在10%—15%。", [10, 15]),
    ("浓度范围为46—91微克/立方米。", [46, 91]),
])
def test_ranges_are_parsed_never_zero_or_a_year(text, expected):
    assert [v for _, v, _ in figs(text)] == expected


@pytest.mark.parametrize("text,value,unit,approx", [
    ("中关村企业在津冀设立分支机构超过1万家。", 10000, "count", "more_than"),
    ("中关村企业在津冀设立分支机构超万家。", 10000, "count", "more_than"),
    ("累计签署合作协议600余项。", 600, "count", "more_than"),
    ("常住人口保持在1.1亿人左右。", 110_000_000, "count", "about"),
    ("新能源公交车占比达八成以上。", 80, "percent", "at_least"),
    ("其中近七成来自北京。", 70, "percent", "nearly"),
    ("法人单位约6.7万家。", 67000, "count", "about"),
    ("投资额不足500亿元。", 5e10, "CNY", "less_than"),
    ("京津冀地区生产总值达１０．４万亿元。", 1.04e13, "CNY", None),
    ("两地共建园区三千余个。", 3000, "count", "more_than"),
    ("比重约为百分之五。", 5, "percent", "about"),
    ("四分之一的企业来自北京。", 25, "percent", None),
    ("进出口增长1.2倍。", 1.2, "times", None),
    ("京津冀区域总面积21.6万平方公里。", 216000, "km2", None),
    ("2023年京津冀PM2.5平均浓度为38微克/立方米。", 38, "ug/m3", None),
    ("去年旅客吞吐量达3941.1万人次。", 39411000, "count", None),
])
def test_units_magnitudes_and_qualifiers_zh(text, value, unit, approx):
    (f,) = extract_figures(text, language="zh", published_at=PUB)
    assert (f.value, f.unit, f.approx) == (value, unit, approx)
    assert text[f.span[0]:f.span[1]] == f.quote


def test_quote_includes_the_qualifier():
    (f,) = extract_figures("截至去年底，中关村企业在津冀设立分支机构超过1万家。", language="zh", published_at=PUB)
    assert f.quote == "超过1万家" and f.period == "2023" and f.measure_word == "家"


@pytest.mark.parametrize("text,value,unit,approx", [
    ("Exports reached 1.25 trillion yuan.", 1.25e12, "CNY", None),
    ("The GDP was CNY 4,984.31 billion.", 4.98431e12, "CNY", None),
    ("It equals about $1.46 trillion.", 1.46e12, "USD", "about"),
    ("There are nearly 11,000 kilometers of expressways.", 11000, "km", "nearly"),
    ("It fell to 30 micrograms per cubic meter.", 30, "ug/m3", None),
    ("The share rose by 9.6 percentage points.", 9.6, "percentage_point", None),
    ("Output grew 26.5 percent.", 26.5, "percent", None),
    ("GDP was 1.8 times that of 2013.", 1.8, "times", None),
    ("At least 500 firms moved.", 500, "count", "at_least"),
    ("Hebei's grain output hit 38.1 million tonnes.", 38_100_000, "t", None),
])
def test_units_magnitudes_and_qualifiers_en(text, value, unit, approx):
    (f,) = extract_figures(text, language="en", published_at=PUB)
    assert (f.value, f.unit, f.approx) == (value, unit, approx)


@pytest.mark.parametrize("text,period", [
    ("去年，GDP为10.4万亿元。", "2023"),
    ("今年一季度，进出口1.25万亿元。", "2024-Q1"),
    ("截至去年底，企业超过1万家。", "2023"),
    ("上半年，产量6.2万辆。", "2023-H1"),          # published in April: the last complete first half
    ("2013年至2022年，成交额累计2000亿元。", "2022"),        # a total to date: at the span's end
    ("前三季度，成交额524.2亿元。", "2023-Q1/2023-Q3"),
    ("1—2月，成交额52亿元。", "2024-01/2024-02"),
    ("3月，进出口4565.9亿元。", "2024-03"),
    ("“十四五”期间，成交额超3200亿元。", "2021/2025"),
    ("2014年以来，累计转移企业3000多家。", "2024"),
    ("较去年同期增长4%。", None),
    ("与2013年相比，浓度下降64%。", None),
])
def test_periods_zh(text, period):
    (f,) = extract_figures(text, language="zh", published_at=PUB)
    assert f.period == period


@pytest.mark.parametrize("text,period", [
    ("Last year, GDP was 10.4 trillion yuan.", "2023"),
    ("By the end of last year, there were 226,000 base stations.", "2023"),
    ("In the first quarter, exports reached 1.25 trillion yuan.", "2024-Q1"),
    ("In the first half of 2023, output reached 62,000 vehicles.", "2023-H1"),
    ("From 2013 to 2023, turnover totalled 300 billion yuan.", "2013/2023"),
    ("Tianjin Port handled 22.17 million TEUs in 2023.", "2023"),
    ("Emissions fell 40 percent from 2013.", None),
])
def test_periods_en(text, period):
    (f,) = extract_figures(text, language="en", published_at=PUB)
    assert f.period == period


def test_relative_periods_need_a_publication_date():
    (f,) = extract_figures("去年，京津冀地区生产总值10.4万亿元。", language="zh")
    assert f.period is None
    (g,) = extract_figures("2023年，京津冀地区生产总值10.4万亿元。", language="zh")
    assert g.period == "2023"


def test_quarter_without_a_year_is_the_last_one_begun():
    assert find_periods_zh("四季度", date(2024, 1, 20))[0].value == "2023-Q4"
    assert find_periods_zh("一季度", date(2024, 4, 23))[0].value == "2024-Q1"
    assert find_periods_en("in the fourth quarter", date(2024, 1, 20))[0].value == "2023-Q4"


def test_figures_in_text_order_with_spans_into_the_original_text():
    text = "去年，京津冀地区生产总值10.4万亿元。\n\n2023年，高技术产业占比２１．４％，比2013年提高9.6个百分点。"
    out = extract_figures(text, language="zh", published_at=PUB)
    assert [f.span[0] for f in out] == sorted(f.span[0] for f in out)
    for f in out:
        assert isinstance(f, Figure)
        assert text[f.span[0]:f.span[1]] == f.quote
        assert f.quote in f.sentence
    assert out[1].quote == "２１．４％" and out[1].value == 21.4


def test_extraction_is_deterministic_and_json_ready():
    text = "北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。"
    a = [f.to_json() for f in extract_figures(text, language="zh", published_at=PUB)]
    b = [f.to_json() for f in extract_figures(text, language="zh", published_at=PUB)]
    assert a == b
    assert a[1]["value"] == 74_870_000_000 and a[1]["quote"] == "748.7亿元"
    assert a[1]["indicator"] == "tech_contract_turnover_bj_to_tjhb"
    assert isinstance(a[1]["span"], list)


def test_catalog_argument_restricts_matching():
    from serieswatch.catalog import indicators_from_config
    catalog = indicators_from_config([{"id": "pm", "name_zh": "PM2.5浓度", "name_en": "PM2.5",
                                       "unit": "ug/m3", "region": None, "aliases": ["PM2.5"]}])
    (f,) = extract_figures("2023年，北京PM2.5浓度为32微克/立方米。", language="zh", catalog=catalog)
    assert f.indicator == "pm"
    (g,) = extract_figures("2023年，京津冀地区生产总值10.4万亿元。", language="zh", catalog=catalog)
    assert g.indicator is None


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError):
        extract_figures("1", language="fr")


def test_a_place_read_with_its_context_does_not_break_english_extraction():
    # "national(?= average)" needs the words after it: reading the place from the matched text alone crashed
    out = extract_figures("Its per capita GDP reached 140,000 yuan, well above the national average of 64,644 yuan.",
                          language="en", published_at=PUB)
    assert [(f.value, f.region) for f in out] == [(140000, None), (64644, "全国")]
