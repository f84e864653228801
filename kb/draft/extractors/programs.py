"""Programs (a heading that names one) and their phases ("First Phase: FY2008-FY2010.")."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kb.draft import patterns as P
from kb.draft.extractors.base import Candidate, Context
from kb.draft.segment import Sentence


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def programs(sentence: Sentence, context: Context) -> list[Candidate]:
    m = P.PROGRAM_HEADING.regex.match(sentence.text)
    if not m:
        return []
    name = m.group("name")
    fields: dict[str, Any] = {"kind": "program", "id": ascii_slug(name), "name": name}
    if m.group("start"):
        fields["start"] = m.group("start")
        if m.group("end") != "Present":
            fields["end"] = m.group("end")
    return [Candidate(fields, sentence.index, ["aliases, start, end, summary"])]


def phases(sentence: Sentence, context: Context) -> list[Candidate]:
    m = P.PHASE.regex.match(sentence.text)
    if not m or context.program is None:
        return []
    fields = {"kind": "phase", "id": ascii_slug(f"{context.program}-{m.group('name')}"),
              "program": context.program, "name": m.group("name"),
              "fy_start": int(m.group("start")), "fy_end": int(m.group("end"))}
    return [Candidate(fields, sentence.index, ["program (the last heading), summary"])]
