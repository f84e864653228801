"""The annotated comparison gives back the comparison text and both revision texts."""

from __future__ import annotations

import re

import pytest

from kb.ingest.annotation import (
    NEW,
    OLD,
    AnnotationError,
    parse,
    revision_text,
    same_ignoring_whitespace,
    strip_markers,
)
from tests.conftest import SEEDS

FOLDER = SEEDS / "reports" / "IF10578"
ANNOTATED = (FOLDER / "compare-2024-10-01_2025-08-14.annotated.txt").read_text(encoding="utf-8")
COMPARISON = (FOLDER / "compare-2024-10-01_2025-08-14.txt").read_text(encoding="utf-8")
TEXTS = {
    OLD: (FOLDER / "2024-10-01.txt").read_text(encoding="utf-8"),
    NEW: (FOLDER / "2025-08-14.txt").read_text(encoding="utf-8"),
}
# Fragments the flattened comparison glues together; neither revision may keep one.
GLUED = [
    "cooperationsupport",
    "requiringlimiting",
    "investigationsinvestigations",
    "whenwhere",
    "continuedcontinued",
    "Initiativepast",
    "Administrationand",
    "thebut",
    "oversightannounced",
    "supportinghas",
    "requiresalso",
    "certifiescertified",
    "hashad",
    "requires71",
    "did) does",
    "cooperationEvolution",
    "envisions.The",
    ",,",
    "availableto",
    "Statesincluding",
]


def test_the_comparison_text_is_the_seed_document_verbatim() -> None:
    shared = SEEDS.parent.parent / "shared" / "seeds" / "000_96640a8fdc9889e6.txt"
    if shared.exists():  # beside a checkout in this workplace
        assert shared.read_text(encoding="utf-8") == COMPARISON


def test_removing_the_markers_gives_back_the_comparison() -> None:
    assert same_ignoring_whitespace(strip_markers(ANNOTATED), COMPARISON)


def test_markers_only_add_whitespace() -> None:
    """Nothing but markers and whitespace was added: same characters, same order."""
    assert re.sub(r"\s", "", strip_markers(ANNOTATED)) == re.sub(r"\s", "", COMPARISON)


@pytest.mark.parametrize("side", [OLD, NEW])
def test_revision_files_are_in_sync_with_the_annotation(side: str) -> None:
    assert revision_text(ANNOTATED, side) == TEXTS[side]


@pytest.mark.parametrize("side", [OLD, NEW])
def test_no_glued_words_survive(side: str) -> None:
    flat = " ".join(TEXTS[side].split())
    assert [g for g in GLUED if g in flat] == []


def test_each_revision_has_its_own_title_and_date() -> None:
    assert "Updated October 1, 2024" in TEXTS[OLD] and "Updated August 14, 2025" not in TEXTS[OLD]
    assert "Updated August 14, 2025" in TEXTS[NEW] and "Updated October 1, 2024" not in TEXTS[NEW]
    assert "From the Mérida Initiative to the Bicentennial Framework" in TEXTS[OLD]
    assert TEXTS[NEW].startswith("Evolution of U.S.-Mexico Security Cooperation")


@pytest.mark.parametrize("side", [OLD, NEW])
def test_every_paragraph_ends_a_sentence(side: str) -> None:
    """Both texts read as complete sentences: a prose paragraph ends with . ” ) or :"""
    for paragraph in TEXTS[side].split("\n\n"):
        line = " ".join(paragraph.split())
        if len(line.split()) < 12 or re.match(r"^\d\. ", line):  # headings, list items
            continue
        assert line[-1] in '.”"):', line[-80:]  # ':' introduces the pillars list


def test_malformed_annotation_is_reported_with_its_line() -> None:
    with pytest.raises(AnnotationError, match="line 2"):
        parse("fine\n[-never closed")
    with pytest.raises(AnnotationError, match="do not nest"):
        parse("[-a {+b+} c-]")
