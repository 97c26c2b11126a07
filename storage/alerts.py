"""Admin alerts: at most one open alert per problem key; opened, resolved, and mailed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.articles import utcnow
from storage.models_alerts import Alert


class AlertStore:
    """Alert reads and writes inside one session (the caller owns the transaction).

    Only one cycle runs at a time (the archive's cycle lock), so "open unless already open" needs
    no further locking.
    """

    def __init__(self, session: Session):
        self.session = session

    def current(self, key: str) -> Alert | None:
        """The open alert for this problem, if any."""
        q = select(Alert).where(Alert.key == key, Alert.resolved_at.is_(None)).order_by(Alert.id.desc()).limit(1)
        return self.session.scalars(q).first()

    def open_or_get(self, key: str, *, subject: str, body: str, run_id: int | None = None,
                    now: datetime | None = None) -> tuple[Alert, bool]:
        """(alert, is_new): the problem's open alert, or a new one when none is open."""
        existing = self.current(key)
        if existing is not None:
            return existing, False
        alert = Alert(key=key, subject=subject, body=body, opened_at=now or utcnow(), attempts=0, run_id=run_id)
        self.session.add(alert)
        self.session.flush()
        return alert, True

    def resolve(self, key: str, *, now: datetime | None = None) -> Alert | None:
        """Close the problem's open alert; the alert closed, or None when none was open."""
        alert = self.current(key)
        if alert is not None:
            alert.resolved_at = now or utcnow()
        return alert

    def get(self, alert_id: int) -> Alert | None:
        return self.session.get(Alert, alert_id)

    def unsent(self) -> list[Alert]:
        """Alerts not yet handed to the mail server or outbox, oldest first (resolved ones included:
        the admin still hears, once, of a problem that cleared before the mail could go out)."""
        return list(self.session.scalars(select(Alert).where(Alert.sent_at.is_(None)).order_by(Alert.id)))

    def mark_sent(self, alert_id: int, *, now: datetime | None = None) -> None:
        self.session.execute(update(Alert).where(Alert.id == alert_id).values(
            sent_at=now or utcnow(), attempts=Alert.attempts + 1, last_error=None))

    def mark_attempt(self, alert_id: int, error: str) -> None:
        """A failed attempt to mail the alert: it stays unsent and goes out on a later run."""
        self.session.execute(update(Alert).where(Alert.id == alert_id).values(
            attempts=Alert.attempts + 1, last_error=error[:2000]))

    def active(self) -> list[Alert]:
        """Every open alert, oldest first."""
        return list(self.session.scalars(select(Alert).where(Alert.resolved_at.is_(None)).order_by(Alert.id)))
