"""The test-site kit: SiteServer answers like the real site, sitekit pages follow the real templates,
and the shipped demo snapshot is what build_site.py generates."""

import filecmp
import http.client
import re
import socket
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scheduler.demo import build_site
from scheduler.demo.server import SiteServer, redirect, respond, slow
from sitekit import Article, Raw, Site, player, render_article

SERIES_URL = "/n1/2024/0423/c1004-40221837.html"
DEMO = Path(build_site.__file__).parent


def fetch(server, path, headers=None, method="GET", timeout=5.0):
    conn = http.client.HTTPConnection(server.host, int(server.url.rsplit(":", 1)[1]), timeout=timeout)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def soup(data: bytes, encoding="gb18030"):
    return BeautifulSoup(data.decode(encoding), "lxml")


# --- SiteServer ---------------------------------------------------------------------------------

def test_serves_pages_as_bytes_with_no_charset_in_the_header(site, site_server):
    site.article(SERIES_URL)
    status, headers, body = fetch(site_server, SERIES_URL)
    assert status == 200
    assert headers["content-type"] == "text/html"
    assert body == site.read(SERIES_URL)
    assert headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
    assert fetch(site_server, SERIES_URL, method="HEAD")[2] == b""
    assert site_server.url.startswith("http://127.0.0.1:")


def test_robots_txt_is_404_until_the_site_has_one(site, site_server):
    assert fetch(site_server, "/robots.txt")[0] == 404
    site.robots("User-agent: *\nCrawl-delay: 120\n")
    status, headers, body = fetch(site_server, "/robots.txt")
    assert (status, body) == (200, b"User-agent: *\nCrawl-delay: 120\n")
    assert headers["content-type"].startswith("text/plain")


def test_conditional_requests_get_304_until_the_page_changes(site, site_server):
    site.article(SERIES_URL)
    _, first, _ = fetch(site_server, SERIES_URL)
    status, headers, body = fetch(site_server, SERIES_URL, {"If-None-Match": first["etag"]})
    assert (status, body) == (304, b"") and headers["etag"] == first["etag"]
    assert fetch(site_server, SERIES_URL, {"If-Modified-Since": first["last-modified"]})[0] == 304

    site.revise(SERIES_URL, paragraphs=["京津冀地区生产总值达到10.5万亿元。"])
    status, changed, body = fetch(site_server, SERIES_URL, {"If-None-Match": first["etag"]})
    assert status == 200 and "10.5万亿元".encode("gb2312") in body
    assert changed["etag"] != first["etag"] and changed["last-modified"] != first["last-modified"]
    assert fetch(site_server, SERIES_URL, {"If-Modified-Since": first["last-modified"]})[0] == 200


def test_header_overrides_can_make_the_header_contradict_the_meta_tag(site, site_server):
    site.article(SERIES_URL)
    site_server.set_headers(SERIES_URL, {"Content-Type": "text/html; charset=utf-8", "ETag": None})
    _, headers, body = fetch(site_server, SERIES_URL)
    assert headers["content-type"] == "text/html; charset=utf-8" and "etag" not in headers
    assert b"charset=GB2312" in body
    site_server.set_headers(SERIES_URL, None)
    assert fetch(site_server, SERIES_URL)[1]["content-type"] == "text/html"


def test_routes_answer_with_errors_retry_after_and_redirects(site, site_server):
    site.article(SERIES_URL)
    site_server.set_route("/boom.html", respond(500, "server error"))
    site_server.set_route("/busy.html", respond(429, headers={"Retry-After": "7"}))
    site_server.set_route("/old.html", redirect(SERIES_URL, 301))
    assert fetch(site_server, "/boom.html")[0] == 500
    status, headers, _ = fetch(site_server, "/busy.html")
    assert (status, headers["retry-after"]) == (429, "7")
    status, headers, _ = fetch(site_server, "/old.html")
    assert (status, headers["location"]) == (301, SERIES_URL)
    site_server.set_route("/boom.html", None)
    assert fetch(site_server, "/boom.html")[0] == 404

    assert site_server.hits.count("/busy.html", status=429) == 1
    assert site_server.hits.paths(status=301) == ["/old.html"]
    assert ("GET", "/boom.html", 500) in list(site_server.hits)


