"""The admin alerts table: one row per occurrence of a problem, open until the problem clears.

A problem (`key`: run_failed, layout_change, run_degraded, coverage_silent, delivery_failing) has at
most one open row; the admin is mailed once per row (sent_at), however many runs it lasts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class Alert(Base):
    """One problem worth telling email.admin about: open while it lasts, mailed once."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)                          # the rendered text of the mail
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)   # null while the problem lasts
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)       # null until handed over
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
