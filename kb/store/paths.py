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
    """--db, else KB_DATABASE_URL, else the embedded SQLite file; see ``normalise_url``."""
    url = explicit or os.environ.get("KB_DATABASE_URL")
    if url:
        return normalise_url(url)
    return default_database_url()


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"


def normalise_url(value: str) -> str:
    """What a user may write for a database, as a SQLAlchemy URL.

    A plain path (no ``scheme://``) is a SQLite file; ``postgres://`` and ``postgresql://``
    (what psql, Heroku and libpq write) are PostgreSQL through psycopg 3, kb's driver."""
    if "://" not in value and not value.startswith("sqlite:"):
        return f"sqlite:///{Path(value).expanduser().absolute()}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return value
