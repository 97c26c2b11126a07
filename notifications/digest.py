"""What a digest holds: everything new for one subscriber since their watermark, as plain data.

First the tracked indicators that changed (catalog indicators: new period with the previous value
and the change, revisions and conflicts with both quotes and both links), the latest period first;
then the other new numbers, each shown in its sentence with the number highlighted (the extractor
names no quantity it is not sure of); then the series' new articles. Repeats never appear. Nothing
here renders or sends: the data object goes to notifications.render.
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
from storage.figure_queries import indicator_history, new_figures_since
from storage.tracking import period_granularity, period_key
from storage.models import Article, FigureRow, FigureWaitingRow

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
    previous_quote: str | None = None      # revised / conflict: what the other source wrote
    previous_title: str | None = None
    previous_url: str | None = None
    previous_link: str | None = None
    region: str | None = None


@dataclass
class OtherItem:
    """A new number that no catalog indicator tracks: its sentence, split around the quote."""
    before: str
    quote: str
    after: str
    period: str | None


@dataclass
class OtherGroup:
    article_title: str
    article_url: str
    link: str | None
    items: list[OtherItem]


@dataclass
class FigureGroup:
    key: str
    label: str
    indicator: str | None
    items: list[FigureItem]
    history: list[tuple[str, str]] = field(default_factory=list)   # (period, formatted value), oldest first
    region: str | None = None
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
    others: list[OtherGroup] = field(default_factory=list)

    @property
    def conflicts(self) -> int:
        return sum(1 for g in self.groups for i in g.items if i.tracking == "conflict")

    @property
    def tracked_count(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def other_count(self) -> int:
        return sum(len(g.items) for g in self.others)


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
    """The newest figure id and article id: what a digest built now can cover.  While figures wait for
    a crawl's settle (storage.figures), every figure of their series may still change class: the
    digest stops before the first of them, and before the first article of what it leaves out."""
    newest = session.scalar(select(func.max(FigureRow.id))) or 0
    articles = session.scalar(select(func.max(Article.id))) or 0
    if session.scalar(select(FigureWaitingRow.figure_id).limit(1)) is None:
        return newest, articles
    unsettled = (select(FigureRow.series).join(FigureWaitingRow, FigureWaitingRow.figure_id == FigureRow.id)
                 .distinct().scalar_subquery())
    first = session.scalar(select(func.min(FigureRow.id)).where(FigureRow.series.in_(unsettled)))
    if first is not None:
        newest = min(newest, first - 1)
        later = session.scalar(select(func.min(FigureRow.article_id)).where(FigureRow.id > newest))
        if later is not None:
            articles = min(articles, later - 1)
    return newest, articles


def _fmt_date(dt: datetime | None, tz) -> str | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=timezone.utc).astimezone(tz).strftime("%Y-%m-%d") if tz else dt.strftime("%Y-%m-%d")


def _item(row: FigureRow, lang: str, session) -> FigureItem:
    value = format_value(row.value, row.unit, lang, measure_word=row.measure_word)
    previous = (format_value(row.previous_value, row.unit, lang, measure_word=row.measure_word)
                if row.previous_value is not None else None)
    change = (change_text(row.value, row.previous_value, row.unit, lang, measure_word=row.measure_word)
              if row.tracking == "new_period" and row.previous_value is not None else None)
    item = FigureItem(quote=row.quote, period=row.period, tracking=row.tracking, value_text=value,
                      previous_text=previous, change=change, subject=row.subject, sentence=row.sentence,
                      article_title=one_line(row.article.title), article_url=row.article.url,
                      link=safe_link(row.article.url), region=row.region)
    if row.tracking in ("revised", "conflict") and row.previous_figure_id:
        other = session.get(FigureRow, row.previous_figure_id)
        if other is not None:
            item.previous_quote = other.quote
            item.previous_title = one_line(other.article.title)
            item.previous_url = other.article.url
            item.previous_link = safe_link(other.article.url)
    return item


def _other(row: FigureRow) -> OtherItem:
    """The figure's sentence around its quote (the quote is a substring of the sentence)."""
    sentence = one_line(row.sentence)
    k = sentence.find(row.quote)
    if k < 0:
        return OtherItem(before="", quote=row.quote, after=f" — {sentence}" if sentence else "", period=row.period)
    return OtherItem(before=sentence[:k], quote=row.quote, after=sentence[k + len(row.quote):], period=row.period)


