"""The serieswatch command line: one function per command; the config is loaded once and passed down."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

import click

from scheduler.output import emit, format_option
from serieswatch.config import Config, config_path, ensure_data_dir, load_config, parse_config
from serieswatch.errors import ConfigError, SerieswatchError
from serieswatch.logs import attach_file_log, setup_logging

logger = logging.getLogger("serieswatch")


class App:
    """What every command gets: the config (loaded on first use) and an archive connection."""

    def __init__(self, path_option: str | None):
        self.path_option = path_option
        self._config: Config | None = None
        self._db = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(config_path(self.path_option))
            ensure_data_dir(self._config)
            attach_file_log(self._config.data_dir)
        return self._config

    def config_or_defaults(self) -> Config:
        """The config, or the built-in defaults when no file exists (offline commands like extract)."""
        path = config_path(self.path_option)
        if self._config is None and not path.exists() and not self.path_option:
            return parse_config({}, path=None)
        return self.config

    @property
    def db(self):
        if self._db is None:
            from storage.db import open_database
            self._db = open_database(self.config.storage_url)
        return self._db

    def close(self):
        if self._db is not None:
            self._db.dispose()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_file", metavar="PATH",
              help="config file (default: $SERIESWATCH_CONFIG, else ./config.yaml)")
@click.option("-v", "--verbose", count=True, help="more progress on stderr (-vv: debug)")
@click.option("-q", "--quiet", is_flag=True, help="only warnings and errors on stderr")
@click.version_option(package_name="serieswatch")
@click.pass_context
def cli(ctx, config_file, verbose, quiet):
    """Follow People's Daily coverage of Beijing-Tianjin-Hebei coordinated development."""
    setup_logging(verbose, quiet)
    ctx.obj = App(config_file)
    ctx.call_on_close(ctx.obj.close)


def _preflight_crawl(config: Config) -> None:
    """A crawl with nothing to crawl is a configuration mistake, not an "ok" run (exit 2)."""
    if not config.sources:
        raise ConfigError("no sources configured: add at least one listing or search source",
                          path=config.path, key="sources")


def _preflight(config: Config) -> None:
    """Mistakes that would only show at delivery time stop a run or the scheduler at start-up (exit 2)."""
    from notifications.transport import credentials
    try:
        credentials(config.email)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=config.path, key=exc.key) from None
    _preflight_crawl(config)


def _print_outcome(outcome, app: App) -> None:
    from storage.queries import run_failures
    s = outcome.stats
    click.echo(f"run {outcome.run_id}: {outcome.status}"
               f"{' — ' + outcome.reason if outcome.reason else ''}", err=True)
    click.echo(f"  listing pages {s.get('listing_pages', 0)} (+{s.get('listing_not_modified', 0)} unchanged), "
               f"articles new {s.get('articles_new', 0)}, aliases {s.get('articles_alias', 0)}, "
               f"revised {s.get('articles_revised', 0)}, unchanged {s.get('articles_unchanged', 0) + s.get('not_modified', 0)}, "
               f"off-series {s.get('off_series', 0)}, failed pages {s.get('pages_failed', 0)}, "
               f"new figures {s.get('figures_new', 0)}", err=True)
    with app.db.session() as session:
        for f in run_failures(session, outcome.run_id)[:20]:
            click.echo(f"  failed: {f.url} — {f.reason}", err=True)


def _stop_on_sigterm() -> threading.Event:
    """SIGTERM (systemd, `timeout`, kill) stops a `run`/`crawl` cleanly: the crawl child is stopped,
    the run is recorded as interrupted and the command exits 143."""
    stop = threading.Event()

    def handler(signum, _frame):
        logger.warning("received %s: stopping the crawl, recording the run as interrupted",
                       signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    return stop


@cli.command()
@click.option("--wait", type=float, default=0.0, metavar="SECONDS",
              help="wait this long for a running cycle to finish instead of refusing")
@click.pass_obj
def run(app: App, wait):
    """One full cycle: crawl → store → figures → digests → delivery."""
    from scheduler.cycle import run_cycle
    _preflight(app.config)
    stop = _stop_on_sigterm()
    outcome = run_cycle(app.config, kind="run", wait=wait, db=app.db, should_stop=stop.is_set)
    _print_outcome(outcome, app)
    sys.exit(outcome.exit_code)


@cli.command()
@click.option("--wait", type=float, default=0.0, metavar="SECONDS", help="wait for a running cycle instead of refusing")
@click.pass_obj
def crawl(app: App, wait):
    """The crawl and store steps only (no digests)."""
    from scheduler.cycle import run_cycle
    _preflight_crawl(app.config)
    stop = _stop_on_sigterm()
    outcome = run_cycle(app.config, kind="crawl", digests=False, wait=wait, db=app.db, should_stop=stop.is_set)
    _print_outcome(outcome, app)
    sys.exit(outcome.exit_code)


@cli.command()
@click.pass_obj
def schedule(app: App):
    """The long-running scheduler (cron from config); stops cleanly on SIGTERM/SIGINT."""
    from scheduler.service import Service
    _preflight(app.config)
    sys.exit(Service(app.config).run())


@cli.command()
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="put the scratch archive here and keep it (default: a temporary folder)")
@click.option("--port", type=int, default=0, help="port for the local snapshot site (default: any free one)")
@click.pass_obj
def demo(app: App, keep, port):
    """The whole cycle against the bundled offline snapshot site, into a scratch archive."""
    from scheduler.demo.runner import run_demo
    sys.exit(run_demo(keep=keep, port=port))


@cli.command()
@click.option("--limit", type=int, default=10, show_default=True, help="how many recent runs")
@format_option
@click.pass_obj
def status(app: App, limit, fmt):
    """Recent runs, their failed pages, the next scheduled run and archive totals."""
    from scheduler.status import gather_status, render_status
    data = gather_status(app.config, app.db, limit=limit)
    if fmt == "table":
        click.echo(render_status(data))
    elif fmt == "csv":
        emit(data["runs"], fmt, columns=["id", "kind", "status", "started_at", "finished_at", "articles_new",
                                         "articles_revised", "pages_failed", "figures_new", "error"])
    else:
        emit(data, fmt, single=True)


def _register_more():
    from scheduler import cli_archive, cli_figures
    for command in cli_archive.COMMANDS + cli_figures.COMMANDS:
        cli.add_command(command)
    from scheduler import cli_backfill, cli_mail, cli_web
    for command in cli_mail.COMMANDS + cli_backfill.COMMANDS + cli_web.COMMANDS:
        cli.add_command(command)


_register_more()


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="serieswatch", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except SerieswatchError as exc:
        click.echo(f"serieswatch: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    sys.exit(0)
