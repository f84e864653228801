"""The benchmark runs (quick size) and its synthetic corpora are valid, deterministic seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from sqlalchemy import func, select

from kb.store.engine import make_engine
from kb.store.models import FactRow, VersionFactRow, VersionRow
from scripts.synthetic import KIND_WEIGHTS, generate, version_data

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {
    "load_read",
    "load_write",
    "funding",
    "diff_small",
    "diff_large",
    "export",
    "cold_start",
    "storage",
    "web_funding",
    "draft",
}


def test_quick_bench_runs_and_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "tmp.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results["figures"]) == FIGURES
    for name, fig in results["figures"].items():
        assert isinstance(fig["kb"], int | float) and fig["kb"] > 0, name
        assert isinstance(fig["baseline"], int | float) and fig["baseline"] > 0, name
        assert isinstance(fig["ratio"], int | float) and fig["ratio"] > 0, name
        assert fig["target"].split()[0] in (">=", "<="), name
        assert isinstance(fig["pass"], bool), name
    for key in ("cpu", "cores", "ram_bytes", "python", "sqlite", "kb"):
        assert results["machine"][key], key
    assert results["corpus"]["memberships"] == 3 * 3 * 50
    # the table names every figure with PASS or MISS
    assert done.stdout.count("PASS") + done.stdout.count("MISS") == len(FIGURES)


def test_a_generated_corpus_loads_through_kb_load(tmp_path: Path, migrated_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    stats = generate(tmp_path / "corpus", reports=2, versions=4, facts=120, churn=0.1, seed=7)
    result = kb("load", str(tmp_path / "corpus"), db=migrated_url)
    assert result.code == 0, result.err
    assert kb("verify", "--no-seeds", db=migrated_url).code == 0
    engine = make_engine(migrated_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(VersionRow)).scalar() == 8
        assert conn.execute(select(func.count()).select_from(FactRow)).scalar() == stats.contents
        memberships = conn.execute(select(func.count()).select_from(VersionFactRow)).scalar()
        kinds = set(conn.execute(select(FactRow.kind).distinct()).scalars())
    engine.dispose()
    assert memberships == stats.facts
    assert kinds == set(KIND_WEIGHTS)
    # loading the same corpus again is a no-op
    again = kb("load", str(tmp_path / "corpus"), db=migrated_url)
    assert again.code == 0 and "nothing to do" in again.err


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_the_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", reports=2, versions=3, facts=60, churn=0.2, seed=3)
    b = generate(tmp_path / "b", reports=2, versions=3, facts=60, churn=0.2, seed=3)
    c = generate(tmp_path / "c", reports=2, versions=3, facts=60, churn=0.2, seed=4)
    files = _files(tmp_path / "a")
    assert len(files) == 2 * (1 + 3 * 2)
    assert files == _files(tmp_path / "b")
    assert files != _files(tmp_path / "c")
    assert (a.facts, a.contents) == (b.facts, b.contents)
    del c


def test_hand_written_yaml_parses_back_to_the_data(tmp_path: Path) -> None:
    generate(tmp_path, reports=1, versions=3, facts=80, churn=0.2, seed=5)
    folder = tmp_path / "reports" / "R10000"
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "report.yaml")
    expected = version_data(1, 3, 80, churn=0.2, seed=5)
    assert len(files) == len(expected) == 3
    for path, data in zip(files, expected, strict=True):
        assert yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) == data
        assert yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) == data


def test_a_report_keeps_its_first_versions_whatever_the_length(tmp_path: Path) -> None:
    generate(tmp_path / "short", reports=1, versions=2, facts=50, seed=1)
    generate(tmp_path / "long", reports=1, versions=5, facts=50, seed=1)
    short = _files(tmp_path / "short")
    long = _files(tmp_path / "long")
    assert all(long[name] == data for name, data in short.items())


def test_funding_rows_are_built_in_field_order() -> None:
    from kb.query.funding import _SELECTED, FundingRow

    assert list(FundingRow._fields) == _SELECTED
