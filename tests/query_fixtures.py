"""A small archive with figures from three articles of two sources, and the command line over it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import yaml
from archive_fixtures import BJ, Page
from click.testing import CliRunner

from crawler.figures import extract_figures
from storage.articles import ArticleStore
from storage.figures import FigureStore

A = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
B = "http://politics.people.com.cn/n1/2025/0301/c1001-40400001.html"
C = "http://bj.people.com.cn/n2/2025/0302/c82840-40400002.html"
ARTICLES = [
    (A, "jjj", "协同创新赋能京津冀经济高质量发展", "去年，京津冀地区生产总值达10.4万亿元。北京流向津冀技术合同成交额748.7亿元。",
     datetime(2024, 4, 23, 9, 38, tzinfo=BJ)),
    (B, "other", "京津冀经济总量再上新台阶", "2024年，京津冀地区生产总值达11.5万亿元。", datetime(2025, 3, 1, 10, 0, tzinfo=BJ)),
    (C, "other", "北京发布经济数据", "2024年，京津冀地区生产总值为11.3万亿元。", datetime(2025, 3, 1, 18, 0, tzinfo=BJ)),
]


def store(database, url, source, title, text, published):
    """Archive one article and track its figures, as the crawler's pipeline does."""
    with database.session() as s:
        saved = ArticleStore(s).save(Page(url, title=title, text=text, published_at=published), source=source)
        figures = extract_figures(text, language="zh", published_at=published)
        FigureStore(s).add_revision_figures(saved.article_id, saved.revision_id, figures,
                                            previous_revision_id=saved.previous_revision_id)
    return saved.article_id


@pytest.fixture
def figures_archive(database):
    ids = [store(database, *a) for a in ARTICLES]
    database.article_ids = ids
    return database


@pytest.fixture
def cli(figures_archive, db_url, tmp_path):
    """Run a serieswatch command in-process over the archive: (exit code, stdout, stderr)."""
    from scheduler.cli import cli as group
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"storage": {"url": db_url}, "data_dir": str(tmp_path / "data")}),
                      encoding="utf-8")

    def run(*args, ok=True):
        result = CliRunner().invoke(group, ["--config", str(config), *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.stderr
        return result

    run.config = config
    run.json = lambda *args: json.loads(run(*args, "--format", "json").stdout)
    return run
