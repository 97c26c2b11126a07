"""The per-series summary classification reads (storage/figure_values.py) always says what the
figures say: after new articles, late arrivals, edits and a full replay it equals a summary built
from scratch, and the classes it gives are those of a replay from scratch."""

from __future__ import annotations

from sqlalchemy import select
from test_tracking_trust import at, classes_in, store, url

from storage.figure_values import FigureValues
from storage.figures import FigureStore
from storage.models import FigureValueRow


def summary(database):
    with database.session() as s:
        return sorted((r.group_key, r.n, r.last_id, r.last_article_id, r.last_order_key)
                      for r in s.scalars(select(FigureValueRow)))


def rebuilt(database):
    with database.session() as s:
        FigureValues(s).rebuild()
    return summary(database)


def test_the_summary_equals_one_built_from_scratch_after_news_late_arrivals_and_edits(database):
    store(database, url(1), "2023年，京津冀地区生产总值达10.4万亿元。北京市地区生产总值43760.7亿元。", at(2024, 2, 1))
    store(database, url(2), "2023年，京津冀地区生产总值达10.4万亿元，天津市地区生产总值16737.3亿元。", at(2024, 3, 1))
    store(database, url(3), "2022年，京津冀地区生产总值达10万亿元。", at(2023, 2, 1))          # arrives late
    store(database, url(2), "2023年，京津冀地区生产总值达10.43万亿元，天津市地区生产总值16737.3亿元。",
          at(2024, 3, 1))                                                                    # edited
    kept = summary(database)
    assert kept == rebuilt(database)
    assert sum(n for _, n, *_ in kept) == 5        # the current figures, each counted once


def test_classes_from_the_summary_are_those_of_a_replay_from_scratch(database):
    store(database, url(1), "2022年，京津冀地区生产总值达10万亿元。", at(2023, 2, 1))
    store(database, url(2), "2023年，京津冀地区生产总值达10.4万亿元。", at(2024, 2, 1))
    store(database, url(3), "2023年，京津冀地区生产总值达10.4万亿元，北京市地区生产总值43760.7亿元。", at(2024, 3, 1))
    incremental = classes_in(database)
    with database.session() as s:
        FigureStore(s).replay_all()
    assert classes_in(database) == incremental
    assert incremental[(url(2), "10.4万亿元")] == ("new_period", 1e13)
    assert incremental[(url(3), "10.4万亿元")][0] == "repeat"
