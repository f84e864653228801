"""Reading seed folders: report.yaml, and per version a text file and a facts file.

    reports/IF10578/report.yaml       number, type, authors
    reports/IF10578/2024-10-01.txt    the full text of that revision
    reports/IF10578/2024-10-01.yaml   report, version, title, sequence, facts: [...]

Reading validates everything it can and returns every problem it finds, each with
file, fact id and field, so a bad file is reported in full, not one error at a time.
Reading touches no database: it checks values against the store's column limits
(``storage_limits``) but writes nothing; ``load`` does the writing.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kb.domain.dates import parse_version_date
from kb.domain.problems import Problem
from kb.domain.schemas import (
    REVIEW_KEYS,
    UNREVIEWED,
    DraftReview,
    FactBase,
    ReportMeta,
    VersionMeta,
)
from kb.ingest.hashing import fact_sha1, sha1_json, sha1_text
from kb.ingest.progress import Progress
from kb.ingest.seed_files import SeedFileError, read_seed_text
from kb.ingest.storage_limits import storage_problems
from kb.ingest.validate import validate, validate_facts
from kb.ingest.yaml_reader import read_yaml
from kb.store.models import ReportRow, VersionRow

VERSION_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERSION_KEYS = {"report", "version", "title", "sequence", "facts"}
DRAFT_HEADER_KEYS = {"needs", "check"}  # kb draft's marks on a version header


@dataclass
class VersionSeed:
    path: Path
    meta: VersionMeta
    text: str
    facts: list[FactBase]
    fact_sha1: dict[str, str] = field(default_factory=dict)  # id -> content SHA-1
    review: dict[str, str] = field(default_factory=dict)  # id -> kb draft's mark, if any

    @property
    def unreviewed(self) -> list[str]:
        return sorted(i for i, mark in self.review.items() if mark in UNREVIEWED)

    @property
    def text_sha1(self) -> str:
        return sha1_text(self.text)

    @property
    def content_sha1(self) -> str:
        """Equal content (metadata, text, facts) means loading it again is a no-op."""
        content = {
            "meta": self.meta.model_dump(mode="json"),
            "text": self.text_sha1,
            "facts": sorted(self.fact_sha1.values()),
        }
        if self.unreviewed:  # reviewing a loaded draft is a change (load it with --replace)
            content["unreviewed"] = self.unreviewed
        return sha1_json(content)


@dataclass
class ReportSeed:
    path: Path
    meta: ReportMeta
    versions: list[VersionSeed]

    @property
    def meta_sha1(self) -> str:
        return sha1_json(self.meta.model_dump(mode="json"))


# --- finding report folders ---------------------------------------------------


def report_folders(path: Path) -> list[Path]:
    """A report folder, a folder of report folders, or a seeds/ folder with reports/."""
    if _has_report(path):
        return [path]
    base = path / "reports" if (path / "reports").is_dir() else path
    return sorted(p for p in base.iterdir() if _has_report(p)) if base.is_dir() else []


def _has_report(folder: Path) -> bool:
    # lexists: a report.yaml that is a FIFO, a device or a dangling link is still the
    # folder's report file, refused by name when read (is_file() would skip it silently)
    return os.path.lexists(folder / "report.yaml")


def read_path(
    path: Path, progress: Progress | None = None
) -> tuple[list[ReportSeed], list[Problem]]:
    """Every report under ``path`` and every problem found; ``progress("read", done,
    total)`` after each version file (see kb.ingest.progress)."""
    problems: list[Problem] = []
    if not path.exists():
        return [], [Problem("missing-path", "no such file or folder", file=str(path))]
    folders = report_folders(path) if path.is_dir() else []
    if not folders:
        message = "not a report folder (no report.yaml) and no report folders inside"
        return [], [Problem("no-reports", message, file=str(path))]
    reports = []
    step = _counter(progress, sum(len(_version_files(f)) for f in folders))
    with _no_cyclic_gc():
        for folder in folders:
            report = read_report(folder, problems, root=path, step=step)
            if report is not None:
                reports.append(report)
    return reports, problems


def _read_header(
    raw: dict[str, object], path: Path, report: str, problems: list[Problem]
) -> VersionMeta | None:
    file = str(path)
    for key in sorted(set(map(str, raw)) - VERSION_KEYS - DRAFT_HEADER_KEYS):
        problems.append(Problem("unknown-field", f"unknown key {key!r}", file=file, field=key))
    if raw.get("needs"):
        problems.append(_open_needs(raw["needs"], file, None))
        return None
    header = {k: v for k, v in raw.items() if k in VERSION_KEYS - {"facts"}}
    try:
        header["version"] = parse_version_date(header.get("version"))
    except ValueError as exc:
        problems.append(Problem("bad-version-date", str(exc), file=file, field="version"))
        return None
    meta = validate(VersionMeta, header, path, None, problems)
    if meta is None:
        return None
    stored = storage_problems({"title": meta.title, "sequence": meta.sequence}, VersionRow, file)
    if stored:
        problems.extend(stored)
        return None
    if meta.report != report:
        problems.append(
            Problem(
                "report-mismatch",
                f"names report {meta.report}, expected {report}",
                file=file,
                field="report",
            )
        )
    if not VERSION_FILE.match(path.stem) or path.stem != meta.version.isoformat():
        problems.append(
            Problem(
                "version-file-mismatch",
                f"version {meta.version.isoformat()} is in a file named {path.name}",
                file=file,
                field="version",
            )
        )
    return meta


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Reading keeps every fact it builds (millions of dicts and models on a large load),
    and each collection of the cyclic garbage collector walks all of them: with it on,
    reading 200,000 facts took four to seven times as long (36.6 s against 9.4 s).  Reading
    forms next to no cycles (a YAML alias that shares a container is refused; five objects
    were left for the collector after those 200,000 facts): reference counting frees the
    rest, and the collector takes the few when it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _version_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != "report.yaml")


def _counter(progress: Progress | None, total: int) -> Callable[[], None]:
    """A step function that tells ``progress`` how many of ``total`` are done."""
    if progress is None:
        return lambda: None
    done = 0
    progress("read", 0, total)

    def step() -> None:
        nonlocal done
        done += 1
        progress("read", done, total)

    return step


def read_report(
    folder: Path,
    problems: list[Problem],
    root: Path | None = None,
    step: Callable[[], None] | None = None,
) -> ReportSeed | None:
    """A report folder; its files are read only if they lie inside ``root`` (default: the
    folder itself), links followed."""
    root = folder if root is None else root
    meta_path = folder / "report.yaml"
    raw = read_yaml(meta_path, problems, root)
    if raw is None:
        return None
    meta = validate(ReportMeta, raw, meta_path, None, problems)
    if meta is None:
        return None
    stored = storage_problems(meta.model_dump(), ReportRow, str(meta_path))
    if stored:
        problems.extend(stored)
        return None
    if folder.name != meta.number:
        problems.append(
            Problem(
                "report-folder-mismatch",
                f"report {meta.number!r} is in a folder named {folder.name!r}",
                file=str(meta_path),
                field="number",
            )
        )
    versions = []
    for facts_path in _version_files(folder):
        version = read_version(facts_path, meta.number, problems, root)
        if version is not None:
            versions.append(version)
        if step is not None:
            step()
    if not versions and not any(p.file and p.file.startswith(str(folder)) for p in problems):
        problems.append(Problem("no-versions", "report has no version files", file=str(folder)))
    return ReportSeed(folder, meta, sorted(versions, key=lambda v: v.meta.version))


def read_version(
    path: Path, report: str, problems: list[Problem], root: Path | None = None
) -> VersionSeed | None:
    root = path.parent if root is None else root
    raw = read_yaml(path, problems, root)
    if raw is None:
        return None
    file = str(path)
    if not isinstance(raw, dict):
        problems.append(Problem("bad-structure", "a version file is a mapping", file=file))
        return None
    # A bad header is reported with the facts' problems, not instead of them.
    meta = _read_header(raw, path, report, problems)
    text_path = path.with_suffix(".txt")
    try:
        text = read_seed_text(text_path, root)
    except SeedFileError as exc:
        problems.append(Problem(exc.code, str(exc), file=str(text_path)))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            Problem("missing-text", f"cannot read the version text: {exc}", file=str(text_path))
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        message = f"contains a NUL character (\\x00) at line {line}, which cannot be stored"
        problems.append(Problem("bad-character", message, file=str(text_path)))
        return None
    raw_facts = raw.get("facts")
    if not isinstance(raw_facts, list):
        problems.append(
            Problem("bad-structure", "'facts' must be a list", file=file, field="facts")
        )
        return None
    raw_facts, review = _review_marks(raw_facts, file, problems)
    facts = validate_facts(raw_facts, text, file, problems)
    if meta is None:
        return None
    version = VersionSeed(path, meta, text, facts, review=review)
    version.fact_sha1 = {f.id: fact_sha1(f) for f in facts}
    return version


def _review_marks(
    raw_facts: list[object], file: str, problems: list[Problem]
) -> tuple[list[object], dict[str, str]]:
    """kb draft's ``review``/``check``/``was`` keys taken off each fact (validated), by id."""
    marks: dict[str, str] = {}
    out: list[object] = []
    for raw in raw_facts:
        if not isinstance(raw, dict) or not any(k in raw for k in REVIEW_KEYS):
            out.append(raw)
            continue
        fact = {k: v for k, v in raw.items() if k not in REVIEW_KEYS}
        fact_id = str(raw.get("id"))
        extra = {k: raw[k] for k in REVIEW_KEYS if k in raw}
        found = validate(DraftReview, extra, Path(file), fact_id, problems)
        if found is not None:
            marks[fact_id] = found.review
            if found.needs:  # incomplete: not validated (its missing fields are the need)
                problems.append(_open_needs(found.needs, file, fact_id))
                continue
        out.append(fact)
    return out, marks


def _open_needs(needs: object, file: str, fact_id: str | None) -> Problem:
    """A drafted fact (or header) with fields the drafter could not fill: refused, with or
    without --accept-draft, until a reviewer fills them and deletes ``needs``."""
    listed = ", ".join(map(str, needs)) if isinstance(needs, list) else str(needs)
    first = listed.split(",")[0].strip() or None
    return Problem(
        "open-needs",
        f"kb draft could not fill {listed}: write {'them' if ',' in listed else 'it'} from the "
        "text, then delete the 'needs' line (or delete the fact)",
        file=file, fact_id=fact_id, field=first,
    )
