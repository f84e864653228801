"""Bad input: exit 2, a message naming file, fact id and field, and nothing changed.

Each case mutates a copy of the real IF10578 seeds and loads it with --replace into
a seeded database, so only validation can stop the load: if it let the bad file
through, the database would change and the snapshot comparison would fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import snapshot

VERSION = "2024-10-01"


def _first(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(f for f in data["facts"] if f["kind"] == kind)


def _set(kind: str, **changes: Any) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        fact = _first(data, kind)
        fact.update(changes)
        return fact["id"]

    return mutate


def _drop_quote(data: dict[str, Any]) -> str:
    fact = _first(data, "event")
    del fact["quote"]
    return fact["id"]


def _unknown_kind(data: dict[str, Any]) -> str:
    fact = _first(data, "event")
    fact["kind"] = "rumour"
    return fact["id"]


def _duplicate(data: dict[str, Any]) -> str:
    fact = _first(data, "indicator")
    data["facts"].append(dict(fact))
    return fact["id"]


def _bad_version_date(data: dict[str, Any]) -> None:
    data["version"] = "2024-13-45"


# name, mutation (returns the fact id it broke), field named, code
CASES: list[tuple[str, Callable[[dict[str, Any]], Any], str, str]] = [
    ("unknown-kind", _unknown_kind, "kind", "unknown-kind"),
    ("missing-quote", _drop_quote, "quote", "missing-field"),
    (
        "quote-not-in-text",
        _set("event", quote="Mexico annexed Texas in 2031."),
        "quote",
        "quote-not-found",
    ),
    ("fy-1850", _set("appropriation", fy_start=1850, fy_end=1850), "fy_start", "bad-value"),
    ("fy-2300", _set("appropriation", fy_start=2300, fy_end=2300), "fy_start", "bad-value"),
    (
        "fy-end-before-start",
        _set("appropriation", fy_start=2023, fy_end=2020),
        "fy_end",
        "bad-value",
    ),
    ("negative-amount", _set("appropriation", amount_usd=-48000000), "amount_usd", "bad-value"),
    (
        "float-noise",
        _set("appropriation", amount_usd=420700000.00000006),
        "amount_usd",
        "bad-value",
    ),
    ("duplicate-id", _duplicate, "id", "duplicate-id"),
    (
        "phase-without-program",
        _set("phase", program="no-such-program"),
        "program",
        "unresolved-reference",
    ),
    ("version-not-a-date", _bad_version_date, "version", "bad-version-date"),
]


def _mutated(
    seed_copy: Callable[[str], Path], mutate: Callable[[dict[str, Any]], Any]
) -> tuple[Path, Path, Any]:
    folder = seed_copy("IF10578")
    path = folder / f"{VERSION}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact_id = mutate(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder, path, fact_id


@pytest.mark.parametrize(("name", "mutate", "field", "code"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(
    name: str,
    mutate: Callable[[dict[str, Any]], Any],
    field: str,
    code: str,
    seeded_url: str,
    seed_copy,
    kb,  # type: ignore[no-untyped-def]
) -> None:
    folder, path, fact_id = _mutated(seed_copy, mutate)
    before = snapshot(seeded_url)
    result = kb("load", str(folder), "--replace", db=seeded_url)
    assert result.code == 2, result.err
    assert result.out == ""
    assert str(path) in result.err
    if fact_id:
        assert f"fact {fact_id}" in result.err
    assert f"field {field}" in result.err
    assert f"[{code}]" in result.err
    assert "nothing was loaded" in result.err
    assert snapshot(seeded_url) == before


def test_malformed_yaml(seeded_url: str, seed_copy, kb) -> None:  # type: ignore[no-untyped-def]
    folder = seed_copy("IF10578")
    path = folder / f"{VERSION}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    before = snapshot(seeded_url)
    result = kb("load", str(folder), "--replace", db=seeded_url)
    assert result.code == 2
    assert str(path) in result.err
    assert "malformed YAML at line" in result.err and "[yaml-syntax]" in result.err
    assert snapshot(seeded_url) == before


def test_duplicate_yaml_key_is_not_silently_dropped(seeded_url: str, seed_copy, kb) -> None:  # type: ignore[no-untyped-def]
    folder = seed_copy("IF10578")
    path = folder / f"{VERSION}.yaml"
    text = path.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle: First\ntitle:", 1)
    path.write_text(text, encoding="utf-8")
    result = kb("load", str(folder), "--replace", db=seeded_url)
    assert result.code == 2
    assert "duplicate key 'title'" in result.err


@pytest.mark.parametrize(
    ("ref", "names"),
    [
        ("IF99999", "reports in this database: IF10578"),
        ("IF10578@2023-01-01", "versions of IF10578: IF10578@2024-10-01, IF10578@2025-08-14"),
        ("IF10578@yesterday", "is not a date"),
        ("IF10578'; DROP TABLE facts; --", "is not a version reference"),
    ],
)
def test_at_names_what_exists(ref: str, names: str, shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(shared_url)
    result = kb("facts", "--at", ref, db=shared_url)
    assert result.code == 2
    assert names in result.err
    assert result.out == ""
    assert snapshot(shared_url) == before


def test_missing_path(kb, shared_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = kb("load", str(tmp_path / "nowhere"), db=shared_url)
    assert result.code == 2
    assert "no such file or folder" in result.err


# --- what YAML 1.1 would read silently: unquoted dates and non-decimal numbers --------


def _edit_fact(text: str, fact_id: str, field: str, value: str) -> str:
    """The seed text with ``field`` of fact ``fact_id`` written as ``value``, unquoted."""
    start = text.index(f"- id: {fact_id}\n")
    at = text.index(f"\n  {field}: ", start)
    end = text.index("\n", at + 1)
    return text[:at] + f"\n  {field}: {value}" + text[end:]


# name, fact id (None: the header), field, value as written, code
RAW_CASES: list[tuple[str, str | None, str, str, str]] = [
    ("feb-30", "former-defense-minister-arrest-2020", "date", "2020-02-30", "bad-value"),
    ("month-13", "former-defense-minister-arrest-2020", "date", "2020-13-01", "bad-value"),
    ("datetime", "former-defense-minister-arrest-2020", "date", "2020-10-01T10:00:00", "bad-value"),
    ("version-month-13", None, "version", "2024-13-01", "bad-version-date"),
    ("version-feb-30", None, "version", "2024-02-30", "bad-version-date"),
    ("octal-amount", "security-assistance-total", "amount_usd", "010", "bad-value"),
    ("hex-amount", "security-assistance-total", "amount_usd", "0x10", "bad-value"),
    ("base-60-amount", "security-assistance-total", "amount_usd", "1:30", "bad-value"),
    ("commas-amount", "security-assistance-total", "amount_usd", "'4,8,0'", "bad-value"),
    ("underscores-amount", "security-assistance-total", "amount_usd", "1_000", "bad-value"),
    ("underscore-float", "security-assistance-total", "amount_usd", "1_000.5", "bad-value"),
    ("exponent-amount", "security-assistance-total", "amount_usd", "1.5e+3", "bad-value"),
    ("octal-fy", "security-assistance-total", "fy_start", "03727", "bad-value"),
    ("hex-fy", "security-assistance-total", "fy_start", "0x7D8", "bad-value"),
    ("base-60-congress", "pl-118-47", "congress", "1:58", "bad-value"),
    ("octal-indicator", "overdose-deaths-2007", "value", "010", "bad-value"),
    ("octal-sequence", None, "sequence", "036", "bad-value"),
]


@pytest.mark.parametrize(
    ("name", "fact_id", "field", "value", "code"), RAW_CASES, ids=[c[0] for c in RAW_CASES]
)
def test_yaml_1_1_readings_are_refused_by_field(
    name: str,
    fact_id: str | None,
    field: str,
    value: str,
    code: str,
    seeded_url: str,
    seed_copy,
    kb,  # type: ignore[no-untyped-def]
) -> None:
    folder = seed_copy("IF10578")
    path = folder / f"{VERSION}.yaml"
    text = path.read_text(encoding="utf-8")
    if fact_id is None:
        text = re.sub(rf"^{field}: .*$", f"{field}: {value}", text, count=1, flags=re.M)
    else:
        text = _edit_fact(text, fact_id, field, value)
    path.write_text(text, encoding="utf-8")
    before = snapshot(seeded_url)
    result = kb("load", str(folder), "--replace", db=seeded_url)
    assert result.code == 2, result.err
    assert result.out == "" and "Traceback" not in result.err
    line = next(line for line in result.err.splitlines() if f"field {field}:" in line)
    assert str(path) in line and f"[{code}]" in line, result.err
    if fact_id:
        assert f"fact {fact_id}" in line, line
    assert snapshot(seeded_url) == before


def test_a_bad_date_does_not_hide_the_other_problems(
    seeded_url: str,
    seed_copy,
    kb,  # type: ignore[no-untyped-def]
) -> None:
    """An invalid unquoted date in one file, an invalid version date and a bad amount in the
    other: all three are told, each with its file, fact and field, and `kb verify --seeds`
    reports them the same way."""
    folder = seed_copy("IF10578")
    first, second = folder / f"{VERSION}.yaml", folder / "2025-08-14.yaml"
    text = _edit_fact(
        first.read_text(encoding="utf-8"),
        "former-defense-minister-arrest-2020",
        "date",
        "2020-02-30",
    )
    first.write_text(text, encoding="utf-8")
    text = second.read_text(encoding="utf-8").replace("version: 2025-08-14", "version: 2025-13-01")
    text = _edit_fact(text, "security-assistance-total", "amount_usd", "010")
    second.write_text(text, encoding="utf-8")
    before = snapshot(seeded_url)
    load = kb("load", str(folder), "--replace", db=seeded_url)
    verify = kb("verify", "--seeds", str(folder.parent), "--format", "csv", db=seeded_url)
    for result in (load, verify):
        out = result.out + result.err
        assert result.code == 2, out
        assert "Traceback" not in out and "ValueError" not in out, out
        assert "former-defense-minister-arrest-2020" in out and "2020-02-30" in out, out
        assert "2025-13-01" in out and str(second) in out, out
        assert "security-assistance-total" in out and "amount_usd" in out, out
    assert snapshot(seeded_url) == before


# --- values that name nothing: usage errors that say what exists ----------------------

# argv, what the message must say (after "kb: ")
UNKNOWN_VALUES: list[tuple[list[str], list[str]]] = [
    (
        ["funding", "--fy", "23"],
        ["--fy 23 is not a fiscal year", "1900-2100", "did you mean 2023?"],
    ),
    (["funding", "--fy", "2300"], ["--fy 2300 is not a fiscal year"]),
    (["funding", "--from", "1850"], ["--from 1850 is not a fiscal year"]),
    (["funding", "--from", "2008", "--to", "99999"], ["--to 99999 is not a fiscal year"]),
    (["funding", "--fy", "-1"], ["--fy -1 is not a fiscal year"]),
    (
        ["funding", "--status", "enacted"],
        ["--status 'enacted' is not a funding status", "--status appropriated", "requested"],
    ),
    (
        ["funding", "--status", "appropriated", "--status", "apropriated"],
        ["--status 'apropriated'", "statuses: appropriated,", "did you mean appropriated?"],
    ),
    (
        ["funding", "--account", "INCEL"],
        [
            "--account 'INCEL'",
            "is not in IF10578@2025-08-14; accounts there",
            "ESF, FMF, INCLE",
            "did you mean INCLE?",
        ],
    ),
    (["funding", "--account", "ESF+XYZ"], ["--account 'ESF+XYZ'", "ESF, FMF, INCLE"]),
    (
        ["funding", "--recipient", "Mexco"],
        [
            "--recipient 'Mexco'",
            "is not in IF10578@2025-08-14; recipients there: global, Mexico",
            "did you mean Mexico?",
        ],
    ),
    (["facts", "evnt"], ["unknown kind 'evnt'", "kinds: program,", "did you mean event?"]),
    (
        ["diff", "IF10578@2024-10-01", "IF10578@2025-08-14", "--kind", "apropriation"],
        ["unknown kind 'apropriation'", "did you mean appropriation?"],
    ),
    (["facts", "--search", "x" * 1001], ["--search is 1,001 characters long; at most 1,000"]),
]


@pytest.mark.parametrize(
    ("argv", "says"), UNKNOWN_VALUES, ids=[" ".join(a)[:40] for a, _ in UNKNOWN_VALUES]
)
def test_values_that_name_nothing_are_usage_errors(
    argv: list[str],
    says: list[str],
    shared_url: str,
    kb,  # type: ignore[no-untyped-def]
) -> None:
    before = snapshot(shared_url)
    result = kb(*argv, db=shared_url)
    assert result.code == 2, (result.out, result.err)
    assert result.out == "" and result.err.startswith("kb: "), result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    for text in says:
        assert text in result.err, (text, result.err)
    assert snapshot(shared_url) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["funding", "--fy", "1900"],
        ["funding", "--fy", "2100"],
        ["funding", "--account", "esf"],  # any case; ESF is in combined figures too
        ["funding", "--account", "ESF+INCLE"],
        ["funding", "--account", "none"],
        ["funding", "--status", "allocated"],  # in the vocabulary, in no figure: no rows
    ],
)
def test_values_that_exist_are_accepted(argv: list[str], shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb(*argv, "--format", "json", db=shared_url)
    assert result.code == 0, result.err


def test_a_recipient_in_any_case_gives_the_same_figures(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    import json

    found = [
        json.loads(kb("funding", "--recipient", r, "--format", "json", db=shared_url).out)
        for r in ("Mexico", "MEXICO", "mexico")
    ]
    assert found[0] and found[0] == found[1] == found[2]


def test_the_library_names_its_parameters(shared_url: str) -> None:
    """The same checks raised by the library name the parameter, not a flag."""
    from kb.domain.problems import BadArgument
    from kb.query.facts import list_facts
    from kb.query.funding import funding
    from kb.store.engine import make_engine

    engine = make_engine(shared_url)
    try:
        with engine.connect() as conn:
            calls = [
                ("fy_from", lambda: funding(conn, fy_from=23), "fy_from 23 is not a fiscal year"),
                ("status", lambda: funding(conn, status=["enacted"]), "status 'enacted' is not"),
                ("recipient", lambda: funding(conn, recipient="Mexco"), "did you mean Mexico?"),
                ("account", lambda: funding(conn, account="INCEL"), "account 'INCEL' is not"),
                ("kind", lambda: list_facts(conn, kind="evnt"), "did you mean event?"),
                ("search", lambda: list_facts(conn, search="x" * 5000), "search is 5,000"),
            ]
            for parameter, call, message in calls:
                with pytest.raises(BadArgument) as info:
                    call()
                assert info.value.parameter == parameter
                assert message in str(info.value) and "--" not in str(info.value), info.value
    finally:
        engine.dispose()
