#!/usr/bin/env python
"""How good are kb's drafts?  Scores `kb draft` against the curated facts (issue 10).

    python scripts/eval_draft.py [--quick] [--format table|json] [--repeat N]

Scenarios (each drafted into a scratch folder; the database is a scratch SQLite file holding
only what a user would have before the new revision came out):

- aligned:   IF10578@2025-08-14 from its text, aligned to IF10578@2024-10-01 (the database
             holds report.yaml and 2024-10-01 only), scored against the curated 2025-08-14.yaml;
- unaligned: IF10578@2024-10-01 from its text with nothing to align to (an empty database),
             scored against the curated 2024-10-01.yaml;
- the same two drafts from a PDF and an HTML page made from the bundled texts
  (scripts/sample_inputs.py): their facts must equal the text drafts' facts.

The scorer reads the curated files at run time and never compares a draft with another draft
of its own, except for the PDF/HTML parity check, which is about reading, not quality.

Measures (targets in brackets):
- appropriation recall: curated appropriations with a drafted one of the same amount, fiscal
  years, status and account (one to one) [aligned >= 0.95, unaligned >= 0.9];
- appropriation precision: drafted appropriations that equal a curated one on those fields
  [>= 0.8];
- ids kept: facts present in both curated versions that the aligned draft states under their
  curated id, with a quote that shares a sentence with the curated quote [>= 0.9];
- recall per kind on the kind's key figure (amount and fiscal years; citation; date; value;
  condition type and percent; name; fiscal years), one to one and sharing a sentence;
- quotes verbatim: drafted quotes found in the drafted version text [1.0];
- seconds to draft one revision, and the share of it spent reading the file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _with_dependencies() -> None:
    """Run under an interpreter that has kb's test dependencies: this one, else the checkout's
    .venv (the README's), else say what to install instead of a traceback."""
    import importlib.util

    needed = ("sqlalchemy", "pydantic", "pdfplumber", "rapidfuzz", "pysbd", "reportlab")
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if not missing:
        return
    venv = ROOT / ".venv" / "bin" / "python"
    if venv.exists() and Path(sys.executable).resolve() != venv.resolve():
        import os

        os.execv(str(venv), [str(venv), *sys.argv])
    sys.exit(
        f"eval_draft: this Python lacks {', '.join(missing)}; install kb with its test extras: "
        "python3 -m venv .venv && . .venv/bin/activate && python -m pip install -e '.[test]'"
    )


_with_dependencies()

from kb.ingest.quotes import QuoteIndex, normalise  # noqa: E402
from kb.store.paths import seeds_dir  # noqa: E402

REPORT = "IF10578"
OLD, NEW = "2024-10-01", "2025-08-14"
TARGETS = {
    ("aligned", "appropriation recall"): 0.95,
    ("aligned", "appropriation precision"): 0.8,
    ("aligned", "ids kept"): 0.9,
    ("aligned", "quotes verbatim"): 1.0,
    ("unaligned", "appropriation recall"): 0.9,
    ("unaligned", "appropriation precision"): 0.8,
    ("unaligned", "quotes verbatim"): 1.0,
}


def folder() -> Path:
    return seeds_dir() / "reports" / REPORT


def curated(version: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load((folder() / f"{version}.yaml").read_text("utf-8"))["facts"])


# --- scoring ---------------------------------------------------------------------------


def _money_key(f: dict[str, Any]) -> tuple[Any, ...]:
    return (Decimal(str(f["amount_usd"])), int(f["fy_start"]), int(f["fy_end"]),
            f.get("status"), f.get("account") or None)


def _sentences(quote: str) -> set[str]:
    from kb.draft.segment import sentences

    return {normalise(s.text) for s in sentences(quote)}


def share_sentence(a: str, b: str) -> bool:
    return bool(_sentences(a) & _sentences(b)) or normalise(a) in normalise(b) or (
        normalise(b) in normalise(a))


KEY_FIGURES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "appropriation": lambda f: (Decimal(str(f["amount_usd"])), f["fy_start"], f["fy_end"]),
    "measure": lambda f: "".join(str(f["citation"]).split()),
    "condition": lambda f: (f["condition_type"],
                            None if f.get("percent") is None else Decimal(str(f["percent"]))),
    "event": lambda f: str(f["date"]),
    "indicator": lambda f: Decimal(str(f["value"])),
    "designation": lambda f: str(f.get("date")),
    "program": lambda f: f["name"],
    "phase": lambda f: (f.get("fy_start"), f.get("fy_end")),
}


