"""A query's inputs, parsed and validated once: the one command layer for filters.

The CLI hands ``Filters.parse`` the values of its flags, the web the text of its URL
parameters, a library caller plain Python values; each gets the same typed object back or
the same refusal.  A message names the field as ``{name}`` (kb.domain.problems.BadArgument),
never a flag or a URL parameter: the CLI says ``--recipient``, the web ``recipient``.

Two steps, so a bad value is refused before anything is read: ``parse`` checks what the
values are (a fiscal year of four digits, a status of the vocabulary, a kind, a date, a
search of sensible length, a version reference); the methods taking a connection check what
they name against what is held, and say what exists ("recipient 'Mexco' is not in
IF10578@2025-08-14; recipients there: global, Mexico; did you mean Mexico?").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy import Connection, select

from kb.domain.dates import parse_partial_date
from kb.domain.problems import BadArgument, NotFound, UsageError
from kb.domain.text_case import sql_lower
from kb.domain.vocabulary import FY_MAX, FY_MIN, FundingStatus
from kb.query.choices import hint, listing, unknown
from kb.query.refs import VersionRef, parse_ref, scope, unknown_report
from kb.store.funding_view import funding_by_fy as view

STATUSES: list[str] = list(get_args(FundingStatus))
# Statuses that are money Congress provided; others are shown with their status.
ENACTED = frozenset({"appropriated", "allocated", "obligated"})
SEARCH_MAX_CHARS = 1000  # longer than any sentence a user would look for; a quote is longer

Year = int | str | None  # a number, or the text a URL parameter carries


@dataclass(frozen=True)
class Filters:
    """What a query is asked for; every field optional.  Build it with ``parse``."""

    at: tuple[str, ...] = ()  # version references (REPORT or REPORT@YYYY-MM-DD)
    report: str | None = None  # a report number, upper case
    fy: int | None = None
    fy_from: int | None = None
    fy_to: int | None = None
    account: str | None = None  # a code, combined codes (ESF+INCLE) or "none"
    status: tuple[str, ...] = ()
    recipient: str | None = None
    exact: bool = False  # single-year figures only
    kind: str | None = None
    id: str | None = None
    search: str | None = None
    since: str | None = None  # ISO prefixes: 2024, 2024-07, 2024-07-15
    until: str | None = None

    @classmethod
    def parse(
        cls,
        *,
        at: Sequence[str] | str | None = None,
        report: str | None = None,
        fy: Year = None,
        fy_from: Year = None,
        fy_to: Year = None,
        account: str | None = None,
        status: Sequence[str] | str | None = None,
        recipient: str | None = None,
        exact: bool = False,
        kind: str | None = None,
        id: str | None = None,
        search: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Filters:
        """The values checked and normalised; the first bad one is refused (exit 2, HTTP
        400) with a message naming its field and what it may be."""
        refs = (at,) if isinstance(at, str) else tuple(at or ())
        for ref in refs:
            parse_ref(ref)  # the message quotes the reference and says its form
        years = {name: _year(name, value) for name, value in _years(fy, fy_from, fy_to)}
        one, first, last = years["fy"], years["fy_from"], years["fy_to"]
        if one is not None and (first is not None or last is not None):
            raise UsageError(
                "give one fiscal year or a range (fy_from, fy_to), not both", parameter="fy"
            )
        if first is not None and last is not None and last < first:
            raise UsageError(f"{last} is before the first fiscal year {first}", parameter="fy_to")
        statuses = (status,) if isinstance(status, str) else tuple(status or ())
        for value in statuses:
            _check_status(value)
        check_kind(kind)
        if search is not None:
            check_search(search)
        return cls(
            at=refs,
            report=report.strip().upper() if report else None,
            fy=one,
            fy_from=first,
            fy_to=last,
            account=account.strip() if account else None,
            status=statuses,
            recipient=recipient.strip() if recipient else None,
            exact=exact,
            kind=kind,
            id=id,
            search=search or None,
            since=_date("since", since),
            until=_date("until", until),
        )

    @property
    def years(self) -> tuple[int | None, int | None]:
        """The first and last fiscal year asked for (one year: both)."""
        return (self.fy, self.fy) if self.fy is not None else (self.fy_from, self.fy_to)

    # --- against what is held ------------------------------------------------------

    def versions(self, conn: Connection) -> list[VersionRef]:
        """The versions named by ``at`` (default: the latest of each report), only those of
        ``report`` when one is given; an unknown version or report is named as such."""
        versions = scope(conn, list(self.at) or None)
        if self.report:
            self.check_report(conn)
            versions = [v for v in versions if v.report == self.report]
            if not versions:
                raise NotFound(f"no version of report {self.report} in scope", parameter="report")
        return versions

    def check_report(self, conn: Connection) -> None:
        if self.report and not any(v.report == self.report for v in scope(conn, None)):
            raise unknown_report(conn, self.report)

    def recipients(
        self, conn: Connection, versions: Iterable[VersionRef] | None = None
    ) -> list[str] | None:
        """The stored spellings of ``recipient`` in any case ("global" is Global) among the
        figures of ``versions`` (None: of every version); compared here, not by SQL lower(),
        which folds only ASCII letters on SQLite.  None when no recipient is asked for."""
        if not self.recipient:
            return None
        held = None if versions is None else list(versions)
        known = _held(conn, view.c.recipient, held)
        wanted = sql_lower(self.recipient)
        same = [r for r in known if sql_lower(r) == wanted]
        if not same:
            ordered = sorted(known, key=lambda r: (sql_lower(r), r))
            raise _not_held("recipient", self.recipient, held, ordered)
        return same

    def check_account(self, conn: Connection, versions: Iterable[VersionRef] | None = None) -> None:
        """An account is held when some figure of ``versions`` (None: of any version) names
        it, alone or combined (ESF in ESF+INCLE); "none" asks for figures without one."""
        if not self.account or self.account.lower() == "none":
            return
        held = None if versions is None else list(versions)
        stored = _held(conn, view.c.account, held)
        codes = {code for combined in stored for code in combined.split("+")}
        if not set(self.account.upper().split("+")) <= codes:
            note = " ('none': figures without an account)"
            raise _not_held("account", self.account, held, sorted(codes), note)


def _held(conn: Connection, column: Any, versions: list[VersionRef] | None) -> list[str]:
    """The distinct values of a funding_by_fy ``column`` in figures of ``versions`` (None:
    of every version), nulls left out."""
    query = select(column).distinct().where(column.is_not(None))
    if versions is not None:
        query = query.where(view.c.version_id.in_([v.version_id for v in versions]))
    return list(conn.execute(query).scalars())


def _not_held(
    field: str, value: str, versions: list[VersionRef] | None, held: list[str], note: str = ""
) -> BadArgument:
    """``{name} 'value' is not in IF10578@2025-08-14; <field>s there: a, b; did you mean a?``,
    or the same of the whole database (``versions`` None)."""
    if versions is None:
        problem, there = f"is the {field} of no figure in this database", "in this database"
    elif not versions:
        problem, there = "is not in any version: there is none in scope", "there"
    else:
        problem, there = f"is not in {listing([str(v) for v in versions])}", "there"
    return unknown(field, value, problem, f"{field}s {there}{note}", held)


def check_kind(kind: str | None) -> None:
    """A kind of the registry (the message quotes the value: `kb facts evnt` names no flag)."""
    if kind is None:
        return
    # the schemas only when a kind is asked for: `kb funding` starts without Pydantic
    from kb.domain.schemas import KINDS

    if kind not in KINDS:
        known = ", ".join(KINDS)
        raise BadArgument("kind", f"unknown kind {kind!r}; kinds: {known}{hint(kind, KINDS)}")


def check_search(text: str) -> None:
    if len(text) > SEARCH_MAX_CHARS:
        raise BadArgument(
            "search",
            f"{{name}} is {len(text):,} characters long; at most {SEARCH_MAX_CHARS:,} "
            "(search for a phrase of the quote, not the whole text)",
        )


def _years(fy: Year, fy_from: Year, fy_to: Year) -> list[tuple[str, Year]]:
    return [("fy", fy), ("fy_from", fy_from), ("fy_to", fy_to)]


def _year(name: str, value: Year) -> int | None:
    """A fiscal year from a number or its text: four digits, FY_MIN to FY_MAX."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadArgument(name, f"{{name}} {value!r} is not a fiscal year")
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 6:
            raise BadArgument(
                name,
                f"{{name}} {value!r} is not a fiscal year: give all four digits, "
                f"{FY_MIN}-{FY_MAX} (such as 2023)",
            )
        value = int(text)
    if FY_MIN <= value <= FY_MAX:
        return value
    guess = f"; did you mean {2000 + value}?" if 0 <= value < 100 else ""
    raise BadArgument(
        name,
        f"{{name}} {value} is not a fiscal year: give all four digits, {FY_MIN}-{FY_MAX}{guess}",
    )


def _check_status(value: str) -> None:
    if value in STATUSES:
        return
    problem = "is not a funding status"
    if value.lower() == "enacted":
        flags = " ".join(f"{{name}} {s}" for s in sorted(ENACTED))
        problem += f" (enacted money: {flags})"
    raise unknown("status", value, problem, "statuses", STATUSES)


def _date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        raise UsageError(str(exc), parameter=name) from None
