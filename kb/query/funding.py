"""Funding by fiscal year: every appropriation fact, once per fiscal year it covers.

A multi-year figure (a total for FY2008-FY2010, an average over FY2015-FY2021) is
listed under each year of its range with that range beside it, never divided.  The
query reads the ``funding_by_fy`` view, so SQL users get the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, or_, select

from kb.domain.problems import KbError
from kb.query.refs import VersionRef, scope
from kb.store.sql_views import funding_by_fy as view

# Statuses that are money Congress provided; others are shown with their status.
ENACTED = frozenset({"appropriated", "allocated", "obligated"})


@dataclass(frozen=True)
class FundingRow:
    report: str
    version: dt.date
    fy: int
    id: str
    fy_start: int
    fy_end: int
    amount_usd: Decimal
    qualifier: str
    status: str
    account: str | None
    recipient: str
    measure: str | None
    program: str | None
    purpose: str | None
    quote: str

    @property
    def single_year(self) -> bool:
        return self.fy_start == self.fy_end

    @property
    def range(self) -> str:
        return f"FY{self.fy_start}" if self.single_year else f"FY{self.fy_start}-FY{self.fy_end}"

    def as_row(self) -> dict[str, Any]:
        # The fields are immutable values: a shallow dict is asdict() without its deep copies
        # (which took as long as the query on a thousand rows).
        row = dict(self.__dict__)
        row["range"] = self.range
        return row


COLUMNS = [
    "report",
    "version",
    "fy",
    "range",
    "id",
    "fy_start",
    "fy_end",
    "amount_usd",
    "qualifier",
    "status",
    "account",
    "recipient",
    "measure",
    "program",
    "purpose",
    "quote",
]


TABLE_COLUMNS = [
    "fy",
    "range",
    "id",
    "amount_usd",
    "qualifier",
    "status",
    "account",
    "recipient",
    "measure",
    "quote",
]


def account_clause(account: str) -> Any:
    """ESF matches ESF and combined figures such as ESF+INCLE."""
    code = account.upper()
    col = view.c.account
    return or_(col == code, col.like(f"{code}+%"), col.like(f"%+{code}"), col.like(f"%+{code}+%"))


def funding(
    conn: Connection,
    *,
    fy: int | None = None,
    fy_from: int | None = None,
    fy_to: int | None = None,
    at: list[str] | None = None,
    report: str | None = None,
    account: str | None = None,
    status: list[str] | None = None,
    recipient: str | None = None,
    exact: bool = False,
    versions: list[VersionRef] | None = None,
) -> list[FundingRow]:
    """Funding rows of the versions named by ``at`` (or given as ``versions``, already
    resolved), one per fiscal year each figure covers, filtered as asked."""
    if fy is not None and (fy_from is not None or fy_to is not None):
        raise KbError("give either --fy or --from/--to, not both")
    if fy is not None:
        fy_from = fy_to = fy
    if fy_from is not None and fy_to is not None and fy_to < fy_from:
        raise KbError(f"--to {fy_to} is before --from {fy_from}")
    versions = scope(conn, at) if versions is None else versions
    if report:
        versions = [v for v in versions if v.report == report.upper()]
        if not versions:
            raise KbError(f"no version of report {report} in scope")
    ids = [v.version_id for v in versions]
    in_scope = view.c.version_id
    if len(ids) > _MANY_VERSIONS and (fy_from is not None or fy_to is not None):
        # Every report's latest version: start from the appropriations whose range covers
        # the years (an index on fy_end), then their memberships, instead of reading every
        # fact of every version.  "+ 0" keeps SQLite from starting at the versions' index
        # (FY2023 over 200 reports x 25 versions x 400 facts: the query took 58 ms, now
        # 13 ms); PostgreSQL plans by its own statistics either way.
        in_scope = in_scope + 0
    query = select(*(view.c[c] for c in _SELECTED)).where(in_scope.in_(ids))
    if fy_from is not None:
        # the second condition is implied by the first; it lets the planner use the index
        query = query.where(view.c.fy >= fy_from, view.c.fy_end >= fy_from)
    if fy_to is not None:
        query = query.where(view.c.fy <= fy_to, view.c.fy_start <= fy_to)
    if account:
        query = query.where(
            view.c.account.is_(None) if account.lower() == "none" else account_clause(account)
        )
    if status:
        query = query.where(view.c.status.in_(status))
    if recipient:
        query = query.where(func.lower(view.c.recipient) == recipient.lower())
    if exact:
        query = query.where(view.c.fy_start == view.c.fy_end)
    query = query.order_by(
        view.c.fy, view.c.report, view.c.version, view.c.amount_usd.desc(), view.c.id
    )
    return [_funding_row(row) for row in conn.execute(query)]


_SELECTED = [c for c in COLUMNS if c != "range"]  # FundingRow's fields, in order
_MANY_VERSIONS = 20


def _funding_row(values: Any) -> FundingRow:
    """FundingRow(**dict(zip(_SELECTED, values))) without the frozen dataclass's __init__,
    which sets each of the 15 fields through object.__setattr__ (a third of the Python
    time of a thousand-row answer)."""
    row = object.__new__(FundingRow)
    row.__dict__.update(zip(_SELECTED, values, strict=True))
    return row


# --- the pivot: fiscal years as rows, accounts as columns -----------------------

NO_ACCOUNT = "no account"


def _amount(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"


def _cell_label(row: FundingRow) -> str:
    text = _amount(row.amount_usd)
    marks = []
    if row.qualifier != "exact":
        marks.append(row.qualifier.replace("_", " "))
    if row.status not in ENACTED:
        marks.append(row.status)
    if row.recipient.lower() != "mexico":
        marks.append(row.recipient)
    return f"{text} ({', '.join(marks)})" if marks else text


# The pivot as data (CSV, JSON, XLSX): one row per figure, and a row with account "total"
# where a year's total is given; the amounts are numbers, qualifier and status columns.
LONG_COLUMNS = ["fy", "account", "amount_usd", "qualifier", "status", "recipient", "id"]


@dataclass(frozen=True)
class PivotYear:
    fy: int
    cells: dict[str, list[FundingRow]]  # pivot column (account or NO_ACCOUNT) -> figures
    total: Decimal | None


@dataclass(frozen=True)
class PivotTable:
    columns: list[str]  # "fy", accounts..., NO_ACCOUNT, "total"
    years: list[PivotYear]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.display_rows()

    def display_rows(self) -> list[dict[str, Any]]:
        """The compact memo form: one line per year, "37,000,000 (reported)" cells."""
        out = []
        for year in self.years:
            line: dict[str, Any] = {"fy": year.fy}
            for key, figures in year.cells.items():
                line[key] = "; ".join(_cell_label(r) for r in figures)
            if year.total is not None:
                line["total"] = _amount(year.total)
            out.append(line)
        return out

    def long_rows(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for year in self.years:
            for key in self.columns:
                for r in year.cells.get(key, []):
                    out.append(
                        {
                            "fy": year.fy,
                            "account": r.account,
                            "amount_usd": r.amount_usd,
                            "qualifier": r.qualifier,
                            "status": r.status,
                            "recipient": r.recipient,
                            "id": r.id,
                        }
                    )
            if year.total is not None:
                out.append(
                    {
                        "fy": year.fy,
                        "account": "total",
                        "amount_usd": year.total,
                        "qualifier": "exact",
                        "status": "appropriated",
                        "recipient": "Mexico",
                        "id": None,
                    }
                )
        return out


def pivot(rows: list[FundingRow]) -> PivotTable:
    """Single-year figures only.  A cell shows its status unless appropriated.

    ``total`` sums a year's account figures only where the sum means something: every
    figure of that year is an appropriated (enacted) amount for Mexico, exact, one per
    account.  Requested, estimated or reported figures of different scope (the report's
    USAID-managed ESF next to INCLE) are never added up into a number the report does not
    give.  Figures without an account (the report's own totals) have their own column and
    are never added to the accounts they already include.
    """
    single = [r for r in rows if r.single_year]
    accounts = sorted({r.account for r in single if r.account})
    has_none = any(r.account is None for r in single)
    columns = ["fy", *accounts, *([NO_ACCOUNT] if has_none else []), "total"]
    by_year: dict[int, list[FundingRow]] = {}
    for row in single:
        by_year.setdefault(row.fy, []).append(row)
    years = []
    for year in sorted(by_year):
        figures = by_year[year]
        cells: dict[str, list[FundingRow]] = {}
        for row in figures:
            cells.setdefault(row.account or NO_ACCOUNT, []).append(row)
        summable = (
            all(
                r.account and r.recipient.lower() == "mexico" and r.qualifier == "exact"
                for r in figures
            )
            and all(r.status in ENACTED for r in figures)
            and len({r.account for r in figures}) == len(figures)
            and len(figures) > 1
        )
        total = sum((r.amount_usd for r in figures), Decimal(0)) if summable else None
        years.append(PivotYear(year, cells, total))
    if not any(y.total is not None for y in years):
        columns.remove("total")
    return PivotTable(columns, years)
