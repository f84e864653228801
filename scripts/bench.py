#!/usr/bin/env python
"""The kb benchmark (issue 5): every figure a ratio against a baseline measured in the same run.

    python scripts/bench.py [--quick] [--json FILE] [--reports R --versions V --facts F
                            --churn C] [--postgres URL] [--workdir DIR] [--keep]

A synthetic corpus (scripts.synthetic) of R reports x V versions x F facts is generated, then:

1. load: facts/second through `kb load`, in two halves: reading + validating the files
   (kb.ingest.seed_folders.read_path) against PyYAML's C loader alone on the same YAML
   files; writing (kb.ingest.load.write_reports into a migrated SQLite file) against raw
   sqlite3 executemany of
   the same fact-version rows into one flat table with no index.
2. funding by fiscal year over the latest versions: median latency of kb.funding.funding
   against a hand-written query on a flat funding table (one row per version, fact and
   fiscal year, indexed on fy) in a separate SQLite file built from the same data.
3. diff of two versions of one report (F facts, and 10,000 facts): median latency of
   kb.diff.diff_versions against csv-diff's load_csv + compare on CSV exports of the two
   versions keyed by id (all kinds in one file, without the report/version columns).
4. export: rows/second of kb.export.export (CSV, all kinds, latest versions) against
   sqlite3 + csv.writer over the same rows.
5. cold start: wall time of the `kb funding --fy Y --format csv` process against
   `sqlite-utils query DB SQL --csv` returning the same rows from the same file.
6. storage: database bytes per fact-version membership, and how a version's cost grows
   with churn, from a subset of the reports loaded at several V and two churn rates.
7. web: median latency of `kb serve`'s funding page for FY Y (HTML) against Datasette
   serving the funding_by_fy view as HTML, filtered to the same rows (fy=Y, is_latest=1)
   and as many of them per page, from the same SQLite file; both real servers on loopback,
   asked in turn over one keep-alive connection each.

Answers are checked against their baselines (same rows, same added/removed/changed ids);
a disagreement stops the run with exit code 1.  --postgres ADMIN_URL adds the kb side of
figures 1-4 on a scratch PostgreSQL database (created and dropped; the baselines stay
SQLite's).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import gc
import importlib.metadata
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb.store.engine import make_engine, upgrade  # noqa: E402
from scripts.synthetic import generate  # noqa: E402

QUICK = {
    "reports": 3,
    "versions": 3,
    "facts": 50,
    "diff_large": 1000,
    "runs": 3,
    "cold_runs": 3,
    "storage_reports": 2,
    "storage_versions": [1, 2, 3],
}
DEFAULT = {
    "reports": 200,
    "versions": 25,
    "facts": 400,
    "diff_large": 10_000,
    "runs": 7,
    "cold_runs": 7,
    "storage_reports": 10,
    "storage_versions": [1, 5, 10, 25],
}

# figure -> (label, comparison, threshold): ratio >= or <= threshold passes
TARGETS: dict[str, tuple[str, str, float]] = {
    "load_read": ("load: read + validate vs PyYAML CSafeLoader (rate)", ">=", 0.5),
    "load_write": ("load: write vs sqlite3 executemany, flat (rate)", ">=", 0.5),
    "funding": ("funding by FY vs flat indexed table (latency)", "<=", 2.0),
    "diff_small": ("diff, small version vs csv-diff (speed-up)", ">=", 5.0),
    "diff_large": ("diff, large version vs csv-diff (speed-up)", ">=", 5.0),
    "export": ("export CSV vs sqlite3 + csv.writer (rate)", ">=", 0.7),
    "cold_start": ("cold start vs sqlite-utils query (wall time)", "<=", 1.5),
    "storage": ("storage: bytes per added version / a full copy", "<=", 0.5),
    "web_funding": ("web: funding page vs Datasette's view page (latency)", "<=", 1.0),
    "draft": ("kb draft of one revision (PDF) vs reading its file (wall time)", "<=", 2.0),
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def log_figure(name: str, f: dict[str, Any]) -> None:
    log(f"{name}: kb {f['kb']:,.1f} vs {f['baseline']:,.1f} {f['unit']} (ratio {f['ratio']:.2f})")


class Mismatch(Exception):
    """kb and its baseline disagree: the figure would be meaningless."""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_time(fn: Callable[[], Any], runs: int, warmup: int = 1) -> tuple[float, Any]:
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(runs):
        seconds, result = timed(fn)
        times.append(seconds)
    return statistics.median(times), result


def figure(
    name: str,
    kb_value: float,
    baseline_value: float,
    unit: str,
    ratio: float,
    baseline: str,
    **details: Any,
) -> dict[str, Any]:
    label, op, threshold = TARGETS[name]
    ok = ratio >= threshold if op == ">=" else ratio <= threshold
    return {
        "label": label,
        "kb": kb_value,
        "baseline": baseline_value,
        "baseline_is": baseline,
        "unit": unit,
        "ratio": ratio,
        "target": f"{op} {threshold:g}",
        "pass": ok,
        **details,
    }


# --- machine ---------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""

    def version(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_bytes": ram,
        "ram_gib": round(ram / 2**30, 1) if ram else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kb": version("kb"),
        "kb_commit": commit,
        "sqlalchemy": version("sqlalchemy"),
        "pydantic": version("pydantic"),
        "pyyaml": version("pyyaml"),
        "csv_diff": version("csv-diff"),
        "datasette": version("datasette"),
        "sqlite_utils": version("sqlite-utils"),
        "load_average_start": list(os.getloadavg()),
    }


# --- helpers over the corpus -----------------------------------------------------------


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def fresh_sqlite(path: Path):  # type: ignore[no-untyped-def]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    return engine


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection for a baseline, with the page cache size of kb.store.engine,
    so that a ratio measures the schema and the code, not a cache setting."""
    from kb.store.engine import SQLITE_CACHE_SIZE

    con = sqlite3.connect(path)
    con.execute(f"PRAGMA cache_size={SQLITE_CACHE_SIZE}")
    return con


def checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def sql_value(value: Any) -> Any:
    """A Python value as kb binds it on SQLite (exact decimals as text, lists as JSON)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def kind_column_names() -> dict[str, list[str]]:
    from kb.domain.schemas import KINDS
    from kb.query.facts import kind_columns

    return {kind: [c.name for c in kind_columns(kind)] for kind in KINDS}


def union_columns() -> list[str]:
    seen: dict[str, None] = {}
    for names in kind_column_names().values():
        seen.update(dict.fromkeys(names))
    return list(seen)


# --- 1. load ---------------------------------------------------------------------------


def bench_yaml_baseline(corpus: Path) -> tuple[float, int]:
    files = sorted(corpus.glob("reports/*/*.yaml"))
    loader = yaml.CSafeLoader

    def run() -> int:
        facts = 0
        for path in files:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
            facts += len(data.get("facts") or ())
        return facts

    return timed(run)


def flat_rows(reports: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    columns = union_columns()
    index = {c: i for i, c in enumerate(columns)}
    width = len(columns)
    rows = []
    for report in reports:
        number = report.meta.number
        for version in report.versions:
            date = version.meta.version.isoformat()
            for fact in version.facts:
                fields: list[Any] = [None] * width
                for name, value in fact.content().items():
                    fields[index[name]] = sql_value(value)
                rows.append((number, date, fact.kind, fact.id, fact.quote, fact.note, *fields))
    return ["report", "version", "kind", "id", "quote", "note", *columns], rows


def bench_flat_write(path: Path, columns: list[str], rows: list[tuple[Any, ...]]) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    con = raw_connect(path)
    con.isolation_level = None
    # The same durability settings as kb's SQLite engine (kb.db._sqlite_pragmas).
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    quoted = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"CREATE TABLE flat ({quoted})")
    insert = f"INSERT INTO flat VALUES ({', '.join('?' for _ in columns)})"

    def run() -> None:
        con.execute("BEGIN")
        con.executemany(insert, rows)
        con.execute("COMMIT")

    seconds, _ = timed(run)
    con.close()
    return seconds


# --- 2. funding ------------------------------------------------------------------------

FUNDING_FLAT_COLUMNS = [
    "report",
    "version",
    "is_latest",
    "fy",
    "id",
    "fy_start",
    "fy_end",
    "amount_usd",
    "qualifier",
    "status",
    "account",
    "recipient",
    "measure",
    "program",
    "purpose",
    "quote",
]
FUNDING_FLAT_QUERY = """
SELECT report, version, fy, id, fy_start, fy_end, amount_usd, qualifier, status, account,
       recipient, measure, program, purpose, quote
FROM funding
WHERE fy = ? AND is_latest = 1
ORDER BY report, version, amount_usd DESC, id
"""


def build_funding_flat(path: Path, reports: list[Any]) -> int:
    """One row per version, appropriation and fiscal year it covers; indexed on (fy, is_latest)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rows = []
    for report in reports:
        latest = report.versions[-1].meta.version
        for version in report.versions:
            citations = {f.id: f.citation for f in version.facts if f.kind == "measure"}
            date = version.meta.version
            for f in version.facts:
                if f.kind != "appropriation":
                    continue
                amount = (
                    int(f.amount_usd)
                    if f.amount_usd == f.amount_usd.to_integral()
                    else str(f.amount_usd)
                )
                for fy in range(f.fy_start, f.fy_end + 1):
                    rows.append(
                        (
                            report.meta.number,
                            date.isoformat(),
                            int(date == latest),
                            fy,
                            f.id,
                            f.fy_start,
                            f.fy_end,
                            amount,
                            f.qualifier,
                            f.status,
                            f.account,
                            f.recipient,
                            citations.get(f.measure) if f.measure else None,
                            f.program,
                            f.purpose,
                            f.quote,
                        )
                    )
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE funding (report TEXT, version TEXT, is_latest INTEGER, fy INTEGER, id TEXT,"
        " fy_start INTEGER, fy_end INTEGER, amount_usd NUMERIC, qualifier TEXT, status TEXT,"
        " account TEXT, recipient TEXT, measure TEXT, program TEXT, purpose TEXT, quote TEXT)"
    )
    con.executemany(
        f"INSERT INTO funding VALUES ({', '.join('?' * len(FUNDING_FLAT_COLUMNS))})", rows
    )
    con.execute("CREATE INDEX ix_funding_fy ON funding (fy, is_latest)")
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return len(rows)


def pick_fy(flat: Path, preferred: int = 2023) -> int:
    con = sqlite3.connect(flat)
    counts = dict(
        con.execute("SELECT fy, count(*) FROM funding WHERE is_latest = 1 GROUP BY fy").fetchall()
    )
    con.close()
    if counts.get(preferred):
        return preferred
    return max(counts, key=lambda fy: (counts[fy], fy)) if counts else preferred


def funding_key(rows: list[tuple[Any, ...]]) -> list[tuple[str, str, str, int, Decimal]]:
    return sorted((str(r[0]), str(r[1]), str(r[2]), int(r[3]), Decimal(str(r[4]))) for r in rows)


