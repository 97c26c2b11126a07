"""Web view latency and throughput over a generated archive (benchmarks/archive_gen.py), served by uvicorn.

    python benchmarks/bench_web.py --articles 100000 [--reuse] [--reps 30] [--load-seconds 10 --clients 4]

Per page: p50/p95 wall time of sequential requests from one client to a real uvicorn on 127.0.0.1
(in a thread of this process). Then a bounded load test: `--clients` threads requesting a mix of
pages for `--load-seconds`; requests/s and the latency spread under that load. Writes
benchmarks/out/web-<backend>-<N>.json. The archive is the query benchmark's SQLite file
(benchmarks/out/queries-N.db, built when missing; `--reuse` keeps it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from archive_gen import INDICATORS, UNITS, build  # noqa: E402
from serieswatch.config import parse_config  # noqa: E402
from storage.db import open_database  # noqa: E402
from webkit import LiveServer  # noqa: E402

PAGES = {"home": "/", "search_common": "/search?q=京津冀", "search_rare": "/search?q=冰雪节",
         "search_by_date": "/search?q=技术合同&sort=date", "indicator": "/indicators/ind_07",
         "article": "/articles/{article}", "figures": "/figures", "figures_filtered": "/figures?indicator=ind_07",
         "api_indicator": "/api/indicators/ind_07", "search_by_month_common": "/api/search/by_period?q=京津冀"}
LOAD_MIX = ["home", "search_common", "indicator", "article", "figures"]


def _p(values, q):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(q * (len(values) - 1))))], 2)


def _stats(ms: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": _p(ms, 0.95), "max_ms": round(max(ms), 2),
            "runs": len(ms)}


def timed_pages(client, paths: dict, reps: int) -> dict:
    out = {}
    for name, path in paths.items():
        client.get(path)                                   # warm: the first request compiles templates
        ms = []
        for _ in range(reps):
            t = time.perf_counter()
            r = client.get(path)
            ms.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (path, r.status_code)
        out[name] = {**_stats(ms), "bytes": len(r.content)}
    return out


def load_test(url: str, paths: list[str], clients: int, seconds: float) -> dict:
    import httpx
    stop = time.monotonic() + seconds
    results: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients

    def worker(i):
        with httpx.Client(base_url=url, timeout=30) as c:
            n = i
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = c.get(paths[n % len(paths)])
                results[i].append((time.perf_counter() - t) * 1000)
                errors[i] += r.status_code != 200
                n += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    ms = [x for r in results for x in r]
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(ms), "errors": sum(errors),
            "requests_per_s": round(len(ms) / elapsed, 1), **_stats(ms)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--reuse", action="store_true", help="keep an archive built by an earlier run")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--load-seconds", type=float, default=10.0)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"queries-{args.articles}.db"
    if path.exists() and not args.reuse:
        for p in OUT.glob(f"queries-{args.articles}.db*"):
            p.unlink()
    url = f"sqlite:///{path}"
    db = open_database(url)
    result: dict = {"backend": "sqlite", "articles": args.articles}
    from sqlalchemy import text
    with db.engine.connect() as conn:
        built = conn.execute(text("SELECT count(*) FROM articles")).scalar()
    if not built:
        print(f"building {args.articles} articles …", flush=True)
        result["build"] = build(db, articles=args.articles)
    with db.engine.connect() as conn:
        article = conn.execute(text("SELECT max(id) FROM articles")).scalar()
        result["figures"] = conn.execute(text("SELECT count(*) FROM figures")).scalar()
    config = parse_config({"storage": {"url": url}, "data_dir": str(OUT / "data"),
                           "indicators": [{"id": i, "name_zh": f"指标{i[-2:]}", "name_en": f"Indicator {i[-2:]}",
                                           "unit": UNITS[n % len(UNITS)]} for n, i in enumerate(INDICATORS)]})
    server = LiveServer(config, db).start()
    try:
        paths = {k: v.format(article=article) for k, v in PAGES.items()}
        result["pages"] = timed_pages(server.client, paths, args.reps)
        for name, r in result["pages"].items():
            print(f"{name:18} p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  ({r['bytes']:,} bytes)", flush=True)
        result["load"] = load_test(server.url, [paths[k] for k in LOAD_MIX], args.clients, args.load_seconds)
        print(f"load: {result['load']}", flush=True)
    finally:
        server.stop()
        db.dispose()
    out = OUT / f"web-sqlite-{args.articles}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
