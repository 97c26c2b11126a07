"""One cycle at a time per archive, one scheduler per archive, one crawl per archive.

SQLite: an flock'ed file next to the database (held by the kernel, so a killed process never leaves
it stale). PostgreSQL: a session advisory lock, which also holds across machines. An advisory lock
dies with its connection (`pg_terminate_backend`, a database restart): holders ask `alive()`
between stages and before each store, and stop when it says no.
"""

from __future__ import annotations

import fcntl
import logging
import hashlib
import os
import socket
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from serieswatch.errors import AlreadyRunning, LockLost, StorageError

logger = logging.getLogger(__name__)


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

    def _try_reachable(self) -> bool:
        try:
            return self._try()
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot take the archive's {self.name} lock: the database is unreachable "
                               f"({getattr(exc, 'orig', exc)})".replace("\n", " ")) from None

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
        while not self._try_reachable():
            if time.monotonic() >= deadline:
                raise AlreadyRunning(f"{what} is already running on this archive ({self.holder()}); "
                                     f"not starting another")
            time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))
        return self

    def alive(self) -> bool:
        """True while this process still holds the lock (False once its PostgreSQL session is gone)."""
        if self._fd is not None:
            return True                # the kernel holds an flock until the descriptor closes
        if self._conn is None:
            return False
        try:
            held = self._conn.execute(text(
                "select count(*) from pg_locks where locktype = 'advisory' and granted"
                " and pid = pg_backend_pid() and classid = :c and objid = :o and objsubid = 1"),
                self._pg_key_parts()).scalar()
            self._conn.commit()
            return bool(held)
        except SQLAlchemyError:
            return False

    def check(self) -> None:
        """Raise LockLost when the lock is no longer held (see `alive`)."""
        if not self.alive():
            raise LockLost(f"the archive's {self.name} lock was lost (its database session ended); "
                           f"stopping so that two {self.name}s never share the archive")

    def _pg_key_parts(self) -> dict:
        key = self._pg_key() & 0xFFFFFFFFFFFFFFFF      # pg_locks shows the bigint key as two oids
        return {"c": key >> 32, "o": key & 0xFFFFFFFF}

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        if self._conn is not None:
            # The pooled connection outlives close(): unlock explicitly, then hand it back. A session
            # that is gone already released its lock: nothing to undo, and no traceback for it.
            try:
                self._conn.execute(text("select pg_advisory_unlock(:k)"), {"k": self._pg_key()})
                self._conn.commit()
            except SQLAlchemyError as exc:
                logger.debug("advisory unlock failed (the session is gone, the lock with it): %s", exc)
                self._conn.invalidate()
            finally:
                try:
                    self._conn.close()
                except SQLAlchemyError:
                    pass
                self._conn = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
