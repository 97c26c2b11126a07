"""Commands about figures: figures (filtered, streamed), figures history ID, figures plot ID, reextract."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import click

from scheduler.cli_archive import parse_when
from scheduler.output import emit, format_option, page_limits, page_options, stream, stream_csv
from serieswatch.errors import UsageError

FIGURE_COLUMNS = ["id", "indicator", "period", "quote", "value", "unit", "tracking", "previous_value", "subject",
                  "region", "article_id", "url", "title", "published_at", "source", "sentence"]
TABLE_COLUMNS = ["id", "indicator", "period", "quote", "tracking", "region", "published", "article_id"]
CLASSES = ("new_indicator", "new_period", "revised", "repeat", "conflict")     # FIGURES.md tracking classes
HISTORY_TABLE = ["period", "value", "unit", "quote", "sources", "conflict", "revised", "url"]
HISTORY_CSV = ["period", "period_value", "conflict", "revised", "figure_id", "value", "unit", "quote", "tracking",
               "previous_value", "article_id", "url", "title", "published_at", "source", "sentence"]


def _utc(dt):
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt else None


@click.group(invoke_without_command=True)
@click.option("--indicator", metavar="ID", help="only this indicator (catalog id)")
@click.option("--since", metavar="D", help="first seen by the archive on or after this date")
@click.option("--region", metavar="R", help="only figures about this region (北京, Hebei …)")
@click.option("--period-from", metavar="P", help="periods from this one on (2021, 2023-Q2, 2024-05)")
@click.option("--period-to", metavar="P", help="periods up to this one (a year includes its quarters and months)")
@click.option("--source", metavar="NAME", help="only figures of this source's articles")
@click.option("--class", "tracking", type=click.Choice(CLASSES), help="only this tracking class")
@click.option("--article", metavar="ID", type=int, help="only this article's figures")
@page_options
@format_option
@click.pass_context
def figures(ctx, indicator, since, region, period_from, period_to, source, tracking, article, limit, offset, fmt):
    """Figures with provenance (newest first); `figures history ID`, `figures plot ID --out FILE`."""
    if ctx.invoked_subcommand is not None:
        return
    from scheduler.records import figure_csv_rows, figure_records
    app = ctx.obj
    filters = dict(indicator=indicator, since=_utc(parse_when(since, app.config.tz, option="--since")),
                   region=region, period_from=period_from, period_to=period_to, source=source,
                   tracking=tracking, article=article)
    query_limit, table_limit = page_limits(fmt, limit)
    with app.db.session() as s:
        if fmt == "csv":
            stream_csv(figure_csv_rows(s, FIGURE_COLUMNS, limit=query_limit, offset=offset, **filters), FIGURE_COLUMNS)
            return
        rows = figure_records(s, limit=query_limit, offset=offset, **filters)
        if fmt == "table":
            rows = ({**r, "published": (r["published_at"] or "")[:10]} for r in rows)
        stream(rows, fmt, columns=FIGURE_COLUMNS, table_columns=TABLE_COLUMNS, table_limit=table_limit)


def _check_indicator(app, session, indicator):
    from storage.figure_queries import indicator_exists
    known = {i.id for i in app.config.indicators}
    if indicator not in known and not indicator_exists(session, indicator):
        raise UsageError(f"unknown indicator {indicator!r}; known: {', '.join(sorted(known))}")


@figures.command()
@click.argument("indicator")
@click.option("--source", metavar="NAME", help="only this source's articles")
@click.option("--region", metavar="R", help="only figures about this region")
@click.option("--period-from", metavar="P", help="periods from this one on")
@click.option("--period-to", metavar="P", help="periods up to this one")
@format_option
@click.pass_obj
def history(app, indicator, source, region, period_from, period_to, fmt):
    """One indicator's observations over periods, with every source; revisions and conflicts marked.

    json: one object per period with every source's value and provenance; csv: one row per source.
    """
    from scheduler.records import history_records, history_source_rows
    filters = dict(source=source, region=region, period_from=period_from, period_to=period_to)
    with app.db.session() as s:
        _check_indicator(app, s, indicator)
        observations = history_records(s, indicator, **filters)
        if fmt == "json":
            stream(observations, fmt, columns=[], head={"indicator": indicator}, array_key="observations")
        elif fmt == "csv":
            stream((row for o in observations for row in history_source_rows(o)), fmt, columns=HISTORY_CSV)
        else:
            stream(observations, fmt, columns=HISTORY_TABLE)


@figures.command()
@click.argument("indicator")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="chart.png or chart.svg")
@click.option("--source", metavar="NAME", help="only this source's articles")
@click.option("--period-from", metavar="P", help="periods from this one on")
@click.option("--period-to", metavar="P", help="periods up to this one")
@click.pass_obj
def plot(app, indicator, out, source, period_from, period_to):
    """A chart of one indicator over periods: every source's value, revisions and conflicts marked."""
    from scheduler.charts import indicator_chart
    from scheduler.records import history_records
    with app.db.session() as s:
        _check_indicator(app, s, indicator)
        observations = list(history_records(s, indicator, source=source, period_from=period_from,
                                            period_to=period_to))
    if not observations:
        raise UsageError(f"no figures of {indicator!r} to plot")
    catalog = {i.id: i for i in app.config.indicators}
    meta = catalog.get(indicator)
    title = f"{meta.name_en} · {meta.name_zh}" if meta else indicator
    indicator_chart(observations, title=title, unit=observations[-1]["unit"], out=out)
    click.echo(f"chart of {len(observations)} periods written to {out}", err=True)


@click.command()
@click.option("--dry-run", is_flag=True, help="report what would change, store nothing")
@format_option
@click.pass_obj
def reextract(app, dry_run, fmt):
    """Re-run figure extraction over archived articles and report which figures changed."""
    from scheduler.reextract import reextract as run_reextract

    def progress(n, total):
        if n % 50 == 0 or n == total:
            click.echo(f"  re-extracted {n}/{total} articles", err=True)

    changes = run_reextract(app.db, app.config.indicators, dry_run=dry_run, progress=progress)
    rows = [{"article_id": c.article_id, "title": c.title, "added": c.added, "removed": c.removed} for c in changes]
    if fmt == "table" and not rows:
        click.echo("No figures changed.")
        return
    emit(rows, fmt, columns=["article_id", "title", "added", "removed"])


COMMANDS = [figures, reextract]
