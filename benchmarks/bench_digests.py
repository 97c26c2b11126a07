"""Benchmark: render and deliver 1,000 digests to a local aiosmtpd server.

    python benchmarks/bench_digests.py [--subscribers 1000] [--write]

Builds a scratch SQLite archive (articles with figures over several periods, so every digest has
charts), subscribes N addresses (half zh, half en, a quarter with an indicator filter), then times
`deliver_digests` (build into the outbox + SMTP delivery) and reports digests/s and peak RSS.
--write records the figures in benchmarks/DIGESTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from archive_fixtures import BJ, Page  # noqa: E402 - the test kit's article stand-in
from mail_fixtures import Fig  # noqa: E402
from notifications.cycle import deliver_digests  # noqa: E402
from serieswatch.config import Config, EmailConfig, parse_config  # noqa: E402
from storage.articles import ArticleStore  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.deliveries import delivery_totals  # noqa: E402
from storage.figures import FigureStore  # noqa: E402
from storage.subscribers import SubscriberStore  # noqa: E402



def add_year(db, n, year, indicators):
    """One article reporting six indicators for `year`."""
    with db.session() as s:
        page = Page(f"http://finance.people.com.cn/n1/{year + 1}/0301/c1004-{40300000 + n}.html",
                    title=f"{year}年京津冀协同发展成绩单", text=f"{year}年，京津冀协同发展取得新进展。" * 5,
                    published_at=datetime(year + 1, 3, 1, 9, tzinfo=BJ))
        saved = ArticleStore(s).save(page, source="peoples-daily-jjj")
        figs = [Fig(8e12 + n * 3e11 + i * 1e10, "CNY", f"{8 + n * 0.3 + i * 0.01:.2f}万亿元", str(year), ind.id,
                    "地区生产总值", region="京津冀")
                for i, ind in enumerate(indicators[:6])]
        FigureStore(s).add_revision_figures(saved.article_id, saved.revision_id, figs)


def subscribe(db, n, indicators):
    with db.session() as s:
        store = SubscriberStore(s)
        for i in range(n):
            store.add(f"reader{i}@example.org", language="zh" if i % 2 == 0 else "en",
                      indicators=[indicators[i % 6].id] if i % 4 == 3 else ())


def _process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _wait_for(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the aiosmtpd server did not start on port {port}")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subscribers", type=int, default=1000)
    ap.add_argument("--write", action="store_true", help="record the result in benchmarks/DIGESTS.md")
    args = ap.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-digests-"))
    db = open_database(f"sqlite:///{workdir / 'archive.db'}")
    indicators = parse_config({}, path=None, env={}).indicators
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The server runs in its own process, as a real one would: it does not share our GIL or our RSS.
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                               "-c", "aiosmtpd.handlers.Sink"])
    _wait_for(port)
    try:
        # Nine years already archived, then the subscribers, then a run that finds two new articles:
        # each digest reports 12 new figures of six indicators with ten periods of history (6 charts).
        for n, year in enumerate(range(2014, 2023)):
            add_year(db, n, year, indicators)
        subscribe(db, args.subscribers, indicators)
        add_year(db, 9, 2023, indicators)
        add_year(db, 10, 2024, indicators)
        config = Config(path=None, data_dir=workdir, storage_url="sqlite://", indicators=indicators,
                        email=EmailConfig(smtp_host="127.0.0.1", smtp_port=port, timeout=10.0))
        base_server_cpu = _process_cpu(server.pid) or 0.0
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        status, reason = deliver_digests(config, db, None)
        elapsed = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        own_cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        with db.session() as s:
            totals = delivery_totals(s)
            sizes = [len(r) for (r,) in s.execute(__import__("sqlalchemy").text("SELECT raw FROM digests"))]
        server_cpu = (_process_cpu(server.pid) or 0.0) - base_server_cpu
    finally:
        server.terminate()
        server.wait(10)
        db.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = totals["sent"] / elapsed if elapsed else 0.0
    cmd = "python benchmarks/bench_digests.py" + (f" --subscribers {args.subscribers}" if args.subscribers != 1000 else "")
    lines = [
        f"digests: {totals['sent']} sent of {args.subscribers} subscribers ({status}{', ' + reason if reason else ''})",
        f"time: {elapsed:.2f} s (render + outbox commit + SMTP delivery) → {rate:.0f} digests/s",
        f"message size: {min(sizes) // 1024}–{max(sizes) // 1024} KiB (text + HTML + up to 6 PNG charts)",
        f"CPU: serieswatch {own_cpu:.2f} s ({own_cpu / max(totals['sent'], 1) * 1000:.1f} ms/digest), "
        f"aiosmtpd server {server_cpu:.2f} s ({server_cpu / max(totals['sent'], 1) * 1000:.1f} ms/digest)",
        f"peak RSS: {peak_mb:.0f} MiB (ru_maxrss, this process; the aiosmtpd server runs in another)",
        f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}, SQLite",
        f"command: {cmd}",
    ]
    print("\n".join(lines))
    if args.write:
        doc = ["# Digest benchmark", "",
               "Render and deliver digests to a local aiosmtpd server (benchmarks/bench_digests.py). "
               "Target: ≥ 200 digests/s.", "", "```", *lines, "```", ""]
        (ROOT / "benchmarks" / "DIGESTS.md").write_text("\n".join(doc), encoding="utf-8")
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
