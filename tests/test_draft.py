"""kb draft end to end: files written, the database untouched (both backends), review marks
refused by kb load unless --accept-draft, bad input refused with the file named."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.ingest.load import load_path
from kb.store.engine import make_engine
from tests.conftest import SEEDS, snapshot

FOLDER = SEEDS / "reports" / "IF10578"
OLD, NEW = "2024-10-01", "2025-08-14"


@pytest.fixture
def reference_url(migrated_url: str, tmp_path: Path) -> str:
    """A database holding report.yaml and IF10578@2024-10-01 only (before 2025-08-14 came out)."""
    seed = tmp_path / "reference" / "IF10578"
    seed.mkdir(parents=True)
    for name in ("report.yaml", f"{OLD}.txt", f"{OLD}.yaml"):
        shutil.copyfile(FOLDER / name, seed / name)
    engine = make_engine(migrated_url)
    load_path(engine, seed)
    engine.dispose()
    return migrated_url


def _draft(kb: Any, url: str, source: Path, out: Path, *extra: str) -> Any:
    return kb("draft", str(source), "--report", "IF10578", "-o", str(out), *extra, db=url)


def _facts(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text("utf-8"))["facts"]


def test_draft_aligned_to_the_database(reference_url: str, kb: Any, tmp_path: Path) -> None:
    before = snapshot(reference_url)
    out = tmp_path / "drafts"
    result = _draft(kb, reference_url, FOLDER / f"{NEW}.txt", out, "--format", "json")
    assert result.code == 0, result.err
    assert snapshot(reference_url) == before  # kb draft never writes to the database
    rows = result.json()
    reviews = {r["review"] for r in rows}
    assert reviews == {"carried", "revised", "new", "dropped"}
    folder = out / "IF10578"
    assert sorted(p.name for p in folder.iterdir()) == [f"{NEW}.txt", f"{NEW}.yaml", "report.yaml"]
    assert (folder / f"{NEW}.txt").read_text("utf-8") == (FOLDER / f"{NEW}.txt").read_text("utf-8")
    facts = {f["id"]: f for f in _facts(folder / f"{NEW}.yaml")}
    assert all(f["review"] in ("carried", "revised", "new") for f in facts.values())
    assert all("check" in f for f in facts.values() if f["review"] != "carried")
    total = facts["security-assistance-total"]  # restated with a new figure
    assert (total["review"], total["amount_usd"], total["fy_end"]) == ("revised", 3600000000, 2023)
    assert (total["was"]["amount_usd"], total["was"]["fy_end"]) == (3500000000, 2021)
    assert facts["merida-initiative"]["review"] == "carried"
    assert facts["esf-mexico-fy2023"]["review"] == "new"
    dropped = {r["id"] for r in rows if r["review"] == "dropped"}
    assert "incle-mexico-fy2022" in dropped and "incle-mexico-fy2022" not in facts
    assert "kb draft: IF10578@2025-08-14 drafted" in result.err
    table = _draft(kb, reference_url, FOLDER / f"{NEW}.txt", tmp_path / "t")
    assert table.code == 0
    # a needs column where some fact has open needs (here: percents the text does not name)
    assert table.out.splitlines()[0].split() == ["review", "id", "description", "needs", "check"]


def test_load_refuses_review_marks_unless_accepted(
    reference_url: str, kb: Any, tmp_path: Path
) -> None:
    out = tmp_path / "drafts"
    assert _draft(kb, reference_url, FOLDER / f"{NEW}.txt", out).code == 0
    folder = out / "IF10578"
    facts = _facts(folder / f"{NEW}.yaml")
    marked = sorted(f["id"] for f in facts if f["review"] in ("revised", "new"))
    before = snapshot(reference_url)
    refused = kb("load", str(folder), db=reference_url)
    assert refused.code == 2
    assert f"{folder / NEW}.yaml: fact {marked[0]}: field review" in refused.err
    assert "[unreviewed-draft]" in refused.err and "--accept-draft" in refused.err
    assert snapshot(reference_url) == before
    # a fact with open needs is refused with or without --accept-draft, until reviewed
    needy = sorted(f["id"] for f in facts if f.get("needs"))
    assert needy, "the draft has facts the drafter could not complete"
    still = kb("load", str(folder), "--accept-draft", db=reference_url)
    assert still.code == 2 and snapshot(reference_url) == before
    for fact_id in needy:
        assert f"fact {fact_id}: field" in still.err and "[open-needs]" in still.err
    _delete_facts(folder / f"{NEW}.yaml", needy)  # the reviewer deletes what they cannot fill
    facts = _facts(folder / f"{NEW}.yaml")
    marked = sorted(f["id"] for f in facts if f["review"] in ("revised", "new"))
    accepted = kb("load", str(folder), "--accept-draft", db=reference_url)
    assert accepted.code == 0, accepted.err
    listed = kb("facts", "--unreviewed", "--format", "json", db=reference_url).json()
    assert sorted(r["id"] for r in listed) == marked
    assert len(kb("facts", "--format", "json", db=reference_url).json()) == len(facts)
    verified = kb("verify", "--no-seeds", db=reference_url)
    assert verified.code == 0, verified.out + verified.err
    assert f"{len(marked)} drafted fact(s) not yet reviewed" in verified.out
    # reviewed: the marks deleted, loaded again with --replace; nothing is flagged any more
    data = yaml.safe_load((folder / f"{NEW}.yaml").read_text("utf-8"))
    for fact in data["facts"]:
        for key in ("review", "check", "was"):
            fact.pop(key, None)
    (folder / f"{NEW}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert kb("load", str(folder), "--replace", db=reference_url).code == 0
    assert kb("facts", "--unreviewed", "--format", "json", db=reference_url).json() == []
    assert "not yet reviewed" not in kb("verify", "--no-seeds", db=reference_url).out


def test_draft_never_overwrites_without_force(
    reference_url: str, kb: Any, tmp_path: Path
) -> None:
    out = tmp_path / "drafts"
    assert _draft(kb, reference_url, FOLDER / f"{NEW}.txt", out).code == 0
    facts_path = out / "IF10578" / f"{NEW}.yaml"
    facts_path.write_text(facts_path.read_text("utf-8") + "# my review\n", "utf-8")
    again = _draft(kb, reference_url, FOLDER / f"{NEW}.txt", out)
    assert again.code == 2
    assert str(FOLDER / f"{NEW}.txt") in again.err and "--force" in again.err
    assert facts_path.read_text("utf-8").endswith("# my review\n")
    forced = _draft(kb, reference_url, FOLDER / f"{NEW}.txt", out, "--force")
    assert forced.code == 0 and not facts_path.read_text("utf-8").endswith("# my review\n")


def test_unaligned_draft_loads_and_verifies(migrated_url: str, kb: Any, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    result = _draft(kb, migrated_url, FOLDER / f"{OLD}.txt", out, "--format", "json")
    assert result.code == 0, result.err
    assert {r["review"] for r in result.json()} == {"new"}
    meta = yaml.safe_load((out / "IF10578" / "report.yaml").read_text("utf-8"))
    assert meta["authors"][0]["name"] == "Clare Ribando Seelke"  # read from the text
    path = out / "IF10578" / f"{OLD}.yaml"
    _delete_facts(path, [f["id"] for f in _facts(path) if f.get("needs")])
    assert kb("load", str(out / "IF10578"), "--accept-draft", db=migrated_url).code == 0
    verified = kb("verify", "--no-seeds", db=migrated_url)
    assert verified.code == 0 and "ok:" in verified.out


def _delete_facts(path: Path, ids: list[str]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["facts"] = [f for f in data["facts"] if f["id"] not in ids]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_compare_page_drafts_both_revisions(
    migrated_url: str, kb: Any, tmp_path: Path
) -> None:
    from scripts.sample_inputs import make_compare_html

    annotated = (FOLDER / "compare-2024-10-01_2025-08-14.annotated.txt").read_text("utf-8")
    page = make_compare_html(annotated, tmp_path / "compare.html", "IF10578")
    out = tmp_path / "drafts"
    result = kb("draft", "--compare", str(page), "--report", "IF10578", "-o", str(out),
                "--format", "json", db=migrated_url)
    assert result.code == 0, result.err
    rows = result.json()
    assert {r["version"] for r in rows} == {OLD, NEW}
    assert {r["review"] for r in rows if r["version"] == OLD} == {"new"}
    assert "carried" in {r["review"] for r in rows if r["version"] == NEW}
    for version in (OLD, NEW):
        text = (out / "IF10578" / f"{version}.txt").read_text("utf-8")
        assert "".join(text.split()) == "".join(
            (FOLDER / f"{version}.txt").read_text("utf-8").split()
        )
    for version in (OLD, NEW):
        path = out / "IF10578" / f"{version}.yaml"
        _delete_facts(path, [f["id"] for f in _facts(path) if f.get("needs")])
    assert kb("load", str(out / "IF10578"), "--accept-draft", db=migrated_url).code == 0


def _delete_facts(path: Path, ids: list[str]) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["facts"] = [f for f in data["facts"] if f["id"] not in ids]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


# --- bad input: exit 2, the file named, nothing written -------------------------------------


def _scan(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    canvas.rect(72, 72, 300, 500, fill=1)
    canvas.showPage()
    canvas.save()
    return path


BAD: dict[str, tuple[Any, tuple[str, ...], str]] = {
    # name: (make the file, extra options, what the message says)
    "empty": (lambda p: (p / "empty.txt", b""), (), "empty"),
    "not-utf8": (lambda p: (p / "latin1.txt", "Updated May 1, 2024\n\nM\xe9rida $1 million"
                            .encode("latin-1")), (), "not UTF-8"),
    "scanned-pdf": (lambda p: (_scan(p / "scan.pdf"), None), (), "no text layer; kb does not OCR"),
    "html-without-body": (lambda p: (p / "page.html", b"<html><body><nav>Home</nav></body>"
                                     b"</html>"), (), "no report body"),
    "no-date": (lambda p: (p / "undated.txt", b"A title\n\nCongress appropriated $5 million in "
                           b"FY2024.\n"), (), "pass --version"),
    "report-mismatch": (lambda p: (FOLDER / f"{NEW}.txt", None), ("--report", "IF99999"),
                        "the file is report IF10578, but --report is IF99999"),
    "align-to-nothing": (lambda p: (FOLDER / f"{NEW}.txt", None),
                         ("--align-to", "IF10578@2020-01-01"), "IF10578@2024-10-01"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input(case: str, reference_url: str, kb: Any, tmp_path: Path) -> None:
    make, extra, says = BAD[case]
    path, content = make(tmp_path)
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "drafts"
    before = snapshot(reference_url)
    args = ["draft", str(path), "-o", str(out), *extra]
    if "--report" not in extra:
        args += ["--report", "IF10578"]
    result = kb(*args, db=reference_url)
    assert result.code == 2, result.err
    assert str(path) in result.err
    assert says in result.err
    assert not out.exists() or not any(out.rglob("*"))
    assert snapshot(reference_url) == before


def test_different_version_under_the_same_date(
    reference_url: str, kb: Any, tmp_path: Path
) -> None:
    out = tmp_path / "drafts"
    (out / "IF10578").mkdir(parents=True)
    shutil.copyfile(FOLDER / "report.yaml", out / "IF10578" / "report.yaml")
    (out / "IF10578" / f"{NEW}.txt").write_text("Another text entirely.\n", "utf-8")
    result = _draft(kb, reference_url, FOLDER / f"{NEW}.txt", out)
    assert result.code == 2
    assert "a different version under the same date" in result.err
    assert str(FOLDER / f"{NEW}.txt") in result.err
    assert sorted(p.name for p in (out / "IF10578").iterdir()) == [f"{NEW}.txt", "report.yaml"]
    assert (out / "IF10578" / f"{NEW}.txt").read_text("utf-8") == "Another text entirely.\n"


def test_version_option_supplies_a_missing_date(
    reference_url: str, kb: Any, tmp_path: Path
) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("A title\n\nCongress appropriated $5 million in FY2024.\n", "utf-8")
    result = kb("draft", str(path), "--report", "IF10578", "-o", str(tmp_path / "d"),
                "--version", "2026-01-02", "--format", "json", db=reference_url)
    assert result.code == 0, result.err
    assert (tmp_path / "d" / "IF10578" / "2026-01-02.yaml").exists()


def test_cli_start_up_does_not_import_the_drafting_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, kb.cli.main\n"
        "heavy = {'lxml', 'pdfplumber', 'pdfminer', 'rapidfuzz', 'pysbd', 'reportlab'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_new_ids_avoid_the_reports_other_ids(
    reference_url: str, seeded_url: str, kb: Any, tmp_path: Path
) -> None:
    old_ids = {f["id"] for f in _facts(FOLDER / f"{OLD}.yaml")}
    rows = _draft(kb, reference_url, FOLDER / f"{NEW}.txt", tmp_path / "a", "--format",
                  "json").json()
    new_ids = {r["id"] for r in rows if r["review"] == "new"}
    assert new_ids and not new_ids & old_ids
    # drafting a version the database already holds: its own ids are not "taken"
    again = _draft(kb, seeded_url, FOLDER / f"{NEW}.txt", tmp_path / "b", "--format",
                   "json").json()
    assert "esf-mexico-fy2023" in {r["id"] for r in again if r["review"] == "new"}
