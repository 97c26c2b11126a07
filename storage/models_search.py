"""The search windows table: every (source, query, time window) the site search was asked for.

A window is pending until all its result pages were read and every article they named was
fetched (or found archived already): then done. Failed windows keep the error and are retried by
a later run or backfill; a window with more results than can be paged through is split in two.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class SearchWindow(Base):
    __tablename__ = "search_windows"
    __table_args__ = (UniqueConstraint("source", "keyword", "mode", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    keyword: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))             # run | backfill
    start: Mapped[datetime] = mapped_column(DateTime)         # naive UTC, inclusive
    end: Mapped[datetime] = mapped_column(DateTime)           # naive UTC
    status: Mapped[str] = mapped_column(String(12), default="pending")   # pending | done | failed | split | superseded
    pages: Mapped[int] = mapped_column(Integer, default=0)    # result pages read (last attempt)
    total: Mapped[int | None] = mapped_column(Integer)        # results the search reported
    fetched: Mapped[int] = mapped_column(Integer, default=0)  # article pages requested for it
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_kind: Mapped[str | None] = mapped_column(String(20))   # fetch | timeout | not_json | code | shape
    error: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


Index("ix_search_windows_lookup", SearchWindow.source, SearchWindow.keyword, SearchWindow.mode, SearchWindow.status)