def _one_to_one(
    wanted: list[dict[str, Any]], drafted: list[dict[str, Any]],
    same: Callable[[dict[str, Any], dict[str, Any]], bool],
) -> int:
    left = list(drafted)
    hits = 0
    for w in wanted:
        match = next((d for d in left if same(w, d)), None)
        if match is not None:
            left.remove(match)
            hits += 1
    return hits


@dataclass
class Score:
    recall: float
    precision: float
    curated: int
    drafted: int
    by_kind: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # hit, curated, drafted
    ids_kept: float | None = None
    quotes_verbatim: float = 1.0


def score(drafted: list[dict[str, Any]], version: str, text: str,
          old_version: str | None = None) -> Score:
    """Score drafted facts (as in a facts file) against the curated facts of ``version``."""
    truth = curated(version)
    money_t = [f for f in truth if f["kind"] == "appropriation"]
    money_d = [f for f in drafted if f["kind"] == "appropriation"]
    hits = _one_to_one(money_t, money_d, lambda t, d: _money_key(t) == _money_key(d))
    correct = _one_to_one(money_d, money_t, lambda d, t: _money_key(t) == _money_key(d))
    by_kind = {}
    for kind, key in KEY_FIGURES.items():
        t_k = [f for f in truth if f["kind"] == kind]
        d_k = [f for f in drafted if f["kind"] == kind]
        found = _one_to_one(t_k, d_k, _same_figure(key))
        by_kind[kind] = (found, len(t_k), len(d_k))
    index = QuoteIndex(text)
    verbatim = sum(index.contains(f["quote"]) for f in drafted) / len(drafted) if drafted else 0.0
    kept = None
    if old_version:
        old_ids = {f["id"] for f in curated(old_version)}
        both = {f["id"]: f for f in truth if f["id"] in old_ids}
        by_id = {f["id"]: f for f in drafted}
        kept_n = sum(
            1 for i, f in both.items()
            if i in by_id and by_id[i]["kind"] == f["kind"]
            and share_sentence(by_id[i]["quote"], f["quote"])
        )
        kept = kept_n / len(both) if both else 1.0
    return Score(
        recall=hits / len(money_t) if money_t else 1.0,
        precision=correct / len(money_d) if money_d else 0.0,
        curated=len(money_t), drafted=len(money_d), by_kind=by_kind, ids_kept=kept,
        quotes_verbatim=verbatim,
    )


def _same_figure(
    key: Callable[[dict[str, Any]], Any],
) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    """The same key figure, stated in the same sentence."""

    def same(t: dict[str, Any], d: dict[str, Any]) -> bool:
        return _safe(key, t) == _safe(key, d) and share_sentence(t["quote"], d["quote"])

    return same


def _safe(key: Callable[[dict[str, Any]], Any], fact: dict[str, Any]) -> Any:
    try:
        return key(fact)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return object()  # a fact without its key figure matches nothing


# --- drafting ---------------------------------------------------------------------------


@dataclass
class Run:
    facts: list[dict[str, Any]]
    text: str
    seconds: float
    read_seconds: float
    counts: dict[str, int]


def draft_once(source: Path, work: Path, db_url: str | None) -> Run:
    from kb.domain.schemas import REVIEW_KEYS
    from kb.draft.run import draft_revision
    from kb.ingest.readers import read_revision
    from kb.store.engine import make_engine

    out = work / f"out-{source.suffix[1:]}-{time.perf_counter_ns()}"
    started = time.perf_counter()
    revision = read_revision(source)
    read_seconds = time.perf_counter() - started
    if db_url:
        engine = make_engine(db_url)
        with engine.connect() as conn:
            report = draft_revision(revision, REPORT, out, conn, read_seconds=read_seconds)
        engine.dispose()
    else:
        report = draft_revision(revision, REPORT, out, None, read_seconds=read_seconds)
    seconds = time.perf_counter() - started
    version = report.version.isoformat()
    data = yaml.safe_load((out / REPORT / f"{version}.yaml").read_text("utf-8"))
    text = (out / REPORT / f"{version}.txt").read_text("utf-8")
    facts = [{k: v for k, v in f.items() if k not in REVIEW_KEYS} for f in data["facts"]]
    return Run(facts, text, seconds, read_seconds, report.draft.counts())


def reference_db(work: Path) -> str:
    """A SQLite file holding report.yaml and 2024-10-01 only (what a user had before)."""
    from kb.ingest.load import load_path
    from kb.store.engine import make_engine, upgrade

    seed = work / "reference" / REPORT
    seed.mkdir(parents=True)
    for name in ("report.yaml", f"{OLD}.txt", f"{OLD}.yaml"):
        shutil.copyfile(folder() / name, seed / name)
    url = f"sqlite:///{work / 'reference.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    load_path(engine, seed)
    engine.dispose()
    return url


