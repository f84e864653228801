"""The templates (Jinja2, autoescaped) and the helpers every page uses."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup, escape
from sqlalchemy import Connection, Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from kb import Filters, NotFound, VersionRef, describe, money
from kb.output.cells import text as cell
from kb.web.params import BadRequest

HERE = Path(__file__).parent


def _money(value: Any) -> str:
    return money(Decimal(str(value))) if value is not None else ""


def _css_name(value: Any) -> str:
    """A change or status as a CSS class: letters, digits and '-' only."""
    return "".join(c if c.isalnum() else "-" for c in str(value).lower())[:40]


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        # every value is escaped, in every template, whatever its file name
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        cell=cell,
        money=_money,
        describe=describe,
        css=_css_name,
        printable=_printable,
        highlight=_highlight,
    )
    env.globals["query"] = _query
    return env


def _highlight(value: Any, words: str | None) -> Markup | str:
    """The text with each case-insensitive occurrence of ``words`` marked; every piece is
    escaped here (the result is markup), so the data still cannot add tags."""
    text = _printable(value)
    if not words:
        return text
    parts = re.split(f"({re.escape(words)})", text, flags=re.IGNORECASE)
    return Markup("").join(
        Markup("<mark>%s</mark>") % part if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def _printable(value: Any) -> str:
    """Control characters shown as escapes (\\x1b, \\u202e), so a page shows what the data
    holds and no character can reorder or hide the text around it; line breaks and tabs
    stay (a version's full text has paragraphs)."""
    text = cell(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in "\n\t" else repr(c)[1:-1] for c in text)


def _query(base: str, params: dict[str, Any] | list[tuple[str, Any]], **extra: Any) -> str:
    """``base?params`` with ``extra`` set (None drops a key): links to CSV, JSON, filters."""
    items = list(params.items()) if isinstance(params, dict) else list(params)
    items = [(k, v) for k, v in items if k not in extra] + list(extra.items())
    items = [(k, v) for k, v in items if v is not None and v != ""]
    return f"{base}?{urlencode(items)}" if items else base


templates = Jinja2Templates(env=_env())


def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("title", "kb")
    context["today"] = dt.date.today()
    return templates.TemplateResponse(request, name, context, status_code=status)


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


MAX_CHOICES = 200  # more versions than this: the version is typed, not picked from a list


def version_choices(conn: Connection, report: str | None = None) -> list[str] | None:
    """REPORT@DATE of every version for a picker, or None when there are too many."""
    from kb import version_refs

    refs = version_refs(conn, report)
    return [str(r) for r in refs] if len(refs) <= MAX_CHOICES else None


def param_scope(conn: Connection, filters: Filters) -> list[VersionRef]:
    """The versions the parameters name (``at``, ``report``); an unknown one is a bad
    parameter (400), as any filter value kb does not hold."""
    try:
        return filters.versions(conn)
    except NotFound as exc:
        raise BadRequest(str(exc)) from None
