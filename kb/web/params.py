"""Query parameters, checked before anything is queried: a bad one is a 400 in kb's words.

Nothing from the request reaches SQL as text: values become typed arguments of the
library functions (which bind them as parameters).
"""

from __future__ import annotations

from starlette.datastructures import QueryParams

from kb import KbError, NotFound

MAX_LENGTH = 200  # longer than any report number, account, status, recipient or search


class BadRequest(KbError):
    """A parameter the page cannot use (400)."""


class Missing(NotFound):
    """Something that does not exist (404), with links to what may have been meant."""

    def __init__(self, message: str, links: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.links = links


def text(params: QueryParams, name: str) -> str | None:
    """One parameter as text; empty means absent."""
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} is given {len(values)} times; give it once")
    value = values[0].strip() if values else ""
    return check(name, value) or None


def texts(params: QueryParams, name: str) -> list[str]:
    """A repeatable parameter (status=requested&status=estimated)."""
    return [check(name, v.strip()) for v in params.getlist(name) if v.strip()]


def check(name: str, value: str) -> str:
    if len(value) > MAX_LENGTH:
        raise BadRequest(f"{name} is too long ({len(value)} characters; at most {MAX_LENGTH})")
    if not value.isprintable():
        raise BadRequest(f"{name} contains a control character: {value!a}")
    return value


def page_number(params: QueryParams) -> int:
    value = text(params, "page")
    if value is None:
        return 1
    if not value.isdigit() or not value.isascii() or int(value) < 1 or len(value) > 6:
        raise BadRequest(f"page={value!r}: use a page number (1, 2, ...)")
    return int(value)


def flag(params: QueryParams, name: str) -> bool:
    value = text(params, name)
    if value is None or value.lower() in {"0", "false", "no", "off"}:
        return False
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    raise BadRequest(f"{name}={value!r}: use 1 or 0")


def data_format(params: QueryParams) -> str | None:
    """None for the HTML page, or 'csv' / 'json' for the data the CLI prints."""
    value = text(params, "format")
    if value is None or value == "html":
        return None
    if value not in {"csv", "json"}:
        raise BadRequest(f"format={value!r}: use csv or json (or leave it out for the page)")
    return value
