"""`articles` and `search` on the command line: pages of a table, everything streamed in csv/json, charts."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

from archive_fixtures import BJ, Page
from query_fixtures import A, cli, figures_archive  # noqa: F401

from storage.articles import ArticleStore


def add_articles(database, n):
    with database.session() as s:
        for i in range(n):
            ArticleStore(s).save(Page(f"http://bj.people.com.cn/n2/2023/0101/c1-{1000 + i}.html",
                                      title=f"京津冀交通一体化第{i}篇", text=f"雄安新区第{i}次报道，高铁又开通一条。",
                                      published_at=datetime(2023, 1, 1, 8, tzinfo=BJ) + timedelta(days=i)),
                                 source="jjj")


def test_a_table_shows_a_page_and_says_how_to_see_the_rest(cli, figures_archive):
    add_articles(figures_archive, 55)
    shown = cli("articles")
    assert len(shown.stdout.strip().splitlines()) == 2 + 50 and "first 50 shown" in shown.stderr
    assert len(cli.json("articles")) == 58                              # json: all of them
    assert len(list(csv.DictReader(io.StringIO(cli("articles", "--format", "csv").stdout)))) == 58
    page = cli.json("articles", "--limit", "5", "--offset", "50")
    assert len(page) == 5 and page[0]["title"] == "京津冀交通一体化第7篇"   # after the 3 of 2024-25 and 54…8
    assert "shown" not in cli("articles", "--limit", "3").stderr


def test_search_json_is_ranked_with_highlighted_snippets(cli):
    hits = cli.json("search", "技术合同")
    assert [h["url"] for h in hits] == [A]
    assert "«技术合同»" in hits[0]["snippet"] and hits[0]["score"] > 0
    assert {"id", "title", "published_at", "source", "language"} <= set(hits[0])


def test_search_with_syntax_characters_works(cli):
    for query in ['"', "*", "%", '"技术合同', "技术合同*", "100%", "NEAR(a", "a:b", "(x"]:
        result = cli("search", query, "--format", "json")
        json.loads(result.stdout)
    assert cli.json("search", '"技术合同')[0]["url"] == A
    assert cli("search", "%", "--format", "csv").stdout.splitlines() == [
        "id,published_at,title,outlet,language,revision_count,url,score,snippet"]


def test_search_sort_date_and_filters(cli, figures_archive):
    add_articles(figures_archive, 3)
    assert [h["title"] for h in cli.json("search", "京津冀", "--sort", "date", "--limit", "2")] == [
        "北京发布经济数据", "京津冀经济总量再上新台阶"]
    newest = cli.json("search", "京津冀", "--sort", "date")
    dates = [h["published_at"] for h in newest]
    assert dates == sorted(dates, reverse=True) and len(newest) == 6
    assert {h["source"] for h in cli.json("search", "京津冀", "--source", "other")} == {"other"}
    assert cli.json("search", "京津冀", "--lang", "en") == []
    assert len(cli.json("search", "京津冀", "--since", "2025-01-01")) == 2
    assert len(cli.json("search", "京津冀", "--until", "2023-01-02")) == 1


def test_attention_per_period_as_table_csv_and_chart(cli, figures_archive, tmp_path):
    add_articles(figures_archive, 40)                                   # 2023-01-01 … 2023-02-09
    rows = list(csv.DictReader(io.StringIO(cli("search", "雄安", "--by", "month", "--format", "csv").stdout)))
    assert rows == [{"period": "2023-01", "articles": "31"}, {"period": "2023-02", "articles": "9"}]
    assert cli.json("search", "京津冀", "--by", "year") == [{"period": "2023", "articles": 40},
                                                           {"period": "2024", "articles": 1},
                                                           {"period": "2025", "articles": 2}]
    weeks = cli.json("search", "雄安", "--by", "week")
    assert weeks[0]["period"] == "2022-W52" and sum(w["articles"] for w in weeks) == 40
    chart = tmp_path / "attention.png"
    result = cli("search", "雄安", "--by", "month", "--plot", str(chart))
    assert chart.read_bytes().startswith(b"\x89PNG") and "2023-01" in result.stdout
