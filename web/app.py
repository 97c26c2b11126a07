"""The web application: routes, templates and middleware over one archive.

`create_app(config, db)` builds a Starlette app; handlers live in `archive_views` (read-only pages
and their JSON under /api/) and `mail_views` (unsubscribe, subscription). Handlers are plain
functions: Starlette runs them in its thread pool, beside SQLAlchemy's blocking sessions.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from web import archive_views, mail_views
from web.highlight import figure_title
from web.pages import HomeCache, readable_number
from web.security import SecurityHeaders

HERE = Path(__file__).parent


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["figure_title"] = figure_title
    env.globals["url_for"] = _path_for
    env.filters["merge_query"] = merge_query
    env.filters["readable_number"] = readable_number
    return env


@pass_context
def _path_for(context, name: str, /, **params) -> str:
    """A route's path (not Starlette's absolute URL), under the path of `web.base_url` when it has one
    (a proxy serving https://example.org/serieswatch/ strips that prefix before passing requests on)."""
    app = context["request"].app
    return app.state.prefix + str(app.url_path_for(name, **params))


def merge_query(params, **changes) -> str:
    """The page's query string with some parameters replaced (for "next page" links)."""
    items = [(k, v) for k, v in params.multi_items() if k not in changes]
    return urlencode(items + [(k, v) for k, v in changes.items() if v is not None])


def _error(request: Request, exc: HTTPException):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail, "status": exc.status_code}, status_code=exc.status_code)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                                      status_code=exc.status_code)


def _server_error(request: Request, exc: Exception):
    return HTMLResponse("internal error: see the server log", status_code=500)


def create_app(config, db) -> Starlette:
    """The web view of the archive `db` (a storage.db.Database) under `config`."""
    routes = [
        Route("/", archive_views.home, name="home"),
        Route("/api/", archive_views.home_api, name="home_api"),
        Route("/search", archive_views.search, name="search"),
        Route("/api/search", archive_views.search_api),
        Route("/api/search/by_period", archive_views.search_by_period_api, name="search_by_period"),
        Route("/articles/{article_id:int}", archive_views.article, name="article"),
        Route("/api/articles", archive_views.articles_api),
        Route("/api/articles/{article_id:int}", archive_views.article_api, name="article_api"),
        Route("/indicators/{indicator}.csv", archive_views.indicator_csv, name="indicator_csv"),
        Route("/indicators/{indicator}.json", archive_views.indicator_api, name="indicator_json"),
        Route("/indicators/{indicator}", archive_views.indicator, name="indicator"),
        Route("/api/indicators/{indicator}", archive_views.indicator_api),
        Route("/figures.csv", archive_views.figures_csv, name="figures_csv"),
        Route("/figures", archive_views.figures, name="figures"),
        Route("/api/figures", archive_views.figures_api, name="figures_api"),
        Route("/unsubscribe/{token}", mail_views.unsubscribe, methods=["GET", "POST"], name="unsubscribe"),
        Route("/subscription/{token}", mail_views.subscription, methods=["GET", "POST"], name="subscription"),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={HTTPException: _error, 500: _server_error})
    app.state.config = config
    app.state.db = db
    app.state.templates = Jinja2Templates(env=_environment())
    app.state.catalog = {i.id: i for i in config.indicators}
    app.state.home_cache = HomeCache()
    app.state.prefix = urlsplit(config.web_base_url).path.rstrip("/") if config.web_base_url else ""
    return app
