"""Reading figures for analysts: filtered listings and one indicator's history, with provenance, streamed.

Tracking and classification live in storage/figures.py; this module only reads its tables. Each
filter is one entry of `FILTERS` (a name → a WHERE clause on the joined figure, article and source
rows), so a new column becomes a filter with one line. Rows are read `BATCH` at a time as plain
database rows (no ORM objects kept), so exporting a million figures holds one batch in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterator

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from storage.articles import to_utc
from storage.models import Article, FigureRow, Source
from storage.tracking import NEW_CLASSES

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


def _select(filters: dict, *, current_only: bool = True, columns=None):
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown figure filter(s): {', '.join(sorted(unknown))}; known: {', '.join(FILTERS)}")
    q = (select(*(columns if columns is not None else (*FigureRow.__table__.c, *PROVENANCE)))
         .select_from(FigureRow)
         .join(Article, Article.id == FigureRow.article_id).join(Source, Source.id == Article.source_id))
    if current_only:
        q = q.where(FigureRow.is_current)
    for name, value in filters.items():
        if value is not None and value != "":
            q = q.where(FILTERS[name](value))
    return q


def _stream(session: Session, q, batch: int | None = None) -> Iterator:
    batch = batch or BATCH
    # Core rows on the session's connection: the ORM's row processing would double the cost.
    for part in session.connection().execute(q.execution_options(yield_per=batch)).partitions(batch):
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


def iter_figure_tuples(session: Session, names: list[str], *, limit: int | None = None, offset: int = 0,
                       current_only: bool = True, **filters) -> Iterator[tuple]:
    """Only the named columns of `iter_figures`, as tuples: the fast path of exports.

    Times come as the database gives them (text on SQLite), unparsed: the caller converts each
    distinct value once.
    """
    provenance = {c.name: c for c in PROVENANCE}
    provenance["published_at"] = type_coerce(Article.published_at, String).label("published_at")
    columns = [provenance[n] if n in provenance else FigureRow.__table__.c[n] for n in names]
    q = _select(filters, current_only=current_only, columns=columns).order_by(FigureRow.id.desc())
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    result = session.connection().execute(q.execution_options(yield_per=BATCH))
    return (t for part in result.partitions(BATCH) for t in part)


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
        """Tracking found sources disagreeing (storage/figures.py decides what a disagreement is:
        two regions' values, or values within each other's precision, are not one)."""
        return any(r.tracking == "conflict" for r in self.rows)

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


def held_values(session: Session, indicators) -> Iterator:
    """Per catalog indicator and period, the value held (the latest report, as `Observation.latest`):
    rows of (indicator, period, value, unit, quote, url), by indicator then period. One query for
    the home page's table, however many indicators and reports there are."""
    ranked = (select(FigureRow.indicator, FigureRow.period, FigureRow.value, FigureRow.unit, FigureRow.quote,
                     Article.url.label("url"),
                     func.row_number().over(partition_by=(FigureRow.indicator, FigureRow.period),
                                            order_by=(Article.published_at.desc().nullslast(), FigureRow.id.desc()))
                     .label("rank"))
              .join(Article, Article.id == FigureRow.article_id)
              .where(FigureRow.indicator.in_(list(indicators)), FigureRow.is_current, FigureRow.period.is_not(None))
              .subquery())
    q = (select(ranked.c.indicator, ranked.c.period, ranked.c.value, ranked.c.unit, ranked.c.quote, ranked.c.url)
         .where(ranked.c.rank == 1).order_by(ranked.c.indicator, ranked.c.period))
    return _stream(session, q)


# --- one figure as JSON (CLI records, the API, the web view) ----------------------------------

def json_number(value: float | None):
    """3176.0 → 3176: counts and yuan amounts read as the integers they are."""
    if value is not None and float(value).is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def figure_json(row: FigureRow) -> dict:
    return {
        "id": row.id, "value": json_number(row.value), "unit": row.unit, "measure_word": row.measure_word, "approx": row.approx,
        "kind": row.kind, "aggregation": row.aggregation, "status": row.status, "basis": row.basis,
        "period": row.period, "subject": row.subject, "region": row.region,
        "indicator": row.indicator, "quote": row.quote, "span": [row.span_start, row.span_end],
        "sentence": row.sentence, "tracking": row.tracking, "previous_value": json_number(row.previous_value),
        "article_id": row.article_id, "revision_id": row.revision_id,
    }


def figures_of_article(session: Session, article_id: int) -> list[dict]:
    q = (select(FigureRow).where(FigureRow.article_id == article_id, FigureRow.is_current)
         .order_by(FigureRow.span_start))
    return [figure_json(r) for r in session.scalars(q)]


def current_figures(session: Session) -> list[FigureRow]:
    """Every current figure (of each article's latest revision), newest first."""
    return list(session.scalars(select(FigureRow).where(FigureRow.is_current).order_by(FigureRow.id.desc())))


def indicator_history(session: Session, indicator: str) -> list[FigureRow]:
    """Every current figure of a catalog indicator, by period then publication order."""
    q = (select(FigureRow).where(FigureRow.indicator == indicator, FigureRow.is_current)
         .order_by(FigureRow.period, FigureRow.order_key))
    return list(session.scalars(q))


def new_figures_since(session: Session, after_id: int, *, indicators=None) -> list[FigureRow]:
    """Figures stored after *after_id* whose class is news (NEW_CLASSES), of these indicators if given."""
    q = select(FigureRow).where(FigureRow.id > after_id, FigureRow.tracking.in_(NEW_CLASSES)).order_by(FigureRow.id)
    rows = list(session.scalars(q))
    if indicators:
        rows = [r for r in rows if r.indicator in indicators]
    return rows
