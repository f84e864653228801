"""Random damage to valid seed files: a load either succeeds, storing exactly what the
files say, or is refused with exit 2, a message naming the file (and the fact id and
field when the damage is in a fact), and the database exactly as it was.

The base is a small valid report folder this module writes itself (every kind of
fact, references, decimals, partial dates), or the bundled IF10578 seeds when they are
there and KB_ROBUSTNESS_BASE=seeds.  Each example copies it, applies 1-3 structural
mutations to the parsed YAML (drop a key, set a hostile value, swap two values, add an
unknown key, duplicate a fact) and sometimes a raw one (truncate, insert characters,
invalid UTF-8, delete a file, damage the version text), then runs `kb load --replace`
in-process through kb.cli.main.main against one database per test and backend, which
already holds the pristine report: only validation can keep a bad file out.

Counts: tests/hypothesis_profiles.py (KB_HYPOTHESIS_PROFILE=ci|thorough); with
KB_ROBUSTNESS_STATS=FILE each test appends {"backend", "tried", "loaded", "refused"}.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, given, note
from hypothesis import strategies as st

from kb.cli.main import main
from kb.domain.schemas import KINDS, ReportMeta
from kb.ingest.yaml_reader import read_yaml
from kb.store import paths
from kb.store.engine import make_engine, upgrade
from tests.conftest import _pg_create, _pg_drop, snapshot
from tests.hypothesis_profiles import PROFILE

NUMBER = "TS100"
VERSION = "2024-10-01"

REPORT_YAML = """\
number: TS100
type: In Focus
authors:
  - name: A. Analyst
    title: Specialist in Latin American Affairs
topics: [Mexico, security assistance]
"""

VERSION_TEXT = """\
U.S.-Mexico Security Cooperation (test report)
Updated October 1, 2024

The Mérida Initiative began in FY2008, and the Bicentennial Framework
succeeded it in 2021. Its first phase ran from FY2008 through FY2010.
Congress appropriated $48 million in INCLE for Mexico in FY2023,
and more than $3.3 billion from FY2008 through FY2023.
P.L. 118-47 is the appropriations act. S.Rept. 118-71 accompanies H.R. 4779.
It withholds 15% of INCLE funds until the Secretary reports, within 60 days.
On July 15, 2024, Mexico extradited a cartel leader. In February 2025 the State
Department designated six cartels as foreign terrorist organizations (FTOs).
Overdose deaths reached 107,941 in 2022; the homicide rate was 12.5 per 100,000.
"""

VERSION_YAML = """\
report: TS100
version: 2024-10-01
title: "U.S.-Mexico Security Cooperation: From the Mérida Initiative to the Bicentennial Framework"
sequence: 29
facts:
  - id: merida
    kind: program
    quote: The Mérida Initiative began in FY2008
    name: Mérida Initiative
    aliases: [Merida]
    start: 2008
    end: 2021
  - id: bicentennial
    kind: program
    quote: the Bicentennial Framework succeeded it in 2021.
    name: Bicentennial Framework
    start: 2021
    successor_of: merida
  - id: merida.phase-1
    kind: phase
    quote: Its first phase ran from FY2008 through FY2010.
    program: merida
    name: First phase
    fy_start: 2008
    fy_end: 2010
  - id: pl-118-47
    kind: measure
    quote: P.L. 118-47 is the appropriations act.
    citation: P.L. 118-47
    measure_type: law
    congress: 118
    fy: 2024
    stage: enacted
  - id: hr-4779
    kind: measure
    quote: S.Rept. 118-71 accompanies H.R. 4779.
    citation: H.R. 4779
    measure_type: bill
    stage: house_passed
  - id: srept-118-71
    kind: measure
    quote: S.Rept. 118-71 accompanies H.R. 4779.
    citation: S.Rept. 118-71
    measure_type: committee_report
    stage: committee_reported
    accompanies: hr-4779
  - id: incle-fy2023
    kind: appropriation
    quote: Congress appropriated $48 million in INCLE for Mexico in FY2023,
    amount_usd: 48000000
    fy_start: 2023
    fy_end: 2023
    account: INCLE
    recipient: Mexico
    status: appropriated
    measure: pl-118-47
    program: merida
  - id: merida-total
    kind: appropriation
    quote: more than $3.3 billion from FY2008 through FY2023.
    amount_usd: "3300000000"
    qualifier: more_than
    fy_start: 2008
    fy_end: 2023
    recipient: Mexico
    status: reported
    purpose: security assistance
  - id: withhold-15
    kind: condition
    quote: It withholds 15% of INCLE funds until the Secretary reports, within 60 days.
    measure: pl-118-47
    condition_type: withholding
    percent: 15
    account: INCLE
    recipient: Mexico
    conditioned: 15% of INCLE funds
    deadline: within 60 days
  - id: extradition-2024-07
    kind: event
    quote: On July 15, 2024, Mexico extradited a cartel leader.
    date: 2024-07-15
    summary: Mexico extradited a cartel leader.
    actors: [Mexico]
    category: extradition
  - id: fto-cartels
    kind: designation
    quote: >-
      In February 2025 the State Department designated six cartels as foreign
      terrorist organizations (FTOs).
    count: 6
    designation_type: FTO
    agency: State Department
    date: 2025-02
    note: the text gives only a count
  - id: overdose-deaths-2022
    kind: indicator
    quote: Overdose deaths reached 107,941 in 2022;
    name: overdose deaths
    value: 107941
    unit: deaths
    area: United States
    period_start: 2022
    period_end: 2022
  - id: homicide-rate
    kind: indicator
    quote: the homicide rate was 12.5 per 100,000.
    name: homicide rate
    value: "12.5"
    unit: per 100,000
    qualifier: about
    area: Mexico
