"""Test kit for digests and delivery: archive data written through storage, a config, real SMTP servers.

Import in a test module: `from mail_fixtures import *  # noqa: F401,F403` (fixtures and helpers).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from archive_fixtures import BJ, Page  # noqa: F401 - re-exported for the mail tests
from serieswatch.catalog import Indicator
from serieswatch.config import Config, EmailConfig
from storage.articles import ArticleStore
from storage.figures import FigureStore

CATALOG = (
    Indicator(id="gdp_jjj", name_zh="京津冀地区生产总值", name_en="Beijing-Tianjin-Hebei GDP", unit="CNY"),
    Indicator(id="tech_contract_turnover_bj_to_tjhb", name_zh="北京流向津冀技术合同成交额",
              name_en="Beijing tech contract turnover to Tianjin and Hebei", unit="CNY"),
    Indicator(id="tech_contracts_bj_to_tjhb", name_zh="北京流向津冀技术合同数",
              name_en="Beijing tech contracts to Tianjin and Hebei", unit="count"),
)


@dataclass
class Fig:
    value: float
    unit: str
    quote: str
    period: str | None = None
    indicator: str | None = None
    subject: str | None = None
    kind: str = "level"
    measure_word: str | None = None
    approx: str | None = None
    region: str | None = "京津冀"
    span: tuple = (0, 0)
    sentence: str = ""
    restated: bool = False         # the text says it corrects an earlier value


def add_article(database, url, figures, **page):
    """Save one article and its figures as the crawler would; returns the tracking classes."""
    p = Page(url, **page)
    with database.session() as s:
        saved = ArticleStore(s).save(p, source="peoples-daily-jjj")
        if saved.revision_id is None:          # unchanged or an alias: the crawler stores no figures
            return []
        figs = []
        for f in figures:
            start = p.text.find(f.quote)
            f.span = (start, start + len(f.quote)) if start >= 0 else (0, len(f.quote))
            f.sentence = f.sentence or p.text
            figs.append(f)
        tracked = FigureStore(s).add_revision_figures(saved.article_id, saved.revision_id, figs)
    return [t.tracking for t in tracked]


URL1 = "http://finance.people.com.cn/n1/2024/0423/c1004-40221837.html"
URL2 = "http://finance.people.com.cn/n1/2025/0301/c1004-40400001.html"


def first_article(database):
    return add_article(database, URL1, [
        Fig(1.04e13, "CNY", "10.4万亿元", "2023", "gdp_jjj", "地区生产总值"),
        Fig(7.487e10, "CNY", "748.7亿元", "2023", "tech_contract_turnover_bj_to_tjhb", "技术合同成交额"),
        Fig(93, "count", "93个", None, None, "协同创新平台", measure_word="个"),
    ])


def second_article(database):
    return add_article(database, URL2, [
        Fig(1.12e13, "CNY", "11.2万亿元", "2024", "gdp_jjj", "地区生产总值"),
        Fig(1.04e13, "CNY", "10.4万亿元", "2023", "gdp_jjj", "地区生产总值"),
    ], title="京津冀经济总量再上新台阶", text="2024年京津冀地区生产总值达到11.2万亿元，上年为10.4万亿元。",
        published_at=datetime(2025, 3, 1, 10, 0, tzinfo=BJ))


def make_config(tmp_path, **email) -> Config:
    email.setdefault("smtp_host", "127.0.0.1")
    email.setdefault("from_", "serieswatch <alerts@example.org>")
    email.setdefault("timeout", 5.0)
    return Config(path=None, data_dir=tmp_path, storage_url="sqlite://", indicators=CATALOG,
                  email=EmailConfig(**email))


def parse(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


# --------------------------------------------------------------------------- SMTP servers

class Recorder:
    """Accepts everything; keeps (recipients, message bytes). Subclasses refuse in their own ways."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"

    def message_ids(self):
        return [parse(raw)["Message-ID"] for _, raw in self.messages]


class Greylist(Recorder):
    """451 for the first try of every recipient, then 250."""

    def __init__(self):
        super().__init__()
        self.seen = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address not in self.seen:
            self.seen.add(address)
            return "451 4.7.1 Greylisted, try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


class RejectSome(Recorder):
    """550 for the addresses in `refuse`, 250 for the others."""

    def __init__(self, refuse):
        super().__init__()
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """An aiosmtpd server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self, handler, port=None, **kw):
        self.handler, self.port, self.kw = handler, port or free_port(), kw
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **self.kw)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    """A recording SMTP server."""
    server = Server(Recorder()).start()
    yield server
    server.stop()


def refuse_login(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=False, handled=False)
