"""Appropriations: every dollar figure becomes a candidate, its fields read from the sentence
and, where the sentence leaves them out, from the paragraph, the heading and the title (marked
as inferred); what nothing says is left empty and listed in ``needs``."""

from __future__ import annotations

import re
from typing import Any

from kb.domain.accounts import BY_CODE, account_spans, accounts_in
from kb.domain.places import GLOBAL, places_in
from kb.draft import patterns as P
from kb.draft.extractors.base import Candidate, Context
from kb.draft.segment import Sentence

# A preposition that makes the next place the figure's recipient ("assistance to Ukraine").
_TO = re.compile(r"\b(?:to|for|in|toward|towards|with)\s+(?:the\s+)?$", re.I)
_SUPPLEMENTAL = re.compile(r"\bsupplemental\b|\bemergency\b", re.I)


def money_in(text: str) -> list[re.Match[str]]:
    return list(P.MONEY.regex.finditer(text))


def fiscal_years(text: str) -> list[tuple[int, int, int, int]]:
    """(start offset, end offset, fy_start, fy_end) for every fiscal-year mention, in order."""
    found = []
    for m in P.FY_RANGE.regex.finditer(text):
        start, end = P.year_of(m.group("start")), P.year_of(m.group("end"))
        joined = m.group()
        if end < start or (" and " in joined and not joined.lower().startswith("between")):
            continue
        found.append((m.start(), m.end(), start, end))
    for m in P.FY_SINGLE.regex.finditer(text):
        if not any(s <= m.start() < e for s, e, _, _ in found):
            year = P.year_of(m.group("year") or m.group("fiscal"))
            found.append((m.start(), m.end(), year, year))
    return sorted(found)


def sentence_status(text: str) -> str | None:
    for cue in P.STATUSES:
        if cue.regex.search(text):
            return cue.name
    return None


def _cues(text: str, lo: int, hi: int) -> list[tuple[int, int, int, str]]:
    """(start, end, tier, status) of every status cue in ``lo:hi`` outside a comparison's base
    ("an increase from FY2022 enacted"): tier 0 for a verb, 1 for a noun, 2 for a verb that
    only reports ("totaled"); a verb a promise or request introduces is not a cue of its own
    ("pledges to provide")."""
    zones = _zones(text)
    clauses = [(c.start(), c.end()) for c in P.RELATIVE.regex.finditer(text)]
    out = []
    for cue in P.STATUSES:
        for m in cue.regex.finditer(text, lo, hi):
            if not _inside(m.start(), zones) and not _inside(m.start(), clauses):
                tier = (2 if cue.name == "reported"
                        else 1 if P.NOUN_CUE.regex.fullmatch(m.group()) or _adjective(text, m)
                        else 0)
                out.append((m.start(), m.end(), tier, cue.name))
    out.sort()
    governed = {
        i for i, (start, _, _, _) in enumerate(out)
        if any(name in P.GOVERNING and tier == 0 and end <= start
               and P.INFINITIVE.regex.fullmatch(text, end, start)
               for _, end, tier, name in out)
    }
    return [c for i, c in enumerate(out) if i not in governed]


def _adjective(text: str, m: re.Match[str]) -> bool:
    """"the Administration's requested $95.2 million": a participle naming which amount, weaker
    than the clause's verb ("Congress fully funded")."""
    return (re.search(r"(?:\bthe|['’]s)\s+$", text[max(0, m.start() - 6) : m.start()]) is not None
            and re.match(r"\s+\$", text[m.end() : m.end() + 3]) is not None)


_RANK = {c.name: i for i, c in enumerate(P.STATUSES)}


def _nearest(cues: list[tuple[int, int, int, str]], start: int, end: int) -> str | None:
    best: tuple[int, int, int, str] | None = None
    for c_start, c_end, tier, name in cues:
        distance = start - c_end if c_end <= start else c_start - end
        if distance < 0:
            continue
        key = (tier, distance, _RANK[name], name)
        if best is None or key < best:
            best = key
    return best[3] if best else None


