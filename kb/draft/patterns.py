"""CRS extraction patterns as data: each named, with examples beside it (tests run them all).

General-purpose libraries do not read CRS's money and fiscal-year forms ("FY2008-FY2010",
"not less than $125.0 million", "$420.7 million in Foreign Military Financing (FMF)"), so kb
keeps its own small patterns here, and only here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kb.domain.dates import MONTHS


@dataclass(frozen=True)
class Cue:
    """A named pattern and what it yields, with example texts it must (and must not) match."""

    name: str  # what it yields: an account code, a status, a qualifier, a citation type
    regex: re.Pattern[str]
    matches: tuple[str, ...] = ()
    rejects: tuple[str, ...] = field(default=())


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# --- money ------------------------------------------------------------------------------

MONEY = Cue(
    "money",
    _c(r"\$\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s(?P<scale>billion|million|thousand))?"),
    matches=("$1.9 billion", "$420.7 million", "$125.0 million", "$10 million", "$1,500,000"),
    rejects=("15%", "FY2008", "10,000 troops"),
)
SCALES = {
    None: Decimal(1),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
}


def money_amount(match: re.Match[str]) -> Decimal:
    """ "$420.7 million" -> 420700000, exactly (never through a float)."""
    value = Decimal(match.group("num").replace(",", "")) * SCALES[match.group("scale")]
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


# Qualifiers: the words just before the dollar sign.  Order matters ("not less than" before
# "less than").  Each regex is anchored at the end of the text before the amount.
QUALIFIERS: tuple[Cue, ...] = (
    Cue(
        "at_least",
        _c(r"(?:not less than|at least|a minimum of)[”\"’']?\s*$", re.I),
        matches=("directs that not less than ", "stipulate that “not less than” "),
    ),
    Cue(
        "more_than",
        _c(r"(?:more than|over|in excess of|upwards of)\s*$", re.I),
        matches=("appropriated more than ",),
    ),
    Cue(
        "less_than",
        _c(r"(?<!not )(?:less than|under)\s*$", re.I),
        matches=("less than ",),
        rejects=("not less than ",),
    ),
    Cue("nearly", _c(r"(?:nearly|almost|just under)\s*$", re.I), matches=("provide nearly ",)),
    Cue(
        "about",
        _c(r"(?:some|roughly|approximately|about|around)\s*$", re.I),
        matches=("roughly ", "some "),
        rejects=("estimated ",),
    ),
    Cue("up_to", _c(r"up to\s*$", re.I), matches=("up to ",)),
    Cue(
        "average_per_year",
        _c(r"(?:averag(?:ed|ing)|an average of)\s*$", re.I),
        matches=("Mexico averaged ",),
    ),
)

# --- fiscal years -----------------------------------------------------------------------

FY_RANGE = Cue(
    "fy_range",
    _c(r"\bFY\s?(?P<start>\d{4})\s*(?:-|–|—|through|to)\s*(?:FY\s?)?(?P<end>\d{4})\b"),
    matches=(
        "FY2008-FY2010",
        "FY2008 - FY2021",
        "FY2015 through FY2021",
        "FY2008 to FY2021",
        "FY2018-2021",
    ),
    rejects=("FY2024",),
)
FY_SINGLE = Cue(
    "fy", _c(r"\bFY\s?(?P<year>\d{4})\b"), matches=("FY2024", "FY 2025"), rejects=("2024",)
)

# --- citations (measures) ---------------------------------------------------------------

CITATIONS: tuple[Cue, ...] = (
    Cue(
        "law",
        _c(r"\bP\.\s?L\.\s?(?P<congress>\d{2,3})-(?P<num>\d{1,3})\b"),
        matches=("P.L. 118-47", "P.L. 119-4"),
    ),
    Cue(
        "committee_report",
        _c(r"\b(?P<chamber>[HS])\.\s?Rept\.\s?(?P<congress>\d{2,3})-(?P<num>\d{1,4})\b"),
        matches=("S.Rept. 118-71", "H.Rept. 119-217", "H. Rept. 118-554"),
    ),
    Cue(
        "bill",
        _c(r"(?<![A-Za-z.])(?P<chamber>H\.R\.|S\.)\s?(?P<num>\d{1,5})\b(?!-)"),
        matches=("H.R. 4779", "S. 4797", "H.R. 8771/H.Rept. 118-554"),
        rejects=("S.Rept. 118-71", "U.S. 2020"),
    ),
    Cue(
        "executive_order",
        _c(r"\b(?:E\.O\.|Executive Order)\s?(?P<num>\d{5})\b"),
        matches=("E.O. 13773", "Executive Order 14157"),
    ),
)

# --- funding status: the sentence's cues, most specific first ---------------------------

STATUSES: tuple[Cue, ...] = (
    Cue(
        "committee_reported",
        _c(r"committee(?:'s|’s)? reported|reported version|committee-reported", re.I),
        matches=("The House Appropriations Committee's reported version of",),
    ),
    Cue("house_passed", _c(r"\bHouse[- ]passed\b", re.I), matches=("The House-passed version",)),
    Cue("senate_passed", _c(r"\bSenate[- ]passed\b", re.I), matches=("the Senate-passed bill",)),
    Cue(
        "senate_introduced",
        _c(r"\bSenate[- ]introduced\b", re.I),
        matches=("The Senate-introduced version",),
    ),
    Cue("house_introduced", _c(r"\bHouse[- ]introduced\b", re.I), matches=("House-introduced",)),
    Cue(
        "requested",
        _c(r"\brequest(?:ed|s|ing)?\b", re.I),
        matches=("The Biden Administration requested", "FY2025 request"),
    ),
    Cue(
        "appropriated",
        _c(r"(?<!funds )(?<!amounts )\b(?:appropriated|enacted|directs|directed|provided)\b"),
        matches=("Congress appropriated", "The act directed not less than"),
        rejects=("of funds appropriated for ESF", "Appropriations Committee"),
    ),
    Cue(
        "reported",
        _c(r"\b(?:averaged|totaled|totalled|received|falling|fell|rose|publicly available)\b"),
        matches=("INCLE assistance to Mexico averaged", "programs totaled $37 million"),
    ),
)
# Per amount, overriding the sentence: "an estimated $48 million".
ESTIMATED = Cue("estimated", _c(r"\b(?:an )?estimated\s*$", re.I), matches=("and an estimated ",))

MEASURE_STAGE_FROM_STATUS = {
    "committee_reported": "committee_reported",
    "house_passed": "house_passed",
    "senate_passed": "senate_passed",
    "senate_introduced": "senate_introduced",
    "house_introduced": "house_introduced",
}

# --- accounts: a vocabulary of names and abbreviations ----------------------------------

ACCOUNTS: tuple[Cue, ...] = (
    Cue(
        "INCLE",
        _c(r"\bINCLE\b|International Narcotics Control and Law Enforcement"),
        matches=("in INCLE", "International Narcotics Control and Law Enforcement (INCLE)"),
    ),
    Cue("ESF", _c(r"\bESF\b|Economic Support Fund"), matches=("in ESF funds",)),
    Cue(
        "FMF",
        _c(r"\bFMF\b|Foreign Military Financing"),
        matches=("Foreign Military Financing (FMF)",),
    ),
    Cue("IMET", _c(r"\bIMET\b|International Military Education and Training"), matches=("IMET",)),
    Cue("NADR", _c(r"\bNADR\b|Nonproliferation, Anti-?terrorism, Demining"), matches=("NADR",)),
    Cue("PKO", _c(r"\bPKO\b|Peacekeeping Operations"), matches=("Peacekeeping Operations",)),
    Cue(
        "DA",
        _c(r"Development Assistance \(DA\)|\bDA account"),
        matches=("Development Assistance (DA)",),
    ),
)
GLOBAL = Cue("global", _c(r"\bglobal(?:ly)?\b", re.I), matches=("global ESF", "globally"))

# --- conditions -------------------------------------------------------------------------

CONDITIONS: tuple[Cue, ...] = (
    Cue(
        "withholding",
        _c(r"\bwithh(?:o|e)ld(?:s|ing)?\b", re.I),
        matches=("required the State Department to withhold 15%",),
    ),
    Cue(
        "certification",
        _c(r"\bcertif(?:y|ies|ied|ication)\b", re.I),
        matches=("until the Secretary of State certifies",),
    ),
    Cue(
        "restriction",
        _c(r"\brestrict(?:s|ed|ion|ions)?\b", re.I),
        matches=("It would restrict most assistance",),
    ),
    Cue("briefing", _c(r"\bbriefing\b", re.I), matches=("a briefing on",)),
    Cue(
        "reporting",
        _c(
            r"\b(?:require[sd]?|requirements?|would require)\b[^.]*\breports?\b"
            r"|\breport(?:s)? (?:to|on|within|not later)\b",
            re.I,
        ),
        matches=("S.Rept. 118-71 required the Secretary of State to submit a report",),
        rejects=("A September 2023 Government Accountability Office (GAO) report questioned",),
    ),
)
# A condition is imposed, not just named ("Congress could influence ... through withholding
# requirements or restrictions" imposes nothing).
IMPOSED = Cue(
    "imposed",
    _c(r"\buntil\b|\bunless\b|\bprior to\b|\bnot later than\b|\bwithin \d+ days\b|\d%"
       r"|\brequire[sd]?\b|\brequirements? include"),
    matches=("withhold 15% of", "until the Secretary of State certifies",
             "Other requirements included the provision of separate reports",
             "S.Rept. 118-71 required the Secretary of State"),
    rejects=("Congress could influence bilateral security cooperation through appropriations, "
             "withholding requirements or restrictions on foreign assistance",),
)
PERCENT = Cue("percent", _c(r"(?P<value>\d+(?:\.\d+)?)%"), matches=("15%", "69.4%"))

# --- dates and counts -------------------------------------------------------------------

DATE = Cue(
    "date",
    _c(
        r"\b(?P<month>"
        + "|".join(MONTHS)
        + r")(?:\s(?P<day>\d{1,2}),)?\s(?P<year>(?:19|20)\d{2})\b"
        r"|\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring) (?P<year_only>(?:19|20)\d{2})\b(?![-–%])"
        r"|\b[Tt]he (?P<year_adj>(?:19|20)\d{2}) (?=[A-Z])"
    ),
    matches=("In March 2007", "in February 2025", "In 2019,", "October 1, 2024",
             "At the 2023 HLSD"),
    rejects=("FY2024", "2008-2016", "(2018-2023)", "the 2023 report"),
)
# "in July" without a year: the year comes from the paragraph.
MONTH_ONLY = Cue(
    "month_only",
    _c(r"\bin (?P<month>" + "|".join(MONTHS) + r")\b(?!\s+\d)"),
    matches=("to discuss a bilateral agreement in July,",),
    rejects=("in July 2024",),
)
# An action in a sentence without a date of its own ("Instead, the government created a
# National Guard"; "He later postponed ..."): an event dated by the paragraph's last date.
EVENT_VERBS = Cue(
    "event_verb",
    _c(r"\b(?:enacted|created|declared|imposed|indicted|threatened|postponed|revoked|"
       r"cancel(?:l)?ed|disbanded|arrested|announced|expanded|deployed|transferred|pledged|"
       r"highlighted|launched|signed|extradited|suspended|designated)\b"),
    matches=("Instead, the government created a National Guard", "He later postponed"),
    rejects=("the creation of",),
)
# Statistics: "deaths rose from 27,700 in 2007 to some 107,450 in 2023"; "tripled from 2007".
CHANGE = Cue(
    "change",
    _c(r"(?P<name>[A-Z][\w .’'-]*?) (?:rose|fell|increased|decreased|declined|grew|dropped) "
       r"from (?P<a>\d[\d,.]*) in (?P<y1>(?:19|20)\d{2}) to (?P<q>some |about |roughly |nearly )?"
       r"(?P<b>\d[\d,.]*) in (?P<y2>(?:19|20)\d{2})"),
    matches=("U.S. drug overdose deaths rose from 27,700 in 2007 to some 107,450 in 2023",),
)
MULTIPLE = Cue(
    "multiple",
    _c(r"(?P<name>[A-Z][\w .’'-]*?) (?P<times>doubled|tripled|quadrupled) "
       r"from (?P<y1>(?:19|20)\d{2}) to (?P<y2>(?:19|20)\d{2})"),
    matches=("The homicide rate in Mexico tripled from 2007 to 2023",),
)
# Headings that name a program ("The Mérida Initiative", "Bicentennial Framework (2021-2024)")
# and sentences that open a phase ("First Phase: FY2008-FY2010.").
PROGRAM_HEADING = Cue(
    "program_heading",
    _c(r"^(?:The )?(?P<name>[A-ZÀ-Ý][\wÀ-ÿ.’'-]*(?: [A-ZÀ-Ý][\wÀ-ÿ.’'-]*)* "
       r"(?:Initiative|Framework|Program|Plan|Strategy))"
       r"(?: \((?P<start>(?:19|20)\d{2})-(?P<end>(?:19|20)\d{2}|Present)\))?$"),
    matches=("The Mérida Initiative", "Bicentennial Framework (2021-2024)",
             "Bicentennial Framework (2021-Present)"),
    rejects=("Congressional Action", "The Mérida Initiative began in 2008."),
)
PHASE = Cue(
    "phase",
    _c(r"^(?P<name>[A-Z][\w ]*?): FY\s?(?P<start>\d{4})\s?[-–]\s?(?:FY\s?)?(?P<end>\d{4})\.$"),
    matches=("First Phase: FY2008-FY2010.", "Final Phase and Demise: FY2018-FY2021."),
    rejects=("From FY2008 to FY2010, Congress appropriated $1.5 billion.",),
)
COUNT = Cue(
    "count",
    _c(
        r"\b(?P<value>\d{1,3}(?:,\d{3})+|\d{2,})(?!%|-|,\d)\s(?P<unit>(?:[a-zA-Z-]+\s){0,3}"
        r"(?:troops|traffickers|deaths|people|members|agents|officials|cases|arrests|"
        r"extraditions|organizations|cartels|programs))\b"
    ),
    matches=("10,000 Mexican National Guard troops", "55 high-level drug traffickers"),
    rejects=("60 days of enactment",),
)
DESIGNATION = Cue(
    "designation",
    _c(
        r"designat\w*\b[^.]*?\b(?:foreign terrorist organizations?|FTOs?)\b"
        r"|\b(?:FTOs?|foreign terrorist organizations?)\b[^.]*\bdesignat",
        re.I,
    ),
    matches=("six of which were designated as foreign terrorist organizations (FTOs)",),
)

# CRS abbreviations whose periods end no sentence (kb's guards around the segmenter).
ABBREVIATIONS = _c(
    r"\b(?:S\.\s?Rept\.|H\.\s?Rept\.|H\.\s?R\.|H\.\s?Res\.|S\.\s?Res\.|P\.\s?L\.|E\.\s?O\.|"
    r"U\.S\.(?=\s[a-z(\d])|S\.(?=\s\d)|No\.(?=\s\d)|Sec\.(?=\s\d)|Jan\.|Feb\.|Mar\.|Apr\.|"
    r"Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Mr\.|Ms\.|Dr\.|Gen\.|Sen\.|Rep\.|(?<![A-Z])[A-Z]\.(?=\s[A-Z]\.))"
)

ALL_CUES: tuple[Cue, ...] = (
    MONEY,
    *QUALIFIERS,
    FY_RANGE,
    FY_SINGLE,
    *CITATIONS,
    *STATUSES,
    ESTIMATED,
    *ACCOUNTS,
    GLOBAL,
    *CONDITIONS,
    IMPOSED,
    PERCENT,
    DATE,
    MONTH_ONLY,
    EVENT_VERBS,
    CHANGE,
    MULTIPLE,
    PROGRAM_HEADING,
    PHASE,
    COUNT,
    DESIGNATION,
)
