"""Figures tracked across articles: new indicator, new period, revised, repeat, conflict (FIGURES.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import yaml
from archive_fixtures import BJ, Page

from crawler.figures import extract_figures
from storage.articles import ArticleStore
from storage.figure_queries import current_figures
from storage.figures import FigureStore

REPO = Path(__file__).resolve().parents[1]


def store(database, url, text, published=datetime(2024, 4, 23, 9, 38, tzinfo=BJ), title=None):
    """Archive one article through storage and track its figures, as the crawler's pipeline does."""
    page = Page(url, title=title or url.rsplit("/", 1)[1], text=text, published_at=published)
    with database.session() as s:
        saved = ArticleStore(s).save(page, source="peoples-daily-jjj")
        if saved.revision_id is None:
            return saved, []
        figures = extract_figures(text, language="zh", published_at=published)
        tracked = FigureStore(s).add_revision_figures(saved.article_id, saved.revision_id, figures,
                                                      previous_revision_id=saved.previous_revision_id)
    return saved, [(f.quote, t.tracking, t.previous_value) for f, t in zip(figures, tracked)]


A = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
B = "http://politics.people.com.cn/n1/2025/0301/c1001-40400001.html"
C = "http://bj.people.com.cn/n2/2025/0302/c82840-40400002.html"


def test_first_figure_of_an_indicator_then_a_new_period_with_the_previous_value(database):
    _, first = store(database, A, "去年，京津冀地区生产总值达10.4万亿元。")
    assert first == [("10.4万亿元", "new_indicator", None)]
    _, later = store(database, B, "2024年，京津冀地区生产总值达11.5万亿元。",
                     published=datetime(2025, 3, 1, 10, 0, tzinfo=BJ))
    assert later == [("11.5万亿元", "new_period", 1.04e13)]


def test_the_same_number_reported_again_is_a_repeat(database):
    store(database, A, "去年，京津冀地区生产总值达10.4万亿元。")
    _, again = store(database, B, "2023年京津冀地区生产总值10.4万亿元。", published=datetime(2025, 3, 1, tzinfo=BJ))
    assert again == [("10.4万亿元", "repeat", None)]


def test_an_edited_article_marks_its_changed_figure_revised_with_the_old_value(database):
    store(database, A, "去年，京津冀地区生产总值达10.4万亿元。北京流向津冀技术合同成交额748.7亿元。")
    saved, edited = store(database, A, "去年，京津冀地区生产总值达10.5万亿元。北京流向津冀技术合同成交额748.7亿元。")
    assert saved.outcome == "revised"
    assert edited == [("10.5万亿元", "revised", 1.04e13), ("748.7亿元", "repeat", None)]
    with database.session() as s:
        current = [r.quote for r in current_figures(s)]
    assert sorted(current) == ["10.5万亿元", "748.7亿元"]    # the old revision's figures are history


def test_two_sources_disagreeing_on_the_same_period_is_a_conflict(database):
    store(database, B, "2024年，京津冀地区生产总值达11.5万亿元。", published=datetime(2025, 3, 1, 10, 0, tzinfo=BJ))
    _, other = store(database, C, "2024年，京津冀地区生产总值为11.3万亿元。",
                     published=datetime(2025, 3, 1, 18, 0, tzinfo=BJ))
    assert other == [("11.3万亿元", "conflict", 1.15e13)]


def test_a_later_article_with_a_new_value_for_a_known_period_revises_it(database):
    store(database, B, "2024年，京津冀地区生产总值达11.5万亿元。", published=datetime(2025, 3, 1, tzinfo=BJ))
    _, later = store(database, C, "经核算，2024年京津冀地区生产总值为11.6万亿元。",
                     published=datetime(2025, 9, 1, tzinfo=BJ))
    assert later == [("11.6万亿元", "revised", 1.15e13)]


