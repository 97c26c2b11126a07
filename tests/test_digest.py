"""What a digest holds and how it reads: both parts, every new figure quoted, nothing on an idle run."""

from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from mail_fixtures import (BJ, URL1, URL2, Fig, add_article,  # noqa: F401
                           first_article, make_config, parse, second_article, smtp)
from notifications.chart import bar_chart_png, sparkline
from notifications.cycle import deliver_digests, preview
from storage.subscribers import SubscriberStore


def subscribe(database, email="reader@example.org", **kw):
    with database.session() as s:
        return SubscriberStore(s).add(email, **kw).token


def parts(raw: bytes):
    msg = parse(raw)
    return msg, msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def test_a_digest_is_multipart_alternative_with_unsubscribe_and_a_stable_message_id(database, smtp, tmp_path):
    token = subscribe(database)
    first_article(database)
    assert deliver_digests(make_config(tmp_path, smtp_port=smtp.port), database, None) == ("ok", None)
    [(rcpts, raw)] = smtp.handler.messages
    msg = parse(raw)
    assert rcpts == ["reader@example.org"] and msg["To"] == "reader@example.org"
    assert msg.get_content_type() == "multipart/alternative"
    kinds = [p.get_content_type() for p in msg.iter_parts()]
    assert kinds[0] == "text/plain" and kinds[1] in ("text/html", "multipart/related")
    assert f"unsubscribe%20{token}" in msg["List-Unsubscribe"] and msg["List-Unsubscribe"].startswith("<mailto:")
    assert b"\r\nList-Unsubscribe: <mailto:alerts@example.org?subject=unsubscribe%20" in raw   # one readable line
    with database.session() as s:
        from storage.models_mail import Digest
        [digest] = s.query(Digest).all()
        assert digest.message_id == msg["Message-ID"] and digest.raw == raw and digest.status == "sent"


def test_first_digest_groups_new_figures_with_quotes_and_urls_and_lists_the_new_articles(database, smtp, tmp_path):
    subscribe(database)
    first_article(database)
    deliver_digests(make_config(tmp_path, smtp_port=smtp.port), database, None)
    msg, text, html = parts(smtp.handler.messages[0][1])
    for quote in ("10.4万亿元", "748.7亿元", "93个"):
        assert quote in text and quote in html
    assert text.count(URL1) >= 4 and URL1 in html
    assert "京津冀地区生产总值" in text and "北京流向津冀技术合同成交额" in text and "【93个】" in text
    assert "新文章" in text and "协同创新赋能京津冀经济高质量发展" in text and "京津冀地区生产总值为10.4万亿元。" in text
    assert "2项指标更新" in msg["Subject"] and "1个其他新数字" in msg["Subject"]


def test_a_later_digest_has_only_the_new_numbers_with_previous_values(database, smtp, tmp_path):
    subscribe(database, language="en")
    config = make_config(tmp_path, smtp_port=smtp.port)
    first_article(database)
    deliver_digests(config, database, None)
    assert second_article(database) == ["new_period", "repeat"]
    deliver_digests(config, database, None)
    assert len(smtp.handler.messages) == 2
    msg, text, html = parts(smtp.handler.messages[1][1])
    assert "11.2万亿元" in text and "11.2万亿元" in html
    assert "748.7亿元" not in text and "93个" not in text            # already told
    assert "previously 10.4 trillion yuan" in text and "+800 billion yuan (+7.7%)" in text
    assert "10.4 trillion yuan" in html and "+800 billion yuan (+7.7%)" in html
    assert URL2 in text and URL1 not in text
    assert "tracked indicators updated (1)" in msg["Subject"] and "other" not in msg["Subject"]
    # two periods of history: a sparkline in the text, an inline PNG chart in the HTML
    assert "▁█" in text
    related = [p for p in msg.walk() if p.get_content_type() == "multipart/related"]
    [png] = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert related and png.get_content().startswith(b"\x89PNG")
    assert f'src="cid:{png["Content-ID"].strip("<>")}"' in html


