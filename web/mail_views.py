"""Subscriber pages: unsubscribe (RFC 8058 one-click) and the subscription settings.

The token in the URL is the credential. GET never changes anything (link scanners follow links);
POST /unsubscribe/<token> with `List-Unsubscribe=One-Click` unsubscribes with nothing else, as
mail providers send it. The settings form carries a form token bound to the subscriber's token.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request

from storage.subscribers import LANGUAGES, SubscriberStore
from web.security import form_token, form_token_ok, is_one_click, subscriber_for

logger = logging.getLogger(__name__)

MAX_FORM_BYTES = 64 * 1024


def _render(request: Request, name: str, context: dict, status_code: int = 200):
    response = request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"          # the address and token are on the page
    return response


async def _form(request: Request):
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        raise HTTPException(413, "form too large")
    return await request.form(max_files=0, max_fields=200)


def _gone(request: Request):
    return _render(request, "unsubscribed.html", {"email": None, "known": False}, status_code=404)


async def unsubscribe(request: Request):
    token = request.path_params["token"]
    if request.method == "GET":
        return await _run(request, _confirm_page, token)
    form = await _form(request)
    if not (is_one_click(form) or form_token_ok(token, "unsubscribe", form.get("csrf"))):
        raise HTTPException(400, "not a one-click unsubscribe request (List-Unsubscribe=One-Click) "
                                 "nor the confirmation form")
    return await _run(request, _remove, token)


async def _run(request, fn, *args):
    from starlette.concurrency import run_in_threadpool
    return await run_in_threadpool(fn, request, *args)


def _confirm_page(request: Request, token: str):
    with request.app.state.db.session() as s:
        sub = subscriber_for(SubscriberStore(s), token)
        if sub is None:
            return _gone(request)
        email = sub.email
    return _render(request, "unsubscribe.html", {"email": email, "token": token,
                                                 "csrf": form_token(token, "unsubscribe")})


def _remove(request: Request, token: str):
    with request.app.state.db.session() as s:
        store = SubscriberStore(s)
        sub = subscriber_for(store, token)
        if sub is None:
            return _gone(request)
        email = sub.email
        store.remove(email)
    logger.info("unsubscribed subscriber through the web view (one-click link)")
    return _render(request, "unsubscribed.html", {"email": email, "known": True})


async def subscription(request: Request):
    token = request.path_params["token"]
    form = await _form(request) if request.method == "POST" else None
    if form is not None and not form_token_ok(token, "subscription", form.get("csrf")):
        raise HTTPException(403, "the form is out of date or did not come from this site: reload the page")
    return await _run(request, _subscription, token, form)


def _subscription(request: Request, token: str, form):
    catalog = request.app.state.catalog
    saved = False
    with request.app.state.db.session() as s:
        store = SubscriberStore(s)
        sub = subscriber_for(store, token)
        if sub is None:
            return _gone(request)
        if form is not None:
            language = form.get("language")
            if language not in LANGUAGES:
                raise HTTPException(400, f"language: one of {', '.join(LANGUAGES)}")
            chosen = [i for i in form.getlist("indicator") if i in catalog]
            store.update(sub, language=language, indicators=chosen)
            saved = True
        context = {"email": sub.email, "language": sub.language, "indicators": list(sub.indicators or []),
                   "token": token, "csrf": form_token(token, "subscription"), "saved": saved,
                   "languages": LANGUAGES, "catalog": catalog}
    return _render(request, "subscription.html", context)