def test_a_slow_route_makes_the_client_time_out(site, site_server):
    site.article(SERIES_URL)
    site_server.set_route(SERIES_URL, slow(1.0))
    with pytest.raises(socket.timeout):
        fetch(site_server, SERIES_URL, timeout=0.2)
    started = time.monotonic()
    assert fetch(site_server, SERIES_URL)[0] == 200  # a patient client gets the page
    assert time.monotonic() - started >= 0.9


def test_paths_outside_the_root_are_not_served(tmp_path):
    (tmp_path / "secret.txt").write_text("no")
    (tmp_path / "site").mkdir()
    with SiteServer(tmp_path / "site") as server:
        assert fetch(server, "/../secret.txt")[0] == 404
        assert fetch(server, "/%2e%2e/secret.txt")[0] == 404


# --- pages ----------------------------------------------------------------------------------

def test_rm_txt_page_follows_the_real_template():
    article = Article(kicker="新时代京津冀协同发展十年新篇章系列报道之二", subtitle="经济韧性和活力持续增强",
                      author="人民网记者 许维娜", editors=["沈家平", "高雷"],
                      paragraphs=["第一段。", player(), "第二段有748.7亿元。"],
                      related=[("相关阅读标题3176项", "/n1/2024/0422/c1004-1.html")])
    data = article.render()
    assert data.decode("gb2312")  # strictly GB2312 bytes
    page = soup(data, "gb2312")
    assert page.title.string == "协同创新赋能京津冀经济高质量发展--财经--人民网"
    col = page.select_one("div.layout.rm_txt > div.col.col-1")
    assert col.select_one("h3.pre").text.endswith("之二") and col.select_one("h4.sub").text
    assert col.select_one("div.author").text == "人民网记者 许维娜"
    assert col.select_one("div.channel > div.col-1-1 b#newstime").text == "2024年04月23日09:38"
    assert col.select_one("div.channel > div.col-1-1 a").text == "人民网－财经频道"
    body = page.select_one("div.rm_txt_con#rm_txt_zw")
    assert [p.text for p in body.find_all("p", recursive=False)] == ["\u3000\u3000第一段。", "\u3000\u3000第二段有748.7亿元。"]
    assert "showPlayer(" in body.decode() and "3176项" in body.text
    assert body.find_all("div", recursive=False)[-1].text == "(责编：沈家平、高雷)"
    metas = {m["name"]: m["content"] for m in page.select("meta[name]")}
    assert (metas["catalogs"], metas["contentid"], metas["publishdate"]) == ("1004", "40221837", "2024-04-23")
    assert metas["author"].isdigit() and metas["source"] == "来源：人民网－财经频道"
    assert "分享让更多人看到" in page.text


def test_box_con_and_text_show_pages_follow_the_older_template():
    page = soup(render_article(template="box_con", published="2019-07-10 07:16", author="本报记者 王喆",
                               encoding="gbk", editors=["李栋", "赵爽"]))
    assert page.select_one("div.text_title > h1").text
    assert page.select_one("div.box01 > div.fl").text.startswith("2019年07月10日07:16\xa0\xa0来源：")
    assert page.select_one("span#rwb_navpath").text == "人民网>>财经"
    assert page.select_one("div.box_con#rwb_zw div.edit").text == "(责编：李栋、赵爽)"
    assert page.select_one("p.author").text == "本报记者 王喆"

    show = soup(render_article(template="text_show", published="2015-03-21 04:35"))
    assert show.select_one("div.text_show span#paper_num").text == "《 人民日报 》（ 2015年03月21日 01 版）"


