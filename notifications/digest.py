"""What a digest holds: everything new for one subscriber since their watermark, as plain data.

New figures (new_indicator, new_period, revised, conflict; never repeat) grouped by indicator, or
by subject for figures without one, the latest period first, each with its quote exactly as the
article wrote it and the article's URL; then the series' new articles. Nothing here renders or
sends: the data object goes to notifications.render.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from sqlalchemy import func, select

from notifications.chart import bar_chart_png, sparkline
from notifications.values import change_text, format_value
from storage.figures import FigureStore, period_granularity
from storage.models import Article, FigureRow

logger = logging.getLogger(__name__)

MAX_ARTICLES = 50
LEAD_CHARS = 280


@dataclass
class FigureItem:
    quote: str
    period: str | None
    tracking: str                 # new_indicator | new_period | revised | conflict
    value_text: str
    previous_text: str | None
    change: str | None
    subject: str | None
    sentence: str
    article_title: str
    article_url: str
    link: str | None              # article_url when it is a safe http(s) link, else None


@dataclass
class FigureGroup:
    key: str
    label: str
    indicator: str | None
    items: list[FigureItem]
    history: list[tuple[str, str]] = field(default_factory=list)   # (period, formatted value), oldest first
    sparkline: str = ""
    chart_png: bytes | None = None
    cid: str | None = None        # Content-ID of the chart, set when the message is built


@dataclass
class ArticleItem:
    title: str
    published: str | None
    outlet: str | None
    lead: str
    url: str
    link: str | None


@dataclass
class DigestContent:
    language: str
    groups: list[FigureGroup]
    articles: list[ArticleItem]
    more_articles: int
    figure_count: int
    figure_watermark: int         # figures up to this id are covered once the digest exists
    article_watermark: int
    generated_at: datetime

    @property
    def conflicts(self) -> int:
        return sum(1 for g in self.groups for i in g.items if i.tracking == "conflict")


def safe_link(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address without control characters, else None."""
    if not url or any(ord(c) < 33 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def one_line(text: str | None) -> str:
    """Scraped text for a one-line slot: every run of whitespace (CR/LF too) becomes one space."""
    return " ".join((text or "").split())


def lead_of(text: str) -> str:
    """The first paragraph, shortened to about LEAD_CHARS characters."""
    first = next((p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()), "")
    first = " ".join(first.split())
    return first if len(first) <= LEAD_CHARS else first[:LEAD_CHARS].rstrip() + "…"


def indicator_label(ind, lang: str) -> str:
    """A catalog indicator's name in `lang`, whatever shape the catalog object has."""
    for attr in (f"name_{lang}", "name_zh" if lang == "zh" else "name_en", "name", "label"):
        value = getattr(ind, attr, None)
        if isinstance(value, str) and value:
            return value
    names = getattr(ind, "names", None)
    if isinstance(names, dict) and names:
        return names.get(lang) or next(iter(names.values()))
    if isinstance(names, (list, tuple)) and names:
        return str(names[0])
    return str(getattr(ind, "id", ind))


def catalog_index(catalog) -> dict:
    return {getattr(ind, "id", None): ind for ind in (catalog or ())}


def archive_heads(session) -> tuple[int, int]:
    """The newest figure id and article id: what a digest built now can cover."""
    return (session.scalar(select(func.max(FigureRow.id))) or 0,
            session.scalar(select(func.max(Article.id))) or 0)


def _fmt_date(dt: datetime | None, tz) -> str | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc).astimezone(tz).strftime("%Y-%m-%d") if tz else dt.strftime("%Y-%m-%d")


