"""Commands for the mail side: `subscribers add|list|remove` and `digest preview`."""

from __future__ import annotations

from pathlib import Path

import click

from scheduler.output import emit, format_option
from serieswatch.errors import UsageError

SUBSCRIBER_COLUMNS = ["id", "email", "language", "indicators", "created_at", "pending"]


@click.group("subscribers")
def subscribers_group():
    """Who gets digests: add, list, remove."""


@subscribers_group.command("add")
@click.argument("email")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="language of the digests")
@click.option("--indicator", "indicators", multiple=True, metavar="ID",
              help="only numbers of this catalog indicator (repeat for several; default: every number)")
@click.pass_obj
def subscribers_add(app, email, language, indicators):
    """Subscribe EMAIL to digests."""
    from storage.subscribers import SubscriberStore
    known = [getattr(ind, "id", None) for ind in app.config.indicators]
    unknown = [i for i in indicators if i not in known]
    if unknown:
        raise UsageError(f"--indicator: unknown indicator id {unknown[0]!r}; the catalog has: "
                         f"{', '.join(k for k in known if k) or '(none)'}")
    with app.db.session() as s:
        sub = SubscriberStore(s).add(email, language=language, indicators=indicators,
                                     lookback_days=app.config.email.lookback_days)
        address, wm = sub.email, sub.figure_watermark
    click.echo(f"subscribed {address} ({language}"
               f"{', indicators ' + ', '.join(indicators) if indicators else ', every number'}); "
               f"the first digest covers numbers first seen after figure #{wm}", err=True)


@subscribers_group.command("list")
@format_option
@click.pass_obj
def subscribers_list(app, fmt):
    """Every subscriber with their language, indicator filter and digests waiting."""
    from sqlalchemy import func, select

    from storage.models_mail import Digest
    from storage.subscribers import SubscriberStore, subscriber_json
    with app.db.session() as s:
        pending = dict(s.execute(select(Digest.subscriber_id, func.count(Digest.id))
                                 .where(Digest.status == "pending").group_by(Digest.subscriber_id)).all())
        rows = [subscriber_json(sub, pending=pending.get(sub.id, 0)) for sub in SubscriberStore(s).list()]
    emit(rows, fmt, columns=SUBSCRIBER_COLUMNS if fmt != "json" else None)


@subscribers_group.command("remove")
@click.argument("email")
@click.pass_obj
def subscribers_remove(app, email):
    """Unsubscribe EMAIL (digests not yet sent to it are dropped)."""
    from storage.subscribers import SubscriberStore
    with app.db.session() as s:
        if not SubscriberStore(s).remove(email):
            raise UsageError(f"{email} is not a subscriber (see `serieswatch subscribers list`)")
    click.echo(f"removed {email.strip().lower()}", err=True)


@click.group("digest")
def digest_group():
    """Digests: preview the next one."""


@digest_group.command("preview")
@click.option("--subscriber", "email", metavar="EMAIL", help="whose next digest (default: the first subscriber)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the HTML there (the whole message when PATH ends with .eml); default: print the text")
@click.pass_obj
def digest_preview(app, email, out):
    """Render the next digest without sending it and without moving any watermark."""
    from notifications.cycle import preview
    from notifications.render import message_bytes
    address, content, msg = preview(app.config, app.db, email)
    if content is None:
        click.echo(f"nothing new for {address}: no digest would be sent", err=True)
        return
    if out is None:
        click.echo(msg.get_body(("plain",)).get_content(), nl=False)
        return
    if out.suffix.lower() == ".eml":
        out.write_bytes(message_bytes(msg))
    else:
        out.write_text(msg.get_body(("html",)).get_content(), encoding="utf-8")
    click.echo(f"wrote the digest for {address} ({content.figure_count} new figures) to {out}", err=True)


COMMANDS = [subscribers_group, digest_group]
