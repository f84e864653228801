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
    # the scale may follow a line break ("$18\nbillion") or have lost its "ll" to a PDF
    # ligature ("$1.3 bil ion")
    _c(r"\$\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
       r"(?:\s*(?P<scale>trillion|bil\s?l?ion|mil\s?l?ion|thousand)\b)?"),
    matches=("$1.9 billion", "$420.7 million", "$125.0 million", "$10 million", "$1,500,000",
             "$18\nbillion", "$1.3 bil ion", "$ 74.8 million"),
    rejects=("15%", "FY2008", "10,000 troops"),
)
SCALES = {
    None: Decimal(1),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}


def money_amount(match: re.Match[str]) -> Decimal:
    """ "$420.7 million" -> 420700000, exactly (never through a float)."""
    scale = match.group("scale")
    if scale is not None:
        scale = "".join(scale.split()).replace("bilion", "billion").replace("milion", "million")
    value = Decimal(match.group("num").replace(",", "")) * SCALES[scale]
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


# Qualifiers: the words just before the dollar sign.  Order matters ("not less than" before
# "less than").  Each regex is anchored at the end of the text before the amount.
QUALIFIERS: tuple[Cue, ...] = (
    Cue(
        "at_least",
        _c(r"(?:not less than|no less than|at least|a minimum of)[”\"’']?\s*$", re.I),
        matches=("directs that not less than ", "stipulate that “not less than” ", "at least "),
    ),
    Cue(
        "up_to",
        _c(r"(?:up to|as much as|not more than|no more than|not to exceed|a maximum of"
           r"|cap of|capped at|ceiling of|limit of)[”\"’']?\s*$", re.I),
        matches=("up to ", "not to exceed ", "as much as "),
    ),
    Cue(
        "more_than",
        _c(r"(?<!not )(?<!no )(?:more than|over|in excess of|upwards of|exceeding|above)\s*$",
           re.I),
        matches=("appropriated more than ", "in excess of "),
        rejects=("not more than ",),
    ),
    Cue(
        "less_than",
        _c(r"(?<!not )(?<!no )(?:less than|under|below)\s*$", re.I),
        matches=("less than ",),
        rejects=("not less than ",),
    ),
    Cue("nearly", _c(r"(?:nearly|almost|just under|close to|just shy of)\s*$", re.I),
        matches=("provide nearly ", "close to ")),
    Cue(
        "about",
        _c(r"(?:some|roughly|approximately|about|around|on the order of|~)\s*$", re.I),
        matches=("roughly ", "some ", "approximately "),
        rejects=("estimated ",),
    ),
    Cue(
        "average_per_year",
        _c(r"(?:averag(?:ed|ing)|an average of|an annual average of)\s*$", re.I),
        matches=("Mexico averaged ", "an average of "),
    ),
)
# "per year"/"annually" right after a figure: an average, not a total.
PER_YEAR = Cue("per_year", _c(r"^\s*(?:per year|a year|annually|each year|per annum)\b", re.I),
               matches=(" per year", " annually"))

# --- fiscal years -----------------------------------------------------------------------

FY_RANGE = Cue(
    "fy_range",
    _c(r"\b(?:[Bb]etween\s+)?(?:FY|[Ff]iscal [Yy]ears?)\s?(?P<start>(?:19|20)\d{2}|\d{2})"
       r"\s*(?:-|–|—|through|to|(?<=\d) and(?= FY))\s*"
       r"(?:FY\s?|fiscal year\s)?(?P<end>(?:19|20)\d{2}|\d{2})\b(?![,.]?\d)"),
    matches=(
        "FY2008-FY2010",
        "FY2008 - FY2021",
        "FY2015 through FY2021",
        "FY2008 to FY2021",
        "FY2018-2021",
        "fiscal years 2022 through 2024",
        "FY22-FY24",
        "between FY2008 and FY2021",
    ),
    rejects=("FY2024",),
)


def year_of(text: str) -> int:
    """'2024' -> 2024; a two-digit fiscal year '24' -> 2024."""
    value = int(text)
    return value + 2000 if value < 100 else value


