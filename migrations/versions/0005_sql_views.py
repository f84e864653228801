"""views for SQL and BI users: latest facts per kind, timeline, fact_changes, funding_lineage;
is_latest an integer Datasette's facets can filter

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Datasette's facet link ``?is_latest=1`` binds '1' as text.  ``funding_by_fy.is_latest`` was a
bare CASE expression, which has no type affinity in SQLite, so SQLite compared the integer 1
with the text '1' and found no row.  ``CAST(... AS INTEGER)`` gives the column INTEGER
affinity, and SQLite then converts the bound text to a number before comparing.

The views' SQL is generated here from literal copies of the kind tables' columns and of the
kind registry (value fields, keys) as they are today: a released migration must not change
when kb.domain.kinds or kb.store.models do (fix forward with a new migration).
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# kind -> (table, columns in table order, value fields, key fields, extends (start, end))
KINDS: dict[
    str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, str] | None]
] = {
    "program": (
        "programs",
        ("name", "aliases", "start", "end", "successor_of", "summary"),
        ("name", "aliases", "start", "end", "successor_of"),
        ("name",),
        None,
    ),
    "phase": (
        "phases",
        ("program", "name", "fy_start", "fy_end", "start", "end", "summary"),
        ("program", "name", "fy_start", "fy_end", "start", "end"),
        ("program", "name"),
        None,
    ),
    "appropriation": (
        "appropriations",
        (
            "amount_usd",
            "qualifier",
            "fy_start",
            "fy_end",
            "account",
            "recipient",
            "status",
            "measure",
            "program",
            "purpose",
        ),
        (
            "amount_usd",
            "qualifier",
            "fy_start",
            "fy_end",
            "account",
            "recipient",
            "status",
            "measure",
            "program",
        ),
        ("account", "recipient", "fy_start", "fy_end"),
        ("fy_start", "fy_end"),
    ),
    "designation": (
        "designations",
        ("designee", "count", "designation_type", "agency", "date"),
        ("designee", "count", "designation_type", "agency", "date"),
        ("designation_type", "designee"),
        None,
    ),
    "event": (
        "events",
        ("date", "summary", "actors", "category"),
        ("date", "actors", "category"),
        ("date", "category"),
        None,
    ),
    "measure": (
        "measures",
        ("citation", "title", "measure_type", "congress", "fy", "stage", "accompanies", "date"),
        ("citation", "measure_type", "congress", "fy", "stage", "accompanies", "date"),
        ("citation",),
        None,
    ),
    "condition": (
        "conditions",
        ("measure", "condition_type", "percent", "account", "recipient", "conditioned", "deadline"),
        ("measure", "condition_type", "percent", "account", "recipient", "deadline"),
        ("measure", "condition_type"),
        None,
    ),
    "indicator": (
        "indicators",
        ("name", "value", "unit", "qualifier", "area", "period_start", "period_end"),
        ("name", "value", "unit", "qualifier", "area", "period_start", "period_end"),
        ("name", "area"),
        None,
    ),
}
JSON_COLUMNS = {("programs", "aliases"), ("events", "actors")}

# The funding stages in the order a figure moves through them (lineage order).
STAGES = (
    "requested",
    "house_introduced",
    "senate_introduced",
    "committee_reported",
    "house_passed",
    "senate_passed",
    "appropriated",
    "allocated",
    "estimated",
    "reported",
    "obligated",
)

IS_LATEST = (
    "CAST(CASE WHEN v.date = (SELECT max(v2.date) FROM versions v2 "
    "WHERE v2.report_id = v.report_id) THEN 1 ELSE 0 END AS INTEGER)"
)

# 0004's text (copied, not imported), with is_latest cast; {amount_usd} and {amount_cents}
# are the backend's expressions, as in 0004.
FUNDING_BY_FY_SQL = f"""
CREATE VIEW funding_by_fy AS
SELECT r.number AS report,
       v.date AS version,
       v.id AS version_id,
       {IS_LATEST} AS is_latest,
       y.fy AS fy,
       f.slug AS id,
       a.fy_start, a.fy_end, {{amount_usd}} AS amount_usd, a.qualifier, a.status, a.account,
       a.recipient,
       m.citation AS measure,
       a.measure AS measure_id,
       a.program, a.purpose,
       f.quote,
       {{amount_cents}} AS amount_cents
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN appropriations a ON a.fact_id = f.id
JOIN fiscal_years y ON y.fy BETWEEN a.fy_start AND a.fy_end
LEFT JOIN version_facts mvf ON mvf.version_id = vf.version_id AND mvf.slug = a.measure
LEFT JOIN measures m ON m.fact_id = mvf.fact_id
"""

# The 0004 text, to restore on downgrade.
OLD_FUNDING_BY_FY_SQL = FUNDING_BY_FY_SQL.replace(
    IS_LATEST,
    "CASE WHEN v.date = (SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id)"
    " THEN 1 ELSE 0 END",
)

# On SQLite these columns hold integer units (0004): the views show SQL users the figure
# itself (an integer when whole, a REAL otherwise), as funding_by_fy.amount_usd does.
SCALED = {
    ("appropriations", "amount_usd"): 100,
    ("conditions", "percent"): 10000,
    ("indicators", "value"): 10000,
}


def _shown(table: str, column: str, ref: str, sqlite: bool) -> str:
    units = SCALED.get((table, column))
    if not sqlite or units is None:
        return ref
    # CAST gives the column NUMERIC affinity, so Datasette's text filter ('48000000') compares
    # as a number, as with is_latest
    return (
        f"CAST(CASE WHEN {ref} % {units} = 0 THEN {ref} / {units} "
        f"ELSE {ref} * 1.0 / {units} END AS NUMERIC)"
    )


def _cents(ref: str, sqlite: bool) -> str:
    return ref if sqlite else f"CAST({ref} * 100 AS BIGINT)"


def _q(name: str) -> str:
    return f'"{name}"'


def latest_sql(kind: str, sqlite: bool) -> str:
    table, columns, *_ = KINDS[kind]
    cols = ", ".join(f"{_shown(table, c, f'k.{_q(c)}', sqlite)} AS {_q(c)}" for c in columns)
    return f"""
