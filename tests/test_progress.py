"""Progress of `kb load`: the library tells a callback; the CLI draws a bar on a terminal
only (stderr), and nothing when stderr is a pipe or with --quiet."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from kb.ingest.load import load_path
from kb.store.engine import make_engine
from kb.store.models import VersionRow
from scripts.synthetic import generate
from tests.conftest import snapshot

REPORTS, VERSIONS = 3, 4


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "gen"
    generate(root, reports=REPORTS, versions=VERSIONS, facts=30, seed=3)
    return root


def test_the_callback_is_told_each_step(migrated_url: str, corpus: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    engine = make_engine(migrated_url)
    try:
        result = load_path(engine, corpus, progress=lambda *call: calls.append(call))
        with engine.connect() as conn:
            stored = conn.execute(sql_select(func.count()).select_from(VersionRow)).scalar()
    finally:
        engine.dispose()
    files = REPORTS * VERSIONS
    assert len(result.versions_added) == stored == files
    read = [c for c in calls if c[0] == "read"]
    write = [c for c in calls if c[0] == "write"]
    assert read == [("read", done, files) for done in range(files + 1)]
    assert write == [("write", done, REPORTS) for done in range(REPORTS + 1)]
    assert calls == read + write  # reading is done before anything is written


def test_a_refused_load_tells_the_reading_only(seeded_url: str, corpus: Path) -> None:
    """Bad input: every file is still read (all problems are told), nothing is written."""
    version = next(corpus.glob("reports/*/*-*.yaml"))
    version.write_text(version.read_text(encoding="utf-8") + "\nbogus: 1\n", encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    before = snapshot(seeded_url)
    engine = make_engine(seeded_url)
    try:
        with pytest.raises(Exception, match="nothing was loaded"):
            load_path(engine, corpus, progress=lambda *call: calls.append(call))
    finally:
        engine.dispose()
    assert calls[-1] == ("read", REPORTS * VERSIONS, REPORTS * VERSIONS)
    assert all(stage == "read" for stage, _, _ in calls)
    assert snapshot(seeded_url) == before


def _kb(*args: str, stderr_tty: bool) -> tuple[int, str]:
    """`python -m kb ARGS` in a subprocess with stderr a pipe or a pseudo-terminal; returns
    the exit code and everything written to stderr."""
    command = [sys.executable, "-m", "kb", *args]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    if not stderr_tty:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        return done.returncode, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=follower, env=env, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            process.kill()
            raise TimeoutError("kb load wrote nothing for 300 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_progress(migrated_url: str, corpus: Path) -> None:
    code, err = _kb("load", str(corpus), "--db", migrated_url, stderr_tty=True)
    assert code == 0, err
    assert "reading version files" in err and f"/{REPORTS * VERSIONS}" in err, err
    assert f"{REPORTS * VERSIONS} version(s) added" in err


@pytest.mark.parametrize("quiet", [False, True], ids=["piped", "piped-quiet"])
def test_a_pipe_gets_no_progress(migrated_url: str, corpus: Path, quiet: bool) -> None:
    args = ["load", str(corpus), "--db", migrated_url] + (["--quiet"] if quiet else [])
    code, err = _kb(*args, stderr_tty=False)
    assert code == 0, err
    if quiet:
        assert err == ""
    else:
        assert len(err.splitlines()) == 1 and err.startswith(f"kb: {corpus}: "), err
        assert f"{REPORTS * VERSIONS} version(s) added" in err
    assert "\x1b" not in err and "reading" not in err and "━" not in err


def test_quiet_on_a_terminal(migrated_url: str, corpus: Path) -> None:
    code, err = _kb("load", str(corpus), "--quiet", "--db", migrated_url, stderr_tty=True)
    assert code == 0 and err == "", err
