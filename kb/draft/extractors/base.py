"""The one interface every extractor has: a sentence and its context in, candidate facts out.

An extractor is any callable ``(sentence, context) -> list[Candidate]`` with a ``name``; it
reads the context and never changes it (the driver, kb.draft.extract, moves the context on
after each sentence).  A team adds its own, for example one backed by a model it runs, with
``kb.draft.extractors.register`` and touches nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from kb.draft.segment import Sentence


@dataclass
class Candidate:
    """One drafted fact: its fields (as in a facts file), the sentence it came from, what a
    reviewer should check, and the fields the reviewer must supply (``needs``: left empty
    because the text does not say)."""

    fields: dict[str, Any]
    sentence: int
    check: list[str] = field(default_factory=list)
    order: int = 0  # position of its figure in the sentence (0 for the first)
    needs: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return str(self.fields["kind"])


@dataclass
class Context:
    """What the text said before this sentence, as far as it still holds."""

    version: dt.date | None = None  # the revision's date ("to date" ends in its fiscal year)
    subject: str | None = None  # the recipient the title names ("... Assistance to Ukraine")
    paragraph: int = -1
    sentences_in_paragraph: int = 0
    fy: tuple[int, int] | None = None  # the paragraph's last fiscal year(s)
    heading_fy: tuple[int, int] | None = None  # a heading's fiscal year(s), until the next heading
    status: str | None = None  # the paragraph's last status cue
    recipient: str | None = None  # the paragraph's last recipient named
    measure: str | None = None  # id of the last measure cited
    year: str | None = None  # the previous sentence's year (dates an undated action)
    program: str | None = None  # id of the last program heading
    heading: str | None = None  # the last heading's text

    @property
    def version_fy(self) -> int | None:
        """The fiscal year the revision falls in (October starts the next one)."""
        if self.version is None:
            return None
        return self.version.year + (1 if self.version.month >= 10 else 0)


class Extractor(Protocol):
    name: str

    def __call__(self, sentence: Sentence, context: Context) -> list[Candidate]: ...
