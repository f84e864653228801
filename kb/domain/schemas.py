"""Pydantic schemas: what a report, a version and each kind of fact holds.

These validate the seed files and are also the typed objects the library returns.
Field names are the column names of the storage tables and of every export.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    model_validator,
)

from kb.domain.dates import parse_partial_date
from kb.domain.refs import version_ref
from kb.domain.vocabulary import FY_MAX, FY_MIN, FundingStatus, Qualifier

# --- field types -----------------------------------------------------------

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
REPORT_RE = re.compile(r"^[A-Z]{1,4}[0-9]{1,6}$")
ACCOUNT_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}(?:\+[A-Z][A-Z0-9]{1,9})*$")



class FieldError(ValueError):
    """A check over several fields that blames one of them (model validators have no loc)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _slug(value: str) -> str:
    # fullmatch: re's "$" also matches before a trailing newline ("x\n" is not a slug)
    if len(value) > 120 or not SLUG_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a slug (lower-case letters, digits, single '-', '_' or '.')"
        )
    return value


def _exact_decimal(value: object) -> Decimal:
    """Exact decimals only: ints, decimal strings, or floats without rounding noise."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, float):
        # YAML turns 420.7 into a float; accept it only when its shortest repr is a
        # plain decimal with at most 4 places (no binary rounding noise such as
        # 420700000.00000006 or 0.30000000000000004).
        text = repr(value)
        if "e" in text or "inf" in text or "nan" in text:
            raise ValueError(
                f"{text} is not an exact amount; write it as an integer or quoted decimal"
            )
        dec = Decimal(text)
        if -dec.as_tuple().exponent > 4:  # type: ignore[operator]
            raise ValueError(
                f"{text} looks like a float with rounding noise; "
                "write the exact figure as an integer or a quoted decimal"
            )
    elif isinstance(value, str):
        # Plain decimals only: "4,8,0" is not 480 and "010" not 8 or 10 (see _PLAIN_NUMBER).
        cleaned = value.strip()
        if not _PLAIN_NUMBER.fullmatch(cleaned):
            raise ValueError(f"not a plain decimal number ({_PLAIN_HINT})")
        try:
            dec = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"not a plain decimal number ({_PLAIN_HINT})") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if -dec.as_tuple().exponent > 4:  # type: ignore[operator]
        raise ValueError(f"{value!r} has more than 4 decimal places")
    if abs(dec) >= Decimal(10) ** 15:
        raise ValueError(f"{value!r} is implausibly large")
    # '-0', -0.0 and '0.00' are 0: one figure, one hash, whatever the database hands back.
    return Decimal(0) if dec.is_zero() else dec


_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?", re.ASCII)
_PLAIN_HINT = "digits, an optional '-' and '.', no ',', '_', ':', 0x or leading 0"


def _plain_int(value: object) -> object:
    """Counts and fiscal years: YAML integers written in decimal.  The reader keeps 010
    (octal 8 in YAML 1.1), 0x10, 1:30 (base 60, 90) and 1_000 as strings; they are
    refused here, by field, rather than read as a number the author did not write."""
    if isinstance(value, str):
        raise ValueError("not a plain decimal integer (digits only, no 0x, ':', '_' or leading 0)")
    return value


def _money(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value} is negative; amounts are not negative")
    if -value.as_tuple().exponent > 2:  # type: ignore[operator]
        raise ValueError(f"{value} has fractions of a cent")
    return value


def _fy(value: int) -> int:
    if not FY_MIN <= value <= FY_MAX:
        raise ValueError(f"fiscal year {value} is outside {FY_MIN}-{FY_MAX}")
    return value


def _dec_out(value: Decimal) -> str:
    # JSON gets the exact figure as text: "127100000" and "12.5", never 1.271E+8 or 12.50,
    # so a figure reads (and hashes) the same from YAML and from either database.
    return format(value.normalize(), "f")


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
PartialDate = Annotated[str, BeforeValidator(parse_partial_date)]
ExactDecimal = Annotated[
    Decimal, BeforeValidator(_exact_decimal), PlainSerializer(_dec_out, when_used="json")
]
Money = Annotated[ExactDecimal, AfterValidator(_money)]
PlainInt = Annotated[StrictInt, BeforeValidator(_plain_int)]
FiscalYear = Annotated[PlainInt, AfterValidator(_fy)]
Account = Annotated[str, Field(pattern=ACCOUNT_RE.pattern)]

MeasureType = Literal["law", "bill", "committee_report", "executive_order", "other"]
MeasureStage = Literal[
    "enacted",
    "introduced",
    "house_introduced",
    "senate_introduced",
    "committee_reported",
    "house_passed",
    "senate_passed",
    "issued",
]
ConditionType = Literal["withholding", "certification", "reporting", "restriction", "briefing"]
# How a fact's date (an event's, designation's or measure's date; a program's or phase's
# start) bounds the moment: "on" (the date itself, at its precision), "by" (no later than:
# "by March 2025"), "since" (a state holding from then on: "Since 2019, Mexico has
# surpassed China"), "after" (not before: "In response" to the October 2020 arrest, "Since
# then" of March 2023 actions, "later" than a July threat).  kb.domain.dates.bounded prints it.
DateBound = Literal["on", "by", "since", "after"]


# --- facts -----------------------------------------------------------------


class FactBase(BaseModel):
    """What every fact holds. Subclasses add the fields of their kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    id: Slug
    quote: Text
    note: str | None = None

    # field name -> kind of fact it must name, checked within the version
    references: ClassVar[dict[str, str]] = {}
    COMMON: ClassVar[tuple[str, ...]] = ("kind", "id", "quote", "note")

    @model_validator(mode="after")
    def _bound_needs_a_date(self) -> FactBase:
        fields = type(self).model_fields
        bound = getattr(self, "date_bound", "on")
        dated = "date" if "date" in fields else "start"
        if bound != "on" and getattr(self, dated, None) is None:
            raise FieldError("date_bound", f"date_bound {bound!r} bounds no {dated}: give one")
        return self

    def content(self) -> dict[str, Any]:
        """The kind-specific fields (what goes into the kind's own table)."""
        return {k: getattr(self, k) for k in type(self).model_fields if k not in self.COMMON}


