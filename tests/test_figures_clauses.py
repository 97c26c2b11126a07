"""Places, periods and statuses that only the clause around a number gives, found by the seventh
and eighth evaluations (benchmarks/eval) and pinned here with sentences of our own in People's
Daily / Xinhua phrasing: a list of places naming a whole, a goal for the year under way, spans of
months, rates compared across places, the place "Its" refers back to, a place located in its
province, a source named after the number, plurals, "such" contracts, what a year added."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.figures import extract_figures
from serieswatch.catalog import load_default_catalog
from storage.tracking import period_key

CATALOG = tuple(load_default_catalog())


def figures(text, language="zh", published_at=date(2024, 2, 26)):
    return [(f.quote, f.indicator, f.region, f.period, f.aggregation, f.status)
            for f in extract_figures(text, language=language, published_at=published_at, catalog=CATALOG)]


def test_a_total_in_a_list_of_places_is_the_whole_they_name_and_its_parts_are_theirs():
    got = figures("截至去年底，中关村企业在天津、河北设立分支机构1532家，其中天津596家、河北936家。",
                  published_at=date(2015, 2, 26))
    assert [(q, ind) for q, ind, *_ in got] == [("1532家", "zgc_branches_tjhb"), ("596家", "zgc_branches_tianjin"),
                                                ("936家", "zgc_branches_hebei")]


def test_what_this_year_will_reach_is_a_target_not_the_years_value():
    (quote, indicator, _, period, _, status), = figures("今年将推动北京流向津冀技术合同成交额突破1000亿元。",
                                                        published_at=date(2026, 2, 25))
    assert (quote, indicator, period, status) == ("突破1000亿元", None, "2026", "target")


@pytest.mark.parametrize("text,period", [
    ("前10个月，城市副中心完成固定资产投资814.6亿元，同比增长9.2%。", "2023-01/2023-10"),
    ("今年前两个月，雄安新区完成投资120亿元。", "2023-01/2023-02"),
    ("全年，城市副中心力争完成固定资产投资超过1000亿元。", "2023"),     # the goal of the year under way
])
def test_spans_of_months_and_the_goal_of_the_year(text, period):
    assert {p for _, _, _, p, _, _ in figures(text, published_at=date(2023, 11, 8))} == {period}


def test_a_span_of_months_compares_with_the_same_span_written_in_quarters():
    assert period_key("2023-01/2023-09") == period_key("2023-Q1/2023-Q3") == "2023-Q1/2023-Q3"
    assert period_key("2023-01/2023-06") == "2023-H1" and period_key("2023-01/2023-12") == "2023"
    assert period_key("2023-01/2023-10") == "2023-01/2023-10"


def test_english_places_reporting_values_respectively_take_the_quantity_of_the_clause_before():
    got = figures("Across the Beijing-Tianjin-Hebei region, the average PM2.5 concentration fell to 37.8 "
                  "micrograms per cubic meter in 2023, while Tianjin and Hebei reported 41 and 38.4 micrograms "
                  "per cubic meter, respectively.", language="en", published_at=date(2024, 2, 27))
    assert [(q, ind) for q, ind, *_ in got] == [("37.8 micrograms per cubic meter", "pm25_jjj"),
                                                ("41", "pm25_tianjin"), ("38.4 micrograms per cubic meter", "pm25_hebei")]


def test_rates_a_growth_rate_outpaces_are_growth_rates_of_their_places():
    got = figures("Hebei's economy grew 5.5 percent last year, outpacing Beijing's 5.2 percent and Tianjin's "
                  "4.3 percent.", language="en", published_at=date(2024, 2, 27))
    assert [(q, ind, agg) for q, ind, _, _, agg, _ in got] == [
        ("5.5 percent", "gdp_growth_hebei", "growth_rate"), ("5.2 percent", "gdp_growth_beijing", "growth_rate"),
        ("4.3 percent", "gdp_growth_tianjin", "growth_rate")]


def test_its_is_the_place_the_sentence_before_speaks_of_and_nothing_when_none_is_named():
    got = figures("Located about 100 km southwest of Beijing, Xiong'an was established in April 2017. Its "
                  "permanent population reached 1.31 million by the end of 2022.\n\nThe zone's investment "
                  "totaled 186.2 billion yuan. Its permanent population reached 1.45 million by the end of 2025.",
                  language="en", published_at=date(2026, 2, 27))
    population = [(q, ind, region) for q, ind, region, *_ in got if "million" in q]
    assert population == [("1.31 million", None, "雄安"), ("1.45 million", None, None)]


def test_a_provincial_capital_after_a_list_of_cities_keeps_the_quantity():
    got = figures("全省设区市中，张家口、承德PM2.5平均浓度分别为19.6、24.3微克/立方米；省会石家庄为41.5微克/立方米。",
                  published_at=date(2026, 2, 27))
    assert [(q, ind, region) for q, ind, region, *_ in got][-1] == ("41.5微克/立方米", "pm25_city", "石家庄")


@pytest.mark.parametrize("text,language", [
    ("2023年，京津冀铁路发送旅客3.2亿人次。北京与廊坊北三县之间已开通跨省公交线路29条。", "zh"),
    ("Beijing's GDP grew 5.2 percent in 2023. The three regions have also mutually recognized the results of "
     "43 medical tests.", "en"),
])
def test_what_has_been_done_by_now_takes_no_period_from_the_sentence_before(text, language):
    assert figures(text, language=language)[-1][3] is None


def test_a_district_of_tianjin_is_its_own_place_never_the_region_or_the_province():
    got = figures("作为京津冀协同发展的重要承载区，滨海新区2014年实现地区生产总值8760.2亿元，同比增长15.5%。",
                  published_at=date(2015, 5, 4))
    assert [(q, ind, region) for q, ind, region, *_ in got] == [("8760.2亿元", None, "滨海新区"), ("15.5%", None, "滨海新区")]


def test_a_clause_naming_its_own_quantity_is_not_completed_by_an_earlier_one():
    got = figures("2023年，天津市地区生产总值16737.3亿元，增长4.3%；截至2023年底，中关村企业在天津设立分支机构4173家，"
                  "天津全年吸纳北京技术合同成交额150.7亿元，增长18.2%。")
    assert [(q, ind) for q, ind, *_ in got] == [("16737.3亿元", "gdp_tianjin"), ("4.3%", "gdp_growth_tianjin"),
                                                ("4173家", "zgc_branches_tianjin"), ("150.7亿元", None), ("18.2%", None)]


def test_places_compared_with_keep_their_own_numbers():
    got = figures("河北经济总量居三地之首，但人均地区生产总值为39984元，与北京的99995元、天津的105231元相比仍有较大差距。")
    assert [ind for _, ind, *_ in got] == ["gdp_per_capita_hebei", "gdp_per_capita_beijing", "gdp_per_capita_tianjin"]


def test_the_year_of_a_number_compared_with_is_not_the_year_of_what_follows():
    got = figures("Beijing's permanent population stood at 21.858 million at the end of 2023, compared with 21.148 "
                  "million in 2013, while Hebei and Tianjin had 73.93 million and 13.64 million permanent residents "
                  "respectively.", language="en", published_at=date(2024, 3, 2))
    assert [(ind, period) for _, ind, _, period, _, _ in got] == [
        ("population_beijing", "2023"), ("population_beijing", "2013"), ("population_hebei", "2023"),
        ("population_tianjin", "2023")]


@pytest.mark.parametrize("text,language", [
    ("2019年，大兴机场旅客吞吐量达到1000万人次。大兴机场距天安门46公里，线路全长约34公里，设计时速250公里。", "zh"),
    ("The airport handled 10 million passengers in 2019. Xiong'an New Area, 55 km from the airport, "
     "covers 1,770 square kilometers.", "en"),
])
def test_distances_lengths_areas_and_speeds_have_no_period(text, language):
    got = figures(text, language=language, published_at=date(2019, 9, 26))
    assert [p for _, _, _, p, _, _ in got] == ["2019"] + [None] * (len(got) - 1)


# --- the eighth evaluation (dev8) ---------------------------------------------------------------

def test_a_place_located_in_its_province_is_the_place():
    (quote, indicator, region, period, aggregation, _), = figures(
        "SHIJIAZHUANG, April 1 (Xinhua) -- Five years on, Xiong'an New Area in north China's Hebei Province has "
        "entered a stage of large-scale construction, with cumulative investment exceeding 350 billion yuan by "
        "the end of 2021.", language="en", published_at=date(2022, 4, 1))
    assert (indicator, region, period, aggregation) == ("xiongan_investment", "雄安", "2021", "cumulative")


def test_the_source_named_after_a_number_does_not_name_its_quantity():
    got = figures("By the end of 2019, the region's railway operating mileage had reached 9,823 km, and its "
                  "expressway network had extended to 9,850 km, according to the China State Railway Group.",
                  language="en", published_at=date(2019, 12, 31))
    assert [(q, ind) for q, ind, *_ in got] == [("9,823 km", "rail_km_jjj"), ("9,850 km", "expressway_km_jjj")]


def test_a_plural_name_and_a_period_after_a_respectively_list_reach_every_item():
    got = figures("The permanent populations of Tianjin and Hebei stood at 15.57 million and 75.2 million, "
                  "respectively, at the end of 2017.", language="en", published_at=date(2018, 1, 23))
    assert [(ind, p) for _, ind, _, p, _, _ in got] == [("population_tianjin", "2017"), ("population_hebei", "2017")]


def test_a_level_edging_past_another_places_is_that_places_value_of_the_same_quantity():
    got = figures("Hebei's GDP reached 4.39 trillion yuan last year, edging past Beijing's 4.38 trillion yuan.",
                  language="en", published_at=date(2024, 2, 27))
    assert [(ind, r) for _, ind, r, *_ in got] == [("gdp_hebei", "河北"), ("gdp_beijing", "北京")]


def test_such_contracts_are_the_flow_named_before():
    got = figures("The number of technology contracts from Beijing to Tianjin and Hebei rose to 7,526 last year, "
                  "and the cumulative turnover of such technology contracts since 2014 exceeded 370 billion yuan by "
                  "the end of 2024.", language="en", published_at=date(2025, 2, 18))
    assert [ind for _, ind, *_ in got] == ["tech_contracts_bj_to_tjhb", "tech_contract_turnover_bj_to_tjhb_cumulative"]


def test_a_stock_before_a_clause_about_another_place_keeps_its_indicator():
    got = figures("Zhongguancun enterprises had set up more than 10,000 branches in Tianjin and Hebei by the end "
                  "of 2023, and Hebei absorbed 81.01 billion yuan worth of technology contracts last year.",
                  language="en", published_at=date(2024, 4, 10))
    assert got[0][1] == "zgc_branches_tjhb"


def test_what_a_year_added_is_a_change_not_the_length_reached():
    got = figures("2024年，京津冀地区新增铁路营业里程103公里，截至2024年底，京津冀地区铁路营业里程达到11036公里。",
                  published_at=date(2025, 1, 8))
    assert [(q, ind, agg) for q, ind, _, _, agg, _ in got] == [("103公里", None, "change"),
                                                              ("11036公里", "rail_km_jjj", "level")]


@pytest.mark.parametrize("text,language", [
    ("2018年，雄安新区PM2.5平均浓度为56微克/立方米。", "zh"),
    ("Xiong'an's average PM2.5 concentration dropped to 36 micrograms per cubic meter in 2021.", "en"),
])
def test_xiongans_pm25_is_a_citys(text, language):
    assert [(ind, r) for _, ind, r, *_ in figures(text, language=language)] == [("pm25_city", "雄安")]


def test_a_span_of_an_average_does_not_reach_the_next_clause():
    got = figures("2025年京津冀地区生产总值达到12.1万亿元，“十四五”时期年均增长5.4%，经济总量占全国的比重保持在8.6%左右。",
                  published_at=date(2026, 2, 26))
    assert [(q, p) for q, _, _, p, _, _ in got] == [("12.1万亿元", "2025"), ("5.4%", "2021/2025"), ("8.6%左右", "2025")]


@pytest.mark.parametrize("text,periods", [
    ("Beijing had 399 firms in 2018 and 450 firms in 2019.", ["2018", "2019"]),
    ("Beijing phased out 399 general manufacturing enterprises and relocated or upgraded 66 regional wholesale "
     "markets in 2019, the mayor said.", ["2019", "2019"]),
    ("The number rose from 399 to 450 in 2023.", [None, "2023"]),
])
def test_an_english_year_after_a_short_noun_phrase_is_the_numbers_own(text, periods):
    assert [p for _, _, _, p, _, _ in figures(text, language="en", published_at=date(2020, 1, 16))] == periods


@pytest.mark.parametrize("text,language,published", [
    ("2025年全省将锚定地区生产总值增长5.5%左右的预期目标。", "zh", date(2025, 1, 22)),
    ("The turnover surpassed the 20-billion-yuan target the city had set for 2020.", "en", date(2021, 1, 22)),
])
def test_a_number_naming_a_goal_is_a_target(text, language, published):
    assert [(ind, s) for _, ind, _, _, _, s in figures(text, language=language, published_at=published)] == [
        (None, "target")]


def test_the_length_of_one_line_is_not_the_networks_mileage():
    got = figures("The 174-km Beijing-Zhangjiakou high-speed railway went into operation on Monday.",
                  language="en", published_at=date(2019, 12, 31))
    assert [(q, ind, p) for q, ind, _, p, _, _ in got] == [("174-km", None, None)]


@pytest.mark.parametrize("text,expected", [
    ("Beijing's GDP grew 5.2 percent in 2023, up from 0.7 percent a year earlier.",
     [("gdp_growth_beijing", "2023"), ("gdp_growth_beijing", "2022")]),
    ("Beijing's GDP reached 4.38 trillion yuan in 2023, compared with 4.16 trillion yuan a year earlier.",
     [("gdp_beijing", "2023"), ("gdp_beijing", "2022")]),
    ("In the first half of 2024, Tianjin's GDP grew 4.7 percent, up from 4.1 percent a year earlier.",
     [("gdp_growth_tianjin", "2024-H1"), ("gdp_growth_tianjin", "2023-H1")]),
    ("The high-speed rail mileage of the region reached 2,150 km at the end of 2019, up from 1,283 km three "
     "years earlier.", [("hsr_km_jjj", "2019"), ("hsr_km_jjj", "2016")]),
])
def test_a_value_a_year_earlier_is_of_the_year_before(text, expected):
    got = figures(text, language="en", published_at=date(2024, 7, 20))
    assert [(ind, p) for _, ind, _, p, _, _ in got] == expected


def test_the_region_and_the_new_area_are_places_at_the_start_of_a_sentence_too():
    got = figures("The region's total retail sales reached 4.2 trillion yuan in 2023. The new area's investment "
                  "totaled 186.2 billion yuan in 2023.", language="en", published_at=date(2024, 2, 27))
    assert [r for _, _, r, *_ in got] == ["京津冀", "雄安"]


# --- the ninth development set (dev9) -----------------------------------------------------------

def test_parts_set_up_in_each_province_are_the_provinces_branches():
    got = figures("截至2023年底，中关村企业在津冀设立的分支机构累计超过1万家，其中在天津设立4173家、在河北设立5980家。")
    assert [ind for _, ind, *_ in got] == ["zgc_branches_tjhb", "zgc_branches_tianjin", "zgc_branches_hebei"]


def test_a_goal_before_a_semicolon_does_not_make_the_next_clause_a_target():
    got = figures("北京市PM2.5年均浓度为58微克/立方米，完成了60微克/立方米左右的目标；河北省PM2.5平均浓度为65微克/立方米。",
                  published_at=date(2018, 1, 18))
    assert [(q, ind, s) for q, ind, _, _, _, s in got][-1] == ("65微克/立方米", "pm25_hebei", "actual")


def test_a_clause_without_a_place_after_a_share_of_the_country_is_the_sentences_place():
    got = figures("2014年末，京津冀地区常住人口达到1.1亿人，约占全国的8.1%；地区生产总值6.65万亿元，占全国的10.4%。",
                  published_at=date(2015, 4, 30))
    assert [(q, ind, r) for q, ind, r, *_ in got if ind] == [("1.1亿人", "population_jjj", "京津冀"),
                                                           ("6.65万亿元", "gdp_jjj", "京津冀")]


def test_a_clause_after_a_flow_continues_the_flow():
    got = figures("2024年，北京流向津冀技术合同成交额达到843.4亿元，比上年增长12.6%；成交技术合同7340项，比上年增长8.6%。",
                  published_at=date(2025, 2, 20))
    assert [ind for _, ind, *_ in got if ind] == ["tech_contract_turnover_bj_to_tjhb", "tech_contracts_bj_to_tjhb"]


def test_a_number_inside_a_quoted_name_is_not_a_figure():
    got = figures("2017年，京津冀区域PM2.5平均浓度为64微克/立方米，超额完成“大气十条”确定的目标任务，“1小时交通圈”基本形成。",
                  published_at=date(2018, 1, 18))
    assert [q for q, *_ in got] == ["64微克/立方米"]


def test_a_stock_stated_after_the_number_is_the_total_to_date():
    got = figures("SHIJIAZHUANG, April 3 (Xinhua) -- More than 510 billion yuan had been invested in Xiong'an New "
                  "Area by the end of March.", language="en", published_at=date(2023, 4, 3))
    assert [(ind, p) for _, ind, _, p, _, _ in got] == [("xiongan_investment", "2023-03-31")]


@pytest.mark.parametrize("text,language,expected", [
    ("2023年，京津冀协同发展取得新进展。京津冀区域内685家医疗机构实现50项临床检验结果互认。", "zh", [None, None]),
    ("2023年，雄安新区建设提速。首批疏解的4所高校、2家医院已完成选址。", "zh", [None, None]),
    ("2024年，北京流向津冀技术合同成交额达到843.4亿元。成交技术合同7340项，比上年增长8.6%。", "zh",
     ["2024", "2024", "2024"]),                              # a year's flow keeps the year
    ("In 2023, medical cooperation deepened. Results of 50 clinical test items are mutually recognized among "
     "685 medical institutions.", "en", [None, None]),
])
def test_institutions_counted_as_they_stand_take_no_carried_period(text, language, expected):
    got = figures(text, language=language, published_at=date(2024, 3, 1))
    assert [p for _, _, _, p, _, _ in got] == expected


def test_each_provinces_gdp_after_its_population_in_a_semicolon_list_is_its_own():
    got = figures("其中，北京市常住人口2151.6万人，地区生产总值21330.8亿元；天津市常住人口1516.8万人，地区生产总值15726.9亿元；"
                  "河北省常住人口7383.8万人，地区生产总值29421.2亿元。", published_at=date(2015, 4, 30))
    assert [ind for _, ind, *_ in got if ind and ind.startswith("gdp")] == ["gdp_beijing", "gdp_tianjin", "gdp_hebei"]


def test_a_rate_since_a_year_runs_to_the_sentences_year():
    got = figures("报告显示，2023年京津冀协同创新指数达到326.7，2013年以来年均增长12.6%。", published_at=date(2024, 12, 19))
    assert [(q, p) for q, _, _, p, _, _ in got] == [("326.7", "2023"), ("12.6%", "2013/2023")]


# --- final8, after its held-out measurement ----------------------------------------------------

def test_zhongguancun_branches_at_year_ends_and_their_parts_in_the_next_sentence():
    got = figures("中关村企业在津冀设立的分支机构数量由2018年底的7820家增至2019年底的8816家，增长12.7%。其中，中关村企业在"
                  "天津、河北设立分支机构分别为4173家和4643家。", published_at=date(2020, 1, 14))
    assert [(ind, p) for _, ind, _, p, _, _ in got if ind] == [
        ("zgc_branches_tjhb", "2018"), ("zgc_branches_tjhb", "2019"), ("zgc_branches_tianjin", "2019"),
        ("zgc_branches_hebei", "2019")]


def test_branches_in_tianjin_municipality_and_hebei_province_are_the_regions():
    got = figures("Enterprises from Zhongguancun had set up 10,250 branches in Tianjin Municipality and Hebei Province "
                  "by the end of 2023, including 4,980 in Tianjin and 5,270 in Hebei.", language="en",
                  published_at=date(2024, 3, 4))
    assert [ind for _, ind, *_ in got] == ["zgc_branches_tjhb", "zgc_branches_tianjin", "zgc_branches_hebei"]


def test_an_elliptical_name_is_completed_from_its_own_semicolon_clause_only():
    got = figures("其中，流向外省市技术合同成交额4980.6亿元，增长12.0%；流向津冀技术合同5881项，成交额356.9亿元，增长1.9%。",
                  published_at=date(2023, 2, 20))
    assert [(q, ind) for q, ind, *_ in got if ind] == [("5881项", "tech_contracts_bj_to_tjhb"),
                                                      ("356.9亿元", "tech_contract_turnover_bj_to_tjhb")]


def test_rates_the_provinces_propose_are_targets():
    got = figures("2025年，北京、天津、河北分别提出地区生产总值增长5%左右、5%左右和5.5%左右的预期目标。",
                  published_at=date(2025, 1, 20))
    assert {(ind, s) for _, ind, _, _, _, s in got} == {(None, "target")}


def test_the_day_a_park_opened_is_not_the_period_of_what_it_counts_since():
    got = figures("天津滨海—中关村科技园自2016年11月揭牌以来累计注册企业1300余家。", published_at=date(2024, 3, 1))
    assert [(q, p) for q, _, _, p, _, _ in got] == [("1300余家", None)]


def test_a_rate_higher_than_that_at_an_earlier_date_is_of_the_later_one():
    got = figures("Enterprises had set up 10,250 branches by the end of 2023. The number was 16.3 percent higher "
                  "than that at the end of 2019.", language="en", published_at=date(2024, 3, 4))
    assert [p for _, _, _, p, _, _ in got] == ["2023", "2023"]


@pytest.mark.parametrize("text,language,expected", [
    ("2024年，北京市接待游客3.6亿人次。入境旅游加快恢复。全年接待入境游客394.1万人次。", "zh", ["北京", "北京"]),
    ("2025年，河北省地区生产总值突破5万亿元。全年人均地区生产总值达到6.8万元。", "zh", ["河北", "河北"]),
    ("Hebei's GDP grew 5.4 percent in the first half. The province's fixed-asset investment grew 4.3 percent.", "en",
     ["河北", "河北"]),
    ("2023年，北京、天津地区生产总值分别为43760.7亿元和16737.3亿元。全年京津冀地区生产总值10.4万亿元。", "zh",
     ["北京", "天津", "京津冀"]),
])
def test_a_sentence_naming_no_place_goes_on_about_the_one_place_of_the_sentence_before(text, language, expected):
    assert [r for _, _, r, *_ in figures(text, language=language, published_at=date(2026, 1, 23))] == expected


def test_a_quarter_after_a_semicolon_is_still_the_flow_the_sentence_named():
    got = figures("上半年，北京流向津冀技术合同成交额356.2亿元，同比增长28.4%；其中二季度成交额为210.5亿元，环比增长44.5%。",
                  published_at=date(2024, 8, 5))
    assert [(ind, p) for _, ind, _, p, _, _ in got if ind] == [("tech_contract_turnover_bj_to_tjhb", "2024-H1"),
                                                              ("tech_contract_turnover_bj_to_tjhb", "2024-Q2")]