def bench_funding(engine: Any, flat: Path, fy: int, runs: int) -> dict[str, Any]:
    from kb.query.funding import funding

    with engine.connect() as conn:
        kb_seconds, kb_rows = median_time(lambda: funding(conn, fy=fy), runs)
    con = raw_connect(flat)
    base_seconds, base_rows = median_time(
        lambda: con.execute(FUNDING_FLAT_QUERY, (fy,)).fetchall(), runs
    )
    con.close()
    ours = funding_key(
        [(r.report, r.version.isoformat(), r.id, r.fy, r.amount_usd) for r in kb_rows]
    )
    theirs = funding_key([(r[0], r[1], r[3], r[2], r[6]) for r in base_rows])
    if ours != theirs:
        raise Mismatch(
            f"funding FY{fy}: kb gives {len(ours)} rows, the flat table {len(theirs)} "
            "(or the amounts differ)"
        )
    return figure(
        "funding",
        kb_seconds * 1000,
        base_seconds * 1000,
        "ms (median)",
        kb_seconds / base_seconds,
        "hand-written SQL on a flat funding table indexed on (fy, is_latest), sqlite3",
        fy=fy,
        rows=len(ours),
    )


# --- 3. diff ---------------------------------------------------------------------------


def export_version_csv(conn: Any, ref: Any, path: Path) -> int:
    """One CSV of every fact of one version: id, kind, every kind's fields, quote, note."""
    from kb.domain.schemas import KINDS
    from kb.output.csvfile import CsvWriter
    from kb.output.export import rows_of

    columns = ["id", "kind", *union_columns(), "quote", "note"]
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = CsvWriter(out)
        writer.header(columns)
        for kind in KINDS:
            for row in rows_of(conn, kind, [ref]):
                writer.row([row.get(c) for c in columns])
    return writer.rows


def bench_diff(
    name: str, engine: Any, report: str, old: str, new: str, work: Path, runs: int
) -> dict[str, Any]:
    from csv_diff import compare, load_csv

    from kb.query.diff import diff_versions
    from kb.query.refs import resolve

    a, b = work / f"{name}-old.csv", work / f"{name}-new.csv"
    old_ref, new_ref = f"{report}@{old}", f"{report}@{new}"
    with engine.connect() as conn:
        facts_old = export_version_csv(conn, resolve(conn, old_ref), a)
        facts_new = export_version_csv(conn, resolve(conn, new_ref), b)
        kb_seconds, result = median_time(lambda: diff_versions(conn, old_ref, new_ref), runs)

    def csv_diff(dialect: str | None = None) -> dict[str, Any]:
        with (
            open(a, encoding="utf-8", newline="") as fa,
            open(b, encoding="utf-8", newline="") as fb,
        ):
            return compare(
                load_csv(fa, key="id", dialect=dialect), load_csv(fb, key="id", dialect=dialect)
            )

    base_seconds, theirs = median_time(csv_diff, runs)
    plain_seconds, _ = median_time(lambda: csv_diff("excel"), runs)
    # csv-diff's "changed" is kb's revised and reworded together
    kinds = {"added": ("added",), "removed": ("removed",), "changed": ("revised", "reworded")}
    ours = {c: sorted(x.id for x in result.changes if x.change in kinds[c]) for c in kinds}
    peer = {
        "added": sorted(r["id"] for r in theirs["added"]),
        "removed": sorted(r["id"] for r in theirs["removed"]),
        "changed": sorted(r["key"] for r in theirs["changed"]),
    }
    if ours != peer:
        detail = {c: (len(ours[c]), len(peer[c])) for c in ours}
        raise Mismatch(
            f"diff {old_ref} -> {new_ref}: kb and csv-diff disagree (kb, csv-diff): {detail}"
        )
    return figure(
        name,
        kb_seconds * 1000,
        base_seconds * 1000,
        "ms (median)",
        base_seconds / kb_seconds,
        "csv-diff load_csv(key='id') x2 + compare, on CSV exports of the two versions",
        facts=max(facts_old, facts_new),
        old=old_ref,
        new=new_ref,
        added=len(ours["added"]),
        removed=len(ours["removed"]),
        changed=len(ours["changed"]),
        csv_diff_without_sniffing_ms=plain_seconds * 1000,
        ratio_without_sniffing=plain_seconds / kb_seconds,
    )


# --- 4. export -------------------------------------------------------------------------


