"""Figures with provenance, tracked across articles as observations of indicators over periods.

Each figure stored is classified against what the archive knew (FIGURES.md):
new_indicator, new_period, revised (with the old value), repeat, conflict. A figure without a catalog
indicator is tracked by its normalised subject, region and unit instead.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from storage.articles import utcnow
from storage.models import Article, FigureRow

CLASSES = ("new_indicator", "new_period", "revised", "repeat", "conflict")
NEW_CLASSES = ("new_indicator", "new_period", "revised", "conflict")   # what a digest reports

_KEY_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


# Subjects that name nothing (what is left when the extractor found no noun): they cannot make a series.
_EMPTY_SUBJECTS = {"较", "比", "同比", "增长", "下降", "提高", "达", "为", "约", "其中", "by", "of", "the", "to", "and"}


def series_key(indicator: str | None, subject: str | None, region: str | None, unit: str, *,
               kind: str = "level", quote: str = "", sentence: str = "") -> str:
    """What makes two figures observations of the same thing.

    A catalog indicator is the series. Otherwise the normalised subject, region, unit and kind are
    (FIGURES.md); a figure whose subject names nothing is only ever the same as itself, written the
    same way in the same sentence, so unrelated numbers never become each other's revisions.
    """
    if indicator:
        return indicator
    subj = _KEY_STRIP.sub("", (subject or "")).casefold()
    reg = _KEY_STRIP.sub("", (region or "")).casefold()
    if len(subj) < 2 or subj in _EMPTY_SUBJECTS:
        digest = hashlib.sha1(f"{quote}|{sentence}".encode("utf-8")).hexdigest()[:16]
        return f"~#{digest}|{unit}"
    return f"~{subj}|{reg}|{unit}|{kind}"[:300]


def same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@dataclass(frozen=True)
class Tracked:
    figure_id: int
    tracking: str
    previous_value: float | None


@dataclass(frozen=True)
class _Obs:
    """One known observation: what classification needs of a stored figure."""

    period: str | None
    value: float
    published_at: datetime | None


def _classify(known: list[_Obs], mine: list[_Obs] | None, period, value, published, *,
              indicator: bool = True) -> tuple[str, float | None]:
    """The tracking class of a new figure and the value it is compared with (FIGURES.md).

    Without a catalog indicator only sameness is known (subject, region, period, value): such a figure
    is new or a repeat, never another source's revision or conflict, and has no previous value.
    """
    if mine:                                   # an edited article: against what it said before
        if any(same_value(o.value, value) for o in mine):
            return "repeat", None
        return "revised", mine[0].value
    if not known:
        return "new_indicator", None
    same_period = [o for o in known if o.period == period]
    if not same_period:
        if not indicator:
            return "new_period", None
        # The previous value is that of the latest earlier period of the same granularity
        # (a quarter is not compared with a year, nor 2018 with 2023).
        granularity = period_granularity(period)
        earlier = [o for o in known if o.period and period_granularity(o.period) == granularity
                   and (period is None or o.period < period)]
        latest = max(earlier, key=lambda o: o.period) if earlier else None
        return "new_period", latest.value if latest else None
    if any(same_value(o.value, value) for o in same_period):
        return "repeat", None
    if not indicator:
        return "new_period", None
    # Another source, another value, for the same period: a newer article revises the figure,
    # one published at the same time or earlier disagrees with what we hold.
    newest = max(same_period, key=lambda o: o.published_at or datetime.min)
    if published and newest.published_at and (published - newest.published_at).days >= 1:
        return "revised", newest.value
    return "conflict", newest.value


class FigureStore:
    def __init__(self, session: Session):
        self.session = session

    def add_revision_figures(self, article_id: int, revision_id: int, figures, *, run_id: int | None = None,
                             previous_revision_id: int | None = None) -> list[Tracked]:
        """Store the figures of one article revision and classify each; older revisions' figures stop being current.

        What the archive knew is read once per revision (one query for all the series it touches), and
        each figure is added to it as it is classified, so an article's own from-to pair reads as a first
        value and a new period. The rows are written in one statement.
        """
        now = utcnow()
        self.session.execute(update(FigureRow).where(FigureRow.article_id == article_id, FigureRow.is_current)
                             .values(is_current=False))
        article = self.session.get(Article, article_id)
        keyed = [(series_key(f.indicator, f.subject, f.region, f.unit, kind=f.kind, quote=f.quote,
                             sentence=f.sentence), f) for f in figures]
        known = self._known({key for key, _ in keyed}, article_id)
        own_previous: dict[tuple, list[_Obs]] = {}
        if previous_revision_id is not None:
            for row in self.session.scalars(select(FigureRow).where(FigureRow.revision_id == previous_revision_id)):
                obs = _Obs(row.period, row.value, article.published_at)
                own_previous.setdefault((row.series, row.period), []).append(obs)
                known.setdefault(row.series, []).append(obs)
        rows, tracked = [], []
        for key, f in keyed:
            value = float(f.value)
            tracking, previous = _classify(known.get(key, []), own_previous.get((key, f.period)), f.period, value,
                                           article.published_at, indicator=bool(f.indicator))
            known.setdefault(key, []).append(_Obs(f.period, value, article.published_at))
            rows.append(dict(
                article_id=article_id, revision_id=revision_id, run_id=run_id, series=key, indicator=f.indicator,
                value=value, unit=f.unit, measure_word=f.measure_word, approx=f.approx, kind=f.kind,
                period=f.period, subject=f.subject, region=f.region, quote=f.quote, span_start=f.span[0],
                span_end=f.span[1], sentence=f.sentence, tracking=tracking, previous_value=previous,
                is_current=True, first_seen_at=now))
            tracked.append((tracking, previous))
        if not rows:
            return []
        # One multi-row INSERT … RETURNING (no ORM objects): ids come back in the order given.
        ids = self.session.scalars(insert(FigureRow).returning(FigureRow.id, sort_by_parameter_order=True), rows).all()
        return [Tracked(fid, tracking, previous) for fid, (tracking, previous) in zip(ids, tracked)]

    def _known(self, keys: set[str], article_id: int) -> dict[str, list["_Obs"]]:
        """Distinct (period, value) observations of these series in other articles' current figures,
        each with the latest publication time that reported it (repeats collapse into one row)."""
        known: dict[str, list[_Obs]] = {}
        keys = list(keys)
        for i in range(0, len(keys), 500):
            q = (select(FigureRow.series, FigureRow.period, FigureRow.value, func.max(Article.published_at))
                 .join(Article, Article.id == FigureRow.article_id)
                 .where(FigureRow.series.in_(keys[i:i + 500]), FigureRow.is_current,
                        FigureRow.article_id != article_id)
                 .group_by(FigureRow.series, FigureRow.period, FigureRow.value))
            for series, period, value, published in self.session.execute(q):
                known.setdefault(series, []).append(_Obs(period, value, published))
        return known

    # ------------------------------------------------------------------ reads
    def history(self, indicator: str) -> list[FigureRow]:
        q = (select(FigureRow).where(FigureRow.series == indicator, FigureRow.is_current)
             .order_by(FigureRow.period, FigureRow.id))
        return list(self.session.scalars(q))

    def listing(self, *, indicator: str | None = None, since: datetime | None = None,
                current_only: bool = True) -> list[FigureRow]:
        q = select(FigureRow).order_by(FigureRow.id.desc())
        if current_only:
            q = q.where(FigureRow.is_current)
        if indicator:
            q = q.where(FigureRow.series == indicator)
        if since:
            q = q.where(FigureRow.first_seen_at >= since)
        return list(self.session.scalars(q))

    def new_since(self, after_id: int, *, indicators=None) -> list[FigureRow]:
        q = select(FigureRow).where(FigureRow.id > after_id, FigureRow.tracking.in_(NEW_CLASSES)).order_by(FigureRow.id)
        rows = list(self.session.scalars(q))
        if indicators:
            rows = [r for r in rows if r.indicator in indicators]
        return rows


_GRANULARITY = (("year", re.compile(r"^\d{4}$")), ("quarter", re.compile(r"^\d{4}-Q\d$")),
                ("half", re.compile(r"^\d{4}-H\d$")), ("month", re.compile(r"^\d{4}-\d{2}$")),
                ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")))


def period_granularity(period: str | None) -> str | None:
    """year | quarter | half | month | day | span: only periods of one granularity make a series."""
    if not period:
        return None
    for name, pattern in _GRANULARITY:
        if pattern.match(period):
            return name
    return "span"


def json_number(value: float | None):
    """3176.0 → 3176: counts and yuan amounts read as the integers they are."""
    if value is not None and float(value).is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def figure_json(row: FigureRow) -> dict:
    return {
        "id": row.id, "value": json_number(row.value), "unit": row.unit, "measure_word": row.measure_word, "approx": row.approx,
        "kind": row.kind, "period": row.period, "subject": row.subject, "region": row.region,
        "indicator": row.indicator, "quote": row.quote, "span": [row.span_start, row.span_end],
        "sentence": row.sentence, "tracking": row.tracking, "previous_value": json_number(row.previous_value),
        "article_id": row.article_id, "revision_id": row.revision_id,
    }


def figures_of_article(session: Session, article_id: int) -> list[dict]:
    q = (select(FigureRow).where(FigureRow.article_id == article_id, FigureRow.is_current)
         .order_by(FigureRow.span_start))
    return [figure_json(r) for r in session.scalars(q)]
