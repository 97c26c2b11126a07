"""The article templates People's Daily Online is known to use, as tables of XPath selectors.

- ``rm_txt`` (2020s): ``div.layout.rm_txt > div.col.col-1`` with ``h3.pre`` / ``h1`` / ``h4.sub``,
  ``div.author``, ``<b id="newstime">`` in ``div.channel > div.col-1-1``, body ``#rm_txt_zw``.
- ``text_show`` (print edition): body ``div.text_show``, credit ``span#paper_num``.
- ``box_con`` (about 2015–2020): ``div.text_title > h1``, ``p.author``, ``div.box01 > div.fl``,
  body ``div.box_con#rwb_zw``, editor ``div.edit``.
- ``en`` (en.people.cn): ``h1``, an origin line "By … (People's Daily Online) 09:38, April 23,
  2024", body in ``div.d2txt_con`` / ``div.w860.d2txtCon`` (markup *unverified*: on en.people.cn
  hosts the densest block stands in when neither matches).
- older pages (``#p_title``, ``#p_publishtime``, body ``#p_content``) are read as ``box_con``.

A template applies when its body selector matches; fields it cannot find are filled by the
generic rules (see ``generic.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from crawler.parsing.body import body_paragraphs, densest_block
from crawler.parsing.candidate import Candidate
from crawler.parsing.credits import EDITOR_LINE, english_dateline, parse_outlet
from crawler.parsing.dates import find_datetime
from crawler.parsing.dom import element_text
from crawler.parsing.generic import editor_anywhere

__all__ = ["Template", "TEMPLATES", "extract_known"]


def _cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@dataclass(frozen=True)
class Template:
    """Where one template keeps each field: XPath expressions tried in order."""

    name: str
    body: tuple[str, ...]
    title: tuple[str, ...] = ()
    kicker: tuple[str, ...] = ()
    subtitle: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    date: tuple[str, ...] = ()          # elements whose text holds the date (and 来源/outlet)
    editor: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()        # the outlet when the date line does not carry it (span#p_origin)

    def compiled(self, field_name: str) -> tuple[etree.XPath, ...]:
        return _COMPILED[(id(self), field_name)]


_PRE = f"//h3[{_cls('pre')}]"
_SUB = f"//h4[{_cls('sub')}]"
_EDIT = f"//div[{_cls('edit')}]"
_ORIGIN = "//*[@id='p_origin']"        # 2009-era pages: the source in a span beside #p_publishtime

RM_TXT = Template(
    name="rm_txt",
    body=("//div[@id='rm_txt_zw']", f"//div[{_cls('rm_txt_con')}]"),
    title=(f"//div[{_cls('rm_txt')}]//div[{_cls('col-1')}]//h1", f"//div[{_cls('rm_txt')}]//h1"),
    kicker=(f"//div[{_cls('rm_txt')}]{_PRE}", _PRE),
    subtitle=(f"//div[{_cls('rm_txt')}]{_SUB}", _SUB),
    author=(f"//div[{_cls('rm_txt')}]//div[{_cls('author')}]", f"//div[{_cls('author')}]"),
    date=(f"//div[{_cls('channel')}]//div[{_cls('col-1-1')}]", "//*[@id='newstime']/..",
          "//*[@id='newstime']"),
    editor=(f"//div[@id='rm_txt_zw']//*[{_cls('edit')}]", _EDIT),
)
TEXT_SHOW = Template(
    name="text_show",
    body=(f"//div[{_cls('text_show')}]",),
    title=(f"//div[{_cls('text_title')}]//h1", "//h1[@id='p_title']", f"//div[{_cls('text_show')}]/../h1"),
    kicker=(_PRE,),
    subtitle=(_SUB,),
    author=(f"//p[{_cls('author')}]", f"//div[{_cls('author')}]"),
    date=(f"//div[{_cls('box01')}]/div[{_cls('fl')}]", "//*[@id='p_publishtime']", "//*[@id='paper_num']"),
    editor=(_EDIT,),
)
BOX_CON = Template(
    name="box_con",
    body=("//div[@id='rwb_zw']", f"//div[{_cls('box_con')}]"),
    title=(f"//div[{_cls('text_title')}]//h1", "//h1[@id='p_title']"),
    kicker=(f"//div[{_cls('text_title')}]{_PRE}", _PRE),
    subtitle=(f"//div[{_cls('text_title')}]{_SUB}", _SUB),
    author=(f"//div[{_cls('text_title')}]//p[{_cls('author')}]", f"//p[{_cls('author')}]"),
    date=(f"//div[{_cls('box01')}]/div[{_cls('fl')}]", "//*[@id='p_publishtime']", f"//div[{_cls('box01')}]"),
    editor=(_EDIT,),
    origin=(_ORIGIN,),
)
EN = Template(
    name="en",
    body=(f"//div[{_cls('d2txt_con')}]", f"//div[{_cls('d2txtCon')}]", f"//div[{_cls('d2txt')}]",
          f"//div[{_cls('w860')}]"),
    title=(f"//div[{_cls('d2txt')}]//h1", f"//div[{_cls('d2txtCon')}]//h1", f"//div[{_cls('w860')}]//h1"),
    kicker=(_PRE,),
    subtitle=(_SUB,),
    date=(f"//*[{_cls('origin')}]", f"//div[{_cls('d2txtCon')}]//span", "//*[contains(@class, 'time')]"),
)
# Pages from before box_con (about 2010-2015): h1#p_title, #p_publishtime, body #p_content.
# Checked after EN because en.people.cn also names its body #p_content.
P_CONTENT = Template(
    name="box_con",
    body=("//div[@id='p_content']",),
    title=("//h1[@id='p_title']", f"//div[{_cls('text_title')}]//h1"),
    kicker=(_PRE,),
    subtitle=(_SUB,),
    author=(f"//p[{_cls('author')}]", "//*[@id='p_author']"),
    date=("//*[@id='p_publishtime']", f"//div[{_cls('box01')}]/div[{_cls('fl')}]"),
    editor=(_EDIT, "//*[@id='p_editor']"),
    origin=(_ORIGIN,),
)
TEMPLATES = (RM_TXT, TEXT_SHOW, BOX_CON, EN, P_CONTENT)

_FIELDS = ("body", "title", "kicker", "subtitle", "author", "date", "editor", "origin")
_COMPILED = {
    (id(template), name): tuple(etree.XPath(expr) for expr in getattr(template, name))
    for template in TEMPLATES for name in _FIELDS
}
_PAPER_NAME = re.compile(r"《\s*([^》]+?)\s*》")


def _first_element(expressions, tree):
    for xpath in expressions:
        found = xpath(tree)
        if found:
            return found[0]
    return None


def _first_text(expressions, tree) -> str | None:
    for xpath in expressions:
        for element in xpath(tree):
            text = element_text(element)
            if text:
                return text
    return None


_ENGLISH_PATH = re.compile(r"/n3/\d{4}/\d{4}/c\d+-\d+(?:-\d+)?\.html?$")


def _is_english_site(url: str) -> bool:
    """en.people.cn, by host or by its /n3/ article addresses (mirrors and local copies keep the path)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host.startswith("en.people.") or host.endswith(".en.people.cn") or bool(_ENGLISH_PATH.search(parts.path))


