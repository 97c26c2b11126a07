"""Classifying a series' stored figures from scratch, in publication order (FIGURES.md).

What FigureStore falls back on when an edit retires figures, what `reextract` runs for every series,
and where verdicts are written: only the classes that changed, one executemany UPDATE.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.late_arrivals import observation
from storage.models import Article, FigureRow
from storage.tracking import Obs, repeats_across_articles, replay

_BATCH = 400
_T = FigureRow.__table__
_SET_CLASSES = (_T.update().where(_T.c.id == bindparam("b_id"))
                .values(tracking=bindparam("b_tracking"), previous_value=bindparam("b_previous_value"),
                        previous_figure_id=bindparam("b_previous_figure_id")))


def replay_columns():
    """What classifying a stored figure reads of it (and its article's publication time)."""
    return select(FigureRow.id, FigureRow.series, FigureRow.article_id, FigureRow.revision_id,
                  FigureRow.period_key, FigureRow.value, FigureRow.quote, FigureRow.approx,
                  FigureRow.order_key, FigureRow.is_current, FigureRow.indicator, FigureRow.tracking,
                  FigureRow.previous_value, FigureRow.previous_figure_id, FigureRow.restated,
                  FigureRow.period_inferred, Article.published_at)


def published_of(order: str | None):
    """The publication time an order key starts with (storage.tracking.order_key), or None."""
    try:
        return datetime.fromisoformat((order or "")[:19])
    except ValueError:
        return None


def replay_series(session: Session, keys) -> dict[int, tuple[str, float | None]]:
    """Classify every current figure of these series from scratch and write the classes that
    changed (the caller refreshes their summary).  Returns {figure id: (tracking, previous value)}."""
    out: dict[int, tuple[str, float | None]] = {}
    keys = sorted(keys)
    for i in range(0, len(keys), _BATCH):
        q = (replay_columns().join(Article, Article.id == FigureRow.article_id)
             .where(FigureRow.series.in_(keys[i:i + _BATCH])))
        by_series: dict[str, list] = {}
        for row in session.execute(q):
            by_series.setdefault(row.series, []).append(row)
        for rows in by_series.values():
            out.update(_replay_rows(session, rows))
    return out


def _replay_rows(session: Session, rows) -> dict[int, tuple[str, float | None]]:
    """Classify one series' rows in publication order and write the classes that changed."""
    current = [r for r in rows if r.is_current]
    # An edited article's earlier revision: its figures of the same period (the latest such revision).
    older: dict[tuple[int, str | None], list] = {}
    for r in rows:
        if not r.is_current:
            older.setdefault((r.article_id, r.period_key), []).append(r)
    obs = [observation(r) for r in current]
    revision_of = {r.id: r.revision_id for r in current}

    def own_before(o: Obs):
        earlier = [r for r in older.get((o.article_id, o.period), []) if r.revision_id < revision_of[o.figure_id]]
        if not earlier:
            return None
        latest = max(r.revision_id for r in earlier)
        return [observation(r) for r in earlier if r.revision_id == latest]

    tracked = bool(current and current[0].indicator)
    across = bool(current) and repeats_across_articles(current[0].series)
    return write_verdicts(session, current, replay(obs, tracked=tracked, own_before=own_before, across=across))


def write_verdicts(session: Session, rows, verdicts) -> dict[int, tuple[str, float | None]]:
    """Write the classes that changed; {figure id: (class, previous value)}."""
    out, changed = {}, []
    for r, v in zip(rows, verdicts):
        out[r.id] = (v.tracking, v.previous_value)
        if (r.tracking, r.previous_value, r.previous_figure_id) != (v.tracking, v.previous_value,
                                                                     v.previous_figure_id):
            changed.append({"id": r.id, "tracking": v.tracking, "previous_value": v.previous_value,
                            "previous_figure_id": v.previous_figure_id})
    if changed:
        set_classes(session, changed)
    return out


def set_classes(session: Session, changed: list[dict]) -> None:
    """One executemany UPDATE by primary key, through Core (the ORM's bulk UPDATE costs more in
    Python than the statement does in the database)."""
    session.execute(_SET_CLASSES, [{"b_id": c["id"], "b_tracking": c["tracking"],
                                    "b_previous_value": c["previous_value"],
                                    "b_previous_figure_id": c["previous_figure_id"]} for c in changed])
