"""Figures with provenance, tracked across articles as observations of indicators over periods.

Each figure stored is classified against what the archive knew (FIGURES.md; the rules are in
storage/tracking.py): new_indicator, new_period (with the previous value of the same granularity),
revised (with the old value), repeat, conflict.  Classification follows publication time, then URL:
new figures after everything their series holds are classified from the per-series summary
(storage/figure_values.py); figures older than some of their series re-decide only what they can
change, against the summary (storage/late_arrivals.py; a series an edit touched is replayed whole,
storage/replay.py).
So the classes are a function of what the archive holds, never of the order pages arrived in.
A crawl defers both (add_revision_figures(defer=True)): a batch's new figures are classified
together, late ones every few thousand (committed meanwhile as waiting, figures_waiting), and
between two settles the waiting figures are outside the summary with provisional classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from serieswatch.errors import StorageError
from storage.articles import utcnow
from storage.figure_values import FigureValues
from storage.late_arrivals import ACCEPTED, LatePlan, late_plan, observation
from storage.models import Article, FigureRow, FigureWaitingRow
from storage.replay import published_of, replay_columns, replay_series, set_classes, write_verdicts
from storage.tracking import (NEW_CLASSES, Obs, SeriesState, order_key, period_granularity,  # noqa: F401
                              period_key, repeats_across_articles, replay_around, series_key)

_BATCH = 400
_A = Article.__table__
_WAITING = ("id", "series", "article_id", "period_key", "order_key", "indicator")   # what settling needs


@dataclass(frozen=True)
class Tracked:
    figure_id: int
    tracking: str
    previous_value: float | None


def figure_series(f) -> str:
    return series_key(f.indicator, f.subject, f.region, f.unit, kind=f.kind,
                      aggregation=getattr(f, "aggregation", "level"), status=getattr(f, "status", "actual"),
                      quote=f.quote, sentence=f.sentence, any_region=bool(f.indicator), value=float(f.value),
                      period=f.period)


class FigureStore:
    def __init__(self, session: Session, *, summary: bool = True, waiting: list[dict] | None = None):
        self.session = session
        # The per-series summary (figure_values) is kept up to date with every write; only the
        # migration that predates it (0009) runs without it.
        self.values = FigureValues(session) if summary else None
        # Late figures (add_revision_figures(defer=True)), classified together by settle(): one
        # re-decision of a series' touched periods for many articles, not one per article.  *waiting*:
        # what earlier transactions left waiting (their ids are in figures_waiting), see `waiting`.
        self._pending: list[dict] = list(waiting or ())
        self._pending_series = {r["series"] for r in self._pending}
        self._done: dict[int, tuple[str, float | None]] = {}
        # New figures after everything their series holds, with defer: classified together by the
        # next settle() (one read of the summary and one write for a whole store batch).
        self._fresh: list[dict] = []
        self._fresh_of: dict[int, tuple] = {}       # article id → (published, previous revision id)

    @property
    def waiting(self) -> list[dict]:
        """The late figures still waiting for settle() (committed with the transaction: pass them to
        the next transaction's FigureStore, or read them back with load_waiting())."""
        return list(self._pending)

    def load_waiting(self) -> list[dict]:
        """What an earlier process left waiting (a crawl killed between two settles), to settle now."""
        q = (select(*(getattr(FigureRow, c) for c in _WAITING))
             .join(FigureWaitingRow, FigureWaitingRow.figure_id == FigureRow.id)
             .order_by(FigureWaitingRow.figure_id))      # (by figures.id, SQLite walks all of figures)
        known = {r["id"] for r in self._pending}
        rows = [dict(r._mapping) for r in self.session.execute(q) if r.id not in known]
        self._pending += rows
        self._pending_series.update(r["series"] for r in rows)
        return rows

    def add_revision_figures(self, article_id: int, revision_id: int, figures, *, run_id: int | None = None,
                             previous_revision_id: int | None = None, defer: bool = False) -> list[Tracked]:
        """Store the figures of one article revision; older revisions' figures stop being current.
        New figures after everything their series holds are classified from the summary of the
        periods they touch; figures older than some of their series re-decide what they can change
        (a series an edit touched is replayed whole), so classes follow publication order whatever
        the order of arrival.  With *defer*, the new figures wait for settle() (their Tracked says
        None), which classifies a whole batch's new figures at once and the late ones once enough
        wait (see settle)."""
        now = utcnow()
        if self.values is not None:
            retired = {(r.series, r.period_key) for r in self.session.execute(
                select(FigureRow.series, FigureRow.period_key).where(FigureRow.article_id == article_id,
                                                                     FigureRow.is_current))}
            if retired and (self._pending or self._fresh):
                # The summary of what an edit retires is recomputed from `figures`: what waits goes first
                # (and is reported by the next settle()).
                self._done.update(self._settle())
        if self.values is None or retired:        # (a new article's first revision retires nothing)
            self.session.execute(update(FigureRow).where(FigureRow.article_id == article_id, FigureRow.is_current)
                                 .values(is_current=False))
        retired_series = set()
        if self.values is not None and retired:
            self.values.refresh(retired)
            # What an edit takes away can change the classes of the rest of its series (its first
            # figure gone, the next one is): those series are replayed whole (edits are rare).
            retired_series = {series for series, _ in retired}
        article = self.session.execute(select(_A.c.published_at, _A.c.url).where(_A.c.id == article_id)).one()
        rows = []
        for f in figures:
            rows.append(dict(
                article_id=article_id, revision_id=revision_id, run_id=run_id, series=figure_series(f),
                indicator=f.indicator, value=float(f.value), unit=f.unit, measure_word=f.measure_word,
                approx=f.approx, kind=f.kind, aggregation=getattr(f, "aggregation", "level"),
                status=getattr(f, "status", "actual"), basis=getattr(f, "basis", None), period=f.period,
                restated=bool(getattr(f, "restated", False)),
                period_inferred=bool(getattr(f, "period_inferred", False)),
                period_key=period_key(f.period), subject=f.subject, region=f.region, quote=f.quote,
                span_start=f.span[0], span_end=f.span[1], sentence=f.sentence, tracking="new_indicator",
                previous_value=None, is_current=True, first_seen_at=now,
                order_key=order_key(article.published_at, article.url, f.span[0])))
        if not rows:
            if retired_series:
                self.replay_series(retired_series)
            return []
        # One executemany INSERT through Core (the ORM splits rows by which columns are None, and
        # RETURNING in order makes SQLite insert row by row); the revision's current figures, by id,
        # are these rows in the order given.
        table = FigureRow.__table__
        self.session.execute(table.insert(), rows)
        ids = self.session.scalars(select(FigureRow.id).where(FigureRow.revision_id == revision_id,
                                                              FigureRow.is_current).order_by(FigureRow.id)).all()
        if len(ids) != len(rows):
            raise StorageError(f"figures of revision {revision_id}: {len(rows)} stored, {len(ids)} read back")
        for fid, row in zip(ids, rows):
            row["id"] = fid
        keys = {r["series"] for r in rows}
        # Series holding observations published after these (an older article: a crawl goes newest
        # first) have their later classes re-decided; the others — every series of a daily run's news —
        # only classify the new figures.
        first = min(r["order_key"] for r in rows)
        if self.values is None:
            late = self._series_observed_after(keys, first, article_id)
            verdicts = self.replay_series(late) if late else {}
        else:
            # A series with late figures waiting in this batch takes the later ones the same way.
            late = self.values.observed_after(keys, first) | (keys & self._pending_series)
            edited = (self._series_with_edits(late) if late else set()) | retired_series
            if edited and self._fresh:
                # A replay's summary must not count the batch's unclassified new figures: they go
                # first, and then what is late for these figures is what the summary says now.
                self._done.update(self._classify_fresh())
                late = self.values.observed_after(keys, first) | (keys & self._pending_series)
                edited = (self._series_with_edits(late) if late else set()) | retired_series
            late |= edited & keys
            verdicts = {}
            if edited:
                verdicts = self.replay_series(edited)      # waiting figures of these series included
                waiting = [r for r in self._pending if r["series"] in edited]
                self._pending = [r for r in self._pending if r["series"] not in edited]
                self._pending_series = {r["series"] for r in self._pending}
                self._unwait([r["id"] for r in waiting])
                self._done.update({r["id"]: verdicts[r["id"]] for r in waiting})
                self._done.update({fid: verdicts[fid] for fid in self._done.keys() & verdicts.keys()})
            deferred = [{c: r[c] for c in _WAITING} for r in rows if r["series"] in late - edited]
            self._pending += deferred
            self._pending_series.update(r["series"] for r in deferred)
            if not defer:
                verdicts.update(self._settle())
            elif deferred:
                self.session.execute(FigureWaitingRow.__table__.insert(), [{"figure_id": r["id"]} for r in deferred])
        fresh = [r for r in rows if r["series"] not in late]
        if fresh and self.values is None:
            verdicts.update(self._classify_by_replay(fresh))
        elif fresh:
            self._fresh += fresh
            self._fresh_of[article_id] = (article.published_at, previous_revision_id)
            if not defer:
                verdicts.update(self._classify_fresh())
        return [Tracked(fid, *verdicts.get(fid, (None, None) if defer else ("new_indicator", None))) for fid in ids]

    def settle(self, *, every: int | None = None) -> list[Tracked]:
        """Classify the late figures add_revision_figures(defer=True) left waiting — with *every*, only
        once that many wait — and report those a replay classified meanwhile.  Call before the
        transaction commits; what still waits is committed as waiting (figures_waiting)."""
        if every is not None and len(self._pending) < every:
            self._done.update(self._classify_fresh())
            done, self._done = self._done, {}
            return [Tracked(fid, *v) for fid, v in done.items()]
        return [Tracked(fid, *v) for fid, v in self._settle().items()]

    def _settle(self) -> dict[int, tuple[str, float | None]]:
        self._done.update(self._classify_fresh())
        waiting, self._pending, self._pending_series = self._pending, [], set()
        out, self._done = self._done, {}
        if waiting:
            out.update(self._replay_late(waiting))
            self._unwait([r["id"] for r in waiting])
        return out

    def _unwait(self, ids: list[int]) -> None:
        for i in range(0, len(ids), _BATCH):
            self.session.execute(delete(FigureWaitingRow).where(FigureWaitingRow.figure_id.in_(ids[i:i + _BATCH])))

    def _series_observed_after(self, keys, first: str, article_id: int) -> set[str]:
        q = (select(FigureRow.series).where(FigureRow.series.in_(sorted(keys)), FigureRow.order_key > first,
                                            FigureRow.is_current, FigureRow.article_id != article_id).distinct())
        return set(self.session.scalars(q))

    def _series_with_edits(self, keys) -> set[str]:
        """Series holding figures an edit retired (ix_figures_series_retired: a partial index)."""
        q = (select(FigureRow.series).where(FigureRow.series.in_(sorted(keys)),
                                            FigureRow.is_current == False).distinct())  # noqa: E712
        return set(self.session.scalars(q))

    def _replay_late(self, rows: list[dict]) -> dict[int, tuple[str, float | None]]:
        """Classify new figures that come before some of what their series holds, and re-decide what
        they can change: every figure of their periods that opens a value (and the figures of its
        article in that period), the first figure of each later period of the same granularity (its
        previous value), and the series' first figure.  Everything else keeps its class and enters as
        context from the summary: the accepted value of each other period.  Bounded by the distinct
        values of the periods touched, however long the series' history.  *rows*: the new figures
        of one or more articles."""
        keys = sorted({r["series"] for r in rows})
        new_ids = {r["id"] for r in rows}
        new_articles = {r["article_id"] for r in rows}
        groups = self.values.groups(keys, {(r["series"], r["period_key"]) for r in rows}, ACCEPTED)
        new_of: dict[str, list[dict]] = {}
        for r in rows:
            new_of.setdefault(r["series"], []).append(r)
        out, removed, added, whole = {}, [], [], set()
        for key in keys:
            gs = groups.get(key, [])
            if any(g.period_key is not None and g.tracking in ACCEPTED and g.n > 1 for g in gs):
                whole.add(key)         # (never seen: a period's value set twice by the same value)
                continue
            plan = late_plan(gs, new_of[key])
            decided = self._decided_rows(key, plan, new_articles)
            obs = [observation(r) for r in decided]
            context = [(Obs(g.first_id, g.first_article_id, g.period_key, g.value, g.quote, g.approx,
                            published_of(g.first_order_key), g.first_order_key or "", bool(g.restated)), g.tracking)
                       for g in plan.context]     # a group's earliest figure: the one that set its class
            verdicts = replay_around(obs, context, tracked=bool(new_of[key][0]["indicator"]),
                                     across=repeats_across_articles(key))
            out.update(write_verdicts(self.session, decided, verdicts))
            for r, v in zip(decided, verdicts):
                now = dict(r._mapping, tracking=v.tracking)
                if r.id in new_ids:
                    added.append(now)
                elif r.tracking != v.tracking:
                    removed.append(dict(r._mapping))
                    added.append(now)
        self.values.move(removed, added)
        if whole:
            out.update(self.replay_series(whole))
        return out

    def _decided_rows(self, key: str, plan: LatePlan, new_articles: set) -> list:
        # By article (ix_figures_article_current): a few figures each.  The series is compared through
        # an expression so that SQLite, without statistics, does not walk the series' whole history
        # through ix_figures_series_period instead.
        q = (replay_columns().join(Article, Article.id == FigureRow.article_id)
             .where(func.coalesce(FigureRow.series, "") == key, FigureRow.is_current,
                    FigureRow.article_id.in_(sorted(plan.articles | new_articles))))
        rows = [r for r in self.session.execute(q) if r.period_key in plan.periods]
        seen = {r.id for r in rows}
        extra = sorted(plan.extra - seen)
        if extra:
            rows += self.session.execute(replay_columns().join(Article, Article.id == FigureRow.article_id)
                                         .where(FigureRow.id.in_(extra)))
        return rows

    def _classify_by_replay(self, rows):
        return self.replay_series({r["series"] for r in rows})

    def _classify_fresh(self) -> dict[int, tuple[str, float | None]]:
        rows, of, self._fresh, self._fresh_of = self._fresh, self._fresh_of, [], {}
        return self._classify_latest(rows, of) if rows else {}

    def _classify_latest(self, rows: list[dict], articles: dict[int, tuple]):
        """Classify new figures that come after everything their series holds, from the summary:
        the groups of the periods they name and of the latest earlier period of each granularity
        (whether the series holds anything at all is whether it has a period), and each article's
        own previous revision.  *articles*: article id → (published, previous revision id).  Three
        reads and one write for all of them (the new figures of a whole store batch)."""
        keys = sorted({r["series"] for r in rows})
        held_periods = self.values.periods(keys)
        wanted = set()
        for r in rows:
            pks = held_periods.get(r["series"], set())
            wanted.add((r["series"], r["period_key"]))
            if r["period_key"]:
                gran = period_granularity(r["period_key"])
                earlier = [p for p in pks if p and p < r["period_key"] and period_granularity(p) == gran]
                if earlier:
                    wanted.add((r["series"], max(earlier)))
        held: dict[str, list] = {}
        for g in self.values.rows(wanted):
            held.setdefault(g.series, []).append(g)
        new_of: dict[str, list] = {}
        for r in rows:
            new_of.setdefault(r["series"], []).append(r)
        own: dict[tuple, list[Obs]] = {}
        previous = {prev: a for a, (_, prev) in articles.items() if prev is not None}
        if previous:
            q = (select(FigureRow.id, FigureRow.revision_id, FigureRow.series, FigureRow.period_key, FigureRow.value,
                        FigureRow.quote, FigureRow.approx, FigureRow.order_key, FigureRow.restated)
                 .where(FigureRow.revision_id.in_(sorted(previous)), FigureRow.series.in_(keys)))
            for r in self.session.execute(q):
                a = previous[r.revision_id]
                own.setdefault((a, r.series, r.period_key), []).append(
                    Obs(r.id, a, r.period_key, r.value, r.quote, r.approx, articles[a][0], r.order_key or "",
                        bool(r.restated)))
        out, changed = {}, []
        for key in keys:
            mine = sorted(new_of[key], key=lambda r: r["order_key"])
            state = SeriesState(tracked=bool(mine[0]["indicator"]), across=repeats_across_articles(key))
            state.seen = bool(held_periods.get(key))      # (held groups make it so as well)
            for g in sorted(held.get(key, ()), key=lambda g: (g.last_order_key or "", g.last_id)):
                state.add(Obs(g.last_id, g.last_article_id, g.period_key, g.value, g.quote, g.approx,
                              published_of(g.last_order_key), g.last_order_key or "", bool(g.restated)), g.tracking)
            for r in mine:
                a = r["article_id"]
                obs = Obs(r["id"], a, r["period_key"], r["value"], r["quote"], r["approx"], articles[a][0],
                          r["order_key"], r["restated"], r["period_inferred"])
                v = state.classify(obs, own.get((a, key, r["period_key"])))
                state.add(obs, v.tracking)
                out[r["id"]] = (v.tracking, v.previous_value)
                r["tracking"] = v.tracking
                if (v.tracking, v.previous_value, v.previous_figure_id) != ("new_indicator", None, None):
                    changed.append({"id": r["id"], "tracking": v.tracking, "previous_value": v.previous_value,
                                    "previous_figure_id": v.previous_figure_id})
        if changed:
            set_classes(self.session, changed)
        self.values.add(rows)
        return out

    def replay_series(self, keys, *, summary: bool = True) -> dict[int, tuple[str, float | None]]:
        """Classify every current figure of these series from scratch, in publication order, and write
        the classes that changed (and their summary).  Returns {figure id: (tracking, previous value)}."""
        out = replay_series(self.session, keys)
        if summary and self.values is not None:
            self.values.refresh_series(keys)
        return out

    def replay_all(self, progress=None, *, waiting: bool = True) -> int:
        """Rebuild all tracking from scratch (after re-extraction): every series, in publication order.
        (*waiting*=False: for the migrations older than figures_waiting.)"""
        keys = list(self.session.scalars(select(FigureRow.series).where(FigureRow.is_current).distinct()))
        if waiting:
            self.session.execute(delete(FigureWaitingRow))      # all of them are classified here
        self._pending, self._pending_series, self._fresh, self._fresh_of = [], set(), [], {}
        for i in range(0, len(keys), _BATCH):
            self.replay_series(keys[i:i + _BATCH], summary=False)
            if progress:
                progress(min(i + _BATCH, len(keys)), len(keys))
        if self.values is not None:
            self.values.rebuild()
        return len(keys)
