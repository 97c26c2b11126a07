"""Runs, their per-page failures, and what the crawler remembers of each URL between runs."""

from __future__ import annotations

import os
import socket
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from storage.articles import utcnow
from storage.models import PageFailure, PageState, Run

RUN_STATUSES = ("running", "ok", "degraded", "failed")


class RunStore:
    def __init__(self, session: Session):
        self.session = session

    def start(self, kind: str) -> Run:
        run = Run(kind=kind, status="running", started_at=utcnow(), stats={}, stages={},
                  host=socket.gethostname(), pid=os.getpid())
        self.session.add(run)
        self.session.flush()
        return run

    def get(self, run_id: int) -> Run | None:
        return self.session.get(Run, run_id)

    def finish(self, run_id: int, status: str, *, stats: dict | None = None, stages: dict | None = None,
               error: str | None = None) -> Run:
        assert status in RUN_STATUSES, status
        run = self.session.get(Run, run_id)
        run.status = status
        run.finished_at = utcnow()
        if stats is not None:
            run.stats = {**(run.stats or {}), **stats}
        if stages is not None:
            run.stages = {**(run.stages or {}), **stages}
        if error:
            run.error = error
        return run

    def update_stats(self, run_id: int, stats: dict) -> None:
        run = self.session.get(Run, run_id)
        run.stats = {**(run.stats or {}), **stats}

    def add_failure(self, run_id: int, url: str, kind: str, reason: str, status_code: int | None = None) -> None:
        self.session.add(PageFailure(run_id=run_id, url=url, kind=kind, reason=reason[:2000],
                                     status_code=status_code, created_at=utcnow()))

    def recent(self, limit: int = 10) -> list[Run]:
        return list(self.session.scalars(select(Run).order_by(Run.id.desc()).limit(limit)))

    def abandon_stale(self, *, host: str | None = None) -> int:
        """Runs left 'running' by a killed process are closed as failed (called under the run lock)."""
        n = 0
        for run in self.session.scalars(select(Run).where(Run.status == "running")):
            run.status, run.finished_at = "failed", utcnow()
            run.error = run.error or "interrupted: the process ended before the run finished"
            n += 1
        return n


class PageStates:
    """HTTP validators and page kinds by canonical URL, for conditional requests and skipping."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, url: str) -> PageState | None:
        return self.session.get(PageState, url)

    def many(self, urls) -> dict[str, PageState]:
        urls = list(urls)
        out = {}
        for i in range(0, len(urls), 500):
            for st in self.session.scalars(select(PageState).where(PageState.url.in_(urls[i:i + 500]))):
                out[st.url] = st
        return out

    def remember(self, url: str, kind: str, *, etag: str | None = None, last_modified: str | None = None,
                 next_url: str | None = None, note: str | None = None, keep_validators: bool = False,
                 links: list[str] | None = None) -> None:
        # Core, not the unit of work: a crawl remembers every page it stores, and the ORM's flush of
        # them cost more than the statements (an UPDATE by primary key, an INSERT when it misses).
        values = {"kind": kind, "checked_at": utcnow(), "note": note}
        if not keep_validators:
            values.update(etag=etag, last_modified=last_modified)
        if next_url is not None:
            values["next_url"] = next_url
        if links is not None:
            values["links"] = links
        t = PageState.__table__
        if self.session.execute(t.update().where(t.c.url == url).values(values)).rowcount == 0:
            self.session.execute(t.insert().values(dict(values, url=url)))
        loaded = self.session.identity_map.get(identity_key(PageState, url))
        if loaded is not None:
            self.session.expire(loaded)

    def touched(self, url: str) -> datetime | None:
        st = self.get(url)
        return st.checked_at if st else None
