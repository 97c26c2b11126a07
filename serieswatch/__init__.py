"""serieswatch: shared foundations (configuration, the exception tree, the indicator catalog).

This package imports nothing else of the project, so every layer may use it. The one exception,
`from serieswatch import Archive` (the Python API, scheduler/api.py), is imported only when asked for.
"""

__version__ = "0.1.0"


def __getattr__(name):
    if name == "Archive":
        from scheduler.api import Archive
        return Archive
    raise AttributeError(f"module 'serieswatch' has no attribute {name!r}")
