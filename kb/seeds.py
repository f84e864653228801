"""Reading seed folders: report.yaml, and per version a text file and a facts file.

    reports/IF10578/report.yaml       number, type, authors
    reports/IF10578/2024-10-01.txt    the full text of that revision
    reports/IF10578/2024-10-01.yaml   report, version, title, sequence, facts: [...]

Reading validates everything it can and returns every problem it finds, each with
file, fact id and field, so a bad file is reported in full, not one error at a time.
Nothing here touches a database.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import ValidationError
from sqlalchemy import BigInteger, Integer, String

from kb.dates import parse_version_date
from kb.models import KIND_TABLES, FactRow, ReportRow, VersionRow
from kb.problems import Problem
from kb.quotes import QuoteIndex
from kb.schemas import KINDS, FactBase, ReportMeta, VersionMeta

VERSION_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERSION_KEYS = {"report", "version", "title", "sequence", "facts"}


@dataclass
class VersionSeed:
    path: Path
    meta: VersionMeta
    text: str
    facts: list[FactBase]
    fact_sha1: dict[str, str] = field(default_factory=dict)  # id -> content SHA-1

    @property
    def text_sha1(self) -> str:
        return sha1_text(self.text)

    @property
    def content_sha1(self) -> str:
        """Equal content (metadata, text, facts) means loading it again is a no-op."""
        return sha1_json(
            {
                "meta": self.meta.model_dump(mode="json"),
                "text": self.text_sha1,
                "facts": sorted(self.fact_sha1.values()),
            }
        )


@dataclass
class ReportSeed:
    path: Path
    meta: ReportMeta
    versions: list[VersionSeed]

    @property
    def meta_sha1(self) -> str:
        return sha1_json(self.meta.model_dump(mode="json"))


def sha1_text(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def sha1_json(data: Any) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def fact_sha1(fact: FactBase) -> str:
    return sha1_json(fact.model_dump(mode="json"))


# --- YAML --------------------------------------------------------------------

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR_TAG = "tag:yaml.org,2002:str"


class _StrictLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe YAML that refuses duplicate keys instead of silently keeping the last."""

    # Resolving a plain scalar (a key, an enum, a number, a date) runs the implicit
    # resolvers' regular expressions; the same short values recur in every fact, so their
    # tags are remembered.  A SafeLoader has no path resolvers, so a scalar's tag depends
    # on its value alone, and a quoted scalar is always a string.
    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = self._tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= 64 and len(self._tags) < 100_000:
                self._tags[value] = tag
        return tag


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A mapping whose keys are all strings (every mapping kb reads), built in one pass:
    keys compared as they are read, string values taken from their nodes.  Anything else
    (numbers or lists as keys, merge keys) goes through PyYAML's own construction."""
    if not isinstance(node, yaml.MappingNode):
        return _mapping_checked(loader, node)
    mapping: dict[Any, Any] = {}
    construct = loader.construct_object
    for key_node, value_node in node.value:
        if key_node.tag != _STR_TAG or type(key_node) is not yaml.ScalarNode:
            return _mapping_checked(loader, node)
        key = key_node.value
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        if value_node.tag == _STR_TAG and type(value_node) is yaml.ScalarNode:
            mapping[key] = value_node.value  # what construct_yaml_str returns
        else:
            mapping[key] = construct(value_node)  # type: ignore[no-untyped-call]
    return mapping


def _mapping_checked(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:  # a list or mapping as a key: construct_mapping refuses it below
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem("unreadable-file", f"cannot read: {exc}", file=str(path)))
        return None
    try:
        data = yaml.load(raw, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem("yaml-syntax", f"malformed YAML{where}: {problem}", file=str(path)))
        return None
    if data is None:
        problems.append(Problem("empty-file", "the file is empty (or only null)", file=str(path)))
        return None
    # Without an anchor (&name) there can be no alias, so no shared list or mapping.
    if "&" in raw and _shares_containers(data):
        # "billion laughs": a few aliases of aliases expand to millions of items
        problems.append(
            Problem(
                "yaml-alias",
                "a list or mapping is reused through a YAML alias (*name); write it out",
                file=str(path),
            )
        )
        return None
    return data


