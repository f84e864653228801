#!/usr/bin/env python
"""Do general-purpose libraries find the development set's figures better than kb's patterns?

    python scripts/compare_libraries.py [--texts DIR] [--key FILE] [--format table|json]

Every extractor reads the same text, kb's own reading of each file
(kb.ingest.readers.read_revision(path).text), and is scored against the figures-only key
(scripts/devset/key.yaml) over the whole set:

- money recall: key amounts found by an extracted amount equal to the cent, one to one
  (an amount keyed twice in a text needs two extracted occurrences);
- money spurious: extracted money occurrences whose amount is no key amount of that text;
- percent recall, count recall: key values found by an equal extracted value, one to one
  (counts on the value only, not the unit);
- date recall: key event dates matched one to one by an extracted date that starts with the
  key date (key 2022-02 is matched by 2022-02 or 2022-02-24); "exact" also requires the same
  precision (key 2022-02 matched by 2022-02 only), which shows a library inventing a day;
- date spurious: distinct extracted dates of a text that match no key date of that text (the
  key leaves out header dates, period bounds and years inside a law's name, so every
  extractor here, kb's included, has some);
- seconds: extraction time over the whole set after the import (import seconds apart).

--join-lines replaces the text's line breaks with spaces for every extractor alike (kb's text
keeps them, and some libraries do not read a figure or date across one).

Extractors (each library imported lazily; a missing or broken one is reported, not run):

- kb: kb.draft.patterns MONEY/money_amount, PERCENT, COUNT, and
  kb.draft.extractors.events.dates_in;
- quantulum3: parser.parse(text); money = quantities whose unit name contains "dollar"
  (so "dollar per year" counts), percents = unit "percentage", counts = every other quantity
  (dimensionless or any other unit);
- price-parser: Price.fromstring on each window matched by r"\\$[^$]{0,25}" (a dollar sign and
  up to 25 following characters that are not another dollar sign); "raw" takes its amount as
  is (price-parser knows no scale words), "+ scale" multiplies it by a trillion/billion/
  million/thousand word that directly follows the amount price-parser read in the window;
- number-parser: number_parser.parse(text) turns spelled-out numbers into digits, then kb's
  COUNT pattern runs over the result (the key holds digit counts only, so this can add
  counts the key does not have but no keyed one);
- dateparser: dateparser.search.search_dates(text, languages=["en"]);
- datefinder: datefinder.find_dates(text, source=True).

Date precision for the libraries, which return datetimes with defaults filled in: decided from
the substring each library says it read, never from the datetime.  Day precision only when
the substring names the month (a month name or abbreviation, or a numeric m/d/y form) and
holds a 1-2 digit number equal to the datetime's day; month precision when it names the
month; otherwise year precision.  A substring with no four-digit year (so the year came from a
default: today or a previous date) still yields the library's year, is scored like any other
date, and is also counted in "no year in text", the libraries' typical false positive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CENT = Decimal("0.01")


@dataclass
class Found:
    """What one extractor found in one text; None for a figure it does not extract."""

    money: list[Decimal] | None = None
    percents: list[Decimal] | None = None
    counts: list[Decimal] | None = None
    dates: list[str] | None = None
    no_year: int = 0  # library dates whose substring holds no four-digit year


Extract = Callable[[str], Found]


@dataclass
class Extractor:
    name: str
    load: Callable[[], Extract]  # imports the library; may raise


@dataclass
class Score:
    name: str
    available: bool = True
    error: str | None = None
    import_seconds: float = 0.0
    seconds: float = 0.0
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    misses: dict[str, dict[str, list[str]]] = field(default_factory=dict)


# --- helpers ---------------------------------------------------------------------------


def number(value: object, quantum: Decimal | None = None) -> Decimal:
    """A key or extracted value as a Decimal; floats go through their shortest repr."""
    result = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    return result.quantize(quantum) if quantum is not None else result


def digits(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?", re.I
)
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d{2}(?!\d)")
SMALL_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


def precise(source: str, when: Any) -> tuple[str, bool]:
    """(ISO prefix at the precision the source text gives, whether the source has a year)."""
    has_year = bool(FOUR_DIGIT_YEAR.search(source))
    year = f"{when.year:04d}"
    if NUMERIC_DATE.search(source):
        return f"{year}-{when.month:02d}-{when.day:02d}", has_year
    if not MONTH_WORD.search(source):
        return year, has_year
    rest = FOUR_DIGIT_YEAR.sub(" ", source)
    if any(int(n) == when.day for n in SMALL_NUMBER.findall(rest)):
        return f"{year}-{when.month:02d}-{when.day:02d}", has_year
    return f"{year}-{when.month:02d}", has_year


def dated(pairs: Iterable[tuple[str, Any]]) -> Found:
    """A library's (source substring, datetime) pairs as dates at the source's precision."""
    dates: list[str] = []
    no_year = 0
    for source, when in pairs:
        date, has_year = precise(source, when)
        dates.append(date)
        no_year += not has_year
    return Found(dates=dates, no_year=no_year)


SCALE_WORDS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
SCALE_AFTER = re.compile(r"\s*(trillion|billion|million|thousand)\b")
DOLLAR_WINDOW = re.compile(r"\$[^$]{0,25}")


# --- extractors ------------------------------------------------------------------------


def load_kb() -> Extract:
    from kb.draft import patterns as P
    from kb.draft.extractors.events import dates_in

    def extract(text: str) -> Found:
        return Found(
            money=[P.money_amount(m) for m in P.MONEY.regex.finditer(text)],
            percents=[Decimal(m.group("value")) for m in P.PERCENT.regex.finditer(text)],
            counts=[digits(m.group("value")) for m in P.COUNT.regex.finditer(text)],
            dates=[date for _, date in dates_in(text)],
        )

    return extract


def load_quantulum() -> Extract:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed"
        from quantulum3 import parser

    def extract(text: str) -> Found:
        money: list[Decimal] = []
        percents: list[Decimal] = []
        counts: list[Decimal] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        for q in quantities:
            unit = str(q.unit.name)
            if "dollar" in unit:
                money.append(number(round(float(q.value), 2), CENT))
            elif unit == "percentage":
                percents.append(number(round(float(q.value), 6)))
            else:
                counts.append(number(round(float(q.value), 6)))
        return Found(money=money, percents=percents, counts=counts)

    return extract


def _price_parser(scaled: bool) -> Callable[[], Extract]:
    def load() -> Extract:
        from price_parser import Price

        def extract(text: str) -> Found:
            money: list[Decimal] = []
            for m in DOLLAR_WINDOW.finditer(text):
                window = m.group()
                price = Price.fromstring(window)
                if price.amount is None:
                    continue
                amount = Decimal(price.amount)
                if scaled and price.amount_text:
                    at = window.find(price.amount_text)
                    end = at + len(price.amount_text)
                    scale = SCALE_AFTER.match(window, end) if at >= 0 else None
                    if scale:
                        amount *= SCALE_WORDS[scale.group(1)]
                money.append(amount)
            return Found(money=money)

        return extract

    return load


def load_number_parser() -> Extract:
    import number_parser

    from kb.draft import patterns as P

    def extract(text: str) -> Found:
        spelled = number_parser.parse(text)
        return Found(counts=[digits(m.group("value")) for m in P.COUNT.regex.finditer(spelled)])

    return extract


def load_dateparser() -> Extract:
    from dateparser.search import search_dates

    def extract(text: str) -> Found:
        return dated((source, when) for source, when in search_dates(text, languages=["en"]) or [])

    return extract


def load_datefinder() -> Extract:
    import datefinder

    def extract(text: str) -> Found:
        return dated((source, when) for when, source in datefinder.find_dates(text, source=True))

    return extract


EXTRACTORS = (
    Extractor("kb patterns", load_kb),
    Extractor("quantulum3", load_quantulum),
    Extractor("price-parser (raw)", _price_parser(scaled=False)),
    Extractor("price-parser + scale", _price_parser(scaled=True)),
    Extractor("number-parser + kb COUNT", load_number_parser),
    Extractor("dateparser", load_dateparser),
    Extractor("datefinder", load_datefinder),
)


# --- the key and scoring ---------------------------------------------------------------


@dataclass
class Keyed:
    money: list[Decimal]
    percents: list[Decimal]
    counts: list[Decimal]
    dates: list[str]


def read_key(path: Path) -> dict[str, Keyed]:
    raw = yaml.safe_load(path.read_text("utf-8"))
    out: dict[str, Keyed] = {}
    for stem, entry in raw.items():
        out[stem] = Keyed(
            money=[number(m["amount"], CENT) for m in entry.get("money") or []],
            percents=[number(p["value"]) for p in entry.get("percents") or []],
            counts=[number(c["value"]) for c in entry.get("counts") or []],
            dates=[str(e["date"]) for e in entry.get("events") or []],
        )
    return out


def one_to_one(key: Iterable[Decimal], found: Iterable[Decimal]) -> tuple[int, list[Decimal]]:
    """(key values matched by equal found values, each used once; the key values missed)."""
    available = Counter(found)
    missed: list[Decimal] = []
    matched = 0
    for value in key:
        if available[value] > 0:
            available[value] -= 1
            matched += 1
        else:
            missed.append(value)
    return matched, missed


def match_dates(key: list[str], found: list[str], exact: bool) -> tuple[int, list[str]]:
    """Maximum one-to-one matching of key dates to found dates (augmenting paths)."""

    def fits(k: str, f: str) -> bool:
        return f == k if exact else f.startswith(k)

    owner: dict[int, int] = {}  # found index -> key index

    def place(k: int, seen: set[int]) -> bool:
        for f, date in enumerate(found):
            if f in seen or not fits(key[k], date):
                continue
            seen.add(f)
            if f not in owner or place(owner[f], seen):
                owner[f] = k
                return True
        return False

    placed = {k for k in range(len(key)) if place(k, set())}
    return len(placed), [key[k] for k in range(len(key)) if k not in placed]


def blank() -> dict[str, Any]:
    return {"matched": 0, "keyed": 0, "extracted": 0}


def score(extractor: Extractor, texts: dict[str, str], key: dict[str, Keyed]) -> Score:
    result = Score(extractor.name)
    start = time.perf_counter()
    try:
        extract = extractor.load()
    except Exception as exc:  # ImportError, or a library that breaks on import
        result.available = False
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    result.import_seconds = time.perf_counter() - start
    found: dict[str, Found] = {}
    start = time.perf_counter()
    try:
        for stem, text in texts.items():
            found[stem] = extract(text)
    except Exception as exc:
        result.available = False
        result.error = f"failed on {stem}: {type(exc).__name__}: {exc}"
        return result
    result.seconds = time.perf_counter() - start

    figures: dict[str, dict[str, Any]] = {}
    for stem, keyed in key.items():
        got = found.get(stem)
        if got is None:
            continue
        misses: dict[str, list[str]] = {}
        for kind in ("money", "percents", "counts"):
            values = getattr(got, kind)
            if values is None:
                continue
            keyed_values: list[Decimal] = getattr(keyed, kind)
            tally = figures.setdefault(kind, blank())
            matched, missed_values = one_to_one(keyed_values, values)
            tally["matched"] += matched
            tally["keyed"] += len(keyed_values)
            tally["extracted"] += len(values)
            if kind == "money":
                amounts = set(keyed_values)
                tally["spurious"] = tally.get("spurious", 0) + sum(
                    v not in amounts for v in values
                )
            if missed_values:
                misses[kind] = [str(v) for v in missed_values]
        if got.dates is not None:
            tally = figures.setdefault("dates", blank() | {"exact": 0, "spurious": 0, "no_year": 0})
            matched, missed_dates = match_dates(keyed.dates, got.dates, exact=False)
            exact, _ = match_dates(keyed.dates, got.dates, exact=True)
            tally["matched"] += matched
            tally["exact"] += exact
            tally["keyed"] += len(keyed.dates)
            tally["extracted"] += len(got.dates)
            spurious = sorted(
                d for d in set(got.dates) if not any(d.startswith(k) for k in keyed.dates)
            )
            tally["spurious"] += len(spurious)
            tally["no_year"] += got.no_year
            if missed_dates:
                misses["dates"] = missed_dates
            if spurious:
                misses["spurious dates"] = spurious
        if misses:
            result.misses[stem] = misses
    for tally in figures.values():
        tally["recall"] = round(tally["matched"] / tally["keyed"], 3) if tally["keyed"] else None
    result.figures = figures
    return result


# --- output ----------------------------------------------------------------------------

COLUMNS = (
    ("extractor", 26),
    ("money", 14),
    ("$ spur.", 8),
    ("percent", 13),
    ("count", 12),
    ("date", 12),
    ("date exact", 11),
    ("date spur.", 10),
    ("no year", 8),
    ("seconds", 8),
    ("import s", 8),
)


def _recall(tally: dict[str, Any] | None, field_name: str = "matched") -> str:
    if tally is None:
        return "-"
    keyed = tally["keyed"]
    share = f"{tally[field_name] / keyed:.2f}" if keyed else "n/a"
    return f"{tally[field_name]}/{keyed} {share}"


def table(scores: list[Score], n_texts: int) -> str:
    head = "  ".join(name.ljust(width) for name, width in COLUMNS)
    lines = [f"{n_texts} texts; recall as matched/keyed share", head, "-" * len(head)]
    unavailable: list[str] = []
    for s in scores:
        if not s.available:
            lines.append(s.name.ljust(COLUMNS[0][1]) + "  not available")
            unavailable.append(f"  {s.name}: {s.error}")
            continue
        money, dates = s.figures.get("money"), s.figures.get("dates")
        cells = (
            s.name,
            _recall(money),
            str(money["spurious"]) if money else "-",
            _recall(s.figures.get("percents")),
            _recall(s.figures.get("counts")),
            _recall(dates),
            _recall(dates, "exact"),
            str(dates["spurious"]) if dates else "-",
            str(dates["no_year"]) if dates else "-",
            f"{s.seconds:.2f}",
            f"{s.import_seconds:.2f}",
        )
        lines.append("  ".join(c.ljust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)))
    extracted = [
        f"  {s.name}: "
        + ", ".join(f"{kind} {t['extracted']}" for kind, t in s.figures.items())
        for s in scores
        if s.available
    ]
    lines += ["", "values extracted (occurrences):", *extracted]
    if unavailable:
        lines += ["", "not available:", *unavailable]
    return "\n".join(lines)


def versions() -> dict[str, str]:
    import importlib.metadata

    out: dict[str, str] = {}
    for dist in ("quantulum3", "price-parser", "number-parser", "dateparser", "datefinder"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, default=Path("/tmp/devset"))
    parser.add_argument("--key", type=Path, default=ROOT / "scripts" / "devset" / "key.yaml")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--misses", action="store_true",
                        help="with the table, list each extractor's missed key figures")
    parser.add_argument("--join-lines", action="store_true",
                        help="replace line breaks with spaces before every extractor (a side "
                        "measurement: by default all read kb's text as it is)")
    args = parser.parse_args(argv)

    from kb.ingest.readers import read_revision

    key = read_key(args.key)
    texts: dict[str, str] = {}
    for stem in key:
        path = args.texts / f"{stem}.txt"
        if path.is_file():
            text = read_revision(path).text
            texts[stem] = text.replace("\n", " ") if args.join_lines else text
    missing = sorted(set(key) - set(texts))
    key = {stem: keyed for stem, keyed in key.items() if stem in texts}
    if not texts:
        parser.error(f"no keyed texts in {args.texts}")

    scores = [score(e, texts, key) for e in EXTRACTORS]
    if args.format == "json":
        print(json.dumps({
            "texts": len(texts),
            "texts_missing": missing,
            "join_lines": args.join_lines,
            "versions": versions(),
            "extractors": [
                {"name": s.name, "available": s.available, "error": s.error,
                 "seconds": round(s.seconds, 3), "import_seconds": round(s.import_seconds, 3),
                 "figures": s.figures, "misses": s.misses}
                for s in scores
            ],
        }, indent=2))
        return 0
    print(table(scores, len(texts)))
    if missing:
        print(f"\nkeyed texts not found in {args.texts}: {', '.join(missing)}")
    if args.misses:
        for s in scores:
            for stem, misses in s.misses.items():
                print(f"{s.name} | {stem} | " + "; ".join(
                    f"{kind}: {', '.join(values)}" for kind, values in misses.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
