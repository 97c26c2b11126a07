#!/usr/bin/env python
"""Digest-line evaluation: sequences of real-style articles crawled in daily runs, through the CLI.

    python benchmarks/eval/score_digests.py SET_DIR [--twice] [--errors] [--json OUT]

SET_DIR holds sequences (`<sequence>/run-<k>/<n>.json`, written blind by a second engineer; the
format is in the set's README.md). For every sequence a fresh archive is made and a local site on
127.0.0.1 is served (the tests' fixture-site kit: rm_txt pages for Chinese, en.people.cn pages for
English, one listing); run by run the pages are written (an edited version replaces its page) and
`serieswatch run` is called, as an operator's daily timer would. A *digest line* is a figure the
run reports (tracking new_indicator / new_period / revised / conflict: what `gather` puts in a
digest). Each line is matched to a labelled figure of the same article (quote, then value) and is
*fully right* when value, indicator (the heading), period, class and — for new periods and
revisions — the previous value are the labelled ones.

Printed per set: share of lines fully right, heading accuracy, false revised/conflict lines, recall
of true updates of catalog indicators (labelled new_indicator / new_period / revised / conflict
announced fully right), the share of labelled new numbers outside the catalog that have a digest
line at all (a restatement taken for a new number is a wrong line; a new number taken for a
restatement is a missing one), and with --twice whether two identical crawls gave identical lines.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from scheduler.demo.server import SiteServer  # noqa: E402
from sitekit import Link, Site  # noqa: E402
from storage.tracking import period_key  # noqa: E402

NEW = {"new_indicator", "new_period", "revised", "conflict"}
LISTING = "/GB/8198/1/"


def cli(config: Path, *args: str) -> str:
    r = subprocess.run([sys.executable, "-m", "scheduler", "--config", str(config), "-q", *args],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    if r.returncode not in (0,):
        raise SystemExit(f"serieswatch {' '.join(args)} exited {r.returncode}: {r.stderr[-800:]}")
    return r.stdout


def close(a, b) -> bool:
    """Equal values; a decline labelled as a negative rate equals the positive number written
    (FIGURES.md does not fix the sign: the extractor stores 下降3% as 3)."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(abs(float(a)), abs(float(b)), rel_tol=1e-6, abs_tol=1e-9)


def load_runs(seq: Path) -> list[list[dict]]:
    runs = sorted((p for p in seq.iterdir() if p.is_dir() and p.name.startswith("run-")),
                  key=lambda p: int(p.name.split("-")[1]))
    return [[json.loads(f.read_text(encoding="utf-8"))
             for f in sorted(r.glob("*.json"), key=lambda f: int(f.stem))] for r in runs]


def crawl_sequence(seq: Path, workdir: Path) -> list[list[dict]]:
    """Serve and crawl one sequence run by run; the digest lines of each run (figure JSON + url)."""
    site = Site(workdir / "site")
    lines_per_run = []
    with SiteServer(site.root) as server:
        config = workdir / "config.yaml"
        config.write_text(yaml.safe_dump({
            "data_dir": "data", "storage": {"url": f"sqlite:///{workdir}/data/archive.db"},
            "crawl": {"download_delay": 0, "autothrottle": False, "max_listing_pages": 20},
            "sources": [{"name": "eval", "start_urls": [server.url + LISTING + "index.html"], "series": []}],
            "email": {"smtp_host": "127.0.0.1", "smtp_port": 9, "outbox_dir": str(workdir / "outbox"),
                      "admin": "ops@example.org"},
        }, allow_unicode=True), encoding="utf-8")
        cli(config, "subscribers", "add", "eval@example.org")
        links: list[Link] = []
        known = set()
        seen_ids: set[int] = set()
        for run in load_runs(seq):
            for art in run:
                path = urlsplit(art["url"]).path
                fields = dict(title=art["title"], paragraphs=art["paragraphs"],
                              published=art["published"][:16].replace("T", " "),
                              template="english" if art["lang"] == "en" else "rm_txt",
                              outlet=art.get("outlet") or None, encoding="gb18030" if art["lang"] == "zh" else None)
                if path in site.articles:
                    site.revise(path, **fields)
                else:
                    site.article(path, **{k: v for k, v in fields.items() if v is not None})
                if path not in known:
                    known.add(path)
                    links.insert(0, Link(art["title"], path, art["published"][:10]))
            site.paginated(LISTING, links, per_page=60, encoding="gb18030")   # titles with — or ·
            cli(config, "run")
            urls = {a["id"]: urlsplit(a["url"]).path
                    for a in json.loads(cli(config, "articles", "--format", "json"))}
            figures = json.loads(cli(config, "figures", "--format", "json"))
            fresh = [f for f in figures if f["id"] not in seen_ids]
            seen_ids.update(f["id"] for f in figures)
            lines = [dict(f, path=urls.get(f["article_id"])) for f in fresh if f.get("tracking") in NEW]
            lines_per_run.append(lines)
    return lines_per_run


def gold_of(run: list[dict]) -> dict[str, list[dict]]:
    """Labelled figures of a run's article versions, by page path."""
    return {urlsplit(a["url"]).path: a["figures"] for a in run}


def _match(lines: list[dict], gold: list[dict]) -> list[tuple[dict, dict | None]]:
    used, pairs = set(), []
    for line in sorted(lines, key=lambda f: f["span"][0]):
        best = None
        for gi, g in enumerate(gold):
            if gi in used or g.get("unit") != line.get("unit") or not close(g["value"], line["value"]):
                continue
            score = (g["quote"] != line["quote"], period_key(g.get("period")) != period_key(line.get("period")))
            if best is None or score < best[0]:
                best = (score, gi)
        if best is None:
            pairs.append((line, None))
        else:
            used.add(best[1])
            pairs.append((line, gold[best[1]]))
    return pairs


