"""Logging: concise progress on stderr, and a rotating log file in the data directory.

Every line of the file carries the run id (`run=12`) of the cycle it belongs to; secrets are never
logged (URLs pass through storage.db.redact before they reach a message).
"""

from __future__ import annotations

import contextvars
import logging
import logging.handlers
import sys
from pathlib import Path

current_run: contextvars.ContextVar[int | None] = contextvars.ContextVar("serieswatch_run", default=None)

NOISY = ("scrapy", "twisted", "alembic", "apscheduler", "filelock", "asyncio", "py.warnings", "protego")
FILE_FORMAT = "%(asctime)s %(levelname)s run=%(run_id)s pid=%(process)d %(name)s: %(message)s"
_file_handlers: dict[str, logging.Handler] = {}


class RunIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "run_id"):
            record.run_id = current_run.get() or "-"
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (test runners and daemons swap it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class LibraryFilter(logging.Filter):
    """Keeps Scrapy's and Twisted's INFO chatter out (Scrapy resets its loggers' levels when it starts)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or not record.name.startswith(NOISY)


def setup_logging(verbose: int = 0, quiet: bool = False) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose > 1 else logging.INFO
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    handler = StderrHandler()
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S"))
    handler.addFilter(RunIdFilter())
    if verbose < 2:
        handler.addFilter(LibraryFilter())
    root.handlers[:] = [handler]
    if verbose < 2:
        quiet_libraries()


def quiet_libraries() -> None:
    """Scrapy, Twisted and friends speak at WARNING unless -vv (Scrapy resets levels when it starts)."""
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)


def attach_file_log(data_dir: Path, *, max_bytes: int = 5_000_000, backups: int = 5) -> Path | None:
    """Add the rotating log file data_dir/logs/serieswatch.log (once per process)."""
    path = Path(data_dir) / "logs" / "serieswatch.log"
    if str(path) in _file_handlers:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                                       encoding="utf-8")
    except OSError as exc:
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.addFilter(RunIdFilter())
    handler.addFilter(LibraryFilter())
    logging.getLogger().addHandler(handler)
    _file_handlers[str(path)] = handler
    return path
