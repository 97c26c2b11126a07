"""Admin alerts after every run: which problems are active, one alert per problem, each mailed once.

`check_run(config, db, outcome)` decides from the run's outcome and the archive which problems are
active (a failed run; a layout change, where pages were found but none parsed; a degraded crawl; the
coverage silent for schedule.silent_days; digests failing or stuck over FAILING_RUNS runs), opens an
alert for a problem that has none open, and resolves the ones that cleared. `send_unsent` then mails
every alert not yet sent to email.admin: alert-<id>.eml in email.outbox_dir, else over SMTP. An
alert that cannot be sent stays unsent with its error and goes out on a later run, still once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import func, select

from notifications import render
from notifications.search_alerts import search_problems
from notifications.transport import OutboxTransport, SmtpTransport
from serieswatch.errors import PermanentDeliveryError, SerieswatchError
from storage.alerts import AlertStore
from storage.articles import utcnow
from storage.deliveries import DeliveryStore
from storage.models import Article
from storage.models_mail import Digest
from storage.queries import run_failures
from storage.runs import RunStore

logger = logging.getLogger(__name__)

FAILING_RUNS = 3          # consecutive runs with digests pending and none sent before the admin hears
MAX_FAILURES = 20         # failed pages listed in one alert
PREFIX = "[serieswatch] "


@dataclass
class Problem:
    """An active problem: the alert's title and the lines that explain it."""

    title: str
    summary: str
    reason: str | None = None
    details: list[str] = field(default_factory=list)
    failures: bool = False           # list the run's failed pages


def check_run(config, db, outcome) -> list[str]:
    """Open alerts for the problems this run shows, resolve those that cleared; the keys newly opened."""
    opened = []
    with db.session() as s:
        store = AlertStore(s)
        for key, problem in _problems(config, s, outcome).items():
            if problem is None:
                if store.resolve(key) is not None:
                    logger.info("admin alert %s cleared by run %d", key, outcome.run_id)
                continue
            if store.current(key) is not None:
                continue                 # reported already: one alert per problem, not one per run
            alert, new = store.open_or_get(key, subject=render.clean_header(PREFIX + problem.title),
                                           body=_body(config, s, key, problem, outcome), run_id=outcome.run_id)
            if new:
                logger.warning("admin alert (%s): %s", key, alert.subject)
                opened.append(key)
    return opened


def _problems(config, session, outcome) -> dict:
    """key → Problem (active) or None (cleared); a key left out is neither confirmed nor cleared."""
    found = _run_problems(outcome)
    found.update(_silence(config, session))
    found.update(_delivery(session, outcome))
    search_problems(session, outcome, found, Problem)
    return found


def _run_problems(outcome) -> dict:
    stats, reason, rid = outcome.stats or {}, outcome.reason, outcome.run_id
    if outcome.status == "failed":
        if (reason or "").startswith("interrupted"):
            return {}                    # stopped on purpose (SIGTERM, Ctrl-C): nothing to report, nothing cleared
        key = "layout_change" if stats.get("new_pages_unparsed") and not stats.get("parsed") else "run_failed"
        return {key: Problem(f"run {rid} failed: {reason or 'no reason recorded'}", reason=reason, failures=True,
                             summary=f"Run {rid} failed: it did not finish its work.")}
    found = {"run_failed": None}
    if stats.get("parsed"):
        found["layout_change"] = None    # new pages were read again: the layout problem is over
    crawl_status = getattr(outcome, "crawl_status", None) or outcome.status
    crawl_reason = getattr(outcome, "crawl_reason", None) or outcome.reason
    found["run_degraded"] = (Problem(f"run {rid} degraded: {crawl_reason}", reason=crawl_reason, failures=True,
                                     summary=f"Run {rid} finished, but some pages could not be fetched or parsed.")
                             if crawl_status == "degraded" else None)
    return found


def _silence(config, session) -> dict:
    newest = session.scalar(select(func.max(Article.first_seen_at)))
    if newest is None:
        return {}                        # an empty archive is not silent coverage
    days = config.schedule.silent_days
    age = utcnow() - newest
    if age < timedelta(days=days):
        return {"coverage_silent": None}
    return {"coverage_silent": Problem(
        f"no new article for {age.days} days", summary=(
            f"No new article of the series has been archived for {age.days} days (schedule.silent_days is "
            f"{days}), although runs keep happening. The newest was first seen {_local(config, newest)}."))}


