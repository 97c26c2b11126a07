"""Article pages of each known template parse into complete articles, furniture left out."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.parsing import Series, parse_article
from serieswatch.errors import ParseError

PAGES = Path(__file__).parent / "pages"
BEIJING = timezone(timedelta(hours=8))
RM_TXT_URL = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
BOX_CON_URL = "http://society.people.com.cn/n1/2019/0710/c1008-31223344.html"
TEXT_SHOW_URL = "http://paper.people.com.cn/n/2015/0321/c1001-26727001.html"
EN_URL = "http://en.people.cn/n3/2024/0423/c90000-20160099.html"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.fixture(scope="module")
def rm_txt():
    return parse_article(page("rm_txt.html"), RM_TXT_URL)


@pytest.fixture(scope="module")
def box_con():
    return parse_article(page("box_con.html"), BOX_CON_URL)


# --- rm_txt (current template) -------------------------------------------------------------

def test_rm_txt_page_yields_kicker_title_subtitle_series_part(rm_txt):
    assert rm_txt.template == "rm_txt"
    assert rm_txt.kicker == "新时代京津冀协同发展十年新篇章系列报道之二"
    assert rm_txt.title == "协同创新赋能京津冀经济高质量发展"
    assert rm_txt.subtitle == "经济韧性和活力持续增强"
    assert rm_txt.series == Series("新时代京津冀协同发展十年新篇章", 2)


def test_rm_txt_page_yields_beijing_time_outlet_and_people(rm_txt):
    assert rm_txt.published_at == datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)
    assert rm_txt.published_at.isoformat() == "2024-04-23T09:38:00+08:00"
    assert rm_txt.outlet == "人民网－财经频道"
    assert rm_txt.authors == ["许维娜"]
    assert rm_txt.editors == ["沈佳萍", "高雷"]


def test_rm_txt_page_yields_meta_fields(rm_txt):
    assert rm_txt.keywords == ["京津冀", "协同发展", "协同创新"]
    assert rm_txt.description.startswith("省界断头路")
    assert rm_txt.content_id == "40221837"
    assert rm_txt.canonical_url == RM_TXT_URL
    assert rm_txt.language == "zh"
    assert rm_txt.next_page_url is None


def test_gb2312_declared_page_keeps_characters_outside_gb2312(rm_txt):
    assert rm_txt.charset == "gb18030"
    assert "张庆镕" in rm_txt.text          # in GBK, not in GB2312
    assert "刘䶮" in rm_txt.text            # only in GB18030 (four-byte)


def test_rm_txt_body_is_paragraphs_without_leading_ideographic_spaces(rm_txt):
    paragraphs = rm_txt.text.split("\n\n")
    assert paragraphs[0].startswith("省界“断头路”")
    assert paragraphs[-1].endswith("（实习生刘䶮对本文亦有贡献）")
    assert len(paragraphs) == 8
    assert all(p == p.strip().strip("\u3000") for p in paragraphs)
    assert "748.7亿元" in rm_txt.text


@pytest.mark.parametrize("furniture", [
    "showPlayer", "20240423093812",               # video player script
    "相关阅读", "着力优化提升首都功能", "356",     # related reading and its numbers
    "责编", "沈佳萍",                              # editor line
    "分享让更多人看到", "小字号",                  # share widget, font-size switch
    "60877", "8888", "19.2亿",                    # recommended and hot lists
    "人民网记者 许维娜", "2024年04月23日09:38",    # byline and dateline
    "版权所有", "Copyright",
])
def test_rm_txt_body_leaves_out_furniture(rm_txt, furniture):
    assert furniture not in rm_txt.text


# --- box_con (about 2015-2020) -------------------------------------------------------------

def test_box_con_page_yields_title_subtitle_date_and_outlet(box_con):
    assert box_con.template == "box_con"
    assert box_con.title == "京津冀协同发展五周年：交通一体化加速推进"
    assert box_con.kicker is None                  # h3.pre is empty on this page
    assert box_con.subtitle == "“轨道上的京津冀”主骨架基本形成"
    assert box_con.published_at == datetime(2019, 7, 10, 7, 16, tzinfo=BEIJING)
    assert box_con.outlet == "人民网－人民日报"
    assert box_con.series is None


def test_box_con_byline_joins_spaced_two_character_names(box_con):
    assert box_con.authors == ["王堃", "朱镕基"]
    assert box_con.editors == ["李栋", "赵爽"]


def test_box_con_multi_page_article_links_its_second_page(box_con):
    assert box_con.next_page_url == "http://society.people.com.cn/n1/2019/0710/c1008-31223344-2.html"
    assert "【1】" not in box_con.text and "【2】" not in box_con.text


def test_box_con_body_leaves_out_related_and_hot_lists(box_con):
    assert box_con.text.count("\n\n") == 2
    for furniture in ("711.3", "1.4亿", "7.2亿", "分享到", "推荐阅读", "责编"):
        assert furniture not in box_con.text
    assert "9858公里" in box_con.text


def test_box_con_chinese_keywords_separated_by_spaces_are_split(box_con):
    assert box_con.keywords == ["京津冀", "交通一体化", "协同发展"]


# --- text_show (print edition) -------------------------------------------------------------

def test_print_edition_page_drops_the_print_credit():
    article = parse_article(page("text_show.html"), TEXT_SHOW_URL)
    assert article.template == "text_show"
    assert article.title == "京津冀协同发展规划纲要实施一年间"
    assert "人民日报 》" not in article.text and "01 版" not in article.text
    assert article.text.endswith("总投资超过4000亿元。")
    assert article.series == Series("京津冀协同发展", 3)
    assert article.authors == ["赵鹏", "刘堃"]
    assert article.editors == ["王倩", "岳弘彬"]


def test_print_edition_page_without_dateline_is_dated_by_its_print_credit():
    html = page("text_show.html").decode("gb18030")
    start = html.index('<div class="box01">')
    html = html[:start] + html[html.index("</div></div>", start) + len("</div></div>"):]
    article = parse_article(html.encode("gb18030"), TEXT_SHOW_URL)
    assert article.published_at == datetime(2015, 3, 21, tzinfo=BEIJING)
    assert article.outlet == "人民日报"


# --- English ---------------------------------------------------------------------------------

def test_english_page_yields_byline_outlet_dateline_and_editors():
    article = parse_article(page("en.html"), EN_URL)
    assert article.template == "en"
    assert article.language == "en"
    assert article.title == "Synergistic innovation boosts high-quality development of Beijing-Tianjin-Hebei region"
    assert article.published_at == datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)
    assert article.authors == ["Xu Weina", "Zhang Yichi"]
    assert article.outlet == "People's Daily Online"
    assert article.editors == ["Zhang Kaiwei", "Liang Jun"]
    assert article.keywords == ["Beijing-Tianjin-Hebei", "coordinated development", "innovation"]


def test_english_report_series_kicker_gives_series_and_part():
    article = parse_article(page("en.html"), EN_URL)
    assert article.series == Series(
        "New Chapter of Ten Year Coordinated Development of Beijing, Tianjin and Hebei", 2)


def test_english_body_leaves_out_dateline_related_link_editor_line_and_lists():
    article = parse_article(page("en.html"), EN_URL)
    assert article.text.count("\n\n") == 2
    assert article.text.startswith("The Beijing-Tianjin-Hebei region is one of")
    for furniture in ("356", "Web editor", "5.3 percent", "09:38", "Copyright"):
        assert furniture not in article.text
    assert "74.87 billion yuan" in article.text


def test_english_page_of_unknown_markup_reads_the_xinhua_dateline():
    article = parse_article(page("en_xinhua.html"), "http://en.people.cn/n3/2024/0227/c90000-20138037.html")
    assert article.template == "en"
    assert article.published_at == datetime(2024, 2, 27, 13, 10, tzinfo=BEIJING)
    assert article.outlet == "Xinhua"
    assert article.title == "Jing-Jin-Ji tech contracts hit record"
    assert article.text.endswith("up 110 percent year on year.")
    assert "99 items" not in article.text


# --- generic fallback -------------------------------------------------------------------------

GENERIC = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>雄安新区建设取得新进展_新闻中心</title>
<meta property="article:published_time" content="2024-03-01T10:15:00+08:00">
<meta property="og:url" content="https://news.example.cn/2024/0301/a.html">
</head><body>
<div class="topbar"><a href="/">首页</a><a href="/news">新闻</a></div>
<div class="post">
<h1>雄安新区建设取得新进展</h1>
<div class="post-body">
<p>雄安新区设立以来，累计完成投资超过6000亿元，4000多栋楼宇拔地而起。</p>
<p>新区已承接首批疏解的高校、医院和央企总部。</p>
</div></div>
<ul class="hot"><li><a href="/x">热点：某地GDP增长99%</a></li></ul>
</body></html>"""


