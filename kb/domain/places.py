"""Recipients: countries (pycountry's ISO 3166 list, with the short names CRS uses) and a small
list of regions, plus ``global``.

The regions are the groupings CRS reports and the appropriations acts fund as such; a region is
a recipient in its own right (a figure "for Central America" is not split across countries).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The regions kb recognises, as CRS writes them (display name first, then other spellings).
REGIONS: tuple[tuple[str, ...], ...] = (
    ("Latin America and the Caribbean", "Latin America and Caribbean"),
    ("Western Hemisphere",),
    ("Central America", "Central American countries", "Central American nations"),
    ("Northern Triangle", "Northern Triangle of Central America"),
    ("Caribbean", "Caribbean Basin", "Caribbean countries", "Caribbean nations"),
    ("South America",),
    ("Andean region", "Andean Region", "Andean countries"),
    ("Latin America",),
    ("Sub-Saharan Africa", "sub-Saharan Africa"),
    ("Sahel",),
    ("North Africa",),
    ("Africa",),
    ("Middle East and North Africa",),
    ("Middle East",),
    ("Europe and Eurasia",),
    ("Central Asia",),
    ("South and Central Asia",),
    ("East Asia and the Pacific", "East Asia and Pacific"),
    ("Indo-Pacific",),
)
GLOBAL = "global"

# pycountry's ISO names are formal ("Korea, Republic of"); CRS writes the short form.
SHORT_NAMES = {
    "BO": "Bolivia", "BN": "Brunei", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Côte d'Ivoire", "CV": "Cabo Verde",
    "CZ": "Czech Republic", "FM": "Micronesia", "IR": "Iran", "KP": "North Korea",
    "KR": "South Korea", "LA": "Laos", "MD": "Moldova", "MM": "Burma", "PS": "West Bank and Gaza",
    "RU": "Russia", "SY": "Syria", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania",
    "VE": "Venezuela", "VN": "Vietnam", "GB": "United Kingdom", "VA": "Holy See",
}
EXTRA_ALIASES = {
    "Burma": ("Myanmar",), "Turkey": ("Türkiye", "Turkiye"), "Côte d'Ivoire": ("Ivory Coast",),
    "West Bank and Gaza": ("West Bank", "Gaza", "Palestinian territories"),
    "Czech Republic": ("Czechia",), "United Kingdom": ("Britain", "UK"),
    "Democratic Republic of the Congo": ("DRC", "Congo-Kinshasa"),
    "Vietnam": ("Viet Nam",), "Cabo Verde": ("Cape Verde",), "Eswatini": ("Swaziland",),
    "North Macedonia": ("Macedonia",), "Kosovo": (), "Timor-Leste": ("East Timor",),
}
# Not recipients: the donor, and territories CRS does not fund as countries.
EXCLUDED = {"US", "UM", "AQ", "BV", "HM", "TF", "IO"}


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Every spelling -> the recipient's display name."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        if c.alpha_2 in EXCLUDED:
            continue
        display = SHORT_NAMES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        for spelling in {c.name, display, getattr(c, "common_name", None),
                         getattr(c, "official_name", None)}:
            if spelling and "," not in spelling:
                out[spelling] = display
    for display, aliases in EXTRA_ALIASES.items():
        out[display] = display
        for alias in aliases:
            out[alias] = display
    for region in REGIONS:
        for spelling in region:
            out[spelling] = region[0]
    return out


@lru_cache(maxsize=1)
def _regex() -> re.Pattern[str]:
    # longest first: "Papua New Guinea" before "Guinea", "Dominican Republic" before "Dominica"
    spellings = sorted(names(), key=len, reverse=True)
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(s) for s in spellings) + r")(?!\w)"
    )


def places_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, recipient) for each country or region named in ``text``, in order."""
    table = names()
    return [(m.start(), m.end(), table[m.group()]) for m in _regex().finditer(text)]


def is_region(name: str) -> bool:
    return any(name == r[0] for r in REGIONS)


def known_recipient(name: str) -> str | None:
    """The display name for a spelling kb knows (any case), else None."""
    lowered = {k.lower(): v for k, v in names().items()}
    if name.lower() == GLOBAL:
        return GLOBAL
    return lowered.get(name.lower())
