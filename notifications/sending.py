"""Draining the outbox: every due pending digest is handed to the transport and its outcome recorded.

Each outcome is committed on its own right after the server answers, so a crash re-sends at most
the digests in flight (one per connection), each with its stored Message-ID. SMTP sending uses a
few connections in threads (SMTP_CONNECTIONS): the time goes into waiting for server replies.
A 535 or an unreachable server stops the whole drain for this run; 4xx defers one digest with
backoff; 5xx fails it for good.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

from notifications.transport import OutboxTransport, SmtpTransport
from serieswatch.errors import PermanentDeliveryError, SmtpAuthError, TemporaryDeliveryError
from storage.articles import utcnow
from storage.deliveries import DeliveryStore, backoff
from storage.models_mail import Digest

logger = logging.getLogger(__name__)

BATCH = 200
SMTP_CONNECTIONS = 4


@dataclass
class DeliveryReport:
    created: int = 0
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    pending: int = 0
    problems: list[str] = field(default_factory=list)
    next_attempt: str | None = None     # local time of the next try of what waits (set by send_pending)

    @property
    def status(self) -> str:
        return "degraded" if self.failed or self.deferred or self.problems else "ok"

    @property
    def reason(self) -> str | None:
        bits = list(self.problems)
        if self.failed:
            bits.append(f"{self.failed} digest(s) refused for good")
        if self.deferred or (self.pending and self.problems):
            bits.append(f"{self.pending} digest(s) wait in the outbox for a later run")
        elif self.pending and self.next_attempt:
            # Still backing off after an earlier outage: nothing was tried, and the run says so.
            bits.append(f"{self.pending} digest(s) waiting, next attempt at {self.next_attempt}")
        return "; ".join(bits) or None


class _Drain:
    """Shared state of one drain: the queue of digest ids (fed while digests are being built), the report,
    and the stop flag."""

    def __init__(self, config, db, due: list[int], now: datetime, *, open_: bool = False):
        self.config, self.db, self.now = config, db, now
        self.due = list(due)
        self.report = DeliveryReport()
        self.lock = threading.Condition()
        self.stopped = False
        self.closed = not open_            # open: more ids may come through add()
        self._batch: list = []

    def add(self, ids: list[int]) -> None:
        """Queue digests that have just been committed to the outbox."""
        with self.lock:
            self.due.extend(ids)
            self.lock.notify_all()

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.lock.notify_all()

    def next(self):
        with self.lock:
            while True:
                if self.stopped:
                    return None
                if self._batch:
                    return self._batch.pop()
                if self.due:
                    ids, self.due = self.due[:BATCH], self.due[BATCH:]
                    with self.db.session() as s:
                        self._batch = [(d.id, d.raw, d.recipient) for d in
                                       s.query(Digest).filter(Digest.id.in_(ids), Digest.status == "pending")
                                       .order_by(Digest.id.desc())]
                    continue
                if self.closed:
                    return None
                self.lock.wait()

    def untried(self) -> list[int]:
        """Digest ids a stopped drain never took."""
        with self.lock:
            return [i for i in self.due] + [item[0] for item in self._batch] if self.stopped else []

    def stop(self, problem: str | None = None) -> None:
        with self.lock:
            if not self.stopped and problem:
                self.report.problems.append(problem)
            self.stopped = True
            self.lock.notify_all()

    def count(self, what: str) -> None:
        with self.lock:
            setattr(self.report, what, getattr(self.report, what) + 1)

    def deliver(self, transport) -> None:
        """Worker loop: take digests until the queue is empty or the drain stops."""
        try:
            while (item := self.next()) is not None:
                self._one(transport, *item)
        finally:
            transport.close()

    def _one(self, transport, digest_id: int, raw: bytes, recipient: str) -> None:
        config, db = self.config, self.db
        try:
            if isinstance(transport, OutboxTransport):
                transport.write(digest_id, raw)
            else:
                transport.send(raw, recipient)
        except SmtpAuthError as exc:
            logger.error("%s", exc)
            self.stop(str(exc))
            return
        except TemporaryDeliveryError as exc:
            with db.session() as s:
                status = DeliveryStore(s).defer(digest_id, str(exc), max_attempts=config.email.max_attempts,
                                                now=self.now)
            self.count("failed" if status == "failed" else "deferred")
            if status == "failed":     # counted in digests_failed: the run-level alert check tells the admin
                logger.error("digest %d to %s given up: %s", digest_id, recipient, exc)
            else:
                logger.warning("digest %d to %s deferred: %s", digest_id, recipient, exc)
            if exc.unreachable:
                self.stop(str(exc))
            return
        except PermanentDeliveryError as exc:
            with db.session() as s:
                DeliveryStore(s).mark_failed(digest_id, str(exc), now=self.now)
            self.count("failed")
            logger.error("digest %d to %s failed: %s", digest_id, recipient, exc)
            return
        with db.session() as s:
            DeliveryStore(s).mark_sent(digest_id, now=self.now)
        self.count("sent")


def send_pending(config, db, *, now: datetime | None = None, env=None, produce=None) -> DeliveryReport:
    """Try every due pending digest (earlier runs' first); never raises for delivery trouble.

    `produce(add)`, when given, builds new digests while the connections already send: it must call
    `add(ids)` with each batch of digest ids right after that batch is committed.
    """
    now = now or utcnow()
    with db.session() as s:
        due = DeliveryStore(s).due_ids(now=now)
    drain = _Drain(config, db, due, now, open_=produce is not None)
    if config.email.outbox_dir:
        if produce is not None:
            produce(drain.add)
            drain.close()
        drain.deliver(OutboxTransport(config.email.outbox_dir))
    elif due or produce is not None:
        _run_connections(config, drain, env, produce)
    untried = drain.untried()
    with db.session() as s:
        if untried and drain.report.deferred:    # the server is down: what was not tried waits with the rest
            DeliveryStore(s).hold(untried, until=now + backoff(1))
    with db.session() as s:
        drain.report.pending = DeliveryStore(s).pending_count()
        nxt = DeliveryStore(s).next_attempt_at() if drain.report.pending else None
    if nxt is not None:
        drain.report.next_attempt = waiting_since(nxt, config.tz)
    return drain.report


def waiting_since(next_attempt_utc: datetime, tz) -> str:
    """"2026-12-02 12:30+08:00": a naive UTC time from the outbox, in the configured zone, for people."""
    local = next_attempt_utc.replace(tzinfo=timezone.utc).astimezone(tz)
    return local.isoformat(sep=" ", timespec="minutes")


def _run_connections(config, drain: _Drain, env, produce) -> None:
    errors: list[BaseException] = []

    def work():
        try:
            drain.deliver(SmtpTransport(config.email, env=env))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread below
            drain.stop()
            errors.append(exc)

    extra = SMTP_CONNECTIONS - 1 if produce is not None else min(SMTP_CONNECTIONS, len(drain.due)) - 1
    threads = [threading.Thread(target=work, name=f"smtp-{n}", daemon=True) for n in range(extra)]
    for t in threads:
        t.start()
    try:
        if produce is not None:
            produce(drain.add)
    except BaseException:
        drain.stop()
        raise
    finally:
        drain.close()
        if errors or drain.stopped:
            for t in threads:
                t.join()
    work()                          # the calling thread is one more connection
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
