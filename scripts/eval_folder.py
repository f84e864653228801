"""Scoring `kb draft` on any folder of texts against a figures-only key (issue 17).

    python scripts/eval_draft.py --texts /tmp/devset [--key scripts/devset/key.yaml]

The key (scripts/devset/key.yaml is the development set's) holds, per text stem
(``IF12040_2022-03-28``), the figures a careful reader records: money (amount, qualifier,
fiscal years, status, account, recipient, an optional label shared by the same line item in
another revision of the report), percents, counts, rates, dated events and measures.  No
sentences: the texts live outside the project.

Each report's revisions are drafted oldest first, each aligned to the draft of the one before
(what a user does: draft, review, load, draft the next), so ids kept across revisions are the
drafter's own.  Measures:

- money recall: key dollar figures with a drafted appropriation of the same amount (one to
  one); "full": also the fiscal years and status right (a figure the key leaves without years
  or status must be drafted without them, as a need);
- percents and counts recall (value); dated events recall (the date, to the key's precision);
- precision: drafted appropriations, indicators, events and measures that match a key fact;
  junk: drafted names that are a bare number or the sentence's first word, and events drafted
  from forward-looking sentences;
- ids kept: labelled figures in consecutive revisions drafted under one id.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

TARGETS = {
    "money recall": 0.9,
    "money recall (FY and status)": 0.8,
    "percent/count recall": 0.7,
    "event recall": 0.7,
    "precision": 0.7,
    "ids kept across revisions": 1.0,
}


@dataclass
class Tally:
    hit: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hit += ok
        if not ok:
            self.misses.append(what)

    @property
    def value(self) -> float | None:
        return round(self.hit / self.total, 3) if self.total else None


@dataclass
class TextScore:
    stem: str
    money: Tally = field(default_factory=Tally)
    money_full: Tally = field(default_factory=Tally)
    numbers: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    precision: Tally = field(default_factory=Tally)
    junk: list[str] = field(default_factory=list)
    facts: int = 0
    needs: int = 0
    ids: dict[str, str] = field(default_factory=dict)  # key label -> drafted id


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _date_ok(key: str, drafted: str) -> bool:
    key, drafted = str(key), str(drafted)
    return drafted[: len(key)] == key or (key[: len(drafted)] == drafted and len(drafted) >= 7)


def _assign(wanted: list[Any], drafted: list[dict[str, Any]],
            same: Callable[[Any, dict[str, Any]], bool]) -> list[dict[str, Any] | None]:
    """One to one, in order: each wanted item's drafted match (or None)."""
    left = list(drafted)
    out: list[dict[str, Any] | None] = []
    for w in wanted:
        match = next((d for d in left if same(w, d)), None)
        if match is not None:
            left.remove(match)
        out.append(match)
    return out


def _full(k: dict[str, Any], d: dict[str, Any]) -> bool:
    fy = k.get("fy")
    fy_ok = ([d.get("fy_start"), d.get("fy_end")] == list(fy)) if fy else (
        d.get("fy_start") is None or d.get("fy_end") is None)
    status = k.get("status")
    status_ok = d.get("status") == status if status else d.get("status") is None
    return _dec(k["amount"]) == _dec(d["amount_usd"]) and fy_ok and status_ok


def _first_word(quote: str) -> str:
    words = re.findall(r"[A-Za-z][\w’'-]*", quote)
    return words[0].lower() if words else ""


def score_text(stem: str, key: dict[str, Any], facts: list[dict[str, Any]]) -> TextScore:
    from kb.draft.extractors.events import forward_looking

    s = TextScore(stem, facts=len(facts), needs=sum(bool(f.get("needs")) for f in facts))
    money = [f for f in facts if f["kind"] == "appropriation"]
    # money: the amount, then amount + years + status (a second assignment, so a figure whose
    # amount is drafted twice is matched to the right copy)
    for k, d in zip(key.get("money") or [], _assign(
            key.get("money") or [], money, lambda k, d: _dec(k["amount"]) == _dec(d["amount_usd"])),
            strict=True):
        s.money.add(d is not None, f"${k['amount']:,}" if isinstance(k["amount"], int)
                    else f"${k['amount']}")
    full = _assign(key.get("money") or [], money, _full)
    for k, d in zip(key.get("money") or [], full, strict=True):
        s.money_full.add(d is not None, f"${k['amount']} {k.get('fy')} {k.get('status')}")
        if d is not None and k.get("label"):
            s.ids[k["label"]] = d["id"]
    for k, d in zip(key.get("money") or [], _assign(
            key.get("money") or [], money, lambda k, d: _dec(k["amount"]) == _dec(d["amount_usd"])),
            strict=True):
        if d is not None and k.get("label") and k["label"] not in s.ids:
            s.ids[k["label"]] = d["id"]
    indicators = [f for f in facts if f["kind"] == "indicator"]
    numbers = [{"value": p["value"], "percent": True} for p in key.get("percents") or []]
    numbers += [{"value": c["value"], "percent": False} for c in key.get("counts") or []]
    numbers += [{"value": r["value"], "percent": False} for r in key.get("rates") or []]
    got = _assign(numbers, indicators, lambda k, d: _dec(k["value"]) == _dec(d["value"]) and (
        (d.get("unit") == "percent") == k["percent"]))
    for k, d in zip(numbers, got, strict=True):
        s.numbers.add(d is not None, f"{k['value']}{'%' if k['percent'] else ''}")
    events = [f for f in facts if f["kind"] == "event"]
    for k, d in zip(key.get("events") or [], _assign(
            key.get("events") or [], events, lambda k, d: _date_ok(k["date"], d["date"])),
            strict=True):
        s.events.add(d is not None, str(k["date"]))
    # precision over the kinds the key covers
    matched: set[int] = set()
    for pool, wanted, same in (
        (money, key.get("money") or [], lambda k, d: _dec(k["amount"]) == _dec(d["amount_usd"])),
        (indicators, numbers, lambda k, d: _dec(k["value"]) == _dec(d["value"])),
        (events, key.get("events") or [], lambda k, d: _date_ok(k["date"], d["date"])),
        ([f for f in facts if f["kind"] == "measure"], key.get("measures") or [],
         lambda k, d: "".join(str(k).split()) == "".join(str(d["citation"]).split())),
    ):
        for d in _assign(wanted, pool, same):
            if d is not None:
                matched.add(id(d))
        for d in pool:
            s.precision.add(id(d) in matched, f"{d['kind']} {d['id']}")
    for f in indicators:
        name = str(f.get("name") or "")
        if name and (re.fullmatch(r"[\d,.]+", name) or name.lower() == _first_word(f["quote"])):
            s.junk.append(f"indicator named {name!r}")
    for f in events:
        if forward_looking(f["quote"]):
            s.junk.append(f"event from a forward-looking sentence ({f['id']})")
    return s


