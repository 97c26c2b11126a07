"""The digest step of a cycle: build what is due into the outbox, then send everything pending.

`deliver_digests(config, db, run_id)` is what scheduler.cycle calls. Building a digest and moving
its subscriber's watermark are one transaction, committed before any send; notifications.sending
then marks each digest sent, deferred (4xx, server unreachable: backoff, next run) or failed (5xx)
in its own transaction right after the server answers, so a crash re-sends at most the digests in
flight, each once and with its stored Message-ID.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from notifications import render
from notifications.digest import archive_heads, gather
from notifications.sending import send_pending
from notifications.transport import SmtpTransport
from serieswatch.errors import UsageError
from storage.articles import utcnow
from storage.deliveries import DeliveryStore
from storage.models_mail import Subscriber
from storage.runs import RunStore
from storage.subscribers import SubscriberStore

logger = logging.getLogger(__name__)

BUILD_BATCH = 100


def _prepared_for(session, sub: Subscriber, config, heads, cache: dict, now):
    """The digest body for this subscriber's news, rendered once per distinct (watermarks, filter, language)."""
    key = (sub.figure_watermark, sub.article_watermark, tuple(sorted(sub.indicators or ())), sub.language)
    if key not in cache:
        content = gather(session, figure_watermark=sub.figure_watermark, article_watermark=sub.article_watermark,
                         indicators=sub.indicators, language=sub.language, catalog=config.indicators,
                         tz=config.tz, heads=heads, now=now)
        cache[key] = render.PreparedDigest(content, from_=config.email.from_,
                                             base_url=config.web_base_url) if content else None
    return cache[key]


def _build_one(s, sub, config, run_id, heads, cache, now_utc, stamp) -> int | None:
    """The new digest's id, or None when nothing new matches the subscriber."""
    prepared = _prepared_for(s, sub, config, heads, cache, stamp)
    if prepared is None:
        # Nothing matched: the numbers up to the head are settled for this subscriber.
        sub.figure_watermark = max(sub.figure_watermark, heads[0])
        return None
    content = prepared.content
    message_id = render.new_message_id(config.email.from_)
    raw = prepared.message_for(to=sub.email, token=sub.token, message_id=message_id, date=stamp)
    return DeliveryStore(s).create(sub, run_id=run_id, message_id=message_id, subject=render.subject_for(content),
                                   raw=raw, figure_watermark=content.figure_watermark,
                                   article_watermark=content.article_watermark, figure_count=content.figure_count,
                                   now=now_utc).id


def build_digests(config, db, run_id: int | None, *, now: datetime | None = None, on_batch=None) -> int:
    """One pending digest per subscriber with new matching numbers; returns how many were made.

    `on_batch(ids)` is called with the new digests' ids after each batch is committed.
    """
    now_utc = now or utcnow()
    stamp = now_utc.replace(tzinfo=timezone.utc)
    with db.session() as s:
        heads = archive_heads(s)
        ids = [sub.id for sub in SubscriberStore(s).list()]
    cache, created = {}, 0
    for start in range(0, len(ids), BUILD_BATCH):
        # A digest and its subscriber's watermark always commit together (a batch is all or nothing).
        with db.session() as s:
            made = [d for sub in s.query(Subscriber).filter(Subscriber.id.in_(ids[start:start + BUILD_BATCH]))
                    if (d := _build_one(s, sub, config, run_id, heads, cache, now_utc, stamp)) is not None]
        created += len(made)
        if made and on_batch is not None:
            on_batch(made)
    if created:
        logger.info("%d digest(s) added to the outbox", created)
    return created


def deliver_digests(config, db, run_id: int | None, *, now: datetime | None = None, env=None) -> tuple[str, str | None]:
    """Build due digests for all subscribers, then send all pending; ("ok"|"degraded", one-line reason)."""
    if not config.email.outbox_dir:
        SmtpTransport(config.email, env=env)      # ConfigError now, before anything moves, when secrets are missing
    created = []
    # Each batch of digests is committed to the outbox, then handed to the connections already sending.
    report = send_pending(config, db, now=now, env=env,
                          produce=lambda add: created.append(build_digests(config, db, run_id, now=now, on_batch=add)))
    created = sum(created)
    report.created = created
    if run_id is not None:
        with db.session() as s:
            RunStore(s).update_stats(run_id, {"digests_created": created, "digests_sent": report.sent,
                                              "digests_failed": report.failed, "digests_pending": report.pending})
    return report.status, report.reason


def preview(config, db, email: str | None = None, *, now: datetime | None = None):
    """(address, content, message) of the next digest, without sending or moving any watermark.

    Without `email`: the first subscriber, or (none yet) what a subscriber joining before the first
    crawl would get. Content is None when nothing new would be sent.
    """
    stamp = (now or utcnow()).replace(tzinfo=timezone.utc)
    with db.session() as s:
        store = SubscriberStore(s)
        if email:
            sub = store.get(email)
            if sub is None:
                raise UsageError(f"{email} is not a subscriber (see `serieswatch subscribers list`)")
        else:
            subs = store.list()
            sub = subs[0] if subs else Subscriber(email="preview@example.invalid", language="zh", indicators=[],
                                                  token="preview", figure_watermark=0, article_watermark=0)
        content = gather(s, figure_watermark=sub.figure_watermark, article_watermark=sub.article_watermark,
                         indicators=sub.indicators, language=sub.language, catalog=config.indicators,
                         tz=config.tz, now=stamp)
        address, token = sub.email, sub.token
        s.expunge_all()
        s.rollback()
    if content is None:
        return address, None, None
    msg = render.build_message(content, to=address, from_=config.email.from_, token=token,
                               message_id=render.new_message_id(config.email.from_), date=stamp,
                               base_url=config.web_base_url)
    return address, content, msg
