"""Archive reads as plain records (the JSON shapes of CONTRACT.md), shared by the CLI and the Python API.

Every function yields dicts one at a time from a streaming query, so callers that print as they go
(csv, json) hold one database batch in memory whatever the archive's size.
"""

from __future__ import annotations

from typing import Iterator

from scheduler.views import SITE_TZ, article_json, iso


def article_records(session, tz=SITE_TZ, **filters) -> Iterator[dict]:
    from storage.queries import iter_articles
    for a in iter_articles(session, **filters):
        yield article_json(a, tz)


def search_records(session, query: str, tz=SITE_TZ, *, since=None, until=None, source=None, language=None,
                   sort: str = "rank", limit: int | None = None, offset: int = 0,
                   snippet_width: int = 120) -> Iterator[dict]:
    """Matching articles with `score` (higher is more relevant; None when sorted by date) and a `snippet`
    with matches in «»."""
    from storage.search import SearchFilters, search_hits
    from storage.search_query import parse_query, snippet
    parsed = parse_query(query)
    filters = SearchFilters(since=since, until=until, source=source, language=language)
    for article, score in search_hits(session, parsed, filters=filters, sort=sort, limit=limit, offset=offset):
        record = article_json(article, tz)
        record["score"] = None if score is None else float(f"{score:.6g}")
        record["snippet"] = snippet(article.text or article.title, parsed, width=snippet_width)
        yield record


def ranked_in_window(session, query: str, *, since=None, until=None, source=None, language=None) -> bool:
    """Whether `query` matches so many articles that ranking starts with the newest RANK_WINDOW of them."""
    from storage.search import SearchFilters, rank_window_start
    from storage.search_query import parse_query
    filters = SearchFilters(since=since, until=until, source=source, language=language)
    return rank_window_start(session, parse_query(query), filters) is not None


def attention_records(session, query: str, *, by: str, tz=SITE_TZ, since=None, until=None, source=None,
                      language=None) -> list[dict]:
    """[{period, articles}] for every period from the first match to the last."""
    from storage.search import SearchFilters, count_by_period
    from storage.search_query import parse_query
    return count_by_period(session, parse_query(query), by=by, tz=tz,
                           filters=SearchFilters(since=since, until=until, source=source, language=language))


def figure_record(row) -> dict:
    """A figure (FIGURES.md shape) with its provenance: the article's url, title, published_at, source."""
    from storage.figure_queries import figure_json
    record = figure_json(row)
    record.update(url=row.url, title=row.title, published_at=iso(row.published_at), source=row.source)
    return record


def figure_records(session, *, limit: int | None = None, offset: int = 0, **filters) -> Iterator[dict]:
    from storage.figure_queries import iter_figures
    for row in iter_figures(session, limit=limit, offset=offset, **filters):
        yield figure_record(row)


def figure_csv_rows(session, columns: list[str], *, limit: int | None = None, offset: int = 0,
                    **filters) -> Iterator[list]:
    """The `columns` of `figure_records`, as lists built straight from database tuples.

    An export of a million figures is bound by this loop, so it reads only these columns and skips
    the per-row dict; the values are those of `figure_record` (a test holds them equal).
    """
    from datetime import datetime

    from storage.figure_queries import iter_figure_tuples
    from storage.figure_queries import json_number
    last = [object(), None]

    def when(raw):
        if raw != last[0]:                # rows come grouped by article: one conversion per article
            value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
            last[:] = [raw, iso(value)]
        return last[1]

    convert = {"value": json_number, "previous_value": json_number, "published_at": when}
    plan = [(i, convert[c]) for i, c in enumerate(columns) if c in convert]
    for t in iter_figure_tuples(session, columns, limit=limit, offset=offset, **filters):
        row = list(t)
        for i, f in plan:
            row[i] = f(row[i])
        yield row


def _history_value(row, json_number) -> dict:
    return {"figure_id": row.id, "value": json_number(row.value), "unit": row.unit, "quote": row.quote,
            "sentence": row.sentence, "tracking": row.tracking, "previous_value": json_number(row.previous_value),
            "article_id": row.article_id, "url": row.url, "title": row.title, "published_at": iso(row.published_at),
            "source": row.source}


def observation_record(obs) -> dict:
    """One period: the value held (the latest report), whether sources disagree or revised it, every source."""
    from storage.figure_queries import json_number
    latest = obs.latest
    return {"period": obs.period, "value": json_number(latest.value), "unit": latest.unit,
            "conflict": obs.conflict, "revised": obs.revised, "sources": len(obs.rows),
            "quote": latest.quote, "url": latest.url,
            "values": [_history_value(r, json_number) for r in obs.rows]}


def history_records(session, indicator: str, **filters) -> Iterator[dict]:
    from storage.figure_queries import iter_history
    for obs in iter_history(session, indicator, **filters):
        yield observation_record(obs)


def history_source_rows(observation: dict) -> Iterator[dict]:
    """An observation flattened: one row per source, with the period's value and marks."""
    for v in observation["values"]:
        yield {"period": observation["period"], "period_value": observation["value"],
               "conflict": observation["conflict"], "revised": observation["revised"], **v}


def article_detail(session, id_or_url, tz=SITE_TZ) -> dict | None:
    """`article ID --format json`: the article object with `text`, `figures` and `revisions` (None: no such)."""
    from scheduler.views import revision_json
    from storage.articles import ArticleStore
    from storage.figure_queries import figures_of_article
    a = ArticleStore(session).get(id_or_url)
    if a is None:
        return None
    data = article_json(a, tz)
    data["text"] = a.text
    data["figures"] = figures_of_article(session, a.id)
    data["revisions"] = [revision_json(r, tz) for r in a.revisions]
    return data
