"""Reading figures for analysts: filtered listings and one indicator's history, with provenance, streamed.

Tracking and classification live in storage/figures.py; this module only reads its tables. Each
filter is one entry of `FILTERS` (a name → a WHERE clause on the joined figure, article and source
rows), so a new column becomes a filter with one line. Rows are read `BATCH` at a time as plain
database rows (no ORM objects kept), so exporting a million figures holds one batch in memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.articles import to_utc
from storage.models import Article, FigureRow, Source

BATCH = 1000

# A period bound given as a year ("2023") covers its quarters and months ("2023-Q4", "2023-07"):
# periods compare as text, and "~" sorts after every character a period is written with.
_PERIOD_END = "~"

FILTERS: dict[str, Callable] = {
    "indicator": lambda v: FigureRow.indicator == v,
    "region": lambda v: func.lower(FigureRow.region) == v.lower(),
    "period_from": lambda v: FigureRow.period >= v,
    "period_to": lambda v: FigureRow.period <= v + _PERIOD_END,
    "source": lambda v: Source.name == v,
    "tracking": lambda v: FigureRow.tracking == v,              # --class
    "article": lambda v: FigureRow.article_id == int(v),
    "since": lambda v: FigureRow.first_seen_at >= to_utc(v),    # first seen by the archive
    "unit": lambda v: FigureRow.unit == v,
}

PROVENANCE = (Article.url.label("url"), Article.title.label("title"), Article.published_at.label("published_at"),
              Source.name.label("source"))


def _select(filters: dict, *, current_only: bool = True):
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown figure filter(s): {', '.join(sorted(unknown))}; known: {', '.join(FILTERS)}")
    q = (select(*FigureRow.__table__.c, *PROVENANCE)
         .join(Article, Article.id == FigureRow.article_id).join(Source, Source.id == Article.source_id))
    if current_only:
        q = q.where(FigureRow.is_current)
    for name, value in filters.items():
        if value is not None and value != "":
            q = q.where(FILTERS[name](value))
    return q


def _stream(session: Session, q, batch: int | None = None) -> Iterator:
    batch = batch or BATCH
    for part in session.execute(q.execution_options(yield_per=batch)).partitions(batch):
        yield from part


def iter_figures(session: Session, *, limit: int | None = None, offset: int = 0, current_only: bool = True,
                 **filters) -> Iterator:
    """Figure rows with their article's url, title, published_at and source name, newest first."""
    q = _select(filters, current_only=current_only).order_by(FigureRow.id.desc())
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return _stream(session, q)


def iter_figure_tuples(session: Session, *, limit: int | None = None, offset: int = 0, current_only: bool = True,
                       **filters) -> tuple[list[str], Iterator[tuple]]:
    """The rows of `iter_figures` as plain tuples, with their column names: the fast path of exports."""
    q = _select(filters, current_only=current_only).order_by(FigureRow.id.desc())
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    result = session.connection().execute(q.execution_options(yield_per=BATCH))
    return list(result.keys()), (t for part in result.partitions(BATCH) for t in part)


def iter_history_rows(session: Session, indicator: str, **filters) -> Iterator:
    """Every current figure of one indicator (catalog id, or a tracked series key), by period then age."""
    column = FigureRow.series if indicator.startswith("~") else FigureRow.indicator
    q = (_select(filters).where(column == indicator)
         .order_by(FigureRow.period.nullsfirst(), Article.published_at, FigureRow.id))
    return _stream(session, q)


@dataclass
class Observation:
    """One period of an indicator: every source's value, the value we hold, and what disagrees."""

    period: str | None
    rows: list

    @property
    def latest(self):
        """The most recently published report: a later article's value revises an earlier one's."""
        return max(self.rows, key=lambda r: (r.published_at or datetime.min, r.id))

    @property
    def conflict(self) -> bool:
        values = [r.value for r in self.rows]
        return any(not math.isclose(v, values[0], rel_tol=1e-9, abs_tol=1e-9) for v in values[1:]) or \
            any(r.tracking == "conflict" for r in self.rows)

    @property
    def revised(self) -> bool:
        return any(r.tracking == "revised" for r in self.rows)


def iter_history(session: Session, indicator: str, **filters) -> Iterator[Observation]:
    """One `Observation` per period, in period order; only one period's rows are held at a time."""
    current: Observation | None = None
    for row in iter_history_rows(session, indicator, **filters):
        if current is not None and row.period != current.period:
            yield current
            current = None
        if current is None:
            current = Observation(row.period, [])
        current.rows.append(row)
    if current is not None:
        yield current


def indicator_exists(session: Session, indicator: str) -> bool:
    column = FigureRow.series if indicator.startswith("~") else FigureRow.indicator
    return session.scalar(select(FigureRow.id).where(column == indicator).limit(1)) is not None
