"""`serieswatch serve`: the web view (web/) served by uvicorn."""

from __future__ import annotations

import ipaddress

import click

EXPOSURE_WARNING = ("warning: serving on {host} makes the archive and the unsubscribe pages reachable from "
                    "other machines, without TLS; put it behind a reverse proxy with TLS (README: Web view) "
                    "or serve on 127.0.0.1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="port to listen on")
@click.pass_obj
def serve(app, host, port):
    """The web view: archive pages for analysts, one-click unsubscribe for subscribers."""
    import uvicorn

    from web.app import create_app
    if not is_loopback(host):
        click.echo(EXPOSURE_WARNING.format(host=host), err=True)
    web = create_app(app.config, app.db)
    click.echo(f"serving the archive {app.db.url} on http://{host}:{port}/"
               f"{' (public address ' + app.config.web_base_url + ')' if app.config.web_base_url else ''}", err=True)
    # X-Forwarded-* headers are believed only from a proxy on this machine.
    uvicorn.run(web, host=host, port=port, log_level="info", proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                server_header=False)


COMMANDS = [serve]
