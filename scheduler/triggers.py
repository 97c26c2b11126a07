"""A cron trigger that survives daylight-saving transitions: each wall-clock time fires once.

APScheduler 3.11's CronTrigger, on the night the clocks go back, returns the repeated wall-clock
time again and again (agronholm/apscheduler#1021): a scheduler would fire in a loop. This wrapper
skips a fire time that is not after the previous one or repeats its local date and wall-clock time.
"""

from __future__ import annotations

from datetime import timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger


def _wall(dt):
    return dt.replace(tzinfo=None, fold=0)


class DstSafeCronTrigger(BaseTrigger):
    def __init__(self, cron: CronTrigger):
        self.cron = cron
        self.timezone = cron.timezone

    @classmethod
    def from_crontab(cls, expr: str, timezone) -> "DstSafeCronTrigger":
        return cls(CronTrigger.from_crontab(expr, timezone=timezone))

    def get_next_fire_time(self, previous_fire_time, now):
        nxt = self.cron.get_next_fire_time(previous_fire_time, now)
        for _ in range(100):
            if nxt is None or previous_fire_time is None:
                return nxt
            local_prev = previous_fire_time.astimezone(self.timezone)
            local_next = nxt.astimezone(self.timezone)
            if nxt > previous_fire_time and _wall(local_next) != _wall(local_prev):
                return nxt
            # Stuck in the repeated hour: look again from just past it.
            nxt = self.cron.get_next_fire_time(None, max(nxt, previous_fire_time) + timedelta(hours=1, seconds=1))
        return None

    def __str__(self):
        return f"{self.cron} (DST-safe)"

    def __repr__(self):
        return f"<DstSafeCronTrigger {self.cron!r}>"
