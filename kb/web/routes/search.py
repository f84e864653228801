"""Search: `kb facts [KIND] --search TEXT` (fields, quote and note; case-insensitive)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kb import KIND_REGISTRY, Filters, describe
from kb import facts as list_facts
from kb.web import params as p
from kb.web.data import rendered
from kb.web.db import snapshot
from kb.web.pages import engine_of, page, param_scope, version_choices


def search(request: Request) -> Response:
    q = request.query_params
    words, kind, at = p.text(q, "q"), p.text(q, "kind"), p.text(q, "at")
    fmt = p.data_format(q)
    f = Filters.parse(kind=kind, at=at, search=words)
    with snapshot(engine_of(request)) as conn:
        param_scope(conn, f)
        records = list_facts(conn, kind=kind, at=[at] if at else None, search=words)
        versions = version_choices(conn)
    if fmt:  # `kb facts [KIND] --search TEXT --format ...`
        return rendered([r.as_row() for r in records], fmt, "facts")
    found = [(r, describe(r.fact)) for r in records]
    items = [("q", words), ("kind", kind), ("at", at)]
    return page(
        request,
        "search.html",
        title=f"Search: {words}" if words else "Search",
        found=found,
        words=words,
        kind=kind,
        at=at,
        kinds=[spec.name for spec in KIND_REGISTRY],
        versions=versions,
        items=[(k, v) for k, v in items if v],
    )
