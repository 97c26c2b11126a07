"""The indicator catalog: the shipped default and validation of a config's `indicators:`."""

from __future__ import annotations

import pytest

from serieswatch.catalog import Indicator, indicators_from_config, load_default_catalog
from serieswatch.errors import ConfigError


def test_default_catalog_covers_the_series():
    catalog = load_default_catalog()
    ids = {i.id for i in catalog}
    assert {"gdp_jjj", "gdp_beijing", "gdp_tianjin", "gdp_hebei", "tech_contracts_bj_to_tjhb",
            "tech_contract_turnover_bj_to_tjhb", "zgc_branches_tjhb", "collab_innovation_index",
            "hightech_share_industry", "pm25_jjj", "trade_jjj", "population_jjj",
            "expressway_km_jjj", "rail_km_jjj"} <= ids
    for ind in catalog:
        assert isinstance(ind, Indicator) and ind.name_zh and ind.name_en and ind.aliases
    assert next(i for i in catalog if i.id == "pm25_jjj").unit == "ug/m3"


def test_indicators_are_frozen():
    ind = load_default_catalog()[0]
    with pytest.raises(AttributeError):
        ind.unit = "USD"


GOOD = {"id": "gdp", "name_zh": "地区生产总值", "name_en": "GDP", "unit": "CNY", "region": "京津冀",
        "kind": "level", "aliases": ["GDP", "生产总值"]}


def test_valid_config_entries():
    (ind,) = indicators_from_config([GOOD], path="config.yaml")
    assert ind.aliases == ("GDP", "生产总值") and ind.kind == "level"
    (usd,) = indicators_from_config([{**GOOD, "unit": "USD"}], path="config.yaml")
    assert usd.unit == "USD"


OTHER = {**GOOD, "id": "other"}


@pytest.mark.parametrize("entry,key", [
    ({**OTHER, "unit": "yuan"}, "indicators[1].unit"),
    ({**OTHER, "kind": "level-ish"}, "indicators[1].kind"),
    ({k: v for k, v in OTHER.items() if k != "name_en"}, "indicators[1].name_en"),
    ({**OTHER, "id": "Bad Id"}, "indicators[1].id"),
    ({**OTHER, "id": "gdp"}, "indicators[1].id"),              # duplicate of the first
    ({**OTHER, "aliases": "GDP"}, "indicators[1].aliases"),
    ({**OTHER, "aliases": ["GDP", 3]}, "indicators[1].aliases[1]"),
    ({**OTHER, "colour": "red"}, "indicators[1].colour"),
    ("gdp", "indicators[1]"),
])
def test_bad_entries_name_the_file_and_key(entry, key):
    with pytest.raises(ConfigError) as err:
        indicators_from_config([GOOD, entry], path="/etc/serieswatch/config.yaml")
    assert err.value.key == key
    assert err.value.path == "/etc/serieswatch/config.yaml"
    assert key in str(err.value) and "config.yaml" in str(err.value)


def test_indicators_must_be_a_list():
    with pytest.raises(ConfigError) as err:
        indicators_from_config({"gdp": GOOD}, path="config.yaml")
    assert err.value.key == "indicators"
