"""Figure extraction: every number an article reports about the world, normalised.

Public API (used by the spider, the ``extract`` command and re-extraction alike)::

    extract_figures(text, *, language, published_at=None, catalog=None, home=None) -> list[Figure]

Modules, one concept each: numbers (parsing and normalisation), units, periods (+ periods_zh,
periods_en), sentences, zh / en (reading numbers in each language), candidates (lists and
their shared unit), context (kind, subject, region), sentence_periods (which period each number of
a sentence takes), carry (a period carried to a sentence that continues the previous one), spans (periods only the whole sentence gives: years listed with 分别,
from-to pairs without years), local (what 本市 / 本省 stand for), places (joint regions, the place
spoken of), attribution and phrases (the figure's own quantity phrase, region, aggregation,
status), matching (catalog indicators), extract
(the pipeline).
"""

from .extract import extract_figures
from .local import home_of
from .model import Figure

__all__ = ["Figure", "extract_figures", "home_of"]
