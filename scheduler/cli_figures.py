"""Commands about figures: figures, figures history ID, reextract."""

from __future__ import annotations

from datetime import timezone

import click

from scheduler.cli_archive import parse_when
from scheduler.output import emit, format_option
from scheduler.views import iso
from serieswatch.errors import UsageError

FIGURE_COLUMNS = ["id", "indicator", "period", "quote", "value", "unit", "tracking", "previous_value", "subject",
                  "region", "article_id", "url"]


def _figure_rows(session, rows) -> list[dict]:
    from storage.figures import figure_json
    out = []
    for r in rows:
        d = figure_json(r)
        d["url"] = r.article.url
        d["published_at"] = iso(r.article.published_at)
        out.append(d)
    return out


@click.group(invoke_without_command=True)
@click.option("--indicator", metavar="ID", help="only this indicator (catalog id)")
@click.option("--since", metavar="D", help="first seen by the archive on or after this date")
@format_option
@click.pass_context
def figures(ctx, indicator, since, fmt):
    """Figures with provenance (newest first); `figures history ID` for one indicator."""
    if ctx.invoked_subcommand is not None:
        return
    from storage.figures import FigureStore
    app = ctx.obj
    since_dt = parse_when(since, app.config.tz, option="--since")
    since_utc = since_dt.astimezone(timezone.utc).replace(tzinfo=None) if since_dt else None
    with app.db.session() as s:
        rows = _figure_rows(s, FigureStore(s).listing(indicator=indicator, since=since_utc))
    emit(rows, fmt, columns=FIGURE_COLUMNS if fmt != "json" else None)


@figures.command()
@click.argument("indicator")
@format_option
@click.pass_obj
def history(app, indicator, fmt):
    """One indicator's observations over periods, with every source."""
    from storage.figures import FigureStore, json_number
    known = {i.id for i in app.config.indicators}
    with app.db.session() as s:
        rows = FigureStore(s).history(indicator)
        if not rows and indicator not in known:
            raise UsageError(f"unknown indicator {indicator!r}; known: {', '.join(sorted(known))}")
        by_period: dict = {}
        for r in rows:
            entry = by_period.setdefault(r.period or "", {"period": r.period, "values": []})
            entry["values"].append({"value": json_number(r.value), "unit": r.unit, "quote": r.quote,
                                    "article_id": r.article_id, "url": r.article.url, "tracking": r.tracking})
    observations = []
    for period in sorted(by_period):
        entry = by_period[period]
        distinct = {v["value"] for v in entry["values"]}
        entry["value"] = entry["values"][-1]["value"]
        entry["conflict"] = len(distinct) > 1
        entry["sources"] = len(entry["values"])
        observations.append(entry)
    if fmt == "json":
        emit({"indicator": indicator, "observations": observations}, fmt, single=True)
    else:
        flat = [{"period": o["period"], "value": o["value"], "unit": o["values"][-1]["unit"],
                 "quote": o["values"][-1]["quote"], "sources": o["sources"], "conflict": o["conflict"],
                 "url": o["values"][-1]["url"]} for o in observations]
        emit(flat, fmt, columns=["period", "value", "unit", "quote", "sources", "conflict", "url"])


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
