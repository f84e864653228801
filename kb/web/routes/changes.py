"""Changes: pick two versions; the diff grouped by kind, old -> new per changed field,
word-level rewording.  The change names are shown as the diff returns them (added,
removed, changed, revised, reworded, ...): the page has no list of its own."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kb import DIFF_COLUMNS
from kb import diff as diff_versions
from kb import versions as list_versions
from kb.web import params as p
from kb.web.data import rendered
from kb.web.db import snapshot
from kb.web.pages import MAX_CHOICES, engine_of, page, version_choices
from kb.web.wording import word_diff

# fields whose old -> new reads best as a word-level highlight
PROSE = {"quote", "note", "summary", "purpose", "conditioned", "title", "name"}


def pick(request: Request) -> Response:
    """The form; with both versions chosen, a redirect to the diff's stable URL."""
    q = request.query_params
    old, new = p.text(q, "old"), p.text(q, "new")
    if old and new:
        # quoted: a hand-made ?old=../x stays one path segment of /diff/
        target = f"/diff/{quote(old, safe='@')}/{quote(new, safe='@')}"
        return RedirectResponse(target, status_code=303)
    with snapshot(engine_of(request)) as conn:
        versions = list_versions(conn)
    pairs = [(a, b) for a, b in itertools.pairwise(versions) if a.report == b.report]
    choices = [v.ref for v in versions] if len(versions) <= MAX_CHOICES else None
    return page(request, "diff_pick.html", title="Changes", choices=choices, pairs=pairs)


def _field_rows(before: dict[str, Any], after: dict[str, Any], fields: list[str]) -> list[Any]:
    out = []
    for name in fields:
        old, new = before.get(name), after.get(name)
        words = (
            word_diff(old, new)
            if name in PROSE and isinstance(old, str) and isinstance(new, str)
            else None
        )
        out.append({"name": name, "old": old, "new": new, "words": words})
    return out


def diff(request: Request) -> Response:
    old = p.check("old version", request.path_params["old"])
    new = p.check("new version", request.path_params["new"])
    q = request.query_params
    kind, change = p.text(q, "kind"), p.text(q, "change")
    fmt = p.data_format(q)
    summary = p.flag(q, "summary")
    with snapshot(engine_of(request)) as conn:
        result = diff_versions(conn, old, new, kind=kind, change=change)
        versions = version_choices(conn, result.old.report)
    if fmt and summary:  # `kb diff A B --summary --format ...`
        return rendered(result.summary(), fmt, "diff-summary")
    if fmt:  # `kb diff A B --format ...`
        return rendered([c.as_row() for c in result.changes], fmt, "diff", columns=DIFF_COLUMNS)
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in result.changes:
        before = c.before.model_dump(mode="json") if c.before else {}
        after = c.after.model_dump(mode="json") if c.after else {}
        groups.setdefault(c.kind, []).append(
            {
                "change": c.change,
                "id": c.id,
                "before": c.before,
                "after": c.after,
                "fields": _field_rows(before, after, c.fields),
            }
        )
    summary_rows = result.summary()
    # counts in the library's order (its summary's columns), then any change it adds
    counts = {k: 0 for k in summary_rows[-1] if k not in {"kind", "unchanged"}}
    for c in result.changes:
        counts[c.change] = counts.get(c.change, 0) + 1
    items = [("kind", kind), ("change", change)]
    return page(
        request,
        "diff.html",
        title=f"Changes {result.old} -> {result.new}",
        result=result,
        groups=groups,
        counts=counts,
        unchanged=sum(result.unchanged.values()),
        summary_rows=summary_rows,
        items=[(k, v) for k, v in items if v],
        base=f"/diff/{result.old}/{result.new}",
        versions=versions,
        kind=kind,
        change=change,
    )
