"""Candidate facts from sentences: appropriations, measures, conditions, events, indicators,
designations, with their fields filled from kb.draft.patterns.

Extraction reads one paragraph at a time and carries what an earlier sentence said when a
later one leaves it implicit: "First Phase: FY2008-FY2010. Congress appropriated $1.5 billion"
gives the figure its fiscal years; "The House-passed version ... The bill also would stipulate
... $175 million" gives it its stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kb.draft import patterns as P
from kb.draft.segment import Sentence


@dataclass
class Candidate:
    """One drafted fact: its fields (as in a facts file), the sentence it came from, and what a
    reviewer should check."""

    fields: dict[str, Any]
    sentence: int
    check: list[str] = field(default_factory=list)
    order: int = 0  # position of its figure in the sentence (0 for the first)

    @property
    def kind(self) -> str:
        return str(self.fields["kind"])


@dataclass
class _Context:
    fy: tuple[int, int] | None = None
    status: str | None = None
    measure: str | None = None  # id of the last measure cited
    paragraph: int = -1
    year: str | None = None  # the previous sentence's year (dates an undated action)
    program: str | None = None  # id of the last program heading


def _fys(text: str) -> list[tuple[int, int, int, int]]:
    """(start offset, end offset, fy_start, fy_end) for every fiscal-year mention, in order."""
    found = [
        (m.start(), m.end(), int(m.group("start")), int(m.group("end")))
        for m in P.FY_RANGE.regex.finditer(text)
    ]
    for m in P.FY_SINGLE.regex.finditer(text):
        if not any(s <= m.start() < e for s, e, _, _ in found):
            year = int(m.group("year"))
            found.append((m.start(), m.end(), year, year))
    return sorted(found)


def sentence_status(text: str) -> str | None:
    for cue in P.STATUSES:
        if cue.regex.search(text):
            return cue.name
    return None


def accounts_in(text: str) -> list[str]:
    hits: list[tuple[int, str]] = []
    for cue in P.ACCOUNTS:
        m = cue.regex.search(text)
        if m:
            hits.append((m.start(), cue.name))
    return [name for _, name in sorted(hits)]


def _window_after(text: str, end: int, next_start: int) -> str:
    window = text[end : min(next_start, end + 80)]
    return re.split(r"[,;]|\.\s|\.$", window, maxsplit=1)[0]


def money_in(text: str) -> list[re.Match[str]]:
    return list(P.MONEY.regex.finditer(text))


def appropriations(sentence: Sentence, ctx: _Context) -> list[Candidate]:
    text = sentence.text
    amounts = money_in(text)
    if not amounts:
        return []
    status_here = sentence_status(text)
    fys = _fys(text)
    first = amounts[0].start()
    lead_accounts = accounts_in(text[:first])
    out = []
    for i, m in enumerate(amounts):
        next_start = amounts[i + 1].start() if i + 1 < len(amounts) else len(text)
        check: list[str] = []
        before = text[max(0, m.start() - 40) : m.start()]
        qualifier = next((q.name for q in P.QUALIFIERS if q.regex.search(before)), "exact")
        # fiscal years: after the figure (to the next figure), else the last before it in the
        # sentence, else the paragraph's last
        after = [f for f in fys if m.end() <= f[0] < min(next_start, m.end() + 70)]
        prior = [f for f in fys if f[1] <= m.start()]
        if after:
            fy = after[0][2:]
        elif prior:
            fy = prior[-1][2:]
        elif ctx.fy:
            fy = ctx.fy
            check.append("FY from an earlier sentence")
        else:
            continue  # a figure without fiscal years is not an appropriation kb can store
        window = _window_after(text, m.end(), next_start)
        accounts = accounts_in(window)
        if (not accounts and i == 0 and lead_accounts) or (
            not accounts and lead_accounts and _continues(text[amounts[0].end() : m.start()])
        ):
            accounts = lead_accounts
        status = "estimated" if P.ESTIMATED.regex.search(before) else status_here
        if status is None:
            status = ctx.status
            if status:
                check.append("status from an earlier sentence")
        if status is None:
            status = "reported"
            check.append("no status cue: reported?")
        scope = text[max(0, m.start() - 30) : m.end()] + window
        recipient = "global" if P.GLOBAL.regex.search(scope) else "Mexico"
        fields: dict[str, Any] = {
            "kind": "appropriation",
            "amount_usd": P.money_amount(m),
            "qualifier": qualifier,
            "fy_start": fy[0],
            "fy_end": fy[1],
        }
        if accounts:
            fields["account"] = "+".join(dict.fromkeys(accounts))
        fields.update(recipient=recipient, status=status)
        if ctx.measure and status != "requested":
            fields["measure"] = ctx.measure
        check.append("amount, FY, account, status")
        out.append(Candidate(fields, sentence.index, check, order=i))
    return out


def _continues(between: str) -> bool:
    """Later figures in a sentence that goes on about the same account ("INCLE ... averaged
    $100 million ... before falling to $64 million ... and an estimated $48 million")."""
    return not re.search(r"\bincluding\b|\bof which\b", between) and not accounts_in(between)


def measures(sentence: Sentence, ctx: _Context, seen: set[str]) -> list[Candidate]:
    out = []
    status = sentence_status(sentence.text)
    fys = _fys(sentence.text)
    for cue in P.CITATIONS:
        for m in cue.regex.finditer(sentence.text):
            citation = " ".join(m.group().split())
            slug = _slug(citation.replace("Rept.", "-rept").replace(".", ""))
            ctx.measure = slug
            if slug in seen:
                continue
            seen.add(slug)
            fields: dict[str, Any] = {"kind": "measure", "id": slug, "citation": citation}
            if cue.name == "law":
                fields.update(
                    measure_type="law", stage="enacted", congress=int(m.group("congress"))
                )
            elif cue.name == "committee_report":
                fields.update(
                    measure_type="committee_report",
                    stage="committee_reported",
                    congress=int(m.group("congress")),
                )
            elif cue.name == "bill":
                stage = P.MEASURE_STAGE_FROM_STATUS.get(status or "", "introduced")
                fields.update(measure_type="bill", stage=stage)
            else:
                fields.update(measure_type="executive_order", stage="issued")
            single = {f[2] for f in fys if f[2] == f[3]}
            if len(single) == 1:
                fields["fy"] = single.pop()
            out.append(Candidate(fields, sentence.index, ["stage, title, FY"]))
    return out


def unnamed_measure(sentence: Sentence, ctx: _Context, seen: set[str]) -> list[Candidate]:
    """A condition Congress set without the report naming the act ("Congress required the State
    Department to withhold 15% ..." under "First Phase: FY2008-FY2010"): a placeholder measure
    for the fiscal years' appropriations, so the condition has a measure to attach to."""
    if ctx.measure is not None or not ctx.fy or not re.match(r"Congress (?:required|directed)",
                                                              sentence.text):
        return []
    if not any(c.regex.search(sentence.text) for c in P.CONDITIONS):
        return []
    a, b = ctx.fy
    span = f"FY{a}" if a == b else f"FY{a}-FY{b}"
    slug = _slug(f"{span}-appropriations")
    ctx.measure = slug
    if slug in seen:
        return []
    seen.add(slug)
    fields = {"kind": "measure", "id": slug,
              "citation": f"{span} appropriations (acts not named in the report)",
              "measure_type": "other", "stage": "enacted"}
    return [Candidate(fields, sentence.index, ["the report names no act: keep a placeholder?"])]


def conditions(sentence: Sentence, ctx: _Context) -> list[Candidate]:
    if ctx.measure is None or not P.IMPOSED.regex.search(sentence.text):
        return []
    out = []
    percents = list(P.PERCENT.regex.finditer(sentence.text))
    for cue in P.CONDITIONS:
        if not cue.regex.search(sentence.text):
            continue
        fields: dict[str, Any] = {
            "kind": "condition",
            "measure": ctx.measure,
            "condition_type": cue.name,
        }
        if cue.name == "withholding" and percents:
            fields["percent"] = Decimal(percents[0].group("value"))
        accounts = accounts_in(sentence.text)
        if cue.name == "withholding" and len(accounts) == 1:
            fields["account"] = accounts[0]
        fields["recipient"] = "Mexico" if "Mexic" in sentence.text else None
        fields["conditioned"] = sentence.text
        out.append(
            Candidate(
                fields,
                sentence.index,
                [
                    "measure (the last one cited)",
                    "shorten 'conditioned'",
                ],
            )
        )
    return out


def _date(text: str, year: str | None) -> str | None:
    m = P.DATE.regex.search(text)
    if m:
        if m.group("year_only") or m.group("year_adj"):
            return str(m.group("year_only") or m.group("year_adj"))
        month = P.MONTHS.index(m.group("month")) + 1
        date = f"{m.group('year')}-{month:02d}"
        return date + (f"-{int(m.group('day')):02d}" if m.group("day") else "")
    m = P.MONTH_ONLY.regex.search(text)
    if m and year:
        return f"{year}-{P.MONTHS.index(m.group('month')) + 1:02d}"
    return None


def events(sentence: Sentence, ctx: _Context | None = None) -> list[Candidate]:
    text = sentence.text
    if text.startswith("Updated "):
        return []
    year = ctx.year if ctx else None
    date = _date(text, year)
    check = ["summary, actors, category"]
    if date is None and year and P.EVENT_VERBS.regex.search(text):
        date = year  # an action dated by the paragraph: year precision only
        check.insert(0, "date from an earlier sentence")
    if date is None:
        return []
    fields = {"kind": "event", "date": date, "summary": text}
    return [Candidate(fields, sentence.index, check)]


def programs(sentence: Sentence, ctx: _Context) -> list[Candidate]:
    m = P.PROGRAM_HEADING.regex.match(sentence.text)
    if not m:
        return []
    name = m.group("name")
    fields: dict[str, Any] = {"kind": "program", "id": _slug(_ascii(name)), "name": name}
    if m.group("start"):
        fields["start"] = m.group("start")
        if m.group("end") != "Present":
            fields["end"] = m.group("end")
    ctx.program = fields["id"]
    return [Candidate(fields, sentence.index, ["aliases, start, end, summary"])]


def phases(sentence: Sentence, ctx: _Context) -> list[Candidate]:
    m = P.PHASE.regex.match(sentence.text)
    if not m or ctx.program is None:
        return []
    fields = {"kind": "phase", "id": _slug(f"{ctx.program}-{m.group('name')}"),
              "program": ctx.program, "name": m.group("name"),
              "fy_start": int(m.group("start")), "fy_end": int(m.group("end"))}
    return [Candidate(fields, sentence.index, ["program (the last heading), summary"])]


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def indicators(sentence: Sentence) -> list[Candidate]:
    text = sentence.text
    out = []
    for m in P.CHANGE.regex.finditer(text):
        name = m.group("name").strip()
        unit = name.split()[-1]
        for value, year, q in ((m.group("a"), m.group("y1"), None), (m.group("b"), m.group("y2"),
                                                                    m.group("q"))):
            fields = {"kind": "indicator", "name": name, "value": Decimal(value.replace(",", "")),
                      "unit": unit, "period_start": year, "period_end": year}
            if q:
                fields["qualifier"] = "about"
            out.append(Candidate(fields, sentence.index, ["name, unit, period"]))
    for m in P.MULTIPLE.regex.finditer(text):
        times = {"doubled": 2, "tripled": 3, "quadrupled": 4}[m.group("times")]
        fields = {"kind": "indicator", "name": f"Change in {m.group('name').strip()}",
                  "value": Decimal(times), "unit": "multiple", "period_start": m.group("y1"),
                  "period_end": m.group("y2")}
        out.append(Candidate(fields, sentence.index, ["name, unit, period"]))
    for m in P.COUNT.regex.finditer(text):
        unit = m.group("unit")
        fields = {
            "kind": "indicator",
            "name": unit,
            "value": Decimal(m.group("value").replace(",", "")),
            "unit": unit.split()[-1],
        }
        out.append(Candidate(fields, sentence.index, ["name, unit, period"]))
    if not P.CONDITIONS[0].regex.search(text):
        for m in P.PERCENT.regex.finditer(text):
            fields = {
                "kind": "indicator",
                "name": text[max(0, m.start() - 40) : m.start()].split(",")[-1].strip() or "share",
                "value": Decimal(m.group("value")),
                "unit": "percent",
            }
            out.append(Candidate(fields, sentence.index, ["name, period"]))
    return out


def designations(sentence: Sentence) -> list[Candidate]:
    if not P.DESIGNATION.regex.search(sentence.text):
        return []
    fields: dict[str, Any] = {
        "kind": "designation",
        "designee": "Mexican drug cartels",
        "designation_type": "FTO",
        "agency": "State Department",
    }
    m = P.DATE.regex.search(sentence.text)
    if m and not m.group("year_only"):
        fields["date"] = f"{m.group('year')}-{P.MONTHS.index(m.group('month')) + 1:02d}"
    return [Candidate(fields, sentence.index, ["designee, count, agency, date"])]


def extract(sentences: list[Sentence], skip: set[int] | None = None) -> list[Candidate]:
    """Candidates from every sentence not in ``skip`` (sentences already quoted by carried or
    revised facts still feed the context: fiscal years, stage, the last measure cited)."""
    skip = skip or set()
    ctx = _Context()
    seen_measures: set[str] = set()
    out: list[Candidate] = []
    for s in sentences:
        if s.paragraph != ctx.paragraph:
            ctx.fy, ctx.status, ctx.paragraph, ctx.year = None, None, s.paragraph, None
        found: list[Candidate] = []
        found += programs(s, ctx)
        found += phases(s, ctx)
        found += measures(s, ctx, seen_measures)
        found += unnamed_measure(s, ctx, seen_measures)
        found += appropriations(s, ctx)
        found += conditions(s, ctx)
        statistic = P.CHANGE.regex.search(s.text) or P.MULTIPLE.regex.search(s.text)
        if not money_in(s.text) and not statistic:
            found += events(s, ctx)
        found += designations(s)
        found += indicators(s)
        if s.index not in skip:
            out.extend(found)
        fys = _fys(s.text)
        if fys:
            ctx.fy = fys[-1][2:]
        ctx.status = sentence_status(s.text) or ctx.status
        # The year carries to the next sentence only: an undated action right after a dated
        # one ("In 2019, ... disbanded the federal police. Instead, the government created").
        date = _date(s.text, ctx.year)
        if date is None and ctx.year and P.EVENT_VERBS.regex.search(s.text):
            date = ctx.year
        ctx.year = date[:4] if date else None
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
