"""Building a digest message: Jinja2 templates (files in notifications/templates) → one EmailMessage.

multipart/alternative of text/plain and text/html; the HTML part is multipart/related when it
carries chart PNGs (Content-ID). Scraped text reaches the templates as data only, HTML autoescape
is on, and every header is set through the email package with policy SMTP: a header value with a
line break is refused by the policy, and subjects are built from our own words, whitespace collapsed.
"""

from __future__ import annotations

import logging
import re
import uuid
from email.message import EmailMessage, MIMEPart
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from notifications.digest import DigestContent

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")
UNFOLDED = ("list-unsubscribe",)


class DigestPolicy(EmailPolicy):
    """policy.SMTP, except that List-Unsubscribe (our own ASCII URL) stays on one line.

    The default folder turns a long unbreakable value into RFC 2047 encoded-words, which no mail
    client reads as a URL. Header values still go through the policy's CR/LF check when set.
    """

    def fold(self, name, value):
        if name.lower() in UNFOLDED and str(value).isascii():
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if name.lower() in UNFOLDED and str(value).isascii():
            return self.fold(name, value).encode("ascii")
        return super().fold_binary(name, value)


SMTP = DigestPolicy(linesep="\r\n")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment: autoescape for *.html.j2 only, undefined names are errors."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def _all_wording() -> dict:
    return yaml.safe_load((TEMPLATES / "wording.yaml").read_text(encoding="utf-8"))


def wording(lang: str) -> dict:
    words = _all_wording()
    return words.get(lang) or words["zh"]


def clean_header(text: str, limit: int = 200) -> str:
    """One line: every run of whitespace or control characters becomes one space."""
    return _SPACE.sub(" ", text or "").strip()[:limit]


def subject_for(content: DigestContent) -> str:
    w = wording(content.language)
    if content.tracked_count:
        text = w["subject_tracked"].format(tracked=content.tracked_count)
        if content.other_count:
            text += w["subject_others"].format(others=content.other_count)
    else:
        text = w["subject"].format(figures=content.figure_count)
    if content.conflicts:
        text += w["subject_conflicts"].format(conflicts=content.conflicts)
    return clean_header(text)


def sender_domain(from_: str) -> str:
    addr = parseaddr(from_)[1]
    return addr.rsplit("@", 1)[1] if "@" in addr else "serieswatch.invalid"


def new_message_id(from_: str) -> str:
    """A Message-ID unique to one digest, made once and stored with it (re-sends reuse it)."""
    return f"<digest.{uuid.uuid4().hex}@{sender_domain(from_)}>"


def unsubscribe_mailto(from_: str, token: str | None = None) -> str:
    """mailto: that unsubscribes; with the token for the header, without it for the body (shared by many)."""
    addr = parseaddr(from_)[1] or "unsubscribe@serieswatch.invalid"
    return f"mailto:{addr}?subject={quote('unsubscribe ' + token if token else 'unsubscribe')}"


def render_parts(content: DigestContent, *, unsubscribe: str) -> tuple[str, str]:
    """(text, html) of a digest; chart Content-IDs must already be set on the groups."""
    env = environment()
    data = {"d": content, "w": wording(content.language), "unsubscribe": unsubscribe}
    return env.get_template("digest.txt.j2").render(data), env.get_template("digest.html.j2").render(data)


def assign_cids(content: DigestContent, domain: str) -> None:
    """Content-IDs for the charts (kept when a content object is shared by several identical digests)."""
    for n, g in enumerate(content.groups):
        if g.chart_png and not g.cid:
            g.cid = f"chart{n}.{uuid.uuid4().hex[:12]}@{domain}"


def build_body(content: DigestContent, *, from_: str) -> EmailMessage:
    """The MIME body of a digest (no envelope headers): the same for every subscriber with the same news."""
    assign_cids(content, sender_domain(from_))
    text, html = render_parts(content, unsubscribe=unsubscribe_mailto(from_))
    msg = EmailMessage(policy=SMTP)
    # An explicit transfer encoding: left open, the email package encodes every body twice to pick one.
    cte = "base64" if content.language == "zh" else "quoted-printable"
    msg.set_content(text, subtype="plain", charset="utf-8", cte=cte)
    msg.add_alternative(html, subtype="html", charset="utf-8", cte=cte)
    charts = [g for g in content.groups if g.chart_png and g.cid]
    if charts:
        html_part = msg.get_payload()[1]
        html_part.make_related()
        for g in charts:
            html_part.attach(_image_part(g.cid, g.chart_png))
    return msg


def unsubscribe_url(base_url: str, token: str) -> str:
    """The web view's one-click unsubscribe page for this token (web.base_url set)."""
    return f"{base_url.rstrip('/')}/unsubscribe/{quote(token, safe='')}"


def _set_envelope(msg: EmailMessage, content: DigestContent, *, to, from_, token, message_id, date,
                  base_url=None) -> None:
    msg["Subject"] = subject_for(content)
    msg["From"] = clean_header(from_, 300)
    msg["To"] = to
    msg["Date"] = format_datetime(date or content.generated_at)
    msg["Message-ID"] = message_id
    if base_url and token:
        # RFC 8058: providers POST "List-Unsubscribe=One-Click" to the https URL; the mailto stays for the rest.
        msg["List-Unsubscribe"] = f"<{unsubscribe_url(base_url, token)}>, <{unsubscribe_mailto(from_, token)}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    else:
        msg["List-Unsubscribe"] = f"<{unsubscribe_mailto(from_, token)}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"


def build_message(content: DigestContent, *, to: str, from_: str, token: str, message_id: str,
                  date=None, base_url: str | None = None) -> EmailMessage:
    """The whole digest email for one subscriber."""
    body = build_body(content, from_=from_)
    msg = EmailMessage(policy=SMTP)
    _set_envelope(msg, content, to=to, from_=from_, token=token, message_id=message_id, date=date,
                  base_url=base_url)
    for name in ("MIME-Version", "Content-Type"):
        msg[name] = body[name]
    msg.set_payload(body.get_payload())
    return msg


class PreparedDigest:
    """A digest body rendered and encoded once, stamped with each subscriber's headers (`message_for`).

    The headers still go through EmailMessage with policy SMTP; only the body bytes are shared.
    """

    def __init__(self, content: DigestContent, *, from_: str, base_url: str | None = None):
        self.content, self.from_, self.base_url = content, from_, base_url
        body = build_body(content, from_=from_)
        self.body = message_bytes(body).split(b"\r\n\r\n", 1)[1]
        self.content_type = body["Content-Type"]       # read after flattening: that is when the boundary is chosen

    def message_for(self, *, to: str, token: str, message_id: str, date=None) -> bytes:
        head = EmailMessage(policy=SMTP)
        _set_envelope(head, self.content, to=to, from_=self.from_, token=token, message_id=message_id, date=date,
                      base_url=self.base_url)
        head["MIME-Version"] = "1.0"
        head["Content-Type"] = self.content_type
        # The header block exactly as the generator writes it (policy SMTP folding), then the shared body.
        return b"".join(SMTP.fold_binary(name, value) for name, value in head.raw_items()) + b"\r\n" + self.body


@lru_cache(maxsize=512)
def _image_part(cid: str, png: bytes) -> MIMEPart:
    """One chart as an inline image part, built once and shared by every digest that shows it."""
    part = MIMEPart(policy=SMTP)
    part.set_content(png, maintype="image", subtype="png", cid=f"<{cid}>", filename=f"{cid.split('@')[0]}.png",
                     disposition="inline")
    return part


def message_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=SMTP)
