"""Loading seed folders into a database: one transaction, identical content is a no-op.

A version whose content differs from what is stored is refused unless ``replace``;
a fact content already stored for the report is reused, not copied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from kb.domain.problems import LoadConflict, LoadError, Problem
from kb.domain.refs import version_ref
from kb.domain.schemas import FactBase
from kb.ingest.progress import Progress
from kb.ingest.seed_folders import ReportSeed, VersionSeed, read_path
from kb.store import funding_index
from kb.store.models import KIND_TABLES, Base, FactRow, ReportRow, VersionFactRow, VersionRow


@dataclass
class LoadResult:
    reports_added: list[str] = field(default_factory=list)
    versions_added: list[str] = field(default_factory=list)
    versions_unchanged: list[str] = field(default_factory=list)
    versions_replaced: list[str] = field(default_factory=list)
    facts_stored: int = 0  # new fact contents written
    facts_reused: int = 0  # memberships that pointed at an already stored content

    @property
    def changed(self) -> bool:
        return bool(self.versions_added or self.versions_replaced or self.reports_added)

    def summary(self) -> str:
        parts = []
        if self.versions_added:
            parts.append(f"{len(self.versions_added)} version(s) added")
        if self.versions_replaced:
            parts.append(f"{len(self.versions_replaced)} replaced")
        if self.versions_unchanged:
            parts.append(f"{len(self.versions_unchanged)} unchanged")
        if self.changed:
            parts.append(f"{self.facts_stored} fact content(s) stored, {self.facts_reused} reused")
        else:
            parts.insert(0, "nothing to do: identical content is already loaded")
        return "; ".join(parts)


def load_path(
    engine: Engine | Connection,
    path: Path,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    accept_draft: bool = False,
) -> LoadResult:
    """Validate everything under ``path``, then write it in one transaction (the caller's,
    given a Connection: first use seeds in the transaction that creates the schema).

    ``progress(stage, done, total)`` is told how far reading ("read": version files) and
    writing ("write": reports) have come (kb.ingest.progress).  Facts still marked
    ``review: revised`` or ``review: new`` (kb draft) are refused unless ``accept_draft``;
    then they are stored flagged unreviewed."""
    reports, problems = read_path(Path(path), progress)
    if not accept_draft:
        problems += unreviewed_problems(reports)
    if problems:
        raise LoadError(f"{path}: {len(problems)} problem(s); nothing was loaded", problems)
    return write_reports(engine, reports, replace=replace, progress=progress)


def write_reports(
    engine: Engine | Connection,
    reports: list[ReportSeed],
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    result = LoadResult()
    problems: list[Problem] = []

    def write(conn: Connection) -> None:
        if progress:
            progress("write", 0, len(reports))
        for done, report in enumerate(reports, 1):
            _write_report(conn, report, replace, result, problems)
            if progress:
                progress("write", done, len(reports))
        if problems:
            # Raising inside the transaction rolls the whole load back.
            raise LoadError(f"{len(problems)} problem(s); nothing was loaded", problems)
        if result.changed:
            _refresh_statistics(conn)

    try:
        if isinstance(engine, Connection):
            write(engine)
        else:
            with engine.begin() as conn:
                write(conn)
    except IntegrityError as exc:
        # Two loads of the same report at once: the other committed its rows first.
        numbers = ", ".join(r.meta.number for r in reports)
        raise LoadConflict(
            f"another load wrote {numbers} at the same time; nothing was loaded by this one "
            f"(run it again: identical content will be a no-op) [{type(exc.orig).__name__}]"
        ) from exc
    return result


def unreviewed_problems(reports: list[ReportSeed]) -> list[Problem]:
    return [
        Problem(
            "unreviewed-draft",
            f"still marked review: {version.review[fact_id]}; review it and delete the mark "
            "(or load with --accept-draft to store it flagged unreviewed)",
            file=str(version.path),
            fact_id=fact_id,
            field="review",
        )
        for report in reports
        for version in report.versions
        for fact_id in version.unreviewed
    ]


def _refresh_statistics(conn: Connection) -> None:
    """Table statistics for the query planners, which choose join orders by table sizes
    (kb.query.funding over every report's latest version relies on them).  A load can change the
    sizes by orders of magnitude; SQLite has none until ANALYZE runs.  SQLite's is sampled
    (analysis_limit): a few milliseconds, whatever the size of the database."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")
    elif conn.dialect.name == "postgresql":
        # kb's own tables only (ANALYZE samples them: well under a second at 2M memberships)
        conn.exec_driver_sql("ANALYZE " + ", ".join(Base.metadata.tables))