class Program(FactBase):
    kind: Literal["program"] = "program"
    name: Text
    aliases: list[str] = Field(default_factory=list)
    start: PartialDate | None = None
    date_bound: DateBound = "on"  # of start
    end: PartialDate | None = None  # null while ongoing
    successor_of: Slug | None = None
    summary: str | None = None

    references: ClassVar[dict[str, str]] = {"successor_of": "program"}

    @model_validator(mode="after")
    def _order(self) -> Program:
        _check_order(self.start, self.end, "end")
        return self


class Phase(FactBase):
    kind: Literal["phase"] = "phase"
    program: Slug
    name: Text
    fy_start: FiscalYear | None = None
    fy_end: FiscalYear | None = None  # open end means "present"
    start: PartialDate | None = None
    date_bound: DateBound = "on"  # of start
    end: PartialDate | None = None
    summary: str | None = None

    references: ClassVar[dict[str, str]] = {"program": "program"}

    @model_validator(mode="after")
    def _order(self) -> Phase:
        _check_fy(self.fy_start, self.fy_end)
        _check_order(self.start, self.end, "end")
        return self


class Appropriation(FactBase):
    kind: Literal["appropriation"] = "appropriation"
    amount_usd: Money
    qualifier: Qualifier = "exact"
    fy_start: FiscalYear
    fy_end: FiscalYear
    account: Account | None = None
    recipient: str
    status: FundingStatus
    measure: Slug | None = None
    program: Slug | None = None
    purpose: str | None = None

    references: ClassVar[dict[str, str]] = {"measure": "measure", "program": "program"}

    @model_validator(mode="after")
    def _order(self) -> Appropriation:
        _check_fy(self.fy_start, self.fy_end)
        return self


class Designation(FactBase):
    kind: Literal["designation"] = "designation"
    designee: str | None = None
    count: Annotated[PlainInt, Field(ge=1)] | None = None
    designation_type: Text
    agency: str | None = None
    date: PartialDate | None = None
    date_bound: DateBound = "on"

    @model_validator(mode="after")
    def _who(self) -> Designation:
        if self.designee is None and self.count is None:
            raise FieldError("designee", "a designation needs a designee or a count")
        return self


class Event(FactBase):
    kind: Literal["event"] = "event"
    date: PartialDate
    date_bound: DateBound = "on"
    summary: Text
    actors: list[str] = Field(default_factory=list)
    category: str | None = None


class Measure(FactBase):
    kind: Literal["measure"] = "measure"
    citation: Text
    title: str | None = None
    measure_type: MeasureType
    congress: Annotated[PlainInt, Field(ge=1, le=200)] | None = None
    fy: FiscalYear | None = None
    stage: MeasureStage
    accompanies: Slug | None = None  # a committee report names its bill
    date: PartialDate | None = None
    date_bound: DateBound = "on"

    references: ClassVar[dict[str, str]] = {"accompanies": "measure"}