def export_baseline(db: Path, folder: Path) -> int:
    """sqlite3 + csv.writer: the same rows and columns as `kb export all --format csv`."""
    from kb.domain.schemas import KINDS
    from kb.output.export import SOURCE_COLUMNS, columns
    from kb.store.models import KIND_TABLES

    names = kind_column_names()
    folder.mkdir(parents=True, exist_ok=True)
    con = raw_connect(db)
    latest = (
        "SELECT v.id FROM versions v WHERE v.date = "
        "(SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id)"
    )
    ids = [r[0] for r in con.execute(latest)]
    marks = ", ".join("?" * len(ids))
    count = 0
    for kind in KINDS:
        table = KIND_TABLES[kind].__tablename__
        cols = ", ".join(f'k."{c}"' for c in names[kind])
        query = (
            f"SELECT r.number, v.date, '{kind}', vf.slug, {cols}, f.quote, f.note "
            "FROM version_facts vf JOIN versions v ON v.id = vf.version_id "
            "JOIN reports r ON r.id = v.report_id JOIN facts f ON f.id = vf.fact_id "
            f"JOIN {table} k ON k.fact_id = f.id "
            f"WHERE vf.version_id IN ({marks}) ORDER BY r.number, v.date, vf.slug"
        )
        with open(folder / f"{kind}.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns(kind))
            rows = con.execute(query, ids).fetchall()
            writer.writerows(rows)
            count += len(rows)
    sources = (
        "SELECT r.number, v.date, v.title, v.sequence, "
        "(SELECT count(*) FROM version_facts vf WHERE vf.version_id = v.id), v.text_sha1 "
        f"FROM versions v JOIN reports r ON r.id = v.report_id WHERE v.id IN ({marks}) "
        "ORDER BY r.number, v.date"
    )
    with open(folder / "sources.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(SOURCE_COLUMNS)
        writer.writerows(con.execute(sources, ids))
    con.close()
    return count


def bench_export(engine: Any, db: Path, work: Path, runs: int) -> dict[str, Any]:
    from kb.output.export import export

    counter = iter(range(10**6))

    def ours() -> int:
        folder = work / f"export-kb-{next(counter)}"
        with engine.connect() as conn:
            rows = export(conn, None, "csv", folder).rows
        shutil.rmtree(folder)
        return rows

    def theirs() -> int:
        folder = work / f"export-raw-{next(counter)}"
        rows = export_baseline(db, folder)
        shutil.rmtree(folder)
        return rows

    runs = max(3, runs // 2)
    kb_seconds, kb_rows = median_time(ours, runs)
    base_seconds, base_rows = median_time(theirs, runs)
    if kb_rows != base_rows:
        raise Mismatch(f"export: kb wrote {kb_rows} rows, the baseline {base_rows}")
    return figure(
        "export",
        kb_rows / kb_seconds,
        base_rows / base_seconds,
        "rows/s",
        (kb_rows / kb_seconds) / (base_rows / base_seconds),
        "sqlite3 + csv.writer over the same rows (same SQL joins, latest versions)",
        rows=kb_rows,
        kb_seconds=kb_seconds,
        baseline_seconds=base_seconds,
    )


# --- 5. cold start ---------------------------------------------------------------------

COLD_SQL = """
SELECT report, version, fy,
       CASE WHEN fy_start = fy_end THEN 'FY' || fy_start
            ELSE 'FY' || fy_start || '-FY' || fy_end END AS range,
       id, fy_start, fy_end, amount_usd, qualifier, status, account, recipient,
       measure, program, purpose, quote
FROM funding_by_fy
WHERE fy = {fy}
  AND version_id IN (SELECT v.id FROM versions v WHERE v.date =
                     (SELECT max(v2.date) FROM versions v2 WHERE v2.report_id = v.report_id))
ORDER BY fy, report, version, amount_usd DESC, id
"""


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"bench: {name} is not installed (pip install -e '.[bench]')")
    return found


def bench_cold_start(db: Path, fy: int, runs: int) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "KB_DATABASE_URL"}
    kb_cmd = [_tool("kb"), "funding", "--fy", str(fy), "--format", "csv", "--db", sqlite_url(db)]
    su_cmd = [_tool("sqlite-utils"), "query", str(db), COLD_SQL.format(fy=fy), "--csv"]

    def run(cmd: list[str]) -> Callable[[], str]:
        def go() -> str:
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
            if done.returncode != 0:
                raise Mismatch(f"{cmd[0]} exited {done.returncode}: {done.stderr.strip()[:500]}")
            return done.stdout

        return go

    # interleaved, so that neither side gets a warmer machine
    kb_times, su_times = [], []
    kb_out = run(kb_cmd)()
    su_out = run(su_cmd)()
    for _ in range(runs):
        kb_times.append(timed(run(kb_cmd))[0])
        su_times.append(timed(run(su_cmd))[0])
    ours = list(csv.DictReader(kb_out.splitlines()))
    theirs = list(csv.DictReader(su_out.splitlines()))
    key = lambda r: (r["report"], r["id"], r["fy"], Decimal(r["amount_usd"]))  # noqa: E731
    if sorted(map(key, ours)) != sorted(map(key, theirs)):
        raise Mismatch(f"cold start: kb printed {len(ours)} rows, sqlite-utils {len(theirs)}")
    kb_s, su_s = statistics.median(kb_times), statistics.median(su_times)
    return figure(
        "cold_start",
        kb_s * 1000,
        su_s * 1000,
        "ms (median wall)",
        kb_s / su_s,
        "sqlite-utils query DB SQL --csv (the funding_by_fy view, latest versions)",
        rows=len(ours),
        command=" ".join(kb_cmd[1:]),
    )


# --- 7. web ----------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(cmd: list[str], port: int, probe: str) -> subprocess.Popen[bytes]:
    import urllib.request

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise Mismatch(f"{cmd[0]} exited {proc.returncode}: {err[-500:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=5):
                return proc
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.2)


def bench_web_funding(db: Path, fy: int, runs: int) -> dict[str, Any]:
    import http.client
    import re

    from kb.web.routes.funding import PAGE_ROWS

    kb_port, ds_port = _free_port(), _free_port()
    kb_path = f"/funding?fy={fy}"
    # Datasette compares a view's columns as text unless the filter is numeric (gte/lte)
    ds_path = (
        f"/{db.stem}/funding_by_fy?fy__gte={fy}&fy__lte={fy}&is_latest__gte=1&_size={PAGE_ROWS}"
    )
    servers = [
        _serve(
            [_tool("kb"), "serve", "--db", sqlite_url(db), "--port", str(kb_port)],
            kb_port,
            kb_path,
        ),
        # Datasette as it ships (its default count, facet suggestions and time limits);
        # --immutable would skip its checks of the file, which kb does not skip either.
        _serve([_tool("datasette"), "serve", str(db), "--port", str(ds_port)], ds_port, ds_path),
    ]
    try:
        kb_conn = http.client.HTTPConnection("127.0.0.1", kb_port, timeout=60)
        ds_conn = http.client.HTTPConnection("127.0.0.1", ds_port, timeout=60)

        def get(conn: http.client.HTTPConnection, path: str) -> Callable[[], bytes]:
            def go() -> bytes:
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    raise Mismatch(f"GET {path}: {response.status}")
                return body

            return go

        kb_page, ds_page = get(kb_conn, kb_path)(), get(ds_conn, ds_path)()
        requests = max(runs * 3, 15)
        kb_times, ds_times = [], []
        for _ in range(requests):  # interleaved: neither side gets a warmer machine
            kb_times.append(timed(get(kb_conn, kb_path))[0])
            ds_times.append(timed(get(ds_conn, ds_path))[0])
        kb_conn.close()
        ds_conn.close()
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=30)
    shown = len(re.findall(rb'<td class="quote">', kb_page))
    total = re.search(rb"<h2>([0-9,]+) figures?", kb_page)
    ds_rows = len(re.findall(rb"<tr", ds_page.split(b"<tbody>", 1)[-1]))
    if total is None or shown != min(int(total.group(1).replace(b",", b"")), PAGE_ROWS):
        raise Mismatch(f"web funding: kb's page shows {shown} rows of {total}")
    if ds_rows != shown:
        raise Mismatch(f"web funding: kb's page shows {shown} rows, Datasette's {ds_rows}")
    kb_s, ds_s = statistics.median(kb_times), statistics.median(ds_times)
    return figure(
        "web_funding",
        kb_s * 1000,
        ds_s * 1000,
        "ms (median)",
        kb_s / ds_s,
        f"Datasette {importlib.metadata.version('datasette')}: the funding_by_fy view as HTML, "
        "fy and is_latest filters, same page size",
        fy=fy,
        rows=int(total.group(1).replace(b",", b"")),
        rows_per_page=shown,
        kb_bytes=len(kb_page),
        datasette_bytes=len(ds_page),
        requests=requests,
    )


