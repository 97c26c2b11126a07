"""The whole product as a user runs it: `serieswatch run` in three phases against a site and a mail server.

Phase 1 archives the site; phase 2 brings new articles and one edited figure; phase 3 is idle.
The subscriber gets exactly one digest after each of the first two runs — the second with only the
new and revised numbers — and none after the idle run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from mail_fixtures import parse, smtp  # noqa: F401 - fixture
from sitekit import Link

REPO = Path(__file__).resolve().parents[1]
LISTING = "/GB/8198/426918/index.html"
PART2 = "/n1/2024/0423/c1004-40221837.html"
GDP = "李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。"
CONTRACTS = "北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。"
BRANCHES = "截至去年底，中关村企业在津冀设立分支机构累计超1万家。"
INDEX = "京津冀协同创新指数由2013年的100增长至2022年的456.8。"


def serieswatch(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scheduler", "--config", str(config), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def test_three_phases_give_one_digest_each_for_new_numbers_and_none_when_idle(site, site_server, smtp, db_url,
                                                                                tmp_path):
    kicker = "新时代京津冀协同发展十年新篇章系列报道之"
    site.article("/n1/2024/0422/c1004-40220905.html", kicker=kicker + "一", title="京津冀协同发展迈入新阶段",
                 published="2024-04-22 08:31", paragraphs=[BRANCHES])
    site.article(PART2, kicker=kicker + "二", title="协同创新赋能京津冀经济高质量发展", published="2024-04-23 09:38",
                 author="人民网记者 许维娜", paragraphs=[GDP, CONTRACTS])
    site.listing(LISTING, [Link("一", "/n1/2024/0422/c1004-40220905.html"), Link("二", PART2)])
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "data_dir": "data", "storage": {"url": db_url},
        "crawl": {"download_delay": 0, "autothrottle": False},
        "sources": [{"name": "peoples-daily-jjj", "start_urls": [site_server.url + LISTING],
                     "series": ["京津冀", "Beijing-Tianjin-Hebei"]}],
        "email": {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "admin": "ops@example.org"},
    }, allow_unicode=True), encoding="utf-8")
    added = serieswatch(config, "subscribers", "add", "reader@example.org")
    assert added.returncode == 0, added.stderr

    # Phase 1: the first crawl's numbers, in one digest.
    first = serieswatch(config, "run")
    assert first.returncode == 0, first.stderr
    digests = [raw for rcpt, raw in smtp.handler.messages if rcpt == ["reader@example.org"]]
    assert len(digests) == 1
    message = parse(digests[0])
    assert message["List-Unsubscribe"]
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for quote in ("10.4万亿元", "748.7亿元", "71.2亿元", "超1万家"):
        assert quote in plain and quote in html
    assert site_server.url + PART2 in plain and site_server.url + PART2 in html

    # Phase 2: a new article and an edited figure.
    site.article("/n1/2024/0424/c1004-40222618.html", kicker=kicker + "三", title="京津冀协同创新指数持续攀升",
                 published="2024-04-24 10:15", paragraphs=[INDEX])
    site.listing(LISTING, [Link("三", "/n1/2024/0424/c1004-40222618.html"),
                           Link("一", "/n1/2024/0422/c1004-40220905.html"), Link("二", PART2)])
    site.revise(PART2, paragraphs=[GDP.replace("10.4万亿元", "10.5万亿元"), CONTRACTS])
    second = serieswatch(config, "run")
    assert second.returncode == 0, second.stderr
    digests = [raw for rcpt, raw in smtp.handler.messages if rcpt == ["reader@example.org"]]
    assert len(digests) == 2
    plain = parse(digests[1]).get_body(("plain",)).get_content()
    assert "10.5万亿元" in plain and "456.8" in plain
    assert "10.4万亿元" in plain           # the old value, shown beside the revised one
    assert "748.7亿元" not in plain         # a repeat is not news

    # Phase 3: nothing changed.
    third = serieswatch(config, "run")
    assert third.returncode == 0, third.stderr
    assert len([1 for rcpt, _ in smtp.handler.messages if rcpt == ["reader@example.org"]]) == 2

    articles = json.loads(serieswatch(config, "articles", "--format", "json").stdout)
    assert len(articles) == 3
    revised = next(a for a in articles if a["url"].endswith(PART2))
    assert revised["revision_count"] == 2 and revised["series"] == {"name": "新时代京津冀协同发展十年新篇章", "part": 2}
    status = json.loads(serieswatch(config, "status", "--format", "json").stdout)
    assert [r["status"] for r in status["runs"][:3]] == ["ok", "ok", "ok"]
    assert status["runs"][0]["articles_new"] == 0 and status["runs"][0]["figures_new"] == 0
