"""The web view as an operator runs it: `serieswatch run` crawls a fixture site and mails a digest, then
`serieswatch serve` (a real uvicorn process) shows the archive, and the digest's one-click link unsubscribes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml
from mail_fixtures import parse, smtp  # noqa: F401 - fixture
from sitekit import Link
from webkit import free_port

REPO = Path(__file__).resolve().parents[1]
LISTING = "/GB/8198/426918/index.html"
PAGE = "/n1/2024/0423/c1004-40221837.html"
HOSTILE = "/n1/2024/0424/c1004-40221999.html"
GDP = "李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。"
CONTRACTS = "北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。"
EVIL = "京津冀 <script>alert(1)</script> {{ 7*7 }} \"q\" 'q'"


def serieswatch(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scheduler", "--config", str(config), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def serve(config: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "scheduler", "--config", str(config), "serve", "--port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=2)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                raise RuntimeError("serve exited")
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("serve did not start")


def test_a_crawled_archive_in_the_web_view_and_a_digest_unsubscribed_in_one_post(site, site_server, smtp, db_url,
                                                                                 tmp_path):
    site.article(PAGE, title="协同创新赋能京津冀经济高质量发展", published="2024-04-23 09:38",
                 author="人民网记者 许维娜", paragraphs=[GDP, CONTRACTS])
    site.article(HOSTILE, title=EVIL, published="2024-04-24 09:00", paragraphs=[EVIL, GDP])
    site.listing(LISTING, [Link("二", PAGE), Link("三", HOSTILE)])
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "data_dir": "data", "storage": {"url": db_url},
        "crawl": {"download_delay": 0, "autothrottle": False},
        "sources": [{"name": "peoples-daily-jjj", "start_urls": [site_server.url + LISTING], "series": ["京津冀"]}],
        "email": {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "admin": "ops@example.org"},
        "web": {"base_url": "https://news.example.org"},
    }, allow_unicode=True), encoding="utf-8")
    assert serieswatch(config, "subscribers", "add", "reader@example.org").returncode == 0
    assert serieswatch(config, "subscribers", "add", "analyst@example.org").returncode == 0
    ran = serieswatch(config, "run")
    assert ran.returncode == 0, ran.stderr
    digest = next(parse(raw) for rcpts, raw in smtp.handler.messages if rcpts == ["reader@example.org"])
    link = re.findall(r"<([^>]+)>", digest["List-Unsubscribe"])[0]
    assert link.startswith("https://news.example.org/unsubscribe/")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    port = free_port()
    proc = serve(config, port)
    try:
        web = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        home = web.get("/").text
        assert "协同创新赋能京津冀经济高质量发展" in home and 'href="/indicators/gdp_jjj"' in home
        articles = web.get("/api/search", params={"q": "协同创新", "sort": "date"}).json()["results"]
        article_id = next(a["id"] for a in articles if a["url"].endswith(PAGE))
        page = web.get(f"/articles/{article_id}").text
        assert re.search(r'<mark class="figure[^"]*" title="indicator: gdp_jjj · period: 2023 · class: \w+"', page)
        history = web.get("/api/indicators/gdp_jjj").json()
        assert history["observations"][0]["period"] == "2023"
        rows = list(csv.DictReader(io.StringIO(web.get("/figures.csv").text)))
        assert {"748.7亿元", "10.4万亿元"} <= {r["quote"] for r in rows}

        hostile_id = next(a["id"] for a in web.get("/api/articles").json() if a["url"].endswith(HOSTILE))
        for path in [f"/articles/{hostile_id}", "/", "/search?q=alert"]:
            text = web.get(path).text
            assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text, path
            assert "{{ 7*7 }}" in text

        before = web.get("/api/figures").json()
        # The mail provider's one POST: the link's path on this server, the RFC 8058 body, nothing else.
        r = web.post(urlsplit(link).path, content=b"List-Unsubscribe=One-Click",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 200
        assert web.get("/api/figures").json() == before
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    listed = serieswatch(config, "subscribers", "list", "--format", "json")
    assert [s["email"] for s in json.loads(listed.stdout)] == ["analyst@example.org"]
