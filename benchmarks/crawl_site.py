"""Generated People's Daily-style article pages for the crawl benchmark (bench_crawl.py).

`generate_site(root, n)` writes N distinct articles in the rm_txt, box_con, text_show and English
templates (tests/sitekit.py renders them) with realistic 京津冀 sentences and numbers.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TEMPLATE_MIX = (("rm_txt", 0.45), ("box_con", 0.2), ("text_show", 0.1), ("english", 0.25))

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


def generate_site(root: Path, n: int, seed: int = 2, *, realistic: bool = True):
    """N article pages under root; returns (article paths, template counts, the Site, listing Links).

    realistic: each page carries the real site's furniture (`furnish`), 60–100 kB a page.
    """
    from sitekit import Link, Site, _encode
    rng = random.Random(seed)
    others = [f"http://{rng.choice(CHANNELS)}.people.com.cn/n1/2024/{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}/"
              f"c{rng.randint(1001, 1010)}-{rng.randint(40000000, 40999999)}.html" for _ in range(400)]
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
            article = site.article(path, **fields)
        except ValueError:  # a character outside GB2312: GBK, as the real site does
            article = site.article(path, encoding="gbk", **fields)
        if realistic:
            site.write(path, _encode(furnish(article.html(), rng, others), article.encoding, path))
        counts[template] = counts.get(template, 0) + 1
        links.append(Link(title, path, f"{when:%Y-%m-%d}"))
    return [link.href for link in links], counts, site, links


# --------------------------------------------------------------------------- end to end


# --------------------------------------------------------------------------- the real site's furniture
# A real people.com.cn article page is 60–100 kB: the article is a few kB inside a ~300-link
# navigation block (every channel and its sub-channels), hot and ranking lists of other articles
# (with their own numbers), recommendation boxes, share widgets, inline scripts (ad slots,
# statistics, player and share code) and a long footer. `furnish()` adds that around a rendered
# page, so parsing and storing are measured on pages of the real size and shape.

CHANNELS = ("politics", "world", "finance", "tw", "military", "opinion", "leaders", "renshi", "theory",
            "legal", "society", "industry", "edu", "kpzg", "sports", "culture", "house", "auto", "health",
            "env", "energy", "it", "travel", "game", "ent", "fashion", "money", "ccnews", "dangshi", "cpc")
CHANNEL_WORDS = ("时政", "国际", "财经", "台湾", "军事", "观点", "领导", "人事", "理论", "法治", "社会", "产经",
                 "教育", "科普", "体育", "文化", "房产", "汽车", "健康", "环保", "能源", "科技", "旅游", "游戏",
                 "娱乐", "时尚", "金融", "党建", "党史", "要闻", "地方", "图片", "视频", "访谈", "专题", "数据",
                 "评论", "高层", "动态", "权威发布", "人民日报", "海外版", "强国论坛", "直播", "舆情")
HOT_TITLES = ("{n}个重点项目集中开工 总投资{a}亿元", "前{m}个月全国固定资产投资增长{g}%",
              "我国5G基站总数达{b}万个", "{m}月份CPI同比上涨{q}%", "一季度GDP同比增长{q}%",
              "全国铁路完成旅客发送量{b}亿人次", "{m}月末广义货币(M2)余额{a}万亿元",
              "今年以来新增减税降费{a}亿元", "全国粮食总产量达{a}亿斤", "新能源汽车产销量分别增长{g}%")


def _hot_title(rng: random.Random) -> str:
    return rng.choice(HOT_TITLES).format(n=rng.randint(10, 900), a=rng.randint(100, 9000), m=rng.randint(2, 11),
                                         g=round(rng.uniform(1, 40), 1), b=round(rng.uniform(10, 400), 1),
                                         q=round(rng.uniform(0.1, 6), 1))


def _nav_block(rng: random.Random) -> str:
    """The top navigation: ~300 links to channels and their sub-channels, as on the real site."""
    rows = []
    for c, channel in enumerate(CHANNELS):
        links = [f'<a href="http://{channel}.people.com.cn/" target="_blank">{CHANNEL_WORDS[c % len(CHANNEL_WORDS)]}</a>']
        for k in range(9):
            word = CHANNEL_WORDS[(c * 7 + k * 3) % len(CHANNEL_WORDS)]
            links.append(f'<a href="http://{channel}.people.com.cn/GB/{1000 + 37 * c + k}/index.html" '
                         f'target="_blank">{word}{"" if k < 5 else "频道"}</a>')
        rows.append(f'<li class="nav_item"><span class="nav_t">{CHANNEL_WORDS[c % len(CHANNEL_WORDS)]}</span>'
                    + "".join(links) + "</li>")
    return ('<div class="w1200 cf rm_nav_all" id="rm_navall"><ul class="nav_list cf">'
            + "\n".join(rows) + "</ul></div>")


def _hot_lists(rng: random.Random, others: list[str]) -> str:
    """Hot and ranking lists of other articles (titles full of numbers that are not this article's)."""
    boxes = []
    for heading in rng.sample(("24小时排行", "热点推荐", "图片新闻", "本网原创", "精彩推荐", "人民日报评论"), rng.randint(4, 6)):
        items = "".join(
            f'<li><span class="num">{k + 1}</span><a href="{rng.choice(others)}" target="_blank">{_hot_title(rng)}</a>'
            f'<em>{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}</em></li>' for k in range(12))
        boxes.append(f'<div class="box_hot cf"><h2><span>{heading}</span></h2><ul class="list_16">{items}</ul></div>')
    return '<div class="hot_area cf">' + "\n".join(boxes) + "</div>"


def _inline_scripts(rng: random.Random) -> str:
    """Ad-slot configuration, statistics and player code inlined in the page, as the site does."""
    slots = ",\n".join(
        f'  {{"id": "W{k:03d}_PIP", "w": {rng.choice((300, 728, 960))}, "h": {rng.choice((90, 250, 60))}, '
        f'"url": "http://pmm.people.com.cn/main/s?user=people|2020passage|W{k:03d}&db=people&border=0&local=yes", '
        f'"weight": {rng.randint(1, 9)}, "desc": "广告位{k}号，频道页通栏"}}' for k in range(rng.randint(10, 70)))
    code = "\n".join(
        f"function rmw_fn{k}(a, b) {{ var s = 0; for (var i = 0; i < a.length; i++) {{ s += a.charCodeAt(i) * {k + 3}; }}"
        f" if (b && b.length > {k}) {{ s ^= b.length; }} return (s % 100000).toString(16); }}" for k in range(rng.randint(20, 110)))
    return (f'<script type="text/javascript">\nvar rmw_ad_slots = [\n{slots}\n];\n</script>\n'
            f'<script type="text/javascript">\n{code}\n'
            'var _hmt = _hmt || []; (function() { var hm = document.createElement("script"); '
            'hm.src = "//hm.baidu.com/hm.js?d0e4b9d1e09e8ef8c1a7c2b4"; var s = document.getElementsByTagName("script")[0]; '
            's.parentNode.insertBefore(hm, s); })();\n</script>\n'
            '<style type="text/css">' + " ".join(f".rm_c{k}{{margin:{k % 7}px;padding:{k % 5}px;color:#{k * 4111 % 0xffffff:06x}}}"
                                                 for k in range(150)) + "</style>")


def _site_footer(rng: random.Random) -> str:
    links = "|".join(f'<a href="http://www.people.com.cn/GB/{50000 + 13 * k}/index.html" target="_blank">'
                     f'{CHANNEL_WORDS[k % len(CHANNEL_WORDS)]}{"服务" if k % 2 else "合作"}</a>' for k in range(40))
    return f'<div class="foot_links cf"><p>{links}</p><p>人民网版权所有，未经书面授权禁止使用</p></div>'


def furnish(html: str, rng: random.Random, others: list[str]) -> str:
    """The page with the real site's furniture around the article (nav, hot lists, scripts, footer)."""
    start = html.find(">", html.find("<body")) + 1
    end = html.rfind("</body>")
    return (html[:start] + "\n" + _nav_block(rng) + "\n" + html[start:end] + "\n" + _hot_lists(rng, others)
            + "\n" + _site_footer(rng) + "\n" + _inline_scripts(rng) + "\n" + html[end:])