def _item(row: FigureRow, lang: str) -> FigureItem:
    value = format_value(row.value, row.unit, lang, measure_word=row.measure_word)
    previous = (format_value(row.previous_value, row.unit, lang, measure_word=row.measure_word)
                if row.previous_value is not None else None)
    change = (change_text(row.value, row.previous_value, row.unit, lang, measure_word=row.measure_word)
              if row.tracking == "new_period" else None)
    return FigureItem(quote=row.quote, period=row.period, tracking=row.tracking, value_text=value,
                      previous_text=previous, change=change, subject=row.subject, sentence=row.sentence,
                      article_title=one_line(row.article.title), article_url=row.article.url, link=safe_link(row.article.url))


def _history(store: FigureStore, indicator: str, lang: str, upto: int,
             granularity: str | None) -> list[tuple[str, float, str]]:
    """One value per period, oldest first, for periods of one granularity (years with years)."""
    per_period = {}
    for r in store.history(indicator):
        if r.period and r.id <= upto and period_granularity(r.period) == granularity:
            per_period[r.period] = r            # ordered by period, id: the newest row per period wins
    return [(p, r.value, format_value(r.value, r.unit, lang, measure_word=r.measure_word))
            for p, r in sorted(per_period.items())]


def _period_key(item: FigureItem):
    return item.period or ""


def gather(session, *, figure_watermark: int, article_watermark: int, indicators=(), language: str = "zh",
           catalog=(), tz=None, heads: tuple[int, int] | None = None, charts: bool = True,
           now: datetime | None = None) -> DigestContent | None:
    """The digest for a subscriber at these watermarks, or None when no new number matches them."""
    fig_head, art_head = heads or archive_heads(session)
    wanted = set(indicators or ())
    rows = [r for r in FigureStore(session).new_since(figure_watermark, indicators=wanted or None)
            if r.id <= fig_head]
    if not rows:
        return None
    index = catalog_index(catalog)
    groups: dict[str, FigureGroup] = {}
    for r in rows:
        if r.indicator:
            label = indicator_label(index[r.indicator], language) if r.indicator in index else r.indicator
        else:
            label = r.subject or ("其他数字" if language == "zh" else "Other figures")
        group = groups.get(r.series)
        if group is None:
            group = groups[r.series] = FigureGroup(key=r.series, label=label, indicator=r.indicator, items=[])
        group.items.append(_item(r, language))
    store = FigureStore(session)
    for group in groups.values():
        group.items.sort(key=_period_key, reverse=True)          # latest period first
        if group.indicator:
            hist = _history(store, group.indicator, language, fig_head, period_granularity(group.items[0].period))
            if len(hist) >= 2:
                group.history = [(p, text) for p, _, text in hist]
                group.sparkline = sparkline([v for _, v, _ in hist])
                if charts:
                    group.chart_png = bar_chart_png([v for _, v, _ in hist])
    order = list(index)
    ordered = sorted(groups.values(), key=lambda g: (g.indicator is None,
                                                     order.index(g.indicator) if g.indicator in index else len(order),
                                                     g.label))
    articles, more = _new_articles(session, article_watermark, art_head, rows if wanted else None, tz)
    return DigestContent(language=language, groups=ordered, articles=articles, more_articles=more,
                         figure_count=len(rows), figure_watermark=fig_head, article_watermark=art_head,
                         generated_at=now or datetime.now(timezone.utc))


def _new_articles(session, after: int, upto: int, matching_rows, tz) -> tuple[list[ArticleItem], int]:
    q = select(Article).where(Article.id > after, Article.id <= upto)
    if matching_rows is not None:      # a filtered subscriber hears of the articles that carry their numbers
        q = q.where(Article.id.in_({r.article_id for r in matching_rows}))
    found = list(session.scalars(q.order_by(Article.published_at.desc().nulls_last(), Article.id.desc())))
    items = [ArticleItem(title=one_line(a.title), published=_fmt_date(a.published_at, tz), outlet=one_line(a.outlet) or None,
                         lead=lead_of(a.text), url=a.url, link=safe_link(a.url)) for a in found[:MAX_ARTICLES]]
    return items, max(0, len(found) - MAX_ARTICLES)
