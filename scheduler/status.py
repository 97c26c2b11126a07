"""`serieswatch status`: recent runs with their failed pages, the next scheduled run, archive totals."""

from __future__ import annotations

from datetime import datetime

from scheduler.views import iso
from storage.queries import archive_totals, run_failures
from storage.runs import RunStore


def next_run_time(config) -> datetime | None:
    from scheduler.triggers import DstSafeCronTrigger
    trigger = DstSafeCronTrigger.from_crontab(config.schedule.cron, config.tz)
    now = datetime.now(config.tz)
    return trigger.get_next_fire_time(None, now)


def gather_status(config, db, *, limit: int = 10) -> dict:
    tz = config.tz
    with db.session() as s:
        runs = []
        for run in RunStore(s).recent(limit):
            stats = run.stats or {}
            runs.append({
                "id": run.id, "kind": run.kind, "status": run.status,
                "started_at": iso(run.started_at, tz), "finished_at": iso(run.finished_at, tz),
                "stages": run.stages or {}, "stats": stats, "error": run.error,
                "articles_new": stats.get("articles_new", 0), "articles_revised": stats.get("articles_revised", 0),
                "pages_failed": stats.get("pages_failed", 0), "figures_new": stats.get("figures_new", 0),
                "failures": [{"url": f.url, "kind": f.kind, "reason": f.reason, "status_code": f.status_code}
                             for f in run_failures(s, run.id)],
            })
        totals = archive_totals(s)
        totals["latest_published_at"] = iso(totals["latest_published_at"])
        extra = _deliveries(s, tz)
        extra["search"] = _search(s, tz)
    nxt = next_run_time(config)
    return {"runs": runs, "next_run": nxt.isoformat(timespec="seconds") if nxt else None,
            "schedule": config.schedule.cron, "timezone": config.timezone, "archive": totals, **extra}


def _deliveries(session, tz) -> dict:
    try:
        from storage.deliveries import DeliveryStore, delivery_totals
    except ImportError:
        return {}
    from notifications.sending import waiting_since
    totals = delivery_totals(session)
    nxt = DeliveryStore(session).next_attempt_at() if totals.get("pending") else None
    waiting = (f"{totals['pending']} digest(s) waiting, next attempt at {waiting_since(nxt, tz)}"
               if nxt is not None else None)
    return {"deliveries": totals, "deliveries_waiting": waiting}


def _search(session, tz) -> list[dict]:
    """Per search source and query: searched up to when, backfill windows, the windows failing now."""
    from storage.search_windows import SearchWindows
    out = []
    for row in SearchWindows(session).summary():
        out.append({**row, "searched_until": iso(row["searched_until"], tz),
                    "failing": [{**f, "start": iso(f["start"], tz), "end": iso(f["end"], tz)} for f in row["failing"]]})
    return out


def _render_search(rows) -> list[str]:
    lines = []
    for r in rows:
        lines.append(f"Search {r['source']} \"{r['keyword']}\": searched up to {r['searched_until'] or '—'}; "
                     f"backfill windows done {r['backfill_done']}, open {r['backfill_open']}"
                     f"{'; FAILING ' + str(len(r['failing'])) + ' window(s)' if r['failing'] else ''}")
        for f in r["failing"][:10]:
            lines.append(f"    failing ({f['mode']}, {f['attempts']} attempt(s)) {f['start']} → {f['end']}: {f['error']}")
    return lines


def render_status(data: dict) -> str:
    lines = [f"Next scheduled run: {data['next_run']} (cron \"{data['schedule']}\", {data['timezone']})"]
    a = data["archive"]
    lines.append(f"Archive: {a['articles']} articles, {a['urls']} URLs, {a['revisions']} revisions, "
                 f"{a['runs']} runs; newest article published {a['latest_published_at'] or '—'}")
    if data.get("deliveries"):
        d = data["deliveries"]
        lines.append("Deliveries: " + ", ".join(f"{k} {v}" for k, v in d.items()))
        if data.get("deliveries_waiting"):
            lines.append(f"  {data['deliveries_waiting']}")
    lines.extend(_render_search(data.get("search") or []))
    lines.append("")
    if not data["runs"]:
        lines.append("No runs yet: try `serieswatch run` (or `serieswatch demo`).")
    for r in data["runs"]:
        lines.append(f"run {r['id']} {r['kind']:<6} {r['status']:<9} {r['started_at']} → {r['finished_at'] or 'running'}"
                     f"  new {r['articles_new']}, revised {r['articles_revised']}, failed pages {r['pages_failed']}, "
                     f"new figures {r['figures_new']}")
        if r["error"]:
            lines.append(f"    {r['error']}")
        for f in r["failures"][:10]:
            lines.append(f"    failed {f['url']} — {f['reason']}")
        if len(r["failures"]) > 10:
            lines.append(f"    … and {len(r['failures']) - 10} more (status --format json lists all)")
    return "\n".join(lines)
