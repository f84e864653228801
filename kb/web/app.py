"""The web application: routes, security headers, and the one place errors become pages.

Starlette (not FastAPI): the pages are server-rendered templates over kb's own typed
objects, so FastAPI's request models and OpenAPI schema would be unused weight.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kb import KbError, NotFound
from kb.web.pages import HERE, page
from kb.web.params import Missing
from kb.web.routes import changes, fact, funding, home, search, timeline

# Pages need no script but kb.js (a scroll to the highlighted quote), no frames, no
# plugins, and send forms only back to kb itself.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Sets the headers above on every response: pages, data, errors, static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error(
    request: Request, status: int, message: str, links: list[tuple[str, str]] | None = None
) -> Response:
    from kb import printable

    return page(
        request,
        "error.html",
        status=status,
        title=f"{status}: {'not found' if status == 404 else 'bad request'}",
        status_code=status,
        message=printable(message),
        links=links or [],
    )


async def kb_error(request: Request, exc: Exception) -> Response:
    """kb's own message: 404 for something that does not exist (with kb's "did you
    mean"), 400 for a parameter kb cannot use."""
    assert isinstance(exc, KbError)
    links = exc.links if isinstance(exc, Missing) else None
    # the library names its parameter (fy_from); a visitor sees the URL's (from)
    name = WEB_PARAMETERS.get(exc.parameter or "", exc.parameter)
    message = exc.render(name)
    return _error(request, 404 if isinstance(exc, NotFound) else 400, message, links)


# library parameter -> the query parameter a page takes for it
WEB_PARAMETERS = {"fy_from": "from", "fy_to": "to", "search": "q"}


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error(request, 404, f"no page {request.url.path}; start at /")
    if exc.status_code == 405:
        return Response(
            "kb serve is read-only: only GET\n", status_code=405, headers={"Allow": "GET, HEAD"}
        )
    return _error(request, exc.status_code, str(exc.detail))


async def server_error(request: Request, exc: Exception) -> Response:
    # Never a traceback: the type and message only (the server log has the rest).
    return page(
        request,
        "error.html",
        status=500,
        title="500: kb failed",
        status_code=500,
        message=f"kb: error: {type(exc).__name__}",
        links=[],
    )


def create_app(engine: Engine) -> ASGIApp:
    routes: list[Any] = [
        Route("/", home.home),
        Route("/reports", home.reports),
        Route("/funding", funding.funding),
        Route("/funding/chart.png", funding.chart),
        Route("/diff", changes.pick),
        Route("/diff/{old}/{new}", changes.diff),
        Route("/fact/{report}/{fact_id}", fact.fact),
        Route("/timeline", timeline.timeline),
        Route("/search", search.search),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            KbError: kb_error,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.state.engine = engine
    return SecurityHeaders(app)
