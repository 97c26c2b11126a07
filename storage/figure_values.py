"""The compact per-series summary that classification reads: one row per distinct observation.

A row stands for the current figures of one series and period that have the same value written the
same way (quote, qualifier), the same class and the same restated flag: how many there are and the
latest of them by publication order (figure id, article, order key).  Classifying a new figure needs
only these rows of the series and periods it touches — however often the coverage repeated a
number — so storing an article costs the same at 100k articles as at 1k.

FigureStore keeps the summary up to date on every write of figures (new figures are added; figures
that stop being current or change class have their groups recomputed from `figures`); `rebuild`
makes it anew from `figures` (after re-extraction and in the migration that creates it).
"""

from __future__ import annotations

import hashlib
from itertools import groupby

from sqlalchemy import bindparam, delete, select, tuple_, update
from sqlalchemy.orm import Session

from storage.models import FigureRow, FigureValueRow

_CHUNK = 400
_GROUP = ("series", "period_key", "value", "quote", "approx", "tracking", "restated")


def group_key(series: str, period_key: str | None, value: float, quote: str, approx: str | None, tracking: str,
              restated: bool) -> str:
    raw = "\x1f".join((series, period_key or "\x00", repr(float(value)), quote, approx or "\x00", tracking,
                       "1" if restated else "0"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def summarise(rows) -> list[dict]:
    """Summary rows of figure rows (dicts or row objects with the group columns, id, article_id, order_key)."""
    groups: dict[str, dict] = {}
    for r in rows:
        get = r.get if isinstance(r, dict) else lambda name, r=r: getattr(r, name)
        fields = {name: get(name) for name in _GROUP}
        fields["restated"] = bool(fields["restated"])
        key = group_key(**fields)
        order = get("order_key") or ""
        g = groups.get(key)
        if g is None:
            groups[key] = g = dict(fields, group_key=key, n=0, last_id=get("id"), last_article_id=get("article_id"),
                                   last_order_key=order)
        g["n"] += 1
        if (order, get("id")) > (g["last_order_key"], g["last_id"]):
            g.update(last_id=get("id"), last_article_id=get("article_id"), last_order_key=order)
    return list(groups.values())


class FigureValues:
    def __init__(self, session: Session):
        self.session = session

    # ------------------------------------------------------------------ reads
    def periods(self, keys) -> dict[str, set]:
        """The period keys each series holds (None for figures without a period)."""
        out: dict[str, set] = {}
        for chunk in _chunks(sorted(keys)):
            q = (select(FigureValueRow.series, FigureValueRow.period_key)
                 .where(FigureValueRow.series.in_(chunk)).distinct())
            for series, pk in self.session.execute(q):
                out.setdefault(series, set()).add(pk)
        return out

    def rows(self, pairs) -> list:
        """The summary rows of these (series, period key) pairs."""
        pairs = sorted(set(pairs), key=lambda p: (p[0], p[1] or ""))
        t = FigureValueRow.__table__
        out = []
        for cond in _pair_conditions(t.c.series, t.c.period_key, pairs):
            out += self.session.execute(select(*t.c).where(cond))
        return out

    # ------------------------------------------------------------------ writes
    def add(self, rows: list[dict]) -> None:
        """Count newly stored current figures (with their final class) into their groups."""
        groups = summarise(rows)
        if not groups:
            return
        t = FigureValueRow.__table__
        existing = {r.group_key: r for chunk in _chunks(sorted(g["group_key"] for g in groups)) for r in
                    self.session.execute(select(t.c.id, t.c.group_key, t.c.n, t.c.last_id, t.c.last_order_key)
                                         .where(t.c.group_key.in_(chunk)))}
        fresh, grown = [], []
        for g in groups:
            row = existing.get(g["group_key"])
            if row is None:
                fresh.append(g)
                continue
            later = (g["last_order_key"], g["last_id"]) > (row.last_order_key or "", row.last_id)
            grown.append({"b_id": row.id, "n": row.n + g["n"],
                          "last_id": g["last_id"] if later else row.last_id,
                          "last_article_id": g["last_article_id"] if later else None,
                          "last_order_key": g["last_order_key"] if later else row.last_order_key})
        if fresh:          # one executemany INSERT, one executemany UPDATE
            self.session.execute(t.insert(), fresh)
        if grown:
            moved = [u for u in grown if u["last_article_id"] is not None]
            kept = [{k: v for k, v in u.items() if k in ("b_id", "n")} for u in grown if u["last_article_id"] is None]
            for params, cols in ((moved, ("n", "last_id", "last_article_id", "last_order_key")), (kept, ("n",))):
                if params:
                    self.session.execute(update(t).where(t.c.id == bindparam("b_id"))
                                         .values({c: bindparam(c) for c in cols}), params)

    def refresh(self, pairs) -> None:
        """Recompute the groups of these (series, period key) pairs from the current figures."""
        pairs = sorted(set(pairs), key=lambda p: (p[0], p[1] or ""))
        t = FigureValueRow.__table__
        for cond in _pair_conditions(t.c.series, t.c.period_key, pairs):
            self.session.execute(delete(t).where(cond))
        for cond in _pair_conditions(FigureRow.series, FigureRow.period_key, pairs):
            self._insert_from(select(*_columns()).where(cond, FigureRow.is_current))

    def refresh_series(self, keys) -> None:
        """Recompute every group of these series (after a replay rewrote their classes)."""
        for chunk in _chunks(sorted(keys)):
            self.session.execute(delete(FigureValueRow).where(FigureValueRow.series.in_(chunk)))
            self._insert_from(select(*_columns()).where(FigureRow.series.in_(chunk), FigureRow.is_current))

    def rebuild(self) -> None:
        """The whole summary anew from the current figures, one series at a time."""
        self.session.execute(delete(FigureValueRow))
        q = select(*_columns()).where(FigureRow.is_current).order_by(FigureRow.series)
        result = self.session.execute(q.execution_options(yield_per=5000))
        batch: list[dict] = []
        for _, rows in groupby(result, key=lambda r: r.series):
            batch += summarise(rows)
            if len(batch) >= 5000:
                self.session.execute(FigureValueRow.__table__.insert(), batch)
                batch = []
        if batch:
            self.session.execute(FigureValueRow.__table__.insert(), batch)

    def _insert_from(self, q) -> None:
        groups = summarise(self.session.execute(q))
        if groups:
            self.session.execute(FigureValueRow.__table__.insert(), groups)


def _columns():
    return (FigureRow.id, FigureRow.article_id, FigureRow.order_key) + tuple(getattr(FigureRow, c) for c in _GROUP)


def _pair_conditions(series_col, period_col, pairs):
    """WHERE clauses (a chunk each) for rows of these (series, period key) pairs; None = no period."""
    named = [p for p in pairs if p[1] is not None]
    unnamed = sorted({s for s, pk in pairs if pk is None})
    for chunk in _chunks(named):
        yield tuple_(series_col, period_col).in_(chunk)
    for chunk in _chunks(unnamed):
        yield series_col.in_(chunk) & period_col.is_(None)


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]
