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
    store batch.  Figures older than their series (a crawl goes newest first: nearly every article
    of a long crawl) wait, committed as waiting, and are classified together once *settle_every* of
    them wait and when the crawl ends: one re-decision of each touched period for thousands of
    figures.  What a killed crawl left waiting is settled by the next one."""

    SETTLE_EVERY = 20_000        # figures (~1,000 articles); a daily run settles once, at the end

    def __init__(self, config, *, settle_every: int | None = None):
        self.catalog = tuple(config.indicators)
        self.settle_every = settle_every or self.SETTLE_EVERY
        self._store: FigureStore | None = None
        self._waiting: list[dict] | None = None        # committed and waiting, carried across batches

    def __call__(self, session, parsed, result, figures=None) -> int:
        """The number of new figures classified now; `figures` already extracted (by a parse worker)
        are used as they are."""
        if figures is None:
            figures = figures_of(parsed, self.catalog)
        tracked = self._store_for(session).add_revision_figures(
            result.article_id, result.revision_id, figures, previous_revision_id=result.previous_revision_id,
            defer=True)
        return _new(tracked)

    def _store_for(self, session) -> FigureStore:
        if self._store is None or self._store.session is not session:
            # (a batch that failed left its store behind: what waited before it still waits)
            self._store = FigureStore(session, waiting=self._waiting)
            if self._waiting is None:
                loaded = self._store.load_waiting()
                if loaded:
                    logger.info("%d figure(s) an earlier crawl left unclassified are classified with this one",
                                len(loaded))
        return self._store

    def rolled_back(self) -> None:
        """A batch's transaction failed: what waits is what the archive says (read back on next use)."""
        self._store, self._waiting = None, None

    def settle(self, session, *, final: bool = False) -> int:
        """Before a batch commits: classify what waits once enough does (everything when *final*);
        the number of new figures classified."""
        store = self._store_for(session) if final else self._store
        self._store = None
        if store is None or store.session is not session:
            return 0
        waiting = len(store.waiting)
        if waiting and (final or waiting >= self.settle_every):
            logger.info("classifying %d late figure(s) together", waiting)
        tracked = store.settle(every=None if final else self.settle_every)
        self._waiting = store.waiting
        return _new(tracked)


def _new(tracked) -> int:
    return sum(1 for t in tracked if t.tracking in NEW_CLASSES)


def make_figure_hook(config) -> FigureTracker:
    return FigureTracker(config)
