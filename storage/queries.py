"""Read-only queries for the command line and, later, the web view."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.articles import to_utc
from storage.models import Article, ArticleUrl, PageFailure, Revision, Run, Source


def list_articles(session: Session, *, since: datetime | None = None, until: datetime | None = None,
                  source: str | None = None, limit: int | None = None) -> list[Article]:
    q = (select(Article).options(selectinload(Article.urls), selectinload(Article.source))
         .order_by(Article.published_at.desc().nullslast(), Article.id.desc()))
    if since:
        q = q.where(Article.published_at >= to_utc(since))
    if until:
        q = q.where(Article.published_at < to_utc(until))
    if source:
        q = q.join(Source).where(Source.name == source)
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q))


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


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_articles(session: Session, query: str, *, since: datetime | None = None, until: datetime | None = None,
                    limit: int = 50) -> list[Article]:
    """Articles whose title or text contains every whitespace-separated term (case-insensitive).

    Substring matching suits Chinese, which has no spaces between words; terms are bound parameters
    with LIKE wildcards escaped, so SQL or FTS syntax in a query is just text to find.
    """
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
