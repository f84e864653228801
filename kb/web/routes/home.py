"""Home: the reports and their versions (dates, titles, fact counts), links onward."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kb import reports as list_reports
from kb import versions as list_versions
from kb.web.data import rendered, report_rows, version_rows
from kb.web.db import snapshot
from kb.web.pages import engine_of, page
from kb.web.params import data_format


def home(request: Request) -> Response:
    fmt = data_format(request.query_params)
    with snapshot(engine_of(request)) as conn:
        reports = list_reports(conn)
        versions = list_versions(conn)
    if fmt:
        return rendered(version_rows(versions), fmt, "versions")  # `kb versions`
    by_report = {r.number: [v for v in versions if v.report == r.number] for r in reports}
    return page(request, "home.html", reports=reports, by_report=by_report)


def reports(request: Request) -> Response:
    """`kb reports` as CSV or JSON (the home page shows them)."""
    fmt = data_format(request.query_params) or "json"
    with snapshot(engine_of(request)) as conn:
        found = list_reports(conn)
    return rendered(report_rows(found), fmt, "reports")