def _delivery(session, outcome) -> dict:
    stats = outcome.stats or {}
    if "digests_pending" not in stats:
        return {}                        # this run did not get to delivery
    failed, sent, pending = (int(stats.get(k) or 0) for k in ("digests_failed", "digests_sent", "digests_pending"))
    if failed:
        lines = [f"{d.recipient}: {d.last_error}" for d in DeliveryStore(session).recent(failed, status="failed")]
        return {"delivery_failing": Problem(
            f"{failed} digest(s) could not be delivered", reason=outcome.reason, details=lines,
            summary=f"Run {outcome.run_id} gave up on {failed} digest(s); they will not be retried.")}
    stuck = _stuck_runs(session)
    if pending and stuck >= FAILING_RUNS:
        oldest = session.scalars(select(Digest).where(Digest.status == "pending").order_by(Digest.id).limit(1)).first()
        lines = [f"last error: {oldest.last_error}"] if oldest is not None and oldest.last_error else []
        return {"delivery_failing": Problem(
            f"digests not delivered for {stuck} runs", reason=outcome.reason, details=lines,
            summary=f"{pending} digest(s) are waiting in the outbox: the last {stuck} runs could send none.")}
    if sent or not pending:
        return {"delivery_failing": None}
    return {}


def _stuck_runs(session) -> int:
    """How many of the latest runs that delivered (this one first) had digests pending and sent none."""
    n = 0
    for run in RunStore(session).recent(50):
        stats = run.stats or {}
        if "digests_pending" not in stats:
            continue                     # crawl-only or failed runs do not deliver
        if not stats["digests_pending"] or stats.get("digests_sent"):
            break
        n += 1
    return n


def _local(config, naive_utc) -> str:
    return naive_utc.replace(tzinfo=timezone.utc).astimezone(config.tz).strftime("%Y-%m-%d %H:%M %Z")


def _body(config, session, key: str, problem: Problem, outcome) -> str:
    """The alert's text from templates/alert.txt.j2; every scraped string goes in as data."""
    failures = run_failures(session, outcome.run_id) if problem.failures else []
    return render.environment().get_template("alert.txt.j2").render(
        key=key, title=problem.title, summary=problem.summary, reason=problem.reason, details=problem.details,
        run_id=outcome.run_id, run_status=outcome.status, when=_local(config, utcnow()),
        failures=failures[:MAX_FAILURES], failure_total=len(failures), config_path=config.path)


# --------------------------------------------------------------------------- sending

def alert_message(config, alert) -> bytes:
    """The alert as an email to email.admin; headers set through the email package (policy SMTP)."""
    msg = EmailMessage(policy=render.SMTP)
    msg["Subject"] = render.clean_header(alert.subject)
    msg["From"] = render.clean_header(config.email.from_, 300)
    msg["To"] = config.email.admin
    msg["Date"] = format_datetime(utcnow().replace(tzinfo=timezone.utc))
    # Stable per alert, so a re-send after a crash is recognisably the same message.
    stamp = int(alert.opened_at.replace(tzinfo=timezone.utc).timestamp())
    msg["Message-ID"] = f"<alert.{alert.id}.{stamp}@{render.sender_domain(config.email.from_)}>"
    msg["Auto-Submitted"] = "auto-generated"
    body = alert.body
    if alert.resolved_at is not None:
        body = f"(This problem cleared {_local(config, alert.resolved_at)}, before this alert could be sent.)\n\n{body}"
    msg.set_content(body, charset="utf-8", cte="quoted-printable")
    return msg.as_bytes(policy=render.SMTP)


def send_unsent(config, db, *, env=None) -> int:
    """Mail every unsent alert to email.admin; how many went out. Failures stay unsent for a later run."""
    with db.session() as s:
        todo = AlertStore(s).unsent()
    if not todo:
        return 0
    admin = config.email.admin
    if not admin:
        logger.info("%d admin alert(s) not mailed: email.admin is not set", len(todo))
        return 0
    transport, sent = None, 0
    try:
        for alert in todo:
            try:
                raw = alert_message(config, alert)
                if config.email.outbox_dir:
                    OutboxTransport(config.email.outbox_dir).write(alert.id, raw, kind="alert")
                else:
                    transport = transport or SmtpTransport(config.email, env=env)
                    transport.send(raw, admin)
            except SerieswatchError as exc:
                with db.session() as s:
                    AlertStore(s).mark_attempt(alert.id, str(exc))
                logger.warning("admin alert %d not mailed to %s (%s); trying again on the next run",
                               alert.id, admin, exc)
                if isinstance(exc, PermanentDeliveryError):
                    continue
                break                    # server, outbox or configuration trouble: the others would fail too
            with db.session() as s:
                AlertStore(s).mark_sent(alert.id)
            where = f"written to {config.email.outbox_dir} for" if config.email.outbox_dir else "mailed to"
            logger.info("admin alert %d %s %s: %s", alert.id, where, admin, alert.subject)
            sent += 1
    finally:
        if transport is not None:
            transport.close()
    return sent
