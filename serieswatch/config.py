"""Configuration: config.yaml read once, validated into typed objects, passed down.

Every key is declared here with its type and default; an unknown key, a wrong type or an
impossible value raises ConfigError naming the file and the key path (``crawl.download_delay``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from serieswatch.errors import ConfigError

DEFAULT_USER_AGENT = "serieswatch/0.1 (+https://github.com/serieswatch/serieswatch; news-monitoring bot)"
CONFIG_ENV = "SERIESWATCH_CONFIG"
DB_URL_ENV = "SERIESWATCH_DB_URL"
SEARCH_URL = "http://search.people.cn/search-platform/front/search"
SOURCE_KINDS = ("listing", "people_search")


@dataclass(frozen=True, kw_only=True)
class CrawlConfig:
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    download_delay: float = 2.0
    recheck_days: int = 7
    concurrency: int = 4                 # concurrent requests per domain
    autothrottle: bool = True
    max_listing_pages: int = 5           # "下一页" pages followed per start URL
    timeout: float = 30.0                # seconds per request
    retries: int = 2
    max_page_bytes: int = 5_000_000      # larger pages are dropped with a warning
    allow_private_hosts: bool | None = None   # None: only when a start URL is itself private/loopback
    max_crawl_delay: float = 120.0       # a robots.txt Crawl-delay is honoured up to this many seconds


@dataclass(frozen=True, kw_only=True)
class SourceConfig:
    name: str
    start_urls: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    generic_fallback: bool = False      # store pages no known template matches, read by the generic extractor
    kind: str = "listing"               # listing | people_search (the site search API, crawler/search_source.py)
    search_url: str = SEARCH_URL
    keywords: tuple[str, ...] = ()      # people_search: one query each
    lookback_days: int = 7              # people_search: each run searches at least this far back
    page_size: int = 100                # people_search: results asked per page (the API allows up to 100)
    max_results_per_window: int = 1000  # people_search: a time window with more results is split in two

    @property
    def is_search(self) -> bool:
        return self.kind == "people_search"

    @property
    def entry_urls(self) -> tuple[str, ...]:
        """Where a crawl of this source starts: its listing pages, or its search API."""
        return (*self.start_urls, self.search_url) if self.is_search else self.start_urls

    def matches_series(self, *texts: str | None) -> bool:
        """True when one series phrase occurs in one of the texts (no phrases keeps everything)."""
        if not self.series:
            return True
        hay = "\n".join(t for t in texts if t).casefold()
        return any(p.casefold() in hay for p in self.series)


@dataclass(frozen=True, kw_only=True)
class ScheduleConfig:
    cron: str = "0 8 * * *"
    misfire_grace_seconds: int = 6 * 3600
    hung_after_minutes: int = 120
    silent_days: int = 14                # alert when the coverage has been silent this long


@dataclass(frozen=True, kw_only=True)
class EmailConfig:
    smtp_host: str = "localhost"
    smtp_port: int = 25
    security: str = "none"
    username_env: str = "SERIESWATCH_SMTP_USER"
    password_env: str = "SERIESWATCH_SMTP_PASSWORD"
    from_: str = "serieswatch <alerts@example.org>"
    admin: str | None = None
    outbox_dir: Path | None = None
    timeout: float = 30.0
    max_attempts: int = 8
    lookback_days: int = 0               # how far back a new subscriber's first digest reaches


@dataclass(frozen=True, kw_only=True)
class Config:
    path: Path | None
    timezone: str = "Asia/Shanghai"
    data_dir: Path = Path("data")
    storage_url: str = "sqlite:///data/serieswatch.db"
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    sources: tuple[SourceConfig, ...] = ()
    indicators: tuple = ()               # tuple[serieswatch.catalog.Indicator, ...]
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    email: EmailConfig = field(default_factory=EmailConfig)
    web_base_url: str | None = None      # web.base_url: public address of `serve`, no trailing slash

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"no source named {name!r}", path=self.path, key="sources")


# --------------------------------------------------------------------------- validation

class _Reader:
    """Walks one mapping of the YAML document, checking types and remembering key paths."""

    def __init__(self, data, path: Path | None, prefix: str):
        self.path, self.prefix = path, prefix
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", path=path, key=prefix or None)
        self.data = dict(data)
        self.seen: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def error(self, name: str, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, key=self.key(name))

    def get(self, name, kind, default, *, check=None, expect=None):
        self.seen.add(name)
        if name not in self.data or (self.data[name] is None and default is None):
            return default
        value = self.data[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is bool and not isinstance(value, bool):
            raise self.error(name, f"expected true or false, got {value!r}")
        if kind is not bool and (not isinstance(value, kind) or isinstance(value, bool) and kind is not bool):
            raise self.error(name, f"expected {expect or kind.__name__}, got {value!r}")
        if check is not None and not check(value):
            raise self.error(name, f"expected {expect}, got {value!r}")
        return value

    def str_list(self, name, default=()):
        value = self.get(name, list, None, expect="a list of strings")
        if value is None:
            return tuple(default)
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(f"expected a non-empty string, got {item!r}", path=self.path,
                                  key=f"{self.key(name)}[{i}]")
        return tuple(value)

    def finish(self):
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self.error(unknown[0], f"unknown key (known: {', '.join(sorted(self.seen))})")


def _positive(v):
    return v > 0


def _non_negative(v):
    return v >= 0


def _read_crawl(data, path) -> CrawlConfig:
    r = _Reader(data, path, "crawl")
    d = CrawlConfig()
    cfg = CrawlConfig(
        user_agent=r.get("user_agent", str, d.user_agent, check=str.strip, expect="a non-empty string"),
        obey_robots=r.get("obey_robots", bool, d.obey_robots),
        download_delay=r.get("download_delay", float, d.download_delay, check=_non_negative,
                             expect="a number of seconds >= 0"),
        recheck_days=r.get("recheck_days", int, d.recheck_days, check=_non_negative, expect="a whole number of days >= 0"),
        concurrency=r.get("concurrency", int, d.concurrency, check=_positive, expect="a whole number >= 1"),
        autothrottle=r.get("autothrottle", bool, d.autothrottle),
        max_listing_pages=r.get("max_listing_pages", int, d.max_listing_pages, check=_positive,
                                expect="a whole number >= 1"),
        timeout=r.get("timeout", float, d.timeout, check=_positive, expect="a number of seconds > 0"),
        retries=r.get("retries", int, d.retries, check=_non_negative, expect="a whole number >= 0"),
        max_page_bytes=r.get("max_page_bytes", int, d.max_page_bytes, check=lambda v: v >= 10_000,
                             expect="a number of bytes >= 10000"),
        allow_private_hosts=r.get("allow_private_hosts", bool, None),
        max_crawl_delay=r.get("max_crawl_delay", float, d.max_crawl_delay, check=_non_negative,
                              expect="a number of seconds >= 0 (0 ignores Crawl-delay)"),
    )
    r.finish()
    return cfg


def _read_sources(data, path, *, present: bool = False) -> tuple[SourceConfig, ...]:
    if data is None and present:
        raise ConfigError("is empty: expected a non-empty list of sources (remove the key for none)",
                          path=path, key="sources")
    if data is None:
        return ()
    if not isinstance(data, list) or not data:
        raise ConfigError("expected a non-empty list of sources", path=path, key="sources")
    sources, names = [], set()
    for i, item in enumerate(data):
        r = _Reader(item, path, f"sources[{i}]")
        name = r.get("name", str, None, check=str.strip, expect="a non-empty name")
        if not name:
            raise r.error("name", "every source needs a name")
        if name in names:
            raise r.error("name", f"duplicate source name {name!r}")
        names.add(name)
        kind = r.get("kind", str, "listing", check=lambda v: v in SOURCE_KINDS, expect=" or ".join(SOURCE_KINDS))
        urls = r.str_list("start_urls")
        if not urls and kind == "listing":
            raise r.error("start_urls", "expected at least one listing or topic page URL")
        for j, u in enumerate(urls):
            if not u.startswith(("http://", "https://")):
                raise ConfigError(f"expected an http(s) URL, got {u!r}", path=path, key=f"{r.key('start_urls')}[{j}]")
        search = _read_search(r, kind)
        sources.append(SourceConfig(name=name, start_urls=urls, allowed_domains=r.str_list("allowed_domains"),
                                    series=r.str_list("series"),
                                    generic_fallback=r.get("generic_fallback", bool, False), kind=kind, **search))
        r.finish()
    return tuple(sources)


def _read_search(r: _Reader, kind: str) -> dict:
    """The people_search keys (search_url, keywords, lookback_days); only a search source may set them."""
    if kind != "people_search":
        for key in ("search_url", "keywords", "lookback_days", "page_size", "max_results_per_window"):
            if key in r.data:
                raise r.error(key, "only a source with kind: people_search takes this key")
        return {}
    url = r.get("search_url", str, SEARCH_URL, check=lambda v: v.startswith(("http://", "https://")),
                expect="an http(s) URL of the search API")
    keywords = r.str_list("keywords")
    if not keywords:
        raise r.error("keywords", "expected at least one search query (a people_search source needs keywords)")
    lookback = r.get("lookback_days", int, 7, check=_positive, expect="a whole number of days >= 1")
    page_size = r.get("page_size", int, 100, check=lambda v: 1 <= v <= 100, expect="a whole number 1-100")
    depth = r.get("max_results_per_window", int, 1000, check=lambda v: v >= page_size,
                  expect="a whole number >= page_size")
    return {"search_url": url, "keywords": keywords, "lookback_days": lookback, "page_size": page_size,
            "max_results_per_window": depth}


def _read_schedule(data, path, tz: str) -> ScheduleConfig:
    r = _Reader(data, path, "schedule")
    d = ScheduleConfig()
    cron = r.get("cron", str, d.cron, expect="a cron expression like \"0 8 * * *\"")
    try:
        from apscheduler.triggers.cron import CronTrigger
        CronTrigger.from_crontab(cron, timezone=ZoneInfo(tz))
    except (ValueError, TypeError) as exc:
        raise r.error("cron", f"not a valid cron expression {cron!r} ({exc}); expected e.g. \"0 8 * * *\"") from None
    cfg = ScheduleConfig(
        cron=cron,
        misfire_grace_seconds=r.get("misfire_grace_seconds", int, d.misfire_grace_seconds, check=_positive,
                                    expect="a whole number of seconds > 0"),
        hung_after_minutes=r.get("hung_after_minutes", int, d.hung_after_minutes, check=_positive,
                                 expect="a whole number of minutes > 0"),
        silent_days=r.get("silent_days", int, d.silent_days, check=_positive, expect="a whole number of days > 0"),
    )
    r.finish()
    return cfg


def _read_email(data, path, base: Path) -> EmailConfig:
    r = _Reader(data, path, "email")
    d = EmailConfig()
    outbox = r.get("outbox_dir", str, None, expect="a directory path")
    cfg = EmailConfig(
        smtp_host=r.get("smtp_host", str, d.smtp_host, check=str.strip, expect="a host name"),
        smtp_port=r.get("smtp_port", int, d.smtp_port, check=lambda v: 0 < v < 65536, expect="a port 1-65535"),
        security=r.get("security", str, d.security, check=lambda v: v in ("none", "starttls", "ssl"),
                       expect="one of none, starttls, ssl"),
        username_env=r.get("username_env", str, d.username_env, expect="an environment variable name"),
        password_env=r.get("password_env", str, d.password_env, expect="an environment variable name"),
        from_=r.get("from", str, d.from_, check=lambda v: "@" in v and "\n" not in v and "\r" not in v,
                    expect="an address like \"serieswatch <alerts@example.org>\""),
        admin=r.get("admin", str, None, check=lambda v: "@" in v and "\n" not in v, expect="an email address"),
        outbox_dir=(base / outbox).resolve() if outbox else None,
        timeout=r.get("timeout", float, d.timeout, check=_positive, expect="seconds > 0"),
        max_attempts=r.get("max_attempts", int, d.max_attempts, check=_positive, expect="a whole number >= 1"),
        lookback_days=r.get("lookback_days", int, d.lookback_days, check=_non_negative, expect="days >= 0"),
    )
    r.finish()
    return cfg


def _resolve_sqlite(url: str, base: Path) -> str:
    """Relative SQLite paths are relative to the config file, like every other path in it."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        rel = url[len(prefix):]
        if rel and not rel.startswith(":"):
            return prefix + str((base / rel).resolve())
    return url


