"""Benchmark: analysts' queries on a generated archive (search vs the old LIKE scan, history, exports).

    python benchmarks/bench_queries.py --articles 100000 [--backend sqlite|postgresql|both]
                                       [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--reuse]

Builds the archive with benchmarks/archive_gen.py (100,000 articles, 10 figures each: 1,000,000
figures), then measures, in one run:

* `search` as a table asks for it (the first 51 hits with snippets), ranked and `--sort date`, for
  a rare Chinese word, a rare English word, a common word (in every article) and a frequent one
  (about half) — p50/p95 over 20 runs — and today's LIKE scan for the same words (5 runs);
* `search --by month` for the common word; `figures history` of one indicator (all its periods and
  sources, with provenance); a filtered `figures` table;
* exports as a user runs them: `serieswatch figures --format csv`, `articles --format csv` and
  `search 京津冀 --format csv` in a child process, wall time and peak RSS (`/usr/bin/time`);
* the full-text index's share of the archive size.

Results: printed, and written to benchmarks/out/queries-<backend>-<N>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import yaml  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from archive_gen import build  # noqa: E402
from scheduler.records import figure_records, history_records, search_records  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.queries import like_search_articles  # noqa: E402
from storage.search import count_by_period  # noqa: E402
from storage.search_query import parse_query  # noqa: E402

WORDS = {"rare_zh": "冰雪节", "rare_en": "zeppelin", "common": "京津冀", "frequent": "技术合同"}


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def timed(fn, runs: int) -> dict:
    """Wall time, and this process's CPU time (on a shared machine the CPU time of in-process SQLite
    work is what an idle machine's wall time would be; PostgreSQL's server time is not in it)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(_p95(times), 2),
            "cpu_p50_ms": round(statistics.median(cpu), 2), "cpu_p95_ms": round(_p95(cpu), 2), "runs": runs,
            "rows": len(result) if hasattr(result, "__len__") else result}


def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def archive_url(backend: str, n: int, pg_url: str, reuse: bool) -> str:
    if backend == "sqlite":
        path = OUT / f"queries-{n}.db"
        if path.exists() and not reuse:
            for p in OUT.glob(f"queries-{n}.db*"):
                p.unlink()
        return f"sqlite:///{path}"
    schema = f"bench_queries_{n}"
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        if not reuse:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    return pg_schema_url(pg_url, schema)


def sizes(db) -> dict:
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all()
            total = sum(s for _, s in rows)
            index = sum(s for name, s in rows if name.startswith("articles_fts"))
        else:
            rows = conn.execute(text(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")).all()
            total = sum(s for _, s in rows)
            index = sum(s for name, s in rows if name == "article_search")
    return {"archive_mb": round(total / 2 ** 20, 1), "index_mb": round(index / 2 ** 20, 1),
            "index_share": round(index / total, 3) if total else None}


def cli_export(config: Path, *args: str) -> dict:
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "scheduler", "-q", "--config", str(config), *args]
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=False)
    wall, user, system, rss_kb = done.stderr.decode().strip().splitlines()[-1].split()
    return {"command": " ".join(args), "wall_s": float(wall), "cpu_s": round(float(user) + float(system), 2),
            "peak_rss_mb": round(int(rss_kb) / 1024, 1),
            "lines": done.stdout.count(b"\n"), "exit": done.returncode}


def measure(db, config: Path, *, reps: int, exports: bool = True) -> dict:
    out: dict = {"search": {}, "like_scan": {}}
    with db.session() as s:
        for name, word in WORDS.items():
            out["search"][name] = timed(lambda: list(search_records(s, word, limit=51, snippet_width=48)), reps)
            out["search"][name + "_by_date"] = timed(
                lambda: list(search_records(s, word, limit=51, sort="date", snippet_width=48)), reps)
            out["like_scan"][name] = timed(lambda: like_search_articles(s, word, limit=50), max(3, reps // 4))
            s.expunge_all()
        out["search_by_month_common"] = timed(lambda: count_by_period(s, parse_query("京津冀"), by="month"), 3)
        out["figures_history"] = timed(lambda: list(history_records(s, "ind_07")), reps)
        out["figures_history"]["sources"] = sum(o["sources"] for o in history_records(s, "ind_07"))
        out["figures_table_filtered"] = timed(
            lambda: list(figure_records(s, limit=51, indicator="ind_07", period_from="2020")), reps)
        out["figures_table"] = timed(lambda: list(figure_records(s, limit=51)), reps)
    if exports:
        out["exports"] = [cli_export(config, "figures", "--format", "csv"),
                          cli_export(config, "articles", "--format", "csv"),
                          cli_export(config, "search", "京津冀", "--format", "csv")]
    out["sizes"] = sizes(db)
    return out


def run_backend(backend: str, args) -> dict:
    url = archive_url(backend, args.articles, args.pg_url, args.reuse)
    db = open_database(url)
    result: dict = {"backend": backend, "articles": args.articles}
    with db.engine.connect() as conn:
        built = conn.execute(text("SELECT count(*) FROM articles")).scalar()
    if not built:
        print(f"[{backend}] building {args.articles} articles …", flush=True)
        result["build"] = build(db, articles=args.articles)
        print(f"[{backend}] built: {result['build']}", flush=True)
    config = OUT / f"queries-{backend}.yaml"
    config.write_text(yaml.safe_dump({"storage": {"url": url}, "data_dir": str(OUT / "data")}), encoding="utf-8")
    with db.engine.connect() as conn:
        result["figures"] = conn.execute(text("SELECT count(*) FROM figures")).scalar()
    result.update(measure(db, config, reps=args.reps, exports=not args.no_exports))
    db.dispose()
    if backend == "postgresql" and not args.keep:
        admin = create_engine(args.pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "bench_queries_{args.articles}" CASCADE'))
        admin.dispose()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--pg-url", default=os.environ.get("SERIESWATCH_TEST_PG_URL",
                                                       "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--reuse", action="store_true", help="keep an archive built by an earlier run")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema afterwards")
    ap.add_argument("--no-exports", action="store_true", help="skip the csv exports (the slowest part)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg(),
               "run": uuid.uuid4().hex[:8]}
    for backend in backends:
        result = {"machine": machine, **run_backend(backend, args)}
        path = OUT / f"queries-{backend}-{args.articles}{'-noexports' if args.no_exports else ''}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
