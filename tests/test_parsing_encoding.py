"""Page bytes decode to the right text whatever the header and the page declare."""

from pathlib import Path

import pytest

from crawler.parsing import decode_html, parse_article

PAGES = Path(__file__).parent / "pages"
TEXT = "京津冀协同发展十年，朱镕基、王堃、刘䶮"      # 镕/堃 need GBK, 䶮 needs GB18030


def html(charset_meta: str, body: str = TEXT) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>{body}</title></head><body><p>{body}</p></body></html>"


def test_gb2312_declaration_is_decoded_as_gb18030():
    text, charset = decode_html(html("gb2312").encode("gb18030"), None)
    assert charset == "gb18030"
    assert TEXT in text


@pytest.mark.parametrize("label", ["GB2312", "gbk", "GB_2312-80", "x-gbk", "cp936"])
def test_every_gb_family_label_decodes_as_gb18030(label):
    text, charset = decode_html(html(label).encode("gb18030"), None)
    assert (charset, TEXT in text) == ("gb18030", True)


def test_gbk_bytes_under_a_utf8_header_are_not_mojibake():
    text, charset = decode_html(html("gb2312").encode("gbk", errors="ignore"), "utf-8")
    assert charset == "gb18030"
    assert "朱镕基" in text


def test_gbk_bytes_under_a_utf8_meta_tag_are_not_mojibake():
    text, charset = decode_html(html("utf-8", "京津冀协同发展 朱镕基").encode("gbk"), None)
    assert charset == "gb18030"
    assert "朱镕基" in text


def test_utf8_bytes_under_a_gb2312_meta_tag_decode_as_utf8():
    text, charset = decode_html(html("gb2312").encode("utf-8"), None)
    assert charset == "utf-8"
    assert TEXT in text


def test_header_and_meta_disagreeing_the_bytes_decide():
    body = html("utf-8").encode("gb18030")
    text, charset = decode_html(body, "gbk")
    assert (charset, TEXT in text) == ("gb18030", True)


def test_page_without_any_declaration_is_sniffed():
    for encoding in ("utf-8", "gb18030"):
        text, charset = decode_html(html("").encode(encoding), None)
        assert (charset, TEXT in text) == (encoding, True)


def test_content_type_header_value_is_accepted_as_header_charset():
    text, charset = decode_html(html("").encode("gb18030"), "text/html; charset=GBK")
    assert (charset, TEXT in text) == ("gb18030", True)


def test_byte_order_mark_wins_and_is_removed():
    text, charset = decode_html(b"\xef\xbb\xbf" + html("gb2312").encode("utf-8"), "gbk")
    assert charset == "utf-8"
    assert text.startswith("<html>")


def test_latin1_header_on_a_chinese_page_does_not_produce_mojibake():
    text, charset = decode_html(html("").encode("gb18030"), "iso-8859-1")
    assert TEXT in text and charset == "gb18030"


def test_undecodable_bytes_use_the_candidate_with_fewest_replacements():
    body = html("utf-8").encode("utf-8") + b"\xff\xfe\xff"
    text, charset = decode_html(body, None)
    assert charset == "utf-8"
    assert TEXT in text
    assert text.count("\ufffd") <= 3


def test_unknown_charset_label_is_ignored():
    text, charset = decode_html(html("x-no-such-charset").encode("gb18030"), "bogus")
    assert (charset, TEXT in text) == ("gb18030", True)


def test_wrong_header_charset_does_not_change_the_parsed_article():
    body = (PAGES / "rm_txt.html").read_bytes()
    url = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
    honest = parse_article(body, url)
    lying = parse_article(body, url, header_charset="utf-8")
    assert (lying.title, lying.text, lying.charset) == (honest.title, honest.text, "gb18030")


def test_page_with_its_meta_declaration_removed_still_parses():
    body = (PAGES / "box_con.html").read_bytes().replace(
        b'<meta http-equiv="content-type" content="text/html;charset=GB2312">', b"")
    article = parse_article(body, "http://society.people.com.cn/n1/2019/0710/c1008-31223344.html")
    assert article.authors == ["王堃", "朱镕基"]
    assert article.charset == "gb18030"