def test_figures_without_an_indicator_are_tracked_by_subject_region_and_period(database):
    _, first = store(database, A, "目前，园区企业获得专利达93项。")
    _, again = store(database, B, "目前，园区企业获得专利达93项。", published=datetime(2024, 4, 23, 12, 0, tzinfo=BJ),
                     title="另一篇")
    assert first[0][1] == "new_indicator" and again[0][1] == "repeat"


def test_figures_history_and_reextract_through_the_cli(database, db_url, tmp_path):
    store(database, A, "去年，京津冀地区生产总值达10.4万亿元。")
    store(database, B, "2024年，京津冀地区生产总值达11.5万亿元。", published=datetime(2025, 3, 1, tzinfo=BJ))
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"storage": {"url": db_url}}), encoding="utf-8")

    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "scheduler", "--config", str(config), *args], cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    history = json.loads(cli("figures", "history", "gdp_jjj", "--format", "json"))
    assert [(o["period"], o["value"]) for o in history["observations"]] == [("2023", 10400000000000),
                                                                             ("2024", 11500000000000)]
    listed = json.loads(cli("figures", "--indicator", "gdp_jjj", "--format", "json"))
    assert {f["quote"] for f in listed} == {"10.4万亿元", "11.5万亿元"} and all(f["url"] for f in listed)
    assert "No figures changed." in cli("reextract")
    csv_out = cli("figures", "--format", "csv")
    assert csv_out.splitlines()[0].startswith("id,indicator,period,quote")


def test_a_new_quarter_is_not_compared_with_a_year(database):
    store(database, A, "去年，京津冀地区生产总值达10.4万亿元。")
    _, quarter = store(database, A, "去年，京津冀地区生产总值达10.4万亿元。今年一季度，京津冀地区生产总值2.5万亿元。")
    assert quarter == [("10.4万亿元", "repeat", None), ("2.5万亿元", "new_period", None)]


def test_unrelated_numbers_with_an_empty_subject_never_revise_each_other(database):
    store(database, A, "京津冀区域PM2.5平均浓度较2013年下降61.6%。")
    _, other = store(database, B, "铁路营业里程较2014年增长39.3%。", published=datetime(2025, 3, 1, tzinfo=BJ))
    assert [t for _, t, _ in other] != ["revised"] and [p for _, _, p in other] == [None]


def test_an_older_period_is_not_compared_with_a_newer_one(database):
    store(database, A, "2023年，北京流向津冀技术合同成交额748.7亿元。")
    _, older = store(database, B, "2018年，北京流向津冀技术合同成交额227.4亿元。",
                     published=datetime(2019, 2, 26, tzinfo=BJ))
    # Publication order decides, not arrival: the 2019 article's 2018 value is the first one known.
    assert older == [("227.4亿元", "new_indicator", None)]


def test_a_periods_value_index_finds_exactly_what_comparing_with_every_value_finds():
    """SeriesState looks up consistency in a period's values sorted by interval; it must agree with
    comparing the new value with every earlier one (rounding, 超/近/约, values written in words)."""
    import random

    from storage.tracking import Obs, _PeriodValues, consistent
    rng = random.Random(11)
    approx = (None, None, "more_than", "nearly", "about", "at_least", "less_than")
    for trial in range(200):
        held, index = [], _PeriodValues()
        for n in range(rng.randint(1, 60)):          # past _PeriodValues.SCAN: the index answers
            scale = rng.choice((1, 1e4, 1e8, 1e12))
            written = rng.choice((f"{rng.randint(1, 120)}", f"{rng.uniform(1, 20):.1f}", f"{rng.uniform(1, 20):.2f}",
                                  f"{rng.randint(1, 12) * 1000}", "七成"))
            value = (float(written) if written[0].isdigit() else 0.7) * scale
            obs = Obs(n, rng.randint(1, 5), "2023", value, f"{written}亿元", rng.choice(approx), None, f"{n:04d}")
            assert index.any_consistent(obs) == any(consistent(o, obs) for o in held), (trial, obs, held)
            held.append(obs)
            index.add(obs)
