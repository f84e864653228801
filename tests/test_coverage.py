"""Every dollar amount and every four-digit year in each revision stands in a sentence
that some fact of that revision quotes (years in ALLOWED excepted, each with a reason)."""

from __future__ import annotations

import re

import pytest
import yaml

from kb.ingest.quotes import normalise
from kb.query.textdiff import sentences
from tests.conftest import SEEDS

FOLDER = SEEDS / "reports" / "IF10578"
VERSIONS = ["2024-10-01", "2025-08-14"]
AMOUNT = re.compile(r"\$\d[\d,.]*(?: (?:million|billion))?")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

# (version, sentence fragment, token): years that carry no fact, and why.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("2024-10-01", "Updated October 1, 2024", "2024"): "the revision's own date: the version tag",
    ("2025-08-14", "Updated August 14, 2025", "2025"): "the revision's own date: the version tag",
    (
        "2024-10-01",
        "Prior to FY2008, Mexico did not receive",
        "2008",
    ): "background with no figure or event; FY2008 as the start of Mérida funding is carried "
    "by merida-initiative, merida-first-phase and merida-first-phase-total",
    (
        "2025-08-14",
        "Prior to FY2008, Mexico did not receive",
        "2008",
    ): "as in 2024-10-01: background, carried by the Mérida program and first-phase facts",
}


def _uncovered(version: str) -> list[tuple[str, str]]:
    text = (FOLDER / f"{version}.txt").read_text(encoding="utf-8")
    facts = yaml.safe_load((FOLDER / f"{version}.yaml").read_text(encoding="utf-8"))["facts"]
    quotes = [normalise(f["quote"]) for f in facts]
    missing = []
    for sentence in sentences(text):
        for token in [*AMOUNT.findall(sentence), *YEAR.findall(sentence)]:
            token = token.rstrip(".,")
            covered = any(token in q and (q in sentence or sentence in q) for q in quotes)
            allowed = any(
                v == version and fragment in sentence and t == token for v, fragment, t in ALLOWED
            )
            if not covered and not allowed:
                missing.append((token, sentence[:120]))
    return missing


@pytest.mark.parametrize("version", VERSIONS)
def test_every_amount_and_year_is_curated(version: str) -> None:
    assert _uncovered(version) == []


def test_the_allow_list_is_not_stale() -> None:
    for (version, fragment, token), reason in ALLOWED.items():
        text = normalise((FOLDER / f"{version}.txt").read_text(encoding="utf-8"))
        assert fragment in text and token in fragment and reason
