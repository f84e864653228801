"""What changed between two versions: facts paired by id, computed in SQL.

Pairing, classification (added, removed, changed) and the names of the changed fields
all come from SQL over the stored snapshots; only the facts that differ are read back
into Python, to be shown as objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Text,
    and_,
    bindparam,
    cast,
    func,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from kb.domain.problems import KbError
from kb.domain.schemas import KINDS, FactBase
from kb.query.facts import check_kind, kind_columns
from kb.query.refs import VersionRef, resolve
from kb.store.models import KIND_TABLES, FactRow, VersionFactRow

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
            "before": self.before.model_dump() if self.before else None,
            "after": self.after.model_dump() if self.after else None,
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
            before = change.before.model_dump() if change.before else {}
            after = change.after.model_dump() if change.after else {}
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
    from kb.domain.describe import describe

    return describe(fact)


# The whole diff is two statements, built once per process: one returns every fact that
# differs, both of its contents side by side and a flag per field; the other counts the
# unchanged facts per kind.  A diff of two 400-fact versions is a few milliseconds, most of
# it SQLAlchemy's per-statement overhead, so the number of statements is what matters.
_STATEMENTS: dict[str, Any] = {}
# kind -> [(field name, before column index, after column index, flag column index)]
_LAYOUT: dict[str, list[tuple[str, int, int, int]]] = {}


def _differing_statement(by_kind: bool) -> Any:
    """(slug, kind, before id, after id, contents of both sides, changed-field flags) for
    every id whose content differs between versions :old and :new (optionally of :kind)."""
    key = "differing-kind" if by_kind else "differing"
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    old, new = bindparam("old"), bindparam("new")
    a, b = aliased(VersionFactRow, name="a"), aliased(VersionFactRow, name="b")
    removed_or_changed = (
        select(a.slug.label("slug"), a.fact_id.label("before"), b.fact_id.label("after"))
        .select_from(a)
        .outerjoin(b, and_(b.version_id == new, b.slug == a.slug))
        .where(a.version_id == old, a.fact_id.is_distinct_from(b.fact_id))
    )
    added = (
        select(b.slug.label("slug"), null().label("before"), b.fact_id.label("after"))
        .select_from(b)
        .outerjoin(a, and_(a.version_id == old, a.slug == b.slug))
        .where(b.version_id == new, a.slug.is_(None))
    )
    pairs = union_all(removed_or_changed, added).subquery("p")
    fa, fb = aliased(FactRow, name="fa"), aliased(FactRow, name="fb")
    kind = func.coalesce(fa.kind, fb.kind)
    columns: list[Any] = [
        pairs.c.slug,
        kind.label("kind"),
        pairs.c.before,
        pairs.c.after,
        fa.quote.label("a_quote"),
        fb.quote.label("b_quote"),
        (fa.quote != fb.quote).label("f_quote"),
        fa.note.label("a_note"),
        fb.note.label("b_note"),
        fa.note.is_distinct_from(fb.note).label("f_note"),
    ]
    joined = pairs.outerjoin(fa, fa.id == pairs.c.before).outerjoin(fb, fb.id == pairs.c.after)
    layout: dict[str, list[tuple[str, int, int, int]]] = {}
    for name in KINDS:
        table = KIND_TABLES[name].__table__  # type: ignore[attr-defined]
        ka, kb_ = table.alias(f"a_{name}"), table.alias(f"b_{name}")
        joined = joined.outerjoin(ka, ka.c.fact_id == pairs.c.before).outerjoin(
            kb_, kb_.c.fact_id == pairs.c.after
        )
        fields = []
        for column in kind_columns(name):
            n = column.name
            left, right = ka.c[n], kb_.c[n]
            if isinstance(column.type, JSON):  # PostgreSQL's json has no equality operator
                left, right = cast(left, Text), cast(right, Text)
            at = len(columns)
            columns += [
                ka.c[n].label(f"a_{name}_{n}"),
                kb_.c[n].label(f"b_{name}_{n}"),
                left.is_distinct_from(right).label(f"f_{name}_{n}"),
            ]
            fields.append((n, at, at + 1, at + 2))
        layout[name] = [*fields, ("quote", 4, 5, 6), ("note", 7, 8, 9)]
    statement = select(*columns).select_from(joined)
    if by_kind:
        statement = statement.where(kind == bindparam("kind"))
    _LAYOUT.update(layout)
    _STATEMENTS[key] = statement
    return statement


def _unchanged_statement() -> Any:
    if "unchanged" not in _STATEMENTS:
        a, b = aliased(VersionFactRow), aliased(VersionFactRow)
        _STATEMENTS["unchanged"] = (
            select(FactRow.kind, func.count())
            .select_from(a)
            .join(b, (b.slug == a.slug) & (b.fact_id == a.fact_id))
            .join(FactRow, FactRow.id == a.fact_id)
            .where(a.version_id == bindparam("old"), b.version_id == bindparam("new"))
            .group_by(FactRow.kind)
        )
    return _STATEMENTS["unchanged"]


def _fact(kind: str, slug: str, row: Any, side: int) -> FactBase:
    """The fact object of one side (0 before, 1 after) of a row of the differing statement."""
    values = {name: row[place[side]] for name, *place in _LAYOUT[kind]}
    # stored facts were validated on load
    return KINDS[kind].model_construct(id=slug, kind=kind, **values)


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
    params: dict[str, Any] = {"old": v1.version_id, "new": v2.version_id}
    if kind:
        params["kind"] = kind
    changes: list[FactChange] = []
    for row in conn.execute(_differing_statement(bool(kind)), params):
        slug, k, before_id, after_id = row[0], row[1], row[2], row[3]
        kind_change = "added" if before_id is None else "removed" if after_id is None else "changed"
        if change and kind_change != change:
            continue
        changes.append(
            FactChange(
                change=kind_change,
                kind=k,
                id=slug,
                before=None if before_id is None else _fact(k, slug, row, 0),
                after=None if after_id is None else _fact(k, slug, row, 1),
                fields=[name for name, _, _, flag in _LAYOUT[k] if row[flag]]
                if kind_change == "changed"
                else [],
            )
        )
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], CHANGES.index(c.change), c.id))
    unchanged = {
        k: n for k, n in conn.execute(_unchanged_statement(), params) if not kind or k == kind
    }
    return Diff(v1, v2, changes, unchanged)
