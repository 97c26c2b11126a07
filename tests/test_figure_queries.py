"""Analysts' figure queries: filters, one indicator's history with every source, exports with provenance, charts."""

from __future__ import annotations

import csv
import io

import pytest
from query_fixtures import A, B, C, cli, figures_archive  # noqa: F401

from serieswatch.errors import UsageError
from storage import figure_queries
from storage.figure_queries import iter_figures, iter_history


def quotes(database, **filters):
    with database.session() as s:
        return sorted(r.quote for r in iter_figures(s, **filters))


def test_each_filter_narrows_the_figures(figures_archive):
    a, b, c = figures_archive.article_ids
    assert quotes(figures_archive) == ["10.4万亿元", "11.3万亿元", "11.5万亿元", "748.7亿元"]
    assert quotes(figures_archive, indicator="gdp_jjj") == ["10.4万亿元", "11.3万亿元", "11.5万亿元"]
    assert quotes(figures_archive, indicator="gdp_jjj", period_from="2024") == ["11.3万亿元", "11.5万亿元"]
    assert quotes(figures_archive, indicator="gdp_jjj", period_to="2023") == ["10.4万亿元"]
    assert quotes(figures_archive, source="jjj") == ["10.4万亿元", "748.7亿元"]
    assert quotes(figures_archive, article=c) == ["11.3万亿元"]
    assert quotes(figures_archive, tracking="conflict") == ["11.3万亿元"]
    assert quotes(figures_archive, region="京津冀", source="other") == ["11.3万亿元", "11.5万亿元"]
    assert quotes(figures_archive, indicator="no_such") == []


def test_a_year_bound_covers_its_quarters_and_months(figures_archive):
    with figures_archive.session() as s:
        q = figure_queries._select({"period_to": "2023"})
        compiled = str(q.compile(compile_kwargs={"literal_binds": True}))
    assert "2023~" in compiled            # "2023-Q4" <= "2023~" < "2024"
    assert "2023-Q4" <= "2023~" < "2024" and "2023-12" <= "2023~"


def test_an_unknown_filter_is_an_error_naming_the_known_ones(figures_archive):
    with figures_archive.session() as s, pytest.raises(ValueError, match="known: indicator"):
        list(iter_figures(s, colour="red"))


def test_figures_stream_newest_first_in_batches(figures_archive, monkeypatch):
    monkeypatch.setattr(figure_queries, "BATCH", 1)
    with figures_archive.session() as s:
        rows = iter_figures(s)
        first = next(rows)
        assert first.quote == "11.3万亿元" and first.url == C and first.source == "other"
        assert [r.quote for r in rows] == ["11.5万亿元", "748.7亿元", "10.4万亿元"]


def test_history_gives_every_source_per_period_and_marks_disagreement(figures_archive):
    with figures_archive.session() as s:
        periods = list(iter_history(s, "gdp_jjj"))
    assert [p.period for p in periods] == ["2023", "2024"]
    assert [r.url for r in periods[1].rows] == [B, C]
    assert periods[1].conflict and not periods[0].conflict
    assert periods[1].latest.value == 1.13e13            # the later report is the value held


def test_figures_csv_carries_values_units_and_provenance(cli):
    rows = list(csv.DictReader(io.StringIO(cli("figures", "--format", "csv").stdout)))
    assert len(rows) == 4
    gdp = next(r for r in rows if r["quote"] == "10.4万亿元")
    assert gdp["value"] == "10400000000000" and gdp["unit"] == "CNY" and gdp["indicator"] == "gdp_jjj"
    assert gdp["url"] == A and gdp["title"] == "协同创新赋能京津冀经济高质量发展"
    assert gdp["published_at"] == "2024-04-23T09:38:00+08:00" and "10.4万亿元" in gdp["sentence"]
    assert gdp["article_id"] and gdp["source"] == "jjj"


def test_figures_json_and_filters_through_the_cli(cli):
    listed = cli.json("figures", "--indicator", "gdp_jjj", "--period-from", "2024", "--source", "other")
    assert sorted(f["quote"] for f in listed) == ["11.3万亿元", "11.5万亿元"]
    assert all(f["url"] and f["title"] and f["sentence"] and f["published_at"] for f in listed)
    assert [f["quote"] for f in cli.json("figures", "--class", "conflict")] == ["11.3万亿元"]
    assert cli.json("figures", "--limit", "1", "--offset", "1")[0]["quote"] == "11.5万亿元"
    assert cli.json("figures", "--region", "Nowhere") == []


def test_history_through_the_cli(cli):
    history = cli.json("figures", "history", "gdp_jjj")
    assert history["indicator"] == "gdp_jjj"
    first, second = history["observations"]
    assert (first["period"], first["value"], first["conflict"]) == ("2023", 10400000000000, False)
    assert (second["period"], second["value"], second["conflict"], second["sources"]) == ("2024", 11300000000000,
                                                                                        True, 2)
    assert [v["url"] for v in second["values"]] == [B, C]
    assert {v["tracking"] for v in second["values"]} >= {"conflict"}
    flat = list(csv.DictReader(io.StringIO(cli("figures", "history", "gdp_jjj", "--format", "csv").stdout)))
    assert [(r["period"], r["quote"], r["conflict"]) for r in flat] == [
        ("2023", "10.4万亿元", "False"), ("2024", "11.5万亿元", "True"), ("2024", "11.3万亿元", "True")]
    table = cli("figures", "history", "gdp_jjj").stdout
    assert "2024" in table and "True" in table


def test_history_of_an_unknown_indicator_is_a_usage_error(cli):
    with pytest.raises(UsageError, match="unknown indicator"):
        cli("figures", "history", "no_such_thing", ok=False)


@pytest.mark.parametrize("name, magic", [("chart.png", b"\x89PNG"), ("chart.svg", b"<?xml")])
def test_figures_plot_draws_the_indicator(cli, tmp_path, name, magic):
    out = tmp_path / name
    cli("figures", "plot", "gdp_jjj", "--out", str(out))
    assert out.read_bytes().startswith(magic)
    if name.endswith(".svg"):
        svg = out.read_text(encoding="utf-8")
        assert "period" in svg and "CNY" in svg and "conflict" in svg      # axis labels and the legend


def test_the_csv_fast_path_says_what_the_json_says(cli):
    from scheduler.cli_figures import FIGURE_COLUMNS
    as_json = cli.json("figures")
    as_csv = list(csv.DictReader(io.StringIO(cli("figures", "--format", "csv").stdout)))
    assert [[str(j[c]) if j[c] is not None else "" for c in FIGURE_COLUMNS] for j in as_json] == \
        [[r[c] for c in FIGURE_COLUMNS] for r in as_csv]