FY_SINGLE = Cue(
    "fy",
    _c(r"\b(?:FY\s?(?P<year>(?:19|20)\d{2}|\d{2}\b)|[Ff]iscal [Yy]ear (?P<fiscal>(?:19|20)\d{2}))"),
    matches=("FY2024", "FY 2025", "FY22", "fiscal year 2023"),
    rejects=("2024",),
)
# Open ranges: "since FY2008", "FY2014 to date", "to date", "since 2014" (a calendar year: the
# fiscal years are inferred), "cumulatively".
SINCE = Cue(
    "since",
    _c(r"\b(?:[Ss]ince|[Bb]eginning in|[Ss]tarting in)\s+(?:(?:FY\s?|fiscal year\s)"
       r"(?P<fy>(?:19|20)\d{2})|(?:[^.;$\d]{0,50}?\b)?(?P<year>(?:19|20)\d{2}))\b|"
       r"\b(?:FY\s?)?(?P<from>(?:19|20)\d{2})\s*(?:-|–|to|through)\s*(?:the\s)?present\b"),
    matches=("since FY2008", "Since 2014,", "FY2008-present", "beginning in FY2016",
             "Since Russia launched its invasion in February 2022"),
    rejects=("in 2014",),
)
# "from 2014, when ..., through March 2022": a calendar span (the fiscal years are inferred)
CALENDAR_SPAN = Cue(
    "calendar_span",
    _c(r"\b(?:[Ff]rom|[Bb]etween)\s+(?:FY\s?)?(?P<start>(?:19|20)\d{2})\b[^.;$]{0,80}?"
       r"\b(?:through|to|until|and)\s+"
       r"(?:(?:" + "|".join(MONTHS) + r")\s+(?:\d{1,2},\s+)?)?(?P<end>(?:19|20)\d{2})\b"),
    matches=("From 2014, when Russia first invaded Ukraine, through March 2022",
             "between 1946 and 2016",
             "from 2008 to 2021"),
    rejects=("from FY2008",),
)
# An act named for its fiscal year: "the Consolidated Appropriations Act, 2023" is FY2023's.
ACT_YEAR = Cue(
    "act_year",
    _c(r"\bAppropriations Act,?\s+(?P<year>(?:19|20)\d{2})\b"),
    matches=("Ukraine Supplemental Appropriations Act, 2022",
             "Consolidated Appropriations Act, 2023"),
)
# A comparison's base: "a 7.9% increase from FY2022 enacted", "above the FY2023 level": its
# fiscal year and status are the base's, not the figure's.
COMPARISON = Cue(
    "comparison",
    _c(r"\bat\s+(?:the\s+)?FY\s?\d{4}\b[\w\s-]{0,20}?levels?\b"
       r"|\b(?:from|over|above|below|than|compared (?:with|to)|relative to|versus|vs\.)\s+"
       r"(?:in\s+)?(?:the\s+|total\s+)?(?:FY\s?\d{2,4}\b|fiscal year)"
       r"(?!\s*(?:-|–|—|through|to)\s*(?:FY\s?)?\d)[\w\s-]{0,30}?"
       r"(?=[,;.)]|\s(?:and|or|but|which)\b|$)"
       r"|\b(?:than|from|over|compared (?:with|to)|relative to)\s+(?:the\s+)?"
       r"(?:amounts?|levels?|totals?|funding)\b[^.;$]{0,60}?\bFY\s?\d{4}\b"),
    matches=("a 7.9% increase from FY2022 enacted base", "above the FY2023 enacted level",
             "at FY2021 levels", "higher than the amount provided in the FY2004 supplemental"),
    rejects=("From FY2008 to FY2010,", "from FY2015 through FY2024"),
)
# "since the mid-1990s": the decade's early, middle or late years, as a first year
SINCE_DECADE = Cue(
    "since_decade",
    _c(r"\b[Ss]ince\b[^.;$\d]{0,120}?\b(?:the\s)?(?:(?P<part>early|mid|late)[- ]?)?"
       r"(?P<decade>(?:19|20)\d0)[’']?s\b"),
    matches=("Since the establishment of self-rule in the mid-1990s", "since the 1980s",
             "since the late-1990s"),
    rejects=("since 1995",),
)
DECADE_PART = {None: 0, "early": 0, "mid": 5, "late": 7}
# "a previous $30 billion 10-year agreement, which runs through FY2018": its first year
SPAN_YEARS = Cue("span_years", _c(r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine"
                                  r"|ten|fifteen|twenty)[- ]year\b", re.I),
                 matches=("10-year agreement", "a five-year plan"))
