"""Re-extraction: run the current figure extractor over every archived article's current text.

Used after the extractor improves. Each article's figures are compared with what is stored; changed
sets replace the stored ones (classified against the article's own earlier figures, so an unchanged
number stays a repeat) and are reported; then all tracking is rebuilt from scratch in publication order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timezone

from sqlalchemy import select

from crawler.figures import extract_figures, home_of
from storage.figures import FigureStore
from storage.models import Article, FigureRow, Revision

logger = logging.getLogger(__name__)


def _key(value, unit, period, quote, start) -> tuple:
    return (round(float(value), 6), unit, period, quote, start)


@dataclass
class ArticleChange:
    article_id: int
    title: str
    added: list = field(default_factory=list)      # quotes now found
    removed: list = field(default_factory=list)    # quotes no longer found


def reextract(db, catalog, *, dry_run: bool = False, progress=None) -> list[ArticleChange]:
    changes = []
    with db.session() as s:
        ids = list(s.scalars(select(Article.id).order_by(Article.id)))
    for n, article_id in enumerate(ids, 1):
        with db.session() as s:
            article = s.get(Article, article_id)
            revision = s.scalars(select(Revision).where(Revision.article_id == article_id)
                                 .order_by(Revision.number.desc())).first()
            published = article.published_at.replace(tzinfo=timezone.utc) if article.published_at else None
            figures = extract_figures(revision.text, language=article.language, published_at=published,
                                      catalog=catalog, home=home_of(article.url, article.outlet))
            stored = list(s.scalars(select(FigureRow).where(FigureRow.revision_id == revision.id,
                                                            FigureRow.is_current)))
            old = {_key(r.value, r.unit, r.period, r.quote, r.span_start): r.quote for r in stored}
            new = {_key(f.value, f.unit, f.period, f.quote, f.span[0]): f.quote for f in figures}
            if old.keys() != new.keys():
                change = ArticleChange(article_id, article.title,
                                       added=[new[k] for k in new.keys() - old.keys()],
                                       removed=[old[k] for k in old.keys() - new.keys()])
                changes.append(change)
                if not dry_run:
                    FigureStore(s).add_revision_figures(article_id, revision.id, figures,
                                                        previous_revision_id=revision.id)
            if dry_run:
                s.rollback()
        if progress:
            progress(n, len(ids))
    if not dry_run:
        with db.session() as s:        # every class from scratch, in publication order
            FigureStore(s).replay_all()
    return changes
