"""Numbers for people: normalised values (7.487e10 CNY) back into 748.7亿元 / 74.87 billion yuan."""

from __future__ import annotations

CURRENCY = {"CNY": ("元", "yuan"), "USD": ("美元", "U.S. dollars"), "EUR": ("欧元", "euros")}
UNIT_WORDS = {"percent": ("%", "%"), "percentage_point": ("个百分点", " percentage points"),
              "times": ("倍", " times"), "km": ("公里", " km"), "km2": ("平方公里", " km²"), "t": ("吨", " tonnes"),
              "kWh": ("千瓦时", " kWh"), "index": ("", "")}
ZH_STEPS = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
EN_STEPS = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))


def plain(x: float, digits: int = 4) -> str:
    """3176.0 → 3176, 748.7000001 → 748.7, with grouping for big plain numbers."""
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return text


def _scaled(value: float, steps) -> tuple[str, str]:
    for size, word in steps:
        if abs(value) >= size:
            return plain(value / size), word
    return plain(value), ""


def format_value(value: float | None, unit: str | None, lang: str = "zh", *, measure_word: str | None = None,
                 signed: bool = False) -> str:
    """A value in its unit as a reader of `lang` writes it."""
    if value is None:
        return "—"
    zh = lang == "zh"
    sign = "+" if signed and value > 0 else ""
    if unit in CURRENCY or (unit and len(unit) == 3 and unit.isupper()):
        number, word = _scaled(value, ZH_STEPS if zh else EN_STEPS)
        name = CURRENCY.get(unit, (unit, unit))[0 if zh else 1]
        return f"{sign}{number}{word}{name}" if zh else f"{sign}{number}{word} {name}"
    if unit == "count":
        number, word = _scaled(value, ZH_STEPS if zh else EN_STEPS)
        return f"{sign}{number}{word}{(measure_word or '') if zh else ''}"
    if unit in UNIT_WORDS:
        return f"{sign}{plain(value)}{UNIT_WORDS[unit][0 if zh else 1]}"
    return f"{sign}{plain(value)} {unit or ''}".rstrip()


def change_text(value: float, previous: float | None, unit: str | None, lang: str = "zh", *,
                measure_word: str | None = None) -> str | None:
    """The change from `previous` to `value`: percent units in points, levels with the relative change."""
    if previous is None:
        return None
    delta = value - previous
    if unit == "percent":
        return format_value(delta, "percentage_point", lang, signed=True)
    text = format_value(delta, unit, lang, measure_word=measure_word, signed=True)
    if previous and unit not in ("percentage_point", "index"):
        text += f" ({'+' if delta > 0 else ''}{plain(delta / abs(previous) * 100, 1)}%)"
    return text
