"""Who wrote, edited and published an article, read from the page's credit lines.

``人民网记者 许维娜`` → authors ``["许维娜"]``; ``(责编：沈佳萍、高雷)`` → editors
``["沈佳萍", "高雷"]``; ``来源：人民网－财经频道`` → outlet; English ``By Zhang San``,
``(Web editor: Zhang Kaiwei, Liang Jun)`` and the ``(Xinhua)`` of a dateline likewise.
"""

from __future__ import annotations

import re

from crawler.parsing.dom import is_cjk

__all__ = [
    "parse_authors", "parse_editors", "parse_outlet", "EDITOR_LINE", "find_editor_line",
    "english_dateline",
]

# Longest first: the alternation must strip "人民网记者" whole, not leave "人民网".
_ROLE_WORDS = sorted({
    "人民网记者", "人民日报记者", "本报记者", "新华社记者", "中新社记者", "本报特约记者", "特约记者",
    "人民网实习记者", "实习记者", "本报实习生", "实习生", "本报通讯员", "通讯员", "人民网通讯员",
    "见习记者", "记者", "作者", "文/", "文／", "图/", "图／", "撰文", "摄影", "摄", "来源",
    "人民网", "人民日报", "整理", "采写", "编译", "综合报道", "报道",
}, key=len, reverse=True)
_ROLES = re.compile("|".join(re.escape(word) for word in _ROLE_WORDS))
_NAME_SEPARATORS = re.compile(r"[\s、，,；;／/|｜:：()（）\[\]【】]+")
_ENGLISH_BY = re.compile(r"^\s*(?:written\s+)?by\s+", re.I)
_ENGLISH_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.I)

EDITOR_LINE = re.compile(
    r"[（(]\s*(?:责编|责任编辑|编辑|本版责编)\s*[：:]\s*(?P<zh>[^)）]*?)\s*[)）]"
    r"|[（(]\s*(?:web\s+)?editors?\s*[：:]\s*(?P<en>[^)）]*?)\s*[)）]",
    re.I,
)
_OUTLET = re.compile(r"来源\s*[：:]\s*(?P<outlet>[^\s|｜]+)")
_ENGLISH_DATELINE = re.compile(
    r"(?:(?:^|\s)by\s+(?P<authors>[^()]+?)\s*)?\(\s*(?P<outlet>[^()]{2,60}?)\s*\)\s*"
    r"(?:updated\s*:?\s*)?(?P<time>\d{1,2}:\d{2}(?::\d{2})?),?\s+(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})",
    re.I,
)


def _merge_split_names(tokens: list[str]) -> list[str]:
    # The paper sets two-character names with a space ("吴 凯"): a lone Han character is
    # half a name, never a whole one.
    merged: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1 and is_cjk(token):
            pending += token
            if len(pending) == 2:
                merged.append(pending)
                pending = ""
            continue
        if pending:
            merged.append(pending)
            pending = ""
        merged.append(token)
    if pending:
        merged.append(pending)
    return merged


def _unique(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def _has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


def parse_authors(text: str | None) -> list[str]:
    """Names from a byline: role words (人民网记者, 本报记者, 实习生, By …) removed."""
    if not text:
        return []
    text = text.strip()
    if not _has_cjk(text):
        text = _ENGLISH_BY.sub("", text)
        text = re.sub(r"\([^)]*\)", " ", text)          # "(People's Daily Online)"
        names = [" ".join(part.split()) for part in _ENGLISH_SPLIT.split(text)]
        return _unique([name for name in names if name and len(name) <= 60])
    text = _ROLES.sub(" ", text)
    tokens = [token for token in _NAME_SEPARATORS.split(text) if token]
    return _unique([t for t in _merge_split_names(tokens) if not t.isdigit() and len(t) <= 20])


def find_editor_line(text: str | None) -> re.Match | None:
    return EDITOR_LINE.search(text) if text else None


def parse_editors(text: str | None) -> list[str]:
    """Editors from an editor line "(责编：沈佳萍、高雷)" / "(Web editor: Zhang Kaiwei, Liang Jun)"."""
    match = find_editor_line(text)
    if not match:
        return []
    if match.group("zh") is not None:
        tokens = [token for token in _NAME_SEPARATORS.split(match.group("zh")) if token]
        return _unique(_merge_split_names(tokens))
    names = [" ".join(part.split()) for part in _ENGLISH_SPLIT.split(match.group("en"))]
    return _unique([name for name in names if name])


MAX_OUTLET = 30            # characters: "人民网－人民健康网", "《人民日报》（2024年04月23日 01版）" is cut first
_OUTLET_END = re.compile(r"[。，,；;！!？?（(【\[]|责编|编辑|作者|记者|\d{4}年|\d{1,2}月\d{1,2}日")
_GLUED = 80                # characters after 来源： with no break: the article glued on, not a credit


def parse_outlet(text: str | None) -> str | None:
    """The outlet after 来源： ("人民网－财经频道"), or None. An outlet is a name: never a sentence."""
    if not text:
        return None
    match = _OUTLET.search(text)
    if not match:
        return None
    if len(match.group("outlet")) > _GLUED:
        return None
    outlet = _OUTLET_END.split(match.group("outlet"), 1)[0].strip()
    return outlet if outlet and len(outlet) <= MAX_OUTLET else None


def english_dateline(text: str | None) -> dict[str, str] | None:
    """Parts of "By Zhang San (People's Daily Online) 09:38, April 23, 2024": authors, outlet, when."""
    if not text:
        return None
    match = _ENGLISH_DATELINE.search(text)
    if not match:
        return None
    return {
        "authors": (match.group("authors") or "").strip(),
        "outlet": match.group("outlet").strip(),
        "when": f"{match.group('time')}, {match.group('date')}",
    }
