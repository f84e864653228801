"""Telling a value that names nothing: the values there are, and the closest ("did you mean").

Every message names the argument as ``{name}`` (see kb.domain.problems.BadArgument), so the
library says ``status`` and the CLI ``--status``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kb.domain.problems import BadArgument

SHOWN = 20  # values listed at most; the rest are counted


def close_matches(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices closest to ``value``, ignoring case.  difflib's ratio of at least 0.7: a
    typo scores 0.8-0.96 ("apropriated", "Mexco", "INCEL"), while 0.6 also offered three
    unrelated statuses for "enacted"."""
    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=n, cutoff=0.7)
    return [by_lower[c] for c in close]


def listing(values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return "none"
    shown = ", ".join(values[:SHOWN])
    return shown if len(values) <= SHOWN else f"{shown}, ... ({len(values)} in all)"


def hint(value: str, choices: Iterable[str]) -> str:
    close = close_matches(value, choices)
    return f"; did you mean {', '.join(close)}?" if close else ""


def unknown(parameter: str, value: str, problem: str, what: str, choices: list[str]) -> BadArgument:
    """``{name} 'value' <problem>; <what>: a, b, c; did you mean b?``"""
    return BadArgument(
        parameter, f"{{name}} {value!r} {problem}; {what}: {listing(choices)}{hint(value, choices)}"
    )