# "From FY2008 to the present": an open end, the version's year
TO_PRESENT = Cue("to_present", _c(r"\s*(?:-|–|to|through|until)\s*(?:the\s)?present\b"),
                 matches=(" to the present", "-present"))
# "In FY2012 and as of mid-August 2013, ... allocated $1 billion": the period ends at that date
AS_OF = Cue("as_of", _c(r"\bas of (?:(?:early|mid|late)[- ]?)?(?:[A-Z][a-z]+\s)?(?:\d{1,2},\s)?"
                        r"(?P<year>(?:19|20)\d{2})\b"),
            matches=("as of mid-August 2013", "as of September 28, 2009"))
# "In 2014, the EU unveiled ... $15.5 billion": a sentence that opens with its date
OPENING_DATE = Cue("opening_date", _c(r"^(?:In|On|By|As of)\s(?:(?:early|mid|late)[- ]?)?"
                                      r"(?:[A-Z][a-z]+\s)?(?:\d{1,2},\s)?(?P<year>(?:19|20)\d{2}),"),
                   matches=("In 2014, the", "On February 12, 2015, the"))
# "Since then, ... $52 billion": from the date the previous sentence gave to the version
SINCE_THEN = Cue("since_then", _c(r"\b[Ss]ince (?:then|that time|that date)\b"),
                 matches=("Since then,", "since that time"), rejects=("since 2014",))
# "over the past 20 years": the span ends in the version's year
PAST_YEARS = Cue(
    "past_years",
    _c(r"\b(?:over|in|during|for) the (?:past|last|previous) (?:(?P<n>\d{1,2}|two|three|four"
       r"|five|six|seven|eight|nine|ten|fifteen|twenty) years|(?P<one>year))\b", re.I),
    matches=("over the past 20 years", "in the last five years", "over the previous year"),
)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20}
TO_DATE = Cue("to_date", _c(r"\bto date\b|\bso far\b|\bthus far\b|\bcumulative(?:ly)?\b", re.I),
              matches=("to date", "cumulatively"))

# --- citations (measures) ---------------------------------------------------------------