# --- 6. storage ------------------------------------------------------------------------

MEMBERSHIP_PREFIXES = ("version_facts", "sqlite_autoindex_version_facts_", "ix_version_facts_")


def storage_breakdown(path: Path) -> dict[str, int]:
    """Bytes by part: the version texts, the memberships, the fact contents, the rest."""
    checkpoint(path)
    con = sqlite3.connect(path)
    pages = dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    contents = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    memberships = con.execute("SELECT count(*) FROM version_facts").fetchone()[0]
    con.close()
    parts = {"text": 0, "memberships": 0, "contents": 0, "other": 0}
    content_objects = {"facts", "sqlite_autoindex_facts_1", "ix_facts_kind"}
    from kb.store.models import KIND_TABLES

    for model in KIND_TABLES.values():
        content_objects.add(model.__tablename__)
    for name, size in pages.items():
        if name in ("versions", "sqlite_autoindex_versions_1"):
            parts["text"] += size
        elif name.startswith(MEMBERSHIP_PREFIXES):
            parts["memberships"] += size
        elif (
            name in content_objects
            or name.startswith(("ix_appropriations", "ix_facts"))
            or any(name.startswith(f"sqlite_autoindex_{t}") for t in content_objects)
        ):
            parts["contents"] += size
        else:
            parts["other"] += size
    return {
        "file_bytes": path.stat().st_size,
        **parts,
        "contents_rows": contents,
        "membership_rows": memberships,
    }


def bench_storage(
    main_db: Path, memberships: int, args: argparse.Namespace, sizes: dict[str, Any], work: Path
) -> dict[str, Any]:
    from kb.ingest.load import write_reports
    from kb.ingest.seed_folders import ReportSeed, read_path

    main = storage_breakdown(main_db)
    reports_n = min(sizes["storage_reports"], args.reports)
    vs = sorted({v for v in sizes["storage_versions"] if v <= max(sizes["storage_versions"])})
    churns = [args.churn, min(1.0, args.churn * 4 if args.churn > 0 else 0.2)]
    empty_path = work / "storage-empty.sqlite"
    fresh_sqlite(empty_path).dispose()
    empty = storage_breakdown(empty_path)
    series: dict[str, Any] = {}
    for churn in churns:
        corpus = work / f"storage-{churn:g}"
        stats = generate(corpus, reports_n, max(vs), args.facts, churn, args.seed)
        reports, problems = read_path(corpus)
        if problems:
            raise Mismatch(f"storage corpus does not load: {problems[0]}")
        rows = {}
        for v in vs:
            path = work / f"storage-{churn:g}-{v}.sqlite"
            engine = fresh_sqlite(path)
            write_reports(engine, [ReportSeed(r.path, r.meta, r.versions[:v]) for r in reports])
            engine.dispose()
            parts = storage_breakdown(path)
            for key in ("file_bytes", "text", "memberships", "contents", "other"):
                parts[key] -= empty[key]
            rows[str(v)] = parts
            path.unlink()
        series[f"{churn:g}"] = {"generated_contents": stats.contents, "by_versions": rows}
        shutil.rmtree(corpus)
        del reports

    def facts_bytes(p: dict[str, int]) -> int:
        return p["memberships"] + p["contents"]

    lo, hi = str(vs[0]), str(vs[-1])
    added_versions = (vs[-1] - vs[0]) * reports_n
    marginal = {}
    for churn, data in series.items():
        by = data["by_versions"]
        marginal[churn] = {
            "bytes_per_added_version": (by[hi]["file_bytes"] - by[lo]["file_bytes"])
            / added_versions,
            "fact_bytes_per_added_version": (facts_bytes(by[hi]) - facts_bytes(by[lo]))
            / added_versions,
            "text_bytes_per_added_version": (by[hi]["text"] - by[lo]["text"]) / added_versions,
            "contents_per_added_version": (by[hi]["contents_rows"] - by[lo]["contents_rows"])
            / added_versions,
        }
    first = series[f"{churns[0]:g}"]["by_versions"][lo]
    full_copy = facts_bytes(first) / (vs[0] * reports_n)  # a version stored from scratch
    base = marginal[f"{churns[0]:g}"]
    high = marginal[f"{churns[1]:g}"]
    ratio = base["fact_bytes_per_added_version"] / full_copy
    expected_new = args.facts * (args.churn + (args.churn / 4 if args.churn > 0 else 0))
    follows_churn = high["fact_bytes_per_added_version"] > base["fact_bytes_per_added_version"]
    result = figure(
        "storage",
        base["fact_bytes_per_added_version"],
        full_copy,
        "fact bytes/version",
        ratio,
        "the fact bytes (contents + memberships) of a version stored from scratch (V=1)",
        bytes_per_membership=main["file_bytes"] / memberships,
        memberships=memberships,
        main_db=main,
        series=series,
        marginal=marginal,
        versions=vs,
        reports=reports_n,
        churns=churns,
        expected_new_contents_per_version=expected_new,
        follows_churn=follows_churn,
    )
    result["pass"] = bool(result["pass"] and follows_churn)
    return result


