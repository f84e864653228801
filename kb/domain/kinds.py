"""The kind registry: one entry per kind of fact, everything kb needs to know about it.

Each entry names the kind's schema, a one-line description (for help texts), the field
that places it on the timeline, which of its fields are wording only (a change there is
"reworded", a change anywhere else "revised") and the fields that identify what it is
about (a removed fact is "superseded" by a stated fact of the same kind and key).

Other layers key their own per-kind parts by these names: the store's table
(``kb.store.models.KIND_TABLES``), the description (``kb.domain.describe``) and the
synthetic generator (``scripts/synthetic``); ``tests/test_kinds.py`` fails when a kind
lacks one of them or when a schema's fields and its table's columns disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.domain.schemas import (
    Appropriation,
    Condition,
    Designation,
    Event,
    FactBase,
    Indicator,
    Measure,
    Phase,
    Program,
)

# Every kind's wording: the sentence it comes from and the curator's note.
COMMON_WORDING = ("quote", "note")


@dataclass(frozen=True)
class KindSpec:
    name: str
    schema: type[FactBase]
    description: str
    # the field that dates the fact on the timeline (None: not on the timeline)
    dated_by: str | None
    # fields whose change is wording only, besides quote and note
    wording: tuple[str, ...] = ()
    # fields that say what the fact is about, for supersession
    key: tuple[str, ...] = ()
    # a (start, end) pair among the key fields that a later running figure may extend: a
    # total for FY2008-FY2021 is superseded by one for FY2008-FY2023 (same start, later
    # end); a single year is superseded only by the same year
    extends: tuple[str, str] | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """The kind's own fields (its table's columns), in schema order."""
        return tuple(name for name in self.schema.model_fields if name not in FactBase.COMMON)

    @property
    def wording_fields(self) -> frozenset[str]:
        return frozenset(COMMON_WORDING + self.wording)

    @property
    def value_fields(self) -> tuple[str, ...]:
        """Fields whose change makes a fact "revised": everything but its wording."""
        return tuple(name for name in self.fields if name not in self.wording_fields)

    def change_of(self, fields: list[str] | set[str]) -> str:
        """ "revised" when a value field is among ``fields``, "reworded" when only wording."""
        return "revised" if set(fields) & set(self.value_fields) else "reworded"


REGISTRY: tuple[KindSpec, ...] = (
    KindSpec(
        "program",
        Program,
        "a named assistance program (Mérida Initiative), its start and end",
        dated_by="start",
        wording=("summary",),
        key=("name",),
    ),
    KindSpec(
        "phase",
        Phase,
        "a phase of a program, with fiscal years or dates",
        dated_by="start",
        wording=("summary",),
        key=("program", "name"),
    ),
    KindSpec(
        "appropriation",
        Appropriation,
        "a dollar figure: amount, fiscal years, account, recipient, status",
        dated_by=None,
        wording=("purpose",),
        key=("account", "recipient", "fy_start", "fy_end"),
        extends=("fy_start", "fy_end"),
    ),
    KindSpec(
        "designation",
        Designation,
        "a designation (FTO, ...) of a designee or a number of them",
        dated_by="date",
        key=("designation_type", "designee"),
    ),
    KindSpec(
        "event",
        Event,
        "a dated event, with its actors and category",
        dated_by="date",
        # no wording field but quote and note: an event's summary is its claim (what
        # happened), the one place it is said; a changed summary is a revised event ("a law
        # requiring foreign agents to share information" became "a law limiting their
        # activities").  Other kinds hold their claim in typed fields.
        wording=(),
        # the date alone would pair unrelated events of the same month
        key=("date", "category"),
    ),
    KindSpec(
        "measure",
        Measure,
        "a law, bill or committee report (P.L. 118-47, H.R. 4779, S.Rept. 118-71)",
        dated_by="date",
        wording=("title",),
        key=("citation",),
    ),
    KindSpec(
        "condition",
        Condition,
        "a withholding, certification, reporting requirement or restriction in a measure",
        dated_by=None,
        wording=("conditioned",),
        key=("measure", "condition_type"),
    ),
    KindSpec(
        "indicator",
        Indicator,
        "a statistic the report cites (overdose deaths, homicide rate)",
        dated_by=None,
        key=("name", "area"),
    ),
)

KIND_SPECS: dict[str, KindSpec] = {spec.name: spec for spec in REGISTRY}
KIND_NAMES: tuple[str, ...] = tuple(KIND_SPECS)


def spec(kind: str) -> KindSpec:
    return KIND_SPECS[kind]
