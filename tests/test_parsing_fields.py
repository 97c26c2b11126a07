"""The small readers behind the fields: addresses, dates, bylines, editor lines."""

from datetime import datetime, timedelta, timezone

import pytest

from crawler.parsing import article_content_id, is_article_url
from crawler.parsing.credits import parse_authors, parse_editors, parse_outlet
from crawler.parsing.dates import find_datetime, parse_iso
from crawler.parsing.language import detect_language

BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize("url, content_id", [
    ("http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html", "40221837"),
    ("http://finance.people.com.cn/n1/2024/0423/c1004-40221837-2.html", "40221837"),
    ("http://politics.people.com.cn/n/2014/0226/c1024-24474321.html", "24474321"),
    ("http://he.people.com.cn/n2/2024/0421/c192235-40815555.html", "40815555"),
    ("http://en.people.cn/n3/2024/0227/c90000-20138037.html", "20138037"),
    ("http://lianghui.people.com.cn/2018npc/n1/2018/0305/c417507-29849420.html", "29849420"),
    ("http://finance.people.com.cn/GB/8198/426918/index.html", None),
    ("", None),
])
def test_content_id_comes_from_the_article_address(url, content_id):
    assert article_content_id(url) == content_id


def test_later_pages_of_an_article_are_not_article_urls_for_listings():
    assert is_article_url("http://x.people.com.cn/n1/2024/0423/c1004-40221837.html")
    assert not is_article_url("http://x.people.com.cn/n1/2024/0423/c1004-40221837-2.html")
    assert not is_article_url("ftp://x.people.com.cn/n1/2024/0423/c1004-40221837.html")


@pytest.mark.parametrize("text, expected", [
    ("2024年04月23日09:38 | 来源：人民网", datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)),
    ("2019年07月10日07:16\xa0\xa0来源：", datetime(2019, 7, 10, 7, 16, tzinfo=BEIJING)),
    ("(Xinhua) 13:10, February 27, 2024", datetime(2024, 2, 27, 13, 10, tzinfo=BEIJING)),
    ("By Zhang San (People's Daily Online) 09:38, April 23, 2024", datetime(2024, 4, 23, 9, 38, tzinfo=BEIJING)),
    (" 2019-12-10 07:57:40", datetime(2019, 12, 10, 7, 57, 40, tzinfo=BEIJING)),
    ("《 人民日报 》（ 2015年03月21日 01 版）", datetime(2015, 3, 21, tzinfo=BEIJING)),
    ("Updated: Feb. 27, 2024", datetime(2024, 2, 27, tzinfo=BEIJING)),
])
def test_dates_as_the_site_writes_them_are_beijing_time(text, expected):
    assert find_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "没有日期", "2024年13月40日", "3176项增长到6758项", "0000-00-00"])
def test_text_without_a_valid_date_gives_none(text):
    assert find_datetime(text) is None


def test_iso_meta_dates_are_converted_to_beijing_time():
    assert parse_iso("2024-04-23T01:38:00Z").isoformat() == "2024-04-23T09:38:00+08:00"
    assert parse_iso("2024-04-23").isoformat() == "2024-04-23T00:00:00+08:00"


@pytest.mark.parametrize("byline, names", [
    ("人民网记者 许维娜", ["许维娜"]),
    ("本报记者 王 堃  朱镕基", ["王堃", "朱镕基"]),
    ("记者 张三、李四 实习生 王五", ["张三", "李四", "王五"]),
    ("本报记者　赵鹏，刘堃", ["赵鹏", "刘堃"]),
    ("By Zhang San", ["Zhang San"]),
    ("By Zhang San and Li Si (People's Daily Online)", ["Zhang San", "Li Si"]),
    ("", []),
])
def test_bylines_give_author_names_without_role_words(byline, names):
    assert parse_authors(byline) == names


@pytest.mark.parametrize("line, names", [
    ("(责编：沈佳萍、高雷)", ["沈佳萍", "高雷"]),
    ("（责编：王 倩、岳弘彬）", ["王倩", "岳弘彬"]),
    ("（责任编辑：李栋）", ["李栋"]),
    ("(Web editor: Zhang Kaiwei, Liang Jun)", ["Zhang Kaiwei", "Liang Jun"]),
    ("no editor line", []),
])
def test_editor_lines_give_editor_names(line, names):
    assert parse_editors(line) == names


def test_outlet_is_read_after_laiyuan():
    assert parse_outlet("2024年04月23日09:38 | 来源：人民网－财经频道") == "人民网－财经频道"
    assert parse_outlet("来源：人民日报") == "人民日报"
    assert parse_outlet("no source") is None


@pytest.mark.parametrize("text, language", [
    ("京津冀地区生产总值达到10.4万亿元，PM2.5浓度下降", "zh"),
    ("The region's GDP reached 10.4 trillion yuan, said Li Xiaolin (李晓琳).", "en"),
])
def test_language_is_detected_from_the_share_of_han_characters(text, language):
    assert detect_language(text) == language