# --- PostgreSQL ------------------------------------------------------------------------


class Postgres:
    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.admin_url = admin_url
        self.name = f"kb_bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = make_url(admin_url).set(database=self.name).render_as_string(hide_password=False)
        self.engine = make_engine(self.url)
        upgrade(self.engine)

        OPEN_DATABASES.append(self)

    def close(self) -> None:
        if self not in OPEN_DATABASES:
            return
        OPEN_DATABASES.remove(self)
        self.engine.dispose()
        # FORCE cannot end an autovacuum worker for a user without pg_signal_backend: retry
        for attempt in range(10):
            try:
                with self.admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                break
            except Exception:
                if attempt == 9:
                    raise
                time.sleep(1)
        self.admin.dispose()


OPEN_DATABASES: list[Postgres] = []


# --- report ----------------------------------------------------------------------------


def fmt_value(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def print_table(results: dict[str, Any], out: Any = sys.stdout) -> None:
    figures = results["figures"]
    header = ("figure", "kb", "baseline", "unit", "ratio", "target", "")
    rows = []
    for f in figures.values():
        rows.append(
            (
                f["label"],
                fmt_value(f["kb"]),
                fmt_value(f["baseline"]),
                f["unit"],
                f"{f['ratio']:.2f}",
                f["target"],
                "PASS" if f["pass"] else "MISS",
            )
        )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*header), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in rows:
        print(line.format(*r), file=out)
    m = results["machine"]
    print(
        f"\n{results['size']['reports']} reports x {results['size']['versions']} versions x "
        f"{results['size']['facts']} facts, churn {results['size']['churn']:g} = "
        f"{results['corpus']['memberships']:,} fact-version memberships; "
        f"wall time {results['wall_seconds']:.0f} s",
        file=out,
    )
    print(
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB; Python {m['python']}, "
        f"SQLite {m['sqlite']}, kb {m['kb']} ({m['kb_commit']}); load average "
        f"{m['load_average_start'][0]:.1f} at the start, "
        f"{m.get('load_average_end', [0])[0]:.1f} at the end",
        file=out,
    )
    for name in ("diff_small", "diff_large"):
        d = figures.get(name)
        if d:
            print(
                f"{name}: {d['facts']:,} facts, {d['added']} added, {d['removed']} removed, "
                f"{d['changed']} changed; csv-diff told the dialect (no sniffing): "
                f"{d['csv_diff_without_sniffing_ms']:.1f} ms, ratio "
                f"{d['ratio_without_sniffing']:.2f}",
                file=out,
            )
    if "funding" in figures:
        f = figures["funding"]
        print(f"funding: FY{f['fy']}, {f['rows']:,} rows", file=out)
    if "web_funding" in figures:
        f = figures["web_funding"]
        print(
            f"web_funding: FY{f['fy']}, {f['rows']:,} rows, {f['rows_per_page']} a page; "
            f"{f['requests']} requests each; pages of {f['kb_bytes'] / 1e3:,.0f} kB (kb) and "
            f"{f['datasette_bytes'] / 1e3:,.0f} kB (Datasette)",
            file=out,
        )
    storage = figures.get("storage")
    if storage:
        print(
            f"storage: {storage['bytes_per_membership']:.0f} database bytes per fact-version "
            f"membership ({storage['main_db']['file_bytes'] / 1e6:,.0f} MB); per added version: "
            + ", ".join(
                f"churn {c}: {m['fact_bytes_per_added_version'] / 1e3:,.1f} kB of facts, "
                f"{m['contents_per_added_version']:.1f} new contents, "
                f"{m['text_bytes_per_added_version'] / 1e3:,.1f} kB of text"
                for c, m in storage["marginal"].items()
            ),
            file=out,
        )
    for name, f in results.get("postgresql", {}).items():
        print(
            f"postgresql {name}: {fmt_value(f['kb'])} {f['unit']} (ratio {f['ratio']:.2f})",
            file=out,
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="A small corpus: seconds, not minutes."
    )
    parser.add_argument("--json", type=Path, help="Write the figures and machine info here.")
    parser.add_argument("--reports", type=int)
    parser.add_argument("--versions", type=int)
    parser.add_argument("--facts", type=int)
    parser.add_argument("--churn", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--diff-large", type=int, help="Facts per version of the large diff.")
    parser.add_argument("--runs", type=int, help="Timed runs per latency (median).")
    parser.add_argument("--postgres", metavar="URL", help="Also run kb on PostgreSQL (admin URL).")
    parser.add_argument(
        "--workdir", type=Path, help="Where to write (default: a temporary folder)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the work folder.")
    parser.add_argument(
        "--only", help="Comma-separated figures to run (load is always run): funding,diff,..."
    )
    args = parser.parse_args(argv)
    sizes = dict(QUICK if args.quick else DEFAULT)
    for key in ("reports", "versions", "facts", "diff_large", "runs"):
        if getattr(args, key) is None:
            setattr(args, key, sizes[key])
    if args.runs != sizes["runs"]:
        sizes["cold_runs"] = args.runs
    args.sizes = sizes
    return args


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from kb.ingest.load import write_reports
    from kb.ingest.seed_folders import read_path

    sizes = args.sizes
    only = set(args.only.split(",")) if args.only else None
    want = lambda name: only is None or name in only  # noqa: E731
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": machine_info(),
        "size": {
            "quick": args.quick,
            "reports": args.reports,
            "versions": args.versions,
            "facts": args.facts,
            "churn": args.churn,
            "seed": args.seed,
            "diff_large": args.diff_large,
            "runs": args.runs,
        },
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "figures": {},
        "phases": {},
    }
    figures = results["figures"]
    phases = results["phases"]

    corpus = work / "corpus"
    log(f"generating {args.reports} x {args.versions} x {args.facts} (churn {args.churn:g})")
    gen = generate(corpus, args.reports, args.versions, args.facts, args.churn, args.seed)
    phases["generate"] = gen.seconds
    results["corpus"] = {
        "memberships": gen.facts,
        "contents": gen.contents,
        "versions": gen.versions,
        "files": gen.files,
        "bytes": gen.bytes,
        "by_kind": gen.by_kind,
        "generate_seconds": gen.seconds,
    }
    log(f"generated {gen.facts:,} memberships, {gen.bytes / 1e6:,.0f} MB in {gen.seconds:.1f} s")

    # 1. load
    yaml_seconds, yaml_facts = bench_yaml_baseline(corpus)
    log(f"PyYAML CSafeLoader alone: {yaml_seconds:.1f} s")
    gc.collect()
    read_seconds, (reports, problems) = timed(lambda: read_path(corpus))
    if problems:
        raise Mismatch(f"the synthetic corpus does not validate: {problems[:3]}")
    log(f"kb read_path: {read_seconds:.1f} s")
    memberships = sum(len(v.facts) for r in reports for v in r.versions)
    if memberships != gen.facts or yaml_facts != gen.facts:
        raise Mismatch(f"facts read: kb {memberships}, yaml {yaml_facts}, generated {gen.facts}")
    figures["load_read"] = figure(
        "load_read",
        memberships / read_seconds,
        yaml_facts / yaml_seconds,
        "facts/s",
        yaml_seconds / read_seconds,
        "yaml.load(CSafeLoader) of the same YAML files",
        kb_seconds=read_seconds,
        baseline_seconds=yaml_seconds,
    )

    db = work / "kb.sqlite"
    engine = fresh_sqlite(db)
    write_seconds, loaded = timed(functools.partial(write_reports, engine, reports))
    log(f"kb write_reports: {write_seconds:.1f} s ({loaded.summary()})")
    if loaded.facts_stored != gen.contents:
        raise Mismatch(f"kb stored {loaded.facts_stored} contents; the corpus has {gen.contents}")
    columns, rows = flat_rows(reports)
    gc.collect()
    flat_seconds = bench_flat_write(work / "flat.sqlite", columns, rows)
    del rows
    (work / "flat.sqlite").unlink()
    log(f"sqlite3 executemany, flat: {flat_seconds:.1f} s")
    figures["load_write"] = figure(
        "load_write",
        memberships / write_seconds,
        memberships / flat_seconds,
        "facts/s",
        flat_seconds / write_seconds,
        f"sqlite3 executemany into one flat {len(columns)}-column table, no index",
        kb_seconds=write_seconds,
        baseline_seconds=flat_seconds,
        contents_stored=loaded.facts_stored,
    )

    pg: Postgres | None = None
    if args.postgres:
        log("PostgreSQL: loading")
        pg = Postgres(args.postgres)
        pg_write, _ = timed(functools.partial(write_reports, pg.engine, reports))
        results["postgresql"] = {
            "load_write": {
                "kb": memberships / pg_write,
                "unit": "facts/s",
                "ratio": flat_seconds / pg_write,
                "baseline_is": "SQLite flat executemany (as load_write)",
                "kb_seconds": pg_write,
            }
        }
        log(f"PostgreSQL write_reports: {pg_write:.1f} s")

    flat_funding = work / "funding-flat.sqlite"
    funding_rows = build_funding_flat(flat_funding, reports)
    last_dates = {r.meta.number: [v.meta.version.isoformat() for v in r.versions] for r in reports}
    del reports
    gc.collect()
    phases["load"] = time.perf_counter() - started
    checkpoint(db)

    fy = pick_fy(flat_funding)
    results["size"]["fy"] = fy
    if want("funding"):
        figures["funding"] = bench_funding(engine, flat_funding, fy, args.runs)
        figures["funding"]["flat_rows"] = funding_rows
        log_figure("funding", figures["funding"])
        if pg:
            f = bench_funding(pg.engine, flat_funding, fy, args.runs)
            results["postgresql"]["funding"] = {k: f[k] for k in ("kb", "unit", "ratio", "rows")}

    if want("diff"):
        number = gen.numbers[0]
        old, new = (
            last_dates[number][-2:] if len(last_dates[number]) > 1 else last_dates[number] * 2
        )
        figures["diff_small"] = bench_diff("diff_small", engine, number, old, new, work, args.runs)
        log_figure("diff_small", figures["diff_small"])
        if pg:
            f = bench_diff("diff_small", pg.engine, number, old, new, work, args.runs)
            results["postgresql"]["diff_small"] = {
                k: f[k] for k in ("kb", "unit", "ratio", "facts")
            }
        large = work / "diff-corpus"
        dgen = generate(large, 1, 2, args.diff_large, args.churn, args.seed + 1, prefix="D")
        ddb = work / "diff.sqlite"
        dengine = fresh_sqlite(ddb)
        write_reports(dengine, read_path(large)[0])
        number = dgen.numbers[0]
        old, new = dgen.dates[number]
        figures["diff_large"] = bench_diff("diff_large", dengine, number, old, new, work, args.runs)
        log_figure("diff_large", figures["diff_large"])
        if pg:
            # a database of its own, as on SQLite: the main one is exported below
            pg_large = Postgres(args.postgres)
            try:
                write_reports(pg_large.engine, read_path(large)[0])
                f = bench_diff("diff_large", pg_large.engine, number, old, new, work, args.runs)
            finally:
                pg_large.close()
            results["postgresql"]["diff_large"] = {
                k: f[k] for k in ("kb", "unit", "ratio", "facts")
            }
        dengine.dispose()

    if want("export"):
        figures["export"] = bench_export(engine, db, work, args.runs)
        log(
            f"export: {figures['export']['kb']:,.0f} rows/s vs {figures['export']['baseline']:,.0f}"
        )
        if pg:
            f = bench_export(pg.engine, db, work, args.runs)
            results["postgresql"]["export"] = {k: f[k] for k in ("kb", "unit", "ratio", "rows")}
    engine.dispose()
    if pg:
        pg.close()

    if want("cold_start"):
        checkpoint(db)
        figures["cold_start"] = bench_cold_start(db, fy, sizes["cold_runs"])
        log_figure("cold_start", figures["cold_start"])

    if want("web_funding"):
        checkpoint(db)
        figures["web_funding"] = bench_web_funding(db, fy, args.runs)
        log_figure("web_funding", figures["web_funding"])

    if want("draft"):
        figures["draft"] = bench_draft(work, min(args.runs, 5))
        log_figure("draft", figures["draft"])

    if want("storage"):
        figures["storage"] = bench_storage(db, memberships, args, sizes, work)
        log(f"storage: {figures['storage']['bytes_per_membership']:.0f} bytes/membership")

    results["wall_seconds"] = time.perf_counter() - started
    # Other work on the machine skews the figures (both sides of a ratio, but not evenly).
    results["machine"]["load_average_end"] = list(os.getloadavg())
    return results


