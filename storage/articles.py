"""Storing articles: deduplication across URLs, revisions when the text changes, raw pages kept.

`ArticleStore.save()` takes any object with the fields of a parsed article (duck-typed, so storage
imports nothing of the crawler) and answers what happened: new, alias, revised or unchanged.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from sqlalchemy import Date, bindparam, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Article, ArticleUrl, RawPage, Revision, Source
from storage.search_index import SearchIndex, document_of
from storage.urls import canonical_url, content_id as url_content_id


class ParsedLike(Protocol):
    url: str
    title: str
    text: str
    published_at: datetime | None
    language: str
    kicker: str | None
    subtitle: str | None
    outlet: str | None
    authors: list
    editors: list
    keywords: list
    description: str | None
    content_id: str | None
    canonical_url: str | None
    template: str


@dataclass(frozen=True)
class SaveResult:
    outcome: str                 # new | alias | revised | unchanged
    article_id: int
    revision_id: int | None      # the revision holding this text (None when unchanged)
    previous_revision_id: int | None = None


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_utc(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


MIN_BODY_FOR_IDENTITY = 200        # characters

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def text_hash(text: str) -> str:
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def content_hash(parsed) -> str:
    """Headline and text: a change to either is a new revision."""
    return text_hash(f"{parsed.title}\n\n{parsed.text}")


def title_key(title: str) -> str:
    return _PUNCT.sub("", title).casefold()[:200]


def primary_key(url: str, cid: str | None) -> tuple:
    """Order of preference for an article's primary URL among its copies: lowest CMS id, then the URL."""
    return (int(cid) if cid and cid.isdigit() else float("inf"), url)


RAW_PAGE_LEVEL = 6

# Storing a new article (the common case in a crawl) goes through Core: the ORM's unit of work cost
# more in Python than the statements do in the database.  Articles found again load as ORM objects.
_ARTICLES, _URLS, _REVISIONS, _RAW = (m.__table__ for m in (Article, ArticleUrl, Revision, RawPage))
# The look-ups a new article makes, built once (building a statement cost more than running it).
_RAW_KNOWN = select(_RAW.c.id).where(_RAW.c.sha256 == bindparam("sha"), _RAW.c.url == bindparam("url")).limit(1)
_URLS_KNOWN = select(_URLS.c.url, _URLS.c.id).where(_URLS.c.url.in_(bindparam("urls", expanding=True)))
_SAME_DOCUMENT = (select(_URLS.c.article_id).join(_ARTICLES, _ARTICLES.c.id == _URLS.c.article_id)
                  .where(_URLS.c.content_id == bindparam("cid"),
                         func.date(_ARTICLES.c.published_at) == bindparam("day", type_=Date())).limit(1))
_SAME_SOURCE = select(_ARTICLES.c.id).where(_ARTICLES.c.source_id == bindparam("sid")).order_by(_ARTICLES.c.id).limit(1)
_SAME_TITLE = _SAME_SOURCE.where(_ARTICLES.c.title_key == bindparam("title_key"),
                                 _ARTICLES.c.published_at.between(bindparam("lo"), bindparam("hi")))
_SAME_BODY = _SAME_SOURCE.where(_ARTICLES.c.text_hash == bindparam("text_hash"))
_SAME_BODY_NEAR = _SAME_BODY.where(_ARTICLES.c.published_at.between(bindparam("lo"), bindparam("hi")))


def store_raw_page(session: Session, url: str, body: bytes, *, charset: str | None = None,
                   header_charset: str | None = None, compressed: bytes | None = None) -> int:
    """Keep the fetched bytes (deduplicated by hash per URL) so extraction can be re-run later; the
    raw page's id.

    `compressed`: zlib.compress(body, RAW_PAGE_LEVEL) when the caller made it already (the crawl's
    parse workers do, off the crawl process)."""
    digest = hashlib.sha256(body).hexdigest()
    existing = session.scalar(_RAW_KNOWN, {"sha": digest, "url": url})
    if existing is not None:
        return existing
    return session.execute(_RAW.insert().returning(_RAW.c.id), {
        "url": url, "sha256": digest, "body": compressed or zlib.compress(body, RAW_PAGE_LEVEL), "charset": charset,
        "header_charset": header_charset, "fetched_at": utcnow()}).scalar_one()


