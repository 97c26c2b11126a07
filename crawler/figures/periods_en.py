"""English time expressions: last year, in 2023, by the end of last year, in the first quarter,
in the first half of 2024, from 2013 to 2023, since 2014, during the 14th Five-Year Plan period …
found in a sentence and resolved (see periods.py)."""

from __future__ import annotations

import re
from datetime import date

from .periods import FIVE_YEAR_PLANS, PeriodMention, relative_year, resolve

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_YEAR = r"(?:19|20)\d\d(?![\d,.]\d)"
_REL = r"last\syear|this\syear|the\sprevious\syear|a\syear\searlier|a\syear\sago|the\syear\sbefore|next\syear|the\ssame\syear"
_OF_YEAR = r"(?:\s(?:of\s)?(?:(?P<{0}_rel>" + _REL + r"|the\syear)|(?P<{0}_y>" + _YEAR + r")))?"

# The alternatives of PERIOD_EN_RE, each after the characters it can begin with (in any case):
# a cheap test that spares the re engine the alternatives that cannot match where it is.
_PERIOD_ALTERNATIVES = [
    ("fb12", r"(?:from\s|between\s)?(?<![\d,.])(?P<sy1>" + _YEAR + r")\s?(?:to|and|through|till|until|-|–|—)\s?(?P<sy2>" + _YEAR + r")(?![\d])"),
    ("t1", r"(?:the\s)?(?P<plan>1[2-5]th)\sFive-Year\sPlan(?:\speriod)?(?:\s\((?:19|20)\d\d\s?[-–]\s?(?:19|20)\d\d\))?"),
    ("abtue", r"(?P<pre>by\s|at\s|as\sof\s|as\sat\s|until\s|till\s|to\s|toward\s|towards\s)?(?:the\s)?end\sof\s"
     r"(?:(?P<ye_rel>" + _REL + r"|the\syear)|(?P<ye_y>" + _YEAR + r")|(?P<em>" + _MONTH + r")(?:\s(?P<em_y>" + _YEAR + r"))?)"),
    ("ey", r"(?P<yearend>end-|year-end\s)(?P<yearend_y>" + _YEAR + r")?"),
    ("fst1234", r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\squarter" + _OF_YEAR.format("q")),
    ("tf", r"(?:the\s)?first\s(?P<qq>two|three)\squarters" + _OF_YEAR.format("qq")),
    ("fs", r"(?P<h>first|second)\shalf" + _OF_YEAR.format("h")),
    ("qh", r"\b(?P<qn>Q[1-4]|H[12])(?:\s(?P<qn_y>" + _YEAR + r"))?\b"),
    ("fjmasond", r"(?:from\s)?(?P<m1>" + _MONTH + r")\s?(?:to|through|-|–)\s?(?P<m2>" + _MONTH + r")(?:\s(?:of\s)?(?P<m_y>" + _YEAR + r"))?"),
    ("jfmasond", r"(?P<dm>" + _MONTH + r")\s(?P<dd>[1-3]?\d)(?:st|nd|rd|th)?(?:,?\s(?P<dm_y>" + _YEAR + r"))?(?![\d])"),
    ("jfmasond", r"(?P<mo>" + _MONTH + r")(?:\s(?:of\s)?(?P<mo_y>" + _YEAR + r"|" + _REL + r"))?(?![\w])"),
    ("s", r"(?P<since>since\s)(?P<since_y>" + _YEAR + r")"),
    ("wfe", r"\b(?P<full>(?:whole|full|entire)[\s-]year)(?:\sof\s(?P<full_y>" + _YEAR + r"))?"),
    ("ltan", r"(?P<rel>" + _REL + r")"),
    ("iofbdtuasyelm12\"“(,", r"(?P<yctx>\b(?:in|of|for|by|during|through|until|till|to|than|from|over|and|since|year|early|late|mid|mid-)\s|^|[\"“(]|,\s)"
     r"(?P<y>" + _YEAR + r")(?P<y_tail>(?:'s|\s(?:levels?|figures?|values?))?)"),
]
PERIOD_EN_RE = re.compile("|".join(f"(?=[{first}]){alt}" for first, alt in _PERIOD_ALTERNATIVES), re.IGNORECASE)

# Where a time expression can be: the big pattern is only searched in a window around these.
# (The (?=…) are cheap tests of the first character before the alternatives.)
_TRIGGER_EN_RE = re.compile(
    r"(?=\d)(?:(?<![\d,.])(?:19|20)\d\d(?!\d|,\d)|\d+(?:th|st|nd|rd)\b)"
    r"|\b(?=[ejmfasondyqh])(?:end|year|quarters?|half|Q[1-4]|H[12]|since|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b",
    re.IGNORECASE,
)
_FOLDS = {"i": "ıİ", "k": "\u212a", "s": "ſ"}    # the non-ASCII letters re.IGNORECASE equates with these


def _fold(ch: str) -> str:
    """*ch* in every case re.IGNORECASE matches it in."""
    return "".join(dict.fromkeys(ch.lower() + ch.upper() + _FOLDS.get(ch.lower(), "")))


_BACK, _AHEAD = 24, 96


def _starts_re() -> re.Pattern:
    """Where a match of PERIOD_EN_RE can begin: its first two characters, in any case (with the
    other characters re.IGNORECASE equates with i, k and s), or a quote, bracket or comma before
    a year.  Case-sensitive and each branch a literal, so the re engine scans for the first
    character fast; PERIOD_EN_RE is then tried only there."""
    pairs = ("fr be 19 20 th 12 13 14 15 by at as un ti to en ye fi se fo 1s 2n 3r 4t q1 q2 q3 q4 h1 h2 "
             "ja fe ma ap ju au oc no de si wh fu la ne in of du ov an ea mi").split()
    seconds: dict[str, str] = {"a": "\\s"}
    for p in pairs:
        seconds[p[0]] = seconds.get(p[0], "") + _fold(p[1])
    branches = [re.escape(v) + "(?=[" + second + "])" for first, second in seconds.items() for v in _fold(first)]
    return re.compile("|".join(branches + ['"', "“", r"\(", ","]))


_STARTS_EN_RE = _starts_re()
_BASELINE_BEFORE_RE = re.compile(
    r"\b(?:than(?:\sin|\sthat\sof|\sthose\sof|\s(?:that|those)(?:\s(?:at|in))?)?|from|over|compared\s(?:with|to)|against|versus|vs\.?|relative\sto|"
    r"(?:that|those|levels?)\sof|since|on|to\sthe)\s(?:the\s)?$",
    re.IGNORECASE,
)
_CHANGE_BEFORE_RE = re.compile(
    r"percent|%|times|\bup\b|\bdown\b|rose|fell|increased?|decreased?|grew|dropped|declined|higher|lower", re.I)
_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
      "two": 2, "three": 3}


