"""Issue 13's output defects: -o onto devices and FIFOs (2), CSV that stays inert for the
OWASP payload list with CR and tab on every CSV output (3), terminal escapes escaped in
tables (8), file permissions from the umask (11), a closed pipe (18), a full disk (19)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.payloads import ESCAPES, NUMBER, PAYLOADS, VERSIONS, write_payload_report
from tests.test_robustness import new_database, run_kb

V1, V2 = (f"{NUMBER}@{v}" for v in VERSIONS)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("payloads")
    for url in new_database(backend, root):
        code, _, err = run_kb("load", str(write_payload_report(root / "seeds")), db=url)
        assert code == 0, err
        yield url


def assert_inert(raw: str) -> list[dict[str, str]]:
    """No line of the CSV text, split as a careless reader would (at every CR and LF),
    starts a formula, and no cell of it, read properly, does either."""
    for line in re.split(r"[\r\n]", raw):
        assert not line.startswith(FORMULA), repr(line)
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    for row in rows:
        for cell in row.values():
            for piece in re.split(r"\r\n|\r|\n", cell or ""):
                number = re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", piece)
                assert number or not piece.startswith(FORMULA), repr(cell)
    return rows


CSV_COMMANDS = [
    ("reports",),
    ("versions",),
    ("facts",),
    ("facts", "event", "--at", V1),
    ("show", "payload-1"),
    ("history", "payload-3"),
    ("events",),
    ("funding", "--fy", "2024"),
    ("funding", "--by-year"),
    ("diff", V1, V2),
    ("diff", V1, V2, "--long"),
    ("diff", V1, V2, "--summary"),
    ("diff", "--text", V1, V2),
    ("verify", "--no-seeds"),
]


@pytest.mark.parametrize("argv", CSV_COMMANDS, ids=lambda a: "-".join(a)[:40])
def test_every_csv_output_is_inert(db: str, argv: tuple[str, ...]) -> None:
    code, out, err = run_kb(*argv, "--format", "csv", db=db)
    assert code == 0, err
    rows = assert_inert(out)
    assert rows or argv[0] == "verify", out


def test_export_csv_is_inert(db: str, tmp_path: Path) -> None:
    target = tmp_path / "event.csv"
    code, _, err = run_kb("export", "event", "-o", str(target), db=db)
    assert code == 0, err
    rows = assert_inert(target.read_bytes().decode("utf-8"))
    by_id = {r["id"]: r for r in rows}
    for i, payload in enumerate(PAYLOADS):  # guarded, and otherwise exactly the data
        note = by_id[f"payload-{i}"]["note"]
        assert note.replace("'", "") == payload.replace("'", ""), (note, payload)
        if payload.startswith(FORMULA) or re.search(r"[\r\n][=+\-@\t\r]", payload):
            assert note != payload
    folder = tmp_path / "all"
    code, _, err = run_kb("export", "all", "-o", f"{folder}/", db=db)
    assert code == 0, err
    for path in folder.iterdir():
        assert_inert(path.read_bytes().decode("utf-8"))


def test_a_bare_carriage_return_is_quoted(db: str) -> None:
    code, out, err = run_kb("facts", "event", "--format", "csv", db=db)
    assert code == 0, err
    assert "\"Extradition\r'=cmd|' /C calc'!A0\"" in out  # payload-9's note, quoted


def test_no_formula_guard_gives_the_data_as_it_is(db: str) -> None:
    """For pandas and R: --no-formula-guard; the csv module reads back exactly the JSON."""
    code, out, err = run_kb("facts", "event", "--format", "csv", "--no-formula-guard", db=db)
    assert code == 0, err
    raw = {r["id"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}
    code, out, err = run_kb("facts", "event", "--format", "json", db=db)
    data = {r["id"]: r for r in json.loads(out)}
    for i, payload in enumerate(PAYLOADS):
        fact = f"payload-{i}"
        assert raw[fact]["note"] == data[fact]["note"] == payload
        assert raw[fact]["summary"] == data[fact]["summary"]
    guarded = run_kb("facts", "event", "--format", "csv", db=db)[1]
    assert guarded != out and "'=cmd" in guarded


def test_tables_escape_terminal_controls_json_keeps_them(db: str) -> None:
    for argv in (("facts", "appropriation"), ("show", "payload-money"), ("history", "payload-9")):
        code, out, err = run_kb(*argv, db=db)
        assert code == 0, err
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out, argv
        assert "\r" not in out, argv
    for argv in (("diff", V1, V2), ("diff", "--text", V1, V2)):  # the diff's own layout too
        code, out, err = run_kb(*argv, db=db)
        assert code == 0, err
        assert "\r" not in out and "\x1b" not in out and "\t" not in out, argv
    code, out, _ = run_kb("show", "payload-money", db=db)
    assert "\\x1b[31mRED" in out and "\\u202e" in out
    code, out, _ = run_kb("show", "payload-money", "--format", "json", db=db)
    assert json.loads(out)[0]["note"] == ESCAPES
    code, out, _ = run_kb("show", "payload-money", "--format", "md", db=db)
    assert "\x1b" not in out and "\u202e" not in out


# --- devices and FIFOs ---------------------------------------------------------------


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (1, 3) or /dev/full (1, 7): the machine's own devices
    are shared, and a test must neither depend on them nor risk them.  Needs root."""
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


