"""Which place a number is about when the words right around it do not say it alone: a list of
places naming their whole (在天津、河北设立…: 津冀), a place right before its number even after 与/比
(与北京的99995元…相比), and the place an English "Its …" sentence refers back to."""

from __future__ import annotations

import re

from .context import regions_in

# 与北京的99995元、天津的105231元相比: the place right before its number is the number's own
GOVERNS_ZH = re.compile(r"(?:北京|天津|河北|津冀|京津冀)[市省]?的?")

_JOINT = {frozenset(("天津", "河北")): "津冀", frozenset(("北京", "天津", "河北")): "京津冀",
          frozenset(("Tianjin", "Hebei")): "Tianjin-Hebei", frozenset(("Beijing", "Tianjin", "Hebei")): "Beijing-Tianjin-Hebei"}
_JOINER_RE = re.compile(r"\s*(?:、|和|与|及|,|,?\s+and)\s*(?:[市省])?\s*")
# A place after these is not what the sentence speaks of ("southwest of Beijing", "to Beijing's role")
_NOT_SUBJECT_EN = re.compile(r"\b(?:of|from|to|than|with|near|for|and)\s(?:the\s)?$", re.I)


def joint_region(norm: str, regions: list[tuple[int, str]], i: int) -> str:
    """The place of what follows region mention *i*: itself, or the whole that a list of places
    ending with it names (在天津、河北设立分支机构1532家: 津冀; Beijing, Tianjin and Hebei: the region)."""
    names = [regions[i][1]]
    j = i
    while j > 0:
        prev_pos, prev = regions[j - 1]
        gap_start = prev_pos + len(prev) if norm.startswith(prev, prev_pos) else -1
        if gap_start < 0 or not _JOINER_RE.fullmatch(norm, gap_start, regions[j][0]):
            break
        names.append(prev)
        j -= 1
    if len(names) < 2:
        return names[0]
    return _JOINT.get(frozenset(names), names[0])


def place_spoken_of(previous: str, lang: str) -> str | None:
    """The place a sentence speaks of, for the next one's "Its …" ("Located … southwest of Beijing,
    Xiong'an was established …": Xiong'an); None when it names none."""
    named = regions_in(previous, 0, len(previous), lang)
    spoken_of = [r for pos, r in named if not _NOT_SUBJECT_EN.search(previous, max(0, pos - 20), pos)]
    return (spoken_of or [r for _, r in named] or [None])[0]
