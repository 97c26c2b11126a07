"""`serieswatch backfill`: fill the archive with the coverage's history, resumably, without digest mail.

`run_backfill(config, since=…, until=…)` holds the archive's cycle lock (like `run`), records a run
of kind "backfill" and crawls in a child process with a crawler.search_source.Backfill: search
sources walk their queries over calendar-month windows (split further when a window has more
results than can be paged through), listing sources follow "下一页" back to --since. Articles go
through the ordinary pipeline (figures extracted). Progress is read from the archive while the
child works: a status line on a terminal, one log line per finished window otherwise.

Resumable: every window's state is in the archive, so a backfill stopped in any way (Ctrl-C,
SIGTERM, kill -9) and started again asks only for the windows not done, and the article pages
already archived are never fetched again. History is not news: subscribers' digest watermarks
are moved past what the backfill archived, so the next run's digests carry only what is new.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta, timezone

from sqlalchemy import func, select, update

from crawler.process import crawl_in_child
from crawler.report import crawl_status
from crawler.search_source import Backfill, describe_window
from scheduler.cycle import RunOutcome, _check_alerts, start_run
from scheduler.lock import ArchiveLock
from serieswatch.config import Config
from serieswatch.errors import UsageError
from serieswatch.logs import current_run
from storage.db import Database
from storage.models import Article, FigureRow, Revision
from storage.models_mail import Subscriber
from storage.runs import RunStore
from storage.search_windows import SearchWindows

logger = logging.getLogger(__name__)

TICK_SECONDS = 2.0


def backfill_range(config: Config, since: date, until: date | None) -> Backfill:
    """--since/--until are days in the configured zone; --until is inclusive (default: today)."""
    tz = config.tz
    until = until or datetime.now(tz).date()
    if until < since:
        raise UsageError(f"--until {until} is before --since {since}")
    start = datetime.combine(since, dtime(0), tzinfo=tz)
    end = datetime.combine(until + timedelta(days=1), dtime(0), tzinfo=tz)
    return Backfill(since=start.astimezone(timezone.utc), until=end.astimezone(timezone.utc))


def sources_for(config: Config, name: str | None):
    if name:
        return [config.source(name)]
    return list(config.sources)


@dataclass
class _Heads:
    figure: int
    article: int


def _heads(session) -> _Heads:
    return _Heads(session.scalar(select(func.max(FigureRow.id))) or 0,
                  session.scalar(select(func.max(Article.id))) or 0)


def settle_history(db: Database, before: _Heads) -> int:
    """Subscribers who had had all news up to `before` are moved past what the backfill archived since.

    Runs under the cycle lock, so nothing else archived anything meanwhile: it is all history."""
    with db.session() as s:
        now = _heads(s)
        moved = s.execute(update(Subscriber).where(Subscriber.figure_watermark >= before.figure,
                                                   Subscriber.figure_watermark < now.figure)
                          .values(figure_watermark=now.figure)).rowcount
        s.execute(update(Subscriber).where(Subscriber.article_watermark >= before.article,
                                           Subscriber.article_watermark < now.article)
                  .values(article_watermark=now.article))
    return moved or 0


class Progress:
    """Reads the backfill's progress from the archive: a status line on a terminal, else log lines."""

    def __init__(self, db: Database, run_id: int, plan: Backfill, sources, *, stream=None, tty=None):
        self.db, self.run_id, self.plan = db, run_id, plan
        self.search_sources = [s.name for s in sources if s.is_search]
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.started = time.monotonic()
        self.started_at = datetime.now(timezone.utc).replace(tzinfo=None)
        self.announced: set[int] = set()
        self._last = 0.0
        self._done_before: int | None = None     # windows done by earlier (interrupted) backfills
        self.snapshot: dict = {}

    def read(self) -> dict:
        with self.db.session() as s:
            counts = SearchWindows(s).counts(mode="backfill", sources=self.search_sources,
                                             since=self.plan.since, until=self.plan.until)
            articles = s.scalar(select(func.count(func.distinct(Revision.article_id)))
                                .where(Revision.run_id == self.run_id, Revision.number == 1)) or 0
            finished = SearchWindows(s).finished_since(self.started_at)
            finished = [(w.id, w.status, w.keyword, w.start, w.end, w.total, w.pages, w.fetched, w.error)
                        for w in finished if w.id not in self.announced and w.mode == "backfill"]
        by = counts["windows"]
        total = sum(n for k, n in by.items() if k not in ("split", "superseded"))
        done = by.get("done", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.snapshot = {"windows_done": done, "windows_total": total, "windows_failed": by.get("failed", 0),
                         "pages": counts["pages"], "articles": articles, "elapsed": elapsed,
                         "rate": articles / elapsed}
        return {"finished": finished, **self.snapshot}

    def eta(self, snap) -> str:
        done_now = snap["windows_done"] - (self._done_before or 0)
        left = snap["windows_total"] - snap["windows_done"] - snap["windows_failed"]
        if done_now <= 0 or left <= 0:
            return "—"
        seconds = snap["elapsed"] / done_now * left
        return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"

    def line(self, snap) -> str:
        return (f"backfill: windows {snap['windows_done']}/{snap['windows_total']}"
                f"{' (' + str(snap['windows_failed']) + ' failed)' if snap['windows_failed'] else ''}, "
                f"result pages {snap['pages']}, articles {snap['articles']}, {snap['rate']:.1f} articles/s, "
                f"ETA {self.eta(snap)}")

    def tick(self, *, force: bool = False) -> None:
        if not force and time.monotonic() - self._last < TICK_SECONDS:
            return
        self._last = time.monotonic()
        try:
            snap = self.read()
        except Exception:  # noqa: BLE001 - progress is a courtesy: a busy archive must not stop the backfill
            logger.debug("backfill progress could not be read", exc_info=True)
            return
        if self._done_before is None:
            self._done_before = snap["windows_done"] - len([f for f in snap["finished"] if f[1] == "done"])
        for wid, status, keyword, start, end, total, pages, fetched, error in snap["finished"]:
            self.announced.add(wid)
            if self.tty:
                continue
            if status == "done":
                logger.info("backfill window %s done: %s results, %d pages, %d article pages fetched (%s)",
                            describe_window(keyword, start, end), total if total is not None else "?", pages,
                            fetched, self.line(snap))
            else:
                logger.warning("backfill window %s failed: %s", describe_window(keyword, start, end), error)
        if self.tty and (snap["windows_total"] or snap["articles"] or force):
            self.stream.write("\r\033[K" + self.line(snap))
            self.stream.flush()

    def close(self) -> None:
        self.tick(force=True)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def run_backfill(config: Config, db: Database, *, since: date, until: date | None = None, source: str | None = None,
                 wait: float = 0.0, should_stop=None, stream=None, tty=None) -> RunOutcome:
    """One backfill under the cycle lock, recorded as a run of kind "backfill"."""
    plan = backfill_range(config, since, until)
    sources = sources_for(config, source)
    lock = ArchiveLock(db.engine, "cycle", lock_dir=config.data_dir).acquire(wait=wait, what="a cycle")
    try:
        with db.session() as s:
            run_id = start_run(s, "backfill")
            heads = _heads(s)
        token = current_run.set(run_id)
        try:
            return _recorded(config, db, run_id, plan, sources, heads, should_stop, stream, tty)
        finally:
            current_run.reset(token)
    finally:
        lock.release()


def _recorded(config, db, run_id, plan, sources, heads, should_stop, stream, tty) -> RunOutcome:
    logger.info("backfill run %d: %s … %s (%s)", run_id, plan.since.isoformat(), plan.until.isoformat(),
                ", ".join(s.name for s in sources))
    if not any(s.is_search for s in sources):
        logger.warning("no people_search source in this backfill: only listing pages are followed back")
    progress = Progress(db, run_id, plan, sources, stream=stream, tty=tty)
    stopping = should_stop or (lambda: False)

    def tick():
        progress.tick()
        if progress.snapshot.get("windows_done"):
            settle_history(db, heads)
        return stopping()

    t0 = time.monotonic()
    try:
        # The child's per-article lines go to the log file only (unless -vv): stderr gets the progress.
        level = logging.getLogger().getEffectiveLevel()
        code = crawl_in_child(config, run_id, sources=[s.name for s in sources], backfill=plan, should_stop=tick,
                              log_level=level if level <= logging.DEBUG else logging.WARNING)
        stages = {"crawl": round(time.monotonic() - t0, 3)}
        progress.close()
        settle_history(db, heads)
        with db.session() as s:
            stats = dict(RunStore(s).get(run_id).stats or {})
        status, why = crawl_status(stats)
        if stopping():
            status, why = "failed", "interrupted: shutdown requested during the backfill"
        elif code != 0:
            status, why = "failed", f"the crawl process exited with code {code}"
    except BaseException as exc:
        settle_history(db, heads)
        error = "interrupted" if isinstance(exc, KeyboardInterrupt) else f"{exc.__class__.__name__}: {exc}"
        with db.session() as s:
            RunStore(s).finish(run_id, "failed", stages={"crawl": round(time.monotonic() - t0, 3)}, error=error)
        raise
    with db.session() as s:
        run = RunStore(s).finish(run_id, status, stages=stages, error=why)
        stats = dict(run.stats or {})
    outcome = RunOutcome(run_id, status, stats, why, stages, status, why)
    logger.info("backfill run %d finished: %s%s", run_id, status, f" ({why})" if why else "")
    _check_alerts(config, db, outcome)
    return outcome
