"""Archive fixtures: a fresh archive per test on SQLite, and on PostgreSQL when SERIESWATCH_TEST_PG_URL is set."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("SERIESWATCH_TEST_PG_URL")
BJ = timezone(timedelta(hours=8))
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _pg_schema_url(schema: str) -> str:
    url = PG_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """An empty archive URL: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
                          if PG_URL.startswith("postgresql://") else PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database(db_url):
    from storage.db import open_database
    db = open_database(db_url)
    yield db
    db.dispose()


def downgrade_archive(url: str, revision: str, *statements: str) -> None:
    """Take the archive at *url* back to an older schema *revision* (Alembic), then run *statements*:
    an archive as an older release left it, for the upgrade tests."""
    from alembic import command

    from storage.db import _alembic_config, make_engine
    engine = make_engine(url)
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        for sql in statements:
            conn.execute(text(sql))
    engine.dispose()


@dataclass
class Page:
    """A parsed article as storage sees it (the fields of crawler.parsing.ParsedArticle)."""

    url: str
    title: str = "协同创新赋能京津冀经济高质量发展"
    text: str = "京津冀地区生产总值为10.4万亿元。\n\n北京流向津冀技术合同成交额748.7亿元。"
    published_at: datetime = datetime(2024, 4, 23, 9, 38, tzinfo=BJ)
    language: str = "zh"
    kicker: str | None = None
    subtitle: str | None = None
    series: object = None
    outlet: str | None = "人民网－财经频道"
    authors: list = field(default_factory=list)
    editors: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    description: str | None = None
    content_id: str | None = None
    canonical_url: str | None = None
    template: str = "rm_txt"