CITATIONS: tuple[Cue, ...] = (
    Cue(
        "law",
        _c(r"\bP\.\s?L\.\s?(?P<congress>\d{2,3})\s?-\s?(?P<num>\d{1,3})\b"),
        matches=("P.L. 118-47", "P.L. 119-4", "P.L. 117-\n103"),
    ),
    Cue(
        "code",
        _c(r"\b(?P<title>\d{1,2})\s?U\.\s?S\.\s?C\.\s?(?:§+\s?)?(?P<section>\d{1,5}[a-z]?)"),
        matches=("22 U.S.C. §2763", "10 U.S.C. 333", "22 U.S.C. 2318"),
        rejects=("U.S. 2020",),
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
        _c(r"committee(?:'s|’s)? reported|reported version|committee-reported"
           r"|(?:House|Senate) Appropriations Committee (?:approved|recommended|reported)"
           r"|committee(?:'s|’s)? (?:bill|recommendation|mark)", re.I),
        matches=("The House Appropriations Committee's reported version of",
                 "the Senate Appropriations Committee recommended"),
    ),
    Cue("house_passed", _c(r"\bHouse[- ]passed\b|\bpassed by the House\b|\bHouse passed\b"
                           r"|\b(?:full )?House (?:approved|adopted)\b",
                           re.I), matches=("The House-passed version",)),
    Cue("senate_passed", _c(r"\bSenate[- ]passed\b|\bpassed by the Senate\b"
                            r"|\b(?:full )?Senate (?:passed|approved|adopted)\b", re.I),
        matches=("the Senate-passed bill",)),
    Cue(
        "senate_introduced",
        _c(r"\bSenate[- ]introduced\b", re.I),
        matches=("The Senate-introduced version",),
    ),
    Cue("house_introduced", _c(r"\bHouse[- ]introduced\b", re.I), matches=("House-introduced",)),
    Cue(
        "requested",
        # an executive proposal is a request ("proposed an additional $310 million", "the base
        # proposal"); a bill's stage is named by the cues above
        _c(r"\brequest(?:ed|s|ing)?\b|\bsought\b|\bseek(?:s|ing)\b"
           r"|\bbudget (?:proposal|submission)\b|\basked Congress for\b|\bcalled for\b"
           r"|\bpropos(?:ed|es|al|als|ing)\b", re.I),
        matches=("The Biden Administration requested", "FY2025 request",
                 "the Administration sought"),
    ),
    Cue("obligated", _c(r"\bobligat(?:ed|ion|ions|ing)\b", re.I), matches=("had obligated",)),
    Cue("disbursed", _c(r"\bdisburs(?:ed|ement|ements|ing)\b|\bexpended\b|\bspent\b", re.I),
        matches=("disbursed", "had spent")),
    Cue("notified", _c(r"\bnotif(?:ied|ication|ications|y)\b", re.I),
        matches=("notified Congress of",)),
    Cue("committed", _c(r"\bcommit(?:s|ted|ments?)?\b|\bpledg(?:e|es|ed|ing)\b"
                        r"|\bagree(?:s|d)? to (?:provide|give|fund)\b", re.I),
        matches=("had committed", "security assistance commitments", "pledges to provide",
                 "commits the Administration to", "agreed to provide")),
    Cue("allocated", _c(r"\ballocat(?:e|es|ed|ing|ion|ions)\b|\bplanned\b|\bintended\b", re.I),
        matches=("allocated", "planned to allocate", "allocating", "planned contributions")),
    Cue(
        "authorized",
        # a transfer authority or a cap is a limit on what may be spent, not money provided
        _c(r"\bauthoriz(?:e|ed|es|ation|ing)\b|\bto transfer\b|\btransfer authority\b"
           r"|\b(?:cap|ceiling|limit) of\b", re.I),
        matches=("The FY2022 NDAA authorized", "permitted DOD to transfer up to",
                 "a PDA cap of", "with a limit of"),
    ),
    Cue("estimated", _c(r"\bestimates?\b(?:\s+that)?\s+(?:it|they|the \w+|[A-Z]{2,5})\s+will\s+"
                        r"(?:spend|provide|obligate|need)\b"),
        matches=("DOD estimates that it will spend", "and estimates it will spend")),
    Cue(
        "appropriated",
        _c(r"(?<!funds )(?<!amounts )\b(?:appropriat(?:ed|es|ing)|enacted|directs|directed"
           r"|provided|provides|providing|made available|makes available|received"
           r"|(?:fully )?funded"
           r"|approved"
           r"|[Aa]ppropriations(?! [Cc]ommittee| [Ss]ubcommittee| bill| measure| requests?))\b"),
        matches=("Congress appropriated", "The act directed not less than",
                 "$5 billion in appropriations", "Congress has provided"),
        rejects=("of funds appropriated for ESF", "Appropriations Committee"),
    ),
    Cue(
        "reported",
        _c(r"\b(?:averaged|totaled|totalled|falling|fell|rose|publicly available"
           r"|amounted to|valued at)\b"),
        matches=("INCLE assistance to Mexico averaged", "programs totaled $37 million"),
    ),
)
# Status cues that are nouns, not verbs: weaker than any verb cue in the same clause, but
# stronger than a verb that only reports a figure ("obligations totaled $100 million").
NOUN_CUE = Cue(
    "noun_cue",
    _c(r"[Aa]ppropriations|(?:the )?(?:FY\d{4} )?request|requests|[Oo]bligations?"
       r"|[Dd]isbursements?|[Nn]otifications?|[Cc]ommitments?|[Aa]llocations?"
       r"|[Aa]uthorizations?"),
    matches=("appropriations", "Appropriations", "request", "obligations", "commitment"),
)
# A figure that is the difference between two others: no stage of its own ("$314 million, or
# 18%, less than ...", "a reduction of $56 million from the request")
DIFFERENCE_AFTER = Cue(
    "difference_after",
    _c(r"\s*(?:\([^)$]{0,20}\)\s*)?(?:,\s*or\s+[\d.]+\s?%,\s*)?"
       r"(?:less|more|lower|higher|greater|fewer|above|below)\b(?:\s+than\b)?"),
    matches=(", or 18%, less than", " (17.4%) above", " less than the request"),
)
DIFFERENCE_BEFORE = Cue(
    "difference_before",
    _c(r"\b(?:a|an|the)\s+(?:reduction|cut|decrease|increase|drop|rise|difference|shortfall)"
       r"\s+of\s+(?:about\s+|some\s+|nearly\s+|almost\s+)?$", re.I),
    matches=("a reduction of ", "an increase of about "),
)
# ", which are provided in Titles II-VI of the bill,": a relative clause describes a noun; its
# verb is not the status of a figure outside it
RELATIVE = Cue("relative", _c(r",\s*(?:which|that|who)\s[^,$]{3,120},"),
               matches=(", which are provided in Titles II-VI of the SFOPS bill,",),
               rejects=(", which provided $5 million,",))
