"""A multi-page article's next part is read from its own page bar, never from the page's other links."""

from crawler.parsing import parse_article
from sitekit import Raw, hot_box, render_article

URL = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
PARAGRAPHS = ("京津冀地区生产总值达到10.4万亿元。", "十年来，京津冀协同发展取得了实实在在的成果。")
PAGE_BAR = Raw('<div class="zdfy clearfix"><a href="/n1/2024/0423/c1004-40221837.html">【1】</a>'
               '<a href="/n1/2024/0423/c1004-40221837-2.html">【2】</a></div>')


def hot_list_linking_part_two():
    # A sidebar that happens to link the next part of this very article: not the page bar.
    return (hot_box("热点推荐", [("协同创新赋能京津冀（二）", "/n1/2024/0423/c1004-40221837-2.html")]),)


def test_the_page_bar_in_the_body_gives_the_next_part():
    page = render_article(path="/n1/2024/0423/c1004-40221837.html", paragraphs=PARAGRAPHS + (PAGE_BAR,))
    assert parse_article(page, URL).next_page_url == URL.replace(".html", "-2.html")


def test_a_link_to_a_later_part_outside_the_page_bar_is_not_a_next_page():
    page = render_article(path="/n1/2024/0423/c1004-40221837.html", paragraphs=PARAGRAPHS,
                          hot=hot_list_linking_part_two())
    assert parse_article(page, URL).next_page_url is None


def test_the_page_bar_wins_over_other_links_to_the_article():
    page = render_article(path="/n1/2024/0423/c1004-40221837.html", paragraphs=PARAGRAPHS + (PAGE_BAR,),
                          hot=hot_list_linking_part_two())
    assert parse_article(page, URL).next_page_url == URL.replace(".html", "-2.html")


def test_the_last_part_has_no_next_page():
    last_bar = Raw('<div class="zdfy clearfix"><a href="/n1/2024/0423/c1004-40221837.html">【1】</a>'
                   '<a href="/n1/2024/0423/c1004-40221837-2.html">【2】</a></div>')
    page = render_article(path="/n1/2024/0423/c1004-40221837-2.html", paragraphs=PARAGRAPHS + (last_bar,))
    assert parse_article(page, URL.replace(".html", "-2.html")).next_page_url is None
