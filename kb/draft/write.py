"""Writing a draft as a seed folder: report.yaml (kept or created), DATE.txt, DATE.yaml.

Every fact carries ``review: carried | revised | new``; revised and new facts carry ``check``
(what to look at) and revised ones ``was`` (the reference's values beside the new).  Nothing is
overwritten without ``force``; the files are written to temporary names and renamed, so a
failure leaves no half-written folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kb.domain.problems import KbError
from kb.domain.schemas import ReportMeta
from kb.draft.build import Draft
from kb.ingest.quotes import normalise

_AUTHOR = re.compile(
    r"^(?P<name>[A-Z][\w.'’ -]+), (?P<title>(?:Specialist|Analyst|Senior|Coordinator|Section "
    r"Research Manager)[^\n]*)$",
    re.MULTILINE,
)


class DraftConflict(KbError):
    """The output folder already holds something kb would overwrite."""


@dataclass(frozen=True)
class Written:
    folder: Path
    files: list[Path]
    report_created: bool


def report_meta(number: str, text: str, known: ReportMeta | None) -> dict[str, Any]:
    if known is not None:
        return known.model_dump(mode="json", exclude_defaults=True)
    authors = [
        {"name": m.group("name").strip(), "title": m.group("title").strip()}
        for m in _AUTHOR.finditer(text)
    ] or [{"name": "Congressional Research Service"}]
    kind = {"IF": "In Focus", "IN": "Insight"}.get(number[:2], "Report")
    return {"number": number, "type": kind, "authors": authors}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def facts_document(
    report: str, version: dt.date, title: str | None, draft: Draft
) -> dict[str, Any]:
    facts = []
    for d in draft.facts:
        entry = {k: _plain(v) for k, v in d.fields.items() if v is not None}
        entry["review"] = d.review
        if d.needs:
            entry["needs"] = list(dict.fromkeys(d.needs))
        if d.review != "carried":
            entry["check"] = "; ".join(dict.fromkeys(d.check))
        if d.review == "revised" and d.old:
            entry["was"] = {k: _plain(v) for k, v in d.old.items()}
        facts.append(entry)
    document: dict[str, Any] = {"report": report, "version": version.isoformat(),
                                "title": title}
    if draft.needs:
        document["needs"] = list(draft.needs)
        document["check"] = "; ".join(draft.header_check)
    document["facts"] = facts
    return document


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_draft(
    out: Path,
    report: str,
    version: dt.date,
    title: str | None,
    text: str,
    draft: Draft,
    known_report: ReportMeta | None,
    force: bool = False,
    source: str = "",
) -> Written:
    folder = Path(out) / report
    text_path = folder / f"{version.isoformat()}.txt"
    facts_path = folder / f"{version.isoformat()}.yaml"
    meta_path = folder / "report.yaml"
    check_target(folder, report, version, text, force, source)
    files: dict[Path, str] = {
        text_path: text,
        facts_path: dump(facts_document(report, version, title, draft)),
    }
    created = not meta_path.exists()
    if created:
        files[meta_path] = dump(report_meta(report, text, known_report))
    folder.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return Written(folder, list(files), created)


def check_target(
    folder: Path, report: str, version: dt.date, text: str, force: bool, source: str
) -> None:
    """Refuse (without ``force``) to overwrite a version's files; say what they hold."""
    meta_path = folder / "report.yaml"
    if meta_path.exists():
        try:
            number = (yaml.safe_load(meta_path.read_text("utf-8")) or {}).get("number")
        except (yaml.YAMLError, OSError, AttributeError):
            number = None
        if number != report:
            raise DraftConflict(
                f"{source}: {meta_path} is report {number!r}, not {report}; "
                "choose another output folder"
            )
    if force:
        return
    text_path = folder / f"{version.isoformat()}.txt"
    facts_path = folder / f"{version.isoformat()}.yaml"
    if text_path.exists():
        same = normalise(text_path.read_text("utf-8", errors="replace")) == normalise(text)
        what = (
            "the same text (and perhaps your review)"
            if same
            else "a different version under the same date"
        )
        raise DraftConflict(
            f"{source}: {text_path} already holds {what}; nothing was written "
            "(pass --force to overwrite)"
        )
    if facts_path.exists():
        raise DraftConflict(
            f"{source}: {facts_path} exists; nothing was written (pass --force to overwrite)"
        )
