"""`serieswatch backfill`: the archive filled with the coverage's history (scheduler/backfill.py)."""

from __future__ import annotations

import signal
import sys

import click

from scheduler.cli_archive import parse_when


@click.command()
@click.option("--since", "since", metavar="D", required=True, help="first day to fill (YYYY-MM-DD, in `timezone`)")
@click.option("--until", "until", metavar="D", help="last day to fill (inclusive; default today)")
@click.option("--source", metavar="NAME", help="only this source")
@click.option("--wait", type=float, default=0.0, metavar="SECONDS", help="wait for a running cycle instead of refusing")
@click.pass_obj
def backfill(app, since, until, source, wait):
    """Fill the archive with history through the search sources (and listing pagination); resumable.

    Articles are archived with their figures but no digest is mailed for them. Stopped in any way,
    it continues where it stopped when run again.
    """
    from scheduler.backfill import run_backfill
    config = app.config
    tz = config.tz
    since_day = parse_when(since, tz, option="--since").date()
    until_day = parse_when(until, tz, option="--until").date() if until else None
    if source:
        config.source(source)           # unknown names are a usage error before anything starts
    stop = {"asked": False}

    def on_term(signum, frame):
        stop["asked"] = True

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        outcome = run_backfill(config, app.db, since=since_day, until=until_day, source=source, wait=wait,
                               should_stop=lambda: stop["asked"])
    finally:
        signal.signal(signal.SIGTERM, previous)
    s = outcome.stats
    click.echo(f"backfill run {outcome.run_id}: {outcome.status}"
               f"{' — ' + outcome.reason if outcome.reason else ''}", err=True)
    click.echo(f"  search windows done {s.get('search_windows_done', 0)} of {s.get('search_windows', 0)} "
               f"(failed {s.get('search_failed', 0)}), result pages {s.get('search_pages', 0)}, listing pages "
               f"{s.get('listing_pages', 0)}, article pages {s.get('article_pages', 0)}: new {s.get('articles_new', 0)}, "
               f"aliases {s.get('articles_alias', 0)}, off-series {s.get('off_series', 0)}, failed pages "
               f"{s.get('pages_failed', 0)}, new figures {s.get('figures_new', 0)}", err=True)
    sys.exit(outcome.exit_code)


COMMANDS = [backfill]
