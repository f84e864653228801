"""U.S. foreign and defense assistance accounts, programs and authorities, as CRS names them.

One entry per code: the code kb stores (``account`` of an appropriation, upper case, no spaces),
the name spelled out as CRS writes it, and the other spellings CRS uses.  The drafter finds an
account by its name, by its code where the code is unambiguous, or by the code in parentheses
or before "account"/"funds" where it is not ("DA" and "IDA" are also ordinary abbreviations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class AccountSpec:
    code: str
    name: str  # as CRS spells it out
    kind: str  # "account" (appropriated), "authority" (a legal authority), "program"
    aliases: tuple[str, ...] = ()
    # the bare code is also an ordinary word or abbreviation: match it only as "(CODE)",
    # "CODE account" or "CODE funds"
    ambiguous: bool = False


ACCOUNTS: tuple[AccountSpec, ...] = (
    # State Department and USAID (SFOPS) accounts
    AccountSpec("FMF", "Foreign Military Financing", "account"),
    AccountSpec("IMET", "International Military Education and Training", "account"),
    AccountSpec("INCLE", "International Narcotics Control and Law Enforcement", "account"),
    AccountSpec("ESF", "Economic Support Fund", "account", ("Economic Support Funds",)),
    AccountSpec("NADR", "Nonproliferation, Anti-terrorism, Demining, and Related Programs",
                "account", ("Nonproliferation, Antiterrorism, Demining, and Related Programs",
                            "Nonproliferation, Anti-Terrorism, Demining and Related Programs")),
    AccountSpec("PKO", "Peacekeeping Operations", "account"),
    AccountSpec("CIPA", "Contributions for International Peacekeeping Activities", "account"),
    AccountSpec("DA", "Development Assistance", "account", ambiguous=True),
    AccountSpec("GHP", "Global Health Programs", "account"),
    AccountSpec("MRA", "Migration and Refugee Assistance", "account"),
    AccountSpec("ERMA", "Emergency Refugee and Migration Assistance", "account"),
    AccountSpec("IDA", "International Disaster Assistance", "account", ambiguous=True),
    AccountSpec("FSA", "FREEDOM Support Act", "account", ("Freedom Support Act",)),
    AccountSpec("AEECA", "Assistance for Europe, Eurasia and Central Asia", "account",
                ("Assistance for Europe, Eurasia, and Central Asia",)),
    AccountSpec("TI", "Transition Initiatives", "account", ambiguous=True),
    AccountSpec("DF", "Democracy Fund", "account", ambiguous=True),
    AccountSpec("CSO", "Complex Crises Fund", "account", ambiguous=True),
    AccountSpec("IAF", "Inter-American Foundation", "account", ambiguous=True),
    AccountSpec("MCC", "Millennium Challenge Corporation", "account"),
    AccountSpec("DFC", "U.S. International Development Finance Corporation", "account",
                ("Development Finance Corporation",)),
    AccountSpec("IBWC", "International Boundary and Water Commission", "account"),
    AccountSpec("DCA", "Development Credit Authority", "authority", ambiguous=True),
    # Department of Defense accounts and authorities
    AccountSpec("ASFF", "Afghanistan Security Forces Fund", "account"),
    AccountSpec("ISFF", "Iraq Security Forces Fund", "account"),
    AccountSpec("CTEF", "Counter-ISIS Train and Equip Fund", "account",
                ("Counter-Islamic State of Iraq and Syria Train and Equip Fund",)),
    AccountSpec("USAI", "Ukraine Security Assistance Initiative", "account"),
    AccountSpec("ERI", "European Reassurance Initiative", "program",
                ("European Deterrence Initiative",)),
    AccountSpec("CTPF", "Counterterrorism Partnerships Fund", "account"),
    AccountSpec("GSCF", "Global Security Contingency Fund", "account"),
    AccountSpec("DSCA", "Defense Security Cooperation Agency", "account", ambiguous=True),
    AccountSpec("DIACDA", "Drug Interdiction and Counter-Drug Activities", "account",
                ("Drug Interdiction and Counterdrug Activities",)),
    AccountSpec("CCIF", "Coalition Support Funds", "account", ("Coalition Support Fund",)),
    AccountSpec("CERP", "Commander's Emergency Response Program", "program",
                ("Commander’s Emergency Response Program",)),
    AccountSpec("SEC333", "Section 333", "authority",
                ("10 U.S.C. 333", "10 U.S.C. §333", "10 U.S.C. § 333", "§333")),
    AccountSpec("SEC1206", "Section 1206", "authority"),
    AccountSpec("SEC1202", "Section 1202", "authority"),
    AccountSpec("SEC1004", "Section 1004", "authority"),
    AccountSpec("SEC2282", "Section 2282", "authority"),
    AccountSpec("SEC506", "Section 506", "authority"),
    AccountSpec("PDA", "Presidential Drawdown Authority", "authority",
                ("presidential drawdown authority", "presidential drawdown", "drawdown authority")),
    AccountSpec("FMS", "Foreign Military Sales", "program"),
    AccountSpec("DCS", "Direct Commercial Sales", "program", ambiguous=True),
    AccountSpec("EDA", "Excess Defense Articles", "program"),
    # regional security initiatives CRS treats as lines of funding
    AccountSpec("CBSI", "Caribbean Basin Security Initiative", "program"),
    AccountSpec("CARSI", "Central America Regional Security Initiative", "program"),
    AccountSpec("MERIDA", "Mérida Initiative", "program", ("Merida Initiative",)),
    AccountSpec("ACI", "Andean Counterdrug Initiative", "program",
                ("Andean Counterdrug Program",)),
    AccountSpec("ARI", "Andean Regional Initiative", "program"),
    AccountSpec("TSCTP", "Trans-Sahara Counterterrorism Partnership", "program"),
    AccountSpec("PREACT", "Partnership for Regional East Africa Counterterrorism", "program"),
    AccountSpec("GPOI", "Global Peace Operations Initiative", "program"),
)
BY_CODE = {a.code: a for a in ACCOUNTS}


def _spelled(name: str) -> str:
    # "Anti-terrorism" also written "Antiterrorism"; any run of spaces or a line break
    parts = [re.escape(p) for p in name.split()]
    return r"\s+".join(parts).replace(r"\-", r"-?")


@lru_cache(maxsize=1)
def account_regex() -> re.Pattern[str]:
    """One alternation over every name, alias and code; the group name is the code."""
    alternatives = []
    for a in ACCOUNTS:
        names = sorted((a.name, *a.aliases), key=len, reverse=True)
        forms = [_spelled(n) for n in names]
        code = re.escape(a.code)
        if a.code.startswith("SEC"):
            forms.append(r"\bSection\s+" + a.code[3:] + r"\b")
        elif a.ambiguous:
            forms.append(rf"\({code}\)|\b{code}(?=\s+(?:account|funds|funding)\b)")
        else:
            forms.append(rf"\b{code}\b")
        alternatives.append(f"(?P<{a.code}>{'|'.join(forms)})")
    return re.compile("|".join(alternatives))


def account_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every name or code matched, in order."""
    return [(m.start(), m.end(), m.lastgroup or "") for m in account_regex().finditer(text)]


def accounts_in(text: str) -> list[tuple[int, str]]:
    """(offset, code) for each account named in ``text``, in order; a name followed by its
    code in parentheses counts once."""
    out: list[tuple[int, str]] = []
    last_end, last_code = -1, ""
    for m in account_regex().finditer(text):
        code = m.lastgroup or ""
        if code == last_code and m.start() - last_end <= 3:  # "Foreign Military Financing (FMF)"
            last_end = m.end()
            continue
        out.append((m.start(), code))
        last_end, last_code = m.end(), code
    return out
