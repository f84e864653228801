"""`kb draft` as a library call: read a revision, find its reference, draft, write, report.

The database is only read (the reference version's facts, the report's ids and metadata).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.domain.problems import KbError
from kb.domain.schemas import KINDS, FactBase, ReportMeta
from kb.draft.build import Draft, build_draft
from kb.draft.write import Written, check_target, write_draft
from kb.ingest.readers import RevisionText

if TYPE_CHECKING:
    from sqlalchemy import Connection

REVIEW_COLUMNS = ["review", "id", "kind", "description", "needs", "check", "was"]


@dataclass
class Reference:
    label: str | None  # REPORT@VERSION, or None when there is nothing to align to
    facts: list[FactBase]
    taken_ids: dict[str, str]  # every id the report uses, with its kind
    meta: ReportMeta | None
    direction: str = ""  # "older" or "newer" than the revision drafted
    others: list[FactBase] = field(default_factory=list)  # the other held versions' facts


@dataclass
class DraftReport:
    source: str
    report: str
    version: dt.date
    title: str | None
    reference: str | None
    draft: Draft
    written: Written
    read_seconds: float
    draft_seconds: float
    direction: str = ""

    def rows(self) -> list[dict[str, Any]]:
        return review_rows(self.draft)

    def summary(self) -> str:
        c = self.draft.counts()
        skipped = f", {len(self.draft.skipped)} not written" if self.draft.skipped else ""
        against = (f"aligned to {self.reference}" if self.reference else "nothing to align to")
        if self.direction:
            against += f", the {self.direction} version held"
        return (
            f"{self.report}@{self.version.isoformat()} drafted from {self.source} ({against}): "
            f"{c['carried']} carried, {c['revised']} revised, {c['new']} new, "
            f"{c['dropped']} dropped{skipped}; "
            f"wrote {', '.join(str(p) for p in self.written.files)}"
        )


def reference_for(
    conn: Connection | None, report: str, align_to: str | None, date: dt.date, source: str
) -> Reference:
    """The version to align to: ``align_to``, else the report's held version nearest in date
    to ``date`` (the revision being drafted), before or after it, else nothing."""
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
                .where(FactRow.report_id == row.id, VersionRow.date != date)
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
        held = conn.execute(
            select(VersionRow.id, VersionRow.date)
            .where(VersionRow.report_id == row.id, VersionRow.date != date)
            .order_by(VersionRow.date)
        ).all()
        if not held:
            return Reference(None, [], taken, meta)
        # nearest in date; of two as near, the earlier (the revision this one most likely
        # rewrote)
        found = min(held, key=lambda v: (abs((v.date - date).days), v.date > date))
        ref = VersionRef(found.id, report, found.date)
    facts = [r.fact for r in facts_in(conn, [ref])]
    # stored facts come back without validation; the aligner wants real models
    facts = [KINDS[f.kind].model_validate(f.model_dump()) for f in facts]
    # every other held version's facts: one still quoted verbatim is carried with its id, a
    # figure restated with the same key keeps its id, whichever version stated it
    others_refs = [
        VersionRef(v.id, report, v.date)
        for v in conn.execute(
            select(VersionRow.id, VersionRow.date).join(ReportRow)
            .where(ReportRow.number == report, VersionRow.id != ref.version_id,
                   VersionRow.date != date)
        )
    ]
    seen = {f.id for f in facts}
    others: list[FactBase] = []
    for record in facts_in(conn, others_refs) if others_refs else []:
        if record.fact.id not in seen:
            seen.add(record.fact.id)
            others.append(KINDS[record.fact.kind].model_validate(record.fact.model_dump()))
    direction = "older" if ref.date < date else "newer" if ref.date > date else "same date"
    return Reference(str(ref), facts, taken, meta, direction, others)


def resolve_header(
    revision: RevisionText, report: str, version: str | None, title: str | None
) -> tuple[dt.date, str | None]:
    """The version date and title: the options, else what the file says (its first lines, its
    name); the file's own product number must agree with ``report``.  A missing title is a
    review need (None), a missing date an error: it is the version's name."""
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
            f"{source}: no date found (no \"Updated Month D, YYYY\" line, no date line near the "
            "top, no YYYY-MM-DD in the file name); pass --version YYYY-MM-DD"
        )
    return date, title or revision.title


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
    draft = build_draft(revision.text, reference.facts, reference.taken_ids, version=date,
                        title=name, others=reference.others)
    if name is None:
        draft.needs.append("title")
        draft.header_check.append("no title found in the first lines: write the report's title")
    draft.header_check.extend(revision.warnings)
    if revision.warnings:
        draft.needs.append("layout")
    written = write_draft(
        out, report, date, name, revision.text, draft, reference.meta, force, revision.source
    )
    return DraftReport(
        revision.source, report, date, name, reference.label, draft, written, read_seconds,
        time.perf_counter() - started, reference.direction,
    )


def as_reference(report: DraftReport) -> Reference:
    """A draft just made, as the reference for the next (the newer side of a comparison)."""
    facts = [constructed(d.kind, d.fields) for d in report.draft.facts]
    return Reference(
        f"{report.report}@{report.version.isoformat()} (this draft)",
        facts,
        {f.id: f.kind for f in facts},
        None,
        "older",
    )


def constructed(kind: str, fields: dict[str, Any]) -> FactBase:
    """A drafted fact as a model, validated when it can be; one with open needs is built
    without validation, its missing fields None."""
    schema = KINDS[kind]
    try:
        return schema.model_validate(fields)
    except ValueError:
        blank: dict[str, Any] = dict.fromkeys(schema.model_fields)
        return schema.model_construct(**{**blank, **fields})


def review_rows(draft: Draft) -> list[dict[str, Any]]:
    rows = []
    for d in draft.facts:
        # the old values of what changed (the new ones are in the description and the file)
        was = "; ".join(f"{k} {_short(v)}" for k, v in d.old.items() if k != "quote")
        check = list(dict.fromkeys(d.check))
        if d.review == "revised" and not was:  # only the wording changed
            check = ["reworded" if c == "restated" else c for c in check]
        rows.append({
            "review": d.review, "id": d.id, "kind": d.kind,
            "description": _describe(constructed(d.kind, d.fields)),
            "needs": ", ".join(d.needs),
            "check": "; ".join(check) if d.review != "carried" else "",
            "was": was,
        })
    if draft.needs:
        rows.insert(0, {"review": "new", "id": "(version)", "kind": "version",
                        "description": "the version's header", "needs": ", ".join(draft.needs),
                        "check": "; ".join(draft.header_check), "was": ""})
    for fields, why in draft.skipped:  # drafted but not written: say so, never drop silently
        rows.append({
            "review": "skipped", "id": str(fields.get("id", "")), "kind": str(fields["kind"]),
            "description": str(fields.get("quote", ""))[:80], "needs": "",
            "check": f"not written: {why}", "was": "",
        })
    for f in draft.dropped:
        rows.append({
            "review": "dropped", "id": f.id, "kind": f.kind, "description": _describe(f),
            "needs": "", "check": "no longer stated (not written)", "was": "",
        })
    return rows


def _describe(fact: FactBase) -> str:
    from kb.domain.describe import describe

    try:
        return describe(fact)
    except Exception:  # a fact built without validation: a dropped one, or one with needs
        return str(getattr(fact, "id", "")) or "(fact)"


def _short(value: Any) -> str:
    text = "none" if value is None else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