def _status(
    text: str, m: re.Match[str], lo: int, hi: int, cues: list[tuple[int, int, int, str]],
    sentence_cue: str | None, context: Context, check: list[str],
) -> str | None:
    """A figure's status, from the most specific evidence to the least: "estimated" just
    before it; a bill's stage named in the sentence (in a sentence about what a bill would do,
    the stage an earlier sentence named); the cue nearest the figure in its own stretch of the
    sentence (a cue after it only when nearer to it than to the next figure); the nearest cue
    before it; an earlier sentence's; any cue in the sentence."""
    if P.ESTIMATED.regex.search(text[max(0, m.start() - 40) : m.start()]):
        return "estimated"
    stages = [c for c in cues if c[3] in P.BILL_STAGES]
    if stages:  # the stage named last before the figure ("the House approved ..., providing")
        earlier = [c for c in stages if c[1] <= m.start()]
        return (earlier[-1] if earlier else stages[0])[3]
    if sentence_cue in P.BILL_STAGES:
        return sentence_cue
    if context.status in P.BILL_STAGES and P.MODAL.regex.search(text):
        check.append("stage from an earlier sentence")
        return context.status
    own = [c for c in cues if lo <= c[0] and c[1] <= hi
           and (c[1] <= m.start() or hi >= len(text) or c[0] - m.end() < hi - c[1])]
    before = [c for c in cues if c[1] <= m.start()]
    found = _nearest(own, m.start(), m.end()) or _nearest(before, m.start(), m.end())
    if found is None and context.status:
        check.append("status from an earlier sentence")
        found = context.status
    found = found or sentence_cue
    if found == "proposed" and any(c[3] == "requested" and lo <= c[0] < hi for c in cues):
        return "requested"  # "the proposed FY2024 budget request": a request
    return found


def account_codes(text: str) -> list[str]:
    """The accounts and authorities named (not programs such as CBSI: those are funded from
    accounts, and go in a figure's check)."""
    return [code for _, code in accounts_in(text) if BY_CODE[code].kind != "program"]


def _window_after(text: str, end: int, next_start: int) -> str:
    window = text[end : min(next_start, end + 80)]
    return re.split(r"[,;]|\.\s|\.$", window, maxsplit=1)[0]


def recipient_of(
    text: str, start: int, end: int, context: Context, clause: tuple[int, int] | None = None
) -> tuple[str | None, str]:
    """The recipient of the figure at ``start:end`` and how it was found ("" when stated in the
    sentence): a place after "to/for/in" nearest the figure, else the one place the sentence
    names, else the paragraph's, else the title's; "global" when the sentence says so."""
    scope = text[max(0, start - 30) : end + 60]
    if P.GLOBAL.regex.search(scope):
        return GLOBAL, ""
    places = [p for p in places_named(text) if not _possessive(text, p[1])
              and not (clause and _aside(text, clause[1], p[0]))]
    if context.subject and any(p[2] == context.subject for p in places):
        return context.subject, ""
    targeted = [p for p in places if _TO.search(text[max(0, p[0] - 12) : p[0]])]
    if clause:  # "$9 million to X and $2 million to Y": each figure's own place
        own = [p for p in targeted if clause[0] <= p[0] < clause[1]]
        targeted = own or targeted
        listed = {p[2] for p in places if clause[0] <= p[0] < clause[1]}
        if own and len(listed) > 1:  # "for Central America, Haiti, and the Dominican Republic"
            first = min(own, key=lambda p: p[0])
            return first[2], f"recipient: several named ({', '.join(sorted(listed))})"
    pool = targeted or places
    if pool:
        nearest = min(pool, key=lambda p: min(abs(p[0] - end), abs(start - p[1])))
        distinct = {p[2] for p in pool}
        if len(distinct) == 1 or targeted:
            return nearest[2], ""
        if context.subject in distinct:
            return context.subject, ""
        return nearest[2], "recipient: the sentence names several"
    if context.recipient:
        return context.recipient, "recipient from an earlier sentence"
    if context.subject:
        return context.subject, "recipient from the title"
    return None, ""


def _aside(text: str, next_figure: int, at: int) -> bool:
    """A place in a later figure's stretch, set off from that figure by a comma ("...; and $453
    million for CERP, the latter to be shared with Iraq"): that figure's, not every figure's
    ("$2.1 billion in ESF and $420 million in INCLE funds to Afghanistan" is both)."""
    if at < next_figure:
        return False
    last = text.rfind("$", 0, at)
    return bool(re.search(r"[,;]", text[last:at]))


