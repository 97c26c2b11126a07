"""A generated archive for the query benchmarks: N articles and 10 figures each, written by bulk inserts.

The schema is the real one (`open_database` runs the migrations); rows go in with multi-row
INSERTs (COPY for figures on PostgreSQL) instead of through `ArticleStore`, which would take hours
at 100k articles. The full-text index is then built by the migration's own `rebuild_index`, and
statistics are gathered (ANALYZE), so indexes and plans are those of a real archive.

Text: headlines and 6–10 paragraphs of Chinese (one article in six in English) about the region,
~1,300 characters a body, assembled from phrase tables with random numbers, so the vocabulary
(bigrams) is broad. Marker words for the searches: 京津冀 in every article (the common word),
协同 in most, 冰雪节 (zh) / zeppelin (en) in one article in a thousand (the rare words).
Figures: 2 % belong to a catalog indicator (20 indicators × 10 years), the rest are uncatalogued.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, timedelta

from sqlalchemy import insert, text

from storage.models import Article, ArticleUrl, FigureRow, Revision, Source

REGIONS = ["北京", "天津", "河北", "雄安新区", "通州", "廊坊", "保定", "唐山", "张家口", "承德", "石家庄", "沧州"]
THINGS = ["技术合同成交额", "地区生产总值", "高铁里程", "新能源汽车产量", "跨境电商交易额", "研发投入", "常住人口",
          "专利授权量", "集成电路产业", "生物医药企业", "轨道交通线路", "生态补偿资金", "港口集装箱吞吐量", "物流园区"]
VERBS = ["同比增长", "累计完成", "达到", "比上年提高", "突破", "新增", "下降", "连续三年保持"]
OPENERS = ["近年来，", "数据显示，", "据统计，", "今年以来，", "记者了解到，", "与此同时，", "截至目前，", "另据初步核算，"]
TAILS = ["协同发展取得显著成效。", "产业链上下游加快融合。", "公共服务共建共享持续推进。", "营商环境不断优化。",
         "交通一体化网络加快形成。", "生态环境质量持续改善。", "科技创新协同深入推进。", "区域协调发展迈上新台阶。"]
EN = ["The Beijing-Tianjin-Hebei region reported {n} billion yuan in technology contracts.",
      "Officials said coordinated development had reached a new stage in {y}.",
      "Rail links between Beijing and Xiong'an carried {n} million passengers.",
      "Investment in new energy vehicles grew {p} percent year on year.",
      "Hebei province received {n} relocated enterprises from the capital.",
      "Air quality in the region improved, with PM2.5 down {p} percent."]
INDICATORS = [f"ind_{i:02d}" for i in range(20)]
UNITS = ["CNY", "percent", "count", "km", "t"]


def _zh_paragraph(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(2, 4)):
        out.append(f"{rng.choice(OPENERS)}{rng.choice(REGIONS)}{rng.choice(THINGS)}{rng.choice(VERBS)}"
                   f"{rng.randint(1, 9999)}.{rng.randint(0, 9)}亿元，{rng.choice(REGIONS)}与{rng.choice(REGIONS)}"
                   f"{rng.choice(TAILS)}")
    return "".join(out)


def _en_paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(EN).format(n=rng.randint(1, 999), y=rng.randint(2014, 2025), p=rng.randint(1, 60))
                    for _ in range(rng.randint(3, 5)))


def article_row(i: int, rng: random.Random, start: datetime) -> dict:
    english = i % 6 == 5
    paras = [(_en_paragraph if english else _zh_paragraph)(rng) for _ in range(rng.randint(6, 10))]
    if english:
        paras[0] = "Beijing-Tianjin-Hebei 京津冀 coordinated development. " + paras[0]
        title = f"Beijing-Tianjin-Hebei: {rng.choice(['new stage', 'rail links', 'innovation', 'air quality'])} {i}"
        if i % 1000 == 5:
            paras.append("A zeppelin exhibition opened in Tianjin.")
    else:
        title = f"{rng.choice(REGIONS)}{rng.choice(THINGS)}{rng.choice(VERBS)} 京津冀协同发展第{i}篇"
        if i % 1000 == 0:
            paras.append("首届京津冀冰雪节在张家口开幕。")
    body = "\n\n".join(paras)
    published = start + timedelta(minutes=53 * i)
    return dict(id=i + 1, source_id=1 + i % 2, url=f"http://bench.people.com.cn/n1/{published:%Y/%m%d}/c1004-{i}.html",
                title=title, title_key=hashlib.md5(title.encode()).hexdigest(), kicker=None, subtitle=None,
                series_name=None, series_part=None, published_at=published, outlet="人民网", authors=["记者"],
                editors=["编辑"], keywords=[], description=None, language="en" if english else "zh", content_id=str(i),
                template="rm_txt", text=body, text_hash=hashlib.sha256(body.encode()).hexdigest(),
                first_seen_at=published, updated_at=published, revision_count=1)


def figure_rows(article: dict, rng: random.Random, per_article: int, next_id: int) -> list[dict]:
    rows = []
    for k in range(per_article):
        catalogued = rng.random() < 0.02
        indicator = rng.choice(INDICATORS) if catalogued else None
        period = str(rng.randint(2014, 2024))
        value = round(rng.uniform(1, 1e4), 1)
        unit = rng.choice(UNITS)
        series = indicator or f"~subject{rng.randint(0, 50000)}|{rng.choice(REGIONS)}|{unit}|level"
        quote = f"{value}亿元"
        rows.append(dict(id=next_id + k, article_id=article["id"], revision_id=article["id"], run_id=None, series=series,
                         indicator=indicator, value=value * 1e8, unit=unit, measure_word=None, approx=None,
                         kind="level", period=period, subject=rng.choice(THINGS), region=rng.choice(REGIONS),
                         quote=quote, span_start=10 * k, span_end=10 * k + len(quote),
                         sentence=f"{period}年，{rng.choice(REGIONS)}{rng.choice(THINGS)}达到{quote}。",
                         tracking=rng.choice(["new_period", "repeat", "repeat", "repeat", "revised", "conflict"]),
                         previous_value=None, is_current=True, first_seen_at=article["first_seen_at"]))
    return rows


def build(db, *, articles: int, figures_per_article: int = 10, batch: int = 2000, seed: int = 12,
          progress=print) -> dict:
    """Fill an empty, migrated archive. Returns timings in seconds."""
    import time
    rng = random.Random(seed)
    start = datetime(2016, 1, 1)
    timings: dict = {}
    t0 = time.perf_counter()
    engine = db.engine
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        conn.execute(insert(Source), [{"id": 1, "name": "peoples-daily-jjj"}, {"id": 2, "name": "peoples-daily-search"}])
    fid = 1
    for first in range(0, articles, batch):
        arts = [article_row(i, rng, start) for i in range(first, min(articles, first + batch))]
        figs = [f for a in arts for f in figure_rows(a, rng, figures_per_article, fid + (a["id"] - arts[0]["id"])
                                                      * figures_per_article)]
        fid += len(figs)
        with engine.begin() as conn:
            conn.execute(insert(Article), arts)
            conn.execute(insert(ArticleUrl), [dict(id=a["id"], article_id=a["id"], url=a["url"],
                                                   content_id=a["content_id"], text_hash=a["text_hash"],
                                                   first_seen_at=a["first_seen_at"]) for a in arts])
            conn.execute(insert(Revision), [dict(id=a["id"], article_id=a["id"], number=1, title=a["title"],
                                                 text=a["text"], text_hash=a["text_hash"], url=a["url"],
                                                 raw_page_id=None, run_id=None, fetched_at=a["first_seen_at"])
                                            for a in arts])
            if pg:
                _copy_figures(conn, figs)
            else:
                conn.execute(insert(FigureRow), figs)
        if (first // batch) % 10 == 0:
            progress(f"  {first + len(arts)} articles, {fid - 1} figures ({time.perf_counter() - t0:.0f} s)")
    timings["insert_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    from storage.search_index import rebuild_index
    with engine.begin() as conn:
        rebuild_index(conn)
    timings["index_rebuild_s"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    with engine.begin() as conn:
        if pg:
            for table in ("articles", "figures", "article_search", "article_urls", "revisions", "sources"):
                conn.execute(text(f"ANALYZE {table}"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('figures', 'id'), (SELECT max(id) FROM figures))"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))"))
        else:
            conn.execute(text("ANALYZE"))
    timings["analyze_s"] = time.perf_counter() - t2
    return timings


FIGURE_COLUMNS = ["id", "article_id", "revision_id", "run_id", "series", "indicator", "value", "unit", "measure_word",
                  "approx", "kind", "period", "subject", "region", "quote", "span_start", "span_end", "sentence",
                  "tracking", "previous_value", "is_current", "first_seen_at"]


def _copy_figures(conn, rows: list[dict]) -> None:
    raw = conn.connection.driver_connection
    with raw.cursor().copy(f"COPY figures ({', '.join(FIGURE_COLUMNS)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row([r[c] for c in FIGURE_COLUMNS])


if __name__ == "__main__":       # a quick look: python benchmarks/archive_gen.py
    rng = random.Random(1)
    a = article_row(0, rng, datetime(2016, 1, 1))
    print(a["title"], len(a["text"]))
    print(a["text"][:300])
    print(json.dumps(figure_rows(a, rng, 2, 1)[0], ensure_ascii=False, default=str))