CREATE VIEW latest_{table} AS
SELECT r.number AS report, v.date AS version, f.slug AS id, {cols}, f.quote, f.note
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN {table} k ON k.fact_id = f.id
WHERE v.date = (SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id)
"""


def precision(column: str) -> str:
    return f"CASE length({column}) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END"


# kind -> (table, date column, label expression over alias k, category expression)
TIMELINE = {
    "event": ("events", "date", 'k."summary"', 'k."category"'),
    "designation": (
        "designations",
        "date",
        """k."designation_type" || ': ' || COALESCE(k."designee",
            CAST(k."count" AS VARCHAR) || ' entities')""",
        "NULL",
    ),
    "measure": ("measures", "date", 'k."citation"', 'k."stage"'),
    "program": ("programs", "start", "k.\"name\" || ' begins'", "NULL"),
    "phase": ("phases", "start", "k.\"name\" || ' begins'", "NULL"),
}


def timeline_sql() -> str:
    parts = []
    for kind, (table, column, label, category) in TIMELINE.items():
        parts.append(
            f"""SELECT r.number AS report, v.date AS version, {IS_LATEST} AS is_latest,
       '{kind}' AS kind, f.slug AS id, k.{_q(column)} AS date,
       {precision(f"k.{_q(column)}")} AS date_precision,
       {label} AS label, {category} AS category, f.quote
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN {table} k ON k.fact_id = f.id
WHERE k.{_q(column)} IS NOT NULL"""
        )
    return "CREATE VIEW timeline AS\n" + "\nUNION ALL\n".join(parts) + "\n"


def _text(table: str, column: str, alias: str) -> str:
    ref = f"{alias}.{_q(column)}"
    # PostgreSQL's json has no equality operator: compare its text
    return f"CAST({ref} AS TEXT)" if (table, column) in JSON_COLUMNS else ref


def _differs(left: str, right: str) -> str:
    """True when the two differ, NULLs included (portable IS DISTINCT FROM)."""
    return f"({left} <> {right} OR ({left} IS NULL) <> ({right} IS NULL))"


def _same(left: str, right: str) -> str:
    return f"({left} = {right} OR ({left} IS NULL AND {right} IS NULL))"


def fact_changes_sql() -> str:
    joins, value_diffs, superseded = [], [], []
    for table, _columns, values, key, extends in KINDS.values():
        a, b = f"a_{table}", f"b_{table}"
        joins.append(f"LEFT JOIN {table} {a} ON {a}.fact_id = ch.before_fact")
        joins.append(f"LEFT JOIN {table} {b} ON {b}.fact_id = ch.after_fact")
        value_diffs += [_differs(_text(table, c, a), _text(table, c, b)) for c in values]
        end = extends[1] if extends else None
        match = [_same(f"kc.{_q(c)}", f"{a}.{_q(c)}") for c in key if c != end]
        if extends:
            first, last = (_q(c) for c in extends)
            match.append(
                f"(kc.{last} = {a}.{last} OR ({a}.{last} > {a}.{first} AND kc.{last} > {a}.{last}))"
            )
        superseded.append(
            f"""EXISTS (SELECT 1 FROM version_facts c JOIN {table} kc ON kc.fact_id = c.fact_id
             WHERE c.version_id = ch.new_version AND c.slug <> ch.slug
               AND {" AND ".join(match)})"""
        )
    return f"""
