"""The one exception tree of serieswatch. Messages say what to fix (file, key, value, URL)."""


class SerieswatchError(Exception):
    """Base of every error serieswatch raises on purpose."""

    exit_code = 1


class ConfigError(SerieswatchError):
    """The configuration file is missing, malformed or has an invalid value."""

    exit_code = 2

    def __init__(self, message, *, path=None, key=None):
        self.message = message
        self.path = path
        self.key = key
        where = ": ".join(str(p) for p in (path, key) if p)
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(SerieswatchError):
    """A command was called with arguments that cannot work."""

    exit_code = 2


class ParseError(SerieswatchError):
    """A page could not be turned into an article (no title, date or body)."""

    def __init__(self, reason, *, url=None):
        self.reason = reason
        self.url = url
        super().__init__(f"{url}: {reason}" if url else reason)


class SearchAnswerError(SerieswatchError):
    """The site search answered something that is not a page of results (not JSON, an error code, another shape)."""

    def __init__(self, reason, *, kind="shape"):
        self.reason = reason
        self.kind = kind            # not_json | code | shape
        super().__init__(reason)


class StorageError(SerieswatchError):
    """The archive could not be read or written (locked, full, read-only, bad schema)."""


class AlreadyRunning(SerieswatchError):
    """Another scheduler or run holds the archive's lock."""

    exit_code = 3


class LockLost(SerieswatchError):
    """The archive's lock was lost while held (its PostgreSQL session ended): the holder stops."""


class DeliveryError(SerieswatchError):
    """A digest could not be handed to the mail server."""


class InvalidAddress(UsageError):
    """An email address that cannot be a subscriber (CR/LF, no @, too long, bad syntax)."""


class DuplicateSubscriber(UsageError):
    """The address is subscribed already."""


class TemporaryDeliveryError(DeliveryError):
    """The mail server or the network said "later" (4xx, refused connection, timeout): retried with backoff."""

    unreachable = False     # True when the server could not be reached at all (not one message's problem)


class PermanentDeliveryError(DeliveryError):
    """The mail server refused the message for good (5xx): marked failed, never retried in a loop."""


class SmtpAuthError(DeliveryError):
    """The mail server refused our credentials (535): a configuration problem, not a delivery one."""

    exit_code = 2