"""


def write_report(root: Path) -> Path:
    """The small valid report folder: ROOT/TS100/{report.yaml, VERSION.txt, VERSION.yaml}."""
    folder = root / NUMBER
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(REPORT_YAML, encoding="utf-8")
    (folder / f"{VERSION}.txt").write_text(VERSION_TEXT, encoding="utf-8")
    (folder / f"{VERSION}.yaml").write_text(VERSION_YAML, encoding="utf-8")
    return folder


def _bundled_folder() -> Path | None:
    folder = paths.seeds_dir() / "reports" / "IF10578"
    versions = [p for p in folder.glob("*.yaml") if p.name != "report.yaml"]
    if versions and all(p.with_suffix(".txt").is_file() for p in versions):
        return folder
    return None


drop_pg_database = _pg_drop  # the patient DROP DATABASE of conftest


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A new database at the current schema (no reports), dropped patiently afterwards."""
    yield from new_database(backend, tmp_path)


def new_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The body of a fixture (other modules: ``yield from new_database(...)``)."""
    if backend == "sqlite":
        tmp_path.mkdir(parents=True, exist_ok=True)  # kb creates no folder for a named URL
        url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    else:
        name = f"kb_r_{uuid.uuid4().hex[:12]}"
        url = _pg_create(name)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    if backend == "postgresql":
        drop_pg_database(name)


def run_kb(*args: str, db: str) -> tuple[int, str, str]:
    """kb in-process, with its own capture (works inside one hypothesis example)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", db])
    return code, out.getvalue(), err.getvalue()


# --- the damage --------------------------------------------------------------

