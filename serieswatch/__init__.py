"""serieswatch: shared foundations (configuration, the exception tree, the indicator catalog).

This package imports nothing else of the project, so every layer may use it.
"""

__version__ = "0.1.0"
