"""The per-series summary classification reads (storage/figure_values.py) always says what the
figures say: after new articles, late arrivals, edits and a full replay it equals a summary built
from scratch, and the classes it gives are those of a replay from scratch."""

from __future__ import annotations

import random

import pytest

from archive_fixtures import downgrade_archive
from sqlalchemy import select
from test_tracking_trust import at, classes_in, store, url

from storage.figure_values import FigureValues
from storage.figure_queries import current_figures
from storage.figures import FigureStore
from storage.models import FigureRow, FigureValueRow


def summary(database):
    with database.session() as s:
        return sorted((r.group_key, r.n, r.last_id, r.last_article_id, r.last_order_key, r.first_id,
                       r.first_article_id, r.first_order_key)
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


# Articles of one coverage, published 2019–2025: the same values restated, a value written another
# way, two sources disagreeing, one article giving two values of one period, a figure with no period.
COVERAGE = [
    ("2018年，京津冀地区生产总值8.5万亿元。", at(2019, 2, 1)),
    ("2019年，京津冀地区生产总值达8.5万亿元，北京市地区生产总值35371.3亿元。", at(2020, 1, 20)),
    ("2019年，京津冀地区生产总值8.46万亿元。", at(2020, 2, 3)),
    ("2022年，京津冀地区生产总值达10万亿元，北京市地区生产总值41610.9亿元。", at(2023, 2, 1)),
    ("2022年，京津冀地区生产总值达10万亿元。", at(2023, 3, 1)),
    ("2022年，京津冀地区生产总值10.03万亿元。", at(2023, 3, 2)),
    ("2023年，京津冀地区生产总值达10.4万亿元。北京市地区生产总值43760.7亿元。", at(2024, 2, 1)),
    ("2023年，京津冀地区生产总值达10.4万亿元，天津市地区生产总值16737.3亿元。", at(2024, 3, 1)),
    ("2023年，京津冀地区生产总值达10.4万亿元，北京市地区生产总值43760.7亿元。", at(2024, 4, 1)),
    ("2023年，京津冀地区生产总值达10.9万亿元。", at(2024, 5, 1)),
    ("In 2023, the combined GDP of Beijing, Tianjin and Hebei reached 10.4 trillion yuan.", at(2024, 6, 1)),
    ("京津冀地区生产总值超过10万亿元。", at(2024, 7, 1)),
    ("2024年，京津冀地区生产总值达11.5万亿元，天津市地区生产总值18024.3亿元。", at(2025, 2, 1)),
]


def stored_in(database, order):
    for i in order:
        text, published = COVERAGE[i]
        store(database, url(i + 1), text, published)
    return tracked_in(database)


def tracked_in(database):
    with database.session() as s:
        return {(r.article.url, r.quote): (r.tracking, r.previous_value, r.previous_figure_id)
                for r in current_figures(s)}


def forward_classes(tmp_path):
    from storage.db import open_database
    db = open_database(f"sqlite:///{tmp_path / 'forward.db'}")
    try:
        return {k: v[:2] for k, v in stored_in(db, range(len(COVERAGE))).items()}
    finally:
        db.dispose()


@pytest.mark.parametrize("order", ["newest first", "shuffled 1", "shuffled 2", "shuffled 3"])
def test_arrival_order_never_changes_a_class_or_the_summary(database, tmp_path, order):
    """A crawl goes newest first, a backfill back in time, a daily run forward: whatever the order,
    the classes are those of publication order and the summary equals one built from scratch."""
    arrival = list(range(len(COVERAGE)))[::-1]
    if order.startswith("shuffled"):
        random.Random(int(order[-1])).shuffle(arrival)
    figures = stored_in(database, arrival)
    assert summary(database) == rebuilt(database)
    with database.session() as s:
        FigureStore(s).replay_all()
    assert tracked_in(database) == figures
    assert {k: v[:2] for k, v in figures.items()} == forward_classes(tmp_path)


def test_the_upgrade_to_0012_names_first_occurrences_and_gives_month_end_stocks_their_month(db_url):
    """An archive from 0011 (a June-end stock keyed as the half-year, no first occurrences) reads as
    a new one after the upgrade."""
    from storage.db import open_database
    database = open_database(db_url)
    store(database, url(1), "截至2023年6月底，京津冀区域内跨省异地就医直接结算定点医药机构已达2.4万家。", at(2023, 8, 15))
    store(database, url(2), "2023年，京津冀地区生产总值达10.4万亿元。", at(2024, 2, 1))
    store(database, url(3), "2022年，京津冀地区生产总值达10万亿元。", at(2023, 2, 1))
    expected = summary(database)
    database.dispose()
    downgrade_archive(db_url, "0011_figure_values",
                      "UPDATE figures SET period_key = '2023-H1' WHERE period = '2023-06-30'",
                      "DELETE FROM figure_values")
    database = open_database(db_url)
    try:
        with database.session() as s:
            keys = set(s.scalars(select(FigureRow.period_key)))
        assert "2023-06" in keys and "2023-H1" not in keys
        assert summary(database) == expected
    finally:
        database.dispose()


def generated_coverage(seed: int, n: int = 24) -> list[tuple[str, object]]:
    """Articles of one coverage with values drawn from a few per year: restatements, rounding,
    disagreeing sources, two indicators in one article, years out of order within the archive."""
    rng = random.Random(seed)
    gdp = {y: [round(8 + 0.4 * (y - 2018), 1), round(8.05 + 0.4 * (y - 2018), 2)] for y in range(2018, 2025)}
    bj = {y: [35000 + 1500 * (y - 2018), 35000 + 1500 * (y - 2018) + rng.choice((0, 12))] for y in range(2018, 2025)}
    out = []
    for i in range(n):
        y = rng.choice(range(2018, 2025))
        text = f"{y}年，京津冀地区生产总值达{rng.choice(gdp[y])}万亿元"
        if rng.random() < 0.5:
            text += f"，北京市地区生产总值{rng.choice(bj[y])}亿元"
        if rng.random() < 0.3:
            y2 = rng.choice(range(2018, 2025))
            text += f"；{y2}年，京津冀地区生产总值{rng.choice(gdp[y2])}万亿元"
        out.append((text + "。", at(y + 1, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 20))))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_coverage_stored_in_any_order_gives_the_classes_of_publication_order(database, tmp_path, seed):
    coverage = generated_coverage(seed)
    arrival = list(range(len(coverage)))
    random.Random(seed).shuffle(arrival)
    for i in arrival:
        store(database, url(i + 1), *coverage[i])
    figures = tracked_in(database)
    assert summary(database) == rebuilt(database)
    with database.session() as s:
        FigureStore(s).replay_all()
    assert tracked_in(database) == figures


