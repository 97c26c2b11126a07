"""Charts for analysts, drawn with matplotlib (the optional `plot` extra): attention over time, one indicator.

The file type follows the name given (.png, .svg, .pdf). Headlines and labels may be Chinese: a CJK
font is used when one is installed; otherwise matplotlib draws boxes for those characters, the
chart is still right.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from serieswatch.errors import UsageError

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN", "Droid Sans Fallback")


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise UsageError("charts need matplotlib: pip install 'serieswatch[plot]'") from None
    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot
    installed = {f.name for f in font_manager.fontManager.ttflist}
    fonts = [f for f in _CJK_FONTS if f in installed]
    pyplot.rcParams["font.sans-serif"] = fonts + list(pyplot.rcParams["font.sans-serif"])
    pyplot.rcParams["axes.unicode_minus"] = False
    pyplot.has_cjk_font = bool(fonts)
    return pyplot


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _label(text: str, pyplot) -> str:
    """Without a CJK font, Chinese would be drawn as boxes: leave it out when something else is left."""
    if pyplot.has_cjk_font or not _CJK.search(text):
        return text
    kept = " · ".join(p for p in text.split(" · ") if not _CJK.search(p))
    return kept or text


def _granularity(period: str | None) -> str:
    """Periods of one granularity are joined by a line (a year is not followed by a quarter)."""
    for name, pattern in (("year", r"\d{4}"), ("quarter", r"\d{4}-Q\d"), ("half", r"\d{4}-H\d"),
                          ("month", r"\d{4}-\d{2}"), ("day", r"\d{4}-\d{2}-\d{2}")):
        if period and re.fullmatch(pattern, period):
            return name
    return "other"


def _save(fig, pyplot, out: Path) -> None:
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UsageError(f"{out}: give a .png, .svg or .pdf file name for the chart")
    out.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # "Glyph … missing" when no CJK font is installed
        fig.savefig(out, dpi=120, bbox_inches="tight")
    pyplot.close(fig)


def attention_chart(counts: list[dict], *, query: str, by: str, out: Path) -> None:
    """Bars: how many matching articles each period had."""
    pyplot = _pyplot()
    fig, ax = pyplot.subplots(figsize=(max(6.0, min(18.0, 0.35 * len(counts) + 2)), 3.6))
    periods = [c["period"] for c in counts]
    ax.bar(range(len(periods)), [c["articles"] for c in counts], color="#3b6ea5")
    step = max(1, len(periods) // 24)
    ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=60, ha="right", fontsize=8)
    ax.set_xlabel(by)
    ax.set_ylabel("articles")
    ax.set_title(f"articles matching {query!r}, per {by}" if pyplot.has_cjk_font or not _CJK.search(query)
                 else f"articles matching the query, per {by}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    _save(fig, pyplot, out)


def indicator_chart(observations: list[dict], *, title: str, unit: str, out: Path) -> None:
    """Every source's value per period; the held value joined by a line; revisions and conflicts marked."""
    pyplot = _pyplot()
    fig, ax = pyplot.subplots(figsize=(max(6.0, min(18.0, 0.6 * len(observations) + 3)), 4.2))
    xs = {o["period"] or "?": i for i, o in enumerate(observations)}
    lines: dict[str, list] = {}
    for o in observations:
        lines.setdefault(_granularity(o["period"]), []).append((xs[o["period"] or "?"], o["value"]))
    for n, points in enumerate(lines.values()):
        ax.plot([x for x, _ in points], [y for _, y in points], color="#3b6ea5", linewidth=1.5, zorder=1,
                marker="" if len(points) > 1 else "_", label=None if n else "value held (latest report)")
    marks = {"revised": ("^", "#e08a00", "revised"), "conflict": ("X", "#c62828", "conflict")}
    seen = set()
    for o in observations:
        x = xs[o["period"] or "?"]
        for v in o["values"]:
            marker, colour, label = marks.get(v["tracking"], ("o", "#555555", "a source's value"))
            ax.scatter([x], [v["value"]], marker=marker, color=colour, s=46, zorder=2,
                       label=None if label in seen else label)
            seen.add(label)
    ax.set_xticks(list(xs.values()), list(xs), rotation=45, ha="right")
    ax.set_xlabel("period")
    ax.set_ylabel(unit)
    ax.set_title(_label(title, pyplot))
    ax.legend(fontsize=8, loc="best")
    ax.grid(axis="y", alpha=0.3)
    _save(fig, pyplot, out)
