"""The aligner on the bundled revisions, and the scorer of scripts/eval_draft.py kept honest."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import yaml

from kb.domain.schemas import KINDS
from kb.draft.align import align
from kb.draft.extract import extract
from kb.draft.segment import sentences
from kb.store.paths import seeds_dir
from scripts import eval_draft

FOLDER = seeds_dir() / "reports" / "IF10578"


def _curated(version: str) -> list[dict[str, Any]]:
    return yaml.safe_load((FOLDER / f"{version}.yaml").read_text("utf-8"))["facts"]


def test_aligner_carries_revises_and_drops() -> None:
    reference = [KINDS[f["kind"]].model_validate(f) for f in _curated("2024-10-01")]
    text = (FOLDER / "2025-08-14.txt").read_text("utf-8")
    spans = sentences(text)
    result = align(reference, text, spans, extract(spans))
    by_id = {d.id: d for d in result.facts}
    dropped = {f.id for f in result.dropped}
    # verbatim quote: carried with every field as it was
    carried = by_id["merida-initiative"]
    assert carried.review == "carried"
    original = next(f for f in reference if f.id == "merida-initiative")
    assert carried.fields == {
        k: v for k, v in original.model_dump().items() if v not in (None, [], "")
    }
    # restated sentence, new figure: revised, fields re-read, old values kept
    total = by_id["security-assistance-total"]
    assert total.review == "revised"
    assert (total.fields["amount_usd"], total.fields["fy_end"], total.fields["qualifier"]) == (
        Decimal(3600000000), 2023, "more_than")
    assert (total.old["amount_usd"], total.old["fy_end"]) == (Decimal(3500000000), 2021)
    assert total.fields["quote"] in text
    # two figures of one restated sentence: each to its own figure; the vanished one dropped
    assert by_id["incle-mexico-fy2023"].fields["amount_usd"] == Decimal(48000000)
    assert by_id["incle-mexico-fy2023"].fields["status"] == "reported"  # was "estimated"
    assert "incle-mexico-fy2022" in dropped
    # a restated sentence without figures ("requires" -> "required")
    assert by_id["pl-118-47-withholding"].review == "revised"
    # no longer stated at all
    assert {"fy2024-request-mexico", "hr-8771", "s-4797"} <= dropped
    assert not set(by_id) & dropped


def test_scorer_gives_the_curated_facts_full_marks() -> None:
    text = (FOLDER / "2025-08-14.txt").read_text("utf-8")
    s = eval_draft.score(_curated("2025-08-14"), "2025-08-14", text, "2024-10-01")
    assert (s.recall, s.precision, s.ids_kept, s.quotes_verbatim) == (1.0, 1.0, 1.0, 1.0)
    assert all(hit == total for hit, total, _ in s.by_kind.values())


def test_scorer_scores_a_wrong_draft_low() -> None:
    """Figures off by a digit, statuses swapped, ids renamed, quotes from the other revision."""
    text = (FOLDER / "2025-08-14.txt").read_text("utf-8")
    old_quotes = [f["quote"] for f in _curated("2024-10-01")]
    wrong = []
    for i, fact in enumerate(_curated("2025-08-14")):
        fact = dict(fact, id=f"fact-{i}", quote=old_quotes[i % len(old_quotes)])
        if fact["kind"] == "appropriation":
            fact["amount_usd"] = int(fact["amount_usd"]) * 10
            fact["status"] = "requested" if fact["status"] != "requested" else "appropriated"
        wrong.append(fact)
    s = eval_draft.score(wrong, "2025-08-14", text, "2024-10-01")
    assert s.recall == 0 and s.precision == 0 and s.ids_kept == 0
    assert s.quotes_verbatim < 0.5
    assert sum(hit for hit, _, _ in s.by_kind.values()) < 0.3 * sum(
        total for _, total, _ in s.by_kind.values())


def test_eval_quick_meets_its_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code = eval_draft.main(["--quick", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    misses = [r for r in rows if r["met"] == "MISS"]
    assert code == 0 and not misses, misses
    metrics = {(r["scenario"], r["metric"]) for r in rows}
    for scenario in ("aligned", "unaligned"):
        for metric in ("appropriation recall", "appropriation precision", "quotes verbatim",
                       "same facts from pdf", "same facts from html", "seconds to draft (.pdf)"):
            assert (scenario, metric) in metrics
    assert ("aligned", "ids kept") in metrics