def stored_in_batches(database, coverage, arrival, size):
    """Archive *coverage* in *arrival* order as the crawl's pipeline does: *size* articles per
    transaction, late figures waiting for the batch's settle()."""
    from crawler.figures import extract_figures
    from storage.articles import ArticleStore
    from test_tracking_trust import Page
    for start in range(0, len(arrival), size):
        with database.session() as s:
            figures = FigureStore(s)
            for i in arrival[start:start + size]:
                text, published = coverage[i]
                language = "en" if text.isascii() else "zh"
                page = Page(url(i + 1), title=f"a{i}", text=text, published_at=published, language=language)
                saved = ArticleStore(s).save(page, source="peoples-daily-jjj")
                if saved.revision_id is not None:
                    figures.add_revision_figures(saved.article_id, saved.revision_id,
                                                 extract_figures(text, language=language, published_at=published),
                                                 previous_revision_id=saved.previous_revision_id, defer=True)
            figures.settle()


@pytest.mark.parametrize("seed", [4, 5, 6])
@pytest.mark.parametrize("size", [3, 10])
def test_a_batch_settled_at_once_gives_the_classes_of_publication_order(database, tmp_path, seed, size):
    """Late figures of a whole store batch are classified together: the same classes and summary as
    a replay from scratch, whether the batch arrives newest first or shuffled."""
    coverage = generated_coverage(seed, n=30)
    arrival = sorted(range(len(coverage)), key=lambda i: coverage[i][1], reverse=True)
    if seed != 4:
        random.Random(seed).shuffle(arrival)
    stored_in_batches(database, coverage, arrival, size)
    figures = tracked_in(database)
    assert summary(database) == rebuilt(database)
    with database.session() as s:
        FigureStore(s).replay_all()
    assert tracked_in(database) == figures
