"""Kind parity: every kind of the registry has a schema, a table, a description and a
synthetic generator, and its schema's fields are its table's columns."""

from __future__ import annotations

import random
import types
import typing
from typing import Any

import pytest

from kb.domain import describe, kinds, schemas
from kb.store import models
from scripts.synthetic.kinds import GENERATORS
from scripts.synthetic.report import ReportState
from scripts.synthetic.words import KIND_WEIGHTS
from tests.conftest import RunKb

NAMES = set(kinds.KIND_NAMES)


def test_the_registry_is_the_list_of_kinds() -> None:
    assert tuple(schemas.KINDS) == kinds.KIND_NAMES
    for spec in kinds.REGISTRY:
        assert schemas.KINDS[spec.name] is spec.schema
        assert spec.schema.model_fields["kind"].default == spec.name
        assert spec.description


@pytest.mark.parametrize(
    ("part", "names"),
    [
        ("store table (kb.store.models.KIND_TABLES)", set(models.KIND_TABLES)),
        ("describer (kb.domain.describe.DESCRIBERS)", set(describe.DESCRIBERS)),
        ("synthetic generator (scripts.synthetic.kinds.GENERATORS)", set(GENERATORS)),
        ("synthetic weight (scripts.synthetic.words.KIND_WEIGHTS)", set(KIND_WEIGHTS)),
    ],
)
def test_every_kind_has_its_parts(part: str, names: set[str]) -> None:
    assert names - NAMES == set(), f"a {part} for a kind the registry does not know"
    assert NAMES - names == set(), f"kinds without a {part}"


def _nullable(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _nullable(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return False


@pytest.mark.parametrize("spec", kinds.REGISTRY, ids=lambda s: s.name)
def test_schema_fields_are_table_columns(spec: kinds.KindSpec) -> None:
    table = models.KIND_TABLES[spec.name].__table__
    columns = [c.name for c in table.columns if c.name != "fact_id"]
    assert list(spec.fields) == columns
    for name in spec.fields:
        field = spec.schema.model_fields[name]
        optional = _nullable(field.annotation)
        assert optional == table.c[name].nullable, (
            f"{spec.name}.{name}: the schema says {'optional' if optional else 'required'}, "
            f"the column {'NULL' if table.c[name].nullable else 'NOT NULL'}"
        )


@pytest.mark.parametrize("spec", kinds.REGISTRY, ids=lambda s: s.name)
def test_registry_field_lists_name_real_fields(spec: kinds.KindSpec) -> None:
    assert set(spec.wording) <= set(spec.fields)
    assert set(spec.key) <= set(spec.fields)
    if spec.dated_by is not None:
        assert spec.dated_by in spec.fields


def test_generated_facts_validate_and_describe_themselves() -> None:
    """The generator makes a valid fact of every kind, and each has its own description."""
    state = ReportState("R1", random.Random(1), facts=1, churn=0.0)
    state.make("program")  # phases and conditions name a program and a measure
    made = {}
    for kind in ("program", "measure", *sorted(NAMES - {"program", "measure"})):
        fact = state.make(kind)
        state.facts[fact.id] = fact
        made[kind] = spec_fact = kinds.spec(kind).schema.model_validate(fact.data())
        assert describe.describe(spec_fact) != spec_fact.id
    revised = state.revise(state.facts["appropriation-1"])
    assert revised.id == "appropriation-1"
    assert set(made) == NAMES


def test_facts_help_lists_every_kind(kb: RunKb) -> None:
    result = kb("facts", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    for name in kinds.KIND_NAMES:
        assert name in text


def test_the_timeline_takes_its_dated_kinds_from_the_registry() -> None:
    from kb.query.events import DATED

    assert {s.name: s.dated_by for s in kinds.REGISTRY if s.dated_by} == DATED
