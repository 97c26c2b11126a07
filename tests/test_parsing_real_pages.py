"""Real pages saved from people.com.cn and xinhuanet.com (kept in ../shared, never in the repo)."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.parsing import parse_article, parse_listing

REAL = Path(__file__).parents[2] / "shared" / "fixtures" / "real"
BEIJING = timezone(timedelta(hours=8))
PEOPLE_URL = "http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html"
XINHUA_URL = "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm"


def real_page(name: str) -> bytes:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real fixture {path} is not available (it lives outside the repository)")
    return path.read_bytes()


@pytest.fixture(scope="module")
def people():
    return parse_article(real_page("people-culture-2019-0615-c1013-31153719.html"), PEOPLE_URL)


@pytest.fixture(scope="module")
def xinhua():
    return parse_article(real_page("xinhuanet-1.html"), XINHUA_URL)


def test_utf8_bytes_under_a_gb2312_meta_tag_decode_without_mojibake(people):
    assert people.charset == "utf-8"
    assert people.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
    assert "父亲的教诲像一盏灯" in people.text
    assert "\ufffd" not in people.text + people.title
    assert "濂" not in people.title          # what the title looks like read as GB18030


def test_utf8_bytes_under_gb2312_decode_as_utf8_even_when_the_header_says_gbk(people):
    again = parse_article(real_page("people-culture-2019-0615-c1013-31153719.html"), PEOPLE_URL,
                          header_charset="GBK")
    assert again.title == people.title and again.charset == "utf-8"


def test_real_box_con_page_yields_date_outlet_editors_and_ids(people):
    assert people.template == "box_con"
    assert people.published_at == datetime(2019, 6, 15, 8, 18, tzinfo=BEIJING)
    assert people.outlet == "人民网-文化频道"
    assert people.editors == ["汤诗瑶", "丁涛"]
    assert people.authors == []
    assert people.content_id == "31153719"
    assert people.language == "zh"


def test_real_box_con_page_text_has_no_editor_line_page_bar_or_promotion(people):
    for furniture in ("责编", "汤诗瑶", "【1】", "【2】", "点击进入", "文艺星青年", "热点推荐",
                      "推荐阅读", "相关新闻", "嫁妆多亏铁警", "版 权 所 有", "picbig"):
        assert furniture not in people.text
    assert people.text.split("\n\n")[0].startswith("父亲的教诲像一盏灯")
    assert people.text.endswith("字里行间都是对儿子的爱。")


def test_real_multi_page_article_points_to_its_second_page(people):
    assert people.next_page_url == "http://culture.people.com.cn/n1/2019/0615/c1013-31153719-2.html"


def test_real_second_page_points_to_the_third():
    second = parse_article(real_page("people-culture-2019-0615-c1013-31153719.html"),
                           PEOPLE_URL.replace(".html", "-2.html"))
    assert second.next_page_url == "http://culture.people.com.cn/n1/2019/0615/c1013-31153719-3.html"
    assert second.content_id == "31153719"


def test_other_outlets_page_parses_by_the_generic_fallback(xinhua):
    assert xinhua.template == "generic"
    assert xinhua.title == "法国全国大罢工再次严重影响交通"
    assert xinhua.published_at == datetime(2019, 12, 10, 7, 57, 40, tzinfo=BEIJING)
    assert xinhua.published_at.isoformat() == "2019-12-10T07:57:40+08:00"
    assert xinhua.outlet == "新华网"


def test_generic_fallback_body_is_the_five_article_paragraphs(xinhua):
    paragraphs = xinhua.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("新华社巴黎12月9日电（记者唐霁）")
    assert paragraphs[-1].endswith("总理菲利普将于11日宣布退休制度改革的总体架构。")
    for furniture in ("纠错", "+1", "图集", "热帖", "2018-03-02", "加载更多", "尹世杰"):
        assert furniture not in xinhua.text


def test_real_article_page_lists_its_related_articles_as_a_listing():
    listing = parse_listing(real_page("people-culture-2019-0615-c1013-31153719.html"), PEOPLE_URL)
    assert "http://culture.people.com.cn/n1/2019/0614/c1013-31137060.html" in listing.article_urls
    assert not any(url.endswith("-2.html") for url in listing.article_urls)
    assert len(listing.article_urls) == len(set(listing.article_urls))
