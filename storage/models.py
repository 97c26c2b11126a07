"""The archive's tables (SQLAlchemy 2.x declarative). Times are stored as naive UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(String(200), index=True)
    kicker: Mapped[str | None] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    series_name: Mapped[str | None] = mapped_column(Text)
    series_part: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list] = mapped_column(JSON, default=list)
    editors: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    content_id: Mapped[str | None] = mapped_column(String(40), index=True)
    template: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    revision_count: Mapped[int] = mapped_column(Integer, default=1)

    source: Mapped[Source] = relationship()
    urls: Mapped[list[ArticleUrl]] = relationship(back_populates="article", order_by="ArticleUrl.id")
    revisions: Mapped[list[Revision]] = relationship(back_populates="article", order_by="Revision.number")


class ArticleUrl(Base):
    """Every URL an article was found under: the primary one and its aliases."""

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    content_id: Mapped[str | None] = mapped_column(String(40), index=True)
    text_hash: Mapped[str | None] = mapped_column(String(64))   # content_hash of what this URL served last
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)

    article: Mapped[Article] = relationship(back_populates="urls")


class RawPage(Base):
    """The bytes of a fetched page, compressed, kept so extraction can be re-run later."""

    __tablename__ = "raw_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)             # zlib-compressed
    charset: Mapped[str | None] = mapped_column(String(40))
    header_charset: Mapped[str | None] = mapped_column(String(40))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)


class Revision(Base):
    """One version of an article's text; revision 1 is what was first archived."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(1000))
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_pages.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)

    article: Mapped[Article] = relationship(back_populates="revisions")


class Run(Base):
    """One cycle (run, crawl, demo) with its status, stage timings and counts."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="running")   # running | ok | degraded | failed
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    stages: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(String(200))
    pid: Mapped[int | None] = mapped_column(Integer)

    failures: Mapped[list[PageFailure]] = relationship(back_populates="run", order_by="PageFailure.id")


class PageFailure(Base):
    """A page a run could not fetch or parse, with the reason."""

    __tablename__ = "page_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str] = mapped_column(String(20))        # fetch | parse | gave_up | refused | too_large | robots
    reason: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    run: Mapped[Run] = relationship(back_populates="failures")


class PageState(Base):
    """What the crawler knows of a URL between runs: HTTP validators and what the page turned out to be."""

    __tablename__ = "page_states"

    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))        # listing | article | off_series | failed
    etag: Mapped[str | None] = mapped_column(String(400))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    next_url: Mapped[str | None] = mapped_column(String(1000))   # listings: the "下一页" page
    links: Mapped[list | None] = mapped_column(JSON)              # listings: the article links last seen
    note: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(DateTime)


class FigureRow(Base):
    """One number one article revision reports, with its provenance and tracking class."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))  # ix_figures_article_current
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    series: Mapped[str] = mapped_column(String(300))     # indicator id, or ~subject|region|unit (ix_figures_series_*)
    indicator: Mapped[str | None] = mapped_column(String(100))        # (ix_figures_indicator_period)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    measure_word: Mapped[str | None] = mapped_column(String(20))
    approx: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    aggregation: Mapped[str] = mapped_column(String(20), default="level")   # level | cumulative | per_capita …
    status: Mapped[str] = mapped_column(String(20), default="actual")       # actual | target | forecast
    basis: Mapped[str | None] = mapped_column(Text)                         # the catalog name matched
    period: Mapped[str | None] = mapped_column(String(40))
    period_key: Mapped[str | None] = mapped_column(String(40))              # the period compared under
    order_key: Mapped[str | None] = mapped_column(String(600))              # publication time | URL | offset
    subject: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(String(100))
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    tracking: Mapped[str] = mapped_column(String(20), index=True)
    previous_value: Mapped[float | None] = mapped_column(Float)
    previous_figure_id: Mapped[int | None] = mapped_column(Integer)         # the figure compared with
    restated: Mapped[bool] = mapped_column(Boolean, default=False)          # the text says it corrects a value
    period_inferred: Mapped[bool] = mapped_column(Boolean, default=False)   # period from an earlier sentence
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    article: Mapped[Article] = relationship()


class FigureValueRow(Base):
    """One distinct current observation of a series and period, however often it was reported
    (storage/figure_values.py): what classifying a new figure reads."""

    __tablename__ = "figure_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_key: Mapped[str] = mapped_column(String(40), unique=True)   # sha1 of the columns below
    series: Mapped[str] = mapped_column(String(300))
    period_key: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    quote: Mapped[str] = mapped_column(Text)
    approx: Mapped[str | None] = mapped_column(String(20))
    tracking: Mapped[str] = mapped_column(String(20))
    restated: Mapped[bool] = mapped_column(Boolean, default=False)
    n: Mapped[int] = mapped_column(Integer)                            # current figures in the group
    last_id: Mapped[int] = mapped_column(Integer)                      # the latest of them, by order_key
    last_article_id: Mapped[int] = mapped_column(Integer)
    last_order_key: Mapped[str | None] = mapped_column(String(600))
    first_id: Mapped[int | None] = mapped_column(Integer)              # the earliest of them (0012)
    first_article_id: Mapped[int | None] = mapped_column(Integer)
    first_order_key: Mapped[str | None] = mapped_column(String(600))



class FigureWaitingRow(Base):
    """A stored figure whose class waits for a store batch's settle (storage/figures.py): a long
    crawl's late figures are classified together every few thousand, and what a killed crawl left
    waiting is settled by the next one (0013)."""

    __tablename__ = "figures_waiting"

    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), primary_key=True)

Index("ix_articles_source_published", Article.source_id, Article.published_at)
# Per-article figure queries get a selective equality first (0009); series replays read one series (0010);
# an index that is the prefix of another is not kept (0011: every index costs each stored figure).
Index("ix_figures_article_current", FigureRow.article_id, FigureRow.is_current)
Index("ix_figures_indicator_period", FigureRow.indicator, FigureRow.period_key)
Index("ix_figures_series_period", FigureRow.series, FigureRow.period_key)
Index("ix_figures_series_order", FigureRow.series, FigureRow.order_key)
Index("ix_figure_values_series_period", FigureValueRow.series, FigureValueRow.period_key)
Index("ix_figure_values_series_last", FigureValueRow.series, FigureValueRow.last_order_key)   # (0013)
# Figures an edit retired, by series (0012): few, so a partial index costs current figures nothing.
Index("ix_figures_series_retired", FigureRow.series, sqlite_where=FigureRow.is_current == False,  # noqa: E712
      postgresql_where=FigureRow.is_current == False)  # noqa: E712
