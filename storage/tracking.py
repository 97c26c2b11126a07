"""Tracking: how a figure relates to what the archive already held for its series (FIGURES.md).

Pure functions and one small state machine, no database: storage/figures.py feeds it rows.

* A series is one quantity: a catalog indicator (one per place for "*" indicators), or — without
  one — the normalised subject, region, unit, kind, aggregation and status.
* Observations are taken in publication order (then URL, then position in the text), never in
  the order pages arrived, so the same archive gives the same classes whatever the crawl order.
* Sure-only alarms: ``revised`` and ``conflict`` need the same series and exact period, and
  values that differ beyond the rounding of the less precise one and beyond what a qualifier
  allows (超1万 is consistent with 10,250; 近12万亿 with 11.9万亿).  A figure without a period never
  revises or conflicts; figures without an indicator are only ever new or repeats.
"""

from __future__ import annotations

import bisect
import calendar
import hashlib
import math
import re
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime

CLASSES = ("new_indicator", "new_period", "revised", "repeat", "conflict")
NEW_CLASSES = ("new_indicator", "new_period", "revised", "conflict")   # what a digest reports

_KEY_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
# Subjects that name nothing (what is left when the extractor found no noun): they cannot make a series.
_EMPTY_SUBJECTS = {"较", "比", "同比", "增长", "下降", "提高", "达", "为", "约", "其中", "by", "of", "the", "to", "and"}


def series_key(indicator: str | None, subject: str | None, region: str | None, unit: str, *,
               kind: str = "level", aggregation: str = "level", status: str = "actual", quote: str = "",
               sentence: str = "", any_region: bool = False, value: float | None = None,
               period: str | None = None) -> str:
    """What makes two figures observations of the same thing.

    A catalog indicator is the series (per place for an indicator of any place). Without one, a
    number precise enough to be recognised when it comes back (see `restatement_key`) is the series
    of its restatements, whatever words name it: the region, unit, kind, aggregation, status and the
    number's size, so that 1532家 in one article repeats "1,532 enterprises" in the next. Otherwise
    the normalised subject, region, unit, kind, aggregation and status are; a figure whose subject
    names nothing is only ever the same as itself, so unrelated numbers never become each other's
    repeats.
    """
    if indicator:
        return f"{indicator}@{region}" if any_region and region else indicator
    reg = _KEY_STRIP.sub("", (region or "")).casefold()
    if value is not None:
        key = restatement_key(reg, unit, kind, aggregation, status, value, quote, period)
        if key:
            return key
    subj = _KEY_STRIP.sub("", (subject or "")).casefold()
    if len(subj) < 2 or subj in _EMPTY_SUBJECTS:
        digest = hashlib.sha1(f"{quote}|{sentence}".encode("utf-8")).hexdigest()[:16]
        return f"~#{digest}|{unit}"
    return f"~{subj}|{reg}|{unit}|{kind}|{aggregation}|{status}"[:300]


# Rates, shares and multiples: their values coincide more easily (5.2% is half the growth rates of a
# year), so one of them restates only what another article said (repeats_across_articles).
_RATE_UNITS = {"percent", "percentage_point", "times"}


def restatement_key(region: str, unit: str, kind: str, aggregation: str, status: str, value: float,
                    quote: str, period: str | None) -> str | None:
    """The series of a non-catalog number recognised by itself when restated in other words or the
    other language: a place, a period and at least three significant digits (2356.7亿元, 1,532, 17.2%:
    fewer coincide too easily in a large archive — 12个 projects and 12个 parks, 50亿元 of two funds).
    The number's size (half a decade) is part of the key, so that the values compared are the few of
    about that size; a restatement is a value consistent with one held for the period (for a rate,
    one another article gave: repeats_across_articles)."""
    if not region or not period or not value or significant_digits(quote) < 3:
        return None
    size = math.floor(2 * math.log10(abs(float(value))))
    return f"~={region}|{unit}|{kind}|{aggregation}|{status}|{size}"


def repeats_across_articles(key: str) -> bool:
    """Whether a series' repeats must come from another article: a rate, share or multiple known by
    its value alone (in one article, 工业增加值增长6.1%，社会消费品零售总额增长6.1% are two rates)."""
    return key.startswith("~=") and key.split("|", 2)[1] in _RATE_UNITS


