"""What changed between two versions: facts paired by id, computed in SQL.

Pairing, classification (added, removed, revised, reworded), the names of the changed
fields and the facts that supersede a removed one all come from SQL over the stored
snapshots; only the facts that differ are read back into Python, to be shown as objects.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from kb.domain.kinds import KIND_SPECS
from kb.domain.kinds import spec as kind_spec
from kb.domain.problems import KbError, UsageError
from kb.domain.schemas import KINDS, FactBase
from kb.query.facts import facts_in, kind_columns
from kb.query.filters import check_kind
from kb.query.refs import VersionRef, resolve
from kb.store.models import KIND_TABLES, FactRow, VersionFactRow

# The change kinds of the interface contract: a changed fact is "revised" when a value field
# changed and "reworded" when only its wording did (the kind registry says which is which).
# The columns of a diff row (FactChange.as_row) in CSV, JSON and XLSX: `kb diff` and the
# web's downloads alike.
DIFF_COLUMNS = [
    "change",
    "kind",
    "id",
    "fields",
    "removal",
    "superseded_by",
    "reason",
    "before",
    "after",
]

CHANGES = ("added", "removed", "revised", "reworded", "unchanged")
REMOVALS = ("superseded", "no longer stated")


@dataclass(frozen=True)
class FactChange:
    change: str  # added, removed, revised, reworded
    kind: str
    id: str
    before: FactBase | None
    after: FactBase | None
    fields: list[str] = field(default_factory=list)
    # removed facts: "superseded" (by the stated facts of the same kind and key named in
    # superseded_by) or "no longer stated"
    removal: str | None = None
    superseded_by: list[str] = field(default_factory=list)
    # why a removed fact is superseded or no longer stated, in words
    reason: str | None = None

    def as_row(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "kind": self.kind,
            "id": self.id,
            "fields": self.fields,
            "removal": self.removal,
            "superseded_by": self.superseded_by,
            "reason": self.reason,
            "before": self.before.model_dump() if self.before else None,
            "after": self.after.model_dump() if self.after else None,
        }


@dataclass(frozen=True)
class Diff:
    old: VersionRef
    new: VersionRef
    changes: list[FactChange]
    unchanged: dict[str, int]  # kind -> facts identical in both (or differing only in ignored)

    def counts(self) -> dict[str, int]:
        out = {c: sum(1 for x in self.changes if x.change == c) for c in CHANGES}
        out["unchanged"] = sum(self.unchanged.values())
        return out

    def summary(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for kind in KINDS:
            counts = {
                c: sum(1 for x in self.changes if x.kind == kind and x.change == c) for c in CHANGES
            }
            counts["unchanged"] = self.unchanged.get(kind, 0)
            if any(counts.values()):
                rows.append({"kind": kind, **counts})
        totals = {c: sum(r[c] for r in rows) for c in CHANGES}
        rows.append({"kind": "total", **totals})
        return rows

    def long_rows(self) -> list[dict[str, Any]]:
        """One row per changed field (added and removed facts get one row each)."""
        out = []
        frm, to = str(self.old), str(self.new)
        for change in self.changes:
            if change.change in ("added", "removed"):
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
                        "removal": change.removal,
                        "superseded_by": change.superseded_by,
                        "reason": change.reason,
                    }
                )
                continue
            before = change.before.model_dump() if change.before else {}
            after = change.after.model_dump() if change.after else {}
            for name in change.fields:
                out.append(
                    {
                        "change": change.change,
                        "kind": change.kind,
                        "id": change.id,
                        "field": name,
                        "old": before.get(name),
                        "new": after.get(name),
                        "from_version": frm,
                        "to_version": to,
                        "removal": None,
                        "superseded_by": [],
                        "reason": None,
                    }
                )
        return out


def _desc(fact: FactBase) -> str:
    from kb.domain.describe import describe

    return describe(fact)


# The whole diff is three statements, built once per process (and per set of ignored
# fields): one returns every fact that differs, both of its contents side by side, the
# names of its changed fields and the change kind; one counts the unchanged facts per kind;
# one pairs each removed fact with the stated facts that supersede it.  A diff of two
# 400-fact versions is a few milliseconds, most of it SQLAlchemy's per-statement overhead,
# so the number of statements is what matters.
_STATEMENTS: dict[Any, Any] = {}
# kind -> [(field name, before column index, after column index)]
_LAYOUT: dict[str, list[tuple[str, int, int]]] = {}
CHANGE_COLUMN = 4  # the index of the change kind in a row of the differing statement
FIELDS_COLUMN = 5  # the changed fields' names, comma-separated, in the kind's order


def _any(flags: list[Any]) -> Any:
    return or_(*flags) if flags else false()


def _names_where(flags: list[tuple[str, Any]]) -> Any:
    """'a,b' for the names whose flag is true: one text column instead of a column per field
    of every kind (those flag columns were half the time of a 10,000-fact diff)."""
    parts: list[ColumnElement[str]] = [case((flag, f"{name},"), else_="") for name, flag in flags]
    if not parts:
        return literal("", Text)
    return functools.reduce(lambda x, y: x.concat(y), parts)


def _differing_statement(
    by_kind: bool, ignore: frozenset[str] = frozenset(), by_slug: bool = False
) -> Any:
    """(slug, kind, before id, after id, change, changed fields, contents of both sides)
    for every id whose content differs between versions :old and :new (optionally of :kind,
    or only the fact :slug).

    The change is classified here, per kind: "revised" when a value field of the kind
    differs, "reworded" when only wording fields do, "unchanged" when only ``ignore``d fields
    do; the changed fields are those not ignored, named in the kind's order."""
    key = ("differing", by_kind, ignore, by_slug)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    old, new = bindparam("old", type_=Integer), bindparam("new", type_=Integer)
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
    common = [
        (n, f)
        for n, f in (("quote", fa.quote != fb.quote), ("note", fa.note.is_distinct_from(fb.note)))
        if n not in ignore
    ]
    columns: list[Any] = [
        pairs.c.slug,
        kind.label("kind"),
        pairs.c.before,
        pairs.c.after,
        None,  # the change, built below from the flags
        None,  # the changed fields, likewise
        fa.quote.label("a_quote"),
        fb.quote.label("b_quote"),
        fa.note.label("a_note"),
        fb.note.label("b_note"),
    ]
    joined = pairs.outerjoin(fa, fa.id == pairs.c.before).outerjoin(fb, fb.id == pairs.c.after)
    layout: dict[str, list[tuple[str, int, int]]] = {}
    # kind -> its classification and its changed fields' names (a simple CASE on the kind)
    classify: dict[str, Any] = {}
    named: dict[str, Any] = {}
    for name in KINDS:
        spec = kind_spec(name)
        table = KIND_TABLES[name].__table__
        ka, kb_ = table.alias(f"a_{name}"), table.alias(f"b_{name}")
        joined = joined.outerjoin(ka, ka.c.fact_id == pairs.c.before).outerjoin(
            kb_, kb_.c.fact_id == pairs.c.after
        )
        fields, flags = [], []
        for column in kind_columns(name):
            n = column.name
            left, right = ka.c[n], kb_.c[n]
            if isinstance(column.type, JSON):  # PostgreSQL's json has no equality operator
                left, right = cast(left, Text), cast(right, Text)
            if n not in ignore:
                flags.append((n, left.is_distinct_from(right)))
            at = len(columns)
            columns += [ka.c[n].label(f"a_{name}_{n}"), kb_.c[n].label(f"b_{name}_{n}")]
            fields.append((n, at, at + 1))
        layout[name] = [*fields, ("quote", 6, 7), ("note", 8, 9)]
        value = [f for n, f in flags if n not in spec.wording_fields]
        wording = [f for n, f in flags if n in spec.wording_fields] + [f for _, f in common]
        classify[name] = case(
            (_any(value), "revised"), (_any(wording), "reworded"), else_="unchanged"
        )
        named[name] = _names_where([*flags, *common])
    columns[CHANGE_COLUMN] = case(
        (pairs.c.before.is_(None), "added"),
        (pairs.c.after.is_(None), "removed"),
        else_=case(classify, value=kind, else_="unchanged"),
    ).label("change")
    both = and_(pairs.c.before.is_not(None), pairs.c.after.is_not(None))
    fields_changed = case(named, value=kind, else_="")
    columns[FIELDS_COLUMN] = case((both, fields_changed), else_="").label("fields")
    statement = select(*columns).select_from(joined)
    if by_kind:
        statement = statement.where(kind == bindparam("kind"))
    if by_slug:
        statement = statement.where(pairs.c.slug == bindparam("slug"))
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


