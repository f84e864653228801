"""Synthetic corpora for benchmarks and tests: realistic seed folders, deterministic from a seed.

    generate(root, reports=200, versions=25, facts=400, churn=0.05, seed=0)

writes ``root/reports/<NUMBER>/report.yaml`` and, per version, ``<date>.txt`` and
``<date>.yaml`` exactly in the seed format (docs/facts-format.md), valid under ``kb load``:

- the eight kinds mixed roughly as in a CRS In Focus (3% program, 3% phase,
  30% appropriation, 3% designation, 25% event, 12% measure, 12% condition,
  12% indicator);
- every quote is a sentence of its version's text (the text is made from the facts'
  sentences, with line breaks inside paragraphs, so whitespace normalisation is exercised);
- references resolve within each version (a phase names a program, a condition a
  measure, some appropriations a measure or a program); a referenced program or
  measure is never removed;
- from one version to the next, ``churn`` x F facts are revised (a figure, a stage, a
  date, ... and their sentence), and about churn/4 x F are added and as many removed;
- report numbers R10000, R10001, ... (``prefix`` and ``first`` change that), version dates
  two to four months apart.

Each report has its own random stream, derived from ``seed`` and the report's position,
so a report's first versions are the same whatever ``versions`` is: loading V=5, 10 and
25 of the same reports measures how storage grows with churn.

The pieces: ``words`` (the vocabulary), ``kinds`` (one generate/revise pair per kind,
keyed by kind name), ``report`` (one report's evolving state), ``yaml_text`` (the YAML
writer).  The YAML is formatted by hand: every fact's block is rendered once and reused
while the fact is unchanged.  Strings are JSON-quoted (a JSON string is a YAML double-quoted
scalar), so the files parse back to exactly the data ``version_data`` returns
(tests/test_bench.py checks it).  On 400-fact versions this is about 25x faster than
``yaml.dump`` with the C dumper (``CSafeDumper``), which spends its time in the emitter's
Python code.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.synthetic.report import ReportState
from scripts.synthetic.words import KIND_WEIGHTS

__all__ = ["KIND_WEIGHTS", "GenStats", "generate", "report_number", "version_data"]


@dataclass
class GenStats:
    root: Path
    reports: int = 0
    versions: int = 0
    facts: int = 0  # fact-version memberships (facts summed over versions)
    contents: int = 0  # distinct contents: what a loader stores once
    changed: int = 0
    added: int = 0
    removed: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)  # memberships per kind
    numbers: list[str] = field(default_factory=list)
    dates: dict[str, list[str]] = field(default_factory=dict)  # report -> version dates


def report_number(index: int, prefix: str = "R", first: int = 10000) -> str:
    return f"{prefix}{first + index}"


def generate(
    root: Path,
    reports: int,
    versions: int,
    facts: int,
    churn: float = 0.05,
    seed: int = 0,
    *,
    prefix: str = "R",
    first: int = 10000,
) -> GenStats:
    """Write ``reports`` x ``versions`` versions of about ``facts`` facts under root/reports/."""
    if not 0 <= churn <= 1:
        raise ValueError("churn is a fraction between 0 and 1")
    if reports < 1 or versions < 1 or facts < 1:
        raise ValueError("reports, versions and facts must be at least 1")
    started = time.perf_counter()
    root = Path(root)
    stats = GenStats(root=root)
    by_kind: Counter[str] = Counter()
    for index in range(reports):
        number = report_number(index, prefix, first)
        # One stream per report: its first versions do not depend on ``versions``.
        state = ReportState(number, random.Random(seed * 1_000_003 + index), facts, churn)
        folder = root / "reports" / number
        folder.mkdir(parents=True, exist_ok=True)
        stats.bytes += _write(folder / "report.yaml", state.report_yaml())
        stats.files += 1
        stats.numbers.append(number)
        dates = stats.dates.setdefault(number, [])
        contents: set[tuple[str, str]] = set()
        for v in range(versions):
            if v == 0:
                state.first_version()
            else:
                state.next_version()
            stem = state.date.isoformat()
            dates.append(stem)
            stats.bytes += _write(folder / f"{stem}.txt", state.text())
            stats.bytes += _write(folder / f"{stem}.yaml", state.version_yaml(v + 1))
            stats.files += 2
            stats.versions += 1
            stats.facts += len(state.order)
            for fid in state.order:
                fact = state.facts[fid]
                contents.add((fid, fact.block()))
                by_kind[fact.kind] += 1
        stats.contents += len(contents)
        stats.changed += state.stats["changed"]
        stats.added += state.stats["added"]
        stats.removed += state.stats["removed"]
        stats.reports += 1
    stats.by_kind = dict(by_kind)
    stats.seconds = time.perf_counter() - started
    return stats


def version_data(
    reports: int,
    versions: int,
    facts: int,
    churn: float = 0.05,
    seed: int = 0,
    *,
    report: int = 0,
) -> list[dict[str, Any]]:
    """The data of every version of one report, as the YAML files hold it (for tests)."""
    state = ReportState(
        report_number(report), random.Random(seed * 1_000_003 + report), facts, churn
    )
    out = []
    for v in range(versions):
        if v == 0:
            state.first_version()
        else:
            state.next_version()
        state.text()  # keeps the random stream as generate() draws it
        out.append(state.version_data(v + 1))
    return out


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)