SPECIAL = [
    "\x00",
    "\x01",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\u200f",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\r\n",
    "\r",
    "\t",
    "\x85",
    "\u2028",
    "é",
    "𝔘",
    "'",
    '"',
    "\\",
    "%",
    "_",
    ";",
    "'; DROP TABLE facts; --",
    "../",
    "{",
    "*a",
    "&a",
    "!!",
    "#",
    ": ",
    "- ",
    "=HYPERLINK(",
]
ODD_STRINGS = [
    "2024-02-30",
    "2024-13",
    "2024-7",
    "0000",
    "1799",
    "9999-12-31",
    "July 2024",
    "२०२४",
    "１２３",
    "1,000",
    "1_000",
    "1e5",
    "-5",
    "0.001",
    "12.34567",
    "NaN",
    "inf",
    "null",
    "~",
    "yes",
    "0x1F",
    "+1",
    " 2024 ",
    "2024\n",
    "FY2023",
    "IF10578",
    "TS100@2024-10-01",
]
NUMBERS = [
    -1,
    0,
    1,
    6,
    118,
    201,
    1899,
    1900,
    2008,
    2100,
    2101,
    2**31 - 1,
    2**31,
    -(2**31) - 1,
    2**63,
    10**15 - 1,
    10**15,
    10**30,
    -(10**30),
]
FLOATS = [0.1 + 0.2, 420700000.00000006, 1e300, -0.0, 12.5, 2024.0, float("nan"), float("inf")]


def _edit_string(draw: st.DrawFn, value: str) -> str:
    choice = draw(st.sampled_from(["insert", "upper", "strip", "double", "truncate"]))
    if choice == "insert":
        at = draw(st.integers(0, len(value)))
        extra = draw(st.sampled_from(SPECIAL) | st.text(min_size=1, max_size=3))
        return value[:at] + extra + value[at:]
    if choice == "upper":
        return value.upper()
    if choice == "strip":
        return value.strip(value[:1])
    if choice == "double":
        return value + value
    return value[: draw(st.integers(0, max(0, len(value) - 1)))]


def _scalars(data: Any) -> list[Any]:
    """Every scalar in a document: values that are valid somewhere, misplaced elsewhere."""
    found: list[Any] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            found.append(item)
    return found


@st.composite
def hostile_value(draw: st.DrawFn, current: Any, document: Any) -> Any:
    options = [
        "none",
        "bool",
        "empty",
        "int",
        "number",
        "float",
        "text",
        "special",
        "odd",
        "date",
        "datetime",
        "list",
        "dict",
        "long",
        "edit",
        "elsewhere",
        "elsewhere",
    ]
    choice = draw(st.sampled_from(options))
    if choice == "none":
        return None
    if choice == "bool":
        return draw(st.booleans())
    if choice == "empty":
        return draw(st.sampled_from(["", " ", "\n"]))
    if choice == "int":
        return draw(st.integers())
    if choice == "number":
        return draw(st.sampled_from(NUMBERS))
    if choice == "float":
        return draw(st.floats() | st.sampled_from(FLOATS))
    if choice == "text":
        return draw(st.text(max_size=40))
    if choice == "special":
        return "".join(draw(st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=3)))
    if choice == "odd":
        return draw(st.sampled_from(ODD_STRINGS))
    if choice == "date":
        return draw(st.dates())
    if choice == "datetime":
        return draw(st.datetimes())
    if choice == "list":
        return draw(st.lists(st.text(max_size=5) | st.integers(), max_size=3)) or (
            [current] if current is not None else []
        )
    if choice == "dict":
        return draw(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(), max_size=2))
    if choice == "long":
        return "x" * draw(st.sampled_from([49, 65, 121, 20_001]))
    if choice == "edit":
        if isinstance(current, str) and current:
            return _edit_string(draw, current)
        if isinstance(current, int) and not isinstance(current, bool):
            return draw(st.sampled_from([current + 1, current - 1, -current, current * 10**9]))
        return draw(st.text(max_size=10))
    # a value valid somewhere else in the file: another id, kind, status, date...
    return draw(st.sampled_from(_scalars(document) or [None]))


# Keys whose text is not free: ids, kinds, enums, references, the quote (must be in the text).
FIXED = {
    "id",
    "kind",
    "quote",
    "number",
    "report",
    "version",
    "qualifier",
    "status",
    "stage",
    "measure_type",
    "condition_type",
    "program",
    "measure",
    "accompanies",
    "successor_of",
    "account",
    "start",
    "end",
    "date",
    "period_start",
    "period_end",
    "amount_usd",
    "value",
    "percent",
}


