"""A fact: its fields, its quote inside the full text of its version, its history across
versions, and links to the diffs that touch it."""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from kb import NotFound, history_rows, resolve, version_refs
from kb import history as fact_history
from kb import show as show_fact
from kb import version_text as text_of
from kb.web import params as p
from kb.web.data import rendered
from kb.web.db import snapshot
from kb.web.pages import engine_of, page


def _split_at_quote(text: str, quote: str) -> tuple[str, str, str] | None:
    """(before, the quote as the text has it, after); whitespace may differ (kb verify's
    rule: line breaks in the source do not decide whether a sentence is found)."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text)
    if match is None:
        return None
    return text[: match.start()], match.group(0), text[match.end() :]


def fact(request: Request) -> Response:
    report = p.check("report", request.path_params["report"])
    fact_id = p.check("fact id", request.path_params["fact_id"])
    q = request.query_params
    at = p.text(q, "at")
    fmt = p.data_format(q)
    table = p.text(q, "table") or "fact"
    if table not in {"fact", "history"}:
        raise p.BadRequest(f"table={table!r}: use fact or history")
    with snapshot(engine_of(request)) as conn:
        try:
            records = fact_history(conn, fact_id, report)
        except NotFound as exc:
            # kb's "did you mean a, b?", with each suggestion a link
            meant = re.search(r"did you mean (.+)\?$", str(exc))
            ids = meant.group(1).split(", ") if meant else []
            links = [(f"/fact/{quote(report)}/{quote(i)}", i) for i in ids]
            raise p.Missing(str(exc), links) from None
        report = records[0].report
        if at is None:
            chosen = records[-1]
        else:
            ref = at if "@" in at else f"{report}@{at}"
            version = resolve(conn, ref)
            stated = [r for r in records if r.version == version.date]
            if not stated:
                listed = ", ".join(r.ref for r in records)
                raise NotFound(f"{version} does not state {fact_id}; it is stated by {listed}")
            chosen = stated[0]
        if fmt and table == "history":  # `kb history ID --report R --format ...`
            return rendered(history_rows(conn, fact_id, report), fmt, f"{fact_id}-history")
        if fmt:  # `kb show ID --at R@V --format ...`
            found = show_fact(conn, fact_id, [chosen.ref])
            return rendered([r.as_row() for r in found], fmt, fact_id)
        history = history_rows(conn, fact_id, report)
        text = text_of(conn, resolve(conn, chosen.ref))
        versions = version_refs(conn, report)
    stated_by = {r.version: r for r in records}
    diffs: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(versions):
        ra, rb = stated_by.get(a.date), stated_by.get(b.date)
        if ra is None and rb is None:
            continue
        if ra is not None and rb is not None and ra.fact.model_dump() == rb.fact.model_dump():
            continue
        what = "added" if ra is None else "removed" if rb is None else "changed"
        diffs.append({"old": str(a), "new": str(b), "what": what})
    row = chosen.as_row()
    return page(
        request,
        "fact.html",
        title=f"{fact_id} ({chosen.ref})",
        record=chosen,
        fields=[(k, v) for k, v in row.items() if k not in {"quote", "note"}],
        split=_split_at_quote(text, chosen.fact.quote),
        text=text,
        history=history,
        diffs=diffs,
        report=report,
        at=at,
    )