def bench_draft(work: Path, runs: int) -> dict[str, Any]:
    """`kb draft` of IF10578@2025-08-14 from a CRS-like PDF, aligned to the 2024-10-01 facts
    (read, segment, extract, align, write), against reading the PDF alone; the same for the
    HTML page, reported beside it."""
    import yaml

    from kb.domain.schemas import KINDS
    from kb.draft.run import Reference, draft_revision
    from kb.ingest.readers import read_revision
    from kb.store.paths import seeds_dir
    from scripts.sample_inputs import make_html, make_pdf

    folder = seeds_dir() / "reports" / "IF10578"
    text = (folder / "2025-08-14.txt").read_text("utf-8")
    curated = yaml.safe_load((folder / "2024-10-01.yaml").read_text("utf-8"))["facts"]
    facts = [KINDS[f["kind"]].model_validate(f) for f in curated]
    reference = Reference("IF10578@2024-10-01", facts, {f.id: f.kind for f in facts}, None)
    out: dict[str, float] = {}
    for fmt, make in (("pdf", make_pdf), ("html", make_html)):
        path = make(text, work / f"draft-bench.{fmt}", "IF10578")
        read, _ = median_time(lambda path=path: read_revision(path), runs)

        def whole(path: Path = path, fmt: str = fmt) -> None:
            target = work / f"draft-out-{fmt}"
            draft_revision(read_revision(path), "IF10578", target, None, reference=reference,
                           force=True)

        total, _ = median_time(whole, runs)
        out[f"{fmt}_read"], out[f"{fmt}_total"] = read, total
    return figure(
        "draft", out["pdf_total"] * 1000, out["pdf_read"] * 1000, "ms",
        out["pdf_total"] / out["pdf_read"], "reading the same PDF (kb.ingest.readers)",
        html_ms=round(out["html_total"] * 1000, 1), html_read_ms=round(out["html_read"] * 1000, 1),
        html_ratio=round(out["html_total"] / out["html_read"], 2),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args, work)
    except Mismatch as exc:
        print(f"bench: the answers disagree: {exc}", file=sys.stderr)
        return 1
    finally:
        for database in list(OPEN_DATABASES):
            database.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    missed = [name for name, f in results["figures"].items() if not f["pass"]]
    if missed:
        print(f"\nmissed targets: {', '.join(missed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
