"""Tables of the mail side: subscribers (with their watermarks) and the digest outbox.

A digest row is the whole rendered message (raw bytes, stable Message-ID), committed before any
attempt to send it, so a crash never loses a digest and a re-run never builds it twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base

DIGEST_STATUSES = ("pending", "sent", "failed")


class Subscriber(Base):
    """Who gets digests, in which language, for which indicators, and how far they have had news."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)       # stored lower-cased
    language: Mapped[str] = mapped_column(String(8), default="zh")
    indicators: Mapped[list] = mapped_column(JSON, default=list)       # empty: every figure
    token: Mapped[str] = mapped_column(String(64), unique=True)        # for the unsubscribe link
    created_at: Mapped[datetime] = mapped_column(DateTime)
    figure_watermark: Mapped[int] = mapped_column(Integer, default=0)  # last FigureRow.id covered
    article_watermark: Mapped[int] = mapped_column(Integer, default=0)  # last Article.id covered

    digests: Mapped[list[Digest]] = relationship(back_populates="subscriber", passive_deletes=True)


class Digest(Base):
    """One rendered digest in the outbox: pending until the mail server took it, then sent or failed."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    recipient: Mapped[str] = mapped_column(String(254))
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    subject: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    figure_watermark: Mapped[int] = mapped_column(Integer)             # figures up to this id are covered
    article_watermark: Mapped[int] = mapped_column(Integer)
    figure_count: Mapped[int] = mapped_column(Integer, default=0)

    subscriber: Mapped[Subscriber] = relationship(back_populates="digests")
