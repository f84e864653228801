"""Funding lineage: every figure kb holds for a recipient, an account and fiscal years,
across versions and reports, in the order a figure moves through its stages.

A line is one recipient, account, range of fiscal years and purpose (an earmarked part of
an account, "$10 million in INCLE for technology to combat human trafficking", is not the
account's figure): a multi-year figure (a total
for FY2008-FY2023, an average over FY2015-FY2021) is its own line with its range, never
divided to fill a year.  The rows come from the ``funding_lineage`` view, so SQL users get
the same answer; the lines group them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from kb.query.filters import Filters
from kb.query.funding import account_clause
from kb.store.sql_views import funding_lineage as view

# The stages before enactment: a line with only these has no enacted figure.
BEFORE_ENACTMENT = frozenset(
    {
        "requested",
        "house_introduced",
        "senate_introduced",
        "committee_reported",
        "house_passed",
        "senate_passed",
        "proposed",
        "authorized",
    }
)

# the view's columns, but amount_cents: kb reads it as the exact amount_usd
COLUMNS = [c.name for c in view.c if c.name != "amount_cents"]


@dataclass(frozen=True)
class LineageStep:
    """One figure as one version states it."""

    stage_order: int
    status: str
    amount_usd: Decimal
    qualifier: str
    report: str
    version: dt.date
    is_latest: int
    id: str
    measure: str | None
    quote: str
    # False: a drafted figure (kb load --accept-draft) nobody has reviewed yet
    reviewed: bool = True

    @property
    def ref(self) -> str:
        return f"{self.report}@{self.version.isoformat()}"


@dataclass(frozen=True)
class LineageLine:
    recipient: str
    account: str | None
    fy_start: int
    fy_end: int
    purpose: str | None  # an earmarked part of an account is a line of its own
    steps: list[LineageStep]

    @property
    def range(self) -> str:
        if self.fy_start == self.fy_end:
            return f"FY{self.fy_start}"
        return f"FY{self.fy_start}-FY{self.fy_end}"

    @property
    def enacted(self) -> bool:
        """Whether any figure of the line is past the request and bill stages."""
        return any(s.status not in BEFORE_ENACTMENT for s in self.steps)

    def rows(self) -> list[dict[str, Any]]:
        """The line's rows, as the funding_lineage view has them."""
        head = {
            "recipient": self.recipient,
            "account": self.account,
            "fy_start": self.fy_start,
            "fy_end": self.fy_end,
            "purpose": self.purpose,
        }
        return [{**head, **s.__dict__} for s in self.steps]


def lineage(
    conn: Connection,
    filters: Filters | None = None,
    *,
    fy: int | None = None,
    fy_from: int | None = None,
    fy_to: int | None = None,
    account: str | None = None,
    recipient: str | None = None,
    report: str | None = None,
) -> list[LineageLine]:
    """The lines whose fiscal years overlap the ones asked for (all lines by default),
    filtered by ``filters`` (kb.query.filters) or the keyword arguments, parsed the same
    way; a recipient, account or report is checked against every version held."""
    if filters is None:
        filters = Filters.parse(
            fy=fy, fy_from=fy_from, fy_to=fy_to, account=account, recipient=recipient,
            report=report,
        )  # fmt: skip
    fy_from, fy_to = filters.years
    account, report = filters.account, filters.report
    filters.check_report(conn)
    filters.check_account(conn)
    recipients = filters.recipients(conn)
    # amount_cents is exact on both backends; the rows keep the view's other columns
    query = select(
        *(c for c in view.c if c.name not in ("amount_usd", "amount_cents")),
        view.c.amount_cents.label("amount_usd"),
    )
    if fy_from is not None:
        query = query.where(view.c.fy_end >= fy_from)
    if fy_to is not None:
        query = query.where(view.c.fy_start <= fy_to)
    if account:
        query = query.where(
            view.c.account.is_(None)
            if account.lower() == "none"
            else account_clause(account, view.c.account)
        )
    if recipients is not None:
        query = query.where(view.c.recipient.in_(recipients))
    if report:
        query = query.where(view.c.report == report)
    query = query.order_by(
        view.c.recipient,
        view.c.account.is_not(None),  # figures without an account (the totals) first
        view.c.account,
        view.c.fy_start,
        view.c.fy_end,
        view.c.purpose.is_not(None),
        view.c.purpose,
        view.c.stage_order,
        view.c.version,
        view.c.report,
        view.c.id,
    )
    lines: list[LineageLine] = []
    for row in conn.execute(query):
        values = row._mapping
        key = tuple(values[k] for k in ("recipient", "account", "fy_start", "fy_end", "purpose"))
        step = LineageStep(**{k: values[k] for k in LineageStep.__dataclass_fields__})
        if not isinstance(step.reviewed, bool):  # SQLite hands back 0/1
            step = dataclasses.replace(step, reviewed=bool(step.reviewed))
        last = lines[-1] if lines else None
        if last and (last.recipient, last.account, last.fy_start, last.fy_end, last.purpose) == key:
            last.steps.append(step)
        else:
            recipient, account, fy_start, fy_end, purpose = key
            lines.append(LineageLine(recipient, account, fy_start, fy_end, purpose, [step]))
    return lines
