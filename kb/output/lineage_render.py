"""Funding lineage for the terminal: one line per recipient, account and fiscal years,
its figures in stage order with the versions that state them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kb.domain.describe import QUALIFIER_WORDS, money
from kb.query.lineage import LineageLine, LineageStep

TABLE_COLUMNS = ["recipient", "account", "fiscal years", "lineage"]


def _figure(step: LineageStep) -> str:
    per_year = "/yr" if step.qualifier == "average_per_year" else ""
    return f"{QUALIFIER_WORDS[step.qualifier]}{money(step.amount_usd)}{per_year}"


def lineage_text(line: LineageLine, with_purpose: bool = False) -> str:
    """ "estimated $48 million (IF10578@2024-10-01) -> reported $48 million (IF10578@...)":
    the same figure stated again by a later version is one step with both versions."""
    groups: list[tuple[LineageStep, list[str]]] = []
    for step in line.steps:
        if groups:
            first, refs = groups[-1]
            same = (first.id, first.status, first.amount_usd, first.qualifier, first.reviewed)
            if same == (step.id, step.status, step.amount_usd, step.qualifier, step.reviewed):
                refs.append(step.ref)
                continue
        groups.append((step, [step.ref]))
    text = " -> ".join(
        f"{s.status.replace('_', ' ')} {_figure(s)} ({', '.join(refs)}"
        + ("; DRAFT, not reviewed" if not s.reviewed else "")
        + ")"
        for s, refs in groups
    )
    if with_purpose:
        text = f"for {line.purpose or 'the account as a whole'}: {text}"
    return text if line.enacted else f"{text}; no enacted figure stated"


def lineage_table(lines: list[LineageLine]) -> list[dict[str, Any]]:
    """Table rows; a line's purpose is shown where two lines share recipient, account and
    years (a request earmarked for drug programs beside the account's total)."""
    shared = Counter((x.recipient, x.account, x.fy_start, x.fy_end) for x in lines)
    return [
        {
            "recipient": line.recipient,
            "account": line.account or "(none)",
            "fiscal years": line.range,
            "lineage": lineage_text(
                line, shared[(line.recipient, line.account, line.fy_start, line.fy_end)] > 1
            ),
        }
        for line in lines
    ]
