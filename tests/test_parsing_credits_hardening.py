"""Credits on layouts found on real people.com.cn pages: the generic fallback, 2009 pages, bylines in the body."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from crawler.parsing import parse_article
from crawler.parsing.bylines import split_bylines
from crawler.parsing.credits import parse_outlet

PAGES = Path(__file__).with_name("pages")
REPO = Path(__file__).resolve().parents[1]
HEALTH = "http://health.people.com.cn/n1/2024/0423/c14739-40222001.html"
OLD = "http://politics.people.com.cn/GB/1026/8913022.html"


def test_generic_fallback_reads_the_outlet_from_the_date_line_not_the_article_around_it():
    parsed = parse_article((PAGES / "generic_health.html").read_bytes(), HEALTH)
    assert parsed.template == "generic"
    assert parsed.outlet == "人民网－人民健康网"
    assert parsed.editors == ["杨迪", "李方舟"]        # div.editor, outside the body


def test_an_outlet_is_a_name_never_a_sentence():
    body = "人民网－人民健康网人民网北京4月23日电记者从国家医保局获悉京津冀三地异地就医门诊费用直接结算已实现全覆盖" * 10
    assert parse_outlet("来源：" + body) is None
    assert parse_outlet("2024年04月23日09:38  来源：人民网－财经频道") == "人民网－财经频道"
    assert parse_outlet("来源：人民网－人民日报（2024年04月23日 01 版）") == "人民网－人民日报"


def test_a_2009_page_has_its_outlet_in_span_p_origin_and_its_byline_in_the_body():
    parsed = parse_article((PAGES / "p_origin_2009.html").read_bytes(), OLD)
    assert parsed.outlet == "人民日报"
    assert parsed.authors == ["葛灵丹"]
    assert "葛灵丹" not in parsed.text and parsed.text.startswith("京津冀三地日前签署")
    assert parsed.editors == ["李慧"]


def test_bylines_inside_the_body_become_authors():
    assert split_bylines(["□ 本报记者 葛灵丹", "正文。"]) == (["正文。"], "本报记者 葛灵丹")
    kept, byline = split_bylines(["本报讯（记者叶婉）近日，京津冀三地签署协议。", "第二段。"])
    assert kept[0].startswith("本报讯（记者叶婉）") and byline == "记者叶婉"     # the dateline stays as printed
    html = (PAGES / "p_origin_2009.html").read_bytes().decode("gb2312").replace(
        "<p>　　□ 本报记者 葛灵丹</p>\n<p>　　", "<p>　　本报讯（记者叶婉）")
    parsed = parse_article(html.encode("gb2312"), OLD)
    assert parsed.authors == ["叶婉"]
    # Short paragraphs in the middle of a story are text, whatever they look like.
    assert split_bylines(["一。", "二。", "记者 张三", "三。", "四。"])[1] is None


def extract(*args):
    proc = subprocess.run([sys.executable, "-m", "scheduler", "extract", *args, "--format", "json"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), proc.stderr


def test_extract_takes_the_pages_original_url_and_says_which_template_read_it():
    data, err = extract(str(PAGES / "p_origin_2009.html"), "--url", OLD)
    assert data["url"] == OLD and data["template"] == "box_con" and data["crawler_archives"] is True
    assert "generic" not in err


def test_extract_says_when_the_crawler_would_refuse_the_page():
    data, err = extract(str(PAGES / "generic_health.html"), "--url", HEALTH)
    assert data["template"] == "generic" and data["crawler_archives"] is False
    assert "unknown layout" in err and "generic_fallback" in err
