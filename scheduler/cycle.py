"""One cycle: crawl (child process) → store → figures → digests → delivery, recorded as a run.

`run_cycle` is what `run`, `crawl`, `demo` and every scheduled trigger call. It holds the archive's
cycle lock, so two cycles never interleave, and records stage timings, counts and a status.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from crawler.process import crawl_in_child
from crawler.report import crawl_status
from scheduler.lock import ArchiveLock
from serieswatch.config import Config
from storage.db import Database, open_database
from storage.runs import RunStore

logger = logging.getLogger(__name__)

STATUS_ORDER = {"ok": 0, "degraded": 1, "failed": 2}


@dataclass
class RunOutcome:
    run_id: int
    status: str
    stats: dict = field(default_factory=dict)
    reason: str | None = None
    stages: dict = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "failed" else 0


def worse(a: str, b: str) -> str:
    return a if STATUS_ORDER[a] >= STATUS_ORDER[b] else b


def run_cycle(config: Config, *, kind: str = "run", digests: bool = True, wait: float = 0.0,
              db: Database | None = None, crawl_timeout: float | None = None) -> RunOutcome:
    own_db = db is None
    db = db or open_database(config.storage_url)
    lock = ArchiveLock(db.engine, "cycle", lock_dir=config.data_dir).acquire(wait=wait, what="a cycle")
    try:
        with db.session() as s:
            runs = RunStore(s)
            stale = runs.abandon_stale()
            if stale:
                logger.warning("%d earlier run(s) had been interrupted; marked failed", stale)
            run_id = runs.start(kind).id
        logger.info("run %d (%s) started", run_id, kind)
        stages, status, reasons = {}, "ok", []
        try:
            t0 = time.monotonic()
            code = crawl_in_child(config, run_id, timeout=crawl_timeout)
            stages["crawl"] = round(time.monotonic() - t0, 3)
            with db.session() as s:
                stats = dict(RunStore(s).get(run_id).stats or {})
            crawl_state, why = crawl_status(stats)
            if code != 0:
                crawl_state, why = "failed", f"the crawl process exited with code {code}"
            status = worse(status, crawl_state)
            if why:
                reasons.append(why)
            if digests and status != "failed":
                t0 = time.monotonic()
                status = worse(status, _deliver(config, db, run_id, stats, reasons))
                stages["digests"] = round(time.monotonic() - t0, 3)
        except KeyboardInterrupt:
            with db.session() as s:
                RunStore(s).finish(run_id, "failed", stages=stages, error="interrupted")
            raise
        except Exception as exc:  # the run is recorded as failed with its cause, then the error propagates
            with db.session() as s:
                RunStore(s).finish(run_id, "failed", stages=stages, error=f"{exc.__class__.__name__}: {exc}")
            raise
        with db.session() as s:
            run = RunStore(s).finish(run_id, status, stages=stages, error="; ".join(reasons) or None)
            stats = dict(run.stats or {})
        logger.info("run %d finished: %s%s", run_id, status, f" ({'; '.join(reasons)})" if reasons else "")
        return RunOutcome(run_id, status, stats, "; ".join(reasons) or None, stages)
    finally:
        lock.release()
        if own_db:
            db.dispose()


def _deliver(config: Config, db: Database, run_id: int, stats: dict, reasons: list) -> str:
    """Digests and delivery (notifications); a no-op until subscribers exist."""
    try:
        from notifications.cycle import deliver_digests
    except ImportError:
        return "ok"
    state, why = deliver_digests(config, db, run_id)
    if why:
        reasons.append(why)
    return state
