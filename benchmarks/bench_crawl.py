"""Crawl benchmark (issue 2): end-to-end pages/s, CPU ms per article and peak RSS of a real crawl
of a generated local site, and parse time per page against trafilatura on the same pages.

    /work/venv/bin/python benchmarks/bench_crawl.py [--pages 2000] [--rounds 5]

1. Generates N distinct article pages with tests/sitekit.py (rm_txt / box_con / text_show in
   GB2312, english in UTF-8; 京津冀 sentences full of numbers, 3-14 paragraphs each) plus
   paginated listings (100 links a page) under a temp dir, served by SiteServer on 127.0.0.1.
2. End to end: `run_cycle(config, kind="crawl", digests=False)` into a fresh SQLite archive,
   download_delay 0, no AutoThrottle, concurrency 16, at N/4 and at N pages. Each size runs in a
   fresh worker process (this file with --e2e-worker) so that RUSAGE_CHILDREN there is exactly
   the crawl child: its CPU (user+sys) and its ru_maxrss are per size, not the max over sizes.
   The site server stays in this process (its CPU is reported too: it shares the cores).
3. Parse comparison, in this process on the same page bytes: parse_article, parse_article +
   extract_figures, the archive pipeline (store + figures) and trafilatura.extract (given text
   already decoded, so its time excludes decoding; ours includes it), warmed up, the median of
   --rounds rounds.
4. Prints a table and writes benchmarks/out/crawl-<timestamp>.json (+ crawl-latest.json).

trafilatura and psutil are benchmark-only (not dependencies of serieswatch).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
OUT = ROOT / "benchmarks" / "out"

TEMPLATE_MIX = (("rm_txt", 0.45), ("box_con", 0.2), ("text_show", 0.1), ("english", 0.25))
PER_PAGE = 100

# --------------------------------------------------------------------------- page generation

ZH_NUMERIC = (
    "{y}年，京津冀地区生产总值达到{a:.1f}万亿元，按不变价格计算，比上年增长{g:.1f}%。",
    "数据显示，北京流向津冀技术合同成交额由2013年的{s:.1f}亿元增长至{y}年的{b:.1f}亿元，年均增长{g:.1f}%。",
    "天津港集装箱吞吐量完成{n1}万标准箱，同比增长{g:.1f}%，其中海铁联运量{n2}万标准箱。",
    "河北雄安新区累计完成投资{n1}亿元，在建重点项目{n3}个，启动区{n4}栋楼宇主体结构完工。",
    "今年一季度，京津冀三地进出口总值{a:.2f}万亿元，同比增长{g:.1f}%，占全国进出口总值的{p:.1f}%。",
    "截至{y}年底，中关村企业在津冀两地设立分支机构累计达{n5}家，比上年增加{n3}家。",
    "京津冀地区细颗粒物（PM2.5）平均浓度为{n6}微克/立方米，较2013年下降{p:.1f}%。",
    "轨道上的京津冀加速形成，区域内铁路营业里程达到{n7}公里，其中高铁{n8}公里，覆盖全部地级市。",
    "北京城市副中心今年计划实施重点项目{n3}个，年度计划投资{n1}亿元，同比增长{g:.1f}%。",
    "{y}年，北京、天津、河北研发投入强度分别为{r1:.2f}%、{r2:.2f}%和{r3:.2f}%。",
    "河北省承接京津转入基本单位{n5}个，其中近八成为法人单位，新增就业岗位{n4}个。",
    "{m}月份，京津冀区域居民消费价格同比上涨{q:.1f}%，环比下降{q2:.1f}%。",
    "天津市滨海—中关村科技园累计注册企业{n5}家，今年前{m}个月新增{n3}家，营业收入{b:.1f}亿元。",
    "三地常住人口合计{n9}万人，城镇化率达到{p:.1f}%，比上年提高{q:.1f}个百分点。",
)
ZH_PLAIN = (
    "十年来，京津冀协同发展取得了实实在在的成果。",
    "三地坚持优势互补、互利共赢，推动产业链创新链深度融合。",
    "记者在采访中了解到，越来越多的企业把研发放在北京、生产放在津冀。",
    "专家表示，要继续推进北京非首都功能疏解，在更高层次上推动区域协调发展。",
    "从交通一体化到生态环境联防联治，京津冀协同发展不断向纵深推进。",
    "据介绍，下一步将持续优化营商环境，推动更多政务服务事项跨省通办。",
    "走进位于天津的产业园区，一排排现代化厂房拔地而起，生产线正满负荷运转。",
    "雄安新区的建设者们说，每天都能看到新的变化。",
    "三地签署协议，推动医疗检查结果互认、养老服务协同和职业资格互认。",
    "环保部门开展联合执法检查，共享空气质量监测数据，区域空气质量持续改善。",
    "一批高校、医院向雄安新区疏解，新区公共服务水平不断提升。",
    "通勤族们说，坐高铁往返京津两地，早已成为日常生活的一部分。",
)
EN_NUMERIC = (
    "In {y}, the Beijing-Tianjin-Hebei region's GDP reached {a:.1f} trillion yuan, up {g:.1f} percent year on year.",
    "Technology contracts flowing from Beijing to Tianjin and Hebei were worth {b:.1f} billion yuan, up {g:.1f} percent.",
    "Tianjin Port handled {n1:,} thousand TEUs of containers in the first {m} months, an increase of {g:.1f} percent.",
    "Investment in the Xiong'an New Area has exceeded {n1} billion yuan, with {n3} major projects under construction.",
    "Foreign trade of the three areas totaled {a:.2f} trillion yuan, accounting for {p:.1f} percent of the national total.",
    "The average PM2.5 density in the region fell to {n6} micrograms per cubic meter, {p:.1f} percent lower than in 2013.",
    "The operating mileage of railways in the region reached {n7:,} kilometers, including {n8:,} km of high-speed rail.",
    "Zhongguancun companies have set up {n5:,} branches in Tianjin and Hebei, {n3} more than a year earlier.",
)
EN_PLAIN = (
    "The coordinated development of Beijing, Tianjin and Hebei has made solid progress over the past decade.",
    "Officials said the three areas will deepen cooperation in innovation, industry and public services.",
    "Experts noted that relocating non-capital functions from Beijing remains the key task.",
    "Residents say commuting between the cities has become noticeably easier.",
    "Local governments have signed agreements on mutual recognition of qualifications and shared medical services.",
    "More companies now keep their research centers in Beijing and move production lines to Tianjin and Hebei.",
    "Environmental authorities of the three areas conduct joint inspections and share monitoring data.",
)
ZH_TITLES = ("协同创新赋能京津冀经济高质量发展", "京津冀协同发展观察", "轨道上的京津冀加速形成",
             "雄安新区建设跑出加速度", "京津冀产业链协同迈出新步伐", "京津冀生态环境联防联治成效显著")
EN_TITLES = ("Beijing-Tianjin-Hebei integration gains momentum", "Xiong'an New Area takes shape",
             "Beijing-Tianjin-Hebei region deepens cooperation", "Rail links bind Beijing-Tianjin-Hebei closer")


def _random_numbers(rng: random.Random, year: int) -> dict:
    return dict(y=year, a=rng.uniform(1, 11), b=rng.uniform(100, 900), s=rng.uniform(30, 90),
                g=rng.uniform(0.5, 30), p=rng.uniform(5, 60), q=rng.uniform(0.1, 3), q2=rng.uniform(0.1, 1),
                n1=rng.randint(100, 9000), n2=rng.randint(10, 200), n3=rng.randint(5, 300),
                n4=rng.randint(50, 5000), n5=rng.randint(1000, 12000), n6=rng.randint(30, 110),
                n7=rng.randint(9000, 11000), n8=rng.randint(2000, 2600), n9=rng.randint(10000, 11500),
                m=rng.randint(2, 11), r1=rng.uniform(5, 7), r2=rng.uniform(3, 4), r3=rng.uniform(1.5, 2.5))


# "facts": as in real coverage, articles restate the same figures (one value per year), and one
# sentence in ten reports a different value (a revision, a preliminary figure). "random": every
# number is new, so every repeated figure conflicts with all earlier ones (the worst case for
# figure tracking: see README).
FACTS = {year: _random_numbers(random.Random(year), year) for year in range(2019, 2024)}
VALUES = "facts"


def _numbers(rng: random.Random) -> dict:
    year = rng.randint(2019, 2023)
    if VALUES == "random" or rng.random() < 0.1:
        return _random_numbers(rng, year)
    return FACTS[year]


def _paragraphs(rng: random.Random, english: bool, index: int) -> list:
    from sitekit import image, player
    numeric, plain = (EN_NUMERIC, EN_PLAIN) if english else (ZH_NUMERIC, ZH_PLAIN)
    sep = " " if english else ""
    paras: list = []
    for k in range(rng.randint(4, 14)):
        sentences = [rng.choice(numeric).format(**_numbers(rng)) for _ in range(rng.choice((0, 0, 1, 1, 2)))]
        sentences += [rng.choice(plain) for _ in range(rng.randint(1, 3))]
        rng.shuffle(sentences)
        if k == 0:  # every page distinct, and in the series
            sentences.insert(0, f"(No. {index}) Beijing-Tianjin-Hebei report." if english
                             else f"第{index}期：京津冀协同发展调研。")
        paras.append(sep.join(sentences))
    if not english and rng.random() < 0.3:
        paras.insert(rng.randint(0, len(paras)), image())
    if not english and rng.random() < 0.15:
        paras.insert(rng.randint(0, len(paras)), player(video_id=f"q_v_{index}"))
    return paras


def generate_site(root: Path, n: int, seed: int = 2):
    """N article pages under root; returns (article paths, template counts, the Site, listing Links)."""
    from sitekit import Link, Site
    rng = random.Random(seed)
    site = Site(root)
    site.robots()
    names, weights = zip(*TEMPLATE_MIX)
    start = datetime(2024, 1, 1, 8, 0)
    links, counts = [], {}
    for i in range(n):
        template = rng.choices(names, weights)[0]
        english = template == "english"
        when = start + timedelta(hours=4 * i + rng.randint(0, 3), minutes=rng.randint(0, 59))
        content_id = 40200000 + i
        path = (f"/n3/{when:%Y}/{when:%m%d}/c90000-{content_id}.html" if english
                else f"/n1/{when:%Y}/{when:%m%d}/c1004-{content_id}.html")
        title = f"{rng.choice(EN_TITLES if english else ZH_TITLES)} ({i})" if english else \
            f"{rng.choice(ZH_TITLES)}（{i}）"
        fields = dict(template=template, title=title, published=f"{when:%Y-%m-%d %H:%M}",
                      paragraphs=_paragraphs(rng, english, i))
        if not english:
            fields["author"] = rng.choice(("", "人民网记者 许维娜", "本报记者 张腾扬", "人民网记者 王连香"))
        try:
            site.article(path, **fields)
        except ValueError:  # a character outside GB2312: GBK, as the real site does
            site.article(path, encoding="gbk", **fields)
        counts[template] = counts.get(template, 0) + 1
        links.append(Link(title, path, f"{when:%Y-%m-%d}"))
    return [link.href for link in links], counts, site, links


# --------------------------------------------------------------------------- end to end

def e2e_worker(spec_file: str) -> None:
    """In a fresh process: one run_cycle; prints JSON with wall, CPU and peak RSS of the crawl child."""
    import logging
    logging.basicConfig(level=logging.WARNING)
    import psutil
    from scheduler.cycle import run_cycle
    from serieswatch.config import parse_config
    from storage.db import open_database
    from storage.queries import list_articles, run_failures

    spec = json.loads(Path(spec_file).read_text())
    config = parse_config(spec["config"], env={})
    db = open_database(config.storage_url)   # migrations applied here, outside the timed part
    db.dispose()

    # Sample the crawl child's RSS too (a cross-check of ru_maxrss, and its course over the run).
    me, samples, stop = psutil.Process(), [], threading.Event()

    def sample():
        t0 = time.monotonic()
        while not stop.wait(0.25):
            rss = []
            for child in me.children():   # the crawl child (and multiprocessing's resource tracker)
                try:
                    rss.append(child.memory_info().rss // 1024)
                except psutil.Error:
                    pass
            if rss:
                samples.append((round(time.monotonic() - t0, 2), max(rss)))
    sampler = threading.Thread(target=sample, daemon=True)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.start()
    t0 = time.perf_counter()
    outcome = run_cycle(config, kind="crawl", digests=False)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    db = open_database(config.storage_url)
    with db.session() as s:
        archived = len(list_articles(s))
        failures = [(f.url, f.kind, f.reason) for f in run_failures(s, outcome.run_id)]
    db.dispose()
    print(json.dumps({
        "status": outcome.status, "reason": outcome.reason, "stats": outcome.stats, "stages": outcome.stages,
        "archived": archived, "failures": failures, "wall_s": wall,
        "child_user_s": after.ru_utime - before.ru_utime, "child_sys_s": after.ru_stime - before.ru_stime,
        "child_maxrss_kib": after.ru_maxrss, "rss_samples_kib": samples,
    }))


def run_e2e(server, work: Path, label: str, listing_dir: str, listing_pages: int) -> dict:
    data = work / f"archive-{label}"
    data.mkdir()
    spec = {"config": {
        "data_dir": str(data),
        "storage": {"url": f"sqlite:///{data / 'serieswatch.db'}"},
        "crawl": {"download_delay": 0, "autothrottle": False, "concurrency": 16,
                  "max_listing_pages": listing_pages + 1, "retries": 0, "timeout": 30},
        "sources": [{"name": "bench", "start_urls": [server.url_for(listing_dir + "index.html")],
                     "series": ["京津冀", "Beijing-Tianjin-Hebei"]}],
    }}
    spec_file = work / f"spec-{label}.json"
    spec_file.write_text(json.dumps(spec))
    server_before = resource.getrusage(resource.RUSAGE_SELF)
    hits_before = len(server.hits)
    proc = subprocess.run([sys.executable, __file__, "--e2e-worker", str(spec_file)], cwd=ROOT,
                          capture_output=True, text=True)
    server_after = resource.getrusage(resource.RUSAGE_SELF)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"end-to-end worker failed ({label})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["server_cpu_s"] = (server_after.ru_utime - server_before.ru_utime
                              + server_after.ru_stime - server_before.ru_stime)
    result["requests"] = len(server.hits) - hits_before
    samples = result.pop("rss_samples_kib")
    result["rss_sampled_peak_kib"] = max((kib for _, kib in samples), default=None)
    # The course of the child's RSS: at 25 %, 50 %, 75 % and 100 % of the run.
    samples = [(t, kib) for t, kib in samples if kib > (result["rss_sampled_peak_kib"] or 0) / 4]  # crawl child only
    if samples:
        result["rss_course_kib"] = [samples[min(len(samples) - 1, int(len(samples) * f))][1]
                                    for f in (0.25, 0.5, 0.75, 0.999)]
    a = result["archived"]
    cpu = result["child_user_s"] + result["child_sys_s"]
    result.update(pages_per_s=a / result["wall_s"], crawl_stage_pages_per_s=a / result["stages"]["crawl"],
                  cpu_ms_per_article=1000 * cpu / a if a else None, child_cpu_s=cpu)
    return result


# --------------------------------------------------------------------------- parse comparison

def parse_comparison(pages: list[tuple[str, bytes]], rounds: int, work: Path, store_limit: int) -> dict:
    import trafilatura
    from crawler.figures import extract_figures
    from crawler.parsing import decode_html, parse_article
    from serieswatch.catalog import load_default_catalog

    catalog = tuple(load_default_catalog())
    decoded = [(url, decode_html(body, None)[0]) for url, body in pages]
    parsed = {url: parse_article(body, url) for url, body in pages}
    text_chars = statistics.mean(len(p.text) for p in parsed.values())
    figures = sum(len(extract_figures(p.text, language=p.language, published_at=p.published_at, catalog=catalog))
                  for p in parsed.values())

    def ours(page):
        return parse_article(page[1], page[0])

    def ours_figures(page):
        p = parse_article(page[1], page[0])
        return extract_figures(p.text, language=p.language, published_at=p.published_at, catalog=catalog)

    def traf(page):
        return trafilatura.extract(page[1])

    def traf_fast(page):
        return trafilatura.extract(page[1], fast=True)

    out = {"pages": len(pages), "rounds": rounds, "mean_body_chars": round(text_chars),
           "mean_page_bytes": round(statistics.mean(len(b) for _, b in pages)),
           "figures_per_page": round(figures / len(pages), 1)}
    # Interleaved so that a neighbour stealing the CPU hurts every contender alike.
    contenders = [("parse", ours, pages), ("parse_figures", ours_figures, pages),
                  ("trafilatura", traf, decoded), ("trafilatura_fast", traf_fast, decoded)]
    for name, fn, data in contenders:
        for page in data[: max(20, len(data) // 10)]:
            fn(page)
    rounds_ms = {name: [] for name, _, _ in contenders}
    for _ in range(rounds):
        for name, fn, data in contenders:
            t = time.perf_counter()
            for page in data:
                fn(page)
            rounds_ms[name].append(1000 * (time.perf_counter() - t) / len(data))
    for name in rounds_ms:
        out[f"{name}_ms"] = statistics.median(rounds_ms[name])
        out[f"{name}_rounds_ms"] = [round(v, 3) for v in rounds_ms[name]]
    out["ratio_trafilatura_vs_parse"] = out["trafilatura_ms"] / out["parse_ms"]
    out["ratio_trafilatura_vs_parse_figures"] = out["trafilatura_ms"] / out["parse_figures_ms"]
    out["ratio_trafilatura_fast_vs_parse_figures"] = out["trafilatura_fast_ms"] / out["parse_figures_ms"]
    store_pages = pages[:store_limit]
    out["store_pages"] = len(store_pages)
    out["store_ms"], out["store_ms_by_quarter"] = store_cost(store_pages, parsed, work)
    return out


def store_cost(pages, parsed, work: Path) -> tuple[float, list[float]]:
    """ms per article of the archive pipeline (raw page + article + revision + page state + figures
    extracted and stored, one transaction each) into a fresh SQLite archive, as the crawl does it;
    also the mean for each quarter of the pages (it grows with the archive: see README)."""
    from types import SimpleNamespace

    from crawler.figure_hook import make_figure_hook
    from crawler.pipelines import ArchivePipeline
    from crawler.report import CrawlReport
    from serieswatch.config import parse_config
    from storage.db import open_database
    from storage.runs import RunStore

    data = work / "archive-store"
    data.mkdir()
    config = parse_config({"data_dir": str(data), "storage": {"url": f"sqlite:///{data / 's.db'}"}}, env={})
    db = open_database(config.storage_url)
    with db.session() as s:
        run_id = RunStore(s).start("crawl").id
    spider = SimpleNamespace(db=db, report=CrawlReport(), figure_hook=make_figure_hook(config))
    pipeline = ArchivePipeline(SimpleNamespace(spider=spider))
    items = [{"parsed": parsed[url], "url": url, "body": body, "header_charset": None,
              "validators": {"etag": f'"{i}"', "last_modified": None}, "source": "bench", "run_id": run_id}
             for i, (url, body) in enumerate(pages)]
    times = []
    for item in items:
        t = time.perf_counter()
        pipeline.process_item(item)
        times.append(1000 * (time.perf_counter() - t))
    db.dispose()
    q = max(1, len(times) // 4)
    return statistics.mean(times), [round(statistics.mean(times[i:i + q]), 2) for i in range(0, q * 4, q)]


# --------------------------------------------------------------------------- report

def machine() -> dict:
    import scrapy
    import trafilatura
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal")), 0)
    return {"nproc": os.cpu_count(), "sched_affinity": len(os.sched_getaffinity(0)), "cpu": cpu,
            "ram_gib": round(mem_kib / 2**20, 1), "python": platform.python_version(),
            "scrapy": scrapy.__version__, "trafilatura": trafilatura.__version__,
            "loadavg_at_start": os.getloadavg()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the parse comparison (median)")
    ap.add_argument("--store-pages", type=int, default=500,
                    help="pages stored in-process for the store cost (it grows with the archive)")
    ap.add_argument("--parse-pages", type=int, default=None, help="pages in the parse comparison (default: all)")
    ap.add_argument("--values", choices=("facts", "random"), default="facts",
                    help="facts: articles restate a fixed set of figures (default); random: every number new")
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--e2e-worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.e2e_worker:
        return e2e_worker(args.e2e_worker)

    from scheduler.demo.server import SiteServer

    global VALUES
    VALUES = args.values
    info = machine()
    result = {"when": datetime.now().isoformat(timespec="seconds"), "pages": args.pages, "values": args.values,
              "machine": info}
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        paths, counts, site, links = generate_site(work / "site", args.pages)
        small = max(1, args.pages // 4)
        sizes = {"quarter": ("/GB/small/", links[:small]), "full": ("/GB/all/", links)}
        listing_pages = {}
        for label, (directory, items) in sizes.items():
            listing_pages[label] = len(site.paginated(directory, items, per_page=PER_PAGE, title="京津冀协同发展"))
        result["generation"] = {"seconds": round(time.perf_counter() - t, 1), "templates": counts,
                                "listing_pages": listing_pages}
        print(f"generated {args.pages} pages {counts} in {result['generation']['seconds']} s", file=sys.stderr)

        if not args.skip_e2e:
            with SiteServer(site.root) as server:
                result["e2e"] = {}
                for label, (directory, items) in sizes.items():
                    print(f"end to end: {label} ({len(items)} pages) …", file=sys.stderr)
                    r = run_e2e(server, work, label, directory, listing_pages[label])
                    r["pages"] = len(items)
                    result["e2e"][label] = r
                q, f = result["e2e"]["quarter"], result["e2e"]["full"]
                if f["archived"] > q["archived"] and f["wall_s"] > q["wall_s"]:
                    result["e2e_marginal"] = {
                        "pages_per_s": (f["archived"] - q["archived"]) / (f["wall_s"] - q["wall_s"]),
                        "cpu_ms_per_article": 1000 * (f["child_cpu_s"] - q["child_cpu_s"])
                        / (f["archived"] - q["archived"]),
                    }

        print("parse comparison …", file=sys.stderr)
        chosen = paths[: args.parse_pages] if args.parse_pages else paths
        pages = [(server_url_for(path), site.read(path)) for path in chosen]
        result["parse"] = parse_comparison(pages, args.rounds, work, args.store_pages)
        result["machine"]["loadavg_at_end"] = os.getloadavg()

    OUT.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"crawl-{stamp}.json", "crawl-latest.json"):
        (OUT / name).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print_table(result)
    print(f"\nwritten: {OUT / f'crawl-{stamp}.json'}")


def server_url_for(path: str) -> str:
    """A stable URL for the parse comparison (parse_article only reads the path)."""
    return "http://127.0.0.1:8000" + path


def print_table(r: dict) -> None:
    m = r["machine"]
    print(f"\nmachine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB, Python {m['python']}, "
          f"Scrapy {m['scrapy']}, trafilatura {m['trafilatura']}; load avg at start {m['loadavg_at_start'][0]:.2f}")
    if "e2e" in r:
        print("\nend to end (run_cycle, crawl child, SQLite; delay 0, concurrency 16)")
        print(f"{'size':>8} {'archived':>8} {'wall s':>7} {'pages/s':>8} {'crawl-stage p/s':>15} "
              f"{'CPU ms/article':>14} {'peak RSS MiB':>12} {'server CPU s':>12} {'status':>8}")
        for label, e in r["e2e"].items():
            print(f"{label:>8} {e['archived']:>8} {e['wall_s']:>7.1f} {e['pages_per_s']:>8.1f} "
                  f"{e['crawl_stage_pages_per_s']:>15.1f} {e['cpu_ms_per_article']:>14.1f} "
                  f"{e['child_maxrss_kib'] / 1024:>12.0f} {e['server_cpu_s']:>12.1f} {e['status']:>8}")
        if "e2e_marginal" in r:
            mg = r["e2e_marginal"]
            print(f"marginal (full − quarter): {mg['pages_per_s']:.1f} pages/s, "
                  f"{mg['cpu_ms_per_article']:.1f} CPU ms/article")
    p = r["parse"]
    print(f"\nparse, one process, {p['pages']} pages (mean {p['mean_page_bytes']} B, body {p['mean_body_chars']} chars, "
          f"{p['figures_per_page']} figures/page); median of {p['rounds']} rounds")
    for key, label in (("parse", "parse_article"), ("parse_figures", "parse_article + extract_figures"),
                       ("trafilatura", "trafilatura.extract (text)"),
                       ("trafilatura_fast", "trafilatura.extract (text, fast=True)")):
        print(f"  {label:<40} {p[key + '_ms']:>7.2f} ms/page")
    print(f"  {'archive pipeline (store + figures)':<40} {p['store_ms']:>7.2f} ms/article over {p['store_pages']} "
          f"articles; by quarter {p['store_ms_by_quarter']}")
    print(f"  ratio trafilatura / parse_article            {p['ratio_trafilatura_vs_parse']:.1f}×")
    print(f"  ratio trafilatura / parse + figures          {p['ratio_trafilatura_vs_parse_figures']:.1f}×")
    print(f"  ratio trafilatura fast / parse + figures     {p['ratio_trafilatura_fast_vs_parse_figures']:.1f}×")


if __name__ == "__main__":
    main()
