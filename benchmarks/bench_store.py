"""Store benchmark (issue 10): what storing one article costs in a large archive, and where it goes.

    python benchmarks/bench_store.py [--base 1000] [--articles 100000] [--new 300] [--pg URL]

1. Generates --base + --new realistic pages (crawl_site.py: 60-100 kB with the real site's
   furniture), parses them and extracts their figures.
2. Stores the first --base through ArchivePipeline into a fresh archive (SQLite, and PostgreSQL
   with --pg), so every row is a real one.
3. Scales the archive to --articles by copying those rows (articles, URLs, revisions, figures,
   raw pages without their bytes, page states) with new ids, URLs, hashes and dates shifted back
   167 days per copy (the density of real coverage). The indexes are maintained by the inserts;
   statistics are what a real archive has: none on SQLite (nothing runs ANALYZE there), and
   PostgreSQL's own ANALYZE (autovacuum would have run it). The per-series summary (figure_values)
   is then built from the scaled figures, as the migration builds it for an existing archive.
4. Stores the --new articles in the crawl's store batches (crawler/settings.py STORE_BATCH), with
   figures extracted and bytes compressed beforehand as the parse workers do, and reports store
   ms/article, the part in FigureStore, and EXPLAIN of FigureStore's queries.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import zlib
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
OUT = ROOT / "benchmarks" / "out"

from crawl_site import generate_site  # noqa: E402

SHIFT_DAYS = 167


def items_for(pages, parsed, figures, run_id):
    # As the crawl's parse workers hand them over: figures extracted and the bytes compressed.
    from storage.articles import RAW_PAGE_LEVEL
    return [{"parsed": parsed[url], "url": url, "body": body, "header_charset": None,
             "compressed": zlib.compress(body, RAW_PAGE_LEVEL),
             "validators": {"etag": f'"{url}"', "last_modified": None}, "source": "bench", "run_id": run_id,
             "figures": figures[url]} for url, body in pages]


def store(db, config, items, batch=None) -> dict:
    from crawler.figure_hook import make_figure_hook
    from crawler.pipelines import ArchivePipeline
    from crawler.report import CrawlReport
    from crawler.settings import STORE_BATCH
    report = CrawlReport()
    spider = SimpleNamespace(db=db, report=report, figure_hook=make_figure_hook(config))
    pipeline = ArchivePipeline(SimpleNamespace(spider=spider), batch_size=batch or STORE_BATCH, batch_wait=0)
    t = time.perf_counter()
    for item in items:
        pipeline.process_item(item)
    pipeline.close_spider()
    wall = time.perf_counter() - t
    return {"articles": len(items), "wall_ms_per_article": 1000 * wall / len(items),
            "store_ms_per_article": report.counts["store_ms"] / len(items),
            "figures_ms_per_article": report.counts["figures_ms"] / len(items),
            "outcomes": {k: v for k, v in report.counts.items() if k.startswith("articles_")}}


def _shifted_order(dialect: str, c: int) -> str:
    if dialect == "sqlite":
        return (f"strftime('%Y-%m-%dT%H:%M:%S', datetime(substr(order_key, 1, 19), '-{c * SHIFT_DAYS} days'))"
                f" || substr(order_key, 20)")
    return (f"to_char(to_timestamp(substr(order_key, 1, 19), 'YYYY-MM-DD\"T\"HH24:MI:SS') - interval '{c * SHIFT_DAYS} days',"
            f" 'YYYY-MM-DD\"T\"HH24:MI:SS') || substr(order_key, 20)")


def _copy_sql(dialect: str, table, c: int, offsets: dict) -> str:
    """INSERT … SELECT one copy (number c) of a table's rows, with new keys."""
    def shifted(col):
        if dialect == "sqlite":
            return f"datetime({col}, '-{c * SHIFT_DAYS} days')"
        return f"{col} - interval '{c * SHIFT_DAYS} days'"
    tag = f"'~{c}'"
    over = {
        "articles": {"id": f"id + {c * offsets['articles']}", "url": f"url || {tag}",
                     "title_key": f"substr(title_key, 1, 190) || {tag}", "content_id": f"content_id || {tag}",
                     "text_hash": f"substr(text_hash, 1, 56) || {tag}", "published_at": shifted("published_at"),
                     "first_seen_at": shifted("first_seen_at"), "updated_at": shifted("updated_at")},
        "article_urls": {"id": f"id + {c * offsets['article_urls']}",
                         "article_id": f"article_id + {c * offsets['articles']}", "url": f"url || {tag}",
                         "content_id": f"content_id || {tag}", "first_seen_at": shifted("first_seen_at")},
        "revisions": {"id": f"id + {c * offsets['revisions']}", "article_id": f"article_id + {c * offsets['articles']}",
                      "raw_page_id": f"raw_page_id + {c * offsets['raw_pages']}", "url": f"url || {tag}",
                      "fetched_at": shifted("fetched_at")},
        "raw_pages": {"id": f"id + {c * offsets['raw_pages']}", "url": f"url || {tag}",
                      "sha256": f"substr(sha256, 1, 56) || {tag}", "fetched_at": shifted("fetched_at")},
        "figures": {"id": f"id + {c * offsets['figures']}", "article_id": f"article_id + {c * offsets['articles']}",
                    "revision_id": f"revision_id + {c * offsets['revisions']}", "first_seen_at": shifted("first_seen_at"),
                    # the publication order moves back with the copy's dates (publication time | URL | offset)
                    "order_key": _shifted_order(dialect, c)},
        "page_states": {"url": f"url || {tag}"},
    }[table.name]
    cols = [col.name for col in table.columns]
    exprs = [over.get(name, name) for name in cols]
    where = " WHERE id <= {}".format(offsets[table.name]) if table.name in offsets else \
        " WHERE url NOT LIKE '%~%'"
    return f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT {', '.join(exprs)} FROM {table.name}{where}"


