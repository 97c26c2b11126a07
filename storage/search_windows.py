"""Search windows: planning them (backfill grid, a run's "since the last successful search"), their
progress and failures. Times are naive UTC, like every time in the archive.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.articles import to_utc, utcnow
from storage.models_search import SearchWindow

OPEN = ("pending", "failed")


def _naive(dt: datetime) -> datetime:
    return to_utc(dt) if dt.tzinfo is not None else dt


def as_utc(dt: datetime) -> datetime:
    """A stored naive-UTC time as an aware one (for the API's epoch milliseconds)."""
    return dt.replace(tzinfo=timezone.utc)


class SearchWindows:
    def __init__(self, session: Session):
        self.session = session

    def get(self, window_id: int) -> SearchWindow | None:
        return self.session.get(SearchWindow, window_id)

    def ensure(self, source: str, keyword: str, mode: str, start: datetime, end: datetime, *,
               run_id: int | None = None) -> SearchWindow:
        start, end = _naive(start), _naive(end)
        row = self.session.scalars(select(SearchWindow).where(
            SearchWindow.source == source, SearchWindow.keyword == keyword, SearchWindow.mode == mode,
            SearchWindow.start == start, SearchWindow.end == end)).first()
        if row is None:
            row = SearchWindow(source=source, keyword=keyword, mode=mode, start=start, end=end, status="pending",
                               pages=0, fetched=0, attempts=0, run_id=run_id, updated_at=utcnow())
            self.session.add(row)
            self.session.flush()
        return row

    # ------------------------------------------------------------------ planning
    def plan_backfill(self, source: str, keyword: str, windows) -> list[SearchWindow]:
        """The grid's windows (created once), then every open backfill window inside it, newest first.

        Windows done earlier are skipped; split ones are represented by their halves."""
        windows = [(_naive(a), _naive(b)) for a, b in windows]
        if not windows:
            return []
        for start, end in windows:
            self.ensure(source, keyword, "backfill", start, end)
        lo, hi = min(a for a, _ in windows), max(b for _, b in windows)
        return list(self.session.scalars(select(SearchWindow).where(
            SearchWindow.source == source, SearchWindow.keyword == keyword, SearchWindow.mode == "backfill",
            SearchWindow.status.in_(OPEN), SearchWindow.start >= lo, SearchWindow.end <= hi)
            .order_by(SearchWindow.start.desc())))

    def plan_run(self, source: str, keyword: str, *, now: datetime, lookback_days: int,
                 run_id: int | None) -> SearchWindow:
        """This run's window: since the last successful search, at least `lookback_days` back.

        Earlier run windows still open (failed, or cut short) are folded into it: retried now."""
        now = _naive(now)
        start = now - timedelta(days=lookback_days)
        base = select(SearchWindow).where(SearchWindow.source == source, SearchWindow.keyword == keyword,
                                          SearchWindow.mode == "run")
        still_open = list(self.session.scalars(base.where(SearchWindow.status.in_(OPEN))))
        if still_open:
            start = min(start, min(w.start for w in still_open))
            for w in still_open:
                w.status, w.updated_at = "superseded", utcnow()
        else:
            last = self.session.scalar(select(func.max(SearchWindow.end)).where(
                SearchWindow.source == source, SearchWindow.keyword == keyword, SearchWindow.mode == "run",
                SearchWindow.status == "done"))
            if last is not None:
                start = min(start, last)
        return self.ensure(source, keyword, "run", start, now, run_id=run_id)

    # ------------------------------------------------------------------ progress
    def started(self, window_id: int, run_id: int | None) -> None:
        w = self.get(window_id)
        w.attempts += 1
        w.status, w.pages, w.fetched, w.run_id, w.updated_at = "pending", 0, 0, run_id, utcnow()

    def page_read(self, window_id: int, *, total: int, fetched: int) -> None:
        w = self.get(window_id)
        w.pages += 1
        w.total, w.fetched, w.updated_at = total, w.fetched + fetched, utcnow()

    def done(self, window_id: int) -> None:
        w = self.get(window_id)
        if w.status == "pending":
            w.status, w.error, w.error_kind, w.updated_at = "done", None, None, utcnow()

    def failed(self, window_id: int, kind: str, error: str) -> None:
        w = self.get(window_id)
        w.status, w.error_kind, w.error, w.updated_at = "failed", kind, error[:2000], utcnow()

    def split(self, window_id: int, halves) -> list[SearchWindow]:
        w = self.get(window_id)
        w.status, w.updated_at = "split", utcnow()
        return [self.ensure(w.source, w.keyword, w.mode, a, b, run_id=w.run_id) for a, b in halves]

    # ------------------------------------------------------------------ reading
    def counts(self, *, mode: str, sources, since: datetime, until: datetime) -> dict:
        """Windows by status, result pages read and article pages requested, inside [since, until)."""
        since, until = _naive(since), _naive(until)
        q = (select(SearchWindow.status, func.count(), func.coalesce(func.sum(SearchWindow.pages), 0),
                    func.coalesce(func.sum(SearchWindow.fetched), 0))
             .where(SearchWindow.mode == mode, SearchWindow.source.in_(list(sources)),
                    SearchWindow.start >= since, SearchWindow.end <= until)
             .group_by(SearchWindow.status))
        out = {"windows": {}, "pages": 0, "fetched": 0}
        for status, n, pages, fetched in self.session.execute(q):
            out["windows"][status] = n
            out["pages"] += int(pages)
            out["fetched"] += int(fetched)
        return out

    def finished_since(self, after: datetime) -> list[SearchWindow]:
        """Windows done or failed since `after` (for one log line per window)."""
        return list(self.session.scalars(select(SearchWindow).where(
            SearchWindow.status.in_(("done", "failed")), SearchWindow.updated_at >= _naive(after))
            .order_by(SearchWindow.updated_at, SearchWindow.id)))

    def summary(self) -> list[dict]:
        """Per source and query: searched up to when (runs), backfilled windows, the windows failing now."""
        rows = {}
        for w in self.session.scalars(select(SearchWindow).order_by(SearchWindow.id)):
            r = rows.setdefault((w.source, w.keyword), {
                "source": w.source, "keyword": w.keyword, "searched_until": None, "backfill_done": 0,
                "backfill_open": 0, "failing": []})
            if w.mode == "run" and w.status == "done":
                r["searched_until"] = max(filter(None, [r["searched_until"], w.end]))
            if w.mode == "backfill":
                r["backfill_done" if w.status == "done" else "backfill_open"] += w.status in ("done", *OPEN)
            if w.status == "failed":
                r["failing"].append({"mode": w.mode, "start": w.start, "end": w.end, "attempts": w.attempts,
                                     "kind": w.error_kind, "error": w.error, "run_id": w.run_id})
        return list(rows.values())