def latest_raw_page(session: Session, url: str) -> RawPage | None:
    return session.scalars(select(RawPage).where(RawPage.url == url).order_by(RawPage.id.desc()).limit(1)).first()


def raw_page_bytes(page: RawPage) -> bytes:
    return zlib.decompress(page.body)


class ArticleStore:
    """Article reads and writes inside one session (the caller owns the transaction)."""

    def __init__(self, session: Session):
        self.session = session

    # ------------------------------------------------------------------ lookups
    def by_url(self, url: str) -> Article | None:
        row = self.session.scalars(select(ArticleUrl).where(ArticleUrl.url == canonical_url(url))).first()
        return row.article if row else None

    def get(self, id_or_url: str | int) -> Article | None:
        if isinstance(id_or_url, int) or str(id_or_url).isdigit():
            number = int(id_or_url)
            # Ids are 64-bit at most: a longer number names no article (and would overflow the driver).
            return self.session.get(Article, number) if 0 < number < 2 ** 63 else None
        return self.by_url(str(id_or_url))

    def known_urls(self, urls: list[str]) -> set[str]:
        canon = {canonical_url(u) for u in urls}
        if not canon:
            return set()
        return set(self.session.scalars(select(ArticleUrl.url).where(ArticleUrl.url.in_(canon))))

    def recheck_urls(self, source: str, *, since: datetime) -> list[str]:
        """Primary URLs of articles published or first seen after `since` (UTC)."""
        q = (select(Article.url).join(Source)
             .where(Source.name == source,
                    or_(Article.published_at >= to_utc(since), Article.first_seen_at >= to_utc(since)))
             .order_by(Article.published_at.desc()))
        return list(self.session.scalars(q))

    def _same_document(self, parsed: ParsedLike, cid: str | None) -> Article | None:
        """The archived article with this CMS id and day: the same page under another host or scheme."""
        published = to_utc(parsed.published_at)
        if not (cid and published):
            return None
        found = self.session.scalar(_SAME_DOCUMENT, {"cid": cid, "day": published.date()})
        return self.session.get(Article, found) if found is not None else None

    def _same_story(self, parsed: ParsedLike, source_id: int) -> Article | None:
        """The archived article this page is another copy of (another channel's id, a reprint)."""
        published = to_utc(parsed.published_at)
        found = None
        if published:
            found = self.session.scalar(_SAME_TITLE, {"sid": source_id, "title_key": title_key(parsed.title),
                                                      "lo": published - timedelta(hours=12),
                                                      "hi": published + timedelta(hours=12)})
        # The same long body is the same story even under another headline (reprints); short bodies
        # ("点击观看视频") say nothing about identity.
        if found is None and len(parsed.text) >= MIN_BODY_FOR_IDENTITY:
            params = {"sid": source_id, "text_hash": text_hash(parsed.text)}
            if published:
                params.update(lo=published - timedelta(days=3), hi=published + timedelta(days=3))
            found = self.session.scalar(_SAME_BODY_NEAR if published else _SAME_BODY, params)
        return self.session.get(Article, found) if found is not None else None

    # ------------------------------------------------------------------ writes
    def source_id(self, name: str) -> int:
        # Asked once per article: remembered for the session (a batch of articles shares one).
        known = self.session.info.setdefault("serieswatch_source_ids", {})
        if name in known:
            return known[name]
        src = self.session.scalars(select(Source).where(Source.name == name)).first()
        if src is None:
            src = Source(name=name)
            self.session.add(src)
            self.session.flush()
        known[name] = src.id
        return src.id

    def save(self, parsed: ParsedLike, *, source: str, fetched_url: str | None = None, raw: int | None = None,
             run_id: int | None = None) -> SaveResult:
        """Archive a parsed page (*raw*: the id of its raw page, store_raw_page)."""
        url = canonical_url(fetched_url or parsed.url)
        hashed = text_hash(parsed.text)
        seen = content_hash(parsed)           # what this URL served: an edited headline is an edit too
        now = utcnow()
        sid = self.source_id(source)
        url_row = self._url_row(url, parsed.canonical_url)
        cid = parsed.content_id or url_content_id(url)

        if url_row is None:
            article = self._same_document(parsed, cid)
            same_document = article is not None
            article = article or self._same_story(parsed, sid)
            if article is None:
                return self._create(parsed, url, hashed, cid, sid, raw, run_id, now)
            url_row = ArticleUrl(article_id=article.id, url=url, content_id=cid, text_hash=seen, first_seen_at=now)
            self.session.add(url_row)
            self.session.flush()
            if primary_key(url, cid) < primary_key(article.url, url_content_id(article.url)):
                # Which copy answered first is chance; the primary URL must not be (two identical crawls
                # give the article the same URL): the lowest content id wins, then the URL itself.
                article.url = url
            if same_document and (hashed != article.text_hash or parsed.title != article.title):
                # The same CMS page (another host, scheme or mirror) with new text: an edit.
                return self._revise(article, parsed, url, hashed, raw, run_id, now)
            # Another channel's copy. Even when its text differs slightly from ours it is not a revision:
            # revisions are judged per URL, so two mirrors never flip-flop the article between them.
            return SaveResult("alias", article.id, None)

        article = url_row.article
        if url_row.text_hash == seen or (article.text_hash == hashed and article.title == parsed.title):
            url_row.text_hash = seen
            return SaveResult("unchanged", article.id, None)
        url_row.text_hash = seen
        return self._revise(article, parsed, url, hashed, raw, run_id, now)

    def _url_row(self, url: str, declared: str | None) -> ArticleUrl | None:
        """The archived URL this page was fetched under, else the one it declares canonical."""
        wanted = [url] + ([canonical_url(declared)] if declared else [])
        found = dict(self.session.execute(_URLS_KNOWN, {"urls": wanted}).all())
        for u in wanted:
            if u in found:
                return self.session.get(ArticleUrl, found[u])
        return None

    def _create(self, parsed, url, hashed, cid, sid, raw, run_id, now) -> SaveResult:
        series = getattr(parsed, "series", None)
        article_id = self.session.execute(_ARTICLES.insert().returning(_ARTICLES.c.id), dict(
            source_id=sid, url=url, title=parsed.title, title_key=title_key(parsed.title), kicker=parsed.kicker,
            subtitle=parsed.subtitle, series_name=getattr(series, "name", None), series_part=getattr(series, "part", None),
            published_at=to_utc(parsed.published_at), outlet=parsed.outlet, authors=list(parsed.authors),
            editors=list(parsed.editors), keywords=list(parsed.keywords), description=parsed.description,
            language=parsed.language, content_id=cid, template=parsed.template, text=parsed.text, text_hash=hashed,
            first_seen_at=now, updated_at=now, revision_count=1)).scalar_one()
        self.session.execute(_URLS.insert(), dict(article_id=article_id, url=url, content_id=cid,
                                                  text_hash=content_hash(parsed), first_seen_at=now))
        revision_id = self.session.execute(_REVISIONS.insert().returning(_REVISIONS.c.id), dict(
            article_id=article_id, number=1, title=parsed.title, text=parsed.text, text_hash=hashed, url=url,
            raw_page_id=raw, run_id=run_id, fetched_at=now)).scalar_one()
        SearchIndex(self.session).add(article_id, document_of(parsed))
        return SaveResult("new", article_id, revision_id)

    def _revise(self, article, parsed, url, hashed, raw, run_id, now) -> SaveResult:
        previous = self.session.scalar(select(Revision.id).where(Revision.article_id == article.id)
                                       .order_by(Revision.number.desc()).limit(1))
        indexed = document_of(article)
        article.revision_count += 1
        rev = Revision(article_id=article.id, number=article.revision_count, title=parsed.title, text=parsed.text,
                       text_hash=hashed, url=url, raw_page_id=raw, run_id=run_id, fetched_at=now)
        self.session.add(rev)
        series = getattr(parsed, "series", None)
        article.title, article.title_key = parsed.title, title_key(parsed.title)
        article.kicker, article.subtitle = parsed.kicker, parsed.subtitle
        article.series_name, article.series_part = getattr(series, "name", None), getattr(series, "part", None)
        article.outlet = parsed.outlet or article.outlet
        article.authors, article.editors = list(parsed.authors), list(parsed.editors)
        article.text, article.text_hash, article.updated_at = parsed.text, hashed, now
        self.session.flush()
        SearchIndex(self.session).replace(article.id, indexed, document_of(article))   # same transaction
        return SaveResult("revised", article.id, rev.id, previous)
