"""kb as a library: `import kb` is light, and its functions return typed objects equal to
what the CLI prints."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import kb as kb_lib
from kb.store.paths import seeds_dir
from tests.conftest import RunKb

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"


def test_import_kb_imports_no_database_or_validation_library() -> None:
    code = (
        "import sys, kb; "
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'typer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_resolves() -> None:
    assert sorted(kb_lib.__all__) == sorted(kb_lib._API)
    for name in kb_lib.__all__:
        assert getattr(kb_lib, name) is not None, name
    with pytest.raises(AttributeError):
        kb_lib.no_such_thing  # noqa: B018


def test_the_library_answers_the_analysts_questions(
    migrated_url: str, tmp_path: Path, kb: RunKb
) -> None:
    engine = kb_lib.open_database(migrated_url)
    result = kb_lib.load(engine, seeds_dir())
    assert result.summary()
    with engine.connect() as conn:
        rows = kb_lib.funding(conn, fy=2023)
        assert rows and all(isinstance(r.amount_usd, Decimal) for r in rows)
        # the CLI prints the same rows
        cli = kb("funding", "--fy", "2023", "--format", "json", db=migrated_url).json()
        assert [r.id for r in rows] == [c["id"] for c in cli]

        diff = kb_lib.diff(conn, OLD, NEW)
        assert {c.change for c in diff.changes} <= {"added", "removed", "revised", "reworded"}
        assert diff.changes

        facts = kb_lib.facts(conn, kind="appropriation")
        assert facts and all(f.fact.kind == "appropriation" for f in facts)

        history = kb_lib.history(conn, "incle-mexico-fy2023")
        assert [h.version for h in history] == [dt.date(2024, 10, 1), dt.date(2025, 8, 14)]

        events = kb_lib.events(conn, since="2025")
        assert events and all(e.date >= "2025" for e in events)

        exported = kb_lib.export(conn, "appropriation", "jsonl", tmp_path / "a.jsonl")
        lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
        assert exported.rows == len(lines) and json.loads(lines[0])["kind"] == "appropriation"

        report = kb_lib.verify(conn, seeds_dir())
        assert report.ok, report.problems

        with pytest.raises(kb_lib.UsageError) as info:
            kb_lib.funding(conn, fy_from=2023, fy_to=2020)
        assert info.value.parameter == "fy_to"
        with pytest.raises(kb_lib.NotFound):
            kb_lib.show(conn, "no-such-fact")
    engine.dispose()