def places_named(text: str) -> list[tuple[int, int, str]]:
    """The places a sentence names, outside account and program names ("Central America
    Regional Security Initiative", "Ukraine Security Assistance Initiative" name no place)."""
    names = account_spans(text)
    return [p for p in places_in(text) if not any(a <= p[0] < b for a, b, _ in names)]


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _zones(text: str) -> list[tuple[int, int]]:
    return [(c.start(), c.end()) for c in P.COMPARISON.regex.finditer(text)]


def _inside(at: int, zones: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in zones)


# "$10.5 billion of the $26 billion": a part of the next figure
_PART_OF = re.compile(r"\s+(?:\w+\s+){0,2}?of\s+(?:the|a|an|its)\s+(?:total\s+)?")
# "FY2008 request of $391.8 million": a year in the noun phrase that leads to the next figure
_NEXT_FIGURES = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:of|for|totaling|at)\s+"
                           r"(?:about\s+|some\s+|nearly\s+|roughly\s+)?")
_PAIR = re.compile(r"\bFY\s?((?:19|20)\d{2}) and FY\s?((?:19|20)\d{2})\b")
_THROUGH_BEFORE = re.compile(r"\b(?:[Tt]hrough|[Uu]ntil|[Uu]p to)\s+$")
_OPEN_BEFORE = re.compile(r"\b(?:[Ss]ince|[Bb]eginning in|[Ss]tarting in)\s+$")