class Condition(FactBase):
    kind: Literal["condition"] = "condition"
    measure: Slug
    condition_type: ConditionType
    percent: Annotated[ExactDecimal, Field(ge=0, le=100)] | None = None
    account: Account | None = None
    recipient: str | None = None
    conditioned: Text  # what is withheld, certified, reported or restricted
    deadline: str | None = None

    references: ClassVar[dict[str, str]] = {"measure": "measure"}


class Indicator(FactBase):
    kind: Literal["indicator"] = "indicator"
    name: Text
    value: ExactDecimal
    unit: Text
    qualifier: Qualifier = "exact"
    area: str | None = None
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None

    @model_validator(mode="after")
    def _order(self) -> Indicator:
        _check_order(self.period_start, self.period_end, "period_end")
        return self


def _check_fy(start: int | None, end: int | None) -> None:
    if start is not None and end is not None and end < start:
        raise FieldError("fy_end", f"fy_end {end} is before fy_start {start}")


def _check_order(start: str | None, end: str | None, field: str) -> None:
    if start is not None and end is not None and end[: len(start)] < start[: len(end)]:
        raise FieldError(field, f"{field} {end} is before the start {start}")


KINDS: dict[str, type[FactBase]] = {
    cls.model_fields["kind"].default: cls
    for cls in (Program, Phase, Appropriation, Designation, Event, Measure, Condition, Indicator)
}

Fact = Program | Phase | Appropriation | Designation | Event | Measure | Condition | Indicator


# --- review marks on drafted facts (kb draft) --------------------------------

ReviewMark = Literal["carried", "revised", "new"]
REVIEW_KEYS = ("review", "check", "was", "needs")  # YAML keys beside a drafted fact's fields
UNREVIEWED: frozenset[str] = frozenset({"revised", "new"})  # `kb load` refuses these marks


class DraftReview(BaseModel):
    """What `kb draft` writes beside a fact: ``review``, what to ``check``, and what it ``was``
    in the reference version (revised facts).  The reader takes these keys off the fact before
    validating it: they are not part of the fact, and not hashed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    review: ReviewMark
    check: str | None = None
    was: dict[str, Any] | None = None
    needs: list[str] | None = None  # fields the drafter could not fill: `kb load` refuses them


# --- reports and versions --------------------------------------------------


class Author(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    title: str | None = None


class ReportMeta(BaseModel):
    """report.yaml"""

    model_config = ConfigDict(extra="forbid", frozen=True)
    number: Annotated[str, Field(pattern=REPORT_RE.pattern)]
    type: Text  # "In Focus", "Report", "Insight", ...
    authors: list[Author] = Field(min_length=1)
    topics: list[str] = Field(default_factory=list)


class VersionMeta(BaseModel):
    """The header of a version's facts file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    report: Annotated[str, Field(pattern=REPORT_RE.pattern)]
    version: dt.date
    title: Text
    sequence: Annotated[PlainInt, Field(ge=1)] | None = None  # CRS's version number


class Report(BaseModel):
    """A report as the library returns it: its latest title, how many versions and over
    which dates, the recipients its figures name (in any version) and its latest version's
    fact count."""

    number: str
    type: str
    authors: list[Author]
    versions: int
    latest: dt.date | None
    title: str | None
    first: dt.date | None = None
    recipients: list[str] = Field(default_factory=list)
    facts: int = 0

    def as_row(self) -> dict[str, Any]:
        """The report as a flat row (`kb reports`, the web's reports data)."""
        return {
            "report": self.number,
            "type": self.type,
            "title": self.title,
            "versions": self.versions,
            "first": self.first,
            "latest": self.latest,
            "recipients": self.recipients,
            "facts": self.facts,
            "authors": [a.name for a in self.authors],
        }


class Version(BaseModel):
    """A version as the library returns it (without its text)."""

    report: str
    version: dt.date
    title: str
    sequence: int | None
    facts: int
    text_sha1: str

    @property
    def ref(self) -> str:
        return version_ref(self.report, self.version)

    def as_row(self) -> dict[str, Any]:
        """The version as a flat row (`kb versions`, the sources sheet of an export)."""
        return {
            "report": self.report,
            "version": self.version.isoformat(),
            "ref": self.ref,
            "title": self.title,
            "sequence": self.sequence,
            "facts": self.facts,
            "text_sha1": self.text_sha1,
        }