def draft_folder(texts: Path) -> dict[str, list[dict[str, Any]]]:
    """Draft every text of the folder; a report's revisions oldest first, each aligned to the
    draft of the one before."""
    from kb.draft.build import build_draft
    from kb.draft.run import constructed
    from kb.ingest.readers import read_revision

    by_report: dict[str, list[Any]] = defaultdict(list)
    for path in sorted(texts.glob("*.txt")):
        revision = read_revision(path)
        report = revision.product or path.stem.split("_")[0]
        by_report[report].append((revision.date, path.stem, revision))
    out: dict[str, list[dict[str, Any]]] = {}
    for revisions in by_report.values():
        reference: list[Any] = []
        taken: dict[str, str] = {}
        for date, stem, revision in sorted(revisions, key=lambda r: (r[0] is None, r[0])):
            draft = build_draft(revision.text, reference, taken, version=date,
                                title=revision.title)
            facts = [dict(d.fields, needs=d.needs, review=d.review) for d in draft.facts]
            out[stem] = facts
            reference = [constructed(d.kind, d.fields) for d in draft.facts]
            taken = {**taken, **{d.id: d.kind for d in draft.facts}}
    return out


def evaluate_folder(texts: Path, key_path: Path) -> tuple[list[dict[str, Any]], list[TextScore]]:
    key = yaml.safe_load(key_path.read_text("utf-8"))
    drafted = draft_folder(texts)
    scores = [score_text(stem, key[stem], facts) for stem, facts in sorted(drafted.items())
              if stem in key]
    missing = sorted(set(key) - set(drafted))
    totals: dict[str, Tally] = defaultdict(Tally)
    for s in scores:
        for name, tally in (("money recall", s.money), ("money recall (FY and status)",
                            s.money_full), ("percent/count recall", s.numbers),
                            ("event recall", s.events), ("precision", s.precision)):
            totals[name].hit += tally.hit
            totals[name].total += tally.total
    kept = Tally()
    by_report: dict[str, list[TextScore]] = defaultdict(list)
    for s in scores:
        by_report[key[s.stem]["report"]].append(s)
    for runs in by_report.values():
        runs.sort(key=lambda r: str(key[r.stem]["date"]))
        for a, b in pairwise(runs):
            for label in sorted(set(a.ids) & set(b.ids)):
                kept.add(a.ids[label] == b.ids[label], f"{label}: {a.ids[label]} -> "
                         f"{b.ids[label]}")
            labels_a = {m.get("label") for m in key[a.stem].get("money") or []} - {None}
            labels_b = {m.get("label") for m in key[b.stem].get("money") or []} - {None}
            for label in sorted((labels_a & labels_b) - (set(a.ids) & set(b.ids))):
                kept.add(False, f"{label}: not drafted in both")
    totals["ids kept across revisions"] = kept
    rows = []
    for name, tally in totals.items():
        target = TARGETS.get(name)
        value = tally.value
        rows.append({
            "scenario": "folder", "metric": name, "value": value, "target": target,
            "met": "" if target is None or value is None else ("yes" if value >= target
                                                                 else "MISS"),
            "note": f"{tally.hit}/{tally.total}",
        })
    junk = [j for s in scores for j in s.junk]
    rows.append({"scenario": "folder", "metric": "junk", "value": len(junk), "target": 0,
                 "met": "yes" if not junk else "MISS", "note": "; ".join(junk[:4])})
    rows.append({"scenario": "folder", "metric": "texts", "value": len(scores), "target": None,
                 "met": "", "note": f"not found: {', '.join(missing)}" if missing else ""})
    rows.append({"scenario": "folder", "metric": "facts drafted", "value": sum(s.facts for s in
                 scores), "target": None, "met": "",
                 "note": f"{sum(s.needs for s in scores)} with open needs"})
    return rows, scores