def _slots(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every key or list item in a document."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found.extend(_slots(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found.extend(_slots(value, (*prefix, index)))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _category(document: str, path: tuple[Any, ...]) -> str:
    """fact: a key of facts[i], or anything below it; header / report: a top-level key."""
    if document == "report":
        return "report" if len(path) >= 1 else "other"
    if len(path) >= 3 and path[0] == "facts":
        return "fact"
    if len(path) == 1 and path[0] != "facts":
        return "header"
    return "other"  # the facts list itself, or a fact replaced as a whole


@dataclass
class Damage:
    folder: Path
    version: str  # the version file damaged (its stem)
    categories: set[str] = field(default_factory=set)
    done: list[str] = field(default_factory=list)


@st.composite
def damaged_folder(draw: st.DrawFn, base: Path, workdir: Path) -> Damage:
    folder = workdir / base.name
    shutil.copytree(base, folder)
    stems = sorted(p.stem for p in folder.glob("*.yaml") if p.name != "report.yaml")
    stem = draw(st.sampled_from(stems))
    damage = Damage(folder, stem)
    docs = {
        "report": yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8")),
        "version": yaml.safe_load((folder / f"{stem}.yaml").read_text(encoding="utf-8")),
    }
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        which = draw(st.sampled_from(["version"] * 6 + ["report"]))
        doc = docs[which]
        slots = _slots(doc)
        op = draw(
            st.sampled_from(
                ["set", "set", "set", "drop", "swap", "unknown", "dup", *["retext"] * 4]
            )
        )
        if op == "retext":
            # Any text (control characters, RTL marks, emoji, CRLF) where text is free:
            # most of these load, and must come back exactly as written.
            free = [s for s in slots if isinstance(_get(doc, s), str) and s[-1] not in FIXED]
            if free:
                path = draw(st.sampled_from(free))
                value = draw(st.text(min_size=1, max_size=30))
                _get(doc, path[:-1])[path[-1]] = value
                damage.categories.add(_category(which, path))
                damage.done.append(f"{which}: set {list(path)} = {value!r}")
                continue
            op = "set"
        if op == "dup":
            facts = doc.get("facts") if which == "version" and isinstance(doc, dict) else None
            if isinstance(facts, list) and facts:
                index = draw(st.integers(0, len(facts) - 1))
                facts.append(copy.deepcopy(facts[index]))
                damage.categories.add("fact")
                damage.done.append(f"{which}: duplicate facts[{index}]")
                continue
            op = "set"
        if op == "unknown":
            targets = [()] + [s for s in slots if isinstance(_get(doc, s), dict)]
            target = draw(st.sampled_from(targets))
            key = draw(st.text(min_size=1, max_size=12) | st.sampled_from(["amount", "Id", "5"]))
            container = _get(doc, target)
            if key in container:
                continue
            container[key] = draw(hostile_value(None, doc))
            damage.categories.add(_category(which, (*target, key)))
            damage.done.append(f"{which}: add {key!r} at {list(target)}")
            continue
        if not slots:
            continue
        path = draw(st.sampled_from(slots))
        parent, key = _get(doc, path[:-1]), path[-1]
        if op == "drop":
            del parent[key]
            damage.done.append(f"{which}: drop {list(path)}")
        elif op == "swap":
            siblings = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            other = draw(st.sampled_from(siblings))
            parent[key], parent[other] = parent[other], parent[key]
            damage.done.append(f"{which}: swap {list(path)} with {other!r}")
        else:
            value = draw(hostile_value(parent[key], doc))
            parent[key] = value
            damage.done.append(f"{which}: set {list(path)} = {value!r}")
        damage.categories.add(_category(which, path))

    files = {
        "report": folder / "report.yaml",
        "version": folder / f"{stem}.yaml",
        "text": folder / f"{stem}.txt",
    }
    contents: dict[str, str | bytes | None] = {
        "report": yaml.safe_dump(docs["report"], allow_unicode=True, sort_keys=False),
        "version": yaml.safe_dump(docs["version"], allow_unicode=True, sort_keys=False),
        "text": files["text"].read_text(encoding="utf-8"),
    }
    if draw(st.integers(0, 4)) == 0:  # one raw edit in five
        target = draw(st.sampled_from(["version", "version", "report", "text"]))
        raw = contents[target]
        assert isinstance(raw, str)
        op = draw(st.sampled_from(["truncate", "insert", "cut", "garbage", "delete"]))
        at = draw(st.integers(0, len(raw)))
        if op == "truncate":
            contents[target] = raw[:at]
        elif op == "insert":
            extra = draw(st.sampled_from(SPECIAL) | st.text(max_size=5))
            contents[target] = raw[:at] + extra + raw[at:]
        elif op == "cut":
            contents[target] = raw[:at] + raw[at + draw(st.integers(1, 200)) :]
        elif op == "garbage":
            contents[target] = raw.encode("utf-8")[:at] + draw(st.binary(min_size=1, max_size=8))
        else:
            contents[target] = None
        damage.categories.add("other")
        damage.done.append(f"raw {op} of {files[target].name} at {at}")
    for name, content in contents.items():
        if content is None:
            files[name].unlink()
        elif isinstance(content, bytes):
            files[name].write_bytes(content)
        else:
            files[name].write_text(content, encoding="utf-8")
    return damage


# --- what a load must do ---------------------------------------------------------


def _expected_facts(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    facts = {}
    for raw in document["facts"]:
        fact = KINDS[raw["kind"]].model_validate(raw)
        facts[fact.id] = fact.model_dump(mode="json")
    return facts


def _same(stored: Any, expected: Any) -> bool:
    number = isinstance(stored, int | Decimal) and not isinstance(stored, bool)
    if number and isinstance(expected, str):
        stored = str(stored)  # amounts are exact JSON numbers; the file's JSON form is text
    if isinstance(expected, str) and isinstance(stored, str):
        try:  # exact decimals come back as text: compare them as numbers
            return stored == expected or Decimal(stored) == Decimal(expected)
        except ArithmeticError:
            return False
    return bool(stored == expected)


def _read(path: Path) -> Any:
    """A seed file as kb reads it (libyaml, where PyYAML's pure-Python scanner may differ:
    libyaml takes "report\t: X", PyYAML refuses it)."""
    problems: list[Any] = []
    data = read_yaml(path, problems)
    assert not problems, problems
    return data


def check_loaded(damage: Damage, db: str) -> None:
    """Exit 0: the database states exactly what the (damaged but valid) files say."""
    # What the files on disk say (a raw edit may have cut facts off a still valid file).
    report = ReportMeta.model_validate(_read(damage.folder / "report.yaml"))
    code, out, err = run_kb("reports", "--format", "json", db=db)
    assert code == 0, err
    row = next(r for r in json.loads(out) if r["report"] == report.number)
    assert row["type"] == report.type
    assert row["authors"] == [a.name for a in report.authors]
    version_path = damage.folder / f"{damage.version}.yaml"
    if version_path.exists():
        _check_version(damage, report.number, _read(version_path), db)
    else:  # the file was deleted: the other versions loaded, this one stays as it was
        code, out, err = run_kb("versions", report.number, "--format", "json", db=db)
        assert code == 0 and damage.version in {v["version"] for v in json.loads(out)}, err
    code, out, err = run_kb("verify", "--no-seeds", db=db)
    assert code == 0, out + err


def _check_version(damage: Damage, number: str, version: dict[str, Any], db: str) -> None:
    ref = f"{number}@{damage.version}"
    code, out, err = run_kb("facts", "--at", ref, "--format", "json", db=db)
    assert code == 0, err
    stored = {r.pop("id"): r for r in json.loads(out, parse_float=Decimal)}
    expected = _expected_facts(version)
    assert set(stored) == set(expected), "the stored ids differ from the file's"
    for fact_id, fact in expected.items():
        row = stored[fact_id]
        assert row.pop("report") == number and row.pop("version") == damage.version
        assert row.pop("reviewed") is True  # no draft marks in these files
        fact.pop("id")
        assert set(row) == set(fact), fact_id
        for key, value in fact.items():
            assert _same(row[key], value), f"{fact_id}.{key}: stored {row[key]!r}, file {value!r}"

    code, out, err = run_kb("versions", number, "--format", "json", db=db)
    assert code == 0, err
    stored_version = next(v for v in json.loads(out) if v["version"] == damage.version)
    assert stored_version["title"] == version["title"]
    assert stored_version["facts"] == len(expected)


def check_refused(damage: Damage, out: str, err: str) -> None:
    """Exit 2: nothing on stdout, and every problem names a file of the folder; a field
    when the damage is to keys; a fact id and a field when it is to facts."""
    assert out == ""
    assert err.startswith("kb: "), err
    assert "Traceback" not in err
    problems = [line[4:] for line in err.splitlines() if line.startswith("  - ")]
    assert problems, err
    for problem in problems:
        assert problem.startswith(str(damage.folder)), problem
        if problem.endswith("[yaml-syntax]"):
            continue  # a broken document names its line and column, not a field
        if damage.categories <= {"fact", "header", "report"}:
            assert ": field " in problem, problem
        if damage.categories == {"fact"}:
            assert ": fact " in problem, problem


# --- the property -------------------------------------------------------------------

STATS_FILE = os.environ.get("KB_ROBUSTNESS_STATS")


@pytest.fixture
def base_folder(tmp_path: Path) -> Path:
    bundled = _bundled_folder()
    if bundled is not None and os.environ.get("KB_ROBUSTNESS_BASE") == "seeds":
        return bundled
    return write_report(tmp_path / "base")


@pytest.fixture
def loaded_url(fresh_url: str, base_folder: Path) -> str:
    """One database per test and backend, holding the pristine report."""
    code, _, err = run_kb("load", str(base_folder), db=fresh_url)
    assert code == 0, err
    return fresh_url


def test_base_report_is_valid(loaded_url: str, base_folder: Path) -> None:
    """The undamaged folder loads, verifies, and loading it again is a no-op."""
    before = snapshot(loaded_url)
    code, _, err = run_kb("load", str(base_folder), db=loaded_url)
    assert code == 0 and "nothing to do" in err, err
    assert snapshot(loaded_url) == before
    code, out, err = run_kb("verify", "--no-seeds", db=loaded_url)
    assert code == 0, out + err


@given(data=st.data())
def test_damaged_seeds_load_or_are_refused_cleanly(
    data: st.DataObject, loaded_url: str, base_folder: Path, backend: str, tmp_path: Path
) -> None:
    counts = _COUNTS[backend]
    with tempfile.TemporaryDirectory(dir=tmp_path) as work:
        damage = data.draw(damaged_folder(base_folder, Path(work)))
        for line in damage.done:
            note(line)
        before = snapshot(loaded_url)
        code, out, err = run_kb("load", str(damage.folder), "--replace", db=loaded_url)
        note(f"exit {code}\n{err}")
        counts["tried"] += 1
        assert code in (0, 2), f"exit {code} (expected 0 or 2):\n{err}"
        if code == 0:
            counts["loaded"] += 1
            event("loaded")
            check_loaded(damage, loaded_url)
        else:
            counts["refused"] += 1
            event("refused")
            check_refused(damage, out, err)
            assert snapshot(loaded_url) == before, "a refused load changed the database"


_COUNTS: dict[str, Counter[str]] = {"sqlite": Counter(), "postgresql": Counter()}


@pytest.fixture(autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Any:
    yield
    if request.node.originalname != "test_damaged_seeds_load_or_are_refused_cleanly":
        return
    backend = request.node.callspec.params["backend"]
    counts = _COUNTS[backend]
    line = {"backend": backend, "profile": PROFILE, **counts}
    print(f"\n{request.node.name}: {json.dumps(line)}")
    if STATS_FILE:
        with open(STATS_FILE, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line) + "\n")
    counts.clear()


# --- the bugs the property found, pinned -------------------------------------------


def _set(kind_or_header: str, key: str, value: Any) -> Any:
    def mutate(doc: dict[str, Any]) -> str | None:
        if kind_or_header == "header":
            doc[key] = value
            return None
        fact = next(f for f in doc["facts"] if f["kind"] == kind_or_header)
        fact[key] = value
        return str(fact["id"])

    return mutate


PINNED = [
    # name, mutation of the version document, field, code
    ("nul-in-summary", _set("event", "summary", "a\x00b"), "summary", "bad-character"),
    ("nul-in-title", _set("header", "title", "T\x00"), "title", "bad-character"),
    ("nul-in-list", _set("event", "actors", ["Mexico\x00"]), "actors", "bad-character"),
    ("count-beyond-integer", _set("designation", "count", 10**30), "count", "out-of-range"),
    ("sequence-beyond-integer", _set("header", "sequence", 2**31), "sequence", "out-of-range"),
    ("recipient-too-long", _set("appropriation", "recipient", "x" * 121), "recipient", "too-long"),
    ("category-too-long", _set("event", "category", "x" * 49), "category", "too-long"),
    ("id-with-newline", _set("event", "id", "extradition\n"), "id", "bad-value"),
    ("date-in-other-digits", _set("event", "date", "२०२४"), "date", "bad-value"),
    (
        "amount-in-other-digits",
        _set("appropriation", "amount_usd", "４８"),
        "amount_usd",
        "bad-value",
    ),
    ("fy-end-before-start", _set("appropriation", "fy_end", 2000), "fy_end", "bad-value"),
    ("designation-without-designee", _set("designation", "count", None), "designee", "bad-value"),
]


@pytest.mark.parametrize(("name", "mutate", "field", "code"), PINNED, ids=[p[0] for p in PINNED])
def test_pinned_damage_is_refused(  # type: ignore[no-untyped-def]
    name: str, mutate: Any, field: str, code: str, loaded_url: str, tmp_path: Path
) -> None:
    folder = write_report(tmp_path / "damaged")
    path = folder / f"{VERSION}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact_id = mutate(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = snapshot(loaded_url)
    exit_code, out, err = run_kb("load", str(folder), "--replace", db=loaded_url)
    assert exit_code == 2, err
    assert out == ""
    assert str(path) in err
    if fact_id:
        assert f"fact {fact_id.strip()}" in err
    assert f"field {field}:" in err and f"[{code}]" in err, err
    assert snapshot(loaded_url) == before


@pytest.mark.parametrize(
    ("name", "write", "code"),
    [
        ("empty-version-file", lambda f: (f / f"{VERSION}.yaml").write_text(""), "empty-file"),
        ("null-report-file", lambda f: (f / "report.yaml").write_text("~\n"), "empty-file"),
        (
            "list-as-mapping-key",
            lambda f: (f / f"{VERSION}.yaml").write_text(VERSION_YAML + "? [a, b]\n: c\n"),
            "yaml-syntax",
        ),
        (
            "nul-in-version-text",
            lambda f: (f / f"{VERSION}.txt").write_text(VERSION_TEXT + "\x00"),
            "bad-character",
        ),
        (
            "invalid-utf8-text",
            lambda f: (f / f"{VERSION}.txt").write_bytes(b"\xff\xfe" + VERSION_TEXT.encode()),
            "missing-text",
        ),
    ],
)
def test_pinned_broken_files_are_refused(  # type: ignore[no-untyped-def]
    name: str, write: Any, code: str, loaded_url: str, tmp_path: Path
) -> None:
    folder = write_report(tmp_path / "damaged")
    write(folder)
    before = snapshot(loaded_url)
    exit_code, out, err = run_kb("load", str(folder), "--replace", db=loaded_url)
    assert exit_code == 2, err
    assert out == "" and f"[{code}]" in err and str(folder) in err, err
    assert snapshot(loaded_url) == before
