"""A figure: one number an article reports about the world (see shared/design/FIGURES.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Figure:
    value: float | int
    unit: str                      # CNY, USD, percent, percentage_point, count, times, index, km, km2, t, kWh ...
    quote: str                     # exactly as written; text[span[0]:span[1]] == quote
    span: tuple[int, int]
    sentence: str
    kind: str = "level"            # level | growth_rate | change | share | ratio | index
    measure_word: str | None = None
    approx: str | None = None      # more_than | at_least | nearly | about | less_than | None
    period: str | None = None      # "2023", "2024-Q1", "2023-12", "2023-12-31", "2013/2023"
    subject: str | None = None
    region: str | None = None
    indicator: str | None = None
    aggregation: str = "level"     # level | cumulative | per_capita | share | growth_rate | change | ratio
    status: str = "actual"         # actual | target | forecast
    basis: str | None = None       # the catalog name found in the figure's own quantity phrase
    restated: bool = False         # its sentence says it corrects an earlier value (修订, 最终核实, revised)
    period_inferred: bool = False  # the period comes from an earlier sentence, not the figure's own

    def to_json(self) -> dict:
        d = asdict(self)
        d["span"] = list(self.span)
        return d
