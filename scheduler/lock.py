"""The archive lock lives with the archive (storage.lock): the crawl child takes one too."""

from storage.lock import ArchiveLock, LockLost  # noqa: F401
