"""Searching the full-text index: ranked or newest-first hits, and matches counted per period.

Ranking is the engine's: BM25 on SQLite (FTS5's `bm25()`, headline 3× the body), `ts_rank` on
PostgreSQL (headline weight A). Results are read in batches from the database as they are printed,
so an export of every hit holds one batch in memory, whatever the archive's size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterator

from sqlalchemy import select, text as sql
from sqlalchemy.orm import Session, selectinload

from storage.articles import to_utc
from storage.models import Article
from storage.search_query import Query

BATCH = 500
SORTS = ("rank", "date")
PERIODS = ("week", "month", "year")


@dataclass(frozen=True)
class SearchFilters:
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    language: str | None = None

    def sql(self) -> tuple[str, dict]:
        """WHERE clauses on `a` (articles), each value a bound parameter."""
        clauses, params = [], {}
        if self.since:
            clauses.append("a.published_at >= :since")
            params["since"] = to_utc(self.since)
        if self.until:
            clauses.append("a.published_at < :until")
            params["until"] = to_utc(self.until)
        if self.source:
            clauses.append("a.source_id IN (SELECT id FROM sources WHERE name = :source)")
            params["source"] = self.source
        if self.language:
            clauses.append("a.language = :language")
            params["language"] = self.language
        return "".join(f" AND {c}" for c in clauses), params


def _matches(dialect: str, query: Query) -> tuple[str, str, dict]:
    """(FROM … WHERE match, score expression, parameters) for this engine; higher score = more relevant."""
    if dialect == "sqlite":
        return ("articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH :q",
                "-bm25(articles_fts, 3.0, 1.0)", {"q": query.fts5()})
    return ("article_search s JOIN articles a ON a.id = s.article_id WHERE s.tsv @@ CAST(:q AS tsquery)",
            "ts_rank(s.tsv, CAST(:q AS tsquery))", {"q": query.tsquery()})


def search_hits(session: Session, query: Query, *, filters: SearchFilters = SearchFilters(), sort: str = "rank",
                limit: int | None = None, offset: int = 0) -> Iterator[tuple[Article, float]]:
    """(article, score) best first (or newest first with sort="date"), read in batches."""
    if query.empty:
        return
    source, score, params = _matches(session.get_bind().dialect.name, query)
    where, more = filters.sql()
    order = "score DESC, a.id DESC" if sort == "rank" else "a.published_at DESC NULLS LAST, a.id DESC"
    page = ""
    if limit is not None:
        page = " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    elif offset:
        page = " LIMIT -1 OFFSET :offset" if session.get_bind().dialect.name == "sqlite" else " OFFSET :offset"
        params["offset"] = offset
    stmt = sql(f"SELECT a.id AS id, {score} AS score FROM {source}{where} ORDER BY {order}{page}")
    result = session.execute(stmt.execution_options(yield_per=BATCH), {**params, **more})
    for batch in result.partitions(BATCH):
        ids = [r.id for r in batch]
        loaded = {a.id: a for a in session.scalars(
            select(Article).options(selectinload(Article.urls), selectinload(Article.source))
            .where(Article.id.in_(ids)))}
        for r in batch:
            yield loaded[r.id], float(r.score or 0.0)
        session.expunge_all()     # what was printed is not kept


def count_hits(session: Session, query: Query, *, filters: SearchFilters = SearchFilters()) -> int:
    if query.empty:
        return 0
    source, _, params = _matches(session.get_bind().dialect.name, query)
    where, more = filters.sql()
    return session.execute(sql(f"SELECT count(*) FROM {source}{where}"), {**params, **more}).scalar() or 0


def period_of(day: date, by: str) -> str:
    if by == "year":
        return f"{day.year}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _period_start(day: date, by: str) -> date:
    if by == "year":
        return date(day.year, 1, 1)
    if by == "month":
        return date(day.year, day.month, 1)
    return day - timedelta(days=day.weekday())


def _next_day(day: date, by: str) -> date:
    if by == "year":
        return date(day.year + 1, 1, 1)
    if by == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + timedelta(days=7)


def count_by_period(session: Session, query: Query, *, by: str = "month", tz=timezone.utc,
                    filters: SearchFilters = SearchFilters()) -> list[dict]:
    """[{period, articles}] from the first period with a match to the last, empty periods as 0.

    Periods are calendar periods in `tz` (the archive's zone); weeks are ISO weeks (2024-W17).
    """
    if query.empty:
        return []
    source, _, params = _matches(session.get_bind().dialect.name, query)
    where, more = filters.sql()
    stmt = sql(f"SELECT a.published_at AS published_at FROM {source}{where} AND a.published_at IS NOT NULL")
    counts: Counter = Counter()
    first = last = None
    for batch in session.execute(stmt.execution_options(yield_per=5000), {**params, **more}).partitions(5000):
        for (published,) in batch:
            if isinstance(published, str):        # raw SQLite text
                published = datetime.fromisoformat(published)
            day = published.replace(tzinfo=timezone.utc).astimezone(tz).date()
            counts[period_of(day, by)] += 1
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
    if first is None:
        return []
    rows, day = [], _period_start(first, by)
    while day <= last:
        label = period_of(day, by)
        rows.append({"period": label, "articles": counts.get(label, 0)})
        day = _next_day(day, by)
    return rows