def test_unknown_template_parses_by_meta_tags_and_densest_block():
    article = parse_article(GENERIC.encode("utf-8"), "https://news.example.cn/2024/0301/a.html")
    assert article.template == "generic"
    assert article.title == "雄安新区建设取得新进展"
    assert article.published_at == datetime(2024, 3, 1, 10, 15, tzinfo=BEIJING)
    assert article.text == ("雄安新区设立以来，累计完成投资超过6000亿元，4000多栋楼宇拔地而起。\n\n"
                            "新区已承接首批疏解的高校、医院和央企总部。")
    assert article.canonical_url == "https://news.example.cn/2024/0301/a.html"


def test_publishdate_meta_without_time_dates_article_at_midnight():
    html = GENERIC.replace('property="article:published_time" content="2024-03-01T10:15:00+08:00"',
                           'name="publishdate" content="2024-03-01"')
    article = parse_article(html.encode("utf-8"), "https://news.example.cn/2024/0301/a.html")
    assert article.published_at == datetime(2024, 3, 1, 0, 0, tzinfo=BEIJING)


def test_generic_page_without_any_date_is_refused():
    html = GENERIC.replace('<meta property="article:published_time" content="2024-03-01T10:15:00+08:00">', "")
    with pytest.raises(ParseError) as caught:
        parse_article(html.encode("utf-8"), "https://news.example.cn/2024/0301/a.html")
    assert caught.value.reason == "no publication date"