def test_english_page_has_the_xinhua_dateline_and_is_utf8():
    data = render_article(template="english", path="/n3/2024/0227/c90000-20137000.html", title="Jing-Jin-Ji",
                          published="2024-02-27 13:10", paragraphs=["The region \u2014 Jing-Jin-Ji."])
    page = soup(data, "utf-8")
    assert page.select_one("div.origin").get_text(" ", strip=True) == "(Xinhua) 13:10, February 27, 2024"
    assert b'charset=UTF-8' in data and "\u2014".encode("utf-8") in data


def test_encodings_and_declarations_are_what_the_test_asks_for():
    outside = ["本报记者王喆报道。"]  # 喆 is not in GB2312
    with pytest.raises(ValueError, match="gb18030"):
        render_article(paragraphs=outside)
    gbk = render_article(paragraphs=outside, encoding="gbk")
    assert b"charset=GB2312" in gbk
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("gb2312")
    assert "王喆" in gbk.decode("gb18030")

    lying = render_article(encoding="utf-8", declared="GB2312")  # like the real 2019 fixture
    assert b"charset=GB2312" in lying and "京津冀".encode("utf-8") in lying
    assert not re.search(rb"<meta[^>]*charset", render_article(declared=None))
    assert b'<meta charset="utf-8"' in render_article(template="unknown", charset_meta="html5")


def test_listing_pages_chain_with_next_page_links(site):
    items = [(f"京津冀报道{i}", f"/n1/2024/0423/c1004-{40221000 + i}.html", "2024-04-23") for i in range(25)]
    paths = site.paginated("/GB/8198/426918/", items, per_page=10)
    assert paths == [f"/GB/8198/426918/{n}" for n in ("index.html", "index2.html", "index3.html")]
    first = soup(site.read(paths[0]))
    assert len(first.select("ul.list_16 li a")) == 10
    assert first.find("a", string="下一页")["href"] == "index2.html"
    assert soup(site.read(paths[2])).find("a", string="下一页") is None


def test_revision_changes_bytes_and_bumps_mtime(site):
    site.article(SERIES_URL)
    before, mtime = site.read(SERIES_URL), site.file(SERIES_URL).stat().st_mtime
    site.revise(SERIES_URL, paragraphs=["新的一段。"])
    assert site.read(SERIES_URL) != before
    assert site.file(SERIES_URL).stat().st_mtime >= mtime + 2
    assert Raw("<p>x</p>") == "<p>x</p>"


# --- the demo snapshot --------------------------------------------------------------------------

def test_demo_snapshot_is_what_build_site_generates(tmp_path):
    build_site.build(tmp_path / "site", tmp_path / "revised")
    for name in ("site", "revised"):
        cmp = filecmp.dircmp(DEMO / name, tmp_path / name)
        stack = [cmp]
        while stack:
            c = stack.pop()
            assert not (c.left_only or c.right_only or c.diff_files), (name, c.left, c.left_only,
                                                                         c.right_only, c.diff_files)
            stack.extend(c.subdirs.values())


def test_demo_pages_decode_as_declared_and_the_odd_ones_are_odd():
    pages = {p.relative_to(DEMO / "site").as_posix(): p.read_bytes() for p in (DEMO / "site").rglob("*.html")}
    for name, data in pages.items():
        declared = "utf-8" if b"charset=UTF-8" in data else "gb2312"
        if name == build_site.BOXCON_2019.lstrip("/"):
            with pytest.raises(UnicodeDecodeError):
                data.decode(declared)
            assert "王喆" in data.decode("gb18030")
        else:
            data.decode(declared)

    def text(path, root="site"):
        page = soup((DEMO / root / path.lstrip("/")).read_bytes())
        return page.select_one("h1").text, page.select_one("#rm_txt_zw").text

    assert text(build_site.PART1) == text(build_site.PART1_POLITICS)
    old, new = text(build_site.PART2)[1], text(build_site.PART2, "revised")[1]
    assert "10.4万亿元" in old and "10.5万亿元" in new and "2.5万亿元" in new and "10.4万亿元" not in new
    title, body = text(build_site.NOT_SERIES)
    assert "京津冀" not in title + body