def _superseding_statement() -> Any:
    """(removed id, superseding id): each fact of :old that :new no longer states, with each
    fact :new states under another id of the same kind and key (the registry's ``key``;
    its ``extends`` end may be later for a running figure)."""
    if "superseding" in _STATEMENTS:
        return _STATEMENTS["superseding"]
    old, new = bindparam("old", type_=Integer), bindparam("new", type_=Integer)
    # The facts of :old that :new no longer states, of every kind, found once (a version's
    # ids against the other's, on the (version_id, slug) index) and then joined to each kind
    # table by its primary key: found again per kind, through each kind table, they were
    # two thirds of a 10,000-fact diff.
    a, b = aliased(VersionFactRow, name="a"), aliased(VersionFactRow, name="b")
    gone_ids = (
        select(a.slug.label("slug"), a.fact_id.label("fact_id"))
        .where(
            a.version_id == old,
            ~select(b.slug).where(b.version_id == new, b.slug == a.slug).exists(),
        )
        .cte("gone")
        .prefix_with("MATERIALIZED")
    )
    parts = []
    for name in KINDS:
        spec = kind_spec(name)
        if not spec.key:
            continue
        table = KIND_TABLES[name].__table__
        c = aliased(VersionFactRow, name="c")
        ka, kc = table.alias("ka"), table.alias("kc")
        fields = list(dict.fromkeys([*spec.key, *(spec.extends or ())]))
        gone = (
            select(gone_ids.c.slug.label("slug"), *(ka.c[f] for f in fields))
            .select_from(gone_ids)
            .join(ka, ka.c.fact_id == gone_ids.c.fact_id)
            .cte(f"gone_{name}")
            .prefix_with("MATERIALIZED")
        )
        # :new's side is a version's facts, materialised first: joined in one statement, the
        # planners started from the whole kind table (SQLite built an automatic index over it
        # on every call: 25 ms a diff over 2M memberships instead of 2 ms).
        now = (
            select(c.slug.label("slug"), *(kc.c[f] for f in fields))
            .select_from(c)
            .join(kc, kc.c.fact_id == c.fact_id)
            .where(c.version_id == new)
            .cte(f"now_{name}")
            .prefix_with("MATERIALIZED")
        )
        end = spec.extends[1] if spec.extends else None
        match = [now.c[f].is_not_distinct_from(gone.c[f]) for f in spec.key if f != end]
        if spec.extends:
            first, last = spec.extends
            match.append(
                or_(
                    now.c[last] == gone.c[last],
                    and_(gone.c[last] > gone.c[first], now.c[last] > gone.c[last]),
                )
            )
        parts.append(
            select(gone.c.slug.label("removed"), now.c.slug.label("by"))
            .select_from(gone)
            .join(now, and_(now.c.slug != gone.c.slug, *match))
        )
    statement = union_all(*parts)
    _STATEMENTS["superseding"] = statement
    return statement


