"""`kb diff --text`: a sentence-level diff of two versions' texts."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlalchemy import Connection, select

from kb.query.refs import VersionRef, resolve
from kb.store.models import VersionRow

# A sentence ends at . ! ? (optionally closed by a quote or bracket) before a capital,
# a digit, a quote or the end; blank lines (headings, list items) also end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[A-Z0-9\"“(])|\n\s*\n")


def sentences(text: str) -> list[str]:
    parts = _SENTENCE_END.split(text)
    return [" ".join(p.split()) for p in parts if p and p.strip()]


@dataclass(frozen=True)
class SentenceChange:
    change: str  # removed, added
    sentence: str

    def as_row(self) -> dict[str, str]:
        return {"change": self.change, "sentence": self.sentence}


def text_of(conn: Connection, ref: VersionRef) -> str:
    return conn.execute(select(VersionRow.text).where(VersionRow.id == ref.version_id)).scalar_one()


def text_diff(
    conn: Connection, old: str, new: str
) -> tuple[VersionRef, VersionRef, list[SentenceChange]]:
    v1, v2 = resolve(conn, old), resolve(conn, new)
    a, b = sentences(text_of(conn, v1)), sentences(text_of(conn, v2))
    changes: list[SentenceChange] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changes.extend(SentenceChange("removed", s) for s in a[i1:i2])
        changes.extend(SentenceChange("added", s) for s in b[j1:j2])
    return v1, v2, changes
