"""Search finds articles by the words they contain; query syntax is only ever text to find."""

from __future__ import annotations

from datetime import datetime

import pytest
from archive_fixtures import BJ, Page

from storage.articles import ArticleStore
from storage.queries import search_articles


@pytest.fixture
def archive(database):
    pages = [
        Page("http://finance.people.com.cn/n1/2024/0423/c1004-1.html", title="协同创新赋能京津冀经济高质量发展",
             text="北京流向津冀技术合同成交额748.7亿元，增长100%。"),
        Page("http://en.people.cn/n3/2024/0227/c90000-2.html", title="Beijing-Tianjin-Hebei sees results",
             text="The region's GDP reached 10.4 trillion yuan_total in 2023.", language="en",
             published_at=datetime(2024, 2, 27, 13, 10, tzinfo=BJ)),
    ]
    with database.session() as s:
        for page in pages:
            ArticleStore(s).save(page, source="s")
    return database


def titles(database, query, **kw):
    with database.session() as s:
        return [a.title for a in search_articles(s, query, **kw)]


def test_chinese_terms_are_found_as_substrings(archive):
    assert titles(archive, "技术合同 748.7") == ["协同创新赋能京津冀经济高质量发展"]


def test_english_is_case_insensitive_and_every_word_must_occur(archive):
    assert titles(archive, "gdp TRILLION") == ["Beijing-Tianjin-Hebei sees results"]
    assert titles(archive, "gdp 技术合同") == []


@pytest.mark.parametrize("query, found", [
    ("%", ["协同创新赋能京津冀经济高质量发展"]), ("100%", ["协同创新赋能京津冀经济高质量发展"]), ("_", ["Beijing-Tianjin-Hebei sees results"]),
    ("' OR 1=1 --", []), ('"京津冀" AND NOT x*', []), ("a\\b", []), ("); DROP TABLE articles;", []),
])
def test_sql_and_fts_syntax_is_just_text(archive, query, found):
    assert titles(archive, query) == found
    assert len(titles(archive, "京津冀")) == 1                       # the archive is intact


def test_a_literal_underscore_is_not_a_wildcard(archive):
    assert titles(archive, "yuan_total") == ["Beijing-Tianjin-Hebei sees results"]
    assert titles(archive, "yuan_tota_") == []


def test_date_bounds(archive):
    assert titles(archive, "京津冀", since=datetime(2024, 4, 1, tzinfo=BJ)) == ["协同创新赋能京津冀经济高质量发展"]
    assert titles(archive, "Beijing", until=datetime(2024, 3, 1, tzinfo=BJ)) == ["Beijing-Tianjin-Hebei sees results"]