def _history(session, indicator: str, region: str | None, lang: str, upto: int,
             granularity: str | None) -> list[tuple[str, float, str]]:
    """One value per period, oldest first, for periods of one granularity (years with years): the value
    the archive holds for it (the latest source that is not in conflict)."""
    per_period = {}
    for r in indicator_history(session, indicator):
        if (r.period_key and r.id <= upto and r.region == region and r.tracking != "conflict"
                and period_granularity(r.period_key) == granularity):
            per_period[r.period_key] = r        # ordered by period, then publication: the latest source wins
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
    rows = [r for r in new_figures_since(session, figure_watermark, indicators=wanted or None)
            if r.id <= fig_head]
    if not rows:
        return None
    index = catalog_index(catalog)
    groups: dict[str, FigureGroup] = {}
    others: dict[int, OtherGroup] = {}
    for r in sorted(rows, key=lambda r: (r.order_key or "", r.id)):
        if not r.indicator:
            other = others.get(r.article_id)
            if other is None:
                other = others[r.article_id] = OtherGroup(article_title=one_line(r.article.title),
                                                          article_url=r.article.url, link=safe_link(r.article.url),
                                                          items=[])
            other.items.append(_other(r))
            continue
        label = indicator_label(index[r.indicator], language) if r.indicator in index else r.indicator
        if r.indicator in index and getattr(index[r.indicator], "region", None) == "*" and r.region:
            label = f"{label}（{r.region}）" if language == "zh" else f"{label} ({r.region})"
        group = groups.get(r.series)
        if group is None:
            group = groups[r.series] = FigureGroup(key=r.series, label=label, indicator=r.indicator, items=[],
                                                   region=r.region)
        group.items.append(_item(r, language, session))
    for group in groups.values():
        group.items.sort(key=_period_key, reverse=True)          # latest period first
        hist = _history(session, group.indicator, group.region, language, fig_head,
                        period_granularity(period_key(group.items[0].period)))
        if len(hist) >= 2:
            group.history = [(p, text) for p, _, text in hist]
            group.sparkline = sparkline([v for _, v, _ in hist])
            if charts:
                group.chart_png = bar_chart_png([v for _, v, _ in hist], labels=[p for p, _, _ in hist])
    order = list(index)
    ordered = sorted(groups.values(), key=lambda g: (g.indicator is None,
                                                     order.index(g.indicator) if g.indicator in index else len(order),
                                                     g.label))
    articles, more = _new_articles(session, article_watermark, art_head, rows if wanted else None, tz)
    return DigestContent(language=language, groups=ordered, articles=articles, more_articles=more,
                         figure_count=len(rows), figure_watermark=fig_head, article_watermark=art_head,
                         generated_at=now or datetime.now(timezone.utc),
                         others=sorted(others.values(), key=lambda g: g.article_url))


def _new_articles(session, after: int, upto: int, matching_rows, tz) -> tuple[list[ArticleItem], int]:
    q = select(Article).where(Article.id > after, Article.id <= upto)
    if matching_rows is not None:      # a filtered subscriber hears of the articles that carry their numbers
        q = q.where(Article.id.in_({r.article_id for r in matching_rows}))
    found = list(session.scalars(q.order_by(Article.published_at.desc().nulls_last(), Article.id.desc())))
    items = [ArticleItem(title=one_line(a.title), published=_fmt_date(a.published_at, tz), outlet=one_line(a.outlet) or None,
                         lead=lead_of(a.text), url=a.url, link=safe_link(a.url)) for a in found[:MAX_ARTICLES]]
    return items, max(0, len(found) - MAX_ARTICLES)