# A promise or a request governs the verb it introduces: "pledges to provide $38 billion" is
# a commitment, "asked Congress to appropriate" a request.
GOVERNING = frozenset(("committed", "requested"))
INFINITIVE = Cue("infinitive", _c(r"\s+(?:[\w.’']+\s+){0,3}?to\s+(?:\w+\s+)?"),
                 matches=(" to ", " the Administration to ", " Congress to "))
# The statuses kb's funding view knows (kb.domain.vocabulary.FundingStatus): the drafter never
# proposes another.
STATUS_NAMES = (*(c.name for c in STATUSES), "estimated")
# The stage of a bill: in a sentence about a bill, this is the figure's status whatever verb
# the sentence uses ("The Senate-introduced version ... would provide $10 million").
BILL_STAGES = frozenset(("committee_reported", "house_passed", "senate_passed",
                         "senate_introduced", "house_introduced"))
# Per amount, overriding the sentence: "an estimated $48 million".
ESTIMATED = Cue("estimated", _c(r"\b(?:an )?estimated\s*$", re.I), matches=("and an estimated ",))

MEASURE_STAGE_FROM_STATUS = {
    "committee_reported": "committee_reported",
    "house_passed": "house_passed",
    "senate_passed": "senate_passed",
    "senate_introduced": "senate_introduced",
    "house_introduced": "house_introduced",
}

# --- accounts: kb.domain.accounts holds the vocabulary ------------------------------------

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
PERCENT = Cue(
    "percent",
    _c(r"(?P<value>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b|percentage points?\b)"),
    matches=("15%", "69.4%", "47 percent", "3 percentage points"),
)
# "28 per 100,000 people", "a rate of 25.2 homicides per 100,000 inhabitants"
RATE = Cue(
    "rate",
    _c(r"(?P<value>\d[\d,]*(?:\.\d+)?)\s+(?P<noun>(?:[a-z-]+\s){0,2})per\s+"
       r"(?P<base>\d{1,3}(?:,\d{3})+|\d+|one million|a million|million|thousand)\s+"
       r"(?P<unit>[a-z]+)"),
    matches=("28 per 100,000 people", "25.2 homicides per 100,000 inhabitants"),
    rejects=("$28 per person",),
)
# A forward-looking or hypothetical statement: not a dated event.
MODAL = Cue(
    "modal",
    # case-sensitive: "May 28, 2021" is a month ("Could ..." opens few CRS sentences)
    _c(r"\b(?:may|might|could|would|should|will|shall|can|Would|Could|Should|Will)\b"
       r"|\b(?:is|are) (?:expected|likely|scheduled|set|slated|poised) to\b"
       r"|\b(?:plans?|intends?|aims?) to\b"),
    matches=("Congress may consider", "is expected to expire", "The bill would provide"),
    rejects=("Congress approved", "On May 28, 2021, the Administration released"),
)
# A verb in the past tense before a modal ("In July 2024, the House passed a bill that would
# ..."): the sentence reports an event, the modal is in a clause about it.
PAST_VERB = Cue(
    "past_verb",
    _c(r"\b(?:has|have|had|was|were) (?:not |also |since |already )?[a-z]+\b"
       r"|\b(?:[a-z]{2,}ed|began|became|took|met|sent|gave|made|led|won|said|held|set|saw|went"
       r"|came|fell|rose|grew|brought|told|left|sought|fought|paid|struck|built|broke|chose"
       r"|did)\b"),
    matches=("the House passed a bill", "officials met"),
    rejects=("Congress may consider",),
)

