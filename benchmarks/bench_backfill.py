"""Backfill benchmark (issue 11): a backfill of N search results against a local search API, and a
plain listing crawl of the same N article pages, in the same run: articles/s of each and their ratio.

    .venv/bin/python benchmarks/bench_backfill.py [--pages 10000] [--order listing,backfill]

1. Generates N article pages with benchmarks/crawl_site.py (the pages of bench_crawl.py: rm_txt,
   box_con, text_show, english; one every 4 hours from 2024-01-01), a paginated listing of them
   (100 links a page), and a tests/searchkit.py SearchApi holding one record per page, all served by
   one SiteServer on 127.0.0.1.
2. Each contender runs in a fresh worker process (this file with --worker) into a fresh SQLite
   archive, politeness off (download_delay 0, no AutoThrottle, concurrency 16), figures extracted:
   - listing: `run_cycle(kind="crawl")` of one listing source, max_listing_pages past the last page;
   - backfill: `run_backfill(--since 2024-01-01 --until 2029-12-31)` of one people_search source
     (page_size 100): monthly windows, result pages, then the article pages.
   Wall time covers the whole command (lock, run record, crawl child, progress polling, watermarks);
   CPU is the crawl child's (RUSAGE_CHILDREN of the worker).
3. Prints a table and writes benchmarks/out/backfill-<timestamp>.json (+ backfill-latest.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
OUT = ROOT / "benchmarks" / "out"
PER_PAGE = 100
BJ = timezone(timedelta(hours=8))


def worker(spec_file: str) -> None:
    """In a fresh process: one listing crawl or one backfill; prints JSON with wall and child CPU."""
    import logging
    logging.basicConfig(level=logging.WARNING)
    from scheduler.backfill import run_backfill
    from scheduler.cycle import run_cycle
    from serieswatch.config import parse_config
    from storage.db import open_database
    from storage.queries import list_articles

    spec = json.loads(Path(spec_file).read_text())
    config = parse_config(spec["config"], env={})
    db = open_database(config.storage_url)     # migrations applied here, outside the timed part
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    if spec["kind"] == "backfill":
        with open(os.devnull, "w") as quiet:
            outcome = run_backfill(config, db, since=date(2024, 1, 1), until=date(2029, 12, 31), tty=False,
                                   stream=quiet)
    else:
        outcome = run_cycle(config, kind="crawl", digests=False, db=db)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with db.session() as s:
        archived = len(list_articles(s))
    db.dispose()
    print(json.dumps({"status": outcome.status, "reason": outcome.reason, "stats": outcome.stats,
                      "stages": outcome.stages, "archived": archived, "wall_s": wall,
                      "child_cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
                      "child_maxrss_kib": after.ru_maxrss}))


def run_worker(server, work: Path, kind: str, listing_url: str, search_url: str, listing_pages: int) -> dict:
    data = work / f"archive-{kind}"
    data.mkdir()
    crawl = {"download_delay": 0, "autothrottle": False, "concurrency": 16, "retries": 0, "timeout": 30,
             "max_listing_pages": listing_pages + 1}
    source = ({"name": "bench", "start_urls": [listing_url], "series": ["京津冀", "Beijing-Tianjin-Hebei"]}
              if kind == "listing" else
              {"name": "bench", "kind": "people_search", "search_url": search_url, "keywords": ["京津冀协同发展"],
               "series": ["京津冀", "Beijing-Tianjin-Hebei"], "page_size": PER_PAGE})
    spec = {"kind": kind, "config": {"data_dir": str(data), "storage": {"url": f"sqlite:///{data / 'serieswatch.db'}"},
                                     "crawl": crawl, "sources": [source]}}
    spec_file = work / f"spec-{kind}.json"
    spec_file.write_text(json.dumps(spec))
    hits = server.hits.snapshot()
    server_before = resource.getrusage(resource.RUSAGE_SELF)
    proc = subprocess.run([sys.executable, __file__, "--worker", str(spec_file)], cwd=ROOT, capture_output=True,
                          text=True)
    server_after = resource.getrusage(resource.RUSAGE_SELF)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"worker failed ({kind})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    new_hits = server.hits.snapshot()[len(hits):]
    result["requests"] = {"GET": sum(h.method == "GET" for h in new_hits),
                          "POST": sum(h.method == "POST" for h in new_hits)}
    result["server_cpu_s"] = (server_after.ru_utime - server_before.ru_utime
                              + server_after.ru_stime - server_before.ru_stime)
    a = result["archived"]
    result["articles_per_s"] = a / result["wall_s"]
    result["crawl_stage_articles_per_s"] = a / result["stages"]["crawl"]
    result["cpu_ms_per_article"] = 1000 * result["child_cpu_s"] / a if a else None
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--order", default="listing,backfill", help="which contender runs first")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return
    from crawl_site import generate_site
    from scheduler.demo.server import SiteServer
    from searchkit import SEARCH_PATH, SearchApi

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        paths, counts, site, links = generate_site(work / "site", args.pages)
        listing_pages = len(site.paginated("/GB/bench/", links, per_page=PER_PAGE, title="京津冀协同发展"))
        generated = time.perf_counter() - t0
        with SiteServer(site.root) as server:
            api = SearchApi(max_reachable=10_000_000)
            for link in links:
                day = datetime.strptime(link.date, "%Y-%m-%d").replace(hour=12, tzinfo=BJ)
                api.add(server.url_for(link.href), title=link.title, published=day, content="京津冀协同发展")
            server.set_route(SEARCH_PATH, api)
            results = {}
            for kind in args.order.split(","):
                results[kind] = run_worker(server, work, kind, server.url_for("/GB/bench/index.html"),
                                           server.url + SEARCH_PATH, listing_pages)
                r = results[kind]
                print(f"{kind:<9} {r['status']:<8} archived {r['archived']:>6}  wall {r['wall_s']:7.1f} s  "
                      f"{r['articles_per_s']:6.1f} articles/s  (crawl stage {r['crawl_stage_articles_per_s']:.1f}/s)  "
                      f"CPU {r['cpu_ms_per_article']:.1f} ms/article  requests {r['requests']}", flush=True)
    ratio = results["backfill"]["articles_per_s"] / results["listing"]["articles_per_s"]
    print(f"backfill / listing articles/s: {ratio:.2f}")
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "pages": args.pages,
              "templates": counts, "listing_pages": listing_pages, "generate_s": generated,
              "machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                          "load_avg": os.getloadavg()},
              "results": results, "ratio_backfill_vs_listing": ratio}
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"backfill-{stamp}.json", "backfill-latest.json"):
        (OUT / name).write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
