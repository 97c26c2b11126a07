"""The digest outbox: rows created with their subscriber's watermark move, then sent, retried or failed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from storage.articles import utcnow
from storage.models_mail import DIGEST_STATUSES, Digest, Subscriber

BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20 … capped at 6 h: the wait before the next attempt after `attempts` failures."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


class DeliveryStore:
    """Outbox reads and writes inside one session (the caller owns the transaction)."""

    def __init__(self, session: Session):
        self.session = session

    def create(self, subscriber: Subscriber, *, run_id: int | None, message_id: str, subject: str, raw: bytes,
               figure_watermark: int, article_watermark: int, figure_count: int, now=None) -> Digest:
        """A pending digest; the subscriber's watermarks move in the same transaction."""
        now = now or utcnow()
        digest = Digest(subscriber_id=subscriber.id, run_id=run_id, recipient=subscriber.email,
                        message_id=message_id, subject=subject, raw=raw, created_at=now, status="pending",
                        attempts=0, next_attempt_at=now, figure_watermark=figure_watermark,
                        article_watermark=article_watermark, figure_count=figure_count)
        self.session.add(digest)
        subscriber.figure_watermark = max(subscriber.figure_watermark or 0, figure_watermark)
        subscriber.article_watermark = max(subscriber.article_watermark or 0, article_watermark)
        self.session.flush()
        return digest

    def get(self, digest_id: int) -> Digest | None:
        return self.session.get(Digest, digest_id)

    def due_ids(self, *, now: datetime | None = None) -> list[int]:
        """Pending digests whose next attempt is due, oldest first."""
        now = now or utcnow()
        q = (select(Digest.id).where(Digest.status == "pending",
                                     or_(Digest.next_attempt_at.is_(None), Digest.next_attempt_at <= now))
             .order_by(Digest.id))
        return list(self.session.scalars(q))

    def mark_sent(self, digest_id: int, *, now=None) -> None:
        # One UPDATE, no ORM load: this runs once per message on the sending hot path.
        self.session.execute(update(Digest).where(Digest.id == digest_id).values(
            status="sent", sent_at=now or utcnow(), attempts=Digest.attempts + 1, last_error=None,
            next_attempt_at=None))

    def mark_failed(self, digest_id: int, error: str, *, now=None) -> None:
        d = self.session.get(Digest, digest_id)
        d.status, d.attempts, d.last_error, d.next_attempt_at = "failed", d.attempts + 1, error[:2000], None

    def defer(self, digest_id: int, error: str, *, max_attempts: int, now=None) -> str:
        """A temporary failure: try again after a backoff, or give up (failed) after max_attempts; the new status."""
        now = now or utcnow()
        d = self.session.get(Digest, digest_id)
        d.attempts += 1
        d.last_error = error[:2000]
        if d.attempts >= max_attempts:
            d.status, d.next_attempt_at = "failed", None
            d.last_error = f"gave up after {d.attempts} attempts: {error}"[:2000]
        else:
            d.next_attempt_at = now + backoff(d.attempts)
        return d.status

    def hold(self, digest_ids: list[int], until: datetime) -> None:
        """Digests not tried because the server was found down: they wait with the ones that were
        (the same backoff, no attempt counted)."""
        if digest_ids:
            self.session.execute(update(Digest).where(Digest.id.in_(digest_ids), Digest.status == "pending")
                                 .values(next_attempt_at=until))

    def pending_count(self) -> int:
        return self.session.scalar(select(func.count(Digest.id)).where(Digest.status == "pending")) or 0

    def next_attempt_at(self) -> datetime | None:
        """When the earliest pending digest will be tried again (UTC), or None when nothing waits."""
        return self.session.scalar(select(func.min(Digest.next_attempt_at)).where(Digest.status == "pending"))

    def for_subscriber(self, subscriber_id: int) -> list[Digest]:
        return list(self.session.scalars(select(Digest).where(Digest.subscriber_id == subscriber_id)
                                         .order_by(Digest.id)))

    def recent(self, limit: int = 20, *, status: str | None = None) -> list[Digest]:
        q = select(Digest).order_by(Digest.id.desc()).limit(limit)
        if status:
            q = q.where(Digest.status == status)
        return list(self.session.scalars(q))


def delivery_totals(session: Session) -> dict:
    """{"pending": n, "sent": n, "failed": n} over the whole outbox (for `status`)."""
    counts = dict(session.execute(select(Digest.status, func.count(Digest.id)).group_by(Digest.status)).all())
    return {s: int(counts.get(s, 0)) for s in DIGEST_STATUSES}
