"""`serieswatch extract`: one saved page or text file through the crawler's own parsing and figures."""

from __future__ import annotations

import urllib.request
from datetime import datetime
from pathlib import Path

from crawler.figures import extract_figures, home_of
from crawler.parsing import parse_article, parse_text
from serieswatch.errors import UsageError


def _fetch(url: str, user_agent: str) -> tuple[bytes, str | None]:
    req = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:      # noqa: S310 - http(s) only, checked below
            return resp.read(20_000_000), resp.headers.get_content_charset()
    except OSError as exc:
        raise UsageError(f"cannot fetch {url}: {exc}") from None


def extract_document(path_or_url: str, *, language: str | None = None, published_at: datetime | None = None,
                     catalog=None, user_agent: str = "serieswatch", url: str | None = None):
    """Parse a page (bytes of HTML) or a .txt file and extract its figures. Returns (article, figures).

    `url` is the page's original address, for a saved copy: templates, the content id and the links
    to a multi-page article's other parts are read against it, as the crawler would.
    """
    if url is not None and not url.startswith(("http://", "https://")):
        raise UsageError(f"--url: expected the page's http(s) address, got {url!r}")
    if path_or_url.startswith(("http://", "https://")):
        body, charset = _fetch(path_or_url, user_agent)
        parsed = parse_article(body, url or path_or_url, header_charset=charset)
    else:
        path = Path(path_or_url).expanduser()
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        if path.suffix.lower() in (".txt", ".text", ".md"):
            try:
                text = body.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = body.decode("gb18030", errors="replace")
            parsed = parse_text(text, url=url or path.resolve().as_uri(), language=language,
                                published_at=published_at)
        else:
            parsed = parse_article(body, url or path.resolve().as_uri())
    if language and parsed.language != language:
        parsed.language = language
    if published_at and parsed.published_at is None:
        parsed.published_at = published_at
    figures = extract_figures(parsed.text, language=parsed.language,
                              published_at=published_at or parsed.published_at, catalog=catalog,
                              home=home_of(parsed.canonical_url or parsed.url, parsed.outlet))
    return parsed, figures
