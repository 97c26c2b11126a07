"""Figures for each newly stored article text: extract (pure) → store and classify (storage)."""

from __future__ import annotations

import logging

from crawler.figures import extract_figures, home_of
from storage.figures import NEW_CLASSES, FigureStore

logger = logging.getLogger(__name__)


def figures_of(parsed, catalog) -> list:
    """The figures of a parsed article.  An extractor failure costs the article its figures, never
    the article: it is archived, the failure is logged, and `serieswatch reextract` tries again."""
    try:
        return extract_figures(parsed.text, language=parsed.language, published_at=parsed.published_at,
                               catalog=catalog, home=home_of(parsed.canonical_url or parsed.url, parsed.outlet))
    except Exception:       # a bug in the extractor must not lose the page
        logger.exception("figure extraction failed on %s; archived without figures (serieswatch reextract "
                         "retries)", parsed.url)
        return []


def make_figure_hook(config):
    catalog = tuple(config.indicators)

    def hook(session, parsed, result, figures=None) -> int:
        """Store and classify the figures of a new revision; `figures` already extracted (by a parse
        worker) are used as they are."""
        if figures is None:
            figures = figures_of(parsed, catalog)
        tracked = FigureStore(session).add_revision_figures(
            result.article_id, result.revision_id, figures, previous_revision_id=result.previous_revision_id)
        return sum(1 for t in tracked if t.tracking in NEW_CLASSES)

    return hook
