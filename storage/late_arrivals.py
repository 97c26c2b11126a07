"""Figures that arrive before what their series already holds (a crawl goes newest first, a
backfill back in time): which stored figures they can change, and what enters only as context.

Classification depends on the earlier figures of the same period, on whether any figure came
before, and on the accepted value of earlier periods (a new period's previous value).  A figure
repeating a value written the same way earlier in its period is a repeat whatever arrives, so a new
figure of period P re-decides only: P's first occurrence of each value (with every figure of those
articles in P: "two values of one article" is never an alarm), the first figure of each later
period of the same granularity, and the series' first figure.  Every other period enters through
its accepted values, read from the summary (storage/figure_values.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.tracking import Obs, period_granularity

ACCEPTED = ("new_indicator", "new_period", "revised")      # the classes that set a period's value


@dataclass
class LatePlan:
    periods: set            # the periods the new figures name: re-decided whole
    articles: set           # the articles holding the first occurrence of a value of those periods
    extra: set              # ids of other figures whose class they can change
    context: list           # summary rows that only enter as what the archive held


def late_plan(groups, new_rows: list[dict]) -> LatePlan:
    """*groups*: the summary rows of the new figures' periods and the accepted ones of the series (a
    period's first figure is always accepted)."""
    first = min(r["order_key"] for r in new_rows)
    periods = {r["period_key"] for r in new_rows}
    opening: dict[tuple, tuple] = {}
    first_of: dict = {}
    for g in groups:
        member = (g.first_order_key or "", g.first_id)
        if g.period_key in periods:
            k = (g.period_key, g.value, g.quote, g.approx)
            if k not in opening or member < opening[k][0]:
                opening[k] = (member, g.first_article_id)
        if g.period_key not in first_of or member < first_of[g.period_key]:
            first_of[g.period_key] = member
    lowest: dict[str, str] = {}
    for p in periods:
        if p is not None:
            gran = period_granularity(p)
            lowest[gran] = min(lowest.get(gran, p), p)
    extra = {fid for q, (order, fid) in first_of.items()
             if q is not None and q not in periods and order > first
             and q > lowest.get(period_granularity(q), "\uffff")}
    if first_of:
        order, fid = min(first_of.values())
        if order > first:
            extra.add(fid)            # the series' first figure, now preceded by these
    context = [g for g in groups if g.period_key not in periods and g.tracking in ACCEPTED and g.first_id not in extra]
    return LatePlan(periods, {a for _, a in opening.values()}, extra, context)


def observation(r) -> Obs:
    return Obs(r.id, r.article_id, r.period_key, r.value, r.quote, r.approx, r.published_at, r.order_key or "",
               bool(r.restated), bool(r.period_inferred))
