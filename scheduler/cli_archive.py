"""Commands that read the archive or parse offline: articles, article, extract."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from dateutil import parser as dateparser

from scheduler.output import emit, format_option, page_limits, page_options, stream
from scheduler.views import parsed_json
from serieswatch.errors import UsageError

SORTS = ("rank", "date")          # storage.search.SORTS, not imported: the CLI starts fast
PERIODS = ("week", "month", "year")

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
@page_options
@format_option
@click.pass_obj
def articles(app, since, until, source, limit, offset, fmt):
    """Archived articles, newest first."""
    from scheduler.records import article_records
    tz = app.config.tz
    query_limit, table_limit = page_limits(fmt, limit)
    with app.db.session() as s:
        rows = article_records(s, tz, since=parse_when(since, tz, option="--since"),
                               until=parse_when(until, tz, option="--until"), source=source,
                               limit=query_limit, offset=offset)
        if fmt == "table":
            rows = (_table_row(r) for r in rows)
        stream(rows, fmt, columns=ARTICLE_COLUMNS, table_columns=TABLE_COLUMNS, table_limit=table_limit)


@click.command()
@click.argument("id_or_url")
@format_option
@click.pass_obj
def article(app, id_or_url, fmt):
    """One article with its text, figures and revisions."""
    from scheduler.records import article_detail
    with app.db.session() as s:
        data = article_detail(s, id_or_url, app.config.tz)
        if data is None:
            raise UsageError(f"no article {id_or_url!r} in the archive (try `serieswatch articles`)")
    if fmt == "table":
        click.echo(_article_text(data))
    else:
        emit(data, fmt, single=True, columns=ARTICLE_COLUMNS)


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
@click.option("--source", metavar="NAME", help="only this source")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="only articles in this language")
@click.option("--sort", type=click.Choice(SORTS), default="rank", show_default=True,
              help="rank: most relevant first; date: newest first")
@click.option("--by", type=click.Choice(PERIODS), default=None,
              help="count matching articles per period instead of listing them")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE.png",
              help="with --by: also draw the counts as a chart (png, svg or pdf)")
@page_options
@format_option
@click.pass_obj
def search(app, query, since, until, source, lang, sort, by, plot, limit, offset, fmt):
    """Ranked full-text search (Chinese and English) with snippets.

    Words and "quoted phrases" must all occur; `a OR b` takes either; -word excludes. Any other
    character is text to look for, never syntax.
    """
    from scheduler.records import attention_records, ranked_in_window, search_records
    from storage.search_query import parse_query
    if not query.strip():
        raise UsageError("search: give at least one word to look for")
    if len(query) > MAX_QUERY_CHARS:
        raise UsageError(f"search: the query has {len(query)} characters; at most {MAX_QUERY_CHARS} are searched for")
    if plot and not by:
        raise UsageError("search --plot: give --by week|month|year too (the chart shows matches per period)")
    if parse_query(query).empty:
        click.echo(f"search: nothing to look for in {query!r} (no letter or digit outside of -excluded words)",
                   err=True)
    tz = app.config.tz
    window = dict(since=parse_when(since, tz, option="--since"), until=parse_when(until, tz, option="--until"),
                  source=source, language=lang)
    with app.db.session() as s:
        if by:
            counts = attention_records(s, query, by=by, tz=tz, **window)
            if plot:
                from scheduler.charts import attention_chart
                attention_chart(counts, query=query, by=by, out=plot)
                click.echo(f"chart written to {plot}", err=True)
            emit(counts, fmt, columns=["period", "articles"])
            return
        if sort == "rank" and ranked_in_window(s, query, **window):
            from storage.search import RANK_WINDOW
            click.echo(f"search: {query!r} matches more than {RANK_WINDOW:,} articles; the {RANK_WINDOW:,} most "
                       f"recently archived are ranked first (narrow with more words, --since/--until)", err=True)
        query_limit, table_limit = page_limits(fmt, limit)
        rows = search_records(s, query, tz, sort=sort, limit=query_limit, offset=offset,
                              snippet_width=48 if fmt == "table" else 120, **window)
        if fmt == "table":
            rows = (_table_row(r) for r in rows)
        stream(rows, fmt, columns=ARTICLE_COLUMNS + ["score", "snippet"],
               table_columns=["id", "published", "title", "snippet"], table_limit=table_limit)


COMMANDS = [articles, article, extract, search]
