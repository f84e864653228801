"""An installed wheel finds its bundled seeds and migrations, and seeds a fresh database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = dist.glob("kb-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kb/_bundled/seeds/reports/IF10578/report.yaml" in names
    assert any(n.startswith("kb/_bundled/migrations/versions/0001") for n in names)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    return target


def test_wheel_seeds_a_fresh_database(installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed), "KB_HOME": str(tmp_path)}
    env.pop("KB_DATABASE_URL", None)
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kb.store.paths as p; print(p.seeds_dir()); print(p.migrations_dir())",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(w).is_relative_to(installed) for w in where)
    result = subprocess.run(
        [sys.executable, "-m", "kb", "versions", "--format", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "loaded the bundled seeds" in result.stderr
    assert [v["version"] for v in json.loads(result.stdout)] == ["2024-10-01", "2025-08-14"]


def test_the_cli_needs_no_package_beyond_its_dependencies() -> None:
    """click arrives with the test extras (sqlite-utils), not with kb: kb must not import it."""
    code = (
        "import sys; sys.modules['click'] = None\n"
        "from kb.cli.main import main\n"
        "sys.exit(main(['funding', '--fy', 'not-a-year']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "Invalid value for '--fy'" in result.stderr
