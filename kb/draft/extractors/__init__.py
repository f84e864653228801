"""The extractors, registered in one place, in the order they run on each sentence.

The order matters only through the context: a measure cited in a sentence is the measure of
the figures and conditions later in the same sentence, so measures run first.
"""

from __future__ import annotations

from kb.draft.extractors.base import Candidate, Context, Extractor
from kb.draft.extractors.designations import designations
from kb.draft.extractors.events import events
from kb.draft.extractors.indicators import changes, counts, percents, rates
from kb.draft.extractors.measures import conditions, measures, unnamed_measure
from kb.draft.extractors.money import appropriations
from kb.draft.extractors.programs import phases, programs

EXTRACTORS: list[Extractor] = []


def register(extractor: Extractor, name: str | None = None) -> Extractor:
    """Add an extractor (a callable ``(sentence, context) -> list[Candidate]``); it runs
    after those registered before it."""
    if name is not None or not hasattr(extractor, "name"):
        extractor.name = str(name or getattr(extractor, "__name__", "extractor"))
    if any(e.name == extractor.name for e in EXTRACTORS):
        raise ValueError(f"an extractor named {extractor.name!r} is already registered")
    EXTRACTORS.append(extractor)
    return extractor


def unregister(name: str) -> None:
    EXTRACTORS[:] = [e for e in EXTRACTORS if e.name != name]


for _extractor in (programs, phases, measures, unnamed_measure, appropriations, conditions,
                   events, designations, changes, rates, percents, counts):
    register(_extractor, _extractor.__name__)  # type: ignore[arg-type]

__all__ = ["EXTRACTORS", "Candidate", "Context", "Extractor", "register", "unregister"]
