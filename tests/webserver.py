"""`kb serve` as a real subprocess on a loopback port the system picks (--port 0, read back
from kb's own start-up line), for the browser, load and command tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

BANNER = re.compile(r"kb serve: read-only, (http://127\.0\.0\.1:[0-9]+)/")


@contextmanager
def kb_serve(url: str, timeout: float = 60.0) -> Iterator[tuple[str, str]]:
    """Start ``kb serve --db url --port 0``; yield (base URL, its start-up lines) once it
    answers.  stderr goes to a file, so a chatty server can never block on a full pipe."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kb", "serve", "--db", url, "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                log.seek(0)
                banner = log.read()
                found = BANNER.search(banner)
                if proc.poll() is not None:
                    raise RuntimeError(f"kb serve exited {proc.returncode}: {banner}")
                if found:
                    try:
                        with urllib.request.urlopen(found.group(1) + "/", timeout=5):
                            break
                    except OSError:
                        pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"kb serve did not answer in {timeout:.0f} s: {banner}")
                time.sleep(0.1)
            yield found.group(1), banner
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
