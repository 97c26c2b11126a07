"""The Python API for notebooks: `from serieswatch import Archive`.

    archive = Archive.open("config.yaml")
    archive.search("技术合同").to_pandas()

Every method returns `Records`: a list of plain dicts in the command line's JSON shapes
(CONTRACT.md), with `.to_pandas()` when pandas is installed (`pip install 'serieswatch[pandas]'`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Callable, Iterable

from serieswatch.errors import UsageError

_TIME_COLUMNS = ("published_at", "first_seen_at", "updated_at", "fetched_at")


class Records(list):
    """A list of dicts (one per article, figure or period) that can become a pandas DataFrame."""

    def __init__(self, rows: Iterable[dict] = (), *, flatten: Callable[[dict], Iterable[dict]] | None = None,
                 tz=None):
        super().__init__(rows)
        self._flatten = flatten
        self._tz = tz

    def to_pandas(self):
        """A DataFrame: one row per record (history: one row per source per period), times as datetimes."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install 'serieswatch[pandas]'") from None
        rows = [flat for r in self for flat in self._flatten(r)] if self._flatten else list(self)
        frame = pandas.DataFrame(rows)
        for column in _TIME_COLUMNS:
            if column in frame:
                stamps = pandas.to_datetime(frame[column], utc=True, format="ISO8601")
                frame[column] = stamps.dt.tz_convert(str(self._tz)) if self._tz else stamps
        return frame


def _when(value, tz, option: str):
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=tz)
    from scheduler.cli_archive import parse_when
    return parse_when(str(value), tz, option=option)


class Archive:
    """Read access to one archive (the one a config file names)."""

    def __init__(self, config, database):
        self.config = config
        self._db = database

    @classmethod
    def open(cls, config_path: str | Path = "config.yaml") -> "Archive":
        """The archive of this config file (its `storage.url`, or $SERIESWATCH_DB_URL)."""
        from serieswatch.config import load_config
        from storage.db import open_database
        config = load_config(Path(config_path))
        return cls(config, open_database(config.storage_url))

    # ------------------------------------------------------------------ reads
    def search(self, query: str, *, since=None, until=None, source: str | None = None, lang: str | None = None,
               sort: str = "rank", limit: int | None = 50, offset: int = 0) -> Records:
        """Articles matching `query` (words, "phrases", a OR b, -word), best first or `sort="date"`,
        each with `score` and a `snippet` (matches in «»)."""
        from scheduler.records import search_records
        if sort not in ("rank", "date"):
            raise UsageError(f"sort: 'rank' or 'date', not {sort!r}")
        tz = self.config.tz
        with self._db.session() as s:
            return Records(search_records(s, query, tz, since=_when(since, tz, "since"),
                                          until=_when(until, tz, "until"), source=source, language=lang,
                                          sort=sort, limit=limit, offset=offset), tz=tz)

    def attention(self, query: str, *, by: str = "month", since=None, until=None, source: str | None = None,
                  lang: str | None = None) -> Records:
        """How many articles matched `query` per week, month or year ({period, articles})."""
        from scheduler.records import attention_records
        if by not in ("week", "month", "year"):
            raise UsageError(f"by: 'week', 'month' or 'year', not {by!r}")
        tz = self.config.tz
        with self._db.session() as s:
            return Records(attention_records(s, query, by=by, tz=tz, since=_when(since, tz, "since"),
                                             until=_when(until, tz, "until"), source=source, language=lang))

    def articles(self, *, since=None, until=None, source: str | None = None, limit: int | None = None,
                 offset: int = 0) -> Records:
        """Archived articles, newest first."""
        from scheduler.records import article_records
        tz = self.config.tz
        with self._db.session() as s:
            return Records(article_records(s, tz, since=_when(since, tz, "since"), until=_when(until, tz, "until"),
                                           source=source, limit=limit, offset=offset), tz=tz)

    def figures(self, *, indicator: str | None = None, region: str | None = None, period_from: str | None = None,
                period_to: str | None = None, source: str | None = None, tracking: str | None = None,
                article: int | None = None, since=None, limit: int | None = None, offset: int = 0) -> Records:
        """Figures with provenance (article id, url, title, published_at, quote, sentence), newest first.
        `tracking` is the class (new_indicator, new_period, revised, repeat, conflict)."""
        from scheduler.records import figure_records
        from storage.articles import to_utc
        tz = self.config.tz
        with self._db.session() as s:
            return Records(figure_records(s, limit=limit, offset=offset, indicator=indicator, region=region,
                                          period_from=period_from, period_to=period_to, source=source,
                                          tracking=tracking, article=article,
                                          since=to_utc(_when(since, tz, "since"))), tz=tz)

    def history(self, indicator: str, *, source: str | None = None, period_from: str | None = None,
                period_to: str | None = None) -> Records:
        """One indicator over periods: per period the value held, `conflict`, `revised` and every
        source in `values`. `.to_pandas()` has one row per source per period."""
        from scheduler.records import history_records, history_source_rows
        with self._db.session() as s:
            return Records(history_records(s, indicator, source=source, period_from=period_from,
                                           period_to=period_to), flatten=history_source_rows, tz=self.config.tz)

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        self._db.dispose()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({self._db.url!r})"
