"""kb serve under load while the database changes: a few concurrent clients send a few
thousand requests to a real `kb serve` on loopback while `kb load --replace` swaps a
changed version in and out of the same database.  No request may fail, and every answer
must be the whole old state or the whole new state (one snapshot per request)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.webserver import kb_serve

CLIENTS, PER_CLIENT = 4, 500  # 2,000 requests
NEW = "IF10578@2025-08-14"
URLS = [
    "/funding?fy=2023&account=INCLE",
    "/funding?fy=2023&account=INCLE&format=csv",
    f"/fact/IF10578/incle-mexico-fy2023?at={NEW}&format=json",
    "/fact/IF10578/incle-mexico-fy2023",
    "/diff/IF10578@2024-10-01/IF10578@2025-08-14?summary=1&format=csv",
    "/search?q=INCLE&kind=appropriation&format=csv",
]


def fetch(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        assert response.status == 200
        return bytes(response.read())


def changed_copy(seed_copy: Callable[[str], Path]) -> tuple[Path, Path]:
    """The bundled IF10578 folder, and a copy whose 2025-08-14 revision says the FY2023
    INCLE figure is an estimate (its status and note changed; the quote still verbatim)."""
    original = seed_copy("IF10578")
    changed = original.parent.parent / "changed" / "IF10578"
    changed.parent.mkdir(parents=True)
    subprocess.run(["cp", "-r", str(original), str(changed)], check=True)
    path = changed / "2025-08-14.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: incle-mexico-fy2023")
    end = text.index("\n- id:", start + 1)
    block = text[start:end]
    assert "status: reported" in block
    text = text[:start] + block.replace("status: reported", "status: estimated") + text[end:]
    path.write_text(text, encoding="utf-8")
    return original, changed


def test_pages_during_a_replacing_load(seeded_url: str, seed_copy: Callable[[str], Path]) -> None:
    original, changed = changed_copy(seed_copy)
    with kb_serve(seeded_url) as (base, _):
        old = {u: fetch(base, u) for u in URLS}
        assert b"reported" in old[URLS[1]]

        loads: list[subprocess.CompletedProcess[str]] = []
        stop = threading.Event()

        def loader() -> None:
            folders = [changed, original]
            while not stop.is_set():
                folder = folders[len(loads) % 2]
                loads.append(
                    subprocess.run(
                        [
                            sys.executable,
                            "-m",
                            "kb",
                            "load",
                            "--replace",
                            str(folder),
                            "--db",
                            seeded_url,
                        ],
                        capture_output=True,
                        text=True,
                    )
                )
                stop.wait(0.3)  # leave the clients some of the two shared cores

        answers: list[list[tuple[str, bytes]]] = [[] for _ in range(CLIENTS)]
        failures: list[str] = []

        def client(n: int) -> None:
            for i in range(PER_CLIENT):
                path = URLS[(i + n) % len(URLS)]
                try:
                    answers[n].append((path, fetch(base, path)))
                except Exception as exc:  # any failure is the test's failure
                    failures.append(f"{path}: {type(exc).__name__}: {exc}")

        load_thread = threading.Thread(target=loader)
        load_thread.start()
        time.sleep(0.2)
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        load_thread.join()

        # the changed state, read once the loads are over (the last load decides which)
        subprocess.run(
            [sys.executable, "-m", "kb", "load", "--replace", str(changed), "--db", seeded_url],
            check=True,
            capture_output=True,
        )
        new = {u: fetch(base, u) for u in URLS}

    assert not failures, failures[:5]
    assert all(done.returncode == 0 for done in loads), [d.stderr for d in loads]
    assert len(loads) >= 2, "the loads must overlap the requests"
    assert b"estimated" in new[URLS[1]] and new[URLS[1]] != old[URLS[1]]
    seen = {"old": 0, "new": 0}
    for per_client in answers:
        for path, body in per_client:
            assert body in (old[path], new[path]), f"{path}: neither the old nor the new state"
            seen["old" if body == old[path] else "new"] += 1
    assert sum(seen.values()) == CLIENTS * PER_CLIENT
    assert seen["old"] and seen["new"], seen  # both states were served during the run