def superseding(conn: Connection, old: VersionRef, new: VersionRef) -> dict[str, list[str]]:
    """Removed id -> the ids of :new that supersede it (ids with none are left out)."""
    out: dict[str, list[str]] = {}
    params = {"old": old.version_id, "new": new.version_id}
    for removed, by in conn.execute(_superseding_statement(), params):
        out.setdefault(removed, []).append(by)
    return {k: sorted(v) for k, v in out.items()}


def _changed_fields(row: Any) -> list[str]:
    """The names of the fields SQL found changed (the kind's fields, quote, note)."""
    return row[FIELDS_COLUMN].split(",")[:-1] if row[FIELDS_COLUMN] else []


def changed_fields(conn: Connection, old: int, new: int, slug: str) -> list[str]:
    """The fields of fact ``slug`` that differ between two versions (by id) of its report:
    the same SQL as the diff, so `kb history` and `kb diff` name the same fields."""
    params = {"old": old, "new": new, "slug": slug}
    row = conn.execute(_differing_statement(False, by_slug=True), params).first()
    if row is None or row[2] is None or row[3] is None:
        return []
    return _changed_fields(row)


def _fact(kind: str, slug: str, row: Any, side: int) -> FactBase:
    """The fact object of one side (0 before, 1 after) of a row of the differing statement."""
    values = {name: row[place[side]] for name, *place in _LAYOUT[kind]}
    # stored facts were validated on load
    return KINDS[kind].model_construct(id=slug, kind=kind, **values)


def key_text(fact: FactBase) -> str:
    """The registry's key of a fact, in words: "ESF, Mexico, FY2024"."""
    key = kind_spec(fact.kind)
    parts = []
    for name in key.key:
        if key.extends and name in key.extends:
            if name == key.extends[0]:
                first, last = (getattr(fact, n) for n in key.extends)
                parts.append(f"FY{first}" if first == last else f"FY{first}-FY{last}")
            continue
        value = getattr(fact, name)
        parts.append(f"{name.replace('_', ' ')} {value if value is not None else 'none'}")
    return ", ".join(parts)


