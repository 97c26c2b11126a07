"""Periods: find the time expressions of a sentence and resolve them against the publication date.

A period is written as FIGURES.md says: ``"2023"``, ``"2024-Q1"``, ``"2024-H1"``, ``"2023-12"``,
``"2023-12-31"`` or a span ``"2013/2023"`` (``"2024-Q1/2024-Q3"``, ``"2024-01/2024-05"``).

Relative expressions (去年, 今年一季度, 截至去年底, last year, by the end of last year, in the
first quarter) are resolved with :mod:`dateutil.relativedelta` against the publication date;
without one they resolve to None.  A quarter, half or month named without a year is the most
recent one that had begun by the publication date (an article of 2024-01-20 saying 四季度 means
2023-Q4).

Each mention also gets a *role* from its context: ``topic`` (sets the period of what follows),
``baseline`` (比2013年 / than in 2013: a comparison, never a figure's period) or ``date`` (a
calendar day in a dateline, ignored) or ``title`` (inside a 《…》 document title: ignored).  Which figure a topic period reaches is decided by the
extractors (zh.py, en.py).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import NamedTuple

from dateutil.relativedelta import relativedelta


class PeriodMention(NamedTuple):
    start: int
    end: int
    value: str | None
    role: str          # topic | baseline | date | same | title


def anchor_date(published_at: datetime | date | None) -> date | None:
    """The calendar day relative periods are resolved against (the article's local date)."""
    if published_at is None:
        return None
    if isinstance(published_at, datetime):
        return published_at.date()
    return published_at


# --- building period strings -------------------------------------------------------------

def _quarter(y: int, q: int) -> str:
    return f"{y}-Q{q}"


def _end_of_month(y: int, m: int) -> str:
    return f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _month_span(y: int, m1: int, m2: int) -> str:
    if m1 == 1 and m2 == 12:
        return str(y)
    if m1 == 1 and m2 == 6:
        return f"{y}-H1"
    if m1 == 7 and m2 == 12:
        return f"{y}-H2"
    if m1 % 3 == 1 and m2 % 3 == 0 and m2 > m1:
        q1, q2 = (m1 + 2) // 3, m2 // 3
        return _quarter(y, q1) if q1 == q2 else f"{_quarter(y, q1)}/{_quarter(y, q2)}"
    if m1 == m2:
        return f"{y}-{m1:02d}"
    return f"{y}-{m1:02d}/{y}-{m2:02d}"


def _implicit_year(anchor: date | None, first_month: int, last_month: int) -> int | None:
    """Year of a quarter/half/month written without one: the latest that began by *anchor*,
    and that is not still more than a month from its end."""
    if anchor is None:
        return None
    y = anchor.year
    start = date(y, first_month, 1)
    end = date(y, last_month, calendar.monthrange(y, last_month)[1])
    if start > anchor or (end - anchor).days > 31:
        return y - 1
    return y


_REL_YEARS = {"去年": -1, "上年": -1, "上一年": -1, "前年": -2, "今年": 0, "本年": 0,
              "明年": 1, "当年": 0, "last year": -1, "this year": 0, "the previous year": -1,
              "a year earlier": -1, "a year ago": -1, "the year before": -1, "next year": 1,
              "the same year": 0, "the year": 0, "that year": 0}


def relative_year(word: str, anchor: date | None) -> int | None:
    """去年 / last year … as a year number, via relativedelta from *anchor*."""
    if anchor is None:
        return None
    return (anchor + relativedelta(years=_REL_YEARS[word.lower()])).year


_CN_SMALL = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4,
             "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def resolve(kind: str, anchor: date | None, year: int | None, a: int = 0, b: int = 0) -> str | None:
    """Build a period string.  *year* None means "written without a year"."""
    if kind == "year":
        return str(year) if year is not None else None
    if kind == "span":
        return f"{a}/{b}" if a < b else None
    if kind == "since":
        # 2014年以来…累计 in a January or February report is the total at the end of last year: the
        # season when the year's results are published.
        if anchor is None:
            return None
        end = anchor.year - 1 if anchor.month <= 2 else anchor.year
        return f"{a}/{end}" if end > a else None
    months = {"quarter": (3 * a - 2, 3 * a), "quarters_to": (1, 3 * a), "half": (6 * a - 5, 6 * a),
              "month": (a, a), "months": (a, b), "end_month": (a, a), "end_year": (12, 12),
              "day": (a, a)}[kind]
    if year is None:
        year = _implicit_year(anchor, *months)
        if year is None:
            return None
    if kind == "quarter":
        return _quarter(year, a)
    if kind == "quarters_to":
        return _quarter(year, 1) if a == 1 else f"{_quarter(year, 1)}/{_quarter(year, a)}"
    if kind == "half":
        return f"{year}-H{a}"
    if kind in ("month", "months"):
        return _month_span(year, *months)
    if kind == "end_month":
        return _end_of_month(year, a)
    if kind == "end_year":
        # "截至去年底" / "by the end of last year" is labelled with the year (FIGURES.md, the seed).
        return str(year)
    if kind == "day":
        try:
            return date(year, a, b).isoformat()
        except ValueError:
            return None
    return None


FIVE_YEAR_PLANS = {"十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025),
                   "十五五": (2026, 2030), "12th": (2011, 2015), "13th": (2016, 2020),
                   "14th": (2021, 2025), "15th": (2026, 2030)}
