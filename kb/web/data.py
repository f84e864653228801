"""The CSV and JSON behind every table page: the rows the equivalent CLI command builds,
rendered by the CLI's own renderer (kb/output/render.py), so a page's download and the
command's output are the same bytes.  tests/test_web.py holds each pair to that."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from starlette.responses import Response

from kb import Report, Version

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def rendered(
    rows: Sequence[dict[str, Any]], fmt: str, name: str, columns: Sequence[str] | None = None
) -> Response:
    """``rows`` as the CLI writes them with ``--format fmt -o FILE``."""
    from kb.output.render import render

    # render() writes to stdout or to a file; a file of our own keeps concurrent requests
    # apart (stdout is one per process) and takes ~0.1 ms.
    with tempfile.TemporaryDirectory(prefix="kb-web-") as folder:
        path = Path(folder) / f"{name}.{fmt}"
        render(rows, fmt, path, columns=columns)
        body = path.read_bytes()
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{name}.{fmt}"'},
    )


def report_rows(reports: list[Report]) -> list[dict[str, Any]]:
    """`kb reports`."""
    return [r.as_row() for r in reports]


def version_rows(versions: list[Version]) -> list[dict[str, Any]]:
    """`kb versions`."""
    return [v.as_row() for v in versions]

