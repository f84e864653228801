"""kb in a browser: a read-only web application over the library API (``kb serve``).

Starlette, Jinja2 and uvicorn are imported only here, never at CLI start-up.
"""