def _class_ok(line: dict, g: dict) -> bool:
    want = g.get("expected_class")
    if want == "new":
        return line["tracking"] in ("new_indicator", "new_period") and not g.get("indicator")
    return line["tracking"] == want


def _previous_ok(line: dict, g: dict) -> bool:
    if line["tracking"] not in ("new_period", "revised", "conflict") or not g.get("indicator"):
        return True
    prev = g.get("previous") or {}
    return close(prev.get("value"), line.get("previous_value"))


def score(seq_runs: list[list[dict]], lines_per_run: list[list[dict]], errors: list) -> dict:
    n = right = heading = false_alarm = 0
    true_updates = announced = 0
    new_numbers = new_shown = 0
    for run, lines in zip(seq_runs, lines_per_run):
        gold = gold_of(run)
        matched_gold, shown = set(), set()
        for path in {line["path"] for line in lines} | set(gold):
            mine = [line for line in lines if line["path"] == path]
            for line, g in _match(mine, [dict(x, _path=path, _i=i) for i, x in enumerate(gold.get(path, []))]):
                n += 1
                ok_heading = g is not None and (g.get("indicator") or None) == (line.get("indicator") or None)
                heading += ok_heading
                ok = (g is not None and ok_heading and _class_ok(line, g)
                      and period_key(g.get("period")) == period_key(line.get("period")) and _previous_ok(line, g))
                right += ok
                if line["tracking"] in ("revised", "conflict") and (g is None or g.get("expected_class") != line["tracking"]):
                    false_alarm += 1
                if g is not None:
                    shown.add((path, g["_i"]))
                if ok:
                    matched_gold.add((path, g["_i"]))
                else:
                    errors.append({"line": {k: line.get(k) for k in ("quote", "tracking", "indicator", "period",
                                                                     "previous_value", "region", "sentence")},
                                   "gold": g and {k: g.get(k) for k in ("quote", "expected_class", "indicator", "period",
                                                                        "previous", "region")},
                                   "path": path})
        for path, figs in gold.items():
            for i, g in enumerate(figs):
                if not g.get("indicator") and g.get("expected_class") == "new":
                    new_numbers += 1
                    new_shown += (path, i) in shown
                    if (path, i) not in shown:
                        errors.append({"unshown": {k: g.get(k) for k in ("quote", "region", "period")}, "path": path})
                if g.get("indicator") and g.get("expected_class") in NEW:
                    true_updates += 1
                    announced += (path, i) in matched_gold
                    if (path, i) not in matched_gold:
                        errors.append({"missed": {k: g.get(k) for k in ("quote", "expected_class", "indicator",
                                                                         "period", "previous")}, "path": path})
    return dict(lines=n, right=right, heading=heading, false_alarms=false_alarm, true_updates=true_updates,
                announced=announced, new_numbers=new_numbers, new_shown=new_shown)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set_dir", type=Path)
    ap.add_argument("--twice", action="store_true", help="crawl each sequence twice and compare the lines")
    ap.add_argument("--errors", action="store_true", help="print every line that is not fully right")
    ap.add_argument("--json", type=Path, help="write raw results here")
    args = ap.parse_args()
    seqs = sorted(p for p in args.set_dir.iterdir() if p.is_dir() and any(p.glob("run-*")))
    total = dict(lines=0, right=0, heading=0, false_alarms=0, true_updates=0, announced=0, new_numbers=0, new_shown=0)
    errors: list = []
    identical = True
    for seq in seqs:
        runs = load_runs(seq)
        with tempfile.TemporaryDirectory() as tmp:
            lines = crawl_sequence(seq, Path(tmp))
        if args.twice:
            with tempfile.TemporaryDirectory() as tmp:
                again = crawl_sequence(seq, Path(tmp))
            key = lambda runs_: [sorted((f["path"], f["quote"], f["span"][0], f["tracking"], f.get("indicator"),
                                         f.get("period"), f.get("previous_value")) for f in r) for r in runs_]
            same = key(lines) == key(again)
            identical &= same
        part = score(runs, lines, errors)
        for k in total:
            total[k] += part[k]
        print(f"{seq.name:<24} lines {part['lines']:>4}  fully right {part['right']:>4}  "
              f"false alarms {part['false_alarms']}  true updates {part['announced']}/{part['true_updates']}"
              + (f"  identical twice: {same}" if args.twice else ""), file=sys.stderr)
    n = total["lines"] or 1
    print(f"set {args.set_dir}: {total['lines']} digest lines")
    print(f"  fully right            {total['right'] / n:6.1%}  ({total['right']})")
    print(f"  heading right          {total['heading'] / n:6.1%}")
    print(f"  false revised/conflict {total['false_alarms']}")
    print(f"  true updates announced {total['announced'] / (total['true_updates'] or 1):6.1%}  "
          f"({total['announced']}/{total['true_updates']})")
    print(f"  other new numbers shown {total['new_shown'] / (total['new_numbers'] or 1):6.1%}  "
          f"({total['new_shown']}/{total['new_numbers']}: labelled new, outside the catalog, with a digest line)")
    if args.twice:
        print(f"  identical digests from two identical crawls: {'yes' if identical else 'NO'}")
    if args.errors:
        for e in errors:
            print(json.dumps(e, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"total": total, "errors": errors}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
