"""Places a flow comes from, datelines, parts named after their whole, and periods only the rest of
the sentence gives (issue 8: found on blind sets dev6 and final6, each test the sentence it was found
in, reduced)."""

from __future__ import annotations

from datetime import datetime

from test_attribution import BJ, figure, figures, filed

def test_what_hebei_absorbs_from_beijing_is_hebeis_not_beijings_outflow():
    text = ("记者从河北省科技厅获悉，2023年，河北吸纳京津技术合同成交额达到810.2亿元，比上年增长17.1%，"
            "其中吸纳北京技术合同成交额593.6亿元。")
    assert filed(text)["593.6亿元"] == (None, "河北")


def test_the_dateline_city_is_where_the_report_was_filed_not_what_it_is_about():
    text = "人民网石家庄1月23日电 2025年，河北省地区生产总值达到50126.8亿元，比上年增长5.6%，经济总量首次突破5万亿元。"
    assert filed(text, published=datetime(2026, 1, 23, tzinfo=BJ))["突破5万亿元"] == ("gdp_hebei", "河北")


def test_a_years_flow_before_the_stocks_clause_is_not_the_total_to_date():
    text = ("2019年，北京退出一般制造业企业399家；截至2019年底，累计退出一般制造业企业3074家。")
    found = filed(text, published=datetime(2020, 1, 8, tzinfo=BJ))
    assert found["399家"][0] is None
    assert found["3074家"][0] == "relocated_manufacturers_beijing"


def test_listed_quarters_go_one_by_one_to_the_numbers_after_respectively():
    text = "分季度看，一季度和上半年，北京市地区生产总值分别增长5.4%和5.2%。"
    found = figures(text, published=datetime(2025, 7, 20, tzinfo=BJ))
    assert [f.period for f in found] == ["2025-Q1", "2025-H1"]


def test_a_places_part_of_the_branches_named_before_it_in_english():
    text = ("By the end of 2023, Zhongguancun enterprises had set up more than 10,000 branches and subsidiaries "
            "in Tianjin and Hebei, including 4,680 in Tianjin and 5,530 in Hebei.")
    found = filed(text)
    assert found["4,680"] == ("zgc_branches_tianjin", "天津")
    assert found["5,530"] == ("zgc_branches_hebei", "河北")


def test_a_paragraph_that_refers_back_continues_the_previous_quantity_in_english():
    text = ("By the end of 2016, Zhongguancun enterprises had set up 4,102 branches and subsidiaries in Tianjin "
            "and Hebei.\n\nOf the total, 2,622 were in Hebei, and 1,480 were in Tianjin.")
    found = filed(text, published=datetime(2017, 3, 2, tzinfo=BJ))
    assert found["4,102"] == ("zgc_branches_tjhb", "京津冀")
    assert found["2,622"] == ("zgc_branches_hebei", "河北")


def test_the_level_reached_after_a_rate_and_the_rate_takes_its_year_in_english():
    text = ("The report said Hebei's GDP grew 5.4 percent year on year in the first half of 2024 to 2.18 trillion "
            "yuan. Tianjin's GDP grew 6.6 percent year on year to 1.57 trillion yuan in 2021.")
    found = {f.quote: (f.indicator, f.period) for f in figures(text, published=datetime(2024, 7, 26, tzinfo=BJ))}
    assert found["2.18 trillion yuan"] == ("gdp_hebei", "2024-H1")
    assert found["6.6 percent"] == ("gdp_growth_tianjin", "2021")


def test_a_fall_by_a_number_to_a_number_ends_at_a_level():
    text = "Beijing's permanent population fell by 165,000 to 21.54 million at the end of 2018."
    level = figure(text, "21.54 million", published=datetime(2019, 2, 27, tzinfo=BJ))
    assert (level.kind, level.indicator) == ("level", "population_beijing")


def test_what_hebei_absorbs_is_not_beijings_outflow_in_english():
    text = "Hebei absorbed technology contracts from Beijing and Tianjin worth 81.01 billion yuan in 2022, up 19.5 percent."
    assert filed(text)["81.01 billion yuan"] == (None, "河北")


def test_figures_after_a_from_to_pair_are_of_its_later_end_but_an_average_rate_is_not():
    text = ("十年来，京津冀地区生产总值由2013年的5.5万亿元增长至2023年的10.4万亿元，年均增长6.1%，占全国的8.3%；"
            "北京、天津、河北地区生产总值分别为43760.7亿元、16737.3亿元和43944.1亿元。")
    periods = {f.quote: f.period for f in figures(text)}
    assert periods["8.3%"] == periods["43760.7亿元"] == periods["43944.1亿元"] == "2023"
    assert periods["6.1%"] is None


def test_to_this_year_is_not_to_date():
    text = "京津冀跨省异地就医直接结算定点医药机构由2024年底的3.2万家增至今年6月底的3.9万家。"
    stock = figure(text, "3.9万家", published=datetime(2025, 7, 22, tzinfo=BJ))
    assert (stock.aggregation, stock.indicator) == ("level", "medical_settlement_institutions_jjj")


def test_the_capital_and_the_two_neighbors_in_english():
    found = filed("The capital's GDP grew 5.5 percent year on year to 2.59 trillion yuan in the first half. "
                  "Beijing exported 5,881 technology contracts to the two neighbors that year.")
    assert found["2.59 trillion yuan"] == ("gdp_beijing", "北京")
    assert found["5,881"][0] == "tech_contracts_bj_to_tjhb"


def test_beijings_central_districts_are_not_the_citys_or_the_regions_population():
    found = filed("全市常住人口2170.7万人；其中，城六区常住人口1202.1万人，比上年末下降3%。",
                  published=datetime(2018, 1, 22, tzinfo=BJ))
    assert found["1202.1万人"] == (None, "城六区")


def test_a_first_in_twenty_years_is_a_superlative_not_the_present():
    text = ("人口方面，2017年末通州区常住人口为150.8万人。北京市常住人口2170.7万人，比上年末减少2.2万人，"
            "这是北京常住人口近20年来首次出现负增长。")
    total = figure(text, "2170.7万人", published=datetime(2018, 1, 15, tzinfo=BJ))
    assert (total.indicator, total.period) == ("population_beijing", "2017")


def test_a_years_closures_alone_are_not_the_total_to_date_in_english():
    text = ("Beijing has also shut down or relocated 651 general manufacturing enterprises and 141 regional "
            "wholesale markets and logistics centers in 2017 alone.")
    assert {f.indicator for f in figures(text, published=datetime(2018, 1, 16, tzinfo=BJ))} == {None}
