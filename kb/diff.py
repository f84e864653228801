"""What changed between two versions: facts paired by id, computed in SQL.

Pairing, classification (added, removed, changed) and the names of the changed fields
all come from SQL over the stored snapshots; only the facts that differ are read back
into Python, to be shown as objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Connection, Text, case, cast, literal, select, union_all
from sqlalchemy.orm import aliased

from kb.facts import FactRecord, _record, _select_kind, check_kind, kind_columns
from kb.models import KIND_TABLES, FactRow, VersionFactRow
from kb.problems import KbError
from kb.refs import VersionRef, resolve
from kb.schemas import KINDS, FactBase

CHANGES = ("added", "removed", "changed")


@dataclass(frozen=True)
class FactChange:
    change: str  # added, removed, changed
    kind: str
    id: str
    before: FactBase | None
    after: FactBase | None
    fields: list[str] = field(default_factory=list)

    def as_row(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "kind": self.kind,
            "id": self.id,
            "fields": self.fields,
            "before": self.before.model_dump(mode="json") if self.before else None,
            "after": self.after.model_dump(mode="json") if self.after else None,
        }


@dataclass(frozen=True)
class Diff:
    old: VersionRef
    new: VersionRef
    changes: list[FactChange]
    unchanged: dict[str, int]  # kind -> facts identical in both

    def summary(self) -> list[dict[str, Any]]:
        rows = []
        for kind in KINDS:
            counts = {
                c: sum(1 for x in self.changes if x.kind == kind and x.change == c) for c in CHANGES
            }
            same = self.unchanged.get(kind, 0)
            if any(counts.values()) or same:
                rows.append({"kind": kind, **counts, "unchanged": same})
        totals = {c: sum(r[c] for r in rows) for c in (*CHANGES, "unchanged")}
        rows.append({"kind": "total", **totals})
        return rows

    def long_rows(self) -> list[dict[str, Any]]:
        """One row per changed field (added and removed facts get one row each)."""
        out = []
        frm, to = str(self.old), str(self.new)
        for change in self.changes:
            if change.change != "changed":
                fact = change.after or change.before
                assert fact is not None
                out.append(
                    {
                        "change": change.change,
                        "kind": change.kind,
                        "id": change.id,
                        "field": None,
                        "old": None if change.after else _desc(fact),
                        "new": _desc(fact) if change.after else None,
                        "from_version": frm,
                        "to_version": to,
                    }
                )
                continue
            before = change.before.model_dump(mode="json") if change.before else {}
            after = change.after.model_dump(mode="json") if change.after else {}
            for name in change.fields:
                out.append(
                    {
                        "change": "changed",
                        "kind": change.kind,
                        "id": change.id,
                        "field": name,
                        "old": before.get(name),
                        "new": after.get(name),
                        "from_version": frm,
                        "to_version": to,
                    }
                )
        return out


def _desc(fact: FactBase) -> str:
    from kb.describe import describe

    return describe(fact)


def _pairs(conn: Connection, old_id: int, new_id: int) -> list[Any]:
    """(slug, kind, before fact id, after fact id) for every fact that differs."""
    a = (
        select(VersionFactRow.slug, VersionFactRow.fact_id)
        .where(VersionFactRow.version_id == old_id)
        .subquery("a")
    )
    b = (
        select(VersionFactRow.slug, VersionFactRow.fact_id)
        .where(VersionFactRow.version_id == new_id)
        .subquery("b")
    )
    fa, fb = aliased(FactRow), aliased(FactRow)
    removed_or_changed = (
        select(a.c.slug, fa.kind, a.c.fact_id.label("before"), b.c.fact_id.label("after"))
        .join(fa, fa.id == a.c.fact_id)
        .outerjoin(b, b.c.slug == a.c.slug)
        .where(a.c.fact_id.is_distinct_from(b.c.fact_id))
    )
    added = (
        select(b.c.slug, fb.kind, literal(None).label("before"), b.c.fact_id.label("after"))
        .join(fb, fb.id == b.c.fact_id)
        .outerjoin(a, a.c.slug == b.c.slug)
        .where(a.c.slug.is_(None))
    )
    return list(conn.execute(union_all(removed_or_changed, added)))


def _unchanged(conn: Connection, old_id: int, new_id: int) -> dict[str, int]:
    from sqlalchemy import func

    a, b = aliased(VersionFactRow), aliased(VersionFactRow)
    rows = conn.execute(
        select(FactRow.kind, func.count())
        .select_from(a)
        .join(b, (b.slug == a.slug) & (b.fact_id == a.fact_id))
        .join(FactRow, FactRow.id == a.fact_id)
        .where(a.version_id == old_id, b.version_id == new_id)
        .group_by(FactRow.kind)
    )
    return {kind: count for kind, count in rows}


def _changed_fields(
    conn: Connection, kind: str, pairs: list[tuple[int, int]]
) -> dict[int, list[str]]:
    """after fact id -> names of the fields that differ, compared in SQL."""
    if not pairs:
        return {}
    kt = KIND_TABLES[kind].__table__  # type: ignore[attr-defined]
    ka, kb_ = kt.alias("ka"), kt.alias("kb")
    fa, fb = aliased(FactRow), aliased(FactRow)
    names = [c.name for c in kind_columns(kind)]

    def differs(left: Any, right: Any, column: Any) -> Any:
        if isinstance(column.type, JSON):  # PostgreSQL's json has no equality operator
            left, right = cast(left, Text), cast(right, Text)
        return left.is_distinct_from(right)

    flags = [case((differs(ka.c[n], kb_.c[n], kt.c[n]), 1), else_=0).label(n) for n in names] + [
        case((fa.quote != fb.quote, 1), else_=0).label("quote"),
        case((fa.note.is_distinct_from(fb.note), 1), else_=0).label("note"),
    ]
    befores = [p[0] for p in pairs]
    afters = [p[1] for p in pairs]
    query = (
        select(fb.id.label("after_id"), *flags)
        .select_from(fa)
        .join(ka, ka.c.fact_id == fa.id)
        .join(fb, fb.id.in_(afters))
        .join(kb_, kb_.c.fact_id == fb.id)
        .where(fa.id.in_(befores), fa.slug == fb.slug, fa.report_id == fb.report_id)
    )
    result: dict[int, list[str]] = {}
    for row in conn.execute(query):
        mapping = row._mapping
        result[mapping["after_id"]] = [n for n in [*names, "quote", "note"] if mapping[n]]
    return result


def _facts_by_id(conn: Connection, kind: str, ids: list[int]) -> dict[int, FactRecord]:
    if not ids:
        return {}
    query = _select_kind(kind).add_columns(FactRow.id.label("_fid")).where(FactRow.id.in_(ids))
    # A content may be stated by several versions; any one gives the same object.
    out: dict[int, FactRecord] = {}
    for row in conn.execute(query):
        fid = row._mapping["_fid"]
        if fid not in out:
            out[fid] = _record(kind, row)
    return out


def diff_versions(
    conn: Connection,
    old: str,
    new: str,
    kind: str | None = None,
    change: str | None = None,
) -> Diff:
    check_kind(kind)
    if change is not None and change not in CHANGES:
        raise KbError(f"unknown change {change!r}; use added, removed or changed")
    v1, v2 = resolve(conn, old), resolve(conn, new)
    if v1.report != v2.report:
        raise KbError(f"{v1} and {v2} are versions of different reports; ids pair within a report")
    pairs = _pairs(conn, v1.version_id, v2.version_id)
    if kind:
        pairs = [p for p in pairs if p.kind == kind]
    by_kind: dict[str, list[Any]] = {}
    for p in pairs:
        by_kind.setdefault(p.kind, []).append(p)
    changes: list[FactChange] = []
    for k, kind_pairs in by_kind.items():
        ids = [p.before for p in kind_pairs if p.before] + [p.after for p in kind_pairs if p.after]
        facts = _facts_by_id(conn, k, ids)
        fields = _changed_fields(
            conn, k, [(p.before, p.after) for p in kind_pairs if p.before and p.after]
        )
        for p in kind_pairs:
            kind_change = (
                "added" if p.before is None else "removed" if p.after is None else "changed"
            )
            changes.append(
                FactChange(
                    change=kind_change,
                    kind=k,
                    id=p.slug,
                    before=facts[p.before].fact if p.before else None,
                    after=facts[p.after].fact if p.after else None,
                    fields=fields.get(p.after, []) if kind_change == "changed" else [],
                )
            )
    if change:
        changes = [c for c in changes if c.change == change]
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], CHANGES.index(c.change), c.id))
    unchanged = _unchanged(conn, v1.version_id, v2.version_id)
    if kind:
        unchanged = {k: n for k, n in unchanged.items() if k == kind}
    return Diff(v1, v2, changes, unchanged)
