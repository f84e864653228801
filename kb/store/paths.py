"""Where kb finds its bundled seeds and migrations, from a checkout or an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the kb package


def _bundled(name: str) -> Path:
    # A wheel carries them under kb/_bundled/ (see pyproject force-include);
    # a checkout (or an editable install) has them at the top of the repository.
    inside = _PACKAGE / "_bundled" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def seeds_dir() -> Path:
    return _bundled("seeds")


def migrations_dir() -> Path:
    return _bundled("migrations")


def default_database_path() -> Path:
    home = os.environ.get("KB_HOME")
    if home:
        return Path(home) / "kb.sqlite"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "kb" / "kb.sqlite"


def database_url(explicit: str | None = None) -> str:
    """--db, else KB_DATABASE_URL, else the embedded SQLite file."""
    url = explicit or os.environ.get("KB_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{default_database_path()}"
