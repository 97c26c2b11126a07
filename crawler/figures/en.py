"""English figures: find the numbers of a sentence and read their magnitude, unit and qualifier.

``10.4 trillion yuan`` ``74.87 billion yuan`` ``$1.46 trillion`` ``CNY 4,984.31 billion``
``21.4%`` ``26.5 percent`` ``9.6 percentage points`` ``1.8 times`` ``more than 130``
``exceeded 10000`` ``nearly 11,000 kilometers`` ``30 micrograms per cubic meter``
``the 4.4-trillion-yuan mark`` ``roughly one-tenth of`` (10 percent).

A number with no unit is a count (``93``, ``more than 4,000 companies``) unless it is a year,
a day of a month, a clock time, an ordinal (14th, No. 1, Line 6, Top 10), a duration
(ten years, 10-year, 5 days), a code or a phone number (call the hotline at … or 12345).
Numbers spelled as words are read only with a magnitude (``two million``); ``three cities`` is
not data.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .candidates import Candidate, propagate_list_units
from .fastpath import may_contain, may_end_with
from .numbers import EN_WORD_NUMBERS, MAGNITUDES_EN, parse_arabic
from .units import EN_CURRENCY_PREFIX, EN_NOT_A_FIGURE_RE, Unit, en_unit_at

NUMBER_EN_RE = re.compile(
    r"(?=\d)(?<![A-Za-z\d.,/:#_])(?P<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    r"|\b(?=[otfsenah])"           # the first letters below: a cheap test at each word
    r"(?:(?P<word>one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|a|half\sa)"
    r"\s(?=(?:hundred\s)?(?:thousand|million|billion|trillion)\b)"
    r"|(?P<wtimes>two|three|four|five|six|seven|eight|nine|ten)(?=\stimes\b)"
    r"|(?P<fnum>one|a|two|three|four)[-\s](?P<fden>half|third|quarter|fifth|tenth)s?(?=\sof\b))",
    re.IGNORECASE,
)
_MAGNITUDE_EN_RE = re.compile(
    r"(?:\s?|-)(?P<mag>thousand|million|billion|trillion|mln|bln|bn|tn|trln)(?![A-Za-z])|(?P<short>[mk])(?![A-Za-z\d])",
    re.IGNORECASE,
)
_APPROX_BEFORE_EN = [
    (re.compile(r"(?:(?:crossed|crossing|passed|topped|broke|breaking|surpassed|exceeded)\sthe|more\sthan|over|exceeded|exceeding|exceeds|exceed|surpassed|surpassing|surpasses|"
                r"topped|topping|tops|above|north\sof|in\sexcess\sof|upwards\sof|beyond|greater\sthan|"
                r"passed|broke|breaking|crossed)\s$", re.I), "more_than"),
    (re.compile(r"(?:nearly|almost|close\sto|approaching|nigh\son|just\sunder|just\sshy\sof|"
                r"just\sbelow|shy\sof)\s$", re.I), "nearly"),
    (re.compile(r"(?:about|around|approximately|approx\.?|roughly|some|an\sestimated|estimated|circa)\s$", re.I),
     "about"),
    (re.compile(r"(?:at\sleast|no\sless\sthan|not\sless\sthan|no\sfewer\sthan|a\sminimum\sof)\s$", re.I),
     "at_least"),
    (re.compile(r"(?:less\sthan|fewer\sthan|under|below|up\sto|no\smore\sthan|not\smore\sthan|"
                r"a\smaximum\sof)\s$", re.I), "less_than"),
]
_APPROX_AFTER_EN_RE = re.compile(r"\s(?:or\sso|or\smore|and\sabove|plus|or\sabove)(?![A-Za-z])", re.I)
_CURRENCY_BEFORE_RE = re.compile(r"(?:US\$|HK\$|\$|¥|€|£|\b(?:RMB|CNY|USD|EUR|HKD))\s?$")
_CURRENCY_LAST = frozenset("$¥€£BYDR")     # how its symbols end: a cheap test before it
# (Only whether it matches is used: the \b is written once, so that the re engine tries the
# words only at a word's start.)
_BAD_BEFORE_EN_RE = re.compile(
    r"(?:\b(?:No\.?|Nos\.?|number|Line|Phase|Article|Chapter|Section|Level|Grade|Class|"
    r"Route|Terminal|Gate|Exit|Runway|Room|Page|page|[Tt]op|Fortune(?:\sGlobal)?|"
    r"Group|Highway|Expressway|Platform|Block|Building|Version|Edition|Series|Part|"
    r"Step|Type|Model|Table|Figure|Fig\.|Item|Paragraph|the\sfirst|the)|[A-Za-z]-|"
    r"\d-|\d\s?-\s?|[(]|\+)\s?$"
)
# The last characters of its phrases: the text before a number, its trailing space stripped,
# must end with one of them for _BAD_BEFORE_EN_RE to match.
_BAD_BEFORE_LAST = frozenset("o.srenltympgkh-(+")
_BAD_AFTER_EN_RE = re.compile(r"[:/]\d|-\d|\)|[A-Za-z]|\+|'s\b|°")
LIST_SEPARATOR_EN_RE = re.compile(r"(?:\s?,\s?|,?\s(?:and|or|to|and\sto|through)\s|\s?[-–—]\s?)")
_LAST_SEPARATOR_EN_RE = re.compile(r"(?:,?\s(?:and|or|to|and\sto|through)\s|\s?[-–—]\s?)")
_INDEX_CONTEXT_EN_RE = re.compile(r"\bindex\b|\bindices\b|\bscore\b|\bPMI\b|\bpoints?\b", re.I)
_MONTH_BEFORE_RE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s$")
_MONTH_AFTER_RE = re.compile(
    r"\s(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")


# How the phrases of _APPROX_BEFORE_EN end (each is followed by a space and the end): a window
# that does not end so cannot match any of them.
_APPROX_TAILS = (
    "the", "than", "over", "exceeded", "exceeding", "exceeds", "exceed", "surpassed", "surpassing",
    "surpasses", "topped", "topping", "tops", "above", "of", "beyond", "passed", "broke", "breaking",
    "crossed", "nearly", "almost", "to", "approaching", "on", "under", "below", "about", "around",
    "approximately", "approx", "approx.", "roughly", "some", "estimated", "circa", "least",
)


def _approx_before(text: str, pos: int) -> tuple[str | None, int]:
    window = text[max(0, pos - 22):pos]
    if not may_end_with(window, _APPROX_TAILS):
        return None, pos
    for rx, label in _APPROX_BEFORE_EN:
        m = rx.search(window)
        if m:
            return label, pos - (len(window) - m.start())
    return None, pos


def scan_en(text: str, start: int, end: int, skip: list[tuple[int, int]]) -> list[Candidate]:
    """Numbers of ``text[start:end]`` that are figures, with units read; lists filled in."""
    out: list[Candidate] = []
    pos = start
    while True:
        m = NUMBER_EN_RE.search(text, pos, end)
        if not m:
            break
        pos = m.end()
        s = m.start()
        if any(a <= s < b for a, b in skip):
            continue
        c = _read(text, m, start, end)
        if c is not None:
            out.append(c)
            pos = max(pos, c.end)
    if len(out) > 1:
        propagate_list_units(out, text, LIST_SEPARATOR_EN_RE, _LAST_SEPARATOR_EN_RE)
    _elided_to_units(text, out)
    kept = []
    for c in out:
        if c.unit is None:
            clause_start = max(text.rfind(p, start, c.num_start) for p in ",;:")
            ctx = text[max(start, clause_start + 1):c.num_start]
            prev = kept[-1] if kept else None
            if (prev is not None and prev.unit is not None and prev.unit.unit == "index"
                    and _TO_RE.search(text, max(0, c.start - 3), c.start)
                    and _FROM_RE.search(text, max(0, prev.start - 5), prev.start)):
                c.unit = prev.unit      # "rose from 100 in 2013, the base year, to 216.6 in 2018"
            elif _INDEX_CONTEXT_EN_RE.search(ctx) and c.factor == 1:
                c.unit = Unit("index", kind="index")
            elif c.number != c.number.to_integral_value() and c.factor == 1:
                continue      # a bare decimal with no unit: a score or a code, not a count
            else:
                c.unit = Unit("count")
        kept.append(c)
    return kept


_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# A number read out as a phone number: "call the hotline at 010-65363661 or 12345".
_PHONE_BEFORE_RE = re.compile(
    r"\b(?:hotlines?|(?:tele)?phones?|tel\.?|fax|dial|call)(?:\snumbers?|\slines?)?(?:\s(?:at|on|is|are|was))?:?\s"
    r"(?:[\d()+-]+(?:,?\s(?:or|and)\s|,\s|/\s?))*$", re.I)
_PHONE_WORDS = ("hotline", "phone", "tel", "fax", "dial", "call")


def _phone_before(text: str, lo: int, s: int) -> bool:
    return may_contain(text[lo:s], _PHONE_WORDS) and _PHONE_BEFORE_RE.search(text, lo, s) is not None


_PHONE_AFTER_RE = re.compile(r"\s(?:(?:service|government|citizen|public)\s)?(?:hotlines?|(?:tele)?phone\slines?)\b", re.I)


def _read(text: str, m: re.Match, start: int, end: int) -> Candidate | None:
    s = m.start()
    if m.group("fden"):          # one-tenth of, a third of: a share, as 十分之一 is
        num = 1 if m.group("fnum").lower() in ("one", "a") else EN_WORD_NUMBERS[m.group("fnum").lower()]
        den = _FRACTIONS[m.group("fden").lower()]
        if num >= den:
            return None
        d = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01")).normalize()
        approx, qstart = _approx_before(text, s)
        return Candidate(qstart, m.end(), s, m.end(), d, 1, Unit("percent", kind="share"), approx)
    if m.group("wtimes"):
        d = Decimal(EN_WORD_NUMBERS[m.group("wtimes").lower()])
        approx, qstart = _approx_before(text, s)
        um = en_unit_at(text, m.end() + 1)
        return Candidate(qstart, um[1], s, m.end(), d, 1, um[0], approx)
    if m.group("word"):
        w = m.group("word").lower().replace(" ", "")
        d = Decimal(str(EN_WORD_NUMBERS.get("half" if w == "halfa" else w, 0)))
        if not d:
            return None
        p = m.end() - 1
        raw = m.group("word")
    else:
        raw = m.group("ar")
        d = parse_arabic(raw)
        if d is None:
            return None
        p = m.end()
    unit = None
    cm = (_CURRENCY_BEFORE_RE.search(text, max(start, s - 5), s)
          if text[max(start, s - 5):s].rstrip()[-1:] in _CURRENCY_LAST else None)
    qpos = s
    if cm:
        unit = Unit(EN_CURRENCY_PREFIX[cm.group().strip()])
        qpos = cm.start()
    elif (text[max(start, s - 20):s].rstrip()[-1:] in _BAD_BEFORE_LAST
          and _BAD_BEFORE_EN_RE.search(text, max(start, s - 20), s) and not _approx_before(text, s)[0]):
        if not re.search(r"\bthe\s$", text[max(start, s - 5):s]):
            return None
    approx, qstart = _approx_before(text, qpos)
    factor = 1
    mm = _MAGNITUDE_EN_RE.match(text, p, end)
    if mm and (mm.group("mag") or unit is not None):
        factor = MAGNITUDES_EN[(mm.group("mag") or mm.group("short")).lower()]
        p = mm.end()
    elif m.group("word"):
        return None
    if factor == 1 and text.startswith("-", p) and re.match(r"-(?:yuan|dollar|tonne|ton)\b", text[p:p + 8], re.I):
        return None               # a "100-yuan note", a "500-ton ship": an attribute, not a measurement
    if text.startswith("- ", p):
        return None               # "1- to 1.5-hour": a suspended hyphen before a duration
    if factor == 1 and unit is None:
        if _phone_before(text, max(start, s - 48), s) or _PHONE_AFTER_RE.match(text, p, end):
            return None
        if EN_NOT_A_FIGURE_RE.match(text, p, end):
            return None
        if _MONTH_BEFORE_RE.search(text, max(start, s - 11), s) or _MONTH_AFTER_RE.match(text, p, end):
            return None           # April 23 / 23 April
        if "," not in raw and "." not in raw and 1900 <= d <= 2100 and not approx:
            um = en_unit_at(text, p + 1) if p < end and text[p] == " " else en_unit_at(text, p)
            if um is None:
                return None       # a year
    if _BAD_AFTER_EN_RE.match(text, p, end) and not en_unit_at(text, p) and factor == 1:
        if not (text[p:p + 1] == ")" and unit is not None):
            if text[p:p + 1] != ")" or text[max(start, qstart - 1):qstart] == "(":
                return None
    c = Candidate(qstart, p, s, p, d, factor, unit, approx)
    q = p + 1 if text[p:p + 1] in (" ", "-") else p
    um = en_unit_at(text, q) if q < end else None
    if um and (um[0].unit != "index" or unit is None):
        if unit is None or um[0].unit == unit.unit:
            c.unit = um[0]
            c.end = um[1]
        elif unit is not None and um[0].unit in ("CNY", "USD") and unit.unit in ("CNY", "USD"):
            pass
        else:
            c.unit = unit if unit else um[0]
    am = _APPROX_AFTER_EN_RE.match(text, c.end, end)
    if am:
        c.approx = c.approx or ("about" if "so" in am.group() else "at_least")
        c.end = am.end()
    return c


_FROM_RE = re.compile(r"\bfrom\s$", re.I)
_TO_RE = re.compile(r"\bto\s$", re.I)
_WORD_RE = re.compile(r"\s([A-Za-z]+)")


def _elided_to_units(text: str, cands: list[Candidate]) -> None:
    """``from 106 micrograms per cubic meter in 2013 to 38 micrograms in 2023``: the "to" end
    of a from-to pair written without its full unit takes the "from" end's unit (and magnitude)."""
    opened = None
    for c in cands:
        if _FROM_RE.search(text, max(0, c.start - 5), c.start):
            opened = c if c.unit is not None else None
        elif opened is not None and c.unit is None and _TO_RE.search(text, max(0, c.start - 3), c.start):
            c.unit = opened.unit
            if c.factor == 1:
                c.factor = opened.factor
            w = _WORD_RE.match(text, c.end)
            if w and text[opened.num_end:opened.end].strip().lower().startswith(w.group(1).lower()):
                c.end = w.end()
            opened = None