def test_revised_and_conflicting_figures_show_old_and_new(database, smtp, tmp_path):
    subscribe(database)
    config = make_config(tmp_path, smtp_port=smtp.port)
    first_article(database)
    deliver_digests(config, database, None)
    add_article(database, "http://politics.people.com.cn/n1/2025/0302/c1001-40400002.html",
                [Fig(7.7e10, "CNY", "770亿元", "2023", "tech_contract_turnover_bj_to_tjhb", restated=True)],
                title="修订", text="经最终核实，成交额770亿元。", published_at=datetime(2025, 3, 2, tzinfo=BJ))
    add_article(database, "http://politics.people.com.cn/n1/2025/0302/c1001-40400003.html",
                [Fig(7.9e10, "CNY", "790亿元", "2023", "tech_contract_turnover_bj_to_tjhb")],
                title="冲突", text="成交额790亿元。", published_at=datetime(2025, 3, 2, 1, tzinfo=BJ))
    deliver_digests(config, database, None)
    msg, text, html = parts(smtp.handler.messages[1][1])
    assert "[修订] 2023: 770亿元" in text and "原为 748.7亿元 → 770亿元" in text
    assert "[数据不一致] 2023: 790亿元" in text and "另一来源为 770亿元" in text
    assert "数据不一致" in msg["Subject"] and "<s>748.7亿元</s>" in html


def test_an_idle_run_sends_nothing(database, smtp, tmp_path):
    subscribe(database)
    config = make_config(tmp_path, smtp_port=smtp.port)
    first_article(database)
    deliver_digests(config, database, None)
    assert deliver_digests(config, database, None) == ("ok", None)
    first_article(database)                                   # the same article again: nothing new
    assert add_article(database, "http://bj.people.com.cn/n2/2024/0424/c82840-40800001.html",
                       [Fig(7.487e10, "CNY", "748.7亿元", "2023", "tech_contract_turnover_bj_to_tjhb")],
                       title="另一篇文章，数字相同", text="成交额748.7亿元。",
                       published_at=datetime(2024, 4, 24, 8, 0, tzinfo=BJ)) == ["repeat"]
    assert deliver_digests(config, database, None) == ("ok", None)
    assert len(smtp.handler.messages) == 1


def test_a_repeat_only_crawl_sends_nothing_and_a_late_joiner_does_not_get_the_past(database, smtp, tmp_path):
    first_article(database)
    subscribe(database, "late@example.org")
    config = make_config(tmp_path, smtp_port=smtp.port)
    assert deliver_digests(config, database, None) == ("ok", None) and smtp.handler.messages == []
    second_article(database)
    deliver_digests(config, database, None)
    [(_, raw)] = smtp.handler.messages
    _, text, _ = parts(raw)
    assert "11.2万亿元" in text and "748.7亿元" not in text


def test_the_indicator_filter_decides_who_gets_a_digest(database, smtp, tmp_path):
    subscribe(database, "gdp@example.org", indicators=["gdp_jjj"])
    subscribe(database, "contracts@example.org", indicators=["tech_contracts_bj_to_tjhb"])
    first_article(database)
    deliver_digests(make_config(tmp_path, smtp_port=smtp.port), database, None)
    assert [r for r, _ in smtp.handler.messages] == [["gdp@example.org"]]
    _, text, _ = parts(smtp.handler.messages[0][1])
    assert "10.4万亿元" in text and "748.7亿元" not in text and "93个" not in text


def test_hostile_scraped_text_is_escaped_never_a_header_never_a_template(database, smtp, tmp_path):
    subscribe(database)
    hostile = "Evil\r\nBcc: victim@example.org\r\nSubject: =?utf-8?q?x?= <script>alert(1)</script> {{7*7}} {% raw %}"
    add_article(database, "http://politics.people.com.cn/n1/2025/0302/c1001-40400009.html",
                [Fig(6758, "count", "6758项", "2023", "tech_contracts_bj_to_tjhb", measure_word="项")],
                title=hostile, text="合同6758项。<a href=\"javascript:alert(1)\">点此</a> {{ 7*7 }}",
                outlet="人民网\r\nX-Injected: yes")
    add_article(database, "javascript:alert(document.cookie)//x.html", [Fig(1.0, "percent", "1%", "2023")],
                title="scheme", text="增长1%。")
    deliver_digests(make_config(tmp_path, smtp_port=smtp.port), database, None)
    [(rcpts, raw)] = smtp.handler.messages
    msg, text, html = parts(raw)
    assert rcpts == ["reader@example.org"]
    assert msg["Bcc"] is None and msg["X-Injected"] is None and "victim" not in str(msg["Subject"])
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert b"victim" not in header_block and b"X-Injected" not in header_block
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "49" not in text and "49" not in html and "{{7*7}}" in text and "{{7*7}}" in html
    assert 'href="javascript:' not in html.lower()
    assert "Evil Bcc: victim@example.org" in text               # CR/LF collapsed to spaces


