"""Funding: the `kb funding` filters as a form, the rows, the by-year pivot, the chart."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kb import ENACTED, STATUSES, BadArgument, Filters, FundingRow, pivot
from kb import FUNDING_COLUMNS as COLUMNS
from kb import PIVOT_COLUMNS as LONG_COLUMNS
from kb import funding as query
from kb.web import params as p
from kb.web.data import rendered
from kb.web.db import snapshot
from kb.web.pages import engine_of, page, param_scope, version_choices

# Rows per page: a browser shows 500 quoted figures comfortably; the pivot, the chart and
# the CSV/JSON always cover every row.
PAGE_ROWS = 500
_PLOT_LOCK = threading.Lock()  # pyplot keeps global state: one chart at a time


# library field -> the URL parameter a page takes for it (kb.web.app.WEB_PARAMETERS too)
_PARAMETERS = [
    ("fy", "fy"),
    ("fy_from", "from"),
    ("fy_to", "to"),
    ("at", "at"),
    ("account", "account"),
    ("status", "status"),
    ("recipient", "recipient"),
    ("exact", "exact"),
]


def filters(request: Request) -> Filters:
    """The form's values, parsed and checked by the library as the CLI's flags are."""
    q = request.query_params
    return Filters.parse(
        fy=p.text(q, "fy"),
        fy_from=p.text(q, "from"),
        fy_to=p.text(q, "to"),
        at=p.text(q, "at"),
        account=p.text(q, "account"),
        status=p.texts(q, "status"),
        recipient=p.text(q, "recipient"),
        exact=p.flag(q, "exact"),
    )


def query_items(f: Filters) -> list[tuple[str, Any]]:
    """The filters as URL parameters, for links to the same rows (CSV, JSON, pages)."""
    items: list[tuple[str, Any]] = []
    for field, name in _PARAMETERS:
        value = getattr(f, field)
        if field == "status":
            items += [(name, s) for s in value]
        elif field == "exact":
            items += [(name, 1)] if value else []
        elif field == "at":
            items += [(name, v) for v in value]
        elif value is not None:
            items.append((name, value))
    return items


def _rows(request: Request, f: Filters) -> tuple[list[FundingRow], str, list[Any] | None]:
    with snapshot(engine_of(request)) as conn:
        in_scope = param_scope(conn, f)
        rows = query(conn, f, versions=in_scope)
        versions = version_choices(conn)
    return rows, ", ".join(str(v) for v in in_scope), versions


def funding(request: Request) -> Response:
    f = filters(request)
    fmt = p.data_format(request.query_params)
    by_year = p.flag(request.query_params, "by_year")
    number = p.page_number(request.query_params)
    rows, scope_label, versions = _rows(request, f)
    if fmt and by_year:  # `kb funding --by-year --format ...`
        table = pivot(rows)
        # as `kb funding --by-year --format csv|json`: one row per figure (data, not display)
        return rendered(table.long_rows(), fmt, "funding-by-year", columns=LONG_COLUMNS)
    if fmt:  # `kb funding --format ...`
        return rendered([r.as_row() for r in rows], fmt, "funding", columns=COLUMNS)
    span = (
        f"FY{f.fy}"
        if f.fy
        else f"FY{f.fy_from or '...'}-FY{f.fy_to or '...'}"
        if f.fy_from or f.fy_to
        else "every fiscal year"
    )
    table = pivot(rows)
    pages = max(1, -(-len(rows) // PAGE_ROWS))
    if number > pages:
        raise p.BadRequest(f"page={number}: these filters give {pages} page(s)")
    first = (number - 1) * PAGE_ROWS
    from kb.output.plot import chart_recipients

    try:  # one panel per recipient; too many: the page says to choose one
        chart_whom, chart_refused = ", ".join(chart_recipients(rows)), None
    except BadArgument as exc:
        chart_whom, chart_refused = "", exc.naming("recipient")
    return page(
        request,
        "funding.html",
        title=f"Funding, {span}",
        f=f,
        items=query_items(f),
        rows=rows[first : first + PAGE_ROWS],
        total=len(rows),
        first=first,
        number=number,
        pages=pages,
        span=span,
        scope=scope_label,
        versions=versions,
        statuses=STATUSES,
        enacted=ENACTED,
        pivot=table,
        chartable=any(r.single_year for r in rows),
        chart_whom=chart_whom,
        chart_refused=chart_refused,
    )


def chart(request: Request) -> Response:
    """The `kb funding --plot` chart of the same rows (kb/output/plot.py), as a PNG."""
    from kb.output.plot import plot_funding

    f = filters(request)
    rows, scope_label, _ = _rows(request, f)
    # as the CLI: one panel per recipient; too many is a 400 naming them
    with tempfile.TemporaryDirectory(prefix="kb-web-") as folder, _PLOT_LOCK:
        path = Path(folder) / "chart.png"
        plot_funding(rows, path, f"{scope_label}: single-year figures")
        body = path.read_bytes()
    return Response(body, media_type="image/png")
