"""One cycle: crawl (child process) → store → figures → digests → delivery, recorded as a run.

`run_cycle` is what `run`, `crawl`, `demo` and every scheduled trigger call. It holds the archive's
cycle lock, so two cycles never interleave, and records stage timings, counts and a status. Once the
run is recorded, the admin alerts are checked (notifications.alerts); they never change its outcome.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from crawler.process import EXIT_LOCK_LOST, crawl_in_child
from crawler.report import crawl_status
from notifications.alerts import check_run, send_unsent
from notifications.cycle import deliver_digests
from serieswatch.config import Config
from serieswatch.errors import LockLost, SerieswatchError, StorageError
from serieswatch.logs import current_run
from storage.db import Database, open_database
from storage.lock import ArchiveLock
from storage.runs import RunStore

logger = logging.getLogger(__name__)

STATUS_ORDER = {"ok": 0, "degraded": 1, "failed": 2}
EXIT_INTERRUPTED = 143      # 128 + SIGTERM: `run` stopped by a signal, recorded as interrupted
INTERRUPTED = "interrupted: shutdown requested during the crawl"


@dataclass
class RunOutcome:
    run_id: int
    status: str
    stats: dict = field(default_factory=dict)
    reason: str | None = None
    stages: dict = field(default_factory=dict)
    crawl_status: str | None = None     # the crawl's own status, before delivery trouble is added
    crawl_reason: str | None = None
    interrupted: bool = False           # stopped by SIGTERM/SIGINT (the scheduler's or `run`'s)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return 1 if self.status == "failed" else 0


def worse(a: str, b: str) -> str:
    return a if STATUS_ORDER[a] >= STATUS_ORDER[b] else b


def start_run(session, kind: str) -> int:
    """Record a new run (the cycle lock held); runs left "running" by a killed process become failed."""
    runs = RunStore(session)
    stale = runs.abandon_stale()
    if stale:
        logger.warning("%d earlier run(s) had been interrupted; marked failed", stale)
    return runs.start(kind).id


def run_cycle(config: Config, *, kind: str = "run", digests: bool = True, wait: float = 0.0,
              db: Database | None = None, crawl_timeout: float | None = None, should_stop=None) -> RunOutcome:
    """Run one cycle under the archive's cycle lock; the run is recorded whatever happens."""
    own_db = db is None
    db = db or open_database(config.storage_url)
    lock = ArchiveLock(db.engine, "cycle", lock_dir=config.data_dir).acquire(wait=wait, what="a cycle")
    try:
        with db.session() as s:
            run_id = start_run(s, kind)
        token = current_run.set(run_id)
        try:
            return _recorded(config, db, run_id, kind, digests, crawl_timeout, should_stop, lock)
        finally:
            current_run.reset(token)
    finally:
        lock.release()
        if own_db:
            db.dispose()


def _recorded(config, db, run_id, kind, digests, crawl_timeout, should_stop, lock) -> RunOutcome:
    logger.info("run %d (%s) started", run_id, kind)
    stages, reasons, crawl = {}, [], (None, None)
    stopping = should_stop or (lambda: False)
    try:
        t0 = time.monotonic()
        timeout = crawl_timeout or config.schedule.hung_after_minutes * 60
        code = crawl_in_child(config, run_id, timeout=timeout, should_stop=stopping, keepalive=lock.check)
        stages["crawl"] = round(time.monotonic() - t0, 3)
        lock.check()
        with db.session() as s:
            stats = dict(RunStore(s).get(run_id).stats or {})
        status, why = crawl_status(stats)
        if stopping():
            status, why = "failed", INTERRUPTED
        elif stats.get("lock_lost"):
            raise LockLost(stats["lock_lost"])
        elif code != 0 and stages["crawl"] >= timeout:
            status, why = "failed", f"hung: the crawl was stopped after {timeout / 60:.0f} minutes"
        elif code == EXIT_LOCK_LOST:
            status, why = "failed", "the crawl could not take or keep the archive's crawl lock (see the log)"
        elif code != 0:
            status, why = "failed", f"the crawl process exited with code {code}"
        if why:
            reasons.append(why)
        crawl = (status, why)
        if digests and status != "failed" and not stopping():
            lock.check()
            t0 = time.monotonic()
            status = worse(status, _deliver(config, db, run_id, reasons))
            stages["digests"] = round(time.monotonic() - t0, 3)
    except LockLost as exc:
        # Another cycle may hold the archive now: record what happened and stop, alerting nobody twice.
        return _finish_lost(db, run_id, stages, exc, crawl)
    except BaseException as exc:  # recorded as failed with its cause, then the error propagates
        error = "interrupted" if isinstance(exc, KeyboardInterrupt) else f"{exc.__class__.__name__}: {exc}"
        try:
            with db.session() as s:
                stats = dict(RunStore(s).finish(run_id, "failed", stages=stages, error=error).stats or {})
        except StorageError:
            # The archive itself is gone: the run stays 'running' and the next run closes it as
            # interrupted. The cause is what the user needs to see, once.
            if isinstance(exc, SerieswatchError):
                raise exc from None
            raise
        if isinstance(exc, Exception):   # not on Ctrl-C or exit: whoever stopped it knows
            _check_alerts(config, db, RunOutcome(run_id, "failed", stats, error, stages, *crawl))
        raise
    with db.session() as s:
        run = RunStore(s).finish(run_id, status, stages=stages, error="; ".join(reasons) or None)
        stats = dict(run.stats or {})
    logger.info("run %d finished: %s%s", run_id, status, f" ({'; '.join(reasons)})" if reasons else "")
    outcome = RunOutcome(run_id, status, stats, "; ".join(reasons) or None, stages, *crawl,
                         interrupted=stopping())
    _check_alerts(config, db, outcome)
    return outcome


def _finish_lost(db, run_id, stages, exc, crawl) -> RunOutcome:
    error = f"interrupted: {exc}"
    logger.error("run %d stopped: %s", run_id, exc)
    with db.session() as s:
        stats = dict(RunStore(s).finish(run_id, "failed", stages=stages, error=error).stats or {})
    return RunOutcome(run_id, "failed", stats, error, stages, *crawl)


def _check_alerts(config: Config, db: Database, outcome: RunOutcome) -> None:
    """Admin alerts for the recorded run; any trouble here is logged and never breaks the run."""
    try:
        check_run(config, db, outcome)
        send_unsent(config, db)
    except Exception:  # noqa: BLE001 - alerts must not change the run's outcome or exit status
        logger.exception("admin alerts could not be checked or sent after run %d", outcome.run_id)


def _deliver(config: Config, db: Database, run_id: int, reasons: list) -> str:
    """Digests and delivery: build what is due into the outbox, send everything pending."""
    state, why = deliver_digests(config, db, run_id)
    if why:
        reasons.append(why)
    return state
