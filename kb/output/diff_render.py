"""The terminal layout of a diff: grouped by kind, old -> new for each changed field."""

from __future__ import annotations

from typing import Any, TextIO

from kb.domain.describe import describe
from kb.domain.problems import printable
from kb.query.diff import CHANGES, Diff, FactChange
from kb.query.refs import VersionRef
from kb.query.textdiff import SentenceChange

SIGN = {"added": "+", "removed": "-", "revised": "~", "reworded": "~", "unchanged": "="}


def _value(value: Any) -> str:
    """A field's value on one line, control characters (terminal escapes, CR) escaped."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return printable("[" + ", ".join(map(str, value)) + "]")
    return printable(str(value))


def _mark(change: FactChange) -> str:
    """What kind of change, where the sign alone does not say it."""
    if change.change == "removed":
        if change.superseded_by:
            return f"  [superseded by {', '.join(change.superseded_by)}]"
        return "  [no longer stated]"
    if change.change in ("revised", "reworded"):
        return f"  [{change.change}]"
    return ""


def write_diff(out: TextIO, diff: Diff) -> None:
    counts = diff.counts()
    out.write(f"{diff.old} -> {diff.new}: " + ", ".join(f"{counts[c]} {c}" for c in CHANGES) + "\n")
    kind = None
    for change in diff.changes:
        if change.kind != kind:
            kind = change.kind
            out.write(f"\n{kind}\n")
        fact = change.after or change.before
        assert fact is not None
        line = f"  {SIGN[change.change]} {change.id}: {printable(describe(fact))}{_mark(change)}"
        out.write(line + "\n")
        if change.change in ("added", "removed", "unchanged"):
            continue
        before = change.before.model_dump(mode="json") if change.before else {}
        after = change.after.model_dump(mode="json") if change.after else {}
        for name in change.fields:
            out.write(f"      {name}: {_value(before.get(name))}\n")
            out.write(f"      {' ' * len(name)}  -> {_value(after.get(name))}\n")


def write_text_diff(
    out: TextIO, old: VersionRef, new: VersionRef, changes: list[SentenceChange]
) -> None:
    out.write(f"--- {old}\n+++ {new}\n")
    for change in changes:
        sign = "-" if change.change == "removed" else "+"
        out.write(f"{sign} {printable(change.sentence)}\n")
