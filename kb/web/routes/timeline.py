"""Timeline: `kb events`, dated facts in date order with their precision (2024-07, 2024)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kb import Filters
from kb import events as query
from kb.web import params as p
from kb.web.data import rendered
from kb.web.db import snapshot
from kb.web.pages import engine_of, page, param_scope, version_choices


def timeline(request: Request) -> Response:
    q = request.query_params
    since, until, at = p.text(q, "since"), p.text(q, "until"), p.text(q, "at")
    fmt = p.data_format(q)
    with snapshot(engine_of(request)) as conn:
        in_scope = param_scope(conn, Filters.parse(since=since, until=until, at=at))
        entries = query(conn, since=since, until=until, at=[at] if at else None)
        versions = version_choices(conn)
    rows = [e.as_row() for e in entries]
    if fmt:  # `kb events --format ...`
        return rendered(rows, fmt, "events")
    items = [("since", since), ("until", until), ("at", at)]
    return page(
        request,
        "timeline.html",
        title="Timeline",
        rows=rows,
        items=[(k, v) for k, v in items if v],
        since=since,
        until=until,
        at=at,
        scope=", ".join(map(str, in_scope)),
        versions=versions,
    )
