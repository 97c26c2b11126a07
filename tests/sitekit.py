"""Fixture sites for tests: realistic people.com.cn / en.people.cn pages, written as bytes to disk.

Pages follow the real templates (../shared/design/SITE.md), furniture included: nav bars,
breadcrumbs, related reading and hot lists full of numbers, share widgets, player scripts, the
editor line at the end of the body, and meta keywords/description/catalogs/contentid/publishdate/
author/source. The markup lives in `sitekit_templates/` (Jinja2, autoescaped).

    site = Site(tmp_path)
    site.article("/n1/2024/0423/c1004-40221837.html", title="...", paragraphs=["...", player()])
    site.paginated("/GB/8198/426918/", [Link("标题", "/n1/...html", "2024-04-23")], per_page=10)
    site.robots()
    site.revise("/n1/2024/0423/c1004-40221837.html", paragraphs=[...])   # new bytes, later mtime

Templates: rm_txt (current), box_con (2015-2020), text_show (print edition), english
(en.people.cn), unknown (a layout no site parser knows). `encoding` is the codec of the bytes
("gb2312" refuses characters outside GB2312: use "gbk"/"gb18030" to carry them, as the real
site does); `declared` is the charset the page claims ("auto" = what the real site declares,
None = no declaration, anything else may lie).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Sequence

import jinja2
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).with_name("sitekit_templates")
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
BEIJING = timezone(timedelta(hours=8))
INDENT = "\u3000\u3000"  # two ideographic spaces open every Chinese paragraph


class Raw(str):
    """A body block written as-is (HTML), not wrapped in a paragraph."""


def player(video_id: str = "q_v_j-1", mp4: str = "2024/0423/a1b2c3d4e5f6.mp4") -> Raw:
    """A video player block, as rm_txt bodies embed them (its numbers are not the article's)."""
    return Raw(f'<div class="rm_video" style="text-align:center;"><p style="text-align: center;">'
               f'<script id="{video_id}" src="//tools.people.com.cn/img/video/people-video.js" '
               f'type="text/javascript"></script><script>showPlayer({{id:"{video_id}",width:"640",'
               f'height:"360",src:"http://vod.people.com.cn/data/{mp4}",'
               f'img:"http://vod.people.com.cn/data/{mp4}.jpg",autoplay:0,time:"00:02:35"}});'
               f'</script></p></div>')


def image(src: str = "/NMediaFile/2024/0423/MAIN1713836311000153265.jpg", width: int = 600,
          height: int = 400) -> Raw:
    return Raw(f'<p style="text-align: center;"><img src="{escape(src)}" width="{width}" '
               f'height="{height}" border="0" /></p>')


@dataclass(frozen=True)
class Link:
    """One entry of a listing, related-reading, recommended or hot list."""
    title: str
    href: str
    date: str | None = None
    rank: int | None = None
    summary: str = ""


@dataclass(frozen=True)
class HotBox:
    heading: str
    items: tuple[Link, ...]


def _links(items: Sequence[Any]) -> list[Link]:
    """Accept Link objects, (title, href[, date]) tuples or dicts."""
    out = []
    for item in items:
        if isinstance(item, Link):
            out.append(item)
        elif isinstance(item, dict):
            out.append(Link(**item))
        else:
            out.append(Link(*item))
    return out


def hot_box(heading: str, titles_and_hrefs: Sequence[tuple[str, str]]) -> HotBox:
    return HotBox(heading, tuple(Link(t, h, rank=i) for i, (t, h) in enumerate(titles_and_hrefs, 1)))


HOT_ZH = (
    hot_box("热点推荐", [
        ("一季度国内生产总值296299亿元 同比增长5.3%", "http://finance.people.com.cn/n1/2024/0416/c1004-40216993.html"),
        ("3月份全国居民消费价格同比上涨0.1%", "http://finance.people.com.cn/n1/2024/0411/c1004-40213862.html"),
        ("全国铁路一季度发送旅客10.2亿人次", "http://society.people.com.cn/n1/2024/0408/c1008-40211285.html"),
        ("今年前两个月全国网上零售额2.2万亿元", "http://finance.people.com.cn/n1/2024/0318/c1004-40197880.html"),
    ]),
    hot_box("24小时排行", [
        ("京津冀今年一季度进出口1.2万亿元 同比增长6.4%", "http://bj.people.com.cn/n2/2024/0422/c82840-40817363.html"),
        ("我国5G基站总数达364.7万个", "http://finance.people.com.cn/n1/2024/0419/c1004-40219610.html"),
        ("3月末广义货币(M2)余额304.8万亿元", "http://finance.people.com.cn/n1/2024/0412/c1004-40214611.html"),
    ]),
)
HOT_EN = (
    hot_box("Most Popular", [
        ("China's GDP grows 5.3 pct in Q1", "http://en.people.cn/n3/2024/0416/c90000-20158836.html"),
        ("China's 5G base stations top 3.6 million", "http://en.people.cn/n3/2024/0220/c90000-20135012.html"),
        ("Over 470 million passenger trips made during Spring Festival holiday", "http://en.people.cn/n3/2024/0218/c90000-20134211.html"),
    ]),
)
DEFAULT_PARAGRAPHS = (
    "李晓琳介绍，去年，京津冀地区生产总值达到10.4万亿元，综合实力显著提升。",
    "数据显示，北京流向津冀技术合同成交额由2013年的71.2亿元增长至2023年的748.7亿元，年均增长26.5%。",
    "十年来，京津冀协同发展取得了实实在在的成果。",
)
TEMPLATE_DEFAULTS = {
    "rm_txt": dict(encoding="gb2312", outlet="人民网－财经频道", indent="ideographic"),
    "box_con": dict(encoding="gb2312", outlet="人民网－人民日报", indent="css"),
    "text_show": dict(encoding="gb2312", outlet="人民网－人民日报", indent="ideographic"),
    "english": dict(encoding="utf-8", outlet="Xinhua", indent="none", channel="China",
                    channel_url="http://en.people.cn/90785/"),
    "unknown": dict(encoding="utf-8", outlet="示例新闻网", indent="ideographic", channel="新闻",
                    channel_url="/news/"),
}
CHANNEL_URLS = {"财经": "http://finance.people.com.cn/", "时政": "http://politics.people.com.cn/",
                "社会": "http://society.people.com.cn/", "观点": "http://opinion.people.com.cn/"}


def _declared(declared: str | None, encoding: str, english: bool) -> str | None:
    if declared != "auto":
        return declared
    if encoding.lower().replace("-", "") == "utf8":
        return "UTF-8" if english else "utf-8"
    return "GB2312"  # the real site declares GB2312 for its GBK/GB18030 bytes too


def _encode(html: str, encoding: str, what: str) -> bytes:
    try:
        return html.encode(encoding)
    except UnicodeEncodeError as exc:
        raise ValueError(f"{what}: {exc.object[exc.start:exc.end]!r} cannot be encoded as {encoding}; "
                         f"use encoding='gbk' or 'gb18030' for characters outside GB2312") from None


@dataclass
class Article:
    """Everything an article page shows; `render()` returns the page's bytes."""
    path: str = "/n1/2024/0423/c1004-40221837.html"
    template: str = "rm_txt"
    title: str = "协同创新赋能京津冀经济高质量发展"
    kicker: str = ""
    subtitle: str = ""
    published: str = "2024-04-23 09:38"     # Beijing time, as the page shows it
    author: str = ""                        # as displayed: "人民网记者 许维娜"
    editors: Sequence[str] = ("高雷",)
    paragraphs: Sequence[str] = DEFAULT_PARAGRAPHS   # str → a paragraph, Raw → HTML as-is
    related: Sequence[Any] = ()             # related reading (相关阅读 / 相关新闻 / Related Stories)
    recommended: Sequence[Any] = ()         # 推荐阅读 items (Link with summary)
    hot: Sequence[HotBox] | None = None     # sidebar lists; None = the template's default
    keywords: str = ""
    description: str | None = None          # None = the start of the first paragraph
    source: str | None = None               # meta source; None = "来源：" + outlet
    outlet: str | None = None
    outlet_url: str | None = None
    channel: str | None = None              # for <title> and the breadcrumb, e.g. "财经"
    channel_url: str | None = None
    catalogs: str | None = None             # None = taken from the path (c1004-…)
    contentid: str | None = None
    author_id: str = "104363"               # meta author is a numeric id on the real site
    editor_id: str = "1610"
    paper: str | None = None                # text_show: "《 人民日报 》（ 2019年07月10日 01 版）"
    encoding: str | None = None             # codec of the bytes; None = template default
    declared: str | None = "auto"           # charset the page declares (may lie); None = none
    charset_meta: str = "http-equiv"        # or "html5" (<meta charset=...>)
    indent: str | None = None               # ideographic | css | none

    def __post_init__(self) -> None:
        if self.template not in TEMPLATE_DEFAULTS:
            raise ValueError(f"unknown template {self.template!r}; one of {sorted(TEMPLATE_DEFAULTS)}")
        defaults = TEMPLATE_DEFAULTS[self.template]
        for name in ("encoding", "outlet", "indent", "channel", "channel_url"):
            if getattr(self, name) is None and name in defaults:
                setattr(self, name, defaults[name])
        self.channel = self.channel or "财经"
        self.channel_url = self.channel_url or CHANNEL_URLS.get(self.channel, "http://www.people.com.cn/")
        self.outlet_url = self.outlet_url or self.channel_url
        match = re.search(r"c(\d+)-(\d+)(?:-\d+)?\.html$", self.path)
        self.catalogs = self.catalogs or (match.group(1) if match else "1004")
        self.contentid = self.contentid or (match.group(2) if match else "40000000")

    @property
    def published_at(self) -> datetime:
        return datetime.strptime(self.published, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)

    def text_paragraphs(self) -> list[str]:
        """The body text the way a parser should return it (paragraphs, indent stripped)."""
        return [str(p).strip("\u3000 ") for p in self.paragraphs if not isinstance(p, Raw)]

    def body_html(self) -> Markup:
        blocks = []
        for para in self.paragraphs:
            if isinstance(para, Raw):
                blocks.append(Markup(para))
            elif self.indent == "css":
                blocks.append(Markup('<p style="text-indent: 2em;">\n\t%s</p>') % para)
            elif self.indent == "ideographic" and not para.startswith("\u3000"):
                blocks.append(Markup("<p>%s%s</p>") % (INDENT, para))
            else:
                blocks.append(Markup("<p>%s</p>") % para)
        return Markup("\n").join(blocks)

    def context(self) -> dict:
        at, english = self.published_at, self.template == "english"
        first = next((p for p in self.text_paragraphs()), "")
        return dict(
            asdict(self), body_html=self.body_html(), year=at.year,
            declared=_declared(self.declared, self.encoding, english),
            related=_links(self.related), recommended=_links(self.recommended),
            hot=self.hot if self.hot is not None else (HOT_EN if english else HOT_ZH),
            description=self.description if self.description is not None else first[:120],
            source=self.source if self.source is not None else (
                self.outlet if english else f"来源：{self.outlet}"),
            paper=self.paper or f"《 人民日报 》（ {at:%Y年%m月%d日} 01 版）",
            zh_time=f"{at:%Y年%m月%d日%H:%M}", publishdate=f"{at:%Y-%m-%d}",
            en_time=f"{at:%H:%M}, {at:%B} {at.day}, {at.year}", iso_time=at.isoformat(),
            lang="en" if english else "zh")

    def html(self) -> str:
        return _env.get_template(f"{self.template}.html.j2").render(p=self.context())

    def render(self) -> bytes:
        return _encode(self.html(), self.encoding, self.path)


@dataclass
class Listing:
    """A listing or topic page; `render()` returns its bytes."""
    items: Sequence[Any] = ()
    title: str = "京津冀协同发展"
    heading: str | None = None
    channel: str = "财经"
    channel_url: str | None = None
    keywords: str = ""
    description: str = ""
    page: int = 1
    pages: int = 1
    next_page: str | None = None             # href of the "下一页" link
    prev_page: str | None = None
    hot: Sequence[HotBox] | None = None
    lang: str = "zh"
    encoding: str | None = None
    declared: str | None = "auto"

    def render(self) -> bytes:
        english = self.lang == "en"
        encoding = self.encoding or ("utf-8" if english else "gb2312")
        p = dict(asdict(self), links=_links(self.items), heading=self.heading or self.title,
                 channel_url=self.channel_url or CHANNEL_URLS.get(self.channel, "http://www.people.com.cn/"),
                 hot=self.hot if self.hot is not None else (() if english else HOT_ZH),
                 declared=_declared(self.declared, encoding, english), year=2024)
        template = "listing_en.html.j2" if english else "listing.html.j2"
        return _encode(_env.get_template(template).render(p=p), encoding, self.title)


def render_article(**fields) -> bytes:
    return Article(**fields).render()


def render_listing(items: Sequence[Any], **fields) -> bytes:
    return Listing(items=items, **fields).render()


@dataclass
class Site:
    """A fixture site in a directory: pages are written as bytes under `root` at their URL path."""
    root: Path
    articles: dict[str, Article] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        self.root.mkdir(parents=True, exist_ok=True)

    def file(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    def write(self, path: str, data: bytes | str, *, encoding: str = "utf-8") -> Path:
        """Write raw bytes (or text in `encoding`) at `path`; a later mtime when it existed."""
        file = self.file(path)
        old = file.stat().st_mtime if file.exists() else None
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
        if old is not None:
            self.touch(path, after=old)
        return file

    def read(self, path: str) -> bytes:
        return self.file(path).read_bytes()

    def touch(self, path: str, *, after: float | None = None) -> float:
        """Give the file a later mtime (at least 2 s after `after`/its current one, so
        Last-Modified changes at HTTP's one-second resolution); returns the new mtime."""
        file = self.file(path)
        mtime = max(time.time(), (after if after is not None else file.stat().st_mtime) + 2)
        os.utime(file, (mtime, mtime))
        return mtime

    def remove(self, path: str) -> None:
        self.file(path).unlink()
        self.articles.pop(path, None)

    def article(self, path: str, **fields) -> Article:
        article = Article(path=path, **fields)
        self.write(path, article.render())
        self.articles[path] = article
        return article

    def revise(self, path: str, **changes) -> Article:
        """Re-render a page written by `article()` with some fields changed; bumps its mtime."""
        article = replace(self.articles[path], **changes)
        self.write(path, article.render())
        self.articles[path] = article
        return article

    def listing(self, path: str, items: Sequence[Any], **fields) -> Listing:
        listing = Listing(items=items, **fields)
        self.write(path, listing.render())
        return listing

    def paginated(self, directory: str, items: Sequence[Any], *, per_page: int = 10,
                  **fields) -> list[str]:
        """index.html, index2.html, … each linking the next with "下一页"; returns their paths."""
        items = list(items)
        chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
        name = lambda n: "index.html" if n == 1 else f"index{n}.html"
        paths = []
        for n, chunk in enumerate(chunks, 1):
            path = directory.rstrip("/") + "/" + name(n)
            self.listing(path, chunk, page=n, pages=len(chunks),
                         next_page=name(n + 1) if n < len(chunks) else None,
                         prev_page=name(n - 1) if n > 1 else None, **fields)
            paths.append(path)
        return paths

    def robots(self, text: str = "User-agent: *\nDisallow:\n") -> Path:
        return self.write("/robots.txt", text)
