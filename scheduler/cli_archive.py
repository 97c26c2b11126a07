"""Commands that read the archive or parse offline: articles, article, extract."""

from __future__ import annotations

from datetime import datetime

import click
from dateutil import parser as dateparser

from scheduler.output import emit, format_option
from scheduler.views import article_json, parsed_json, revision_json
from serieswatch.errors import UsageError

MAX_QUERY_CHARS = 500         # a longer "query" is a pasted document, and SQLite refuses such LIKE patterns
ARTICLE_COLUMNS = ["id", "published_at", "title", "outlet", "language", "revision_count", "url"]
TABLE_COLUMNS = ["id", "published", "title", "outlet", "revs", "url"]


def _table_row(d: dict) -> dict:
    published = (d.get("published_at") or "")[:16].replace("T", " ")
    return {**d, "published": published, "revs": d.get("revision_count")}


def parse_when(value: str | None, tz, *, option: str) -> datetime | None:
    """A date or date-time from the command line, in the configured zone when it names none."""
    if not value:
        return None
    try:
        dt = dateparser.isoparse(value)
    except ValueError:
        try:
            dt = dateparser.parse(value)
        except (ValueError, OverflowError):
            raise UsageError(f"{option}: cannot read {value!r} as a date; use YYYY-MM-DD or an ISO date-time") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=tz)


@click.command()
@click.option("--since", metavar="D", help="published on or after (YYYY-MM-DD or ISO)")
@click.option("--until", metavar="D", help="published before")
@click.option("--source", metavar="NAME", help="only this source")
@click.option("--limit", type=int, default=None, help="at most this many")
@format_option
@click.pass_obj
def articles(app, since, until, source, limit, fmt):
    """Archived articles, newest first."""
    from storage.queries import list_articles
    tz = app.config.tz
    with app.db.session() as s:
        rows = [article_json(a, tz) for a in list_articles(
            s, since=parse_when(since, tz, option="--since"), until=parse_when(until, tz, option="--until"),
            source=source, limit=limit)]
    if fmt == "table":
        emit([_table_row(r) for r in rows], fmt, columns=TABLE_COLUMNS)
    else:
        emit(rows, fmt, columns=ARTICLE_COLUMNS if fmt == "csv" else None)


@click.command()
@click.argument("id_or_url")
@format_option
@click.pass_obj
def article(app, id_or_url, fmt):
    """One article with its text, figures and revisions."""
    from storage.articles import ArticleStore
    with app.db.session() as s:
        a = ArticleStore(s).get(id_or_url)
        if a is None:
            raise UsageError(f"no article {id_or_url!r} in the archive (try `serieswatch articles`)")
        data = article_json(a, app.config.tz)
        data["text"] = a.text
        data["figures"] = _figures_of(s, a)
        data["revisions"] = [revision_json(r, app.config.tz) for r in a.revisions]
    if fmt == "table":
        click.echo(_article_text(data))
    else:
        emit(data, fmt, single=True, columns=ARTICLE_COLUMNS)


def _figures_of(session, article) -> list[dict]:
    try:
        from storage.figures import figures_of_article
    except ImportError:
        return []
    return figures_of_article(session, article.id)


def _article_text(d: dict) -> str:
    lines = [d["title"]]
    for key in ("kicker", "subtitle"):
        if d.get(key):
            lines.append(f"  {key}: {d[key]}")
    if d.get("series"):
        lines.append(f"  series: {d['series']['name']} (part {d['series']['part']})")
    lines.append(f"  published {d['published_at']} · {d.get('outlet') or ''} · {', '.join(d['authors'])}")
    lines.append(f"  {d['url']}" + (f" (also {', '.join(d['aliases'])})" if d.get("aliases") else ""))
    lines += ["", d.get("text") or "", ""]
    if d.get("figures"):
        lines.append(f"Figures ({len(d['figures'])}):")
        for f in d["figures"]:
            lines.append(f"  {f['quote']:<24} {f.get('period') or '':<10} {f.get('indicator') or f.get('subject') or ''}")
    revs = d.get("revisions") or []
    if len(revs) > 1:
        lines.append(f"Revisions ({len(revs)}):")
        lines += [f"  {r['number']}: fetched {r['fetched_at']} from {r['url']}" for r in revs]
    return "\n".join(lines)


@click.command()
@click.argument("path_or_url")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="language of a .txt file")
@click.option("--published", metavar="ISO", help="publication date, anchors relative periods (去年, last year)")
@click.option("--url", "page_url", metavar="URL",
              help="the saved page's original address (templates, content id and part links depend on it)")
@format_option
@click.pass_obj
def extract(app, path_or_url, lang, published, page_url, fmt):
    """Parse one saved page (HTML) or plain text (.txt) offline, as the crawler would."""
    from crawler.extract import extract_document
    config = app.config_or_defaults()
    published_at = parse_when(published, config.tz, option="--published")
    if published_at is None and path_or_url.lower().endswith(".txt"):
        click.echo("note: no --published, and a .txt may carry no dateline: relative periods "
                   "(去年, last year) stay empty unless the text has one", err=True)
    parsed, figures = extract_document(path_or_url, language=lang, published_at=published_at,
                                       catalog=config.indicators, user_agent=config.crawl.user_agent, url=page_url)
    data = parsed_json(parsed)
    data["text"] = parsed.text
    data["figures"] = [f.to_json() for f in figures]
    # Which template read the page; the crawler refuses "generic" unless the source opts in.
    data["template"] = parsed.template
    data["crawler_archives"] = parsed.template != "generic"
    if parsed.template == "generic":
        click.echo("note: no known template reads this page (read by the generic extractor); the crawler "
                   "records it as \"unknown layout\" unless sources[].generic_fallback is true", err=True)
    if fmt == "table":
        click.echo(_article_text(data))
    else:
        emit(data, fmt, single=True, columns=["title", "published_at", "outlet", "language", "url"])


@click.command()
@click.argument("query")
@click.option("--since", metavar="D", help="published on or after")
@click.option("--until", metavar="D", help="published before")
@click.option("--limit", type=int, default=50, show_default=True)
@format_option
@click.pass_obj
def search(app, query, since, until, limit, fmt):
    """Full-text search of the archive (Chinese and English): every word must occur."""
    from storage.queries import search_articles
    if not query.strip():
        raise UsageError("search: give at least one word to look for")
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError(f"search: the query has {len(query)} characters; at most {MAX_QUERY_CHARS} are searched for")
    tz = app.config.tz
    with app.db.session() as s:
        found = search_articles(s, query, since=parse_when(since, tz, option="--since"),
                                until=parse_when(until, tz, option="--until"), limit=limit)
        rows = []
        for a in found:
            row = article_json(a, tz)
            row["snippet"] = _snippet(a.text, query.split()[0])
            rows.append(row)
    if fmt == "table":
        emit([_table_row(r) for r in rows], fmt, columns=["id", "published", "title", "snippet"])
    else:
        emit(rows, fmt, columns=ARTICLE_COLUMNS + ["snippet"] if fmt == "csv" else None)


def _snippet(text: str, term: str, width: int = 40) -> str:
    at = text.lower().find(term.lower())
    if at < 0:
        return text[:width * 2].replace("\n", " ")
    start = max(0, at - width)
    return ("…" if start else "") + text[start:at + len(term) + width].replace("\n", " ") + "…"


COMMANDS = [articles, article, extract, search]
