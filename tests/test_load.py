"""Loading the bundled seeds: storage sharing, no-op reloads, refusals, --replace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from sqlalchemy import func, select

from kb.domain.problems import LoadError
from kb.ingest.load import load_path
from kb.store.engine import make_engine
from kb.store.models import FactRow, VersionFactRow
from tests.conftest import SEEDS, RunKb, snapshot

REPORT = SEEDS / "reports" / "IF10578"
VERSIONS = sorted(p.stem for p in REPORT.glob("????-??-??.yaml"))


def _facts(version: str) -> list[dict]:
    return yaml.safe_load((REPORT / f"{version}.yaml").read_text(encoding="utf-8"))["facts"]


def test_seeds_load_and_every_fact_is_stored(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    for version in VERSIONS:
        rows = kb("facts", "--at", f"IF10578@{version}", "--format", "json", db=shared_url).json()
        assert sorted(r["id"] for r in rows) == sorted(f["id"] for f in _facts(version))


def test_an_unchanged_fact_is_stored_once(shared_url: str) -> None:
    old, new = (_facts(v) for v in VERSIONS[:2])
    unchanged = [f for f in new if f in old]
    assert unchanged, "the two revisions share facts"
    engine = make_engine(shared_url)
    with engine.connect() as conn:
        memberships = conn.execute(select(func.count()).select_from(VersionFactRow)).scalar()
        contents = conn.execute(select(func.count()).select_from(FactRow)).scalar()
    engine.dispose()
    assert memberships == len(old) + len(new)
    assert contents == len(old) + len(new) - len(unchanged)


def test_loading_the_same_content_again_is_a_noop(seeded_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(seeded_url)
    result = kb("load", str(SEEDS), db=seeded_url)
    assert result.code == 0, result.err
    assert "nothing to do" in result.err
    assert snapshot(seeded_url) == before


def test_different_content_is_refused_without_replace(seeded_url: str, seed_copy, kb) -> None:  # type: ignore[no-untyped-def]
    folder = seed_copy()
    path = folder / f"{VERSIONS[0]}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["facts"][0]["note"] = "a curator's new note"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = snapshot(seeded_url)

    refused = kb("load", str(folder), db=seeded_url)
    assert refused.code == 2
    assert f"IF10578@{VERSIONS[0]} is already loaded with different content" in refused.err
    assert "--replace" in refused.err
    assert snapshot(seeded_url) == before

    replaced = kb("load", str(folder), "--replace", db=seeded_url)
    assert replaced.code == 0, replaced.err
    assert "1 replaced" in replaced.err
    fact_id = data["facts"][0]["id"]
    shown = kb("show", fact_id, "--at", f"IF10578@{VERSIONS[0]}", "--format", "json", db=seeded_url)
    assert shown.json()[0]["note"] == "a curator's new note"


def test_replace_drops_contents_no_version_states(seeded_url: str, seed_copy) -> None:
    folder = seed_copy()
    path = folder / f"{VERSIONS[0]}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    only_old = [f for f in data["facts"] if f not in _facts(VERSIONS[1])]
    dropped = only_old[0]["id"]
    data["facts"] = [f for f in data["facts"] if f["id"] != dropped]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = make_engine(seeded_url)
    load_path(engine, folder, replace=True)
    with engine.connect() as conn:
        left = conn.execute(select(func.count()).where(FactRow.slug == dropped)).scalar()
    engine.dispose()
    assert left == 0


def test_a_load_is_one_transaction(migrated_url: str, seed_copy) -> None:
    """A problem found while writing (an id changing kind) rolls back everything."""
    folder = seed_copy()
    newer = folder / f"{VERSIONS[1]}.yaml"
    data = yaml.safe_load(newer.read_text(encoding="utf-8"))
    old_ids = {f["id"]: f["kind"] for f in _facts(VERSIONS[0])}
    victim = next(f for f in data["facts"] if f["kind"] == "event" and f["id"] in old_ids)
    victim["kind"] = "indicator"
    victim.pop("date")
    victim.pop("actors", None)
    victim.pop("category", None)
    victim["summary"] = None
    victim.pop("summary")
    victim.update(name="n", value=1, unit="u")
    newer.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = make_engine(migrated_url)
    before = snapshot(migrated_url)
    try:
        load_path(engine, folder)
    except LoadError as exc:
        assert any(p.code == "kind-changed" and p.fact_id == victim["id"] for p in exc.problems)
    else:
        raise AssertionError("expected a LoadError")
    finally:
        engine.dispose()
    assert snapshot(migrated_url) == before


def test_first_use_creates_migrates_and_seeds(tmp_path: Path, kb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("KB_DATABASE_URL", raising=False)
    monkeypatch.setenv("KB_HOME", str(tmp_path / "home"))
    result = kb("versions", "--format", "json")
    assert result.code == 0, result.err
    assert "created the kb schema" in result.err and "loaded the bundled seeds" in result.err
    assert [v["version"] for v in result.json()] == VERSIONS
    again = kb("versions", "--format", "json")
    assert again.err == ""  # the note is printed once, on first use


def test_a_load_into_a_new_database_loads_only_what_it_is_given(
    kb: RunKb,
    empty_url: str,
    seed_copy: Callable[[str], Path],
) -> None:
    """`kb load FOLDER --db NEW` used to seed the bundled IF10578 first, then refuse the
    user's own edited copy as content-differs."""
    folder = seed_copy("IF10578")
    version = folder / "2025-08-14.yaml"
    edited = version.read_text(encoding="utf-8").replace(
        "  note: No account named for the total.", "  note: Edited by the user.", 1
    )
    assert edited != version.read_text(encoding="utf-8")
    version.write_text(edited, encoding="utf-8")
    (folder / "2024-10-01.yaml").unlink()  # the user's folder holds one version
    (folder / "2024-10-01.txt").unlink()
    for extra in folder.glob("compare-*"):
        extra.unlink()

    result = kb("load", str(folder), db=empty_url)
    assert result.code == 0, result.err
    assert "bundled seeds" not in result.err
    versions = kb("versions", "--format", "json", db=empty_url).json()
    assert [v["ref"] for v in versions] == ["IF10578@2025-08-14"]
    facts = kb("facts", "--format", "json", db=empty_url).json()
    assert any((f.get("note") or "").startswith("Edited by the user.") for f in facts)
