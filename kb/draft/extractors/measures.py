"""Measures (laws, bills, committee reports, executive orders, U.S. Code sections) and the
conditions Congress attaches to them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from kb.domain.places import places_in
from kb.draft import patterns as P
from kb.draft.extractors.base import Candidate, Context
from kb.draft.extractors.money import account_codes, fiscal_years, sentence_status
from kb.draft.segment import Sentence


def citation_text(match: re.Match[str]) -> str:
    """The citation as one line: "P.L. 117-\\n103" -> "P.L. 117-103"."""
    return re.sub(r"\s*-\s*", "-", " ".join(match.group().split()))


def measure_slug(citation: str) -> str:
    text = citation.replace("Rept.", "-rept").replace("U.S.C.", "usc").replace("§", "")
    return re.sub(r"[^a-z0-9]+", "-", text.replace(".", "").lower()).strip("-")


def measures(sentence: Sentence, context: Context) -> list[Candidate]:
    out = []
    status = sentence_status(sentence.text)
    fys = fiscal_years(sentence.text)
    for cue in P.CITATIONS:
        for m in cue.regex.finditer(sentence.text):
            citation = citation_text(m)
            fields: dict[str, Any] = {"kind": "measure", "id": measure_slug(citation),
                                      "citation": citation}
            if cue.name == "law":
                fields.update(
                    measure_type="law", stage="enacted", congress=int(m.group("congress"))
                )
            elif cue.name == "committee_report":
                fields.update(
                    measure_type="committee_report",
                    stage="committee_reported",
                    congress=int(m.group("congress")),
                )
            elif cue.name == "bill":
                stage = P.MEASURE_STAGE_FROM_STATUS.get(status or "", "introduced")
                fields.update(measure_type="bill", stage=stage)
            elif cue.name == "code":
                fields.update(measure_type="other", stage="enacted")
            else:
                fields.update(measure_type="executive_order", stage="issued")
            single = {f[2] for f in fys if f[2] == f[3]}
            if len(single) == 1 and cue.name != "code":
                fields["fy"] = single.pop()
            out.append(Candidate(fields, sentence.index, ["stage, title, FY"]))
    return out


def unnamed_measure(sentence: Sentence, context: Context) -> list[Candidate]:
    """A condition Congress set without the report naming the act ("Congress required the State
    Department to withhold 15% ..." under "First Phase: FY2008-FY2010"): a placeholder measure
    for the fiscal years' appropriations, so the condition has a measure to attach to."""
    if context.measure is not None or not context.fy or not re.match(
        r"Congress (?:required|directed)", sentence.text
    ):
        return []
    if not any(c.regex.search(sentence.text) for c in P.CONDITIONS):
        return []
    a, b = context.fy
    span = f"FY{a}" if a == b else f"FY{a}-FY{b}"
    fields = {"kind": "measure", "id": f"{span.lower()}-appropriations",
              "citation": f"{span} appropriations (acts not named in the report)",
              "measure_type": "other", "stage": "enacted"}
    return [Candidate(fields, sentence.index, ["the report names no act: keep a placeholder?"])]


def conditions(sentence: Sentence, context: Context) -> list[Candidate]:
    if context.measure is None or not P.IMPOSED.regex.search(sentence.text):
        return []
    out = []
    percents = list(P.PERCENT.regex.finditer(sentence.text))
    for cue in P.CONDITIONS:
        if not cue.regex.search(sentence.text):
            continue
        fields: dict[str, Any] = {
            "kind": "condition",
            "measure": context.measure,
            "condition_type": cue.name,
        }
        if cue.name == "withholding" and percents:
            fields["percent"] = Decimal(percents[0].group("value"))
        accounts = account_codes(sentence.text)
        if cue.name == "withholding" and len(set(accounts)) == 1:
            fields["account"] = accounts[0]
        places = {p[2] for p in places_in(sentence.text)}
        if len(places) == 1:
            fields["recipient"] = places.pop()
        fields["conditioned"] = sentence.text
        out.append(Candidate(fields, sentence.index,
                             ["measure (the last one cited)", "shorten 'conditioned'"]))
    return out