def _fiscal_years_for(
    text: str, i: int, amounts: list[re.Match[str]], fys: list[tuple[int, int, int, int]],
    context: Context, check: list[str], needs: list[str], difference: bool = False,
) -> tuple[int | None, int | None]:
    """A figure's fiscal years: stated next to it (after it, to the next figure, else the last
    before it in the sentence; not a comparison's base year), an open range ("since FY2002",
    to the version's year), a calendar span, an act named for its year, "to date", else the
    paragraph's or heading's, marked as inferred; else a need."""
    m = amounts[i]
    next_start = amounts[i + 1].start() if i + 1 < len(amounts) else len(text)
    zones = _zones(text)
    usable = [f for f in fys if not _inside(f[0], zones)]
    after = [f for f in usable if m.end() <= f[0] < min(next_start, m.end() + 70)]
    prior = [f for f in usable if f[1] <= m.start()]
    later = [f for f in usable if f[0] >= m.end()]  # "$25 million and $11 million of FY2022"
    own_prior = [f for f in prior if f[0] >= (amounts[i - 1].end() if i else 0)]
    if after and own_prior and i + 1 < len(amounts) and _NEXT_FIGURES.fullmatch(
            text, after[0][1], next_start):
        # "an FY2007 request of $6.6 billion, a regular FY2008 request of $391.8 million": the
        # year after the figure is the next figure's
        after = []
    if difference:
        later = []  # "$314 million less than the $1.7 billion allocated in FY2020": the base's
    found = after[0] if after else prior[-1] if prior else later[0] if later else None
    version_fy = context.version_fy
    span = P.CALENDAR_SPAN.regex.search(text)
    if span and int(span.group("end")) >= int(span.group("start")) and (
        found is None or span.start() <= found[0] < span.end()
    ):
        # "From FY2002 through June 20, 2021": the span, not its first year alone
        check.append("fiscal years from a span ending on a date (inferred)")
        return int(span.group("start")), int(span.group("end"))
    pair = _PAIR.search(text)
    if pair and len(amounts) == 1 and int(pair.group(2)) == int(pair.group(1)) + 1:
        # "FY2022 and FY2023 packages were funded via $48.7 billion": one figure, two years;
        # "... as well as in FY2024 continuing appropriations": the run goes on
        named = sorted({f[2] for f in usable if f[2] == f[3]})
        if named == list(range(named[0], named[-1] + 1)) and len(named) > 2:
            check.append(f"fiscal years FY{named[0]}-FY{named[-1]}: each named in the sentence")
            return named[0], named[-1]
        return int(pair.group(1)), int(pair.group(2))
    if found is not None:
        start, end = found[2], found[3]
        if start == end and version_fy and P.TO_PRESENT.regex.match(text, found[1]):
            check.append(f"fy_end {version_fy}: 'to the present' is the version's fiscal "
                         "year (inferred)")
            return start, max(start, version_fy)
        as_of = P.AS_OF.regex.search(text, found[1])
        if start == end and as_of and int(as_of.group("year")) > start:
            check.append(f"fy_end {as_of.group('year')}: the period runs to '{as_of.group()}' "
                         "(calendar year, inferred)")
            return start, int(as_of.group("year"))
        if start == end and _THROUGH_BEFORE.search(text[: found[0]]):
            span = P.SPAN_YEARS.regex.search(text)
            if span:  # "a 10-year agreement, which runs through FY2018"
                n = span.group("n").lower()
                years = int(n) if n.isdigit() else P.NUMBER_WORDS[n]
                check.append(f"fy_start {end - years + 1}: {years} years through FY{end} "
                             "(inferred)")
                return end - years + 1, end
            # "through FY2018, aid amounted to $22 billion": a running total, start unstated
            check.append(f"'through FY{end}': a running total; fy_start not stated")
            needs.append("fy_start")
            return None, end
        if start == end and version_fy and _OPEN_BEFORE.search(text[: found[0]]):
            check.append(f"fy_end {version_fy}: 'since FY{start}' runs to the version's fiscal "
                         "year (inferred)")
            return start, max(start, version_fy)
        return start, end
    # A span the text gives in calendar years ends in the version's calendar year: kb records
    # it as the same-numbered fiscal years, and says so.
    year = context.version.year if context.version else None
    past = P.PAST_YEARS.regex.search(text)
    if past and year:
        n = (past.group("n") or "1").lower()
        years = int(n) if n.isdigit() else P.NUMBER_WORDS[n]
        check.append(f"fiscal years: the {years} calendar years to the version's (inferred)")
        return year - years, year
    if P.SINCE_THEN.regex.search(text) and context.year and year:
        first = int(context.year)
        check.append(f"fy_start {first}: 'since then' is the previous sentence's year; fy_end "
                     f"{year}, the version's (calendar years, inferred)")
        return first, max(first, year)
    decade = P.SINCE_DECADE.regex.search(text)
    if decade and year:
        first = int(decade.group("decade")) + P.DECADE_PART[decade.group("part")]
        check.append(f"fy_start {first}: '{decade.group().split()[-1]}' read as {first}; fy_end "
                     f"{year}, the version's (calendar years, inferred)")
        return first, max(first, year)
    since = P.SINCE.regex.search(text)
    if since and version_fy and year:
        if since.group("year"):
            first = int(since.group("year"))
            check.append(f"fy_start {first}, fy_end {year}: calendar years in the text (inferred)")
            return first, max(first, year)
        first = int(since.group("fy") or since.group("from"))
        check.append(f"fy_end {version_fy}: the version's fiscal year (inferred)")
        return first, max(first, version_fy)
    act = P.ACT_YEAR.regex.search(text)
    if act:
        check.append("FY from the act's name (inferred)")
        return int(act.group("year")), int(act.group("year"))
    if P.TO_DATE.regex.search(text) and version_fy:
        check.append(f"fy_end {version_fy}: 'to date' is the version's fiscal year "
                     "(inferred)")
        needs.append("fy_start")
        return None, version_fy
    for where, fy in (("an earlier sentence", context.fy), ("the heading", context.heading_fy)):
        if fy:
            check.append(f"FY from {where} (inferred)")
            return fy
    opening = P.OPENING_DATE.regex.match(text)
    about_a_bill = any(c.regex.search(text) for c in P.CITATIONS) or any(
        c.name in P.BILL_STAGES and c.regex.search(text) for c in P.STATUSES)
    if opening and not about_a_bill:
        # "On February 12, 2015, the IMF agreed ... $17.5 billion" (a bill's date is not the
        # fiscal year it funds)
        check.append(f"FY{opening.group('year')}: the calendar year the sentence opens with "
                     "(inferred)")
        return int(opening.group("year")), int(opening.group("year"))
    needs.extend(["fy_start", "fy_end"])
    return None, None


