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


@pytest.mark.parametrize("text, reason", [("", "no title"), ("\n \n", "no title"), ("只有标题\n", "no article body")])
def test_text_without_title_or_body_is_refused(text, reason):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.reason == reason


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
