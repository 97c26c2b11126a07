"""`serieswatch demo`: the whole cycle against the bundled snapshot site, offline, in a scratch archive.

Pass one archives the snapshot; then one article is edited on the site (the copy in demo/revised/)
and pass two finds the revision and its changed figures. Nothing outside the scratch folder is touched.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import click

from scheduler.demo.server import SiteServer
from serieswatch.config import parse_config

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
SITE = HERE / "site"
REVISED = HERE / "revised"
START_PATH = "/GB/8198/426918/index.html"
DEMO_SUBSCRIBER = "reader@example.org"


def demo_config(workdir: Path, base_url: str):
    return parse_config({
        "data_dir": str(workdir / "data"),
        "storage": {"url": f"sqlite:///{workdir / 'data' / 'serieswatch.db'}"},
        "crawl": {"download_delay": 0, "recheck_days": 7, "autothrottle": False},
        "sources": [{"name": "peoples-daily-jjj", "start_urls": [base_url + START_PATH],
                     "allowed_domains": ["127.0.0.1"],
                     "series": ["京津冀", "Beijing-Tianjin-Hebei", "Jing-Jin-Ji"]}],
        "email": {"outbox_dir": str(workdir / "outbox"), "admin": "ops@example.org",
                  "from": "serieswatch demo <alerts@example.org>"},
    }, path=None, env={})


def _apply_revision(site_dir: Path) -> list[str]:
    changed = []
    for src in REVISED.rglob("*"):
        if src.is_file():
            rel = src.relative_to(REVISED)
            shutil.copyfile(src, site_dir / rel)
            changed.append("/" + rel.as_posix())
    return changed


def _summary(config, db) -> None:
    from scheduler.views import iso
    from storage.queries import list_articles
    with db.session() as s:
        items = list_articles(s)
        click.echo(f"\nThe archive holds {len(items)} articles:")
        for a in items:
            aliases = len(a.urls) - 1
            extra = []
            if aliases:
                extra.append(f"{aliases} alias")
            if a.revision_count > 1:
                extra.append(f"{a.revision_count} revisions")
            tail = f"  [{', '.join(extra)}]" if extra else ""
            click.echo(f"  #{a.id:<3} {iso(a.published_at)[:16]}  {a.title}{tail}")


def run_demo(*, keep: Path | None = None, port: int = 0) -> int:
    from scheduler.cycle import run_cycle
    from storage.db import open_database

    workdir = Path(keep).resolve() if keep else Path(tempfile.mkdtemp(prefix="serieswatch-demo-"))
    site_dir = workdir / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    shutil.copytree(SITE, site_dir)
    click.echo(f"serieswatch demo: scratch folder {workdir}", err=True)
    with SiteServer(site_dir, port=port) as server:
        config = demo_config(workdir, server.url)
        db = open_database(config.storage_url)
        _add_demo_subscriber(db)
        click.echo(f"Serving the offline snapshot site at {server.url}{START_PATH}", err=True)
        click.echo("Pass 1: crawling the snapshot …", err=True)
        first = run_cycle(config, kind="demo", db=db)
        _report(first)
        changed = _apply_revision(site_dir)
        click.echo(f"\nThe site edits {', '.join(changed)}; pass 2: crawling again …", err=True)
        second = run_cycle(config, kind="demo", db=db)
        _report(second)
        _summary(config, db)
        db.dispose()
    outbox = workdir / "outbox"
    if outbox.exists() and any(outbox.iterdir()):
        click.echo(f"\nDigests written as .eml files to {outbox} (open them with any mail program).")
    click.echo(f"Explore: serieswatch --config {workdir / 'config.yaml'} articles" if keep else
               "Run with --keep DIR to keep the scratch archive and explore it.")
    if keep:
        _write_config(workdir, config)
    return max(first.exit_code, second.exit_code)


def _report(outcome) -> None:
    s = outcome.stats
    click.echo(f"  run {outcome.run_id}: {outcome.status}; new {s.get('articles_new', 0)}, "
               f"aliases {s.get('articles_alias', 0)}, revised {s.get('articles_revised', 0)}, "
               f"off-series skipped {s.get('off_series', 0)}, failed pages {s.get('pages_failed', 0)}, "
               f"new figures {s.get('figures_new', 0)}, digests {s.get('digests_sent', 0)}"
               + (f" — {outcome.reason}" if outcome.reason else ""))


def _add_demo_subscriber(db) -> None:
    try:
        from storage.subscribers import SubscriberStore
    except ImportError:
        return
    with db.session() as s:
        store = SubscriberStore(s)
        if store.get(DEMO_SUBSCRIBER) is None:
            store.add(DEMO_SUBSCRIBER, language="zh")


def _write_config(workdir: Path, config) -> None:
    import yaml
    doc = {"data_dir": "data", "storage": {"url": "sqlite:///data/serieswatch.db"},
           "sources": [{"name": s.name, "start_urls": list(s.start_urls), "allowed_domains": list(s.allowed_domains),
                        "series": list(s.series)} for s in config.sources],
           "crawl": {"download_delay": 0}, "email": {"outbox_dir": "outbox"}}
    (workdir / "config.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