def _write_report(
    conn: Connection,
    report: ReportSeed,
    replace: bool,
    result: LoadResult,
    problems: list[Problem],
) -> None:
    meta = report.meta
    row = conn.execute(
        select(ReportRow.id, ReportRow.meta_sha1).where(ReportRow.number == meta.number)
    ).first()
    values = {
        "number": meta.number,
        "type": meta.type,
        "authors": [a.model_dump() for a in meta.authors],
        "topics": list(meta.topics),
        "meta_sha1": report.meta_sha1,
    }
    if row is None:
        report_id = conn.execute(insert(ReportRow).returning(ReportRow.id), values).scalar_one()
        result.reports_added.append(meta.number)
    else:
        report_id = row.id
        if row.meta_sha1 != report.meta_sha1:
            if not replace:
                problems.append(_differs(report.path / "report.yaml", meta.number))
                return
            conn.execute(update(ReportRow).where(ReportRow.id == report_id).values(values))

    stored_versions = {
        r.date: r
        for r in conn.execute(
            select(VersionRow.id, VersionRow.date, VersionRow.content_sha1).where(
                VersionRow.report_id == report_id
            )
        )
    }
    # Every content this report already has, and the kind each id was given.
    known: dict[tuple[str, str], int] = {}
    kinds: dict[str, str] = {}
    for fid, slug, sha, kind in conn.execute(
        select(FactRow.id, FactRow.slug, FactRow.content_sha1, FactRow.kind).where(
            FactRow.report_id == report_id
        )
    ):
        known[(slug, sha)] = fid
        kinds[slug] = kind

    pending: list[tuple[int, VersionSeed]] = []
    for version in report.versions:
        ref = version_ref(meta.number, version.meta.version)
        stored = stored_versions.get(version.meta.version)
        for fact in version.facts:
            before = kinds.setdefault(fact.id, fact.kind)
            if before != fact.kind:
                problems.append(
                    Problem(
                        "kind-changed",
                        f"is a {before} in another version of {meta.number}; "
                        f"an id keeps its kind (use a new id for a {fact.kind})",
                        file=str(version.path),
                        fact_id=fact.id,
                        field="kind",
                    )
                )
        version_values = {
            "report_id": report_id,
            "date": version.meta.version,
            "title": version.meta.title,
            "sequence": version.meta.sequence,
            "text": version.text,
            "text_sha1": version.text_sha1,
            "content_sha1": version.content_sha1,
            "loaded_at": dt.datetime.now(dt.UTC),
        }
        if stored is None:
            version_id = conn.execute(
                insert(VersionRow).returning(VersionRow.id), version_values
            ).scalar_one()
            result.versions_added.append(ref)
        elif stored.content_sha1 == version.content_sha1:
            result.versions_unchanged.append(ref)
            continue
        elif not replace:
            problems.append(_differs(version.path, ref))
            continue
        else:
            version_id = stored.id
            conn.execute(
                update(VersionRow).where(VersionRow.id == version_id).values(version_values)
            )
            conn.execute(delete(VersionFactRow).where(VersionFactRow.version_id == version_id))
            result.versions_replaced.append(ref)
        pending.append((version_id, version))

    if problems or not pending:
        return
    _write_facts(conn, report_id, pending, known, result)
    if result.versions_replaced:
        _drop_orphans(conn, report_id)
    funding_index.refresh(conn, report_id, meta.number)  # in this load's transaction


def _write_facts(
    conn: Connection,
    report_id: int,
    pending: list[tuple[int, VersionSeed]],
    known: dict[tuple[str, str], int],
    result: LoadResult,
) -> None:
    # New contents, once each even when several versions in this load share them.
    new: dict[tuple[str, str], FactBase] = {}
    for _, version in pending:
        for fact in version.facts:
            key = (fact.id, version.fact_sha1[fact.id])
            if key not in known and key not in new:
                new[key] = fact
    if new:
        rows = [
            {
                "report_id": report_id,
                "slug": fact.id,
                "kind": fact.kind,
                "content_sha1": sha,
                "quote": fact.quote,
                "note": fact.note,
            }
            for (_, sha), fact in new.items()
        ]
        returned = conn.execute(
            insert(FactRow).returning(
                FactRow.id, FactRow.slug, FactRow.content_sha1, sort_by_parameter_order=True
            ),
            rows,
        )
        by_kind: dict[str, list[dict[str, object]]] = {}
        for fid, slug, sha in returned:
            known[(slug, sha)] = fid
            fact = new[(slug, sha)]
            by_kind.setdefault(fact.kind, []).append({"fact_id": fid, **fact.content()})
        for kind, kind_rows in by_kind.items():
            conn.execute(insert(KIND_TABLES[kind]), kind_rows)
        result.facts_stored += len(new)

    memberships = []
    for version_id, version in pending:
        unreviewed = set(version.unreviewed)
        for fact in version.facts:
            key = (fact.id, version.fact_sha1[fact.id])
            memberships.append(
                {
                    "version_id": version_id,
                    "slug": fact.id,
                    "fact_id": known[key],
                    "reviewed": fact.id not in unreviewed,
                }
            )
    if memberships:
        conn.execute(insert(VersionFactRow), memberships)
    result.facts_reused += len(memberships) - len(new)


def _drop_orphans(conn: Connection, report_id: int) -> None:
    """After a replace, contents no version states any more are deleted (with their kind rows)."""
    orphans = select(FactRow.id).where(
        FactRow.report_id == report_id,
        ~select(VersionFactRow.fact_id).where(VersionFactRow.fact_id == FactRow.id).exists(),
    )
    ids = [r[0] for r in conn.execute(orphans)]
    if ids:
        for table in KIND_TABLES.values():
            conn.execute(delete(table).where(table.fact_id.in_(ids)))  # type: ignore[attr-defined]
        conn.execute(delete(FactRow).where(FactRow.id.in_(ids)))


def _differs(path: Path, what: str) -> Problem:
    return Problem(
        "content-differs",
        f"{what} is already loaded with different content; "
        "nothing was changed (use --replace to replace it)",
        file=str(path),
    )
