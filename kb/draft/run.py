"""`kb draft` as a library call: read a revision, find its reference, draft, write, report.

The database is only read (the reference version's facts, the report's ids and metadata).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.domain.problems import KbError
from kb.domain.schemas import KINDS, FactBase, ReportMeta
from kb.draft.build import Draft, build_draft
from kb.draft.write import Written, check_target, write_draft
from kb.ingest.readers import RevisionText

if TYPE_CHECKING:
    from sqlalchemy import Connection

REVIEW_COLUMNS = ["review", "id", "kind", "description", "check", "was"]


@dataclass
class Reference:
    label: str | None  # REPORT@VERSION, or None when there is nothing to align to
    facts: list[FactBase]
    taken_ids: dict[str, str]  # every id the report uses, with its kind
    meta: ReportMeta | None


@dataclass
class DraftReport:
    source: str
    report: str
    version: dt.date
    title: str
    reference: str | None
    draft: Draft
    written: Written
    read_seconds: float
    draft_seconds: float

    def rows(self) -> list[dict[str, Any]]:
        return review_rows(self.draft)

    def summary(self) -> str:
        c = self.draft.counts()
        against = f"aligned to {self.reference}" if self.reference else "nothing to align to"
        return (
            f"{self.report}@{self.version.isoformat()} drafted from {self.source} ({against}): "
            f"{c['carried']} carried, {c['revised']} revised, {c['new']} new, "
            f"{c['dropped']} dropped; wrote {', '.join(str(p) for p in self.written.files)}"
        )


def reference_for(
    conn: Connection | None, report: str, align_to: str | None, before: dt.date, source: str
) -> Reference:
    """The version to align to: ``align_to``, else the report's latest version before
    ``before`` (the revision being drafted), else nothing."""
    if conn is None:
        if align_to:
            raise KbError(f"{source}: --align-to {align_to}: no database to read it from")
        return Reference(None, [], {}, None)
    from sqlalchemy import select

    from kb.query.facts import facts_in
    from kb.query.refs import VersionRef, resolve
    from kb.store.models import FactRow, ReportRow, VersionFactRow, VersionRow

    row = conn.execute(
        select(ReportRow.id, ReportRow.number, ReportRow.type, ReportRow.authors, ReportRow.topics)
        .where(ReportRow.number == report)
    ).first()
    meta = None
    taken: dict[str, str] = {}
    if row is not None:
        meta = ReportMeta.model_validate(
            {"number": row.number, "type": row.type, "authors": row.authors,
             "topics": row.topics or []}
        )
        # ids the report's other versions use (a version of the same date being drafted
        # again does not make its own ids "taken")
        taken = {
            slug: kind
            for slug, kind in conn.execute(
                select(FactRow.slug, FactRow.kind)
                .join(VersionFactRow, VersionFactRow.fact_id == FactRow.id)
                .join(VersionRow, VersionRow.id == VersionFactRow.version_id)
                .where(FactRow.report_id == row.id, VersionRow.date != before)
                .distinct()
            )
        }
    if align_to:
        try:
            ref = resolve(conn, align_to)
        except KbError as exc:
            raise KbError(f"{source}: --align-to {align_to}: {exc}") from None
        if ref.report != report:
            raise KbError(f"{source}: --align-to names {ref.report}, but --report is {report}")
    else:
        if row is None:
            return Reference(None, [], taken, meta)
        found = conn.execute(
            select(VersionRow.id, VersionRow.date)
            .where(VersionRow.report_id == row.id, VersionRow.date < before)
            .order_by(VersionRow.date.desc())
            .limit(1)
        ).first()
        if found is None:
            return Reference(None, [], taken, meta)
        ref = VersionRef(found.id, report, found.date)
    facts = [r.fact for r in facts_in(conn, [ref])]
    # stored facts come back without validation; the aligner wants real models
    facts = [KINDS[f.kind].model_validate(f.model_dump()) for f in facts]
    return Reference(str(ref), facts, taken, meta)


def resolve_header(
    revision: RevisionText, report: str, version: str | None, title: str | None
) -> tuple[dt.date, str]:
    """The version date and title: the options, else what the file says; the file's own
    product number must agree with ``report``."""
    source = revision.source
    if revision.product and revision.product != report.upper():
        raise KbError(
            f"{source}: the file is report {revision.product}, but --report is {report}; "
            "pass the number printed in the file"
        )
    if version:
        try:
            date = dt.date.fromisoformat(version)
        except ValueError:
            raise KbError(f"{source}: --version {version!r} is not a date (YYYY-MM-DD)") from None
    elif revision.date:
        date = revision.date
    else:
        raise KbError(
            f"{source}: no \"Updated Month D, YYYY\" line found; pass --version YYYY-MM-DD"
        )
    name = title or revision.title
    if not name:
        raise KbError(f"{source}: no title found; pass --title TEXT")
    return date, name


def draft_revision(
    revision: RevisionText,
    report: str,
    out: Path,
    conn: Connection | None,
    *,
    version: str | None = None,
    title: str | None = None,
    align_to: str | None = None,
    reference: Reference | None = None,
    force: bool = False,
    read_seconds: float = 0.0,
) -> DraftReport:
    report = report.upper()
    date, name = resolve_header(revision, report, version, title)
    # refuse before any work when the folder already holds this date
    check_target(Path(out) / report, report, date, revision.text, force, revision.source)
    if reference is None:
        reference = reference_for(conn, report, align_to, date, revision.source)
    started = time.perf_counter()
    draft = build_draft(revision.text, reference.facts, reference.taken_ids)
    written = write_draft(
        out, report, date, name, revision.text, draft, reference.meta, force, revision.source
    )
    return DraftReport(
        revision.source, report, date, name, reference.label, draft, written, read_seconds,
        time.perf_counter() - started,
    )


def as_reference(report: DraftReport) -> Reference:
    """A draft just made, as the reference for the next (the newer side of a comparison)."""
    facts = [KINDS[d.kind].model_validate(d.fields) for d in report.draft.facts]
    return Reference(
        f"{report.report}@{report.version.isoformat()} (this draft)",
        facts,
        {f.id: f.kind for f in facts},
        None,
    )


def review_rows(draft: Draft) -> list[dict[str, Any]]:
    from kb.domain.describe import describe

    rows = []
    for d in draft.facts:
        fact = KINDS[d.kind].model_validate(d.fields)
        # the old values of what changed (the new ones are in the description and the file)
        was = "; ".join(f"{k} {_short(v)}" for k, v in d.old.items() if k != "quote")
        check = list(dict.fromkeys(d.check))
        if d.review == "revised" and not was:  # only the wording changed
            check = ["reworded" if c == "restated" else c for c in check]
        rows.append({
            "review": d.review, "id": d.id, "kind": d.kind, "description": describe(fact),
            "check": "; ".join(check) if d.review != "carried" else "",
            "was": was,
        })
    for f in draft.dropped:
        rows.append({
            "review": "dropped", "id": f.id, "kind": f.kind, "description": _describe(f),
            "check": "no longer stated (not written)", "was": "",
        })
    return rows


def _describe(fact: FactBase) -> str:
    from kb.domain.describe import describe

    try:
        return describe(fact)
    except Exception:  # a dropped fact built without validation
        return fact.id


def _short(value: Any) -> str:
    text = "none" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
