"""`kb changelog`: the memo of what changed, on the real IF10578 facts, both backends.

Every amount, year, number and citation in the memo is checked against the facts each
entry names, read from the seed files (not from the memo's own code)."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.query.changelog import TOPICS, Memo, changelog
from kb.store.engine import make_engine
from tests.conftest import SEEDS

OLD, NEW = "IF10578@2024-10-01", "IF10578@2025-08-14"
FOLDER = SEEDS / "reports" / "IF10578"


def _seed(folder: Path, refs: tuple[str, ...] = (OLD, NEW)) -> dict[str, dict[str, dict[str, Any]]]:
    """REPORT@VERSION -> fact id -> the fact as its seed file has it."""
    out = {}
    for ref in refs:
        data = yaml.safe_load((folder / f"{ref[-10:]}.yaml").read_text(encoding="utf-8"))
        out[ref] = {f["id"]: f for f in data["facts"]}
    return out


SEED = _seed(FOLDER)

AMOUNT = re.compile(r"\$([0-9][0-9,]*(?:\.[0-9]+)?)(?: (million|billion))?")
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
NUMBER = re.compile(r"(?<![0-9.,])((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)")
SCALE = {None: 1, "million": 10**6, "billion": 10**9}


def _memo(url: str, all_changes: bool = False) -> Memo:
    engine = make_engine(url)
    with engine.connect() as conn:
        memo = changelog(conn, [OLD, NEW], all_changes=all_changes)
    engine.dispose()
    return memo


def _fields_text(fact: dict[str, Any]) -> str:
    """Every value the fact holds, except its quote and note: what a sentence may use."""
    return " ".join(str(v) for k, v in fact.items() if k not in ("quote", "note"))


@pytest.mark.parametrize("all_changes", [False, True])
def test_every_figure_year_and_citation_comes_from_the_named_facts(
    shared_url: str, all_changes: bool
) -> None:
    _check(_memo(shared_url, all_changes), SEED)


def _check(memo: Memo, seed: dict[str, dict[str, dict[str, Any]]]) -> None:
    assert memo.entries
    for entry in memo.entries:
        named = [seed[ref][fact.id] for ref, fact in entry.facts]
        # a measure or program a sentence names by its citation or name
        for ref, fact in entry.facts:
            for slug in (getattr(fact, n, None) for n in ("measure", "program", "accompanies")):
                if slug in seed[ref]:
                    named.append(seed[ref][slug])
        values = " ".join(_fields_text(f) for f in named)
        text = entry.text
        # amounts: "$3.6 billion" is 3,600,000,000 and must be the amount of a named figure
        amounts = {Decimal(str(f["amount_usd"])) for f in named if "amount_usd" in f}
        for digits, scale in AMOUNT.findall(text):
            value = Decimal(digits.replace(",", "")) * SCALE[scale or None]
            assert value in amounts, (text, digits, scale)
        rest = AMOUNT.sub("", text)
        # years ("FY2023", "February 2025") and every other number ("30%", "10,000", "118-71")
        for year in YEAR.findall(rest):
            assert year in values, (text, year)
        # compared as numbers: "May 4" names the "04" of 2016-05-04
        numbers = {Decimal(n) for n in re.findall(r"[0-9]+(?:\.[0-9]+)?", values.replace(",", ""))}
        for token in NUMBER.findall(rest):
            assert Decimal(token.replace(",", "")) in numbers, (text, token)
        # citations: the exact quote of a named fact in the version named
        assert entry.citations
        for citation in entry.citations:
            assert (citation.ref, citation.id) in {(r, f.id) for r, f in entry.facts}
            assert citation.quote == seed[citation.ref][citation.id]["quote"]
        assert entry.topic in TOPICS


def test_fy2023_incle_line(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("changelog", OLD, NEW, db=shared_url)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    funding = lines.index("## Funding")
    at = lines.index("- INCLE for Mexico, FY2023: $48 million, now reported (was an estimate).")
    assert at > funding
    quote = SEED[NEW]["incle-mexico-fy2023"]["quote"]
    assert lines[at + 1] == f'  {NEW}: "{quote}"'
    # the running total, and the FY2024 request no longer stated
    assert (
        "- Total for Mexico since FY2008: more than $3.6 billion for FY2008-FY2023 "
        "(was $3.5 billion for FY2008-FY2021)" in result.out
    )
    request = next(x for x in lines if x.startswith("- No longer stated: Mexico, FY2024"))
    assert "$127.1 million (no account given)" in request
    assert lines[lines.index(request) + 1].startswith(f'  {OLD}: "The Biden Administration')


def test_reworded_only_left_out_unless_all(shared_url: str) -> None:
    short, full = _memo(shared_url), _memo(shared_url, all_changes=True)
    ids = {i for e in short.entries for i in e.ids}
    assert "fentanyl-directive-fy2024" not in ids
    reworded = [e for e in full.entries if e.change == "reworded"]
    assert "fentanyl-directive-fy2024" in {i for e in reworded for i in e.ids}
    assert short.reworded_left_out == len({i for e in reworded for i in e.ids})
    assert full.reworded_left_out == 0
    assert {e.change for e in short.entries} == {"added", "removed", "revised"}


def test_topics_in_order_and_default_versions(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    memo = kb("changelog", "IF10578", db=shared_url)
    assert memo.code == 0, memo.err
    headings = [x[3:].lower() for x in memo.out.splitlines() if x.startswith("## ")]
    assert headings == [t for t in TOPICS if t in headings] and "funding" in headings
    assert memo.out == kb("changelog", OLD, NEW, db=shared_url).out
    assert memo.out == kb("changelog", NEW, db=shared_url).out  # V and the version before
    first = kb("changelog", OLD, db=shared_url)
    assert first.code == 2 and "no version before" in first.err
    backwards = kb("changelog", NEW, OLD, db=shared_url)
    assert backwards.code == 2 and "older" in backwards.err


def test_formats_and_output_file(shared_url: str, kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "memo.md"
    written = kb("changelog", OLD, NEW, "-o", str(target), db=shared_url)
    assert written.code == 0 and written.out == ""
    assert target.read_text(encoding="utf-8") == kb("changelog", OLD, NEW, db=shared_url).out
    rows = kb("changelog", OLD, NEW, "--format", "json", db=shared_url).json()
    assert set(rows[0]) == {"topic", "change", "ids", "text", "citations"}
    incle = next(r for r in rows if r["ids"] == ["incle-mexico-fy2023"])
    assert incle["citations"][0].startswith(f'{NEW}: "INCLE assistance to Mexico')
    csv_out = kb("changelog", OLD, NEW, "--format", "csv", db=shared_url).out
    assert csv_out.splitlines()[0] == "topic,change,ids,text,citations"


def test_superseded_facts_name_what_replaced_them(migrated_url: str, seed_copy, kb) -> None:  # type: ignore[no-untyped-def]
    from kb.ingest.load import load_path
    from tests.test_change_kinds import _supersede_copy

    folder = _supersede_copy(seed_copy)
    engine = make_engine(migrated_url)
    load_path(engine, folder)
    engine.dispose()
    memo = _memo(migrated_url)
    _check(memo, _seed(folder))
    out = kb("changelog", OLD, NEW, db=migrated_url).out
    assert (
        "- Replaced: INCLE for Mexico, FY2024: $48 million, requested; "
        "now INCLE for Mexico, FY2024: $50 million, appropriated." in out
    )
    assert (
        "- Replaced: Total for Mexico, FY2008-FY2021: $3.5 billion, appropriated; "
        "now Total for Mexico, FY2008-FY2023: more than $3.6 billion for efforts under the "
        "Mérida Initiative and its successor, the Bicentennial Framework, appropriated." in out
    )
    # the parts of the FY2024 request that nothing replaced are still "no longer stated"
    assert "- No longer stated: Mexico, FY2024, requested: $127.1 million (no account given)" in out


def test_memo_of_a_synthetic_corpus_reads_from_its_facts(migrated_url: str, tmp_path: Path) -> None:
    """Many more kinds of change than IF10578 has (figures, stages, dates, supersessions), each
    sentence still checked against the seed files the corpus was written to."""
    from kb.ingest.load import load_path
    from scripts.synthetic import generate

    generate(tmp_path, 2, 3, 150, churn=0.3, seed=11, prefix="S")
    engine = make_engine(migrated_url)
    load_path(engine, tmp_path)
    changes = 0
    for folder in sorted((tmp_path / "reports").iterdir()):
        dates = sorted(p.stem for p in folder.glob("*.yaml") if p.stem[:1].isdigit())
        for old, new in itertools.pairwise(dates):
            refs = (f"{folder.name}@{old}", f"{folder.name}@{new}")
            with engine.connect() as conn:
                memo = changelog(conn, list(refs), all_changes=True)
            _check(memo, _seed(folder, refs))
            changes += len(memo.entries)
    engine.dispose()
    assert changes > 50


def test_money_is_never_rounded() -> None:
    from kb.domain.describe import money

    assert money(Decimal("127100000")) == "$127.1 million"
    assert money(Decimal("3600000000")) == "$3.6 billion"
    assert money(Decimal("1550000")) == "$1.55 million"
    # a figure that does not end in round thousands is printed whole, not as "$3.22 million"
    assert money(Decimal("3218287")) == "$3,218,287"
    assert money(Decimal("1234567890")) == "$1,234,567,890"
