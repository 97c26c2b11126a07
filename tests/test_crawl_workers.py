"""A crawl that parses in worker processes and stores in batches archives exactly what a crawl
that parses and stores one page at a time does."""

from __future__ import annotations

import multiprocessing
from collections import Counter

from sitekit import Link

from crawler.figure_hook import make_figure_hook
from crawler.process import crawl_here
from serieswatch.config import parse_config
from storage.models import FigureRow
from storage.queries import list_articles

PARAGRAPHS = ("李晓琳介绍，去年京津冀地区生产总值达10.4万亿元，综合实力显著提升。",
              "北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。")


def _crawl(config, overrides):
    crawl_here(config, None, settings_overrides=overrides, figure_hook=make_figure_hook(config))


def crawl_in_child(config, **overrides):
    # Twisted's reactor runs once per process: each crawl gets its own.
    child = multiprocessing.get_context("spawn").Process(target=_crawl, args=(config, overrides))
    child.start()
    child.join(120)
    assert child.exitcode == 0


def archive_of(database):
    from sqlalchemy import select
    with database.session() as s:
        articles = sorted((a.url, a.title, a.text) for a in list_articles(s))
        rows = list(s.scalars(select(FigureRow)))
        figures = sorted((f.article.url, f.quote) for f in rows)
        # Which article is first to report a value depends on the order pages arrive in; how many
        # figures are new and how many repeats does not.
        classes = Counter(f.tracking for f in rows)
    return articles, figures, classes


def config_for(server, db_url, tmp_path, name):
    return parse_config({
        "data_dir": str(tmp_path / name), "storage": {"url": db_url},
        "crawl": {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 5},
        "sources": [{"name": "peoples-daily-jjj", "start_urls": [server.url + "/GB/8198/index.html"],
                     "series": ["京津冀"]}],
    }, env={})


def test_worker_parsing_and_batched_storing_archive_the_same_as_one_at_a_time(site, site_server, tmp_path):
    paths = [f"/n1/2024/04{10 + i:02d}/c1004-4022{i:04d}.html" for i in range(9)]
    for i, path in enumerate(paths):
        site.article(path, title=f"京津冀协同发展观察之{i}", published=f"2024-04-{10 + i:02d} 09:00",
                     paragraphs=[f"第{i}篇：京津冀三地协同推进。", *PARAGRAPHS])
    site.article("/n1/2024/0420/c1004-40229999.html", title="无关报道", paragraphs=["今天天气很好。"])
    site.paginated("/GB/8198/", [Link(f"t{i}", p) for i, p in enumerate(paths)]
                   + [Link("x", "/n1/2024/0420/c1004-40229999.html")], per_page=4)
    from storage.db import open_database

    one_at_a_time = open_database(f"sqlite:///{tmp_path / 'one.db'}")
    crawl_in_child(config_for(site_server, f"sqlite:///{tmp_path / 'one.db'}", tmp_path, "one"),
                   SERIESWATCH_PARSE_WORKERS=0, SERIESWATCH_STORE_BATCH=1)
    pooled = open_database(f"sqlite:///{tmp_path / 'pooled.db'}")
    crawl_in_child(config_for(site_server, f"sqlite:///{tmp_path / 'pooled.db'}", tmp_path, "pooled"),
                   SERIESWATCH_PARSE_WORKERS=2, SERIESWATCH_PARSE_POOL_AFTER=2, SERIESWATCH_STORE_BATCH=4)

    articles, figures, classes = archive_of(pooled)
    assert len(articles) == 9 and len(figures) >= 9 * 4
    assert (articles, figures, classes) == archive_of(one_at_a_time)
    one_at_a_time.dispose()
    pooled.dispose()
