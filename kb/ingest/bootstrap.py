"""First use: open a database, creating its schema and loading the bundled seeds if empty.

This sits above the store (it loads seeds through ``kb.ingest.load``) and is the one place
that decides when seeding happens.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from sqlalchemy import Engine

from kb.domain.problems import EnvironmentFailure
from kb.store import paths
from kb.store.engine import HEAD_REVISION, make_engine, safe_url, schema_revision, upgrade


def open_engine(
    url: str | None = None,
    *,
    seed: bool = True,
    notify: Callable[[str], None] | None = None,
) -> Engine:
    """An engine on a database at the current schema.

    A database without a kb schema is migrated and, unless ``seed`` is False, loaded
    from the bundled seeds, with a one-line note.  A database at an older revision is
    refused with the command that upgrades it.
    """
    resolved = paths.database_url(url)
    engine = make_engine(resolved)
    try:
        revision = schema_revision(engine)
    except Exception as exc:  # unreachable server, bad credentials, unreadable file
        # One line in kb's words; the driver's text (tabs, links) only with --debug.
        raise EnvironmentFailure(
            f"cannot open database {safe_url(resolved)} ({type(exc).__name__}); "
            "run with --debug to see the driver's message"
        ) from exc
    if revision == HEAD_REVISION:
        return engine
    if revision is not None:
        raise EnvironmentFailure(
            f"database {safe_url(resolved)} is at schema {revision}, kb needs {HEAD_REVISION}: "
            "run `kb migrate` to upgrade it"
        )
    upgrade(engine)
    message = f"kb: created the kb schema in {safe_url(resolved)}"
    if seed:
        from kb.ingest.load import load_path

        result = load_path(engine, paths.seeds_dir())
        message += f" and loaded the bundled seeds ({result.summary()})"
    (notify or _stderr)(message)
    return engine


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)
