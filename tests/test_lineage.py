"""`kb funding --lineage` and the funding_lineage view, on the real IF10578 facts, both
backends."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from sqlalchemy import text

from kb.domain.vocabulary import FUNDING_STAGES
from kb.store.engine import make_engine
from tests.conftest import SEEDS

FOLDER = SEEDS / "reports" / "IF10578"
STAGES = list(FUNDING_STAGES)  # the view orders by the vocabulary's list (0008)


def _seed(version: str, fact_id: str) -> dict:
    data = yaml.safe_load((FOLDER / f"{version}.yaml").read_text(encoding="utf-8"))
    return next(f for f in data["facts"] if f["id"] == fact_id)


def _view(url: str, where: str = "1 = 1", **params: object) -> list[dict]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM funding_lineage WHERE {where}"), params)
        # amount_cents is the exact figure kb reads (as amount_usd); SQL users read amount_usd
        out = [{k: v for k, v in r._mapping.items() if k != "amount_cents"} for r in rows]
    engine.dispose()
    return out


def _norm(row: dict) -> tuple:
    """A row as comparable values: the CLI's JSON has text amounts and ISO dates."""
    return tuple(
        (
            k,
            str(Decimal(str(v)).normalize())
            if k == "amount_usd"
            else ""
            if v is None
            else str(int(v))  # reviewed: a boolean in JSON and on PostgreSQL, 0/1 in SQLite
            if isinstance(v, bool) or k == "reviewed"
            else str(v),
        )
        for k, v in sorted(row.items())
    )


def test_mexico_incle_fy2023_estimated_then_reported(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb(
        "funding",
        "--lineage",
        "--recipient",
        "Mexico",
        "--account",
        "INCLE",
        "--fy",
        "2023",
        "--format",
        "json",
        db=shared_url,
    )
    assert result.code == 0, result.err
    rows = [r for r in result.json() if (r["fy_start"], r["fy_end"]) == (2023, 2023)]
    old, new = (
        _seed("2024-10-01", "incle-mexico-fy2023"),
        _seed("2025-08-14", "incle-mexico-fy2023"),
    )
    assert [(r["status"], r["version"], r["id"]) for r in rows] == [
        (old["status"], "2024-10-01", "incle-mexico-fy2023"),
        (new["status"], "2025-08-14", "incle-mexico-fy2023"),
    ]
    assert [r["status"] for r in rows] == ["estimated", "reported"]
    assert [Decimal(r["amount_usd"]) for r in rows] == [old["amount_usd"], new["amount_usd"]]
    table = kb(
        "funding",
        "--lineage",
        "--recipient",
        "Mexico",
        "--account",
        "INCLE",
        "--fy",
        "2023",
        db=shared_url,
    ).out
    flat = " ".join(table.split())
    assert (
        "FY2023 estimated $48 million (IF10578@2024-10-01) -> reported $48 million "
        "(IF10578@2025-08-14)" in flat
    )


def test_fy2024_request_has_no_enacted_figure(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    out = kb(
        "funding",
        "--lineage",
        "--recipient",
        "Mexico",
        "--account",
        "none",
        "--fy",
        "2024",
        db=shared_url,
    ).out
    flat = " ".join(out.split())
    request = _seed("2024-10-01", "fy2024-request-mexico")
    assert request["amount_usd"] == 127_100_000
    assert "FY2024 requested $127.1 million (IF10578@2024-10-01); no enacted figure stated" in flat


@pytest.mark.parametrize(
    "args, where, params",
    [
        ((), "1 = 1", {}),
        (("--fy", "2023"), "fy_start <= :y AND fy_end >= :y", {"y": 2023}),
        (("--recipient", "global"), "recipient = 'global'", {}),
        (("--account", "ESF"), "account IN ('ESF', 'ESF+INCLE')", {}),
        (
            ("--report", "IF10578", "--from", "2024", "--to", "2025"),
            "fy_end >= 2024 AND fy_start <= 2025",
            {},
        ),
    ],
)
def test_command_and_view_agree(shared_url: str, kb, args, where, params) -> None:  # type: ignore[no-untyped-def]
    result = kb("funding", "--lineage", *args, "--format", "json", db=shared_url)
    assert result.code == 0, result.err
    ours = result.json()
    view = _view(shared_url, where, **params)
    assert ours and sorted(map(_norm, ours)) == sorted(map(_norm, view))


def test_stage_order_and_nothing_divided(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    rows = kb("funding", "--lineage", "--format", "json", db=shared_url).json()
    facts = {
        (f["id"], f["version"]): f
        for f in kb("facts", "appropriation", "--format", "json", db=shared_url).json()
    }
    for version in ("2024-10-01", "2025-08-14"):
        for f in kb(
            "facts",
            "appropriation",
            "--at",
            f"IF10578@{version}",
            "--format",
            "json",
            db=shared_url,
        ).json():
            facts[(f["id"], version)] = f
    lines: dict[tuple, list[dict]] = {}
    for row in rows:
        fact = facts[(row["id"], row["version"])]
        # the figure as stated: a multi-year total is never spread or divided
        assert (row["amount_usd"], row["fy_start"], row["fy_end"]) == (
            fact["amount_usd"],
            fact["fy_start"],
            fact["fy_end"],
        )
        assert row["stage_order"] == STAGES.index(row["status"]) + 1
        key = (row["recipient"], row["account"], row["fy_start"], row["fy_end"], row["purpose"])
        lines.setdefault(key, []).append(row)
    for steps in lines.values():
        assert [s["stage_order"] for s in steps] == sorted(s["stage_order"] for s in steps)
    assert len(rows) == len({(r["id"], r["version"]) for r in rows})  # one row per figure
    total = [r for r in rows if r["id"] == "security-assistance-total" and r["fy_end"] == 2023]
    assert len(total) == 1 and total[0]["fy_start"] == 2008


def test_lineage_refuses_options_that_do_not_apply(shared_url: str, kb) -> None:  # type: ignore[no-untyped-def]
    result = kb("funding", "--lineage", "--at", "IF10578@2024-10-01", db=shared_url)
    assert result.code == 2 and "--at" in result.err


def test_the_migration_orders_stages_as_the_vocabulary() -> None:
    """0008 holds a copy of the stage list (a released migration must not change): the two
    agree, and every funding status has a stage."""
    import importlib.util
    import typing

    from kb.domain.vocabulary import FundingStatus
    from kb.store.paths import migrations_dir

    spec = importlib.util.spec_from_file_location(
        "m0008", migrations_dir() / "versions" / "0008_funding_stages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.STAGES == FUNDING_STAGES
    assert set(typing.get_args(FundingStatus)) == set(FUNDING_STAGES)
