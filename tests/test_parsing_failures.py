"""Pages that are not whole articles are refused with a reason, never returned empty."""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from crawler.parsing import parse_article
from serieswatch.errors import ParseError

PAGES = Path(__file__).parent / "pages"
RM_TXT_URL = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"


def rm_txt_html() -> str:
    return (PAGES / "rm_txt.html").read_bytes().decode("gb18030")


def refused(body: bytes, url: str = RM_TXT_URL) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_article(body, url)
    assert caught.value.url == url
    return caught.value


def test_page_without_any_date_is_refused_with_reason_and_url():
    html = rm_txt_html().replace("2024年04月23日09:38", "").replace(
        '<meta name="publishdate" content="2024-04-23" />', "")
    error = refused(html.encode("gb18030"))
    assert error.reason == "no publication date"
    assert RM_TXT_URL in str(error)


def test_page_without_title_is_refused():
    html = rm_txt_html()
    html = html.replace("<h1>协同创新赋能京津冀经济高质量发展</h1>", "")
    html = html.replace("<title>协同创新赋能京津冀经济高质量发展--财经--人民网</title>", "")
    assert refused(html.encode("gb18030")).reason == "no title"


def test_page_whose_body_holds_only_furniture_is_refused():
    html = rm_txt_html()
    start = html.index('<div class="box_pic"></div>')
    end = html.index("<p>　　<strong>【相关阅读】")
    html = html[:start] + html[end:]
    assert refused(html.encode("gb18030")).reason == "no article body"


def test_truncated_page_is_parsed_as_far_as_it_goes():
    html = rm_txt_html()
    cut = html.index("数据显示") + len("数据显示，北京流向津冀技术合同成交额由2013年的71")
    article = parse_article(html[:cut].encode("gb18030"), RM_TXT_URL)
    assert article.title == "协同创新赋能京津冀经济高质量发展"
    assert article.text.endswith("数据显示，北京流向津冀技术合同成交额由2013年的71")
    assert "1万家" in article.text


def test_page_truncated_before_its_body_is_refused():
    html = rm_txt_html()
    cut = html.index('<div class="rm_txt_con')
    assert refused(html[:cut].encode("gb18030")).reason in ("no article body", "not an article page")


def test_malformed_markup_still_yields_the_article():
    html = rm_txt_html().replace("</p>", "").replace("</div>", "", 3).replace("<h4", "<h4 <<")
    article = parse_article(html.encode("gb18030"), RM_TXT_URL)
    assert "748.7亿元" in article.text
    assert "分享让更多人看到" not in article.text


def test_listing_page_is_not_an_article_page():
    listing = (PAGES / "listing.html").read_bytes()
    assert refused(listing, "http://finance.people.com.cn/GB/8198/426918/index.html").reason in (
        "not an article page", "no publication date", "no article body")


def test_link_only_page_is_refused_as_not_an_article_page():
    links = "".join(f'<li><a href="/n1/2024/0423/c1004-4022{i:04d}.html">第{i}条新闻标题</a></li>' for i in range(30))
    body = f"<html><head><title>列表--人民网</title></head><body><ul>{links}</ul></body></html>"
    assert refused(body.encode("utf-8"), "http://finance.people.com.cn/GB/1/index.html").reason == "not an article page"


@pytest.mark.parametrize("body", [b"", b"   \n", b"\x00\x00", b"<html></html>", b"\xff\xfe\xfa"])
def test_empty_or_garbage_bytes_are_refused(body):
    assert refused(body).reason in ("not an article page", "no title", "no article body", "no publication date")


def test_xml_declaration_with_encoding_does_not_break_parsing():
    html = '<?xml version="1.0" encoding="gb2312"?>\n' + rm_txt_html()
    article = parse_article(html.encode("gb18030"), RM_TXT_URL)
    assert article.title == "协同创新赋能京津冀经济高质量发展"


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len((PAGES / "rm_txt.html").read_bytes())))
def test_page_cut_at_any_byte_is_an_article_or_a_parse_error(cut):
    body = (PAGES / "rm_txt.html").read_bytes()[:cut]
    try:
        article = parse_article(body, RM_TXT_URL)
    except ParseError as error:
        assert error.reason in ("no title", "no publication date", "no article body", "not an article page")
    else:
        assert article.title and article.text and article.published_at is not None
        assert "\ufffd" not in article.title


@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_parser(body):
    try:
        parse_article(body, RM_TXT_URL)
    except ParseError:
        pass
