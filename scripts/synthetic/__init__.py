"""Synthetic corpora for benchmarks and tests: realistic seed folders, deterministic from a seed.

    generate(root, reports=200, versions=25, facts=400, churn=0.05, seed=0)

writes ``root/reports/<NUMBER>/report.yaml`` and, per version, ``<date>.txt`` and
``<date>.yaml`` exactly in the seed format (docs/facts-format.md), valid under ``kb load``:

- the eight kinds mixed roughly as in a CRS In Focus (3% program, 3% phase,
  30% appropriation, 3% designation, 25% event, 12% measure, 12% condition,
  12% indicator);
- every quote is a sentence of its version's text (the text is made from the facts'
  sentences, with line breaks inside paragraphs, so whitespace normalisation is exercised);
- references resolve within each version (a phase names a program, a condition a
  measure, some appropriations a measure or a program); a referenced program or
  measure is never removed;
- from one version to the next, ``churn`` x F facts are revised (a figure, a stage, a
  date, ... and their sentence), and about churn/4 x F are added and as many removed;
- report numbers R10000, R10001, ... (``prefix`` and ``first`` change that), version dates
  two to four months apart.

Each report has its own random stream, derived from ``seed`` and the report's position,
so a report's first versions are the same whatever ``versions`` is: loading V=5, 10 and
25 of the same reports measures how storage grows with churn.

The YAML is formatted by hand: every fact's block is rendered once and reused while the
fact is unchanged.  Strings are JSON-quoted (a JSON string is a YAML double-quoted scalar),
so the files parse back to exactly the data ``version_data`` returns (tests/test_bench.py
checks it).  On 400-fact versions this is about 25x faster than ``yaml.dump`` with the
C dumper (``CSafeDumper``), which spends its time in the emitter's Python code.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Kinds and their weights, roughly as in a CRS In Focus.
KIND_WEIGHTS: dict[str, int] = {
    "program": 3,
    "phase": 3,
    "appropriation": 30,
    "designation": 3,
    "event": 25,
    "measure": 12,
    "condition": 12,
    "indicator": 12,
}
_KINDS = list(KIND_WEIGHTS)
_WEIGHTS = list(KIND_WEIGHTS.values())

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_ADJ = [
    "Border",
    "Bicentennial",
    "Mérida",
    "Northern",
    "Southern",
    "Joint",
    "Binational",
    "Regional",
    "Judicial",
    "Maritime",
    "Coastal",
    "Andean",
    "Central American",
    "Caribbean",
    "Hemispheric",
]
_NOUN = [
    "Security",
    "Resilience",
    "Rule of Law",
    "Justice",
    "Prevention",
    "Interdiction",
    "Partnership",
    "Governance",
    "Citizen Security",
    "Counternarcotics",
]
_PROGRAM = ["Initiative", "Framework", "Program", "Strategy", "Compact"]
_ACCOUNTS = ["INCLE", "ESF", "FMF", "IMET", "NADR", "DA", "ESF+INCLE", "GHP", "INCLE+FMF"]
_RECIPIENTS = ["Mexico"] * 8 + ["global", "Central America", "Colombia"]
_STATUSES = [
    "appropriated",
    "appropriated",
    "appropriated",
    "requested",
    "requested",
    "estimated",
    "reported",
    "allocated",
    "obligated",
    "house_passed",
    "senate_passed",
    "committee_reported",
]
_STATUS_PHRASE = {
    "appropriated": "Congress appropriated",
    "allocated": "the State Department allocated",
    "obligated": "U.S. agencies obligated",
    "requested": "the Administration requested",
    "estimated": "the State Department estimated",
    "reported": "the State Department reported",
    "house_passed": "the House-passed bill would provide",
    "senate_passed": "the Senate-passed bill would provide",
    "committee_reported": "the committee-reported bill would provide",
}
_QUALIFIERS = ["exact"] * 10 + ["more_than", "about", "nearly", "at_least", "up_to"]
_QUALIFIER_PHRASE = {
    "exact": "",
    "more_than": "more than ",
    "about": "some ",
    "nearly": "nearly ",
    "at_least": "not less than ",
    "up_to": "up to ",
    "less_than": "less than ",
    "average_per_year": "an average of ",
}
_PURPOSES = [
    "border security",
    "judicial reform",
    "police professionalization",
    "counternarcotics efforts",
    "forensic laboratories",
    "firearms trafficking investigations",
    "drug demand reduction",
    "human rights training",
    "port and rail inspection equipment",
    "anti-money-laundering programs",
    "community violence prevention",
    "prison accreditation",
]
_GROUPS = [
    "Sinaloa Cartel",
    "Cártel de Jalisco Nueva Generación",
    "Gulf Cartel",
    "Cárteles Unidos",
    "La Nueva Familia Michoacana",
    "Los Zetas",
    "Tren de Aragua",
    "MS-13",
    "Beltrán Leyva Organization",
    "Juárez Cartel",
]
_AGENCIES = ["State Department", "Treasury Department", "Department of Justice"]
_DESIGNATION_TYPES = ["FTO", "SDGT", "TCO", "Kingpin Act"]
_ACTORS = [
    "United States",
    "Mexico",
    "Department of Homeland Security",
    "State Department",
    "Department of Justice",
    "Mexico’s Attorney General",
    "Mexico’s National Guard",
    "U.S. Customs and Border Protection",
    "the White House",
    "Mexico’s Security Cabinet",
]
_EVENT_VERBS = [
    ("dialogue", "held a high-level security dialogue on"),
    ("agreement", "signed an agreement on"),
    ("extradition", "extradited suspects wanted for"),
    ("arrest", "announced arrests linked to"),
    ("policy", "announced a new policy on"),
    ("tariff", "threatened tariffs over"),
    ("legislation", "enacted legislation on"),
]
_TOPICS = [
    "fentanyl trafficking",
    "firearms smuggling",
    "migration enforcement",
    "precursor chemicals",
    "money laundering",
    "cartel violence",
    "extraditions",
    "border infrastructure",
    "judicial cooperation",
    "port security",
]
_CITIES = [
    "Mexico City",
    "Washington, DC",
    "Monterrey",
    "Tijuana",
    "Ciudad Juárez",
    "El Paso",
    "Guadalajara",
]
_INDICATORS = [
    ("U.S. drug overdose deaths", "deaths", "United States"),
    ("homicides", "people", "Mexico"),
    ("the homicide rate", "per 100,000 people", "Mexico"),
    ("fentanyl seizures at the border", "pounds", "United States"),
    ("methamphetamine seizures", "kilograms", "Mexico"),
    ("disappearances", "people", "Mexico"),
    ("troops deployed to the border", "troops", "Mexico"),
    ("extraditions to the United States", "people", "Mexico"),
    ("the share of overdose deaths linked to fentanyl", "percent", "United States"),
]
_CONDITIONED = [
    "Mexico is taking steps to prevent torture",
    "Mexico is investigating and prosecuting forced disappearances",
    "the funds are used for border security programs",
    "Mexico is enforcing its laws against precursor chemicals",
    "police reform benchmarks have been met",
    "the assistance is not provided to units credibly implicated in abuses",
]
_DEADLINES = [None, None, "60 days after enactment", "90 days after enactment", "annually"]
_STAGES = [
    ("law", "P.L.", "enacted", "became law"),
    ("bill", "H.R.", "house_passed", "passed the House"),
    ("bill", "S.", "senate_introduced", "was introduced in the Senate"),
    ("bill", "H.R.", "house_introduced", "was introduced in the House"),
    ("committee_report", "S.Rept.", "committee_reported", "was reported by committee"),
    ("committee_report", "H.Rept.", "committee_reported", "was reported by committee"),
]
_MEASURE_TITLES = [
    "Consolidated Appropriations Act",
    "Further Consolidated Appropriations Act",
    "Department of State, Foreign Operations, and Related Programs Appropriations Act",
    "National Defense Authorization Act",
    "Fentanyl Sanctions Act",
    "Stop Fentanyl at the Border Act",
    "Combating Cartels on Social Media Act",
]
_TITLES = [
    "U.S.-Mexico Security Cooperation",
    "Evolution of U.S.-Mexico Security Cooperation",
    "Mexico: Organized Crime and Drug Trafficking Organizations",
    "U.S. Security Assistance to Mexico",
    "Mexico: Evolution of the Mérida Initiative",
]
_AUTHORS = [
    ("Clare Ribando Seelke", "Specialist in Latin American Affairs"),
    ("June S. Beittel", "Analyst in Latin American Affairs"),
    ("Peter J. Meyer", "Specialist in Latin American and Canadian Affairs"),
    ("Liana W. Rosen", "Specialist in International Crime and Narcotics"),
]


# --- YAML, by hand --------------------------------------------------------------

# Characters a YAML parser treats as line breaks or refuses raw; JSON leaves them raw.
_YAML_UNSAFE = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\ufeff"}


def _q(text: str) -> str:
    """A string as a YAML double-quoted scalar (JSON's escaping is YAML's)."""
    out = json.dumps(text, ensure_ascii=False)
    if any(ch in out for ch in _YAML_UNSAFE):
        for ch, esc in _YAML_UNSAFE.items():
            out = out.replace(ch, esc)
    return out


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _q(value)
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if value is None:
        return "null"
    raise TypeError(f"cannot write {value!r} as YAML")


# --- facts ------------------------------------------------------------------------


class _Fact:
    """One fact content: id, kind, quote and fields (None fields are omitted)."""

    __slots__ = ("_block", "fields", "id", "kind", "quote")

    def __init__(self, fid: str, kind: str, quote: str, fields: dict[str, Any]) -> None:
        self.id = fid
        self.kind = kind
        self.quote = quote
        self.fields = {k: v for k, v in fields.items() if v is not None}
        self._block: str | None = None

    def data(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "quote": self.quote, **self.fields}

    def block(self) -> str:
        if self._block is None:
            lines = [f"  - id: {self.id}", f"    kind: {self.kind}", f"    quote: {_q(self.quote)}"]
            lines.extend(f"    {k}: {_yaml_value(v)}" for k, v in self.fields.items())
            self._block = "\n".join(lines) + "\n"
        return self._block


def _money(amount: int) -> str:
    if amount >= 1_000_000_000:
        return f"${amount / 1_000_000_000:.2f} billion".replace(".00 ", " ")
    if amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}"
        return f"${text.removesuffix('.0')} million"
    return f"${amount:,}"


def _date_words(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{month} {int(parts[2])}, {parts[0]}"


def _fy_words(start: int, end: int) -> str:
    return f"FY{start}" if start == end else f"FY{start}-FY{end}"


class _Report:
    """The evolving state of one report: its current facts, in text order."""

    def __init__(self, number: str, rng: random.Random, facts: int, churn: float) -> None:
        self.number = number
        self.rng = rng
        self.churn = churn
        self.counters: Counter[str] = Counter()
        self.order: list[str] = []  # fact ids in text order
        self.facts: dict[str, _Fact] = {}
        self.title = rng.choice(_TITLES)
        year = rng.randint(2017, 2019)
        self.date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        self.target = facts
        self.stats: Counter[str] = Counter()

    # the version date, and the year facts are "current" in
    @property
    def year(self) -> int:
        return self.date.year

    def next_date(self) -> None:
        months = self.date.month - 1 + self.rng.choice((2, 3, 3, 4))
        self.date = dt.date(self.date.year + months // 12, months % 12 + 1, self.rng.randint(1, 28))

    # --- making facts ---------------------------------------------------------------

    def _new_id(self, kind: str) -> str:
        self.counters[kind] += 1
        return f"{kind}-{self.counters[kind]}"

    def _of_kind(self, kind: str) -> list[_Fact]:
        return [f for f in self.facts.values() if f.kind == kind]

    def _pick_kind(self) -> str:
        kind = self.rng.choices(_KINDS, _WEIGHTS)[0]
        if kind == "phase" and not any(f.kind == "program" for f in self.facts.values()):
            return "program"
        if kind == "condition" and not any(f.kind == "measure" for f in self.facts.values()):
            return "measure"
        return kind

    def _date(self, lo_year: int, precision: str | None = None) -> str:
        rng = self.rng
        year = rng.randint(lo_year, max(lo_year, self.year))
        precision = precision or rng.choice(("year", "month", "month", "day", "day"))
        if precision == "year":
            return str(year)
        month = rng.randint(1, 12)
        if year == self.year:
            month = min(month, self.date.month)
        if precision == "month":
            return f"{year}-{month:02d}"
        return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"

    def _fy(self) -> int:
        back = min(int(self.rng.expovariate(0.3)), self.year + 1 - 2008)
        return self.year + 1 - back

    def make(self, kind: str, fid: str | None = None, base: dict[str, Any] | None = None) -> _Fact:
        """A new fact of ``kind`` (``base``: fields to keep from a previous content)."""
        fid = fid or self._new_id(kind)
        fields = getattr(self, f"_make_{kind}")(base or {})
        quote = fields.pop("_quote")
        return _Fact(fid, kind, quote, fields)

    def _make_program(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        name = b.get("name") or (
            f"{rng.choice(_ADJ)} {rng.choice(_NOUN)} {rng.choice(_PROGRAM)} "
            f"{self.counters['program']}"
        )
        start = b.get("start") or self._date(2007, "year")
        end = b.get("end")
        summary = b.get("summary") or f"a package of assistance for {rng.choice(_PURPOSES)}"
        if "aliases" in b:
            aliases = b["aliases"]
        else:
            aliases = [name.split()[0] + " plan"] if rng.random() < 0.3 else []
        ended = f" and ended in {_date_words(end)}" if end else ""
        quote = f"The {name}, which began in {_date_words(start)}{ended}, is {summary}."
        return {
            "name": name,
            "aliases": aliases,
            "start": start,
            "end": end,
            "summary": summary,
            "_quote": quote,
        }

    def _make_phase(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        program = b.get("program")
        if program not in self.facts:
            program = rng.choice(self._of_kind("program")).id
        pname = self.facts[program].fields["name"]
        name = b.get("name") or f"{rng.choice(_NOUN)} pillar {self.counters['phase']}"
        fy_start = b.get("fy_start") or rng.randint(2008, self.year)
        fy_end = b.get("fy_end")
        if "fy_end" not in b and rng.random() < 0.5:
            fy_end = rng.randint(fy_start, self.year + 1)
        until = f"through FY{fy_end}" if fy_end else "to the present"
        quote = f"Under the {pname}, the {name} ran from FY{fy_start} {until}."
        return {
            "program": program,
            "name": name,
            "fy_start": fy_start,
            "fy_end": fy_end,
            "summary": b.get("summary"),
            "_quote": quote,
        }

    def _make_appropriation(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        amount = b.get("amount_usd") or rng.choice(
            (rng.randint(1, 999) * 100_000, rng.randint(1, 50) * 10_000_000, rng.randint(1, 99_999))
        )
        qualifier = b.get("qualifier") or rng.choice(_QUALIFIERS)
        fy_start = b.get("fy_start") or self._fy()
        fy_end = b.get("fy_end") or (
            fy_start if rng.random() < 0.88 else min(2100, fy_start + rng.randint(1, 4))
        )
        account = b.get("account", rng.choice(_ACCOUNTS) if rng.random() < 0.85 else None)
        recipient = b.get("recipient") or rng.choice(_RECIPIENTS)
        status = b.get("status") or rng.choice(_STATUSES)
        measure = b.get("measure", "")
        if measure == "" or (measure and measure not in self.facts):
            measures = self._of_kind("measure")
            measure = rng.choice(measures).id if measures and rng.random() < 0.4 else None
        program = b.get("program", "")
        if program == "" or (program and program not in self.facts):
            programs = self._of_kind("program")
            program = rng.choice(programs).id if programs and rng.random() < 0.3 else None
        purpose = b.get("purpose", rng.choice(_PURPOSES) if rng.random() < 0.6 else None)
        phrase = _STATUS_PHRASE[status]
        via = f" in {account} assistance" if account else ""
        under = f" under {self.facts[measure].fields['citation']}" if measure else ""
        for_ = f" to support {purpose}" if purpose else ""
        quote = (
            f"For {_fy_words(fy_start, fy_end)}, {phrase} {_QUALIFIER_PHRASE[qualifier]}"
            f"{_money(amount)}{via} for {recipient}{under}{for_}."
        )
        quote = quote[0].upper() + quote[1:]
        return {
            "amount_usd": amount,
            "qualifier": qualifier,
            "fy_start": fy_start,
            "fy_end": fy_end,
            "account": account,
            "recipient": recipient,
            "status": status,
            "measure": measure,
            "program": program,
            "purpose": purpose,
            "_quote": quote,
        }

    def _make_designation(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        designee = b.get("designee") or f"{rng.choice(_GROUPS)} {self.counters['designation']}"
        dtype = b.get("designation_type") or rng.choice(_DESIGNATION_TYPES)
        agency = b.get("agency") or rng.choice(_AGENCIES)
        date = b.get("date") or self._date(2009)
        quote = f"In {_date_words(date)}, the {agency} designated the {designee} as a {dtype}."
        return {
            "designee": designee,
            "designation_type": dtype,
            "agency": agency,
            "date": date,
            "_quote": quote,
        }

    def _make_event(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        date = b.get("date") or self._date(2008)
        actors = b.get("actors") or rng.sample(_ACTORS, rng.randint(1, 3))
        if "category" in b and "_verb" in b:
            category, verb = b["category"], b["_verb"]
        else:
            category, verb = rng.choice(_EVENT_VERBS)
        topic = b.get("_topic") or rng.choice(_TOPICS)
        where = b.get("_where") or rng.choice(_CITIES)
        who = " and ".join(actors)
        summary = f"{who} {verb} {topic} in {where}"
        quote = f"In {_date_words(date)}, {summary}."
        return {
            "date": date,
            "summary": summary,
            "actors": actors,
            "category": category,
            "_quote": quote,
        }

    def _make_measure(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        congress = b.get("congress") or min(119, max(110, (self.year - 1789) // 2 + 1))
        if "citation" in b:
            citation, mtype = b["citation"], b["measure_type"]
        else:
            mtype, prefix, _, _ = rng.choice(_STAGES)
            n = self.counters["measure"]
            citation = (
                f"{prefix} {congress}-{n}"
                if prefix in ("P.L.", "S.Rept.", "H.Rept.")
                else f"{prefix} {1000 + n}"
            )
        _, _, stage, verb = rng.choice([s for s in _STAGES if s[0] == mtype])
        title = b.get("title") or f"{rng.choice(_MEASURE_TITLES)}, {self.year}"
        fy = b["fy"] if "fy" in b else (self.year + 1 if rng.random() < 0.7 else None)
        date = b.get("date") or self._date(self.year - 1, "month")
        quote = f"The {title} ({citation}) {verb} in {_date_words(date)}."
        return {
            "citation": citation,
            "title": title,
            "measure_type": mtype,
            "congress": congress,
            "fy": fy,
            "stage": stage,
            "date": date,
            "_quote": quote,
        }

    def _make_condition(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        measure = b.get("measure")
        if measure not in self.facts:
            measure = rng.choice(self._of_kind("measure")).id
        citation = self.facts[measure].fields["citation"]
        ctype = b.get("condition_type") or rng.choice(
            ("withholding", "withholding", "certification", "reporting", "restriction", "briefing")
        )
        percent = b.get("percent", rng.choice((15, 25, 50)) if ctype == "withholding" else None)
        account = b.get("account", rng.choice(_ACCOUNTS[:2]) if rng.random() < 0.7 else None)
        recipient = b.get("recipient", "Mexico")
        conditioned = b.get("conditioned") or rng.choice(_CONDITIONED)
        deadline = b.get("deadline", rng.choice(_DEADLINES))
        share = f"{percent}% of " if percent is not None else ""
        funds = f"{account} assistance" if account else "assistance"
        by = f", with a report due {deadline}" if deadline else ""
        quote = (
            f"{citation} would subject {share}{funds} for {recipient} to a {ctype} "
            f"requirement until the Secretary of State certifies that {conditioned}{by}."
        )
        return {
            "measure": measure,
            "condition_type": ctype,
            "percent": percent,
            "account": account,
            "recipient": recipient,
            "conditioned": conditioned,
            "deadline": deadline,
            "_quote": quote,
        }

    def _make_indicator(self, b: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        if "name" in b:
            name, unit, area = b["name"], b["unit"], b["area"]
        else:
            name, unit, area = rng.choice(_INDICATORS)
        if "value" in b:
            value = str(b["value"])
        elif unit in ("percent", "per 100,000 people"):
            value = f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
        else:
            value = str(rng.randint(100, 120_000))
        qualifier = b.get("qualifier") or rng.choice(("exact", "exact", "about", "more_than"))
        year = b.get("period_start") or str(rng.randint(2007, self.year))
        shown = f"{int(value):,}" if value.isdigit() else value
        quote = f"In {year}, {name} in {area} reached {_QUALIFIER_PHRASE[qualifier]}{shown} {unit}."

        return {
            "name": name,
            "value": int(value) if value.isdigit() else value,
            "unit": unit,
            "qualifier": qualifier,
            "area": area,
            "period_start": year,
            "period_end": year,
            "_quote": quote,
        }

    # --- revising facts ------------------------------------------------------------

    def revise(self, fact: _Fact) -> _Fact:
        """The same id with a revised content: one or two fields change, and the sentence."""
        rng = self.rng
        f = dict(fact.fields)
        kind = fact.kind
        if kind == "program":
            if f.get("end") is None and rng.random() < 0.5:
                f["end"] = str(self.year)
            else:
                f["summary"] = f"a package of assistance for {rng.choice(_PURPOSES)}"
        elif kind == "phase":
            f["fy_end"] = self.year + rng.randint(0, 1)
        elif kind == "appropriation":
            roll = rng.random()
            if roll < 0.5:
                f["amount_usd"] = max(1, f["amount_usd"] + rng.randint(-50, 50) * 100_000)
            elif roll < 0.8:
                f["status"] = rng.choice(_STATUSES)
            else:
                f["qualifier"] = rng.choice(_QUALIFIERS)
            f.setdefault("account", None)
            f.setdefault("measure", None)
            f.setdefault("program", None)
            f.setdefault("purpose", None)
        elif kind == "designation":
            f["date"] = self._date(2009)
        elif kind == "event":
            f["date"] = self._date(2008)
            f.pop("summary", None)
        elif kind == "measure":
            f["date"] = self._date(self.year - 1, "month")
            f.setdefault("fy", None)
        elif kind == "condition":
            f["deadline"] = rng.choice([d for d in _DEADLINES[2:] if d != f.get("deadline")])
            f.setdefault("percent", None)
            f.setdefault("account", None)
        elif kind == "indicator":
            f["value"] = str(rng.randint(100, 120_000))
        return self.make(kind, fact.id, f)

    def first_version(self) -> None:
        # Programs and measures first, so that phases and conditions have targets.
        kinds = self.rng.choices(_KINDS, _WEIGHTS, k=self.target)
        kinds.sort(key=lambda k: k not in ("program", "measure"))
        if "phase" in kinds and "program" not in kinds:
            kinds[0] = "program"
        if "condition" in kinds and "measure" not in kinds:
            kinds[-1] = "measure"
            kinds.sort(key=lambda k: k not in ("program", "measure"))
        for kind in kinds:
            fact = self.make(kind)
            self.facts[fact.id] = fact
            self.order.append(fact.id)
        self.rng.shuffle(self.order)
        self.stats["added"] += len(kinds)

    def next_version(self) -> None:
        rng = self.rng
        self.next_date()
        if rng.random() < 0.05:
            self.title = rng.choice(_TITLES)
        n = len(self.order)
        changed = round(n * self.churn)
        moved = max(1, round(n * self.churn / 4)) if self.churn > 0 else 0
        # removed: never a program or measure that another fact names
        referenced = set()
        for f in self.facts.values():
            for name in ("program", "measure"):
                target = f.fields.get(name)
                if target:
                    referenced.add(target)
        removable = [i for i in self.order if i not in referenced]
        for fid in rng.sample(removable, min(moved, len(removable))):
            del self.facts[fid]
            self.order.remove(fid)
        self.stats["removed"] += min(moved, len(removable))
        for fid in rng.sample(self.order, min(changed, len(self.order))):
            self.facts[fid] = self.revise(self.facts[fid])
        self.stats["changed"] += min(changed, len(self.order))
        for _ in range(moved):
            fact = self.make(self._pick_kind())
            self.facts[fact.id] = fact
            self.order.insert(rng.randint(0, len(self.order)), fact.id)
        self.stats["added"] += moved

    # --- writing ----------------------------------------------------------------------

    def text(self) -> str:
        rng = self.rng
        d = self.date
        lines = [
            self.title,
            "",
            f"Updated {MONTHS[d.month - 1]} {d.day}, {d.year} ({self.number})",
            "",
        ]
        paragraph: list[str] = []
        for i, fid in enumerate(self.order):
            paragraph.append(self.facts[fid].quote)
            # a line break inside the paragraph now and then (PDF layout), a new paragraph
            # every few sentences
            if i % 5 == 4:
                lines.append(" ".join(paragraph))
                lines.append("")
                paragraph = []
            elif rng.random() < 0.2:
                paragraph[-1] += "\n"
        if paragraph:
            lines.append(" ".join(paragraph))
        return "\n".join(lines).replace("\n ", "\n") + "\n"

    def header(self, sequence: int) -> str:
        return (
            f"report: {self.number}\n"
            f"version: {self.date.isoformat()}\n"
            f"title: {_q(self.title)}\n"
            f"sequence: {sequence}\n"
            "facts:\n"
        )

    def version_data(self, sequence: int) -> dict[str, Any]:
        """What the version file holds, as ``yaml.safe_load`` gives it back."""
        return {
            "report": self.number,
            "version": self.date,
            "title": self.title,
            "sequence": sequence,
            "facts": [self.facts[i].data() for i in self.order],
        }

    def version_yaml(self, sequence: int) -> str:
        return self.header(sequence) + "".join(self.facts[i].block() for i in self.order)

    def report_yaml(self) -> str:
        name, title = _AUTHORS[int(self.number[-1]) % len(_AUTHORS)]
        return (
            f"number: {self.number}\n"
            "type: In Focus\n"
            "authors:\n"
            f"  - name: {_q(name)}\n"
            f"    title: {_q(title)}\n"
            'topics: ["Mexico", "security assistance"]\n'
        )


@dataclass
class GenStats:
    root: Path
    reports: int = 0
    versions: int = 0
    facts: int = 0  # fact-version memberships (facts summed over versions)
    contents: int = 0  # distinct contents: what a loader stores once
    changed: int = 0
    added: int = 0
    removed: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)  # memberships per kind
    numbers: list[str] = field(default_factory=list)
    dates: dict[str, list[str]] = field(default_factory=dict)  # report -> version dates


def report_number(index: int, prefix: str = "R", first: int = 10000) -> str:
    return f"{prefix}{first + index}"


def generate(
    root: Path,
    reports: int,
    versions: int,
    facts: int,
    churn: float = 0.05,
    seed: int = 0,
    *,
    prefix: str = "R",
    first: int = 10000,
) -> GenStats:
    """Write ``reports`` x ``versions`` versions of about ``facts`` facts under root/reports/."""
    if not 0 <= churn <= 1:
        raise ValueError("churn is a fraction between 0 and 1")
    if reports < 1 or versions < 1 or facts < 1:
        raise ValueError("reports, versions and facts must be at least 1")
    started = time.perf_counter()
    root = Path(root)
    stats = GenStats(root=root)
    by_kind: Counter[str] = Counter()
    for index in range(reports):
        number = report_number(index, prefix, first)
        # One stream per report: its first versions do not depend on ``versions``.
        state = _Report(number, random.Random(seed * 1_000_003 + index), facts, churn)
        folder = root / "reports" / number
        folder.mkdir(parents=True, exist_ok=True)
        stats.bytes += _write(folder / "report.yaml", state.report_yaml())
        stats.files += 1
        stats.numbers.append(number)
        dates = stats.dates.setdefault(number, [])
        contents: set[tuple[str, str]] = set()
        for v in range(versions):
            if v == 0:
                state.first_version()
            else:
                state.next_version()
            stem = state.date.isoformat()
            dates.append(stem)
            stats.bytes += _write(folder / f"{stem}.txt", state.text())
            stats.bytes += _write(folder / f"{stem}.yaml", state.version_yaml(v + 1))
            stats.files += 2
            stats.versions += 1
            stats.facts += len(state.order)
            for fid in state.order:
                fact = state.facts[fid]
                contents.add((fid, fact.block()))
                by_kind[fact.kind] += 1
        stats.contents += len(contents)
        stats.changed += state.stats["changed"]
        stats.added += state.stats["added"]
        stats.removed += state.stats["removed"]
        stats.reports += 1
    stats.by_kind = dict(by_kind)
    stats.seconds = time.perf_counter() - started
    return stats


def version_data(
    reports: int,
    versions: int,
    facts: int,
    churn: float = 0.05,
    seed: int = 0,
    *,
    report: int = 0,
) -> list[dict[str, Any]]:
    """The data of every version of one report, as the YAML files hold it (for tests)."""
    state = _Report(report_number(report), random.Random(seed * 1_000_003 + report), facts, churn)
    out = []
    for v in range(versions):
        if v == 0:
            state.first_version()
        else:
            state.next_version()
        state.text()  # keeps the random stream as generate() draws it
        out.append(state.version_data(v + 1))
    return out


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)
