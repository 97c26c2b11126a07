"""Benchmark of the figure extractor: ms per sentence and per article, and the ratio to
Recognizers-Text's NumberWithUnit models on the same sentences, measured in one run.

    /work/venv/bin/python benchmarks/bench_figures.py [--repeat 5]

Sentences: the labelled sets of tests/test_figures_cases.py (Chinese and English).  Articles:
the seed article's body (../shared/seed, when present) and a Chinese article made of the
labelled Chinese sentences.  Recognizers-Text (pip: recognizers-text-suite, benchmark only, not a
dependency of serieswatch) runs its currency, dimension, age and temperature models.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from crawler.figures import extract_figures  # noqa: E402
from test_figures_cases import EN_CASES, SEED_PUBLISHED, ZH_CASES  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "000_4186ed937eb562d1.txt"


def seed_body() -> str | None:
    if not SEED.exists():
        return None
    raw = SEED.read_text(encoding="utf-8")
    return raw[raw.index('The "dead end road"'):raw.index("[Related Reading]")].strip()


def best_of(fn, repeat: int) -> float:
    """Seconds for one call of fn: the best of *repeat* timed runs after one warm-up (as timeit)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def recognizers(language: str):
    try:
        from recognizers_number_with_unit import NumberWithUnitRecognizer
        from recognizers_text import Culture
    except Exception as exc:  # not installed, or broken against its emoji dependency
        return None, f"{type(exc).__name__}: {exc}"
    rec = NumberWithUnitRecognizer(Culture.Chinese if language == "zh" else Culture.English)
    models = [rec.get_currency_model(), rec.get_dimension_model(), rec.get_age_model(),
              rec.get_temperature_model()]
    return (lambda text: [r for m in models for r in m.parse(text)]), None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    rows = []
    for lang, cases in (("zh", ZH_CASES), ("en", EN_CASES)):
        sentences = [(s, d) for s, d, _ in cases]
        n = len(sentences)

        def ours():
            for s, d in sentences:
                extract_figures(s, language=lang, published_at=d)
        t_ours = best_of(ours, args.repeat) / n
        found = sum(len(extract_figures(s, language=lang, published_at=d)) for s, d in sentences)
        rt, err = recognizers(lang)
        if rt is not None:
            t_rt = best_of(lambda: [rt(s) for s, _ in sentences], max(1, args.repeat // 2)) / n
            rt_found = sum(len(rt(s)) for s, _ in sentences)
        else:
            t_rt, rt_found = None, None
        rows.append((f"sentences ({lang}, n={n})", t_ours, found, t_rt, rt_found))
        if err:
            print(f"Recognizers-Text ({lang}) unavailable: {err}", file=sys.stderr)
    articles = []
    body = seed_body()
    if body:
        articles.append(("article: seed (en)", body, "en", datetime.fromisoformat(SEED_PUBLISHED)))
    zh_article = "\n\n".join("".join(s for s, _, _ in ZH_CASES[i:i + 4]) for i in range(0, len(ZH_CASES), 4))
    articles.append((f"article: labelled zh ({len(zh_article)} chars)", zh_article, "zh", None))
    for name, text, lang, pub in articles:
        t_ours = best_of(lambda: extract_figures(text, language=lang, published_at=pub), args.repeat)
        found = len(extract_figures(text, language=lang, published_at=pub))
        rt, _ = recognizers(lang)
        t_rt = best_of(lambda: rt(text), 1) if rt else None
        rt_found = len(rt(text)) if rt else None
        rows.append((name, t_ours, found, t_rt, rt_found))

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"{'input':38} {'serieswatch ms':>15} {'figures':>8} {'Recognizers ms':>15} {'matches':>8} {'ratio':>7}")
    for name, t, f, trt, frt in rows:
        ratio = f"{trt / t:7.0f}x" if trt else "    n/a"
        rt_ms = f"{trt * 1000:15.3f}" if trt else f"{'n/a':>15}"
        print(f"{name:38} {t * 1000:15.3f} {f:8d} {rt_ms} {frt if frt is not None else 'n/a':>8} {ratio}")


if __name__ == "__main__":
    main()
