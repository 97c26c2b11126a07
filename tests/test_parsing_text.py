"""Plain-text articles (saved .txt) parse into articles with template "text"."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.parsing import Series, parse_text
from serieswatch.errors import ParseError

SEED = Path(__file__).parents[2] / "shared" / "seed"
BEIJING = timezone(timedelta(hours=8))


def test_first_line_is_the_title_and_blank_lines_divide_paragraphs():
    article = parse_text("协同创新赋能京津冀经济高质量发展\n\n　　第一段，10.4万亿元。\n\n　　第二段，748.7亿元。\n")
    assert article.title == "协同创新赋能京津冀经济高质量发展"
    assert article.text == "第一段，10.4万亿元。\n\n第二段，748.7亿元。"
    assert (article.template, article.language, article.published_at) == ("text", "zh", None)


def test_text_without_blank_lines_has_one_paragraph_per_line():
    article = parse_text("Title here\nFirst paragraph.\nSecond paragraph.\n", language="en")
    assert article.text == "First paragraph.\n\nSecond paragraph."


def test_wrapped_english_lines_inside_a_paragraph_are_joined_with_a_space():
    article = parse_text("Title\n\nThe region's GDP\nreached 10.4 trillion yuan.\n\nNext.")
    assert article.language == "en"
    assert article.text == "The region's GDP reached 10.4 trillion yuan.\n\nNext."


def test_given_publication_time_and_url_are_kept():
    when = datetime(2024, 4, 23, 9, 38)
    article = parse_text("标题\n\n正文。", url="http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html",
                         published_at=when)
    assert article.published_at == datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)
    assert article.content_id == "40221837"


@pytest.mark.parametrize("text", ["", "\n \n"])
def test_empty_text_is_refused(text):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.reason == "no article body"


def test_bare_sentences_are_all_body_so_no_number_is_lost():
    article = parse_text("去年京津冀地区生产总值达10.4万亿元。\n北京流向津冀技术合同成交额748.7亿元。\n")
    assert article.text == "去年京津冀地区生产总值达10.4万亿元。\n\n北京流向津冀技术合同成交额748.7亿元。"
    assert article.title.startswith("去年京津冀")


def test_a_page_dump_loses_its_head_and_furniture():
    dump = ("人民网\n人民网>>财经\n\n协同创新赋能京津冀经济高质量发展\n\n人民网记者 许维娜\n"
            "2024年04月23日09:38 | 来源：人民网－财经频道\n小字号\n\n　　正文第一段，10.4万亿元。\n\n"
            "（责编：沈佳萍、高雷）\n\n推荐阅读\n一季度收入60877亿元\n")
    article = parse_text(dump)
    assert article.title == "协同创新赋能京津冀经济高质量发展"
    assert article.text == "正文第一段，10.4万亿元。"
    assert article.published_at == datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)


def test_seed_translation_yields_series_part_and_dateline():
    path = SEED / "000_4186ed937eb562d1.txt"
    if not path.exists():
        pytest.skip("the seed lives outside the repository")
    article = parse_text(path.read_text("utf-8"))
    assert article.language == "en"
    assert article.series == Series(
        "New Chapter of Ten Year Coordinated Development of Beijing, Tianjin and Hebei", 2)
    assert article.published_at == datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)
    assert "74.87 billion yuan" in article.text
