"""Problems are records, not exceptions: a code, where (file, fact id, field) and what.

Loading and verifying collect every problem they find; the CLI renders them and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str  # stable kebab-case: "quote-not-found", "bad-field", "unknown-kind", ...
    message: str
    file: str | None = None
    fact_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.fact_id:
            where.append(f"fact {self.fact_id}")
        if self.field:
            where.append(f"field {self.field}")
        prefix = ": ".join(where)
        line = (
            f"{prefix}: {self.message} [{self.code}]" if prefix else f"{self.message} [{self.code}]"
        )
        return printable(line)


def printable(text: str) -> str:
    """Control characters (a newline or a terminal escape in an id or a quote) escaped,
    so one problem stays one line and input cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class KbError(Exception):
    """An error the user can act on: bad usage or bad input (exit code 2)."""

    exit_code = 2

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        lines = [head, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)


class LoadError(KbError):
    """The input files have problems; nothing was written."""


class LoadConflict(KbError):
    """A concurrent load of the same report committed first; nothing was written."""

    exit_code = 1


class NotFound(KbError):
    """A report, version or fact that does not exist (names what does)."""


class BadArgument(KbError):
    """An argument of a library call that names nothing that exists or cannot be right.

    The message names the argument as ``{name}``: the library says the parameter
    (``status``), the CLI the flag it came from (``--status``), through ``naming``."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.template = message
        super().__init__(self.naming(parameter))

    def naming(self, name: str) -> str:
        return self.template.replace("{name}", name)
class DatabaseRefused(KbError):
    """A database kb will not use as it is (foreign, half-made, newer, behind, a bad --db):
    the message says what was found and what to do; nothing was changed (exit 2)."""


class DatabaseUnavailable(KbError):
    """The database cannot be reached: an unreachable server, a refused login (exit 1)."""

    exit_code = 1
