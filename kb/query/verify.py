"""`kb verify`: every quote is verbatim in its version's text, references resolve, the
database matches the seed files, and each annotated comparison gives back its revisions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from kb.domain.problems import Problem
from kb.domain.refs import version_ref
from kb.domain.schemas import FactBase
from kb.ingest.hashing import fact_sha1, sha1_text
from kb.ingest.quotes import QuoteIndex
from kb.ingest.seed_files import SeedFileError, read_seed_text
from kb.ingest.seed_folders import VersionSeed, read_path, report_folders
from kb.query.facts import facts_in
from kb.query.refs import VersionRef
from kb.store.models import ReportRow, VersionFactRow, VersionRow

_COMPARE = re.compile(r"^compare-(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.annotated\.txt$")


@dataclass
class VerifyReport:
    versions: int = 0
    facts: int = 0
    references: int = 0
    seed_versions: int = 0
    annotations: int = 0
    unreviewed: int = 0  # memberships loaded from drafts with --accept-draft
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        head = "ok" if self.ok else f"{len(self.problems)} problem(s)"
        return (
            f"{head}: {self.facts} quotes found verbatim in {self.versions} version texts, "
            f"{self.references} references resolved, {self.seed_versions} seed versions match "
            f"the database, {self.annotations} annotated comparison(s) round-trip"
        ) + (
            f"; {self.unreviewed} drafted fact(s) not yet reviewed (kb facts --unreviewed)"
            if self.unreviewed
            else ""
        )


def verify(conn: Connection, seeds: Path | None) -> VerifyReport:
    report = VerifyReport()
    stated = _check_database(conn, report)
    report.unreviewed = conn.execute(
        select(func.count()).select_from(VersionFactRow).where(VersionFactRow.reviewed.is_(False))
    ).scalar_one()
    _check_funding_index(conn, report)
    if seeds is not None:
        _check_seeds(conn, seeds, report, stated)
        _check_annotations(seeds, report)
    return report


def _check_funding_index(conn: Connection, report: VerifyReport) -> None:
    """The derived funding table says what the funding_by_fy view says (kb.store.funding_index)."""
    from kb.store.funding_index import differences

    wrong = differences(conn)
    if wrong:
        report.problems.append(
            Problem(
                "funding-index-stale",
                f"funding_latest differs from the funding_by_fy view in {wrong} row(s); "
                "reload the report or run kb.store.funding_index.rebuild",
                file="funding_latest",
            )
        )


def _check_database(conn: Connection, report: VerifyReport) -> dict[int, list[FactBase]]:
    """Checks every stored version; returns its facts by version id (read once, reused)."""
    stated: dict[int, list[FactBase]] = {}
    from kb.ingest.validate import reference_problems

    rows = conn.execute(
        select(
            VersionRow.id, ReportRow.number, VersionRow.date, VersionRow.text, VersionRow.text_sha1
        )
        .join(ReportRow, ReportRow.id == VersionRow.report_id)
        .order_by(ReportRow.number, VersionRow.date)
    )
    for row in rows:
        ref = VersionRef(row.id, row.number, row.date)
        where = str(ref)
        report.versions += 1
        if sha1_text(row.text) != row.text_sha1:
            report.problems.append(
                Problem(
                    "text-sha1", "stored text does not match its SHA-1", file=where, field="text"
                )
            )
        index = QuoteIndex(row.text)
        facts = stated[row.id] = [r.fact for r in facts_in(conn, [ref])]
        for fact in facts:
            report.facts += 1
            if not index.contains(fact.quote):
                report.problems.append(
                    Problem(
                        "quote-not-found",
                        "quote not in the version text",
                        file=where,
                        fact_id=fact.id,
                        field="quote",
                    )
                )
        ref_problems = reference_problems(facts, where)
        report.problems.extend(ref_problems)
        report.references += sum(
            1 for f in facts for name in f.references if getattr(f, name) is not None
        ) - len(ref_problems)
    return stated


def _check_seeds(
    conn: Connection, seeds: Path, report: VerifyReport, stated: dict[int, list[FactBase]]
) -> None:
    reports, problems = read_path(seeds)
    report.problems.extend(problems)
    stored = {
        (r.number, r.date): r
        for r in conn.execute(
            select(ReportRow.number, VersionRow.id, VersionRow.date, VersionRow.text_sha1).join(
                ReportRow, ReportRow.id == VersionRow.report_id
            )
        )
    }
    for seed in reports:
        for version in seed.versions:
            key = (seed.meta.number, version.meta.version)
            ref = version_ref(key[0], key[1])
            if key not in stored:
                report.problems.append(
                    Problem(
                        "seed-not-loaded",
                        f"{ref} is not in the database (run `kb load` on the seeds)",
                        file=str(version.path),
                    )
                )
            elif differences := _differences(stored[key], version, stated):
                report.problems.extend(
                    Problem(
                        "seed-differs",
                        f"{ref}: the database differs from the seed file: "
                        f"{what} (run `kb load --replace`)",
                        file=str(version.path),
                        fact_id=fact_id,
                    )
                    for fact_id, what in differences
                )
            else:
                report.seed_versions += 1


def _differences(
    row: Any, version: VersionSeed, stated: dict[int, list[FactBase]]
) -> list[tuple[str | None, str]]:
    """Compare the stored version with its seed, fact by fact, from the stored values."""
    found: list[tuple[str | None, str]] = []
    if row.text_sha1 != version.text_sha1:
        found.append((None, "the version text differs"))
    stored = {fact.id: fact_sha1(fact) for fact in stated[row.id]}
    for fact_id in sorted(set(stored) | set(version.fact_sha1)):
        if fact_id not in stored:
            found.append((fact_id, "in the seed file, not in the database"))
        elif fact_id not in version.fact_sha1:
            found.append((fact_id, "in the database, not in the seed file"))
        elif stored[fact_id] != version.fact_sha1[fact_id]:
            found.append((fact_id, "stored content differs"))
    return found


def _check_annotations(seeds: Path, report: VerifyReport) -> None:
    from kb.ingest.annotation import (
        NEW,
        OLD,
        AnnotationError,
        revision_text,
        same_ignoring_whitespace,
        strip_markers,
    )

    folders = report_folders(seeds) if seeds.is_dir() else []
    for folder in folders:
        for path in sorted(folder.glob("compare-*.annotated.txt")):
            match = _COMPARE.match(path.name)
            if not match:
                continue
            file = str(path)
            plain_path = path.with_name(path.name.replace(".annotated", ""))
            try:
                annotated = read_seed_text(path, seeds)
                if not same_ignoring_whitespace(
                    strip_markers(annotated), read_seed_text(plain_path, seeds)
                ):
                    report.problems.append(
                        Problem(
                            "annotation-roundtrip",
                            f"removing the markers does not give back {plain_path.name}",
                            file=file,
                        )
                    )
                    continue
                ok = True
                for side, date in ((OLD, match.group(1)), (NEW, match.group(2))):
                    text_path = folder / f"{date}.txt"
                    if revision_text(annotated, side) != read_seed_text(text_path, seeds):
                        ok = False
                        report.problems.append(
                            Problem(
                                "annotation-out-of-sync",
                                f"{text_path.name} differs from the annotation's {side} side "
                                "(run scripts/reconstruct.py)",
                                file=file,
                            )
                        )
            except SeedFileError as exc:
                report.problems.append(Problem(exc.code, str(exc), file=str(exc.path)))
                continue
            except (OSError, UnicodeDecodeError, AnnotationError) as exc:
                report.problems.append(Problem("annotation-error", str(exc), file=file))
                continue
            report.annotations += ok
