#!/usr/bin/env python
"""Held-out evaluation of the figure extractor, through the real CLI.

    python benchmarks/eval/score.py [--set main|hard|both] [--lang zh|en] [--errors] [--jobs N]

For every line of benchmarks/eval/heldout_{zh,en}.jsonl the sentence is written to a
temp .txt and run through
    python -m scheduler extract FILE.txt --lang L --published ISO --format json
(from the repository root, with the interpreter running this script).
A predicted figure matches a gold one when the unit is equal and |value| agrees
(relative tolerance 1e-6), greedily one-to-one per sentence (a candidate that also
matches period and approx is preferred). Gold labels write declines as positive
numbers; a match whose sign differs is counted as a match and listed as a note.
Prints precision/recall/F1 per language and overall, period accuracy and approx
accuracy over matched figures; --errors lists every error. Raw results go to
benchmarks/eval/last_run.json.
"""
import argparse, json, math, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PY = sys.executable


def close(a, b):
    a, b = abs(float(a)), abs(float(b))
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def run_extract(text, lang, published):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "sentence.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        r = subprocess.run([PY, "-m", "scheduler", "extract", p, "--lang", lang,
                            "--published", published, "--format", "json"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        return None, f"exit {r.returncode}: {r.stderr.strip()[-300:]}"
    try:
        return json.loads(r.stdout).get("figures") or [], None
    except json.JSONDecodeError as e:
        return None, f"bad json: {e}"


def match(gold, pred):
    used, pairs = set(), []
    for gi, g in enumerate(gold):
        cands = [pi for pi, p in enumerate(pred) if pi not in used
                 and p.get("unit") == g["unit"] and p.get("value") is not None
                 and close(p["value"], g["value"])]
        if not cands:
            continue
        cands.sort(key=lambda pi: (pred[pi].get("period") != g["period"],
                                   pred[pi].get("approx") != g["approx"]))
        used.add(cands[0]); pairs.append((gi, cands[0]))
    return pairs


def fmt(f):
    if f is None:
        return "-"
    q = f.get("quote")
    s = f"{f.get('value')!r} {f.get('unit')} approx={f.get('approx')} period={f.get('period')}"
    return s + (f" quote={q!r}" if q else "")


def evaluate(lang, jobs, prefix="heldout"):
    rows = [json.loads(l) for l in open(os.path.join(HERE, f"{prefix}_{lang}.jsonl"), encoding="utf-8") if l.strip()]
    with ThreadPoolExecutor(jobs) as ex:
        outs = list(ex.map(lambda r: run_extract(r["text"], lang, r["published"]), rows))
    st = dict(gold=0, pred=0, tp=0, per_ok=0, apx_ok=0, failures=0)
    errors, records = [], []
    for i, (row, (pred, err)) in enumerate(zip(rows, outs)):
        gold = row["figures"]
        rec = dict(i=i, text=row["text"], published=row["published"], gold=gold, pred=pred, error=err)
        records.append(rec)
        st["gold"] += len(gold)
        if pred is None:
            st["failures"] += 1
            errors.append(("RUN_FAILED", i, row, None, err)); pred = []
        st["pred"] += len(pred)
        pairs = match(gold, pred)
        st["tp"] += len(pairs)
        mg = {g for g, _ in pairs}; mp = {p for _, p in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if p.get("period") == g["period"]:
                st["per_ok"] += 1
            else:
                errors.append(("WRONG_PERIOD", i, row, g, p))
            if p.get("approx") == g["approx"]:
                st["apx_ok"] += 1
            else:
                errors.append(("WRONG_APPROX", i, row, g, p))
            if float(p["value"]) * float(g["value"]) < 0:
                errors.append(("NOTE_SIGN", i, row, g, p))
        for gi, g in enumerate(gold):
            if gi not in mg:
                errors.append(("FALSE_NEGATIVE", i, row, g, None))
        for pi, p in enumerate(pred):
            if pi not in mp:
                errors.append(("FALSE_POSITIVE", i, row, None, p))
    return st, errors, records


def prf(st):
    p = st["tp"] / st["pred"] if st["pred"] else 0.0
    r = st["tp"] / st["gold"] if st["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    pa = st["per_ok"] / st["tp"] if st["tp"] else 0.0
    aa = st["apx_ok"] / st["tp"] if st["tp"] else 0.0
    return p, r, f, pa, aa


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", choices=["zh", "en"], action="append")
    ap.add_argument("--errors", action="store_true", help="list every error")
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--set", choices=["main", "hard", "both"], default="both",
                    help="main = heldout_{zh,en}.jsonl; hard = heldout_hard_{zh,en}.jsonl")
    a = ap.parse_args()
    sets = {"main": ["heldout"], "hard": ["heldout_hard"], "both": ["heldout", "heldout_hard"]}[a.set]
    dumps = {}
    for prefix in sets:
        if not os.path.exists(os.path.join(HERE, f"{prefix}_zh.jsonl")):
            continue
        print(f"\n##### {prefix}_*.jsonl")
        dumps[prefix] = run_set(a, prefix)
    with open(os.path.join(HERE, "last_run.json"), "w", encoding="utf-8") as f:
        json.dump(dumps, f, ensure_ascii=False, indent=1)


def run_set(a, prefix):
    langs = a.lang or ["zh", "en"]
    total = dict(gold=0, pred=0, tp=0, per_ok=0, apx_ok=0, failures=0)
    allerr, dump = [], {}
    table = []
    for lang in langs:
        st, errs, recs = evaluate(lang, a.jobs, prefix)
        dump[lang] = recs
        allerr += [(lang,) + e for e in errs]
        for k in total:
            total[k] += st[k]
        table.append((lang, st))
    if len(langs) > 1:
        table.append(("all", total))
    print(f"{'lang':5} {'gold':>5} {'pred':>5} {'tp':>4} {'P':>6} {'R':>6} {'F1':>6} {'period':>7} {'approx':>7} {'fail':>4}")
    for name, st in table:
        p, r, f, pa, aa = prf(st)
        print(f"{name:5} {st['gold']:5d} {st['pred']:5d} {st['tp']:4d} {p:6.3f} {r:6.3f} {f:6.3f} {pa:7.3f} {aa:7.3f} {st['failures']:4d}")
    print("(period/approx accuracy: exact match over value+unit-matched figures)")
    if a.errors:
        order = ["RUN_FAILED", "FALSE_POSITIVE", "FALSE_NEGATIVE", "WRONG_PERIOD", "WRONG_APPROX", "NOTE_SIGN"]
        for kind in order:
            es = [e for e in allerr if e[1] == kind]
            if not es:
                continue
            print(f"\n== {kind} ({len(es)})")
            for lang, _, i, row, g, p in es:
                print(f"[{lang}#{i} pub={row['published']}] {row['text']}")
                print(f"    expected: {fmt(g) if isinstance(g, dict) else '-'}")
                print(f"    got:      {fmt(p) if isinstance(p, dict) else p}")
    return dump


if __name__ == "__main__":
    main()
