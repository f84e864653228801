"""The vocabularies a fact's fields take, apart from the Pydantic schemas that use them:
`kb funding` checks its arguments against these without importing Pydantic (cold start)."""

from __future__ import annotations

from typing import Literal

FY_MIN, FY_MAX = 1900, 2100

Qualifier = Literal[
    "exact", "more_than", "at_least", "nearly", "about", "up_to", "less_than", "average_per_year"
]
FundingStatus = Literal[
    "appropriated",  # enacted in an appropriations act (including directed minimums)
    "allocated",  # allocated by the executive from appropriated funds
    "obligated",
    "requested",  # the President's budget request
    "proposed",  # proposed by the Administration outside the request (an added proposal)
    "authorized",  # authorized (an authorization act, or an executive drawdown authorization)
    "notified",  # notified to Congress (a congressional notification)
    "committed",  # committed by the executive ("has committed $X in security assistance")
    "disbursed",  # disbursed or expended
    "estimated",  # an estimate the report gives for a past year
    "reported",  # an actual figure the report gives (e.g. "the last year publicly available")
    "house_passed",
    "senate_passed",
    "senate_introduced",
    "house_introduced",
    "committee_reported",
]

# Designation types: the code kb stores, and how CRS names it (a regular expression).
DESIGNATION_TYPES: dict[str, str] = {
    "FTO": r"foreign terrorist organi[sz]ations?|\bFTOs?\b",
    "SDGT": r"specially designated global terrorists?|\bSDGTs?\b",
    "SST": r"state sponsors? of terrorism",
    "TCO": r"transnational criminal organi[sz]ations?|\bTCOs?\b",
    "MNNA": r"major non-NATO all(?:y|ies)|\bMNNAs?\b",
    "major_drug_country": r"major (?:illicit )?drug[- ](?:transit|producing|transit or "
    r"(?:major )?(?:illicit )?drug[- ]producing) countr(?:y|ies)",
    "kingpin": r"(?:narcotics|drug) kingpins?|Kingpin Act",
    "SDN": r"specially designated nationals?|\bSDN list\b",
}

# The order a figure moves through its stages (kb funding --lineage; migration 0008's view has
# a copy, as a released migration must).
FUNDING_STAGES: tuple[str, ...] = (
    "requested", "proposed", "house_introduced", "senate_introduced", "committee_reported",
    "house_passed", "senate_passed", "authorized", "appropriated", "allocated", "notified",
    "committed", "estimated", "reported", "obligated", "disbursed",
)  # fmt: skip