def significant_digits(quote: str) -> int:
    """Significant digits of the number as written (1,532 → 4; 2.43万亿 → 3; 1万 → 1; 100 → 1)."""
    m = _LITERAL.search((quote or "").translate(_FULLWIDTH))
    if not m:
        return 0
    literal = m.group().replace(",", "")
    whole, _, frac = literal.partition(".")
    digits = (whole + frac).lstrip("0")
    if not frac:
        digits = digits.rstrip("0")
    return len(digits)


# --- periods --------------------------------------------------------------------------------

_GRANULARITY = (("year", re.compile(r"^\d{4}$")), ("quarter", re.compile(r"^\d{4}-Q\d$")),
                ("half", re.compile(r"^\d{4}-H\d$")), ("month", re.compile(r"^\d{4}-\d{2}$")),
                ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")))
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTHS = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_PERIOD_END = {"12": "{y}"}


def period_granularity(period: str | None) -> str | None:
    """year | quarter | half | month | day | span: only periods of one granularity make a series."""
    if not period:
        return None
    for name, pattern in _GRANULARITY:
        if pattern.match(period):
            return name
    return "span"


def period_key(period: str | None) -> str | None:
    """The period a figure is compared under: a stock at the last day of a year is that year's
    (截至2023年底 = 2023), so a restatement "as of 2023-12-31" repeats 2023; at the last day of
    another month it is that month's (截至6月底 = 2023-06: a stock then, not the half-year's flow).
    A span of months is written as the extractor writes it: 2023-01/2023-09 is 2023-Q1/2023-Q3
    (1—9月 = 前三季度), 2023-01/2023-06 is 2023-H1, 2023-01/2023-12 is 2023."""
    if not period:
        return None
    m = _MONTHS.match(period)
    if m:
        y1, m1, y2, m2 = (int(g) for g in m.groups())
        if y1 == y2 and m1 < m2:
            return _month_span_key(y1, m1, m2)
        return period
    m = _DAY.match(period)
    if not m:
        return period
    y, mo, d = m.groups()
    if int(d) != calendar.monthrange(int(y), int(mo))[1]:
        return period
    return _PERIOD_END.get(mo, "{y}-{mo}").format(y=y, mo=mo)


def _month_span_key(y: int, m1: int, m2: int) -> str:
    # (as crawler/figures/periods.py _month_span writes a span of months)
    if (m1, m2) == (1, 12):
        return str(y)
    if (m1, m2) in ((1, 6), (7, 12)):
        return f"{y}-H{1 if m1 == 1 else 2}"
    if m1 % 3 == 1 and m2 % 3 == 0:
        q1, q2 = (m1 + 2) // 3, m2 // 3
        return f"{y}-Q{q1}" if q1 == q2 else f"{y}-Q{q1}/{y}-Q{q2}"
    return f"{y}-{m1:02d}/{y}-{m2:02d}"


# --- values ---------------------------------------------------------------------------------

_LITERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def value_interval(value: float, quote: str, approx: str | None) -> tuple[float, float]:
    """The values consistent with what was written: the rounding of the last digit, widened as the
    qualifier allows (超/more than: up to one more unit of the last digit; 近/nearly: one less;
    约/about: one either way)."""
    m = _LITERAL.search((quote or "").translate(_FULLWIDTH))
    step = None
    if m:
        literal = m.group().replace(",", "")
        try:
            written = float(literal)
        except ValueError:
            written = 0.0
        if written:
            if "." in literal:
                place = 10.0 ** -len(literal.split(".")[1])
            else:
                digits = literal.rstrip("0")
                place = 10.0 ** (len(literal) - len(digits)) if digits else 1.0
            step = abs(place * value / written)
    if step is None:
        step = abs(value) * 0.1            # written in words (七成, 一倍多): a tenth either way
    v = float(value)
    if approx in ("more_than", "at_least"):
        return v, v + step
    if approx in ("nearly", "less_than"):
        return v - step, v
    if approx == "about":
        return v - step, v + step
    return v - step / 2, v + step / 2


def consistent(a: "Obs", b: "Obs") -> bool:
    lo1, hi1 = a.interval
    lo2, hi2 = b.interval
    if same_value(a.value, b.value):
        return True
    # Intervals that only touch are different numbers (10.4万亿 and 10.5万亿 share the edge 10.45).
    eps = 1e-9 * max(1.0, abs(a.value), abs(b.value))
    return lo1 < hi2 - eps and lo2 < hi1 - eps


# --- the state machine ------------------------------------------------------------------------

@dataclass
class Obs:
    """What classification needs of one figure."""

    figure_id: int | None
    article_id: int
    period: str | None               # the period key (period_key)
    value: float
    quote: str
    approx: str | None
    published_at: datetime | None
    order: str                       # publication time, URL, position: the order of observation
    restated: bool = False           # the text says it corrects an earlier value
    period_inferred: bool = False    # its period comes from an earlier sentence of the article

    @cached_property
    def interval(self) -> tuple[float, float]:
        """The values consistent with what was written (read only when two values are compared)."""
        return value_interval(self.value, self.quote, self.approx)


@dataclass
class Verdict:
    tracking: str
    previous_value: float | None = None
    previous_figure_id: int | None = None


class _PeriodValues:
    """The values one period holds.  An equal value is consistent at once; otherwise a few values are
    compared one by one, and many (a period with a long history of disagreeing numbers) through an
    index sorted by the low end of what each allows, built as it is first needed, so that only
    those whose interval can reach the new value are compared."""

    __slots__ = ("all", "exact", "articles", "_los", "_sorted", "_distinct", "_width", "_indexed")
    SCAN = 16

    def __init__(self) -> None:
        self.all: list[Obs] = []
        self.exact: set[float] = set()
        self.articles: set[int] = set()
        self._los: list[float] = []
        self._sorted: list[Obs] = []
        self._distinct: set[tuple] = set()
        self._width = 0.0
        self._indexed = 0

    def add(self, obs: Obs) -> None:
        self.all.append(obs)
        self.exact.add(obs.value)
        self.articles.add(obs.article_id)

    def any_consistent(self, obs: Obs, other_than: int | None = None) -> bool:
        if other_than is not None:          # (a rate's series: a few values, compared one by one)
            return any(o.article_id != other_than and consistent(o, obs) for o in self.all)
        if obs.value in self.exact:
            return True
        if len(self.all) <= self.SCAN:
            return any(consistent(o, obs) for o in self.all)
        self._index()
        lo, hi = obs.interval
        tol = 1e-6 * max(1.0, abs(obs.value), abs(lo), abs(hi)) + 1e-6 * self._width
        first = bisect.bisect_left(self._los, lo - self._width - tol)
        last = bisect.bisect_right(self._los, hi + tol)
        return any(consistent(o, obs) for o in self._sorted[first:last])

    def _index(self) -> None:
        for o in self.all[self._indexed:]:
            lo, hi = o.interval
            if (o.value, lo, hi) in self._distinct:
                continue                      # the same value allowing the same: one is enough
            self._distinct.add((o.value, lo, hi))
            self._width = max(self._width, hi - lo)
            i = bisect.bisect_left(self._los, lo)
            self._los.insert(i, lo)
            self._sorted.insert(i, o)
        self._indexed = len(self.all)


class SeriesState:
    """What the archive holds of one series, observation by observation, in publication order."""

    def __init__(self, *, tracked: bool, across: bool = False) -> None:
        self.tracked = tracked                     # a catalog indicator: previous values, revisions, conflicts
        self.across = across                       # repeats only of other articles (repeats_across_articles)
        self.seen = False
        self.periods: dict[str | None, list[tuple[Obs, str]]] = {}    # period → [(obs, class)]
        self._values: dict[str | None, _PeriodValues] = {}
        self._accepted: dict[str | None, Obs] = {}

    def accepted(self, period: str | None) -> Obs | None:
        """The value the archive holds for *period*: the latest observation that set it (first seen, new
        period or revision; a repeat or a conflict leaves it as it was).  When an edit retired the
        figure that set it, the edited version repeating it holds the value."""
        held = self._accepted.get(period)
        if held is None:
            held = next((o for o, c in self.periods.get(period, ()) if c != "conflict"), None)
        return held

    def previous(self, period: str | None) -> Obs | None:
        """The latest earlier period of the same granularity (a quarter is not compared with a year)."""
        gran = period_granularity(period)
        earlier = [p for p in self.periods if p and p < period and period_granularity(p) == gran]
        return self.accepted(max(earlier)) if earlier else None

    def classify(self, obs: Obs, own_before: list[Obs] | None = None) -> Verdict:
        if own_before:                             # an edited article: against what it said before
            if any(consistent(o, obs) for o in own_before):
                return Verdict("repeat")
            if obs.period is not None and self.tracked:
                old = own_before[0]
                return Verdict("revised", old.value, old.figure_id)
        if not self.seen:
            return Verdict("new_indicator")
        same = self.periods.get(obs.period)
        if obs.period is None:
            if same and self._values[None].any_consistent(obs):
                return Verdict("repeat")
            return Verdict("new_period")
        if not same:
            prev = self.previous(obs.period) if self.tracked else None
            return Verdict("new_period", prev.value if prev else None, prev.figure_id if prev else None)
        values = self._values[obs.period]
        if values.any_consistent(obs, other_than=obs.article_id if self.across else None):
            return Verdict("repeat")
        if not self.tracked or obs.period_inferred or obs.article_id in values.articles:
            # Two values for one period in one article are two quantities the text tells apart and the
            # extractor did not; a period read from an earlier sentence is not sure enough: never an alarm.
            return Verdict("repeat" if self.tracked else "new_period")
        # Another source, another value, for the same period: a revision when the text says it corrects
        # the figure (普查修订, 最终核实, revised) and is later; otherwise the sources disagree.
        held = self.accepted(obs.period) or same[-1][0]
        later = (obs.published_at and held.published_at
                 and (obs.published_at - held.published_at).total_seconds() >= 86400)
        return Verdict("revised" if later and obs.restated else "conflict", held.value, held.figure_id)

    def add(self, obs: Obs, tracking: str) -> None:
        self.seen = True
        self.periods.setdefault(obs.period, []).append((obs, tracking))
        values = self._values.get(obs.period)
        if values is None:
            values = self._values[obs.period] = _PeriodValues()
        values.add(obs)
        if tracking in ("new_indicator", "new_period", "revised"):
            self._accepted[obs.period] = obs


def replay(observations: list[Obs], *, tracked: bool, own_before=None, across: bool = False) -> list[Verdict]:
    """Classify a whole series from scratch; *observations* in any order, verdicts in that order.
    *own_before(obs)* gives an edited article's earlier observations of the same period."""
    order = sorted(range(len(observations)), key=lambda i: observations[i].order)
    state = SeriesState(tracked=tracked, across=across)
    verdicts: list[Verdict | None] = [None] * len(observations)
    for i in order:
        obs = observations[i]
        v = state.classify(obs, own_before(obs) if own_before else None)
        state.add(obs, v.tracking)
        verdicts[i] = v
    return verdicts


def replay_around(decided: list[Obs], context: list[tuple[Obs, str]], *, tracked: bool,
                  across: bool = False) -> list[Verdict]:
    """Classify *decided* observations in publication order among *context* ones whose classes are
    known and cannot change (what an observation's class depends on: the earlier ones of its period,
    whether any came before, the accepted values of earlier periods).  Verdicts in *decided*'s order."""
    events = sorted([(o.order, 0, i) for i, o in enumerate(decided)]
                    + [(o.order, 1, i) for i, (o, _) in enumerate(context)])
    state = SeriesState(tracked=tracked, across=across)
    verdicts: list[Verdict | None] = [None] * len(decided)
    for _, is_context, i in events:
        if is_context:
            state.add(*context[i])
            continue
        v = state.classify(decided[i])
        state.add(decided[i], v.tracking)
        verdicts[i] = v
    return verdicts


def order_key(published_at: datetime | None, url: str, position: int) -> str:
    """Publication time, then URL, then position in the text, as one sortable string."""
    when = published_at.strftime("%Y-%m-%dT%H:%M:%S") if published_at else "9999"
    return f"{when}|{url}|{position:08d}"[:600]


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