@pytest.mark.parametrize(
    "argv",
    [
        ("facts", "--format", "csv"),
        ("facts", "--format", "json"),
        ("export", "event"),
        ("export", "all", "--format", "jsonl"),
        ("funding", "--fy", "2024", "--format", "xlsx"),
    ],
)
def test_output_to_a_null_device_keeps_the_device(
    db: str, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    null = _device(tmp_path, "null", 3)
    code, _, err = run_kb(*argv, "-o", str(null), db=db)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_to_a_full_device_fails_and_keeps_the_device(db: str, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    code, _, err = run_kb("facts", "--format", "csv", "-o", str(full), db=db)
    assert code == 1 and "No space left" in err, err
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_output_to_a_fifo_is_written_through(db: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run_kb("facts", "--format", "csv", "-o", str(fifo), db=db)
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received[0].decode("utf-8") == run_kb("facts", "--format", "csv", db=db)[1]


def test_a_symlink_target_is_written_and_the_link_kept(db: str, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, err = run_kb("facts", "-o", str(link), db=db)
    assert code == 0, err
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("report,")


# --- permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_new_files_get_the_umask_permissions(db: str, tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        targets = [tmp_path / "f.csv", tmp_path / "f.xlsx", tmp_path / "e.csv", tmp_path / "all"]
        assert run_kb("facts", "-o", str(targets[0]), db=db)[0] == 0
        assert run_kb("facts", "-o", str(targets[1]), db=db)[0] == 0
        assert run_kb("export", "event", "-o", str(targets[2]), db=db)[0] == 0
        assert run_kb("export", "all", "-o", str(targets[3]), db=db)[0] == 0
    finally:
        os.umask(old)
    files = [*targets[:3], *targets[3].iterdir()]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
    assert stat.S_IMODE(targets[3].stat().st_mode) == 0o777 & ~mask


def test_an_existing_file_keeps_its_mode(db: str, tmp_path: Path) -> None:
    target = tmp_path / "f.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o664)
    folder = tmp_path / "all"
    folder.mkdir()
    (folder / "event.csv").write_text("old\n", encoding="utf-8")
    (folder / "event.csv").chmod(0o640)
    assert run_kb("facts", "-o", str(target), db=db)[0] == 0
    assert run_kb("export", "all", "-o", str(folder), db=db)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert stat.S_IMODE((folder / "event.csv").stat().st_mode) == 0o640


# --- a closed pipe -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl", "md", "xlsx"])
def test_a_closed_pipe_is_quiet_with_the_same_exit(db: str, fmt: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb", "facts", "--format", fmt, "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before kb writes a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == "", err


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_head_of_a_pipe(db: str, fmt: str) -> None:
    shell = f"set -o pipefail; {sys.executable} -m kb facts --format {fmt} --db '{db}' | head -1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.count("\n") == 1


# --- a full disk -------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs, nearly full: a real ENOSPC.  Needs root and mount(2)."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave: int) -> None:
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"x" * max(free - leave, 0))


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_xlsx_on_a_full_disk(db: str, small_disk: Path) -> None:
    old = small_disk / "facts.xlsx"
    old.write_bytes(b"the previous workbook")
    _fill(small_disk, 4096)
    for argv in (("export", "all"), ("facts", "--format", "xlsx")):
        code, _, err = run_kb(*argv, "-o", str(old), db=db)
        assert code == 1 and "No space left" in err, err
        assert "Exception ignored" not in err and "Traceback" not in err, err
        assert old.read_bytes() == b"the previous workbook"
        assert sorted(p.name for p in small_disk.iterdir()) == ["facts.xlsx", "filler"]


def test_folder_csv_export_on_a_full_disk(db: str, small_disk: Path) -> None:
    folder = small_disk / "out"
    code, _, err = run_kb("export", "all", "-o", str(folder), db=db)
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for p in folder.iterdir():
        p.write_bytes(b"old " + p.name.encode())
    old = {p.name: p.read_bytes() for p in folder.iterdir()}
    _fill(small_disk, sum(len(b) for b in before.values()) // 2)
    code, _, err = run_kb("export", "all", "-o", str(folder), db=db)
    assert code == 1 and "No space left" in err, err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == old  # no mix of old and new
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "out"]
    (small_disk / "filler").unlink()
    code, _, err = run_kb("export", "all", "-o", str(folder), db=db)
    assert code == 0, err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_amounts_read_back_exactly(db: str) -> None:
    _, out, _ = run_kb("funding", "--fy", "2024", "--format", "json", db=db)
    assert [r["amount_usd"] for r in json.loads(out, parse_float=Decimal)] == [6000000]
