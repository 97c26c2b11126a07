"""What the pages show, assembled from the CLI's record readers: pure shaping, no HTTP, no HTML."""

from __future__ import annotations

import difflib
import threading
from itertools import islice

from scheduler import records

HOME_ARTICLES = 10
SPARK_POINTS = 12


def _tracked(config, session) -> list[dict]:
    """Each catalog indicator with figures: its latest period's value, the change from the period before,
    and the last SPARK_POINTS periods for a small chart."""
    from itertools import groupby

    from storage.figure_queries import held_values
    from storage.figure_queries import json_number
    catalog = {i.id: i for i in config.indicators}
    by_indicator = {k: list(rows) for k, rows in groupby(held_values(session, catalog), key=lambda r: r.indicator)}
    out = []
    for ind in config.indicators:
        dated = by_indicator.get(ind.id)
        if not dated:
            continue
        last = dated[-1]
        before = dated[-2] if len(dated) > 1 else None
        change = None
        if before and before.unit == last.unit and before.value:
            change = (last.value - before.value) / abs(before.value)
        out.append({"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en, "unit": last.unit,
                    "period": last.period, "value": json_number(last.value), "quote": last.quote, "url": last.url,
                    "previous_period": before.period if before else None,
                    "previous_value": json_number(before.value) if before else None,
                    "change": round(change, 4) if change is not None else None,
                    "points": [[r.period, json_number(r.value)] for r in dated[-SPARK_POINTS:]]})
    return out


class HomeCache:
    """The home page's summary, rebuilt only when the archive changed (`archive_version`): it reads every
    tracked indicator and the run history, while the archive changes once per crawl."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key, self._data = None, None

    def get(self, config, db) -> dict:
        from storage.queries import archive_version
        with db.session() as s:
            key = archive_version(s)
        with self._lock:
            if key != self._key:
                self._data, self._key = home_data(config, db), key
            data = self._data
        from scheduler.status import next_run_time
        nxt = next_run_time(config)
        return {**data, "next_run": nxt.isoformat(timespec="seconds") if nxt else None}


def home_data(config, db) -> dict:
    from scheduler.status import gather_status
    status = gather_status(config, db, limit=1)
    with db.session() as s:
        tracked = _tracked(config, s)
        newest = list(islice(records.article_records(s, config.tz, limit=HOME_ARTICLES), HOME_ARTICLES))
    run = status["runs"][0] if status["runs"] else None
    return {"indicators": tracked, "articles": newest, "last_run": run, "archive": status["archive"],
            "next_run": status["next_run"]}


def revision_diffs(revisions: list[dict]) -> list[dict]:
    """Each revision after the first, as the lines it removed and added (paragraph by paragraph)."""
    out = []
    for old, new in zip(revisions, revisions[1:]):
        lines = []
        for line in difflib.unified_diff((old["text"] or "").split("\n"), (new["text"] or "").split("\n"),
                                         lineterm="", n=0):
            if line.startswith(("---", "+++", "@@")):
                continue
            if line[1:].strip():
                lines.append({"op": "added" if line[0] == "+" else "removed", "text": line[1:]})
        if old["title"] != new["title"]:
            lines.insert(0, {"op": "title", "text": f"{old['title']} → {new['title']}"})
        out.append({"number": new["number"], "fetched_at": new["fetched_at"], "url": new["url"], "lines": lines})
    return out


def indicator_chart_data(observations: list[dict]) -> dict:
    """Chart.js-ready data: periods on the x axis, every source's every value as a point (two reports of
    one period by one source are two points), the value held as a line with revisions and conflicts marked."""
    periods = [o["period"] or "?" for o in observations]
    series: dict[str, list] = {}
    for label, o in zip(periods, observations):
        for v in o["values"]:
            series.setdefault(v["source"] or "?", []).append(
                {"x": label, "y": v["value"], "quote": v["quote"], "title": v["title"], "tracking": v["tracking"],
                 "published_at": v["published_at"], "article_id": v["article_id"]})
    held = [{"x": label, "y": o["value"], "conflict": o["conflict"], "revised": o["revised"]}
            for label, o in zip(periods, observations)]
    return {"periods": periods, "held": held, "sources": [{"name": k, "points": p} for k, p in series.items()],
            "unit": observations[-1]["unit"] if observations else None}


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def readable_number(value) -> str:
    """1.04e13 → "10.4 trillion", 3176 → "3,176": values as a reader says them (the quote keeps the exact text)."""
    if value is None:
        return "—"
    for size, word in _SCALES:
        if abs(value) >= size:
            return f"{value / size:,.4g} {word}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"
