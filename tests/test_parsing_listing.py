"""Listing and topic pages yield article URLs in page order and the next listing page."""

from pathlib import Path

from crawler.parsing import parse_listing

PAGES = Path(__file__).parent / "pages"
URL = "http://finance.people.com.cn/GB/8198/426918/index2.html"


def listing():
    return parse_listing((PAGES / "listing.html").read_bytes(), URL)


def test_listing_yields_absolute_deduplicated_article_urls_in_page_order():
    assert listing().article_urls == [
        "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html",
        "http://politics.people.com.cn/n1/2024/0422/c1001-40220751.html",
        "http://he.people.com.cn/n2/2024/0421/c192235-40815555.html",
        "http://lianghui.people.com.cn/2018npc/n1/2018/0305/c417507-29849420.html",
        "http://finance.people.com.cn/n/2014/0226/c1001-24474321.html",
        "http://en.people.cn/n3/2024/0423/c90000-20160100.html",
    ]


def test_listing_leaves_out_later_pages_of_multi_page_articles_and_topic_links():
    urls = listing().article_urls
    assert not any("-2.html" in url or "/GB/" in url or "javascript" in url for url in urls)


def test_listing_follows_the_next_page_link():
    result = listing()
    assert result.next_page_url == "http://finance.people.com.cn/GB/8198/426918/index3.html"
    assert result.charset == "gb18030"


def test_last_listing_page_has_no_next_page():
    body = (PAGES / "listing.html").read_bytes().replace(
        '<a href="index3.html">下一页</a>'.encode("gb18030"), b"")
    assert parse_listing(body, URL).next_page_url is None


def test_english_next_link_and_base_href_are_honoured():
    body = b"""<html><head><base href="http://en.people.cn/90001/"></head><body>
    <a href="/n3/2024/0423/c90000-20160100.html">Story</a>
    <a href="index3.html">Next &raquo;</a></body></html>"""
    result = parse_listing(body, "http://en.people.cn/90001/index2.html")
    assert result.article_urls == ["http://en.people.cn/n3/2024/0423/c90000-20160100.html"]
    assert result.next_page_url == "http://en.people.cn/90001/index3.html"


def test_empty_listing_page_yields_nothing():
    result = parse_listing(b"", URL)
    assert (result.article_urls, result.next_page_url) == ([], None)