CREATE VIEW fact_changes AS
WITH pairs AS (
    SELECT v.report_id, p.id AS old_version, p.date AS from_version,
           v.id AS new_version, v.date AS to_version
    FROM versions v
    JOIN versions p ON p.report_id = v.report_id
     AND p.date = (SELECT max(p2.date) FROM versions p2
                   WHERE p2.report_id = v.report_id AND p2.date < v.date)
),
ch AS (
    SELECT pr.*, a.slug, a.fact_id AS before_fact, b.fact_id AS after_fact
    FROM pairs pr
    JOIN version_facts a ON a.version_id = pr.old_version
    LEFT JOIN version_facts b ON b.version_id = pr.new_version AND b.slug = a.slug
    WHERE b.fact_id IS NULL OR b.fact_id <> a.fact_id
    UNION ALL
    SELECT pr.*, b.slug, NULL AS before_fact, b.fact_id AS after_fact
    FROM pairs pr
    JOIN version_facts b ON b.version_id = pr.new_version
    WHERE NOT EXISTS (SELECT 1 FROM version_facts a
                      WHERE a.version_id = pr.old_version AND a.slug = b.slug)
)
SELECT r.number AS report,
       ch.from_version,
       ch.to_version,
       CAST(CASE WHEN ch.to_version = (SELECT max(v2.date) FROM versions v2
                                       WHERE v2.report_id = ch.report_id)
            THEN 1 ELSE 0 END AS INTEGER) AS is_latest,
       COALESCE(fa.kind, fb.kind) AS kind,
       ch.slug AS id,
       CASE WHEN ch.before_fact IS NULL THEN 'added'
            WHEN ch.after_fact IS NULL THEN 'removed'
            WHEN {" OR ".join(value_diffs)} THEN 'revised'
            ELSE 'reworded' END AS change,
       CASE WHEN ch.after_fact IS NOT NULL THEN NULL
            WHEN {" OR ".join(superseded)} THEN 'superseded'
            ELSE 'no longer stated' END AS removal,
       fa.quote AS quote_before,
       fb.quote AS quote_after
FROM ch
JOIN reports r ON r.id = ch.report_id
LEFT JOIN facts fa ON fa.id = ch.before_fact
LEFT JOIN facts fb ON fb.id = ch.after_fact
{chr(10).join(joins)}
"""


FUNDING_LINEAGE_SQL = f"""
CREATE VIEW funding_lineage AS
SELECT a.recipient, a.account, a.fy_start, a.fy_end, a.purpose,
       CAST(CASE a.status {" ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STAGES, 1))}
            END AS INTEGER) AS stage_order,
       a.status, {{amount_usd}} AS amount_usd, a.qualifier,
       r.number AS report, v.date AS version, {IS_LATEST} AS is_latest,
       f.slug AS id, m.citation AS measure, f.quote, {{amount_cents}} AS amount_cents
FROM version_facts vf
JOIN versions v ON v.id = vf.version_id
JOIN reports r ON r.id = v.report_id
JOIN facts f ON f.id = vf.fact_id
JOIN appropriations a ON a.fact_id = f.id
LEFT JOIN version_facts mvf ON mvf.version_id = vf.version_id AND mvf.slug = a.measure
LEFT JOIN measures m ON m.fact_id = mvf.fact_id
"""

NEW_VIEWS = [
    *(f"latest_{table}" for table, *_ in KINDS.values()),
    "timeline",
    "fact_changes",
    "funding_lineage",
]


def _amounts(sqlite: bool) -> dict[str, str]:
    ref = "a.amount_usd"
    return {
        "amount_usd": _shown("appropriations", "amount_usd", ref, sqlite),
        "amount_cents": _cents(ref, sqlite),
    }


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def upgrade() -> None:
    sqlite = _sqlite()
    op.execute("DROP VIEW funding_by_fy")
    op.execute(FUNDING_BY_FY_SQL.format(**_amounts(sqlite)))
    for kind in KINDS:
        op.execute(latest_sql(kind, sqlite))
    op.execute(timeline_sql())
    op.execute(fact_changes_sql())
    op.execute(FUNDING_LINEAGE_SQL.format(**_amounts(sqlite)))


def downgrade() -> None:
    for name in reversed(NEW_VIEWS):
        op.execute(f"DROP VIEW {name}")
    op.execute("DROP VIEW funding_by_fy")
    op.execute(OLD_FUNDING_BY_FY_SQL.format(**_amounts(_sqlite())))
