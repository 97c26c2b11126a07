"""Cheap necessary tests run before the English regexes (en.py, context.py): plain string
operations that tell, for most text, that a pattern cannot match there, so it is not searched.

Each test may answer "maybe" when unsure; it never answers "no" where the pattern matches, so
the figures found are exactly those the regexes alone would find.  The patterns are compiled
with re.IGNORECASE, which also equates the non-ASCII ſ with s, ı and İ with i and the Kelvin sign
with k: text containing the first three is folded not at all (every test answers "maybe").
"""

from __future__ import annotations

_NOT_FOLDABLE = ("ſ", "ı", "İ")


def folded(text: str) -> str | None:
    """*text* lower-cased, when that is how re.IGNORECASE compares it with ASCII words; else None."""
    if not text.isascii() and any(ch in text for ch in _NOT_FOLDABLE):
        return None
    return text.lower()


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """Whether a pattern that needs one of *words* (lower-case ASCII, any case in the text) can match."""
    low = folded(text)
    return low is None or any(w in low for w in words)


def may_end_with(window: str, tails: tuple[str, ...]) -> bool:
    """Whether *window* can match ``(?:…tail)\\s$`` (re.I) for one of *tails* (lower-case ASCII)."""
    if window[-1:].isspace():
        low = folded(window[:-1])
        if low is None or low.endswith(tails):
            return True
    if window[-1:] == "\n" and window[-2:-1].isspace():      # $ also matches before a final newline
        low = folded(window[:-2])
        return low is None or low.endswith(tails)
    return False
