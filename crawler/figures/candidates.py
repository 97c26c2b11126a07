"""The intermediate form of a figure while a sentence is read: a number, what follows it, and
the list it belongs to.  Shared by zh.py and en.py; turned into :class:`Figure` by extract.py."""

from __future__ import annotations

from decimal import Decimal

from .units import Unit


class Candidate:
    """One number found in a sentence, before its unit is settled."""

    __slots__ = ("start", "end", "num_start", "num_end", "number", "factor", "unit", "approx",
                 "partial", "kind", "period", "attached", "subject", "region", "listed")

    def __init__(self, start: int, end: int, num_start: int, num_end: int, number: Decimal,
                 factor: int = 1, unit: Unit | None = None, approx: str | None = None):
        self.start = start            # quote start (the qualifier when there is one)
        self.end = end                # quote end (after the unit and a trailing 左右/以上)
        self.num_start = num_start
        self.num_end = num_end        # end of the number and its magnitude (where a unit would start)
        self.number = number          # as written, before magnitude
        self.factor = factor          # magnitude (万 → 10 000)
        self.unit = unit              # None: a bare number, kept only if a list gives it a unit
        self.approx = approx
        self.partial = None           # a counter that may be the head of a longer unit (2.1个、… 个百分点)
        self.kind = None
        self.period = None
        self.attached = None          # the period mention bound to this figure alone
        self.subject = None
        self.region = None
        self.listed = False           # its region came from a 分别 / respectively list

    def __repr__(self) -> str:
        return f"Candidate({self.number}×{self.factor} {self.unit and self.unit.unit} @{self.start}:{self.end})"


def propagate_list_units(cands: list[Candidate], text: str, separator_re, last_separator_re=None) -> None:
    """Give the items of a list the unit written after its last item.

    ``分别为47、55和55微克/立方米`` / ``分别提高2.1个、4.3个和5.6个百分点`` / ``3至5倍`` /
    ``grew by 5.2, 5.1 and 5.4 percent``: an item with no unit (or only the counter 个 of
    个百分点) takes the last item's unit, and its magnitude when it has none of its own.
    *last_separator_re*, when given, is what must join the last item to the list (English:
    "and"/"or"/"to"/a dash, so that "reached 28,700, almost 20 times …" is no list).
    """
    n = len(cands)
    i = n - 1
    while i > 0:
        last = cands[i]
        j = i
        while j > 0 and separator_re.fullmatch(text, cands[j - 1].end, cands[j].start):
            if j == i and last_separator_re is not None and not last_separator_re.fullmatch(
                    text, cands[j - 1].end, cands[j].start):
                break
            j -= 1
        if j < i and last.unit is not None:
            for c in cands[j:i]:
                if c.unit is None:
                    c.unit = last.unit
                    if c.factor == 1:
                        c.factor = last.factor
                    c.kind = None
                elif c.partial and last.unit.unit != "count" and c.partial == "个":
                    c.unit = last.unit
        i = j - 1 if j < i else i - 1