def _shares_containers(data: Any) -> bool:
    """True when one list or mapping occurs twice in the tree (an alias, or a cycle)."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False


# --- what the database can store ------------------------------------------------

_INT32 = (-(2**31), 2**31 - 1)  # INTEGER on PostgreSQL; SQLite's is wider, but both must agree


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def storage_problems(
    values: dict[str, Any],
    model: Any,
    file: str | None,
    fact_id: str | None = None,
    names: dict[str, str] | None = None,
) -> list[Problem]:
    """Validated values that a backend would refuse (or SQLite keep and PostgreSQL refuse):
    NUL characters, text longer than its column, integers beyond a 32-bit INTEGER."""
    found = []
    columns = model.__table__.columns
    for column_name, value in values.items():
        name = (names or {}).get(column_name, column_name)
        if any("\x00" in text for text in _strings(value)):
            message = "contains a NUL character (\\x00), which cannot be stored"
            found.append(Problem("bad-character", message, file, fact_id, name))
            continue
        column = columns.get(column_name)
        kind = column.type if column is not None else None
        length = getattr(kind, "length", None)
        if isinstance(value, str) and isinstance(kind, String) and length and len(value) > length:
            message = f"is {len(value)} characters long; at most {length} can be stored"
            found.append(Problem("too-long", message, file, fact_id, name))
        elif (
            isinstance(value, int)
            and isinstance(kind, Integer)
            and not isinstance(kind, BigInteger)
            and not _INT32[0] <= value <= _INT32[1]
        ):
            message = f"{value} is out of range (at most {_INT32[1]})"
            found.append(Problem("out-of-range", message, file, fact_id, name))
    return found


@functools.cache
def _limits(model: Any) -> dict[str, tuple[int | None, bool]]:
    """Per column: the longest text it stores (None: no limit), whether it is a 32-bit int."""
    limits = {}
    for column in model.__table__.columns:
        kind = column.type
        length = getattr(kind, "length", None)
        limits[column.name] = (
            length if isinstance(kind, String) and length else None,
            isinstance(kind, Integer) and not isinstance(kind, BigInteger),
        )
    return limits


def _fits(values: dict[str, Any], model: Any) -> bool:
    """True when storage_problems would find nothing; False when it might (then it decides).

    The common case, checked without building Problems: plain strings, ints, decimals,
    None and lists of strings."""
    limits = _limits(model)
    for name, value in values.items():
        kind = type(value)
        if kind is str:
            if "\x00" in value:
                return False
            limit = limits.get(name)
            if limit is not None and limit[0] is not None and len(value) > limit[0]:
                return False
        elif kind is int:
            limit = limits.get(name)
            if limit is not None and limit[1] and not _INT32[0] <= value <= _INT32[1]:
                return False
        elif value is None or kind is Decimal:
            continue
        elif kind is list:
            if not all(type(item) is str and "\x00" not in item for item in value):
                return False
        else:
            return False
    return True


def fact_storage_problems(fact: FactBase, file: str | None) -> list[Problem]:
    common = {"slug": fact.id, "quote": fact.quote, "note": fact.note}
    content = fact.content()
    if _fits(common, FactRow) and _fits(content, KIND_TABLES[fact.kind]):
        return []
    return storage_problems(
        common, FactRow, file, fact.id, names={"slug": "id"}
    ) + storage_problems(content, KIND_TABLES[fact.kind], file, fact.id)


# --- finding report folders ---------------------------------------------------


def report_folders(path: Path) -> list[Path]:
    """A report folder, a folder of report folders, or a seeds/ folder with reports/."""
    if (path / "report.yaml").is_file():
        return [path]
    base = path / "reports" if (path / "reports").is_dir() else path
    return (
        sorted(p for p in base.iterdir() if (p / "report.yaml").is_file()) if base.is_dir() else []
    )


def read_path(path: Path) -> tuple[list[ReportSeed], list[Problem]]:
    problems: list[Problem] = []
    if not path.exists():
        return [], [Problem("missing-path", "no such file or folder", file=str(path))]
    folders = report_folders(path) if path.is_dir() else []
    if not folders:
        message = "not a report folder (no report.yaml) and no report folders inside"
        return [], [Problem("no-reports", message, file=str(path))]
    reports = []
    with _no_cyclic_gc():
        for folder in folders:
            report = read_report(folder, problems)
            if report is not None:
                reports.append(report)
    return reports, problems


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


def read_report(folder: Path, problems: list[Problem]) -> ReportSeed | None:
    meta_path = folder / "report.yaml"
    raw = read_yaml(meta_path, problems)
    if raw is None:
        return None
    meta = _validate(ReportMeta, raw, meta_path, None, problems)
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
    for facts_path in sorted(folder.glob("*.yaml")):
        if facts_path.name == "report.yaml":
            continue
        version = read_version(facts_path, meta.number, problems)
        if version is not None:
            versions.append(version)
    if not versions and not any(p.file and p.file.startswith(str(folder)) for p in problems):
        problems.append(Problem("no-versions", "report has no version files", file=str(folder)))
    return ReportSeed(folder, meta, sorted(versions, key=lambda v: v.meta.version))


def read_version(path: Path, report: str, problems: list[Problem]) -> VersionSeed | None:
    raw = read_yaml(path, problems)
    if raw is None:
        return None
    file = str(path)
    if not isinstance(raw, dict):
        problems.append(Problem("bad-structure", "a version file is a mapping", file=file))
        return None
    for key in sorted(set(map(str, raw)) - VERSION_KEYS):
        problems.append(Problem("unknown-field", f"unknown key {key!r}", file=file, field=key))
    header = {k: v for k, v in raw.items() if k in VERSION_KEYS - {"facts"}}
    try:
        header["version"] = parse_version_date(header.get("version"))
    except ValueError as exc:
        problems.append(Problem("bad-version-date", str(exc), file=file, field="version"))
        return None
    meta = _validate(VersionMeta, header, path, None, problems)
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
    text_path = path.with_suffix(".txt")
    try:
        text = text_path.read_text(encoding="utf-8")
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
    facts = validate_facts(raw_facts, text, file, problems)
    version = VersionSeed(path, meta, text, facts)
    version.fact_sha1 = {f.id: fact_sha1(f) for f in facts}
    return version


def validate_facts(
    raw_facts: Iterable[Any], text: str, file: str, problems: list[Problem]
) -> list[FactBase]:
    """Validate each fact, ids unique, quotes found in the text, references resolved."""
    facts: list[FactBase] = []
    seen: set[str] = set()
    quotes = QuoteIndex(text)
    for index, raw in enumerate(raw_facts):
        if not isinstance(raw, dict):
            problems.append(
                Problem("bad-structure", f"fact #{index + 1} is not a mapping", file=file)
            )
            continue
        raw_id = raw.get("id")
        # a fact is named by its id, or by its position when the id is unusable ("", 5)
        fact_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else f"#{index + 1}"
        kind = raw.get("kind")
        cls = KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            known = ", ".join(KINDS)
            problems.append(
                Problem(
                    "unknown-kind",
                    f"unknown kind {_short(repr(kind))} (known: {known})",
                    file=file,
                    fact_id=fact_id,
                    field="kind",
                )
            )
            continue
        fact = _validate(cls, raw, file, fact_id, problems)
        if fact is None:
            continue
        if fact.id in seen:
            problems.append(
                Problem(
                    "duplicate-id",
                    "id used twice in this version",
                    file=file,
                    fact_id=fact.id,
                    field="id",
                )
            )
            continue
        seen.add(fact.id)
        stored = fact_storage_problems(fact, file)
        if stored:
            problems.extend(stored)
            continue
        if not quotes.contains(fact.quote):
            problems.append(
                Problem(
                    "quote-not-found",
                    f"quote not found in the version text: {_short(fact.quote)}",
                    file=file,
                    fact_id=fact.id,
                    field="quote",
                )
            )
            continue
        facts.append(fact)
    problems.extend(reference_problems(facts, file))
    return facts


def reference_problems(facts: list[FactBase], file: str | None) -> list[Problem]:
    kinds = {f.id: f.kind for f in facts}
    found = []
    for fact in facts:
        for name, wanted in fact.references.items():
            target = getattr(fact, name)
            if target is None:
                continue
            if target not in kinds:
                found.append(
                    Problem(
                        "unresolved-reference",
                        f"names {wanted} {target!r}, which this version does not state",
                        file=file,
                        fact_id=fact.id,
                        field=name,
                    )
                )
            elif kinds[target] != wanted:
                found.append(
                    Problem(
                        "wrong-reference-kind",
                        f"names {target!r}, a {kinds[target]}, where a {wanted} is needed",
                        file=file,
                        fact_id=fact.id,
                        field=name,
                    )
                )
    return found


def _validate(cls: type, raw: Any, path: Path | str, fact_id: str | None, problems: list[Problem]):  # type: ignore[no-untyped-def]
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            # A check over several fields (fy_end before fy_start) has no loc: it names
            # the field it blames through FieldError.
            blamed = getattr((err.get("ctx") or {}).get("error"), "field", None)
            field = ".".join(loc) if loc else blamed
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown field"
            elif err["type"] != "missing" and "input" in err and loc:
                message += f" (got {_short(repr(err['input']))})"
            problems.append(
                Problem(_code(err["type"]), message, file=str(path), fact_id=fact_id, field=field)
            )
        return None


def _code(pydantic_type: str) -> str:
    return {
        "missing": "missing-field",
        "extra_forbidden": "unknown-field",
        "literal_error": "bad-value",
        "value_error": "bad-value",
    }.get(pydantic_type, "bad-" + pydantic_type.split("_")[0])


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