def _fill_date(candidate: Candidate, template: Template, tree) -> None:
    for xpath in template.compiled("date"):
        for element in xpath(tree):
            text = element_text(element)
            when = find_datetime(text) if text else None
            if when is None:
                continue
            candidate.published_at = when
            dateline = english_dateline(text)
            if dateline:
                candidate.outlet = dateline["outlet"]
                candidate.author_text = candidate.author_text or dateline["authors"] or None
            else:
                candidate.outlet = parse_outlet(text) or _paper_name(element)
            return


def _origin(template: Template, tree) -> str | None:
    """"来源：人民日报" (or a bare name) in the template's origin element."""
    text = _first_text(template.compiled("origin"), tree)
    if not text:
        return None
    return parse_outlet(text) or parse_outlet("来源：" + text.strip())


def _paper_name(element) -> str | None:
    # The print credit names the paper: 《 人民日报 》（ 2015年03月21日 01 版）
    if element.get("id") != "paper_num":
        return None
    match = _PAPER_NAME.search(element_text(element))
    return match.group(1) if match else None


def _fill_editor(candidate: Candidate, template: Template, tree) -> None:
    for xpath in template.compiled("editor"):
        for element in xpath(tree):
            match = EDITOR_LINE.search(element_text(element))
            if match:
                candidate.editor_text = match.group(0)
                return
    candidate.editor_text = candidate.body.editor_line or editor_anywhere(tree)


def extract_known(tree, url: str) -> Candidate | None:
    """Fields of the first known template whose body selector matches the page, or None."""
    for template in TEMPLATES:
        body_element = _first_element(template.compiled("body"), tree)
        if body_element is None and template is EN and _is_english_site(url):
            body_element = densest_block(tree)
        if body_element is None:
            continue
        candidate = Candidate(template=template.name, body_element=body_element)
        candidate.body = body_paragraphs(body_element)
        candidate.title = _first_text(template.compiled("title"), tree)
        candidate.kicker = _first_text(template.compiled("kicker"), tree)
        candidate.subtitle = _first_text(template.compiled("subtitle"), tree)
        candidate.author_text = _first_text(template.compiled("author"), tree)
        _fill_date(candidate, template, tree)
        if not candidate.outlet:
            candidate.outlet = _origin(template, tree)
        _fill_editor(candidate, template, tree)
        return candidate
    return None
