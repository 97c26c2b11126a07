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


class FigureTracker:
    """The pipeline's figure hook: stores and classifies the figures of each new revision of a
    store batch; figures older than their series wait for settle(), which classifies them for the
    whole batch at once (a crawl goes newest first: nearly every article is such a late one)."""

    def __init__(self, config):
        self.catalog = tuple(config.indicators)
        self._store: FigureStore | None = None

    def __call__(self, session, parsed, result, figures=None) -> int:
        """The number of new figures classified now; `figures` already extracted (by a parse worker)
        are used as they are."""
        if figures is None:
            figures = figures_of(parsed, self.catalog)
        if self._store is None or self._store.session is not session:
            self._store = FigureStore(session)      # (a batch that failed left its store behind)
        tracked = self._store.add_revision_figures(result.article_id, result.revision_id, figures,
                                                   previous_revision_id=result.previous_revision_id, defer=True)
        return _new(tracked)

    def settle(self, session) -> int:
        """Classify what the batch left waiting, before it commits; the number of new figures."""
        store, self._store = self._store, None
        if store is None or store.session is not session:
            return 0
        return _new(store.settle())


def _new(tracked) -> int:
    return sum(1 for t in tracked if t.tracking in NEW_CLASSES)


def make_figure_hook(config) -> FigureTracker:
    return FigureTracker(config)
