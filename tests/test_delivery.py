"""Delivery through a real SMTP server on 127.0.0.1: retries, refusals, outages, crashes, bad credentials."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mail_fixtures import (Greylist, Recorder, RejectSome, Server, first_article,  # noqa: F401
                           free_port, make_config, parse, refuse_login, second_article, smtp)
from notifications.cycle import deliver_digests
from serieswatch.errors import ConfigError
from storage.articles import utcnow
from storage.deliveries import DeliveryStore, delivery_totals
from storage.models_mail import Digest
from storage.runs import RunStore
from storage.subscribers import SubscriberStore


def subscribe(database, *emails):
    with database.session() as s:
        for e in emails:
            SubscriberStore(s).add(e)


def totals(database):
    with database.session() as s:
        return delivery_totals(s)


def digests(database):
    with database.session() as s:
        return [(d.recipient, d.status, d.attempts, d.last_error) for d in s.query(Digest).order_by(Digest.id)]


def later(hours=7):
    return utcnow() + timedelta(hours=hours)


def test_451_is_retried_on_a_later_run_and_then_delivered(database, tmp_path):
    server = Server(Greylist()).start()
    try:
        subscribe(database, "reader@example.org")
        first_article(database)
        config = make_config(tmp_path, smtp_port=server.port)
        status, reason = deliver_digests(config, database, None)
        assert status == "degraded" and "wait in the outbox" in reason
        [(_, st, attempts, error)] = digests(database)
        assert (st, attempts) == ("pending", 1) and "451" in error
        assert deliver_digests(config, database, None)[0] == "ok"      # backoff: not due yet, nothing tried
        assert digests(database)[0][2] == 1 and server.handler.messages == []
        assert deliver_digests(config, database, None, now=later()) == ("ok", None)
        assert [r for r, _ in server.handler.messages] == [["reader@example.org"]]
        assert totals(database) == {"pending": 0, "sent": 1, "failed": 0}
    finally:
        server.stop()


def test_550_for_one_recipient_fails_that_digest_only_and_is_not_retried(database, tmp_path):
    server = Server(RejectSome({"nobody@example.org"})).start()
    try:
        subscribe(database, "nobody@example.org", "reader@example.org")
        first_article(database)
        config = make_config(tmp_path, smtp_port=server.port)
        status, reason = deliver_digests(config, database, None)
        assert status == "degraded" and "refused for good" in reason
        assert [(r, s) for r, s, _, _ in digests(database)] == [("nobody@example.org", "failed"),
                                                               ("reader@example.org", "sent")]
        assert "550" in digests(database)[0][3]
        for _ in range(3):
            deliver_digests(config, database, None, now=later(48))
        assert digests(database)[0][:3] == ("nobody@example.org", "failed", 1)
        assert [r for r, _ in server.handler.messages] == [["reader@example.org"]]
    finally:
        server.stop()


def test_server_down_keeps_digests_pending_until_it_is_back(database, tmp_path):
    port = free_port()            # nothing listens there
    subscribe(database, "a@example.org", "b@example.org")
    first_article(database)
    config = make_config(tmp_path, smtp_port=port)
    status, reason = deliver_digests(config, database, None)
    assert status == "degraded" and "unreachable" in reason and f"127.0.0.1:{port}" in reason
    assert totals(database) == {"pending": 2, "sent": 0, "failed": 0}
    server = Server(Recorder(), port=port).start()
    try:
        assert deliver_digests(config, database, None, now=later()) == ("ok", None)
        assert sorted(r[0] for r, _ in server.handler.messages) == ["a@example.org", "b@example.org"]
        assert totals(database) == {"pending": 0, "sent": 2, "failed": 0}
    finally:
        server.stop()


def test_temporary_failures_give_up_after_max_attempts(database, tmp_path):
    subscribe(database, "a@example.org")
    first_article(database)
    config = make_config(tmp_path, smtp_port=free_port(), max_attempts=3)
    for day in range(4):
        deliver_digests(config, database, None, now=later(24 * (day + 1)))
    [(_, st, attempts, error)] = digests(database)
    assert (st, attempts) == ("failed", 3) and error.startswith("gave up after 3 attempts")


def test_crash_between_send_and_commit_sends_at_most_one_duplicate(database, smtp, tmp_path, monkeypatch):
    subscribe(database, "reader@example.org")
    first_article(database)
    config = make_config(tmp_path, smtp_port=smtp.port)

    def crash(self, digest_id, *, now=None):
        raise KeyboardInterrupt("killed after the server accepted the message")

    with monkeypatch.context() as m:
        m.setattr(DeliveryStore, "mark_sent", crash)
        with pytest.raises(KeyboardInterrupt):
            deliver_digests(config, database, None)
    assert len(smtp.handler.messages) == 1 and totals(database)["pending"] == 1
    assert deliver_digests(config, database, None) == ("ok", None)      # the re-run: one duplicate
    assert deliver_digests(config, database, None) == ("ok", None)      # and never again
    ids = smtp.handler.message_ids()
    assert len(ids) == 2 and ids[0] == ids[1]
    assert totals(database) == {"pending": 0, "sent": 1, "failed": 0}


def test_a_normal_rerun_never_sends_a_digest_twice(database, smtp, tmp_path):
    subscribe(database, "reader@example.org")
    first_article(database)
    config = make_config(tmp_path, smtp_port=smtp.port)
    for _ in range(3):
        deliver_digests(config, database, None, now=later(100))
    assert len(smtp.handler.messages) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH")
def test_auth_failure_is_one_configuration_message_and_digests_wait(database, tmp_path):
    server = Server(Recorder(), auth_require_tls=False, auth_required=True, authenticator=refuse_login).start()
    try:
        subscribe(database, "a@example.org", "b@example.org")
        first_article(database)
        config = make_config(tmp_path, smtp_port=server.port, username_env="SW_USER", password_env="SW_PASS")
        env = {"SW_USER": "serieswatch", "SW_PASS": "wrong"}
        status, reason = deliver_digests(config, database, None, env=env)
        assert status == "degraded"
        assert "535" in reason and "email.username_env" in reason and "email.password_env" in reason
        assert reason.count("535") == 1
        assert [(s, a) for _, s, a, _ in digests(database)] == [("pending", 0), ("pending", 0)]
        assert server.handler.messages == []
    finally:
        server.stop()


def test_a_username_without_its_password_is_a_config_error_naming_the_key(database, tmp_path):
    config = make_config(tmp_path, smtp_port=free_port(), username_env="SW_USER", password_env="SW_PASS")
    with pytest.raises(ConfigError, match="email.password_env"):
        deliver_digests(config, database, None, env={"SW_USER": "serieswatch"})


@pytest.mark.filterwarnings("ignore:Requiring AUTH")
def test_login_with_credentials_from_the_environment(database, tmp_path):
    seen = []

    def accept(server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=True)

    server = Server(Recorder(), auth_require_tls=False, auth_required=True, authenticator=accept).start()
    try:
        subscribe(database, "a@example.org")
        first_article(database)
        config = make_config(tmp_path, smtp_port=server.port, username_env="SW_USER", password_env="SW_PASS")
        assert deliver_digests(config, database, None, env={"SW_USER": "sw", "SW_PASS": "s3cret"}) == ("ok", None)
        assert seen == [(b"sw", b"s3cret")] and len(server.handler.messages) == 1
    finally:
        server.stop()


def test_counts_go_into_the_run_stats_and_status_totals(database, tmp_path):
    server = Server(RejectSome({"bad@example.org"})).start()
    try:
        subscribe(database, "bad@example.org", "good@example.org")
        first_article(database)
        with database.session() as s:
            run_id = RunStore(s).start("run").id
        deliver_digests(make_config(tmp_path, smtp_port=server.port), database, run_id)
        with database.session() as s:
            stats = RunStore(s).get(run_id).stats
            assert (stats["digests_sent"], stats["digests_failed"], stats["digests_pending"]) == (1, 1, 0)
            assert s.query(Digest).filter_by(recipient="good@example.org").one().run_id == run_id
        assert totals(database) == {"pending": 0, "sent": 1, "failed": 1}
    finally:
        server.stop()


def test_watermark_moves_with_the_digest_so_a_failed_send_never_rebuilds_it(database, tmp_path):
    subscribe(database, "a@example.org")
    first_article(database)
    config = make_config(tmp_path, smtp_port=free_port())
    deliver_digests(config, database, None)
    second_article(database)
    deliver_digests(config, database, None, now=later())
    with database.session() as s:
        rows = s.query(Digest).order_by(Digest.id).all()
        assert [d.figure_count for d in rows] == [3, 1]          # the second digest holds only the new number
        assert rows[0].message_id != rows[1].message_id
        assert SubscriberStore(s).get("a@example.org").figure_watermark == rows[1].figure_watermark
    assert "11.2万亿元" in parse(rows[1].raw).get_body(("plain",)).get_content()


def test_a_rerun_within_the_backoff_says_digests_are_waiting_and_when_they_go(database, tmp_path):
    from scheduler.status import gather_status, render_status
    subscribe(database, "a@example.org", "b@example.org")
    first_article(database)
    config = make_config(tmp_path, smtp_port=free_port())      # the SMTP server is down
    assert deliver_digests(config, database, None)[0] == "degraded"

    status, reason = deliver_digests(config, database, None)    # again, before the backoff is over
    assert status == "ok"                                       # nothing failed this time...
    assert reason.startswith("2 digest(s) waiting, next attempt at 20")     # ...but nothing went either
    data = gather_status(config, database)
    assert data["deliveries_waiting"] == reason
    assert reason in render_status(data)