def _year(g, prefix: str, anchor: date | None) -> int | None:
    y = g(prefix + "_y")
    if y:
        return int(y)
    rel = g(prefix + "_rel") if prefix + "_rel" in PERIOD_EN_RE.groupindex else None
    if rel:
        rel = " ".join(rel.lower().split())
        return relative_year("this year" if rel == "the year" else rel, anchor)
    return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_periods_en(text: str, anchor: date | None, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Every time expression in ``text[start:end]``, resolved, in text order."""
    out: list[PeriodMention] = []
    end = len(text) if end is None else end
    last_end = start
    for t in _TRIGGER_EN_RE.finditer(text, start, end):
        if t.end() <= last_end:
            continue
        # The first non-empty match of PERIOD_EN_RE beginning in [lo, t.end()), as a search
        # from lo would find it, trying only the places where one can begin.
        lo, hi = max(last_end, t.start() - _BACK), min(end, t.end() + _AHEAD)
        m = None
        for at in _STARTS_EN_RE.finditer(text, lo, min(end, t.end() + 1)):
            if at.start() >= t.end():
                break
            m = PERIOD_EN_RE.match(text, at.start(), hi)
            if m is not None and m.end() > m.start():
                break
            m = None
        if m is None:
            continue
        last_end = m.end()
        g = m.group
        s = m.start()
        role = "topic"
        if g("sy1"):
            value = resolve("span", anchor, None, int(g("sy1")), int(g("sy2")))
        elif g("plan"):
            value = "{}/{}".format(*FIVE_YEAR_PLANS[g("plan").lower()])
        elif g("ye_rel") or g("ye_y") or g("em"):
            if g("em"):
                value = resolve("end_month", anchor, int(g("em_y")) if g("em_y") else None, _month(g("em")))
            else:
                value = resolve("end_year", anchor, _year(g, "ye", anchor))
        elif g("yearend"):
            y = int(g("yearend_y")) if g("yearend_y") else None
            if y is None:
                continue
            value = str(y)
        elif g("q"):
            value = resolve("quarter", anchor, _year(g, "q", anchor), _Q[g("q").lower()])
        elif g("qq"):
            value = resolve("quarters_to", anchor, _year(g, "qq", anchor), _Q[g("qq").lower()])
        elif g("h"):
            value = resolve("half", anchor, _year(g, "h", anchor), _Q[g("h").lower()])
        elif g("qn"):
            y = int(g("qn_y")) if g("qn_y") else None
            n = int(g("qn")[1])
            value = resolve("quarter" if g("qn")[0] in "Qq" else "half", anchor, y, n)
        elif g("m1"):
            m1, m2 = _month(g("m1")), _month(g("m2"))
            if m1 >= m2:
                continue
            value = resolve("months", anchor, int(g("m_y")) if g("m_y") else None, m1, m2)
        elif g("dm"):
            value = resolve("day", anchor, int(g("dm_y")) if g("dm_y") else None, _month(g("dm")), int(g("dd")))
            role = "topic" if re.search(r"(?:as\sof|by|until|till|as\sat)\s$", text[max(0, s - 8):s], re.I) else "date"
        elif g("mo"):
            if g("mo") == "May" and not g("mo_y") or g("mo").lower() in ("may", "mar", "jan", "dec") and g("mo")[0].islower():
                continue    # "may" the verb; lower-case abbreviations are words
            y = g("mo_y")
            if y and not y[0].isdigit():
                y = relative_year(" ".join(y.lower().split()), anchor)
            value = resolve("month", anchor, int(y) if y else None, _month(g("mo")))
        elif g("since"):
            value = resolve("since", anchor, None, int(g("since_y")))
            if not _clause_initial(text, s) and _CHANGE_BEFORE_RE.search(text[max(0, s - 40):s]):
                role = "baseline"     # up 30 percent since 2013
        elif g("full"):
            y = int(g("full_y")) if g("full_y") else None     # as 全年: else the last year begun
            value = resolve("months", anchor, y, 1, 12)
        elif g("rel"):
            rel = " ".join(g("rel").lower().split())
            value = str(relative_year(rel, anchor)) if anchor else None
            if rel in ("the previous year", "a year earlier", "a year ago", "the year before"):
                role = "baseline"
        elif g("y"):
            s = m.start("y")
            ctx = (g("yctx") or "").strip().lower()
            value = g("y")
            if ctx in ("than", "from", "over", "since") and not _clause_initial(text, m.start()):
                role = "baseline"
            if g("y_tail") and g("y_tail") != "'s":
                role = "baseline"
        else:
            continue
        if role == "topic" and _BASELINE_BEFORE_RE.search(text[max(0, s - 24):s]):
            role = "baseline"
        elif role == "topic" and _EVENT_BEFORE_RE.search(text[max(0, s - 40):s]):
            role = "date"     # "the center, which opened in 2015, has attracted 236 enterprises": when it opened
        out.append(PeriodMention(s, m.end(), value, role))
    return out


_EVENT_BEFORE_RE = re.compile(
    r"\b(?:opened|launched|founded|established|set\s+up|inaugurated|unveiled|started|began|kicked\s+off|"
    r"created|formed|announced|released|published|signed|approved|put\s+into\s+(?:operation|service)|"
    r"since\s+(?:its|their|the)\s+\w+)\s+(?:in\s+)?(?:early\s+|late\s+|mid-)?$", re.I)


def _clause_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos].strip()
    return not before or before[-1] in ",;:.\"“(\n"


YEARS_EARLIER = re.compile(r"\s(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\syears?\s(?:earlier|before)\b",
                            re.I)
_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
_DATED = re.compile(r"^(\d{4})((?:-[HQ]?\d{1,2}){0,2})$")


def years_earlier(text: str, cands) -> None:
    """A number followed by "a year earlier" / "three years earlier" is of that many years before
    the period it was given ("grew 5.2 percent in 2023, up from 0.7 percent a year earlier": 2022;
    "…in the first half, up from … a year earlier": the first half of the year before)."""
    for c in cands:
        m = YEARS_EARLIER.match(text, c.end)
        if not m or not c.period:
            continue
        dated = _DATED.match(c.period)
        if dated:
            n = m.group(1).lower()
            c.period = f"{int(dated.group(1)) - (_COUNT_WORDS.get(n) or int(n))}{dated.group(2)}"