def appropriations(sentence: Sentence, context: Context) -> list[Candidate]:
    text = sentence.text
    amounts = money_in(text)
    if not amounts:
        return []
    fys = fiscal_years(text)
    first = amounts[0].start()
    lead_accounts = account_codes(text[:first])
    sentence_cue = sentence_status(text)
    cues = _cues(text, 0, len(text))  # the sentence's status cues, found once
    statuses: list[str | None] = []
    parts_of_next: list[int] = []
    out: list[Candidate] = []
    for i, m in enumerate(amounts):
        lo = amounts[i - 1].end() if i else 0
        next_start = amounts[i + 1].start() if i + 1 < len(amounts) else len(text)
        check: list[str] = []
        needs: list[str] = []
        before = text[max(0, m.start() - 40) : m.start()]
        qualifier = next((q.name for q in P.QUALIFIERS if q.regex.search(before)), "exact")
        if qualifier == "exact" and P.PER_YEAR.regex.search(text[m.end() : m.end() + 20]):
            qualifier = "average_per_year"
        difference = bool(P.DIFFERENCE_AFTER.regex.match(text, m.end())
                          or P.DIFFERENCE_BEFORE.regex.search(before))
        fy_start, fy_end = _fiscal_years_for(text, i, amounts, fys, context, check, needs,
                                             difference)
        window = _window_after(text, m.end(), next_start)
        accounts = account_codes(window)
        if (not accounts and i == 0 and lead_accounts) or (
            not accounts and lead_accounts and _continues(text[amounts[0].end() : m.start()])
        ):
            accounts = lead_accounts
        status = _status(text, m, lo, next_start, cues, sentence_cue, context, check)
        outer = _enclosing_figure(text, amounts, i)
        if outer is not None and statuses[outer] and not any(
                tier == 0 and text.rfind("(", 0, m.start()) < start < m.start()
                for start, _, tier, _ in cues):
            # "$38 billion in military aid ($33 billion in FMF plus $5 billion in missile
            # defense appropriations)": the parts of a figure share its status
            status = statuses[outer]
        if difference:
            status = None
            check.append("a difference between two figures, not an amount at a stage: keep it "
                         "only with the status the text gives it, or delete it")
        statuses.append(status)
        if i + 1 < len(amounts) and _PART_OF.fullmatch(text, m.end(), amounts[i + 1].start()) \
                and not any(lo <= c[0] and c[1] <= m.start() for c in cues):
            parts_of_next.append(len(out))
        if status is None:
            needs.append("status")
        recipient, how = recipient_of(text, m.start(), m.end(), context,
                                      (m.end(), next_start))
        if how:
            check.append(how)
        if recipient is None:
            needs.append("recipient")
        fields: dict[str, Any] = {
            "kind": "appropriation",
            "amount_usd": P.money_amount(m),
            "qualifier": qualifier,
            "fy_start": fy_start,
            "fy_end": fy_end,
        }
        if accounts:
            fields["account"] = "+".join(dict.fromkeys(accounts))
        fields.update(recipient=recipient, status=status)
        if context.measure and status not in (None, "requested", "proposed"):
            fields["measure"] = context.measure
        if _SUPPLEMENTAL.search(text):
            fields["note"] = "Supplemental (emergency) funding, as the sentence says."
            check.append("supplemental or base?")
        check.append("amount, FY, account, status")
        out.append(Candidate({k: v for k, v in fields.items() if v is not None},
                             sentence.index, check, order=i, needs=needs))
    for n in parts_of_next:  # "$10.5 billion of the $26 billion ... provided": the whole's stage
        part, whole = out[n], out[n + 1]
        if whole.fields.get("status"):
            part.fields["status"] = whole.fields["status"]
            part.needs = [k for k in part.needs if k != "status"]
            part.check.append("status: the figure it is part of")
    return out


def _enclosing_figure(text: str, amounts: list[re.Match[str]], i: int) -> int | None:
    """The figure whose parenthesis the i-th figure stands in ("$38 billion in aid ($33
    billion ...)"), if the parenthesis opens after that figure and is still open."""
    opened = text.rfind("(", 0, amounts[i].start())
    if opened < 0 or ")" in text[opened : amounts[i].start()]:
        return None
    before = [j for j in range(i) if amounts[j].end() <= opened]
    if not before or text[amounts[before[-1]].end() : opened].count(",") > 1:
        return None
    return before[-1] if opened - amounts[before[-1]].end() < 60 else None


def _continues(between: str) -> bool:
    """Later figures in a sentence that goes on about the same account ("INCLE ... averaged
    $100 million ... before falling to $64 million ... and an estimated $48 million")."""
    return not re.search(r"\bincluding\b|\bof which\b", between) and not account_codes(between)
