"""Read-only queries for the command line and, later, the web view."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.articles import to_utc
from storage.models import Article, ArticleUrl, PageFailure, Revision, Run, Source


def list_articles(session: Session, *, since: datetime | None = None, until: datetime | None = None,
                  source: str | None = None, limit: int | None = None) -> list[Article]:
    """Archived articles newest first, all in memory (for small archives: tests, the demo)."""
    return list(iter_articles(session, since=since, until=until, source=source, limit=limit))


def archive_totals(session: Session) -> dict:
    return {
        "articles": session.scalar(select(func.count(Article.id))) or 0,
        "urls": session.scalar(select(func.count(ArticleUrl.id))) or 0,
        "revisions": session.scalar(select(func.count(Revision.id))) or 0,
        "runs": session.scalar(select(func.count(Run.id))) or 0,
        "latest_published_at": session.scalar(select(func.max(Article.published_at))),
    }


def run_failures(session: Session, run_id: int) -> list[PageFailure]:
    return list(session.scalars(select(PageFailure).where(PageFailure.run_id == run_id).order_by(PageFailure.id)))


def iter_articles(session: Session, *, since: datetime | None = None, until: datetime | None = None,
                  source: str | None = None, limit: int | None = None, offset: int = 0,
                  batch: int = 500):
    """Archived articles newest first, read `batch` at a time (the session's identity map is weak:
    what was yielded and dropped is not kept)."""
    q = (select(Article).options(selectinload(Article.urls), selectinload(Article.source))
         .order_by(Article.published_at.desc().nullslast(), Article.id.desc()))
    if since:
        q = q.where(Article.published_at >= to_utc(since))
    if until:
        q = q.where(Article.published_at < to_utc(until))
    if source:
        q = q.join(Source).where(Source.name == source)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    for part in session.execute(q.execution_options(yield_per=batch)).scalars().partitions(batch):
        yield from part


def search_articles(session: Session, query: str, *, since: datetime | None = None, until: datetime | None = None,
                    limit: int = 50) -> list[Article]:
    """Articles matching a search query, best first (storage/search.py has the options)."""
    from storage.search import SearchFilters, search_hits
    from storage.search_query import parse_query
    return [a for a, _ in search_hits(session, parse_query(query), filters=SearchFilters(since=since, until=until),
                                      limit=limit)]


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_search_articles(session: Session, query: str, *, since: datetime | None = None,
                         until: datetime | None = None, limit: int = 50) -> list[Article]:
    """The search before the index: a substring scan of every article (kept to compare in benchmarks)."""
    terms = [t for t in query.split() if t][:10]
    q = (select(Article).options(selectinload(Article.source), selectinload(Article.urls))
         .order_by(Article.published_at.desc().nullslast(), Article.id.desc()).limit(limit))
    for term in terms:
        pattern = f"%{_like_escape(term.lower())}%"
        q = q.where(func.lower(Article.title).like(pattern, escape="\\") |
                    func.lower(Article.text).like(pattern, escape="\\"))
    if since:
        q = q.where(Article.published_at >= to_utc(since))
    if until:
        q = q.where(Article.published_at < to_utc(until))
    return list(session.scalars(q))


def archive_version(session: Session) -> tuple:
    """Changes whenever a run, an article, a revision or a figure is added (each an index lookup):
    readers key caches of whole-archive summaries on it."""
    from storage.models import FigureRow
    return tuple(session.scalar(select(func.max(c))) for c in (Run.id, Run.finished_at, Article.id, Revision.id,
                                                                 FigureRow.id))