def test_preview_renders_without_sending_or_moving_watermarks(database, tmp_path):
    subscribe(database)
    first_article(database)
    config = make_config(tmp_path, smtp_port=1)
    address, content, msg = preview(config, database, "reader@example.org")
    assert address == "reader@example.org" and content.figure_count == 3
    assert "748.7亿元" in msg.get_body(("plain",)).get_content()
    with database.session() as s:
        sub = SubscriberStore(s).get("reader@example.org")
        assert (sub.figure_watermark, sub.article_watermark) == (0, 0)
        from storage.deliveries import delivery_totals
        assert delivery_totals(s) == {"pending": 0, "sent": 0, "failed": 0}
    assert preview(config, database, "reader@example.org")[1] is not None


def test_outbox_dir_writes_eml_files_and_marks_them_sent(database, tmp_path):
    subscribe(database)
    first_article(database)
    config = make_config(tmp_path, outbox_dir=tmp_path / "outbox")
    assert deliver_digests(config, database, None) == ("ok", None)
    [eml] = list((tmp_path / "outbox").iterdir())
    assert eml.name == "digest-000001.eml" and "748.7亿元" in parse(eml.read_bytes()).get_body(("plain",)).get_content()
    with database.session() as s:
        from storage.deliveries import delivery_totals
        assert delivery_totals(s)["sent"] == 1


def test_sparkline_and_png_chart():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5]) == "▄▄"
    png = bar_chart_png([3176, 4000, -5, 6758], width=120, height=40)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    idat = png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8]
    assert (width, height) == (120, 40) and len(zlib.decompress(idat)) == 40 * (1 + 120 * 3)


def test_templates_ship_inside_the_package():
    import notifications
    here = Path(notifications.__file__).parent / "templates"
    assert {"digest.txt.j2", "digest.html.j2", "wording.yaml"} <= {p.name for p in here.iterdir()}


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(not CHROMIUM, reason="headless Chromium is not installed")
def test_the_html_digest_renders_in_a_real_browser(database, tmp_path):
    subscribe(database)
    first_article(database)
    second_article(database)
    _, _, msg = preview(make_config(tmp_path, smtp_port=1), database, "reader@example.org")
    html = msg.get_body(("html",)).get_content()
    for part in msg.walk():            # what a mail client does with cid: images
        if part.get_content_type() == "image/png":
            html = html.replace("cid:" + part["Content-ID"].strip("<>"),
                                "data:image/png;base64," + base64.b64encode(part.get_content()).decode())
    page, shot = tmp_path / "digest.html", tmp_path / "digest.png"
    page.write_text(html, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=900,1400",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    assert _distinct_colours(data) > 8          # not a blank page


def _distinct_colours(png: bytes) -> int:
    """Colours in the first rows of a PNG screenshot (8-bit RGB/RGBA, filter bytes ignored roughly)."""
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    chunks, pos = b"", 8
    while pos < len(png):
        length = struct.unpack(">I", png[pos:pos + 4])[0]
        if png[pos + 4:pos + 8] == b"IDAT":
            chunks += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(chunks)
    return len(set(raw[:min(len(raw), 400 * width * 4)]))


def test_cli_digest_preview_prints_text_or_writes_html_and_eml(database, db_url, tmp_path, capsys):
    import yaml
    from scheduler.cli import main
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({"storage": {"url": db_url}, "data_dir": str(tmp_path / "data")}))
    subscribe(database)
    first_article(database)

    def cli(*args):
        with pytest.raises(SystemExit) as exit_info:
            main(["--config", str(config_file), *args])
        return exit_info.value.code

    assert cli("digest", "preview") == 0 and "748.7亿元" in capsys.readouterr().out
    assert cli("digest", "preview", "--subscriber", "reader@example.org", "--out", str(tmp_path / "d.html")) == 0
    assert "748.7亿元" in (tmp_path / "d.html").read_text(encoding="utf-8")
    assert cli("digest", "preview", "--out", str(tmp_path / "d.eml")) == 0
    assert parse((tmp_path / "d.eml").read_bytes())["List-Unsubscribe"].startswith("<mailto:")
    assert cli("digest", "preview", "--subscriber", "nobody@example.org") == 2
    assert cli("status", "--format", "json") == 0
    import json
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{"):])["deliveries"] == {"pending": 0, "sent": 0, "failed": 0}
    with database.session() as s:
        assert SubscriberStore(s).get("reader@example.org").figure_watermark == 0
