"""What a user types into `search`, read as words, "phrases", OR and -word, and compiled for the index.

Whatever is typed is data: the query is cut into our own tokens (storage/search_index.py), which are
letters and digits only, and each is written into the engine's query as a quoted literal. Quotes,
`*`, `:`, `(`, `NEAR`, `%` … are never operators of FTS5, tsquery or SQL; characters that are not
letters or digits separate words, as they do in the index. Syntax we do read:

* words and "quoted phrases" must all occur (a word of Chinese is a phrase of its characters);
* `a OR b` lets either do (OR binds two neighbours, as in a web search engine);
* `-word` / `-"a phrase"` excludes articles with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.search_index import bigrams, is_cjk, pieces

_ITEMS = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word or phrase of a query, as index tokens: consecutive, the last a prefix when `prefix`."""

    text: str
    tokens: tuple[str, ...]
    prefix: bool = False

    def fts5(self) -> str:
        return '"' + " ".join(t.replace('"', '""') for t in self.tokens) + '"' + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        parts = ["'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in self.tokens]
        if self.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"

    def pattern(self) -> str:
        """A regular expression finding the term in the original text (for snippets)."""
        return r"[\W_]*".join(re.escape(p) for p in pieces(self.text))


def term(text: str) -> Term | None:
    """The index tokens of one word or phrase; None when it has no letter or digit."""
    parts = pieces(text)
    toks: list[str] = []
    prefix = False
    for i, piece in enumerate(parts):
        last = i == len(parts) - 1
        if not is_cjk(piece):
            toks.append(piece)
        elif len(piece) == 1 and last:
            toks.append(piece)
            prefix = True            # a lone character: any bigram it starts, or a run's last character
        else:
            toks += bigrams(piece)
            if not last:             # the index ends every run with its last character
                toks.append(piece[-1])
    return Term(text, tuple(toks), prefix) if toks else None


@dataclass(frozen=True)
class Query:
    """All of `clauses` (each one of its alternatives), none of `excluded`."""

    text: str
    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.clauses

    def terms(self) -> list[Term]:
        return [t for clause in self.clauses for t in clause]

    def fts5(self) -> str:
        found = " AND ".join("(" + " OR ".join(t.fts5() for t in c) + ")" for c in self.clauses)
        if self.excluded:
            found = f"({found}) NOT ({' OR '.join(t.fts5() for t in self.excluded)})"
        return found

    def tsquery_loose(self) -> str:
        """Every token of every required term, in any order (PostgreSQL's GIN index answers this
        without reading the documents: a superset of the matches, for estimates)."""
        def loose(t: Term) -> str:
            return t.tsquery().replace(" <-> ", " & ")
        return " & ".join("(" + " | ".join(loose(t) for t in c) + ")" for c in self.clauses)

    def tsquery(self) -> str:
        found = " & ".join("(" + " | ".join(t.tsquery() for t in c) + ")" for c in self.clauses)
        if self.excluded:
            found += " & !(" + " | ".join(t.tsquery() for t in self.excluded) + ")"
        return found


def parse_query(text: str) -> Query:
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for m in _ITEMS.finditer(text or ""):
        negated_phrase, phrase, word = m.group(1), m.group(2), m.group(3)
        if word == "OR":
            join_next = bool(clauses)
            continue
        negated = bool(negated_phrase) or (word is not None and word.startswith("-") and len(word) > 1)
        raw = phrase if phrase is not None else (word[1:] if negated else word)
        t = term(raw)
        if t is None:
            continue
        if negated:
            excluded.append(t)
        elif join_next:
            clauses[-1].append(t)
        else:
            clauses.append([t])
        join_next = False
    return Query(text, tuple(tuple(c) for c in clauses), tuple(excluded))


def snippet(text: str, query: Query, *, width: int = 120, mark: tuple[str, str] = ("«", "»")) -> str:
    """About `width` characters of `text` around the first match, every match inside marked."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    patterns = [t.pattern() for t in query.terms() if t.pattern()]
    finder = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
    first = finder.search(flat) if finder else None
    if first is None:
        return flat[:width] + ("…" if len(flat) > width else "")
    start = max(0, first.start() - width // 4)
    end = min(len(flat), start + width)
    window = flat[start:end]
    marked = finder.sub(lambda m: f"{mark[0]}{m.group(0)}{mark[1]}", window)
    return ("…" if start else "") + marked + ("…" if end < len(flat) else "")
