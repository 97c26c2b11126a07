"""What 本市 / 本省 (全市, 全省, "the city") stand for in an article: the place it means.

全省 in this coverage is Hebei's; 全市 / "the city" is the municipality the article last named, or
before it names one, the city the publishing channel covers (人民网-天津频道, tj.people.com.cn).
"""

from __future__ import annotations

from .attribution import canonical_region

_LOCAL = {"本市": ("北京", "天津"), "本省": ("河北",)}
_HOMES = (("北京", ("北京", "bj.people", "beijing")), ("天津", ("天津", "tj.people", "tianjin")),
          ("河北", ("河北", "he.people", "hebei")))


def home_of(url: str | None, outlet: str | None = None) -> str | None:
    """The place a page's channel covers, from its outlet (人民网-天津频道, 河北日报) or its address
    (tj.people.com.cn); None for national channels."""
    for text in (outlet or "", (url or "").lower()):
        for place, cues in _HOMES:
            if any(cue in text for cue in cues):
                return place
    return None


def local_places(home: str | None) -> dict[str, str]:
    """The meaning of 本市 / 本省 at the start of an article from a channel covering *home*."""
    local = {"本省": "河北"}
    if home in _LOCAL["本市"]:
        local["本市"] = home
    return local


def remember_places(named: list[tuple[int, str]], local: dict) -> None:
    """全市 / the city is the municipality the article last named (北京 or 天津); 全省 is 河北."""
    for _, r in named:
        r = canonical_region(r)
        for key, places in _LOCAL.items():
            if r in places:
                local[key] = r
