"""Publication dates as the site writes them, read as Beijing time (the pages carry no zone).

Chinese ``2024年04月23日09:38``, numeric ``2019-12-10 07:57:40``, English datelines
``13:10, February 27, 2024``, and ISO 8601 values from meta tags. Results are timezone-aware
in Asia/Shanghai (+08:00).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["BEIJING", "find_datetime", "parse_iso"]

BEIJING = ZoneInfo("Asia/Shanghai")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH_WORD = r"(?P<month_name>[A-Za-z]{3,9})\.?"

_CHINESE = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"(?:\s*(?P<hour>\d{1,2})\s*[:：]\s*(?P<minute>\d{2})(?:\s*[:：]\s*(?P<second>\d{2}))?)?"
)
_NUMERIC = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
    r"(?:[ T\u3000]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
# "13:10, February 27, 2024" (en.people.cn dateline) and "February 27, 2024 13:10".
_ENGLISH_TIME_FIRST = re.compile(
    r"(?<!\d)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?,?\s+" + _MONTH_WORD
    + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
)
_ENGLISH_DATE_FIRST = re.compile(
    _MONTH_WORD + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_PATTERNS = (_CHINESE, _NUMERIC, _ENGLISH_TIME_FIRST, _ENGLISH_DATE_FIRST)


def _from_match(match: re.Match) -> datetime | None:
    groups = match.groupdict()
    if groups.get("month_name"):
        month = _MONTHS.get(groups["month_name"].lower())
    else:
        month = int(groups["month"])
    if not month:
        return None
    try:
        year, day = int(groups["year"]), int(groups["day"])
        if not 1990 <= year <= 2100:
            return None
        hour = int(groups["hour"]) if groups.get("hour") else 0
        minute = int(groups["minute"]) if groups.get("minute") else 0
        second = int(groups["second"]) if groups.get("second") else 0
        return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)
    except (TypeError, ValueError):
        return None


def find_datetime(text: str | None, *, require_time: bool = False) -> datetime | None:
    """The earliest date (with time when written) in ``text``; None when there is none.

    With ``require_time`` only dates that come with a time of day count.
    """
    if not text:
        return None
    best: tuple[int, datetime] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if require_time and not match.group("hour"):
                continue
            value = _from_match(match)
            if value is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), value)
                break
    return best[1] if best else None


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 / meta-tag date ("2024-04-23", "2024-04-23T09:38:00+08:00") in Beijing time."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return find_datetime(value)
    if not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=BEIJING)
    return parsed.astimezone(BEIJING)
