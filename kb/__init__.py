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

# public name -> (module, attribute).  What the CLI and the web use, and only this (with the
# renderers in kb.output): tests/test_public_api.py pins it.
_API: dict[str, tuple[str, str]] = {
    # databases
    "open_database": ("kb.ingest.bootstrap", "open_engine"),
    "migrate": ("kb.ingest.bootstrap", "migrate"),
    "load": ("kb.ingest.load", "load_path"),
    "verify": ("kb.query.verify", "verify"),
    "seeds_dir": ("kb.store.paths", "seeds_dir"),
    # the inputs of every query, parsed once
    "Filters": ("kb.query.filters", "Filters"),
    "STATUSES": ("kb.query.filters", "STATUSES"),
    "ENACTED": ("kb.query.filters", "ENACTED"),
    # reports and versions
    "reports": ("kb.query.catalog", "list_reports"),
    "versions": ("kb.query.catalog", "list_versions"),
    "version_refs": ("kb.query.catalog", "version_refs"),
    "resolve": ("kb.query.refs", "resolve"),
    "VersionRef": ("kb.query.refs", "VersionRef"),
    "version_text": ("kb.query.textdiff", "text_of"),
    "Report": ("kb.domain.schemas", "Report"),
    "Version": ("kb.domain.schemas", "Version"),
    # facts
    "KIND_REGISTRY": ("kb.domain.kinds", "REGISTRY"),
    "facts": ("kb.query.facts", "list_facts"),
    "show": ("kb.query.facts", "show_fact"),
    "history": ("kb.query.facts", "fact_history"),
    "history_rows": ("kb.query.history", "history_rows"),
    "events": ("kb.query.events", "timeline"),
    "describe": ("kb.domain.describe", "describe"),
    "money": ("kb.domain.describe", "money"),
    "fy_range": ("kb.domain.refs", "fy_range"),
    # funding
    "funding": ("kb.query.funding", "funding"),
    "FundingRow": ("kb.query.funding", "FundingRow"),
    "FUNDING_COLUMNS": ("kb.query.funding", "COLUMNS"),
    "FUNDING_TABLE_COLUMNS": ("kb.query.funding", "TABLE_COLUMNS"),
    "pivot": ("kb.query.funding", "pivot"),
    "PivotTable": ("kb.query.funding", "PivotTable"),
    "PIVOT_COLUMNS": ("kb.query.funding", "LONG_COLUMNS"),
    "lineage": ("kb.query.lineage", "lineage"),
    "LineageLine": ("kb.query.lineage", "LineageLine"),
    "LINEAGE_COLUMNS": ("kb.query.lineage", "COLUMNS"),
    # changes
    "diff": ("kb.query.diff", "diff_versions"),
    "DIFF_COLUMNS": ("kb.query.diff", "DIFF_COLUMNS"),
    "text_diff": ("kb.query.textdiff", "text_diff"),
    "changelog": ("kb.query.changelog", "changelog"),
    # files
    "export": ("kb.output.export", "export"),
    # drafting a new revision
    "draft_revision": ("kb.draft.run", "draft_revision"),
    "draft_reference": ("kb.draft.run", "as_reference"),
    "DRAFT_REVIEW_COLUMNS": ("kb.draft.run", "REVIEW_COLUMNS"),
    "read_revision": ("kb.ingest.readers", "read_revision"),
    "read_compare": ("kb.ingest.readers.compare", "read_compare"),
    # errors
    "KbError": ("kb.domain.problems", "KbError"),
    "UsageError": ("kb.domain.problems", "UsageError"),
    "BadArgument": ("kb.domain.problems", "BadArgument"),
    "NotFound": ("kb.domain.problems", "NotFound"),
    "EnvironmentFailure": ("kb.domain.problems", "EnvironmentFailure"),
    "Problem": ("kb.domain.problems", "Problem"),
    "printable": ("kb.domain.problems", "printable"),
}

__all__ = [  # the keys of _API, spelled out for tools that read __all__
    "DIFF_COLUMNS",
    "DRAFT_REVIEW_COLUMNS",
    "ENACTED",
    "FUNDING_COLUMNS",
    "FUNDING_TABLE_COLUMNS",
    "KIND_REGISTRY",
    "LINEAGE_COLUMNS",
    "PIVOT_COLUMNS",
    "STATUSES",
    "BadArgument",
    "EnvironmentFailure",
    "Filters",
    "FundingRow",
    "KbError",
    "LineageLine",
    "NotFound",
    "PivotTable",
    "Problem",
    "Report",
    "UsageError",
    "Version",
    "VersionRef",
    "changelog",
    "describe",
    "diff",
    "draft_reference",
    "draft_revision",
    "events",
    "export",
    "facts",
    "funding",
    "fy_range",
    "history",
    "history_rows",
    "lineage",
    "load",
    "migrate",
    "money",
    "open_database",
    "pivot",
    "printable",
    "read_compare",
    "read_revision",
    "reports",
    "resolve",
    "seeds_dir",
    "show",
    "text_diff",
    "verify",
    "version_refs",
    "version_text",
    "versions",
]

if TYPE_CHECKING:  # what a type checker and an editor see
    from kb.domain.describe import describe, money
    from kb.domain.kinds import REGISTRY as KIND_REGISTRY
    from kb.domain.problems import (
        BadArgument,
        EnvironmentFailure,
        KbError,
        NotFound,
        Problem,
        UsageError,
        printable,
    )
    from kb.domain.refs import fy_range
    from kb.domain.schemas import Report, Version
    from kb.draft.run import REVIEW_COLUMNS as DRAFT_REVIEW_COLUMNS
    from kb.draft.run import as_reference as draft_reference
    from kb.draft.run import draft_revision
    from kb.ingest.bootstrap import migrate
    from kb.ingest.bootstrap import open_engine as open_database
    from kb.ingest.load import load_path as load
    from kb.ingest.readers import read_revision
    from kb.ingest.readers.compare import read_compare
    from kb.output.export import export
    from kb.query.catalog import list_reports as reports
    from kb.query.catalog import list_versions as versions
    from kb.query.catalog import version_refs
    from kb.query.changelog import changelog
    from kb.query.diff import DIFF_COLUMNS
    from kb.query.diff import diff_versions as diff
    from kb.query.events import timeline as events
    from kb.query.facts import fact_history as history
    from kb.query.facts import list_facts as facts
    from kb.query.facts import show_fact as show
    from kb.query.filters import ENACTED, STATUSES, Filters
    from kb.query.funding import COLUMNS as FUNDING_COLUMNS
    from kb.query.funding import LONG_COLUMNS as PIVOT_COLUMNS
    from kb.query.funding import TABLE_COLUMNS as FUNDING_TABLE_COLUMNS
    from kb.query.funding import FundingRow, PivotTable, funding, pivot
    from kb.query.history import history_rows
    from kb.query.lineage import COLUMNS as LINEAGE_COLUMNS
    from kb.query.lineage import LineageLine, lineage
    from kb.query.refs import VersionRef, resolve
    from kb.query.textdiff import text_diff
    from kb.query.textdiff import text_of as version_text
    from kb.query.verify import verify
    from kb.store.paths import seeds_dir


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