def scale(db, target: int) -> dict:
    """Copy the archive's rows until it holds `target` articles."""
    from sqlalchemy import text
    from storage.models import Base
    tables = ["raw_pages", "articles", "article_urls", "revisions", "figures", "page_states"]
    dialect = db.engine.dialect.name
    with db.engine.begin() as conn:
        offsets = {t: conn.execute(text(f"SELECT max(id) FROM {t}")).scalar() for t in tables if t != "page_states"}
    copies = max(0, -(-target // offsets["articles"]) - 1)
    t = time.perf_counter()
    for c in range(1, copies + 1):
        with db.engine.begin() as conn:
            for name in tables:
                conn.execute(text(_copy_sql(dialect, Base.metadata.tables[name], c, offsets)))
    with db.engine.begin() as conn:
        if dialect == "postgresql":
            for name in tables:
                if name != "page_states":
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
            conn.execute(text("ANALYZE"))
    # The per-series summary is what a real archive of this size would hold: built from its figures.
    from storage.figure_values import FigureValues
    with db.session() as s:
        FigureValues(s).rebuild()
    with db.engine.begin() as conn:
        if dialect == "postgresql":
            conn.execute(text("ANALYZE figure_values"))
        counts = {name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar() for name in tables}
    return {"copies": copies, "seconds": round(time.perf_counter() - t, 1), "rows": counts}


def explain(db, figures_sample) -> dict:
    """EXPLAIN (QUERY PLAN on SQLite, ANALYZE on PostgreSQL) of FigureStore's per-revision queries."""
    from sqlalchemy import text
    dialect = db.engine.dialect.name
    keys = sorted({k for k in figures_sample})[:20]
    series_in = ", ".join("'" + k.replace("'", "''") + "'" for k in keys)
    true = "1" if dialect == "sqlite" else "true"
    queries = {
        "update_is_current": f"UPDATE figures SET is_current = {true} WHERE article_id = 12345 AND is_current = {true}",
        # what classifying a new article's figures reads (storage/figure_values.py, FigureStore)
        "summary_periods": f"SELECT DISTINCT series, period_key FROM figure_values WHERE series IN ({series_in})",
        "summary_rows": (f"SELECT * FROM figure_values WHERE series IN ({series_in}) "
                         f"AND period_key IN ('2022', '2023', '2024')"),
        # FigureValues.observed_after: one look-up of each series' latest groups (0013)
        "observed_after": "SELECT " + ", ".join(
            f"(SELECT id FROM figure_values WHERE series = '{k.replace(chr(39), chr(39) * 2)}' "
            f"AND last_order_key > '2020' LIMIT 1)" for k in keys[:3]),
    }
    out = {}
    with db.engine.connect() as conn:
        for name, sql in queries.items():
            if dialect == "sqlite":
                plan = [" ".join(str(x) for x in row[1:]) for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql))]
                t = time.perf_counter()
                if name != "update_is_current":
                    rows = len(conn.execute(text(sql)).all())
                else:
                    conn.execute(text(sql))
                    rows = None
                out[name] = {"plan": plan, "ms": round(1000 * (time.perf_counter() - t), 2), "rows": rows}
            else:
                plan = [row[0] for row in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql))]
                out[name] = {"plan": plan}
        conn.rollback()
        out["rows_per_series"] = [list(r) for r in conn.execute(text(
            f"SELECT series, count(*) FROM figures WHERE series IN ({series_in}) GROUP BY series ORDER BY 2 DESC LIMIT 8"))]
    return out


