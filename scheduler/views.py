"""The JSON shapes of CONTRACT.md, built from archive rows and parsed articles."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

SITE_TZ = ZoneInfo("Asia/Shanghai")     # the site's pages are in Beijing time


def iso(dt: datetime | None, tz=SITE_TZ) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(tz).isoformat(timespec="seconds")


def article_json(a, tz=SITE_TZ) -> dict:
    aliases = [u.url for u in a.urls if u.url != a.url]
    return {
        "id": a.id, "url": a.url, "aliases": aliases, "source": a.source.name if a.source else None,
        "title": a.title, "kicker": a.kicker, "subtitle": a.subtitle,
        "series": {"name": a.series_name, "part": a.series_part} if (a.series_name or a.series_part) else None,
        "published_at": iso(a.published_at), "outlet": a.outlet, "authors": list(a.authors or []),
        "editors": list(a.editors or []), "language": a.language,
        "first_seen_at": iso(a.first_seen_at, tz), "updated_at": iso(a.updated_at, tz),
        "revision_count": a.revision_count,
    }


def revision_json(r, tz=SITE_TZ) -> dict:
    return {"number": r.number, "url": r.url, "fetched_at": iso(r.fetched_at, tz), "title": r.title,
            "text_hash": r.text_hash, "text": r.text}


def parsed_json(p) -> dict:
    """An article object for `extract`: the same shape, fields it cannot know are null."""
    series = getattr(p, "series", None)
    return {
        "id": None, "url": p.url, "aliases": [], "source": None, "title": p.title, "kicker": p.kicker,
        "subtitle": p.subtitle, "series": {"name": series.name, "part": series.part} if series else None,
        "published_at": p.published_at.isoformat(timespec="seconds") if p.published_at else None,
        "outlet": p.outlet, "authors": list(p.authors), "editors": list(p.editors), "language": p.language,
        "first_seen_at": None, "updated_at": None, "revision_count": None,
    }
