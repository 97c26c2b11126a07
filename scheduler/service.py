"""`serieswatch schedule`: the long-running scheduler (APScheduler 3, BlockingScheduler).

The job is built from config at start-up (no persisted job store that could silently lose a job):
the cron in the configured zone, coalesced, with a misfire grace time and max_instances=1. A
machine that was off over the trigger gets exactly one catch-up run at start-up. One scheduler per
archive (a lock); SIGTERM/SIGINT stop the current cycle's crawl cleanly and exit.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime, timedelta, timezone

from apscheduler.events import EVENT_JOB_MAX_INSTANCES
from apscheduler.schedulers.blocking import BlockingScheduler

from scheduler.cycle import run_cycle
from scheduler.lock import ArchiveLock
from scheduler.triggers import DstSafeCronTrigger
from serieswatch.config import Config
from serieswatch.errors import AlreadyRunning, SerieswatchError
from storage.db import open_database
from storage.runs import RunStore

logger = logging.getLogger(__name__)

JOB_ID = "serieswatch-cycle"


def missed_fire_time(config: Config, last_run_started: datetime | None, now: datetime) -> datetime | None:
    """The trigger time missed while nothing ran (within the grace time), if any: one catch-up is due."""
    trigger = DstSafeCronTrigger.from_crontab(config.schedule.cron, config.tz)
    grace = timedelta(seconds=config.schedule.misfire_grace_seconds)
    previous, t = None, now - grace
    while True:
        nxt = trigger.get_next_fire_time(previous, t)
        if nxt is None or nxt > now:
            break
        previous, t = nxt, nxt + timedelta(seconds=1)
    if previous is None or last_run_started is None:
        return None          # a new archive waits for its first trigger (`serieswatch run` starts it now)
    if last_run_started >= previous:
        return None
    return previous


class Service:
    def __init__(self, config: Config):
        self.config = config
        self.stop_event = threading.Event()
        self.active = threading.Lock()          # held while a cycle runs, so shutdown can wait for it
        self.scheduler = BlockingScheduler(timezone=config.tz, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": config.schedule.misfire_grace_seconds})
        self.db = open_database(config.storage_url)

    def cycle(self) -> None:
        """One scheduled cycle; errors are logged and recorded, never kill the scheduler."""
        if self.stop_event.is_set():
            return
        with self.active:
            self._cycle()

    def _cycle(self) -> None:
        try:
            outcome = run_cycle(self.config, kind="scheduled", db=self.db, should_stop=self.stop_event.is_set)
            logger.info("scheduled run %d: %s%s", outcome.run_id, outcome.status,
                        f" ({outcome.reason})" if outcome.reason else "")
        except AlreadyRunning as exc:
            logger.warning("trigger skipped: %s", exc)
        except SerieswatchError as exc:
            logger.error("scheduled run failed: %s", exc)
        except Exception:  # noqa: BLE001 - the scheduler must outlive any one cycle
            logger.exception("scheduled run crashed")

    def _skipped(self, event) -> None:
        logger.warning("trigger at %s skipped: the previous cycle is still running", event.scheduled_run_times)

    def _stop(self, signum, _frame) -> None:
        logger.info("received %s: finishing up", signal.Signals(signum).name)
        self.stop_event.set()
        try:
            self.scheduler.shutdown(wait=False)
        except Exception:  # noqa: BLE001 - not started yet or already stopped
            pass

    def run(self) -> int:
        lock = ArchiveLock(self.db.engine, "scheduler", lock_dir=self.config.data_dir)
        lock.acquire(what="a scheduler")
        try:
            trigger = DstSafeCronTrigger.from_crontab(self.config.schedule.cron, self.config.tz)
            self.scheduler.add_job(self.cycle, trigger, id=JOB_ID, name="crawl → figures → digests",
                                   replace_existing=True)
            self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES)
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
            with self.db.session() as s:
                last = RunStore(s).recent(1)
                last_started = last[0].started_at.replace(tzinfo=timezone.utc) if last else None
            now = datetime.now(self.config.tz)
            missed = missed_fire_time(self.config, last_started, now)
            if missed is not None:
                logger.info("missed the run due at %s: catching up now", missed.isoformat())
                self.scheduler.add_job(self.cycle, id=JOB_ID + "-catch-up", next_run_time=now)
            logger.info("scheduler started: cron \"%s\" in %s; next run %s", self.config.schedule.cron,
                        self.config.timezone, trigger.get_next_fire_time(None, now).isoformat())
            self.scheduler.start()     # blocks until shutdown
            with self.active:          # a cycle still running stops its crawl and records itself
                pass
            return 0
        finally:
            self.stop_event.set()
            lock.release()
            self.db.dispose()
            logger.info("scheduler stopped")
