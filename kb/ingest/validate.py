"""Validating facts: each against its kind's schema, ids unique, quotes verbatim in the
text, references resolved within the version.  Every problem is collected, none raised."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kb.domain.problems import Problem
from kb.domain.schemas import KINDS, FactBase
from kb.ingest.quotes import QuoteIndex
from kb.ingest.storage_limits import fact_storage_problems

M = TypeVar("M", bound=BaseModel)


def validate_facts(
    raw_facts: Iterable[Any], text: str, file: str, problems: list[Problem]
) -> list[FactBase]:
    """Validate each fact, ids unique, quotes found in the text, references resolved."""
    facts: list[FactBase] = []
    seen: set[str] = set()
    quotes = QuoteIndex(text)
    for index, raw in enumerate(raw_facts):
        if not isinstance(raw, dict):
            problems.append(
                Problem("bad-structure", f"fact #{index + 1} is not a mapping", file=file)
            )
            continue
        raw_id = raw.get("id")
        # a fact is named by its id, or by its position when the id is unusable ("", 5)
        fact_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"#{index + 1}"
        kind = raw.get("kind")
        cls = KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            known = ", ".join(KINDS)
            problems.append(
                Problem(
                    "unknown-kind",
                    f"unknown kind {_short(repr(kind))} (known: {known})",
                    file=file,
                    fact_id=fact_id,
                    field="kind",
                )
            )
            continue
        fact = validate(cls, raw, file, fact_id, problems)
        if fact is None:
            continue
        if fact.id in seen:
            problems.append(
                Problem(
                    "duplicate-id",
                    "id used twice in this version",
                    file=file,
                    fact_id=fact.id,
                    field="id",
                )
            )
            continue
        seen.add(fact.id)
        stored = fact_storage_problems(fact, file)
        if stored:
            problems.extend(stored)
            continue
        if not quotes.contains(fact.quote):
            problems.append(
                Problem(
                    "quote-not-found",
                    f"quote not found in the version text: {_short(fact.quote)}",
                    file=file,
                    fact_id=fact.id,
                    field="quote",
                )
            )
            continue
        facts.append(fact)
    problems.extend(reference_problems(facts, file))
    return facts


def reference_problems(facts: list[FactBase], file: str | None) -> list[Problem]:
    kinds = {f.id: f.kind for f in facts}
    found = []
    for fact in facts:
        for name, wanted in fact.references.items():
            target = getattr(fact, name)
            if target is None:
                continue
            if target not in kinds:
                found.append(
                    Problem(
                        "unresolved-reference",
                        f"names {wanted} {target!r}, which this version does not state",
                        file=file,
                        fact_id=fact.id,
                        field=name,
                    )
                )
            elif kinds[target] != wanted:
                found.append(
                    Problem(
                        "wrong-reference-kind",
                        f"names {target!r}, a {kinds[target]}, where a {wanted} is needed",
                        file=file,
                        fact_id=fact.id,
                        field=name,
                    )
                )
    return found


def validate(
    cls: type[M], raw: Any, path: Path | str, fact_id: str | None, problems: list[Problem]
) -> M | None:
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            # A check over several fields (fy_end before fy_start) has no loc: it names
            # the field it blames through FieldError.
            blamed = getattr((err.get("ctx") or {}).get("error"), "field", None)
            field = ".".join(loc) if loc else blamed
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown field"
            elif err["type"] != "missing" and "input" in err and loc:
                message += f" (got {_short(repr(err['input']))})"
            problems.append(
                Problem(_code(err["type"]), message, file=str(path), fact_id=fact_id, field=field)
            )
        return None


def _code(pydantic_type: str) -> str:
    return {
        "missing": "missing-field",
        "extra_forbidden": "unknown-field",
        "literal_error": "bad-value",
        "value_error": "bad-value",
    }.get(pydantic_type, "bad-" + pydantic_type.split("_")[0])


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