def run_backend(label, url, data, pages, parsed, figures, args) -> dict:
    from serieswatch.config import parse_config
    from storage.db import open_database
    from storage.figures import figure_series
    from storage.runs import RunStore
    config = parse_config({"data_dir": str(data), "storage": {"url": url}}, env={})
    db = open_database(config.storage_url)
    with db.session() as s:
        run_id = RunStore(s).start("crawl").id
    base, new = pages[:args.base], pages[args.base:]
    out = {"base": store(db, config, items_for(base, parsed, figures, run_id))}
    print(f"{label}: stored {args.base} base articles: {out['base']['store_ms_per_article']:.1f} ms/article",
          file=sys.stderr)
    out["scale"] = scale(db, args.articles)
    print(f"{label}: scaled to {out['scale']['rows']}", file=sys.stderr)
    if args.profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        prof.enable()
    out["new"] = store(db, config, items_for(new, parsed, figures, run_id))
    if args.profile:
        prof.disable()
        st = pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative"); st.print_stats(25); st.sort_stats("tottime").print_stats(25)
    keys = [figure_series(f) for url, _ in new[:5] for f in figures[url]]
    out["explain"] = explain(db, keys)
    db.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=1000, help="articles stored for real before scaling")
    ap.add_argument("--articles", type=int, default=100_000, help="archive size after scaling")
    ap.add_argument("--new", type=int, default=300, help="articles stored into the scaled archive, timed")
    ap.add_argument("--pg", help="also PostgreSQL (SQLAlchemy URL; a fresh schema is made in it)")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of storing the new articles")
    args = ap.parse_args()

    from crawler.figures import extract_figures
    from crawler.parsing import parse_article
    from serieswatch.catalog import load_default_catalog
    catalog = tuple(load_default_catalog())
    result = {"when": datetime.now().isoformat(timespec="seconds"), "args": vars(args),
              "loadavg_at_start": os.getloadavg(), "nproc": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        work = Path(tmp)
        paths, _, site, _ = generate_site(work / "site", args.base + args.new)
        pages = [("http://127.0.0.1:8000" + p, site.read(p)) for p in paths]
        shutil.rmtree(work / "site")
        parsed = {u: parse_article(b, u) for u, b in pages}
        figures = {u: extract_figures(p.text, language=p.language, published_at=p.published_at, catalog=catalog)
                   for u, p in parsed.items()}
        backends = [] if args.skip_sqlite else [("sqlite", f"sqlite:///{work / 'sqlite' / 'archive.db'}")]
        if args.pg:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from bench_crawl import fresh_pg_schema
            backends.append(("postgresql", fresh_pg_schema(args.pg, "store")))
        for label, url in backends:
            (work / label).mkdir()
            result[label] = run_backend(label, url, work / label, pages, parsed, figures, args)
            r = result[label]
            print(f"\n{label}: {r['scale']['rows']['articles']} articles, {r['scale']['rows']['figures']} figures")
            print(f"  storing {r['new']['articles']} new articles: {r['new']['store_ms_per_article']:.2f} ms/article "
                  f"(FigureStore {r['new']['figures_ms_per_article']:.2f}); at {args.base}: "
                  f"{r['base']['store_ms_per_article']:.2f} (FigureStore {r['base']['figures_ms_per_article']:.2f})")
            for name in ("update_is_current", "summary_periods", "summary_rows", "observed_after"):
                e = r["explain"][name]
                print(f"  {name}: " + " | ".join(e["plan"]) + (f"  [{e['ms']} ms, {e['rows']} rows]" if "ms" in e else ""))
            print(f"  rows per series: {r['explain']['rows_per_series']}")
    result["loadavg_at_end"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (OUT / f"store-{stamp}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nwritten: {OUT / f'store-{stamp}.json'}")


if __name__ == "__main__":
    main()