def _check_storage_url(url: str, path: Path | None, key: str) -> None:
    """An SQLAlchemy URL whose dialect and driver are installed (else exit 2 naming the key)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    example = "expected an SQLAlchemy URL like sqlite:///data/serieswatch.db or postgresql+psycopg://user@host/db"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]     # as storage.db opens it
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"{example}, got {url!r}", path=path, key=key) from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ConfigError(f"unsupported database {parsed.drivername!r}; {example}", path=path, key=key) from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        raise ConfigError(f"the driver for {parsed.drivername!r} is not installed ({exc})",
                          path=path, key=key) from None


def ensure_data_dir(config: "Config") -> None:
    """The data directory exists (or can be made) and takes files: exit 2 naming `data_dir` otherwise."""
    import tempfile

    where = config.data_dir
    try:
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=where):
            pass
    except FileExistsError:
        raise ConfigError(f"{where} exists and is not a directory", path=config.path, key="data_dir") from None
    except OSError as exc:
        raise ConfigError(f"cannot use {where} as the data directory: {exc.strerror or exc}",
                          path=config.path, key="data_dir") from None


def parse_config(data, *, path: Path | None = None, env=None) -> Config:
    """Validate a loaded YAML document into a Config (ConfigError on any problem)."""
    from serieswatch.catalog import indicators_from_config, load_default_catalog

    env = os.environ if env is None else env
    base = path.parent if path else Path.cwd()
    r = _Reader(data, path, "")
    tz = r.get("timezone", str, "Asia/Shanghai", expect="an IANA time zone like Asia/Shanghai")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.error("timezone", f"unknown time zone {tz!r}; expected an IANA name like Asia/Shanghai") from None
    data_dir = (base / r.get("data_dir", str, "data", expect="a directory path")).resolve()
    st = _Reader(r.get("storage", dict, None, expect="a mapping"), path, "storage")
    url = st.get("url", str, None, expect="an SQLAlchemy URL like sqlite:///data/serieswatch.db")
    st.finish()
    url_key = "storage.url"
    if env.get(DB_URL_ENV):
        url, url_key = env[DB_URL_ENV], DB_URL_ENV
    if url:
        _check_storage_url(url, path, url_key)
    url = _resolve_sqlite(url, base) if url else "sqlite:///" + str(data_dir / "serieswatch.db")
    crawl = _read_crawl(r.get("crawl", dict, None, expect="a mapping"), path)
    sources = _read_sources(r.get("sources", list, None, expect="a list of sources"), path,
                            present=isinstance(data, dict) and "sources" in data)
    raw_ind = r.get("indicators", list, None, expect="a list of indicators")
    indicators = tuple(indicators_from_config(raw_ind, path=path)) if raw_ind else tuple(load_default_catalog())
    schedule = _read_schedule(r.get("schedule", dict, None, expect="a mapping"), path, tz)
    email = _read_email(r.get("email", dict, None, expect="a mapping"), path, base)
    web = _Reader(r.get("web", dict, None, expect="a mapping"), path, "web")
    base_url = web.get("base_url", str, None, check=_web_url, expect="an http(s) URL like https://news.example.org")
    web.finish()
    base_url = base_url.strip().rstrip("/") if base_url else None
    r.finish()
    return Config(path=path, timezone=tz, data_dir=data_dir, storage_url=url, crawl=crawl, sources=sources,
                  indicators=indicators, schedule=schedule, email=email, web_base_url=base_url)


def _web_url(value: str) -> bool:
    from urllib.parse import urlsplit
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not (parts.query or parts.fragment)


def config_path(explicit: str | None, env=None) -> Path:
    env = os.environ if env is None else env
    return Path(explicit or env.get(CONFIG_ENV) or "config.yaml").expanduser().resolve()


def load_config(path: Path, *, env=None) -> Config:
    """Read and validate one config file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found (pass --config PATH or set SERIESWATCH_CONFIG)", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", path=path) from None
    return parse_config(data, path=path, env=env)
