"""The full-text index of the archive: what is indexed, and keeping it in step with the articles.

Words are made in Python, the same way for documents and queries, so SQLite and PostgreSQL see
exactly the same tokens and neither engine's own word breaking (or query syntax) matters:

* Chinese, Japanese and Korean runs are indexed as overlapping **bigrams** (京津冀协同 → 京津 津冀
  冀协 协同) plus the run's last character, so any query of two or more characters is a phrase of
  bigrams and a one-character query is a prefix. No dictionary: words the segmenters do not know
  (雄安, 京冀) are found all the same.
* Other runs of letters and digits are words, NFKC-normalised and lower-cased (GDP → gdp,
  ７４８ → 748); punctuation separates words (748.7 → 748 7, searched as a phrase).

SQLite: a contentless FTS5 table `articles_fts(title, body)` whose rowid is the article id
(BM25 ranks, title weighted 3×). Contentless keeps the index small; deleting a row means handing
back what was indexed, which the store does because it knows the old title and text.
PostgreSQL: `article_search(article_id, tsv)` with a GIN index; the tsvector is built here (title
positions weighted A) rather than by `to_tsvector`, so both sides of a match are our tokens.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import text as sql

# CJK ideographs (with extensions and compatibility), kana and hangul: scripts written without spaces.
_CJK = (r"\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
        r"\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
_PIECES = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
PG_MAX_POSITION = 16383          # PostgreSQL clamps positions here


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def pieces(text: str) -> list[str]:
    """Runs of CJK characters and runs of other letters/digits, normalised, in order."""
    return _PIECES.findall(normalise(text))


def is_cjk(piece: str) -> bool:
    return bool(_IS_CJK.match(piece))


def bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The indexed words of a text (see the module docstring)."""
    out: list[str] = []
    for piece in pieces(text):
        if is_cjk(piece):
            out += bigrams(piece)
            out.append(piece[-1])
        else:
            out.append(piece)
    return out


def document(title: str | None, kicker: str | None, subtitle: str | None, body: str | None) -> tuple[str, str]:
    """(title field, body field) as indexed: headline, kicker and subtitle weigh more than the body."""
    head = " ".join(tokens(" \n ".join(t for t in (title, kicker, subtitle) if t)))
    return head, " ".join(tokens(body or ""))


def document_of(article) -> tuple[str, str]:
    return document(article.title, article.kicker, article.subtitle, article.text)


def _tsvector(head: str, body: str) -> str:
    """A tsvector literal: every token with its positions, title positions weighted A."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, field in (("A", head), ("", body)):
        for tok in field.split():
            pos = min(pos + 1, PG_MAX_POSITION)
            positions.setdefault(tok, []).append(f"{pos}{weight}")
    # Tokens are letters and digits only, so quoting needs no escaping; keep it safe regardless.
    return " ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(p[:256])
                    for t, p in positions.items())


class SearchIndex:
    """Writes to the full-text index on one connection or session (the caller's transaction)."""

    def __init__(self, bind):
        self.bind = bind
        self.dialect = bind.get_bind().dialect.name if hasattr(bind, "get_bind") else bind.dialect.name

    def add(self, article_id: int, doc: tuple[str, str]) -> None:
        if self.dialect == "sqlite":
            self.bind.execute(sql("INSERT INTO articles_fts(rowid, title, body) VALUES (:id, :t, :b)"),
                              {"id": article_id, "t": doc[0], "b": doc[1]})
        else:
            self.bind.execute(sql("INSERT INTO article_search(article_id, tsv) VALUES (:id, CAST(:v AS tsvector)) "
                                  "ON CONFLICT (article_id) DO UPDATE SET tsv = excluded.tsv"),
                              {"id": article_id, "v": _tsvector(*doc)})

    def add_many(self, docs: list[tuple[int, tuple[str, str]]]) -> None:
        if not docs:
            return
        if self.dialect == "sqlite":
            self.bind.execute(sql("INSERT INTO articles_fts(rowid, title, body) VALUES (:id, :t, :b)"),
                              [{"id": i, "t": d[0], "b": d[1]} for i, d in docs])
        else:
            self.bind.execute(sql("INSERT INTO article_search(article_id, tsv) VALUES (:id, CAST(:v AS tsvector))"),
                              [{"id": i, "v": _tsvector(*d)} for i, d in docs])

    def replace(self, article_id: int, old: tuple[str, str], new: tuple[str, str]) -> None:
        """The article's text changed: the index forgets what it held and learns the new text."""
        if old == new:
            return
        if self.dialect == "sqlite":
            self.bind.execute(sql("INSERT INTO articles_fts(articles_fts, rowid, title, body) "
                                  "VALUES ('delete', :id, :t, :b)"), {"id": article_id, "t": old[0], "b": old[1]})
        self.add(article_id, new)


# ---------------------------------------------------------------------- schema (used by the migration)
_PG_GIN = "CREATE INDEX ix_article_search_tsv ON article_search USING gin (tsv)"


def create_index(conn) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(sql("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', "
                         "tokenize='unicode61 remove_diacritics 0')"))
    else:
        conn.execute(sql("CREATE TABLE article_search (article_id INTEGER PRIMARY KEY "
                         "REFERENCES articles(id) ON DELETE CASCADE, tsv tsvector NOT NULL)"))
        conn.execute(sql(_PG_GIN))


def drop_index(conn) -> None:
    conn.execute(sql("DROP TABLE IF EXISTS articles_fts" if conn.dialect.name == "sqlite"
                     else "DROP TABLE IF EXISTS article_search"))


def rebuild_index(conn, *, batch: int = 2000) -> int:
    """Index every archived article (an existing archive, or after the tokens change). Returns how many."""
    pg = conn.dialect.name != "sqlite"
    if pg:      # a GIN index built once over the filled table is several times faster than row by row
        conn.execute(sql("DROP INDEX IF EXISTS ix_article_search_tsv"))
        conn.execute(sql("DELETE FROM article_search"))
    else:
        conn.execute(sql("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')"))
    index, done, last = SearchIndex(conn), 0, 0
    while True:
        rows = conn.execute(sql("SELECT id, title, kicker, subtitle, text FROM articles WHERE id > :last "
                                "ORDER BY id LIMIT :n"), {"last": last, "n": batch}).all()
        if not rows:
            break
        index.add_many([(r.id, document(r.title, r.kicker, r.subtitle, r.text)) for r in rows])
        done += len(rows)
        last = rows[-1].id
    if pg:
        conn.execute(sql(_PG_GIN))
    return done
