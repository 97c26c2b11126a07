"""Crawl benchmark (issues 2, 10): a real crawl of a generated local site against a bare Scrapy
spider over the same site in the same run, and parse time per page against trafilatura.

    python benchmarks/bench_crawl.py [--pages 1000] [--pg URL] [--skip-parse] [--plain]

1. Generates N distinct article pages (crawl_site.py: rm_txt / box_con / text_show in GB2312,
   english in UTF-8, with the real site's furniture: 60-100 kB a page, ~460 links, inline
   scripts; --plain leaves the furniture out) plus paginated listings (100 links a page), served
   by SiteServer on 127.0.0.1 from this process.
2. A bare Scrapy spider (bare_spider.py: fetch only, the same download settings) over the same
   listing: the speed limit of fetching this site on this machine, right now.
3. `serieswatch crawl` end to end: `run_cycle(config, kind="crawl", digests=False)` into a fresh
   SQLite archive (and PostgreSQL with --pg, in a fresh schema), download_delay 0, no
   AutoThrottle, concurrency 16. Each runs in a fresh worker process (this file with
   --e2e-worker) so RUSAGE_CHILDREN there is exactly the crawl child and its parse workers. It
   reports crawl-stage pages/s and its ratio to the bare spider, articles/s by block of 1,000
   (from when each article was stored), store ms/article and the part in figure tracking (the
   run's store_ms / figures_ms stats), CPU ms/article, peak RSS.
4. Parse comparison, in this process on the same page bytes: parse_article, parse_article +
   extract_figures and trafilatura.extract (given text already decoded, so its time excludes
   decoding; ours includes it), warmed up, interleaved, the median of --rounds rounds.
5. Prints a table and writes benchmarks/out/crawl-<timestamp>.json (+ crawl-latest.json; a
   -partial.json after each end-to-end run).

trafilatura, psutil and py-spy are benchmark-only: `pip install '.[bench]'`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT / "benchmarks"))

from crawl_site import generate_site  # noqa: E402

PER_PAGE = 100

def e2e_worker(spec_file: str) -> None:
    """In a fresh process: one run_cycle; prints JSON with wall, CPU and peak RSS of the crawl child."""
    import logging
    logging.basicConfig(level=logging.WARNING)
    import psutil
    from scheduler.cycle import run_cycle
    from serieswatch.config import parse_config
    from storage.db import open_database
    from storage.queries import list_articles, run_failures

    spec = json.loads(Path(spec_file).read_text())
    config = parse_config(spec["config"], env={})
    if not spec.get("figures", True):
        # --no-figures: the crawl without figure tracking, to tell its cost from the rest of the crawl's.
        import functools
        import scheduler.cycle
        scheduler.cycle.crawl_in_child = functools.partial(scheduler.cycle.crawl_in_child, figures=False)
    db = open_database(config.storage_url)   # migrations applied here, outside the timed part
    db.dispose()

    # Sample the crawl child's RSS too (a cross-check of ru_maxrss, and its course over the run).
    me, samples, stop = psutil.Process(), [], threading.Event()

    def sample():
        t0 = time.monotonic()
        while not stop.wait(0.25):
            rss = []
            for child in me.children():   # the crawl child (and multiprocessing's resource tracker)
                try:
                    rss.append(child.memory_info().rss // 1024)
                except psutil.Error:
                    pass
            if rss:
                samples.append((round(time.monotonic() - t0, 2), max(rss)))
    sampler = threading.Thread(target=sample, daemon=True)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.start()
    t0 = time.perf_counter()
    outcome = run_cycle(config, kind="crawl", digests=False)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    db = open_database(config.storage_url)
    from sqlalchemy import select
    from storage.models import Article
    with db.session() as s:
        archived = len(list_articles(s))
        failures = [(f.url, f.kind, f.reason) for f in run_failures(s, outcome.run_id)]
        seen = list(s.scalars(select(Article.first_seen_at).order_by(Article.id)))
    db.dispose()
    # Articles/s per block of 1,000 articles, from when each was stored (flat = the crawl does not slow down).
    blocks = []
    for k in range(0, len(seen) - 1, 1000):
        chunk = seen[k:k + 1000]
        span = (chunk[-1] - (seen[k - 1] if k else chunk[0])).total_seconds()
        if len(chunk) >= 100 and span > 0:
            blocks.append(round((len(chunk) - (0 if k else 1)) / span, 1))
    print(json.dumps({
        "status": outcome.status, "reason": outcome.reason, "stats": outcome.stats, "stages": outcome.stages,
        "archived": archived, "failures": failures, "wall_s": wall,
        "child_user_s": after.ru_utime - before.ru_utime, "child_sys_s": after.ru_stime - before.ru_stime,
        "child_maxrss_kib": after.ru_maxrss, "rss_samples_kib": samples, "articles_per_s_by_1000": blocks,
    }))


def run_bare(server, listing_dir: str, parse: bool = False) -> dict:
    """The bare Scrapy spider over the same listing, in its own process."""
    cmd = [sys.executable, str(ROOT / "benchmarks" / "bare_spider.py"), server.url_for(listing_dir + "index.html")]
    proc = subprocess.run(cmd + (["--parse"] if parse else []), cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit("bare spider failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fresh_pg_schema(pg_url: str, label: str) -> str:
    """A new schema in the PostgreSQL database of pg_url, as a URL whose connections use it."""
    from sqlalchemy import create_engine, text
    schema = f"bench_{label}_{os.getpid()}"
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in pg_url else "?"
    return f"{pg_url}{sep}options=-csearch_path%3D{schema}"


def run_e2e(server, work: Path, label: str, listing_dir: str, listing_pages: int, db_url: str | None = None,
            figures: bool = True) -> dict:
    data = work / f"archive-{label}"
    data.mkdir()
    spec = {"figures": figures, "config": {
        "data_dir": str(data),
        "storage": {"url": db_url or f"sqlite:///{data / 'serieswatch.db'}"},
        "crawl": {"download_delay": 0, "autothrottle": False, "concurrency": 16,
                  "max_listing_pages": listing_pages + 1, "retries": 0, "timeout": 30},
        "sources": [{"name": "bench", "start_urls": [server.url_for(listing_dir + "index.html")],
                     "series": ["京津冀", "Beijing-Tianjin-Hebei"]}],
    }}
    spec_file = work / f"spec-{label}.json"
    spec_file.write_text(json.dumps(spec))
    server_before = resource.getrusage(resource.RUSAGE_SELF)
    hits_before = len(server.hits)
    proc = subprocess.run([sys.executable, __file__, "--e2e-worker", str(spec_file)], cwd=ROOT,
                          capture_output=True, text=True)
    server_after = resource.getrusage(resource.RUSAGE_SELF)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"end-to-end worker failed ({label})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["server_cpu_s"] = (server_after.ru_utime - server_before.ru_utime
                              + server_after.ru_stime - server_before.ru_stime)
    result["requests"] = len(server.hits) - hits_before
    samples = result.pop("rss_samples_kib")
    result["rss_sampled_peak_kib"] = max((kib for _, kib in samples), default=None)
    # The course of the child's RSS: at 25 %, 50 %, 75 % and 100 % of the run.
    samples = [(t, kib) for t, kib in samples if kib > (result["rss_sampled_peak_kib"] or 0) / 4]  # crawl child only
    if samples:
        result["rss_course_kib"] = [samples[min(len(samples) - 1, int(len(samples) * f))][1]
                                    for f in (0.25, 0.5, 0.75, 0.999)]
    a = result["archived"]
    cpu = result["child_user_s"] + result["child_sys_s"]
    result.update(pages_per_s=a / result["wall_s"], crawl_stage_pages_per_s=a / result["stages"]["crawl"],
                  cpu_ms_per_article=1000 * cpu / a if a else None, child_cpu_s=cpu,
                  store_ms_per_article=result["stats"].get("store_ms", 0) / a if a else None,
                  figures_ms_per_article=result["stats"].get("figures_ms", 0) / a if a else None)
    return result


# --------------------------------------------------------------------------- parse comparison

def parse_comparison(pages: list[tuple[str, bytes]], rounds: int, work: Path, store_limit: int) -> dict:
    import trafilatura
    from crawler.figures import extract_figures
    from crawler.parsing import decode_html, parse_article
    from serieswatch.catalog import load_default_catalog

    catalog = tuple(load_default_catalog())
    decoded = [(url, decode_html(body, None)[0]) for url, body in pages]
    parsed = {url: parse_article(body, url) for url, body in pages}
    text_chars = statistics.mean(len(p.text) for p in parsed.values())
    figures = sum(len(extract_figures(p.text, language=p.language, published_at=p.published_at, catalog=catalog))
                  for p in parsed.values())

    def ours(page):
        return parse_article(page[1], page[0])

    def ours_figures(page):
        p = parse_article(page[1], page[0])
        return extract_figures(p.text, language=p.language, published_at=p.published_at, catalog=catalog)

    def traf(page):
        return trafilatura.extract(page[1])

    def traf_fast(page):
        return trafilatura.extract(page[1], fast=True)

    out = {"pages": len(pages), "rounds": rounds, "mean_body_chars": round(text_chars),
           "mean_page_bytes": round(statistics.mean(len(b) for _, b in pages)),
           "figures_per_page": round(figures / len(pages), 1)}
    # Interleaved so that a neighbour stealing the CPU hurts every contender alike.
    contenders = [("parse", ours, pages), ("parse_figures", ours_figures, pages),
                  ("trafilatura", traf, decoded), ("trafilatura_fast", traf_fast, decoded)]
    for name, fn, data in contenders:
        for page in data[: max(20, len(data) // 10)]:
            fn(page)
    rounds_ms = {name: [] for name, _, _ in contenders}
    for _ in range(rounds):
        for name, fn, data in contenders:
            t = time.perf_counter()
            for page in data:
                fn(page)
            rounds_ms[name].append(1000 * (time.perf_counter() - t) / len(data))
    for name in rounds_ms:
        out[f"{name}_ms"] = statistics.median(rounds_ms[name])
        out[f"{name}_rounds_ms"] = [round(v, 3) for v in rounds_ms[name]]
    out["ratio_trafilatura_vs_parse"] = out["trafilatura_ms"] / out["parse_ms"]
    out["ratio_trafilatura_vs_parse_figures"] = out["trafilatura_ms"] / out["parse_figures_ms"]
    out["ratio_trafilatura_fast_vs_parse_figures"] = out["trafilatura_fast_ms"] / out["parse_figures_ms"]
    store_pages = pages[:store_limit]
    out["store_pages"] = len(store_pages)
    if store_pages:
        out["store_ms"], out["store_ms_by_quarter"] = store_cost(store_pages, parsed, work)
    return out


def store_cost(pages, parsed, work: Path) -> tuple[float, list[float]]:
    """ms per article of the archive pipeline (raw page + article + revision + page state + figures
    extracted and stored, one transaction each) into a fresh SQLite archive, as the crawl does it;
    also the mean for each quarter of the pages (it grows with the archive: see README)."""
    from types import SimpleNamespace

    from crawler.figure_hook import make_figure_hook
    from crawler.pipelines import ArchivePipeline
    from crawler.report import CrawlReport
    from serieswatch.config import parse_config
    from storage.db import open_database
    from storage.runs import RunStore

    data = work / "archive-store"
    data.mkdir()
    config = parse_config({"data_dir": str(data), "storage": {"url": f"sqlite:///{data / 's.db'}"}}, env={})
    db = open_database(config.storage_url)
    with db.session() as s:
        run_id = RunStore(s).start("crawl").id
    spider = SimpleNamespace(db=db, report=CrawlReport(), figure_hook=make_figure_hook(config))
    pipeline = ArchivePipeline(SimpleNamespace(spider=spider))
    items = [{"parsed": parsed[url], "url": url, "body": body, "header_charset": None,
              "validators": {"etag": f'"{i}"', "last_modified": None}, "source": "bench", "run_id": run_id}
             for i, (url, body) in enumerate(pages)]
    times = []
    for item in items:
        t = time.perf_counter()
        pipeline.process_item(item)
        times.append(1000 * (time.perf_counter() - t))
    db.dispose()
    q = max(1, len(times) // 4)
    return statistics.mean(times), [round(statistics.mean(times[i:i + q]), 2) for i in range(0, q * 4, q)]


# --------------------------------------------------------------------------- report

def machine() -> dict:
    import scrapy
    import trafilatura
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal")), 0)
    return {"nproc": os.cpu_count(), "sched_affinity": len(os.sched_getaffinity(0)), "cpu": cpu,
            "ram_gib": round(mem_kib / 2**20, 1), "python": platform.python_version(),
            "scrapy": scrapy.__version__, "trafilatura": trafilatura.__version__,
            "loadavg_at_start": os.getloadavg()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the parse comparison (median)")
    ap.add_argument("--store-pages", type=int, default=0,
                    help="pages stored in-process for the store cost (it grows with the archive)")
    ap.add_argument("--parse-pages", type=int, default=None, help="pages in the parse comparison (default: all)")
    ap.add_argument("--values", choices=("facts", "random"), default="facts",
                    help="facts: articles restate a fixed set of figures (default); random: every number new")
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--skip-parse", action="store_true")
    ap.add_argument("--no-figures", action="store_true", help="crawl without figure tracking (FigureStore)")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--bare-parse", action="store_true", help="also a bare spider that runs parse_article")
    ap.add_argument("--pg", help="also crawl into PostgreSQL (a SQLAlchemy URL; a fresh schema is made in it)")
    ap.add_argument("--plain", action="store_true", help="pages without the real site's furniture (~10 kB)")
    ap.add_argument("--e2e-worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.e2e_worker:
        return e2e_worker(args.e2e_worker)

    from scheduler.demo.server import SiteServer

    global VALUES
    VALUES = args.values
    info = machine()
    result = {"when": datetime.now().isoformat(timespec="seconds"), "pages": args.pages, "values": args.values,
              "figures": not args.no_figures, "machine": info}
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        paths, counts, site, links = generate_site(work / "site", args.pages, realistic=not args.plain)
        sizes = {"full": ("/GB/all/", links)}
        listing_pages = {}
        for label, (directory, items) in sizes.items():
            listing_pages[label] = len(site.paginated(directory, items, per_page=PER_PAGE, title="京津冀协同发展"))
        result["generation"] = {"seconds": round(time.perf_counter() - t, 1), "templates": counts,
                                "listing_pages": listing_pages}
        print(f"generated {args.pages} pages {counts} in {result['generation']['seconds']} s", file=sys.stderr)

        if not args.skip_e2e:
            with SiteServer(site.root) as server:
                result["e2e"] = {}
                directory, items = sizes["full"]
                print(f"bare Scrapy spider ({len(items)} pages) …", file=sys.stderr)
                result["bare"] = run_bare(server, directory)
                if args.bare_parse:
                    result["bare_parse"] = run_bare(server, directory, parse=True)
                backends = ([] if args.skip_sqlite else [("sqlite", None)]) + ([("postgresql", fresh_pg_schema(args.pg, "e2e"))] if args.pg else [])
                for label, url in backends:
                    print(f"serieswatch crawl, {label} ({len(items)} pages) …", file=sys.stderr)
                    r = run_e2e(server, work, label, directory, listing_pages["full"], url, figures=not args.no_figures)
                    r["pages"] = len(items)
                    r["ratio_to_bare"] = r["crawl_stage_pages_per_s"] / result["bare"]["pages_per_s"]
                    result["e2e"][label] = r
                    save(result, "partial")     # a long run keeps what it measured so far

        print_table(result)
        if not args.skip_parse:
            print("parse comparison …", file=sys.stderr)
            chosen = paths[: args.parse_pages] if args.parse_pages else paths
            pages = [(server_url_for(path), site.read(path)) for path in chosen]
            result["parse"] = parse_comparison(pages, args.rounds, work, args.store_pages)
        result["machine"]["loadavg_at_end"] = os.getloadavg()

    written = save(result)
    print_table(result)
    print(f"\nwritten: {written}")


def save(result: dict, suffix: str = "") -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = result.setdefault("stamp", datetime.now().strftime("%Y%m%d-%H%M%S"))
    names = [f"crawl-{stamp}-{suffix}.json"] if suffix else [f"crawl-{stamp}.json", "crawl-latest.json"]
    for name in names:
        (OUT / name).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return OUT / names[0]


def server_url_for(path: str) -> str:
    """A stable URL for the parse comparison (parse_article only reads the path)."""
    return "http://127.0.0.1:8000" + path


def print_table(r: dict) -> None:
    m = r["machine"]
    print(f"\nmachine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB, Python {m['python']}, "
          f"Scrapy {m['scrapy']}, trafilatura {m['trafilatura']}; load avg at start {m['loadavg_at_start'][0]:.2f}")
    if "bare" in r:
        b = r["bare"]
        print(f"\nbare Scrapy spider (fetch only): {b['pages']} pages in {b['wall_s']:.1f} s = {b['pages_per_s']:.1f} pages/s")
        if "bare_parse" in r:
            bp = r["bare_parse"]
            print(f"bare Scrapy spider + parse_article: {bp['pages_per_s']:.1f} pages/s")
    if "e2e" in r:
        print("\nserieswatch crawl (run_cycle, crawl child; delay 0, concurrency 16)")
        print(f"{'archive':>10} {'archived':>8} {'wall s':>7} {'crawl-stage p/s':>15} {'vs bare':>7} "
              f"{'CPU ms/art':>10} {'store ms/art':>12} {'figures ms/art':>14} {'peak RSS MiB':>12} {'status':>8}")
        for label, e in r["e2e"].items():
            print(f"{label:>10} {e['archived']:>8} {e['wall_s']:>7.1f} {e['crawl_stage_pages_per_s']:>15.1f} "
                  f"{100 * e['ratio_to_bare']:>6.0f}% {e['cpu_ms_per_article']:>10.1f} {e['store_ms_per_article']:>12.2f} "
                  f"{e['figures_ms_per_article']:>14.2f} {e['child_maxrss_kib'] / 1024:>12.0f} {e['status']:>8}")
            print(f"{'':>10} articles/s by block of 1,000: {e['articles_per_s_by_1000']}")
    if "parse" not in r:
        return
    p = r["parse"]
    print(f"\nparse, one process, {p['pages']} pages (mean {p['mean_page_bytes']} B, body {p['mean_body_chars']} chars, "
          f"{p['figures_per_page']} figures/page); median of {p['rounds']} rounds")
    for key, label in (("parse", "parse_article"), ("parse_figures", "parse_article + extract_figures"),
                       ("trafilatura", "trafilatura.extract (text)"),
                       ("trafilatura_fast", "trafilatura.extract (text, fast=True)")):
        print(f"  {label:<40} {p[key + '_ms']:>7.2f} ms/page")
    if "store_ms" in p:
        print(f"  {'archive pipeline (store + figures)':<40} {p['store_ms']:>7.2f} ms/article over {p['store_pages']} "
              f"articles; by quarter {p['store_ms_by_quarter']}")
    print(f"  ratio trafilatura / parse_article            {p['ratio_trafilatura_vs_parse']:.1f}×")
    print(f"  ratio trafilatura / parse + figures          {p['ratio_trafilatura_vs_parse_figures']:.1f}×")
    print(f"  ratio trafilatura fast / parse + figures     {p['ratio_trafilatura_fast_vs_parse_figures']:.1f}×")


if __name__ == "__main__":
    main()