def _reason(kind: str, fact: FactBase, by: list[str], new: VersionRef) -> str:
    what = key_text(fact)
    if by:
        return f"{new} states {', '.join(by)} for the same {what}"
    extends = kind_spec(kind).extends
    first, last = (getattr(fact, n) for n in extends) if extends else (None, None)
    later = f" (nor one from FY{first} to a later year)" if first != last else ""
    return f"{new} states no other {kind} for {what}{later}"


def check_ignored(ignore: list[str] | None) -> frozenset[str]:
    """The field names to ignore; a name no kind has is a usage error."""
    names = frozenset(n.strip() for n in ignore or [] if n.strip())
    known = {"quote", "note"} | {f for s in KIND_SPECS.values() for f in s.fields}
    unknown = sorted(names - known)
    if unknown:
        raise KbError(
            f"unknown field {', '.join(unknown)} in --ignore-fields; "
            f"fields: {', '.join(sorted(known))}"
        )
    return names


def diff_versions(
    conn: Connection,
    old: str,
    new: str,
    kind: str | None = None,
    change: str | None = None,
    ignore: list[str] | None = None,
) -> Diff:
    """The facts of ``new`` against those of ``old``, paired by id and classified in SQL.

    ``ignore`` names fields (quote, note, ...) whose differences do not count: a fact that
    differs only there is unchanged, as csv-diff's --ignore has it."""
    check_kind(kind)
    if change is not None and change not in CHANGES:
        raise UsageError(
            f"unknown change {change!r}; use {', '.join(CHANGES)}", parameter="change"
        )
    ignored = check_ignored(ignore)
    v1, v2 = resolve(conn, old), resolve(conn, new)
    if v1.report != v2.report:
        raise UsageError(
            f"{v1} and {v2} are versions of different reports; ids pair within a report"
        )
    params: dict[str, Any] = {"old": v1.version_id, "new": v2.version_id}
    if kind:
        params["kind"] = kind
    changes: list[FactChange] = []
    unchanged = {
        k: n for k, n in conn.execute(_unchanged_statement(), params) if not kind or k == kind
    }
    rows = conn.execute(_differing_statement(bool(kind), ignored), params).all()
    replaced = superseding(conn, v1, v2) if any(r[CHANGE_COLUMN] == "removed" for r in rows) else {}
    for row in rows:
        slug, k, before_id, after_id, kind_change = row[0], row[1], row[2], row[3], row[4]
        if kind_change == "unchanged":  # differs only in ignored fields
            unchanged[k] = unchanged.get(k, 0) + 1
            if change != "unchanged":
                continue
        if change and kind_change != change:
            continue
        by = replaced.get(slug, []) if kind_change == "removed" else []
        before = None if before_id is None else _fact(k, slug, row, 0)
        changes.append(
            FactChange(
                change=kind_change,
                kind=k,
                id=slug,
                before=before,
                after=None if after_id is None else _fact(k, slug, row, 1),
                fields=_changed_fields(row),
                removal=("superseded" if by else "no longer stated")
                if kind_change == "removed"
                else None,
                superseded_by=by,
                reason=_reason(k, before, by, v2)
                if before is not None and kind_change == "removed"
                else None,
            )
        )
    if change == "unchanged":  # asked for: the facts both versions state alike, listed too
        changes += _same_facts(conn, v1, v2, kind)
    order = {k: i for i, k in enumerate(KINDS)}
    changes.sort(key=lambda c: (order[c.kind], CHANGES.index(c.change), c.id))
    return Diff(v1, v2, changes, unchanged)


def _same_facts(
    conn: Connection, old: VersionRef, new: VersionRef, kind: str | None
) -> list[FactChange]:
    """The facts whose content is the same in both versions (one stored row for both)."""
    a, b = aliased(VersionFactRow), aliased(VersionFactRow)
    slugs = conn.execute(
        select(a.slug)
        .join(b, (b.slug == a.slug) & (b.fact_id == a.fact_id))
        .where(a.version_id == old.version_id, b.version_id == new.version_id)
    ).scalars()
    records = facts_in(conn, [new], kind=kind, ids=list(slugs))
    return [FactChange("unchanged", r.fact.kind, r.fact.id, r.fact, r.fact) for r in records]
