"""Searching the full-text index: ranked or newest-first hits, and matches counted per period.

Ranking is the engine's: BM25 on SQLite (FTS5's `bm25()`, headline 3× the body), `ts_rank` on
PostgreSQL (headline weight A). Results are read in batches from the database as they are printed,
so an export of every hit holds one batch in memory, whatever the archive's size.
"""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class _Engine:
    """The SQL of one engine's index: matching ids, the relevance score, and the article id column."""

    match: str          # FROM … WHERE <the query matches>, over the index alone
    joined: str         # the same joined with articles as `a` (for filters)
    key: str            # the article id column of the index
    score: str          # higher = more relevant
    date_hint: str      # walk articles in date order (SQLite needs telling)

    def source(self, where: str) -> str:
        return self.joined if where else self.match


_ENGINES = {
    "sqlite": _Engine(match="articles_fts WHERE articles_fts MATCH :q",
                      joined="articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH :q",
                      key="articles_fts.rowid", score="-bm25(articles_fts, 3.0, 1.0)",
                      date_hint=" INDEXED BY ix_articles_published_at"),
    "postgresql": _Engine(match="article_search s WHERE s.tsv @@ CAST(:q AS tsquery)",
                          joined="article_search s JOIN articles a ON a.id = s.article_id "
                                 "WHERE s.tsv @@ CAST(:q AS tsquery)",
                          key="s.article_id", score="ts_rank(s.tsv, CAST(:q AS tsquery))", date_hint=""),
}

# On SQLite, a query matching more articles than this (京津冀 in an archive of the series matches
# all of them) is ranked among its RANK_WINDOW most recently archived matches first, then the older
# ones: BM25 over every match of a word in 100,000 articles costs ~150 ms, over this window ~10 ms.
RANK_WINDOW = 10_000


def _engine(session: Session, query: Query) -> tuple[_Engine, dict]:
    dialect = session.get_bind().dialect.name
    engine = _ENGINES["sqlite" if dialect == "sqlite" else "postgresql"]
    return engine, {"q": query.fts5() if dialect == "sqlite" else query.tsquery()}


def _page(session: Session, limit: int | None, offset: int) -> tuple[str, dict]:
    if limit is not None:
        return " LIMIT :limit OFFSET :offset", {"limit": limit, "offset": offset}
    if offset:
        sqlite = session.get_bind().dialect.name == "sqlite"
        return (" LIMIT -1 OFFSET :offset" if sqlite else " OFFSET :offset"), {"offset": offset}
    return "", {}


def rank_window_start(session: Session, query: Query, filters: SearchFilters = SearchFilters()) -> int | None:
    """The id of the RANK_WINDOW-th newest match when there are more matches than that, else None.

    Found by walking the matches newest first: free in FTS5. PostgreSQL walks its primary key reading
    documents, which is quick only when matches are many, so it asks the planner's estimate first.
    """
    if query.empty:
        return None
    engine, params = _engine(session, query)
    if session.get_bind().dialect.name != "sqlite":
        plan = session.execute(sql(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {engine.match}"), params).scalar()
        if isinstance(plan, str):
            plan = json.loads(plan)
        if plan[0]["Plan"]["Plan Rows"] <= RANK_WINDOW:
            return None
    where, more = filters.sql()
    stmt = sql(f"SELECT {engine.key} FROM {engine.source(where)}{where} ORDER BY {engine.key} DESC "
               f"LIMIT 1 OFFSET :n")
    return session.execute(stmt, {**params, **more, "n": RANK_WINDOW - 1}).scalar()


def search_hits(session: Session, query: Query, *, filters: SearchFilters = SearchFilters(), sort: str = "rank",
                limit: int | None = None, offset: int = 0) -> Iterator[tuple[Article, float | None]]:
    """(article, score) best first, or newest first with sort="date" (score None), read in batches.

    Ranking beyond RANK_WINDOW matches: the window's matches come first (see RANK_WINDOW); a page
    inside the window reads the window only.
    """
    if query.empty:
        return
    engine, params = _engine(session, query)
    where, more = filters.sql()
    page, paging = _page(session, limit, offset)
    if sort == "date":
        stmt = (f"SELECT a.id AS id, NULL AS score FROM articles a{engine.date_hint} "
                f"WHERE a.id IN (SELECT {engine.key} FROM {engine.match}){where} "
                f"ORDER BY a.published_at DESC{'' if engine.date_hint else ' NULLS LAST'}, a.id DESC{page}")
    else:
        start = rank_window_start(session, query, filters)
        window, order = "", "score DESC, id DESC"
        if start is not None and limit is not None and offset + limit <= RANK_WINDOW:
            window = f" AND {engine.key} >= :start"
        elif start is not None:
            order = f"({engine.key} >= :start) DESC, score DESC, id DESC"
        stmt = (f"SELECT {engine.key} AS id, {engine.score} AS score FROM {engine.source(where)}{where}{window} "
                f"ORDER BY {order}{page}")
        params["start"] = start
    result = session.execute(sql(stmt).execution_options(yield_per=BATCH), {**params, **more, **paging})
    for batch in result.partitions(BATCH):
        ids = [r.id for r in batch]
        loaded = {a.id: a for a in session.scalars(
            select(Article).options(selectinload(Article.urls), selectinload(Article.source))
            .where(Article.id.in_(ids)))}
        for r in batch:
            yield loaded[r.id], (None if r.score is None else float(r.score))
        session.expunge_all()     # what was printed is not kept (a read-only session)


def count_hits(session: Session, query: Query, *, filters: SearchFilters = SearchFilters()) -> int:
    if query.empty:
        return 0
    engine, params = _engine(session, query)
    where, more = filters.sql()
    return session.execute(sql(f"SELECT count(*) FROM {engine.source(where)}{where}"), {**params, **more}).scalar() or 0


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
    engine, params = _engine(session, query)
    where, more = filters.sql()
    stmt = sql(f"SELECT a.published_at AS published_at FROM articles a{engine.date_hint} "
               f"WHERE a.id IN (SELECT {engine.key} FROM {engine.match}) AND a.published_at IS NOT NULL{where}")
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