def test_old_body_set_with_br_instead_of_paragraphs_is_split_into_paragraphs():
    html = (page("box_con.html").decode("gb18030")
            .replace("<p>　　", "　　").replace("</p>\n", "<br><br>\n"))
    article = parse_article(html.encode("gb18030"), BOX_CON_URL)
    assert article.text.split("\n\n")[0].startswith("五年来，京津冀交通一体化")
    assert article.text.count("\n\n") == 2
    assert "责编" not in article.text and "【1】" not in article.text


def test_an_english_page_in_markup_we_have_not_seen_is_read_by_its_n3_address():
    page = b"""<html><head><meta charset="utf-8"><title>Jing-Jin-Ji integration deepens</title></head><body>
<div class="nav"><a href="/">Home</a></div><div class="article"><h1>Jing-Jin-Ji integration deepens</h1>
<div class="info">(Xinhua) 13:10, February 27, 2024</div>
<div class="body"><p>The Beijing-Tianjin-Hebei region's GDP exceeded 10 trillion yuan last year.</p>
<p>Technology contract turnover reached 74.87 billion yuan in 2023.</p><p>Cooperation will deepen.</p></div>
<div class="editor">(Web editor: Zhang Kaiwei, Liang Jun)</div></div>
<div class="side"><ul><li><a href="/n3/2024/0226/c90000-1.html">China's GDP grows 5.2% in 2023</a></li></ul></div>
</body></html>"""
    article = parse_article(page, "http://127.0.0.1:8000/n3/2024/0227/c90000-20137001.html")
    assert article.template == "en" and article.outlet == "Xinhua"
    assert article.editors == ["Zhang Kaiwei", "Liang Jun"]
    assert "5.2%" not in article.text and article.text.endswith("Cooperation will deepen.")
