"""`kb serve`: the read-only web interface (kb/web) on loopback unless --host says otherwise."""

from __future__ import annotations

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
    """A read-only web interface: funding, changes, facts, timeline, search."""
    # Starlette, Jinja2 and uvicorn are imported here only: other commands start without them.
    import uvicorn

    from kb.web.app import create_app

    engine = engine_for(db)
    where = (
        "loopback only: other machines cannot reach it; --host 0.0.0.0 to share"
        if host in LOOPBACK
        else f"listening on {host}: anyone who can reach this machine can read it"
    )
    shown = f"[{host}]" if ":" in host else host
    note(f"kb serve: read-only, http://{shown}:{port}/ ({where})")
    note(f"kb serve: database {engine.url.render_as_string(hide_password=True)}")
    try:
        uvicorn.run(
            create_app(engine),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
        )
    finally:
        engine.dispose()
