"""Subscribers: who gets digests, their language and indicator filter, and their watermarks.

A watermark is the last figure id (and article id) a subscriber has had news of. A new subscriber's
watermark is the archive's newest figure at subscribe time (less `email.lookback_days`), so joining
an existing archive never mails its whole past, while joining before the first crawl gets all of it.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from serieswatch.errors import DuplicateSubscriber, InvalidAddress
from storage.articles import utcnow
from storage.models import Article, FigureRow
from storage.models_mail import Digest, Subscriber

LANGUAGES = ("zh", "en")
MAX_ADDRESS = 254
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def validate_address(address: str) -> str:
    """The address, normalised (trimmed, lower-cased), or InvalidAddress saying what is wrong."""
    if not isinstance(address, str):
        raise InvalidAddress(f"not an email address: {address!r}")
    if any(ch in address for ch in "\r\n") or any(ord(ch) < 32 or ord(ch) == 127 for ch in address):
        raise InvalidAddress(f"email address {address!r} contains a line break or control character")
    address = address.strip()
    if len(address) > MAX_ADDRESS:
        raise InvalidAddress(f"email address is {len(address)} characters long; at most {MAX_ADDRESS} are allowed")
    if address.count("@") != 1:
        raise InvalidAddress(f"{address!r} is not an email address: expected exactly one @, as in name@example.org")
    local, domain = address.rsplit("@", 1)
    if not local or len(local) > 64 or not _LOCAL.match(local):
        raise InvalidAddress(f"{address!r}: the part before @ is not a valid mailbox name")
    labels = domain.rstrip(".").split(".")
    if not domain or not all(_LABEL.match(lb) for lb in labels) or labels[-1].isdigit():
        raise InvalidAddress(f"{address!r}: {domain!r} is not a valid mail domain")
    return address.lower()


def watermarks_for_new(session: Session, *, lookback_days: int = 0, now=None) -> tuple[int, int]:
    """(figure id, article id) a new subscriber starts after: the newest ones, less the look-back."""
    fq, aq = select(func.max(FigureRow.id)), select(func.max(Article.id))
    if lookback_days > 0:
        since = (now or utcnow()) - timedelta(days=lookback_days)
        fq = fq.where(FigureRow.first_seen_at < since)
        aq = aq.where(Article.first_seen_at < since)
    return session.scalar(fq) or 0, session.scalar(aq) or 0


class SubscriberStore:
    """Subscriber reads and writes inside one session (the caller owns the transaction)."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, email: str) -> Subscriber | None:
        key = (email or "").strip().lower()
        return self.session.scalars(select(Subscriber).where(Subscriber.email == key)).first()

    def by_token(self, token: str) -> Subscriber | None:
        return self.session.scalars(select(Subscriber).where(Subscriber.token == token)).first()

    def by_id(self, subscriber_id: int) -> Subscriber | None:
        return self.session.get(Subscriber, subscriber_id)

    def add(self, email: str, *, language: str = "zh", indicators=(), lookback_days: int = 0,
            now=None) -> Subscriber:
        """Subscribe an address (validated; InvalidAddress, DuplicateSubscriber on refusal)."""
        address = validate_address(email)
        if language not in LANGUAGES:
            raise InvalidAddress(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
        if self.get(address) is not None:
            raise DuplicateSubscriber(f"{address} is subscribed already (remove it first to change it)")
        fig_wm, art_wm = watermarks_for_new(self.session, lookback_days=lookback_days, now=now)
        sub = Subscriber(email=address, language=language, indicators=sorted(set(indicators or ())),
                         token=secrets.token_urlsafe(24), created_at=now or utcnow(),
                         figure_watermark=fig_wm, article_watermark=art_wm)
        self.session.add(sub)
        self.session.flush()
        return sub

    def remove(self, email: str) -> bool:
        """Unsubscribe; digests not yet sent to the address are dropped with it."""
        sub = self.get(email)
        if sub is None:
            return False
        for d in self.session.scalars(select(Digest).where(Digest.subscriber_id == sub.id)):
            self.session.delete(d)
        self.session.delete(sub)
        self.session.flush()
        return True

    def update(self, sub: Subscriber, *, language: str, indicators=()) -> Subscriber:
        """Change what a subscriber gets (their watermarks stay: no past news is mailed again)."""
        if language not in LANGUAGES:
            raise InvalidAddress(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
        sub.language = language
        sub.indicators = sorted(set(indicators or ()))
        self.session.flush()
        return sub

    def list(self) -> list[Subscriber]:
        return list(self.session.scalars(select(Subscriber).order_by(Subscriber.id)))

    def set_watermark(self, subscriber_id: int, *, figure: int, article: int) -> None:
        """Move a subscriber's watermarks forward (never back)."""
        sub = self.session.get(Subscriber, subscriber_id)
        sub.figure_watermark = max(sub.figure_watermark or 0, figure)
        sub.article_watermark = max(sub.article_watermark or 0, article)


def subscriber_json(sub: Subscriber, *, pending: int = 0) -> dict:
    return {"id": sub.id, "email": sub.email, "language": sub.language, "indicators": list(sub.indicators or []),
            "created_at": sub.created_at.isoformat(timespec="seconds") + "Z" if sub.created_at else None,
            "figure_watermark": sub.figure_watermark, "article_watermark": sub.article_watermark,
            "pending": pending}
