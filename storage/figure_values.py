"""The compact per-series summary that classification reads: one row per distinct observation.

A row stands for the current figures of one series and period that have the same value written the
same way (quote, qualifier), the same class and the same restated flag: how many there are and the
earliest and latest of them by publication order (figure id, article, order key).  Classifying a new figure needs
only these rows of the series and periods it touches — however often the coverage repeated a
number — so storing an article costs the same at 100k articles as at 1k.  An article older than
what its series holds is classified against the summary too (storage/late_arrivals.py).

FigureStore keeps the summary up to date on every write of figures (new figures are added; figures
that change class move between groups, figures that stop being current have their groups
recomputed from `figures`); `rebuild`
makes it anew from `figures` (after re-extraction and in the migration that creates it).
"""

from __future__ import annotations

import functools
import hashlib
from itertools import groupby

from sqlalchemy import bindparam, delete, select, text, tuple_, update
from sqlalchemy.orm import Session

from storage.models import FigureRow, FigureValueRow

_CHUNK = 400
_GROUP = ("series", "period_key", "value", "quote", "approx", "tracking", "restated")
_ENDS = ("first_id", "first_article_id", "first_order_key", "last_id", "last_article_id", "last_order_key")


def group_key(series: str, period_key: str | None, value: float, quote: str, approx: str | None, tracking: str,
              restated: bool) -> str:
    raw = "\x1f".join((series, period_key or "\x00", repr(float(value)), quote, approx or "\x00", tracking,
                       "1" if restated else "0"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _fields(r) -> dict:
    get = r.get if isinstance(r, dict) else lambda name, r=r: getattr(r, name)
    fields = {name: get(name) for name in _GROUP}
    fields["restated"] = bool(fields["restated"])
    return fields


def _member(r) -> tuple:
    """(order key, id, article id): members of a group compare by publication order."""
    get = r.get if isinstance(r, dict) else lambda name, r=r: getattr(r, name)
    return (get("order_key") or "", get("id"), get("article_id"))


def _ends(fields: dict, members) -> dict:
    first, last = min(members), max(members)
    return dict(fields, first_order_key=first[0], first_id=first[1], first_article_id=first[2],
                last_order_key=last[0], last_id=last[1], last_article_id=last[2])


def summarise(rows) -> list[dict]:
    """Summary rows of figure rows (dicts or row objects with the group columns, id, article_id, order_key)."""
    groups: dict[str, tuple[dict, list]] = {}
    for r in rows:
        fields = _fields(r)
        key = group_key(**fields)
        groups.setdefault(key, (dict(fields, group_key=key), []))[1].append(_member(r))
    return [dict(_ends(fields, members), n=len(members)) for fields, members in groups.values()]


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
    def groups(self, keys, pairs, classes) -> dict[str, list]:
        """Per series, its summary rows of these classes and every row of these (series, period) pairs."""
        t = FigureValueRow.__table__
        out: dict[str, dict] = {}
        for chunk in _chunks(sorted(keys)):
            for r in self.session.execute(select(*t.c).where(t.c.series.in_(chunk), t.c.tracking.in_(classes))):
                out.setdefault(r.series, {})[r.id] = r
        for r in self.rows(pairs):
            out.setdefault(r.series, {})[r.id] = r
        return {series: list(rows.values()) for series, rows in out.items()}

    def observed_after(self, keys, order: str) -> set[str]:
        """The series that hold a current figure published after *order* (an order key): each series'
        latest figures, one index look-up each (ix_figure_values_series_last), however many groups
        it holds (a crawl going newest first asks this of nearly every series, with an old *order*)."""
        out = set()
        for chunk in _chunks(sorted(keys), 50):
            params = {f"k{i}": key for i, key in enumerate(chunk)}
            latest = self.session.execute(_observed_after_sql(len(chunk)), dict(params, order=order)).one()
            out.update(key for key, last in zip(chunk, latest) if last is not None)
        return out

    # ------------------------------------------------------------------ writes
    def add(self, rows: list[dict]) -> None:
        """Count newly stored current figures (with their final class) into their groups."""
        self.move([], rows)

    def move(self, removed: list[dict], added: list[dict]) -> None:
        """Figures leave the groups they were in (*removed*, rows as they were) and join the groups
        they are in now (*added*): new figures, and figures whose class changed.  A group whose
        earliest or latest member left is recomputed from `figures`."""
        deltas: dict[str, tuple[dict, list, set]] = {}
        for rows, joining in ((removed, False), (added, True)):
            for r in rows:
                fields = _fields(r)
                key = group_key(**fields)
                d = deltas.setdefault(key, (dict(fields, group_key=key), [], set()))
                if joining:
                    d[1].append(_member(r))
                else:
                    d[2].add(_member(r)[1])
        if not deltas:
            return
        t = FigureValueRow.__table__
        existing = {r.group_key: r for chunk in _chunks(sorted(deltas)) for r in
                    self.session.execute(select(*t.c).where(t.c.group_key.in_(chunk)))}
        fresh, grown, gone, recount = [], [], [], []
        for key, (fields, joined, left) in deltas.items():
            row = existing.get(key)
            n = (row.n if row is not None else 0) + len(joined) - len(left)
            if row is not None and (n <= 0 or row.first_id in left or row.last_id in left):
                gone.append(row.id)
                if n > 0:
                    recount.append(fields)
                continue
            if n <= 0:
                continue
            members = list(joined)
            if row is not None:
                members += [(row.first_order_key or "", row.first_id, row.first_article_id),
                            (row.last_order_key or "", row.last_id, row.last_article_id)]
            ends = _ends(fields, members)
            if row is None:
                fresh.append(dict(ends, n=n))
            else:
                grown.append({"b_id": row.id, "n": n, **{c: ends[c] for c in _ENDS}})
        if gone:
            for chunk in _chunks(gone):
                self.session.execute(delete(t).where(t.c.id.in_(chunk)))
        if fresh:          # one executemany INSERT, one executemany UPDATE
            self.session.execute(t.insert(), fresh)
        if grown:
            self.session.execute(update(t).where(t.c.id == bindparam("b_id"))
                                 .values({c: bindparam(c) for c in ("n",) + _ENDS}), grown)
        for fields in recount:
            self._insert_from(select(*_columns()).where(*_group_filter(fields), FigureRow.is_current))

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


def _group_filter(fields: dict) -> list:
    def eq(col, v):
        return col.is_(None) if v is None else col == v
    return [eq(getattr(FigureRow, c), fields[c]) for c in _GROUP]


def _pair_conditions(series_col, period_col, pairs):
    """WHERE clauses (a chunk each) for rows of these (series, period key) pairs; None = no period."""
    named = [p for p in pairs if p[1] is not None]
    unnamed = sorted({s for s, pk in pairs if pk is None})
    for chunk in _chunks(named):
        yield tuple_(series_col, period_col).in_(chunk)
    for chunk in _chunks(unnamed):
        yield series_col.in_(chunk) & period_col.is_(None)


@functools.lru_cache(maxsize=64)
def _observed_after_sql(n: int):
    """observed_after's statement for n series, built once: plain SQL whose scalar subqueries each
    read one entry of ix_figure_values_series_last (building it as an expression per call cost more
    than running it)."""
    return text("SELECT " + ", ".join(
        f"(SELECT id FROM figure_values WHERE series = :k{i} AND last_order_key > :order LIMIT 1)"
        for i in range(n)))


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]
