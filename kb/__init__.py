"""kb as a library: the functions the CLI calls, returning typed objects.

    import kb

    engine = kb.open_database("sqlite:///kb.sqlite")   # created, migrated, seeded on first use
    with engine.connect() as conn:
        for row in kb.funding(conn, fy=2023):             # FundingRow objects, exact Decimals
            print(row.id, row.amount_usd, row.status)
        changes = kb.diff(conn, "IF10578@2024-10-01", "IF10578@2025-08-14")
    kb.load(engine, "seeds/")                              # one transaction
    engine.dispose()

Names are imported on first use (module ``__getattr__``), so ``import kb`` and the CLI's
start-up stay light: nothing here imports SQLAlchemy or Pydantic until it is asked for.
Library errors are ``kb.KbError`` subclasses (``UsageError`` for bad input, exit 2 in the
CLI; ``EnvironmentFailure`` for a database that fails, exit 1); they name parameters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_API: dict[str, tuple[str, str]] = {
    "open_database": ("kb.ingest.bootstrap", "open_engine"),
    "Filters": ("kb.query.filters", "Filters"),
    "funding": ("kb.query.funding", "funding"),
    "diff": ("kb.query.diff", "diff_versions"),
    "facts": ("kb.query.facts", "list_facts"),
    "show": ("kb.query.facts", "show_fact"),
    "history": ("kb.query.facts", "fact_history"),
    "events": ("kb.query.events", "timeline"),
    "reports": ("kb.query.catalog", "list_reports"),
    "versions": ("kb.query.catalog", "list_versions"),
    "export": ("kb.output.export", "export"),
    "load": ("kb.ingest.load", "load_path"),
    "verify": ("kb.query.verify", "verify"),
    "KbError": ("kb.domain.problems", "KbError"),
    "UsageError": ("kb.domain.problems", "UsageError"),
    "NotFound": ("kb.domain.problems", "NotFound"),
    "EnvironmentFailure": ("kb.domain.problems", "EnvironmentFailure"),
    "Problem": ("kb.domain.problems", "Problem"),
}

__all__ = [
    "EnvironmentFailure",
    "Filters",
    "KbError",
    "NotFound",
    "Problem",
    "UsageError",
    "diff",
    "events",
    "export",
    "facts",
    "funding",
    "history",
    "load",
    "open_database",
    "reports",
    "show",
    "verify",
    "versions",
]

if TYPE_CHECKING:  # what a type checker and an editor see
    from kb.domain.problems import EnvironmentFailure, KbError, NotFound, Problem, UsageError
    from kb.ingest.bootstrap import open_engine as open_database
    from kb.ingest.load import load_path as load
    from kb.output.export import export
    from kb.query.catalog import list_reports as reports
    from kb.query.catalog import list_versions as versions
    from kb.query.diff import diff_versions as diff
    from kb.query.events import timeline as events
    from kb.query.facts import fact_history as history
    from kb.query.facts import list_facts as facts
    from kb.query.facts import show_fact as show
    from kb.query.filters import Filters
    from kb.query.funding import funding
    from kb.query.verify import verify


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _API[name]
    except KeyError:
        raise AttributeError(f"module 'kb' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # the next look-up is a plain global
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
