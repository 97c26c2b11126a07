"""Admin alerts: real crawls of a fixture site, a real SMTP server; one alert per problem, mailed once."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import yaml
from sitekit import Link

from mail_fixtures import Recorder, Server, free_port, parse, smtp  # noqa: F401
from notifications.alerts import check_run, send_unsent
from scheduler.cycle import RunOutcome, run_cycle
from scheduler.demo.server import respond
from serieswatch.config import parse_config
from storage.articles import utcnow
from storage.deliveries import delivery_totals
from storage.models import Article
from storage.models_alerts import Alert
from storage.models_mail import Digest
from storage.runs import RunStore
from storage.subscribers import SubscriberStore

REPO = Path(__file__).resolve().parents[1]
ADMIN = "ops@example.org"
LISTING = "/GB/8198/index.html"
GDP = "李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。"
PAGES = [f"/n1/2024/0423/c1004-4022990{i}.html" for i in range(3)]


def config_doc(server, db_url, tmp_path, email, **extra) -> dict:
    return {"data_dir": str(tmp_path / "data"), "storage": {"url": db_url},
            "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5},
            "sources": [{"name": "peoples-daily-jjj", "start_urls": [server.url + LISTING], "series": ["京津冀"]}],
            "email": {"from": "serieswatch <alerts@example.org>", "admin": ADMIN, "timeout": 5, **email}, **extra}


def make_config(server, db_url, tmp_path, email, **extra):
    return parse_config(config_doc(server, db_url, tmp_path, email, **extra), env={})


def run(config, database):
    return run_cycle(config, kind="run", db=database)


def new_layout(site, template="unknown", version=1):
    """Every page of the listing in a layout the crawler does not know (or, fixed, in rm_txt again)."""
    for i, path in enumerate(PAGES):
        site.article(path, template=template, title=f"京津冀新版式{i}", paragraphs=[f"第{i}篇，第{version}版。", GDP])
    site.listing(LISTING, [Link(str(i), p) for i, p in enumerate(PAGES)])


def alerts(database):
    with database.session() as s:
        return [(a.key, a.sent_at is not None, a.resolved_at is not None, a.attempts, a.last_error)
                for a in s.query(Alert).order_by(Alert.id)]


def outbox_alerts(directory: Path):
    return sorted(directory.glob("alert-*.eml")) if directory.exists() else []


def to_admin(server):
    return [parse(raw) for rcpts, raw in server.handler.messages if rcpts == [ADMIN]]


# --------------------------------------------------------------------------- layout change

def test_a_layout_change_exits_1_and_the_admin_is_alerted_once(site, site_server, db_url, tmp_path, smtp):
    new_layout(site)
    email = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config_doc(site_server, db_url, tmp_path, email), allow_unicode=True),
                    encoding="utf-8")

    def serieswatch_run():
        return subprocess.run([sys.executable, "-m", "scheduler", "--config", str(path), "run"], cwd=REPO,
                              capture_output=True, text=True, timeout=180)

    first = serieswatch_run()
    assert first.returncode == 1, first.stderr
    again = serieswatch_run()               # nothing changed: the pages answer 304
    new_layout(site, version=2)             # new versions of the pages, still unreadable: failed again
    third = serieswatch_run()
    assert third.returncode == 1, third.stderr
    assert again.returncode == 0, again.stderr

    assert len(smtp.handler.messages) == 1
    [mail] = to_admin(smtp)
    assert "layout change? 3 new pages found but none could be parsed" in mail["Subject"]
    assert mail["To"] == ADMIN and mail["Auto-Submitted"] == "auto-generated"
    body = mail.get_content()
    assert all(site_server.url + p in body for p in PAGES)
    assert "unknown layout: no known template matched" in body
    assert f"serieswatch --config {path} status" in body


def test_the_layout_alert_stays_open_until_new_pages_are_read_again(site, site_server, database, db_url,
                                                                    tmp_path):
    new_layout(site)
    config = make_config(site_server, db_url, tmp_path, {"outbox_dir": str(tmp_path / "outbox")})
    assert run(config, database).status == "failed"
    assert run(config, database).status == "ok"          # only 304s: the site is not read again yet
    assert alerts(database) == [("layout_change", True, False, 1, None)]
    [mail] = [parse(f.read_bytes()) for f in outbox_alerts(tmp_path / "outbox")]
    assert mail["To"] == ADMIN and "layout change? 3 new pages found" in mail["Subject"]
    new_layout(site, template="rm_txt", version=2)       # the templates read the site again
    assert run(config, database).status == "ok"
    assert alerts(database) == [("layout_change", True, True, 1, None)]
    assert len(outbox_alerts(tmp_path / "outbox")) == 1


# --------------------------------------------------------------------------- SMTP down

def test_smtp_down_for_several_runs_keeps_the_digests_and_tells_the_admin_once(site, site_server, database,
                                                                                db_url, tmp_path):
    port = free_port()                       # nothing listens there yet
    site.article(PAGES[0], title="京津冀协同发展报道", paragraphs=[GDP])
    site.listing(LISTING, [Link("a", PAGES[0])])
    with database.session() as s:
        SubscriberStore(s).add("reader@example.org")
    config = make_config(site_server, db_url, tmp_path, {"smtp_host": "127.0.0.1", "smtp_port": port})

    outcomes = [run(config, database) for _ in range(4)]

    assert outcomes[0].status == "degraded" and "unreachable" in outcomes[0].reason
    assert all(o.exit_code == 0 for o in outcomes)
    with database.session() as s:
        assert delivery_totals(s) == {"pending": 1, "sent": 0, "failed": 0}
    # Open after the third run without a sent digest; runs 3 and 4 could not mail it either.
    [(key, sent, resolved, attempts, error)] = alerts(database)
    assert (key, sent, resolved, attempts) == ("delivery_failing", False, False, 2)
    assert f"127.0.0.1:{port}" in error

    server = Server(Recorder(), port=port).start()
    try:
        with database.session() as s:        # the digest's backoff has run out
            s.query(Digest).update({Digest.next_attempt_at: None})
        assert run(config, database).status == "ok"
        assert run(config, database).status == "ok"
        assert sorted(rcpts[0] for rcpts, _ in server.handler.messages) == [ADMIN, "reader@example.org"]
        [mail] = to_admin(server)
        assert "digests not delivered for 3 runs" in mail["Subject"]
        assert "unreachable" in mail.get_content() and "cleared" in mail.get_content()
        assert alerts(database)[0][:3] == ("delivery_failing", True, True) and len(alerts(database)) == 1
        with database.session() as s:
            assert delivery_totals(s) == {"pending": 0, "sent": 1, "failed": 0}
    finally:
        server.stop()


# --------------------------------------------------------------------------- failed, then ok, then failed

def test_an_ok_run_resolves_a_failed_run_and_a_later_failure_is_a_new_alert(site, site_server, database, db_url,
                                                                           tmp_path, smtp):
    site.article(PAGES[0], title="京津冀协同发展报道", paragraphs=[GDP])
    site.listing(LISTING, [Link("a", PAGES[0])])
    config = make_config(site_server, db_url, tmp_path, {"smtp_host": "127.0.0.1", "smtp_port": smtp.port})
    down = respond(500, "maintenance")

    site_server.set_route(LISTING, down)
    assert run(config, database).reason == "no listing page could be fetched"
    assert run(config, database).status == "failed"
    assert alerts(database) == [("run_failed", True, False, 1, None)]
    site_server.set_route(LISTING, None)
    assert run(config, database).status == "ok"
    assert alerts(database) == [("run_failed", True, True, 1, None)]
    site_server.set_route(LISTING, down)
    assert run(config, database).status == "failed"

    assert [a[:3] for a in alerts(database)] == [("run_failed", True, True), ("run_failed", True, False)]
    subjects = [m["Subject"] for m in to_admin(smtp)]
    assert len(subjects) == 2 and all("failed: no listing page could be fetched" in s for s in subjects)


def test_alert_trouble_never_changes_the_run(site, site_server, database, db_url, tmp_path, monkeypatch, caplog):
    site.listing(LISTING, [])
    config = make_config(site_server, db_url, tmp_path, {"outbox_dir": str(tmp_path / "outbox")})

    def broken(*args, **kw):
        raise RuntimeError("alert store unavailable")

    monkeypatch.setattr("scheduler.cycle.check_run", broken)
    with caplog.at_level(logging.ERROR, logger="scheduler.cycle"):
        outcome = run(config, database)
    assert outcome.status == "ok" and outcome.exit_code == 0
    assert "admin alerts could not be checked" in caplog.text


# --------------------------------------------------------------------------- coverage silent

def test_silent_coverage_opens_one_alert_and_new_articles_clear_it(site, site_server, database, db_url, tmp_path):
    site.article(PAGES[0], title="京津冀协同发展报道", paragraphs=[GDP])
    site.listing(LISTING, [Link("a", PAGES[0])])
    outbox = tmp_path / "outbox"
    config = make_config(site_server, db_url, tmp_path, {"outbox_dir": str(outbox)}, schedule={"silent_days": 10})
    assert run(config, database).status == "ok"
    assert alerts(database) == []
    with database.session() as s:            # the last article arrived three weeks ago
        s.query(Article).update({Article.first_seen_at: utcnow() - timedelta(days=21)})

    run(config, database)
    run(config, database)

    assert alerts(database) == [("coverage_silent", True, False, 1, None)]
    [mail] = [parse(f.read_bytes()) for f in outbox_alerts(outbox)]
    assert "no new article for 21 days" in mail["Subject"]
    assert "schedule.silent_days is 10" in mail.get_content()
    site.article(PAGES[1], title="京津冀协同发展新报道", paragraphs=[GDP])
    site.listing(LISTING, [Link("a", PAGES[0]), Link("b", PAGES[1])])
    run(config, database)
    assert alerts(database) == [("coverage_silent", True, True, 1, None)]


def test_an_empty_archive_is_not_silent_coverage(site, site_server, database, db_url, tmp_path):
    site.listing(LISTING, [])
    config = make_config(site_server, db_url, tmp_path, {"outbox_dir": str(tmp_path / "outbox")},
                         schedule={"silent_days": 1})
    run(config, database)
    assert alerts(database) == []


# --------------------------------------------------------------------------- the message itself

def test_run_text_is_data_never_a_header_or_a_template(database, tmp_path, smtp):
    config = parse_config({"data_dir": str(tmp_path), "email": {"smtp_host": "127.0.0.1", "smtp_port": smtp.port,
                                                                 "admin": ADMIN, "timeout": 5}}, env={})
    with database.session() as s:
        run_id = RunStore(s).start("run").id
    reason = "boom {{ 7 * 7 }}\r\nBcc: victim@example.org\r\n\r\nforged body"
    assert check_run(config, database, RunOutcome(run_id, "failed", {}, reason)) == ["run_failed"]
    assert check_run(config, database, RunOutcome(run_id, "failed", {}, reason)) == []
    assert send_unsent(config, database) == 1 and send_unsent(config, database) == 0

    [(rcpts, raw)] = smtp.handler.messages
    mail = parse(raw)
    assert rcpts == [ADMIN] and mail["Bcc"] is None
    assert "\n" not in mail["Subject"] and "Bcc: victim@example.org" in mail["Subject"]
    assert "{{ 7 * 7 }}" in mail.get_content() and "49" not in mail.get_content()


def test_without_email_admin_alerts_are_recorded_and_logged_not_mailed(database, tmp_path, caplog):
    config = parse_config({"data_dir": str(tmp_path), "email": {"outbox_dir": str(tmp_path / "outbox")}}, env={})
    with database.session() as s:
        run_id = RunStore(s).start("run").id
    with caplog.at_level(logging.INFO, logger="notifications.alerts"):
        check_run(config, database, RunOutcome(run_id, "failed", {}, "hung: the crawl was stopped after 120 minutes"))
        assert send_unsent(config, database) == 0
    assert "admin alert (run_failed)" in caplog.text and "email.admin is not set" in caplog.text
    assert alerts(database) == [("run_failed", False, False, 0, None)]
    assert outbox_alerts(tmp_path / "outbox") == []
