"""The indicator catalog: which series of numbers serieswatch tracks (see FIGURES.md, Tracking).

An :class:`Indicator` names one tracked quantity in both languages (京津冀地区生产总值 /
Beijing-Tianjin-Hebei GDP) with its unit, region, kind and the aliases articles use for it.
The catalog comes from config.yaml's ``indicators:`` list (validated by
:func:`indicators_from_config`) or, when the config has none, from ``catalog.yaml`` shipped
beside this module (:func:`load_default_catalog`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ConfigError

DEFAULT_CATALOG_PATH = Path(__file__).with_name("catalog.yaml")

KINDS = ("level", "growth_rate", "change", "share", "ratio", "index")
AGGREGATIONS = ("level", "cumulative", "per_capita", "share", "growth_rate", "change", "ratio")
# What a kind aggregates as when an entry does not say (an index value is a level).
_KIND_AGGREGATION = {"level": "level", "index": "level", "share": "share", "growth_rate": "growth_rate",
                     "change": "change", "ratio": "ratio"}
ANY_REGION = "*"
UNITS = frozenset({
    "CNY", "USD", "EUR", "HKD", "JPY", "GBP", "percent", "percentage_point", "permille", "count",
    "times", "index", "km", "km2", "m", "m2", "m3", "ha", "mu", "t", "kg", "kWh", "kW", "MW", "GW",
    "ug/m3", "mg/m3", "TEU", "h", "min",
})
_ISO_4217_RE = re.compile(r"[A-Z]{3}")
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_KEYS = {"id", "name_zh", "name_en", "aliases", "unit", "region", "kind", "aggregation", "excludes", "places"}


@dataclass(frozen=True)
class Indicator:
    """One tracked quantity.  *aliases* holds the names articles use, both languages; an alias
    with ``...`` matches its parts in order within one quantity phrase.  *excludes* are words that,
    in a figure's quantity phrase, make it another quantity (人均 is not GDP, 高铁 is a subset of
    railway mileage).  *region* ``"*"`` makes one series per place named (PM2.5 of each city)."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    region: str | None = None
    kind: str = "level"
    aliases: tuple[str, ...] = field(default=())
    aggregation: str = "level"
    excludes: tuple[str, ...] = field(default=())
    places: tuple[str, ...] = field(default=())    # other places that name this one's figures (a flow 北京→津冀)

    @property
    def any_region(self) -> bool:
        return self.region == ANY_REGION

    def names(self) -> tuple[str, ...]:
        """Every name the indicator is known by: both full names, then the aliases."""
        return (self.name_zh, self.name_en, *self.aliases)


def indicators_from_config(data: list[dict], *, path: str | Path | None = None) -> list[Indicator]:
    """Validate a config's ``indicators:`` list into Indicators.

    Raises :class:`ConfigError` naming the file and the key (``indicators[3].unit``) of the
    first bad entry, and what was expected there.
    """
    if not isinstance(data, list):
        raise ConfigError(f"expected a list of indicators, got {type(data).__name__}", path=path, key="indicators")
    out: list[Indicator] = []
    seen: set[str] = set()
    for i, entry in enumerate(data):
        key = f"indicators[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"expected a mapping (id, name_zh, name_en, unit …), got {type(entry).__name__}",
                              path=path, key=key)
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}; expected one of {', '.join(sorted(_KEYS))}",
                              path=path, key=f"{key}.{unknown[0]}")
        for name in ("id", "name_zh", "name_en", "unit"):
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"required, a non-empty string (got {value!r})", path=path, key=f"{key}.{name}")
        ident = entry["id"]
        if not _ID_RE.fullmatch(ident):
            raise ConfigError(f"{ident!r} is not a valid id: use lower-case letters, digits and _",
                              path=path, key=f"{key}.id")
        if ident in seen:
            raise ConfigError(f"duplicate indicator id {ident!r}", path=path, key=f"{key}.id")
        seen.add(ident)
        unit = entry["unit"]
        if unit not in UNITS and not _ISO_4217_RE.fullmatch(unit):
            raise ConfigError(f"unknown unit {unit!r}; expected an ISO 4217 code or one of "
                              f"{', '.join(sorted(UNITS))}", path=path, key=f"{key}.unit")
        kind = entry.get("kind", "level")
        if kind not in KINDS:
            raise ConfigError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}",
                              path=path, key=f"{key}.kind")
        region = entry.get("region")
        if region is not None and (not isinstance(region, str) or not region.strip()):
            raise ConfigError(f"expected a place name or null, got {region!r}", path=path, key=f"{key}.region")
        aggregation = entry.get("aggregation", _KIND_AGGREGATION[kind])
        if aggregation not in AGGREGATIONS:
            raise ConfigError(f"unknown aggregation {aggregation!r}; expected one of {', '.join(AGGREGATIONS)}",
                              path=path, key=f"{key}.aggregation")
        aliases = _names(entry, "aliases", key, path)
        excludes = _names(entry, "excludes", key, path)
        places = _names(entry, "places", key, path)
        out.append(Indicator(id=ident, name_zh=entry["name_zh"].strip(), name_en=entry["name_en"].strip(),
                             unit=unit, region=region.strip() if region else None, kind=kind,
                             aliases=aliases, aggregation=aggregation, excludes=excludes, places=places))
    return out


def _names(entry: dict, name: str, key: str, path) -> tuple[str, ...]:
    values = entry.get(name) or []
    if not isinstance(values, list):
        raise ConfigError(f"expected a list of names, got {type(values).__name__}", path=path, key=f"{key}.{name}")
    for j, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"expected a non-empty string, got {value!r}", path=path, key=f"{key}.{name}[{j}]")
    return tuple(v.strip() for v in values)


@lru_cache(maxsize=1)
def _default_catalog() -> tuple[Indicator, ...]:
    with DEFAULT_CATALOG_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return tuple(indicators_from_config(data, path=DEFAULT_CATALOG_PATH))


def load_default_catalog() -> list[Indicator]:
    """The catalog shipped for the 京津冀协同发展 series (serieswatch/catalog.yaml)."""
    return list(_default_catalog())