# --- dates and counts -------------------------------------------------------------------

DATE = Cue(
    "date",
    _c(
        r"\b(?P<month>"
        + "|".join(MONTHS)
        + r")(?:\s(?P<day>\d{1,2}),)?(?:\s(?:and|or|to|through)\s(?:"
        + "|".join(MONTHS)
        + r"))?\s(?P<year>(?:19|20)\d{2})\b"
        r"|\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Ff]rom) (?:(?:early|mid|late)[- ])?"
        r"(?P<year_only>(?:19|20)\d{2})\b(?![-–%])"
        r"|\b[Tt]he (?P<year_adj>(?:19|20)\d{2}) (?=[A-Z])"
    ),
    matches=("In March 2007", "in February 2025", "In 2019,", "October 1, 2024",
             "At the 2023 HLSD", "In April and May 2001", "initiated in late 2004"),
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
# A number of things: the number, up to three modifiers, and a plural noun (or one of the nouns
# whose plural has no -s).  Not years, not money, not percents, not durations.
COUNT = Cue(
    "count",
    _c(
        r"(?<![\d$.,§-])(?<!per )(?!(?:19|20)\d{2}\b)(?P<value>\d{1,3}(?:,\d{3})+|\d+)"
        r"(?![\d%,.]\d|%|-year|-month|\s?percent)"
        r"(?P<more>\s(?:more|additional|new|other|such|U\.S\.))?\s"
        r"(?!(?:days|weeks|months|years|hours|minutes|decades|times|percent)\b)"
        r"(?P<unit>(?:(?!(?:of|in|to|for|the|per|from|by|with|on|at)\s)"
        r"[A-Za-z][\w-]*\s){0,3}?"
        r"(?:[a-z][a-z-]*[a-z]s|[A-Z][\w-]*s|people|personnel|police|aircraft|staff|youth"
        r"|children|men|women|military|equipment))\b"
    ),
    matches=("10,000 Mexican National Guard troops", "55 high-level drug traffickers",
             "600,000 weapons", "50 F-35s", "13,200 FARC members", "12 measures",
             "3,000 U.S. troops"),
    rejects=("60 days of enactment", "FY2024 funds", "$500 million", "15% of funds",
             "2023 figures"),
)
# Units that are durations or parts of a text, not things counted.
# A number that names a section, title or law is no count ("Section 1206 funds")
NUMBERED = Cue("numbered", _c(r"(?:\b(?:Sections?|Sec\.|Titles?|Divisions?|No\.|Nos\.|Chapter"
                              r"|Public Law|Part)|§)\s*(?:\d+\s*(?:/|,|and|or)\s*)*$"),
               matches=("Section ", "Title 10/", "§ "))
NOT_COUNTED = frozenset(
    ["days", "weeks", "months", "years", "hours", "minutes", "decades", "times", "pages",
     "percent", "sections", "titles", "divisions", "paragraphs", "footnotes", "figures",
     "tables", "votes"]
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
    GLOBAL,
    *CONDITIONS,
    IMPOSED,
    PERCENT,
    RATE,
    MODAL,
    PAST_VERB,
    PER_YEAR,
    SINCE,
    SINCE_THEN,
    AS_OF,
    OPENING_DATE,
    RELATIVE,
    DIFFERENCE_AFTER,
    DIFFERENCE_BEFORE,
    SINCE_DECADE,
    SPAN_YEARS,
    TO_PRESENT,
    CALENDAR_SPAN,
    ACT_YEAR,
    NOUN_CUE,
    PAST_YEARS,
    COMPARISON,
    TO_DATE,
    DATE,
    MONTH_ONLY,
    EVENT_VERBS,
    CHANGE,
    MULTIPLE,
    PROGRAM_HEADING,
    PHASE,
    COUNT,
    NUMBERED,
    DESIGNATION,
)
