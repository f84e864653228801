"""`kb serve`: the read-only web interface (kb/web) on loopback unless --host says otherwise."""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from kb.cli.common import DbOpt, engine_for, note

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: loopback only).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)
    ] = 8000,
    db: DbOpt = None,
) -> None:
    """A read-only web interface: funding, changes, facts, timeline, search.

    \b
    Example:
      kb serve --port 8000
    """
    # Starlette, Jinja2 and uvicorn are imported here only: other commands start without them.
    import uvicorn

    from kb.web.app import create_app

    engine = engine_for(db)
    sock = _listen(host, port)
    port = sock.getsockname()[1]  # the real one when --port 0 asked the system for any
    where = (
        "loopback only: other machines cannot reach it; --host 0.0.0.0 to share"
        if host in LOOPBACK
        else f"listening on {host}: anyone who can reach this machine can read it"
    )
    shown = f"[{host}]" if ":" in host else host
    note(f"kb serve: read-only, http://{shown}:{port}/ ({where})")
    note(f"kb serve: database {engine.url.render_as_string(hide_password=True)}")
    config = uvicorn.Config(
        create_app(engine), log_level="warning", access_log=False, server_header=False
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        engine.dispose()


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a taken port is kb's clear message (exit 1)
    rather than uvicorn's log line and exit 3."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        hint = "; is another kb serve running? try --port" if exc.errno == errno.EADDRINUSE else ""
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None
    sock.set_inheritable(True)
    return sock
