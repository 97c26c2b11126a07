"""One cycle at a time per archive, one scheduler per archive.

SQLite: an flock'ed file next to the database (held by the kernel, so a killed process never leaves
it stale). PostgreSQL: a session advisory lock, which also holds across machines.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from serieswatch.errors import AlreadyRunning


class ArchiveLock:
    def __init__(self, engine: Engine, name: str, *, lock_dir: Path):
        self.engine, self.name, self.lock_dir = engine, name, lock_dir
        self._fd = None
        self._conn = None

    def _describe(self) -> str:
        return f"pid {os.getpid()} on {socket.gethostname()} since {datetime.now().isoformat(timespec='seconds')}"

    def _path(self) -> Path:
        db = self.engine.url.database
        if self.engine.dialect.name == "sqlite" and db and db != ":memory:":
            return Path(db).with_name(Path(db).name + f".{self.name}.lock")
        return self.lock_dir / f"serieswatch.{self.name}.lock"

    def _try(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect()
            if conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": self._pg_key()}).scalar():
                conn.commit()
                self._conn = conn
                return True
            conn.close()
            return False
        path = self._path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, self._describe().encode())
        self._fd = fd
        return True

    def _pg_key(self) -> int:
        # One key per archive: the same database may hold several archives in different schemas.
        archive = self.engine.url.render_as_string(hide_password=True)
        digest = hashlib.sha256(f"serieswatch:{self.name}:{archive}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def holder(self) -> str:
        if self.engine.dialect.name == "postgresql":
            return "another process (PostgreSQL advisory lock)"
        try:
            return self._path().read_text().strip() or "another process"
        except OSError:
            return "another process"

    def acquire(self, *, wait: float = 0.0, what: str = "a cycle") -> "ArchiveLock":
        deadline = time.monotonic() + wait
        while not self._try():
            if time.monotonic() >= deadline:
                raise AlreadyRunning(f"{what} is already running on this archive ({self.holder()}); "
                                     f"not starting another")
            time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        if self._conn is not None:
            # The pooled connection outlives close(): unlock explicitly, then hand it back.
            try:
                self._conn.execute(text("select pg_advisory_unlock(:k)"), {"k": self._pg_key()})
                self._conn.commit()
            finally:
                self._conn.close()
                self._conn = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
