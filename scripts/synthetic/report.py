"""The evolving state of one synthetic report: its current facts in text order, its date,
and how one version becomes the next (facts removed, revised, added)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from scripts.synthetic import words as w
from scripts.synthetic.kinds import GENERATORS
from scripts.synthetic.yaml_text import Fact, quoted


class ReportState:
    def __init__(self, number: str, rng: random.Random, facts: int, churn: float) -> None:
        self.number = number
        self.rng = rng
        self.churn = churn
        self.counters: Counter[str] = Counter()
        self.order: list[str] = []  # fact ids in text order
        self.facts: dict[str, Fact] = {}
        self.title = rng.choice(w.TITLES)
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

    # --- what the kind generators draw from -------------------------------------------

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts.values() if f.kind == kind]

    def random_date(self, lo_year: int, precision: str | None = None) -> str:
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

    def random_fy(self) -> int:
        back = min(int(self.rng.expovariate(0.3)), self.year + 1 - 2008)
        return self.year + 1 - back

    # --- making and revising facts ----------------------------------------------------

    def _new_id(self, kind: str) -> str:
        self.counters[kind] += 1
        return f"{kind}-{self.counters[kind]}"

    def _pick_kind(self) -> str:
        kind = self.rng.choices(w.KINDS, w.WEIGHTS)[0]
        if kind == "phase" and not any(f.kind == "program" for f in self.facts.values()):
            return "program"
        if kind == "condition" and not any(f.kind == "measure" for f in self.facts.values()):
            return "measure"
        return kind

    def make(self, kind: str, fid: str | None = None, base: dict[str, Any] | None = None) -> Fact:
        """A new fact of ``kind`` (``base``: fields to keep from a previous content)."""
        fid = fid or self._new_id(kind)
        fields = GENERATORS[kind].make(self, base or {})
        quote = fields.pop("_quote")
        return Fact(fid, kind, quote, fields)

    def revise(self, fact: Fact) -> Fact:
        """The same id with a revised content: one or two fields change, and the sentence."""
        fields = dict(fact.fields)
        GENERATORS[fact.kind].revise(self, fields)
        return self.make(fact.kind, fact.id, fields)

    # --- versions -----------------------------------------------------------------------

    def first_version(self) -> None:
        # Programs and measures first, so that phases and conditions have targets.
        kinds = self.rng.choices(w.KINDS, w.WEIGHTS, k=self.target)
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
            self.title = rng.choice(w.TITLES)
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
            f"Updated {w.MONTHS[d.month - 1]} {d.day}, {d.year} ({self.number})",
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
            f"title: {quoted(self.title)}\n"
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
        name, title = w.AUTHORS[int(self.number[-1]) % len(w.AUTHORS)]
        return (
            f"number: {self.number}\n"
            "type: In Focus\n"
            "authors:\n"
            f"  - name: {quoted(name)}\n"
            f"    title: {quoted(title)}\n"
            'topics: ["Mexico", "security assistance"]\n'
        )
