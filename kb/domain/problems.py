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
    """An error the user can act on.  Its class says the exit code (one mapping, in
    ``kb.cli.main``): ``UsageError`` and its kin 2, ``EnvironmentFailure`` 1.

    The message is one line in kb's words (never a driver's text), optionally followed by
    the problems found.  ``parameter`` names the library parameter at fault (``fy_from``,
    ``since``), never a CLI flag: the CLI translates it to the flag (``--from``).
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        problems: list[Problem] | None = None,
        *,
        parameter: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.parameter = parameter

    def headline(self, parameter_name: str | None = None) -> str:
        """The first line; ``parameter_name`` is how the caller spells the parameter ("": not
        at all, when the message already names the value)."""
        name = self.parameter if parameter_name is None else parameter_name
        return f"{name}: {self.message}" if name else self.message

    def render(self, parameter_name: str | None = None) -> str:
        lines = [self.headline(parameter_name), *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


class UsageError(KbError):
    """Bad usage or bad input: a value that cannot be right (exit code 2)."""


class NotFound(UsageError):
    """A report, version or fact that does not exist (names what does)."""


class LoadError(UsageError):
    """The input files have problems; nothing was written."""


class EnvironmentFailure(KbError):
    """The environment failed, not the input: a database server that does not answer, a
    wrong password, a database at an older schema (exit code 1)."""

    exit_code = 1


class BadArgument(UsageError):
    """An argument of a library call that names nothing that exists or cannot be right.

    The message names the argument as ``{name}``: the library says the parameter
    (``status``), the CLI the flag it came from (``--status``), through ``render``."""

    def __init__(self, parameter: str, message: str) -> None:
        self.template = message
        super().__init__(message.replace("{name}", parameter), parameter=parameter)

    def naming(self, name: str) -> str:
        return self.template.replace("{name}", name)

    def headline(self, parameter_name: str | None = None) -> str:
        name = self.parameter if parameter_name is None else parameter_name
        return self.naming(name or "")


class DatabaseRefused(UsageError):
    """A database kb will not use as it is (foreign, half-made, newer, a bad --db): the
    message says what was found and what to do; nothing was changed (exit 2)."""


class LoadConflict(EnvironmentFailure):
    """A concurrent load of the same report committed first; nothing was written."""


class DatabaseUnavailable(EnvironmentFailure):
    """The database cannot be reached: an unreachable server, a refused login (exit 1)."""