def comparable(facts: list[dict[str, Any]]) -> list[str]:
    """Facts as text, quotes whitespace-normalised (PDF line breaks differ from the .txt)."""
    out = []
    for f in facts:
        g = dict(f)
        g["quote"] = normalise(str(g["quote"]))
        for k in ("summary", "conditioned"):
            if k in g:
                g[k] = normalise(str(g[k]))
        out.append(json.dumps(g, sort_keys=True, default=str, ensure_ascii=False))
    return sorted(out)


def evaluate(quick: bool, repeat: int) -> list[dict[str, Any]]:
    from scripts.sample_inputs import make_html, make_pdf

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        work = Path(tmp)
        ref_url = reference_db(work)
        for name, version, url, old in (
            ("aligned", NEW, ref_url, OLD),
            ("unaligned", OLD, None, None),
        ):
            text_path = folder() / f"{version}.txt"
            bundled = text_path.read_text("utf-8")
            runs = [draft_once(text_path, work, url) for _ in range(1 if quick else repeat)]
            run = runs[0]
            s = score(run.facts, version, run.text, old)
            c = run.counts

            def add(metric: str, value: Any, name: str = name) -> None:
                target = TARGETS.get((name, metric))
                met = "" if target is None else ("yes" if value >= target else "MISS")
                rows.append({"scenario": name, "metric": metric, "value": value,
                             "target": target, "met": met})

            add("appropriation recall", round(s.recall, 3))
            add("appropriation precision", round(s.precision, 3))
            rows[-1]["note"] = f"{s.drafted} drafted, {s.curated} curated"
            if s.ids_kept is not None:
                add("ids kept", round(s.ids_kept, 3))
            for kind, (hit, total, drafted) in s.by_kind.items():
                if total or drafted:
                    add(f"recall {kind}", round(hit / total, 3) if total else None)
                    rows[-1]["note"] = f"{hit}/{total} curated found; {drafted} drafted"
            add("quotes verbatim", round(s.quotes_verbatim, 3))
            add("quotes verbatim in bundled text",
                round(sum(QuoteIndex(bundled).contains(f["quote"]) for f in run.facts)
                      / len(run.facts), 3))
            add("facts drafted", len(run.facts))
            rows[-1]["note"] = ", ".join(f"{v} {k}" for k, v in c.items())
            seconds = sorted(r.seconds for r in runs)[len(runs) // 2]
            add("seconds to draft (.txt)", round(seconds, 3))
            for fmt, make in (("pdf", make_pdf), ("html", make_html)):
                path = make(bundled, work / f"{version}.{fmt}", REPORT)
                other = draft_once(path, work, url)
                same = comparable(other.facts) == comparable(run.facts)
                add(f"same facts from {fmt}", "yes" if same else "no")
                rows[-1]["met"] = "yes" if same else "MISS"
                rows[-1]["target"] = "yes"
                add(f"seconds to draft (.{fmt})", round(other.seconds, 3))
                rows[-1]["note"] = f"reading {other.read_seconds / other.seconds:.0%} of it"
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run per scenario")
    parser.add_argument("--repeat", type=int, default=5, help="runs for the timing median")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--texts", type=Path, help="score a folder of texts against --key "
                        "instead of the bundled revisions")
    parser.add_argument("--key", type=Path, default=ROOT / "scripts" / "devset" / "key.yaml",
                        help="the figures-only key for --texts (default: the development set's)")
    parser.add_argument("--misses", action="store_true", help="with --texts: list each text's "
                        "misses")
    args = parser.parse_args(argv)
    if args.texts:
        from scripts.eval_folder import evaluate_folder

        rows, scores = evaluate_folder(args.texts, args.key)
        if args.misses:
            for s in scores:
                print(f"{s.stem}: money {s.money.misses} full {s.money_full.misses} numbers "
                      f"{s.numbers.misses} events {s.events.misses}", file=sys.stderr)
    else:
        rows = evaluate(args.quick, args.repeat)
    for row in rows:
        row.setdefault("note", "")
    if args.format == "json":
        print(json.dumps(rows, indent=1, default=str))
    else:
        from kb.output.render import render

        render(rows, "table", columns=["scenario", "metric", "value", "target", "met", "note"])
    return 1 if any(r["met"] == "MISS" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
