"""Read-only pages over the archive, each also as JSON under /api/ (the command line's JSON shapes).

Handlers are thin: they read query parameters, ask scheduler.records (the CLI's own readers over
storage/) and render a template; none writes to the archive.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse

from scheduler import records
from scheduler.cli_archive import MAX_QUERY_CHARS, parse_when
from scheduler.cli_figures import CLASSES, FIGURE_COLUMNS, HISTORY_CSV
from serieswatch.errors import UsageError
from web import pages
from web.export import csv_chunks, dict_rows
from web.highlight import paragraphs, snippet_parts

PAGE_SIZE = 50
SOURCES_SHOWN = 20           # reports listed per period on the page (the CSV and JSON have all)
API_MAX = 10_000


def _render(request: Request, name: str, context: dict, status_code: int = 200):
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)


def _int(request: Request, name: str, default: int, *, low: int = 0, high: int = 10 ** 9) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise HTTPException(400, f"{name}: expected a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


def _text(request: Request, name: str) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    return value or None


def _when(request: Request, name: str):
    try:
        return parse_when(_text(request, name), request.app.state.config.tz, option=name)
    except UsageError as exc:
        raise HTTPException(400, str(exc)) from None


# --------------------------------------------------------------------------- home

def _home_data(request: Request) -> dict:
    app = request.app.state
    return app.home_cache.get(app.config, app.db)


def home(request: Request):
    return _render(request, "home.html", {"data": _home_data(request), "catalog": request.app.state.catalog})


def home_api(request: Request):
    return JSONResponse(_home_data(request))


# --------------------------------------------------------------------------- search

def _search_data(request: Request) -> dict:
    q = request.query_params.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise HTTPException(400, f"q: the query has {len(q)} characters; at most {MAX_QUERY_CHARS} are searched for")
    lang = _text(request, "lang")
    if lang not in (None, "zh", "en"):
        raise HTTPException(400, f"lang: zh or en, not {lang!r}")
    sort = _text(request, "sort") or "rank"
    if sort not in ("rank", "date"):
        raise HTTPException(400, f"sort: rank or date, not {sort!r}")
    offset = _int(request, "offset", 0)
    limit = _int(request, "limit", PAGE_SIZE, low=1, high=500)
    window = dict(since=_when(request, "since"), until=_when(request, "until"), source=_text(request, "source"),
                  language=lang)
    data = {"query": q, "sort": sort, "offset": offset, "limit": limit, "results": [],
            "filters": {"since": _text(request, "since"), "until": _text(request, "until"),
                        "source": window["source"], "lang": lang}}
    if not q.strip():
        return data
    tz = request.app.state.config.tz
    with request.app.state.db.session() as s:
        data["results"] = list(records.search_records(s, q, tz, sort=sort, limit=limit + 1, offset=offset, **window))
    data["more"] = len(data["results"]) > limit
    data["results"] = data["results"][:limit]
    return data


def search(request: Request):
    data = _search_data(request)
    for r in data["results"]:
        r["snippet_parts"] = snippet_parts(r["snippet"])
    return _render(request, "search.html", {"data": data})


def search_api(request: Request):
    return JSONResponse(_search_data(request))


def search_by_period_api(request: Request):
    """`search Q --by month|week|year --format json`: [{period, articles}]. A page of results does not
    wait for it: counting every match of a common word reads the whole index, so the chart asks apart."""
    q = request.query_params.get("q", "")
    by = _text(request, "by") or "month"
    if by not in ("week", "month", "year"):
        raise HTTPException(400, f"by: week, month or year, not {by!r}")
    if not q.strip() or len(q) > MAX_QUERY_CHARS:
        raise HTTPException(400, f"q: give a query of 1 to {MAX_QUERY_CHARS} characters")
    lang = _text(request, "lang")
    if lang not in (None, "zh", "en"):
        raise HTTPException(400, f"lang: zh or en, not {lang!r}")
    tz = request.app.state.config.tz
    with request.app.state.db.session() as s:
        return JSONResponse(records.attention_records(
            s, q, by=by, tz=tz, since=_when(request, "since"), until=_when(request, "until"),
            source=_text(request, "source"), language=lang))


# --------------------------------------------------------------------------- articles

def _article(request: Request) -> dict:
    with request.app.state.db.session() as s:
        data = records.article_detail(s, request.path_params["article_id"], request.app.state.config.tz)
    if data is None:
        raise HTTPException(404, f"no article {request.path_params['article_id']} in the archive")
    return data


def article(request: Request):
    data = _article(request)
    return _render(request, "article.html", {
        "a": data, "paragraphs": paragraphs(data["text"], data["figures"]),
        "diffs": pages.revision_diffs(data["revisions"]), "catalog": request.app.state.catalog})


def articles_api(request: Request):
    """`articles --format json`: newest first, `limit` (default 100) from `offset`."""
    tz = request.app.state.config.tz
    with request.app.state.db.session() as s:
        return JSONResponse(list(records.article_records(
            s, tz, since=_when(request, "since"), until=_when(request, "until"), source=_text(request, "source"),
            limit=_int(request, "limit", 100, low=1, high=API_MAX), offset=_int(request, "offset", 0))))


def article_api(request: Request):
    return JSONResponse(_article(request))


# --------------------------------------------------------------------------- indicators

def _history_filters(request: Request) -> dict:
    return {k: _text(request, k) for k in ("source", "region", "period_from", "period_to")}


def _observations(request: Request, indicator: str) -> list[dict]:
    from storage.figure_queries import indicator_exists
    with request.app.state.db.session() as s:
        if indicator not in request.app.state.catalog and not indicator_exists(s, indicator):
            raise HTTPException(404, f"no indicator {indicator!r} in the catalog or the archive")
        return list(records.history_records(s, indicator, **_history_filters(request)))


def indicator(request: Request):
    ind = request.path_params["indicator"]
    observations = _observations(request, ind)
    return _render(request, "indicator.html", {
        "indicator": ind, "meta": request.app.state.catalog.get(ind), "observations": observations,
        "chart": pages.indicator_chart_data(observations), "filters": _history_filters(request),
        "shown": SOURCES_SHOWN,
        "query": request.url.query})


def indicator_api(request: Request):
    ind = request.path_params["indicator"]
    return JSONResponse({"indicator": ind, "observations": _observations(request, ind)})


def indicator_csv(request: Request):
    ind = request.path_params["indicator"]
    observations = _observations(request, ind)
    rows = (row for o in observations for row in records.history_source_rows(o))
    return StreamingResponse(csv_chunks(dict_rows(rows, HISTORY_CSV), HISTORY_CSV), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{_filename(ind)}.csv"'})


def _filename(indicator: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in indicator) or "indicator"


# --------------------------------------------------------------------------- figures

def _figure_filters(request: Request) -> dict:
    tracking = _text(request, "class")
    if tracking not in (None, *CLASSES):
        raise HTTPException(400, f"class: one of {', '.join(CLASSES)}, not {tracking!r}")
    article_id = _text(request, "article")
    if article_id is not None and not article_id.isdigit():
        raise HTTPException(400, f"article: an article id, not {article_id!r}")
    since = _when(request, "since")
    return {"indicator": _text(request, "indicator"), "region": _text(request, "region"),
            "period_from": _text(request, "period_from"), "period_to": _text(request, "period_to"),
            "source": _text(request, "source"), "tracking": tracking,
            "article": int(article_id) if article_id else None, "since": since}


def _figures(request: Request, default_limit: int) -> tuple[dict, list[dict], int, int]:
    filters = _figure_filters(request)
    offset = _int(request, "offset", 0)
    limit = _int(request, "limit", default_limit, low=1, high=API_MAX)
    with request.app.state.db.session() as s:
        rows = list(records.figure_records(s, limit=limit + 1, offset=offset, **filters))
    return filters, rows, offset, limit


def figures(request: Request):
    filters, rows, offset, limit = _figures(request, PAGE_SIZE)
    return _render(request, "figures.html", {
        "rows": rows[:limit], "more": len(rows) > limit, "offset": offset, "limit": limit, "classes": CLASSES,
        "filters": {k: request.query_params.get(k, "") for k in
                    ("indicator", "region", "period_from", "period_to", "source", "class", "article", "since")},
        "query": request.url.query, "catalog": request.app.state.catalog})


def figures_api(request: Request):
    _, rows, _, limit = _figures(request, 100)
    return JSONResponse(rows[:limit])


def figures_csv(request: Request):
    """Every matching figure, streamed: one database batch in memory whatever the archive's size."""
    filters = _figure_filters(request)
    db = request.app.state.db

    def rows():
        with db.session() as s:
            yield from records.figure_csv_rows(s, FIGURE_COLUMNS, **filters)

    return StreamingResponse(csv_chunks(rows(), FIGURE_COLUMNS), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="figures.csv"'})
