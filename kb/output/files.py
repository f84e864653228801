"""Where output goes: stdout, a regular file replaced atomically, a device written through,
or a folder of files swapped in at the end.

- A regular file (or a new one) is written to a temporary sibling and renamed onto it, so
  a failure (a full disk) leaves the old file as it was.  The new file gets the umask's
  permissions, or the mode of the file it replaces.  A symlink is followed: the file it
  names is replaced, the link stays.
- A character device or a FIFO (/dev/null, /dev/stdout, a named pipe) is written through:
  renaming a file onto it would replace the device.  Anything else that is not a regular
  file (a folder, a block device, a socket) is refused.
- A folder export writes its files into a hidden folder beside the target and moves them
  in only when all are written: a failure leaves no new file in the target.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kb.domain.problems import KbError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def is_stdout(output: Path | str | None) -> bool:
    return output is None or str(output) == "-"


def target_kind(target: Path) -> str:
    """'missing', 'file' or 'stream' (a character device or FIFO); refuses the rest."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return "missing"
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return "stream"
    if stat.S_ISDIR(st.st_mode):
        raise KbError(f"{target} is a folder; name a file")
    raise KbError(f"{target} is not a regular file, a character device or a FIFO; not writing")


def _create(path: Path, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    os.close(fd)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A path to write; for a regular file, a temporary sibling renamed onto ``target``
    only if the block succeeds.  For a device or FIFO, the target itself."""
    target = Path(target).expanduser()
    kind = target_kind(target)
    if kind == "stream":
        yield target
        return
    real = target.resolve() if target.is_symlink() else target
    if not real.parent.is_dir():
        raise KbError(f"{real.parent} does not exist")
    tmp = real.parent / f".{real.name}.{secrets.token_hex(4)}.tmp"
    existing = os.stat(real) if kind == "file" else None
    _create(tmp, 0o666)  # the umask applies, as for any new file
    try:
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
            if os.geteuid() == 0:
                os.chown(tmp, existing.st_uid, existing.st_gid)
        yield tmp
        os.replace(tmp, real)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def open_output(
    output: Path | str | None, *, binary: bool = False, encoding: str = "utf-8"
) -> Iterator[Any]:  # a TextIO, or a BinaryIO with binary=True
    """stdout, or ``output`` as atomic_path() writes it."""
    if is_stdout(output):
        yield sys.stdout.buffer if binary else sys.stdout
        return
    assert output is not None
    with atomic_path(Path(output)) as path:
        if binary:
            with open(path, "wb") as fh:
                yield fh
        else:
            with open(path, "w", encoding=encoding, newline="") as fh:
                yield fh


class FolderWriter:
    """Files of one folder export, staged beside the folder and moved in by commit()."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).expanduser()
        if self.folder.exists() and not self.folder.is_dir():
            raise KbError(f"{self.folder} is a file; exporting all kinds to CSV needs a folder")
        parent = self.folder.parent
        if parent.exists() and not parent.is_dir():
            raise KbError(f"{parent} is not a folder")
        parent.mkdir(parents=True, exist_ok=True)
        self.stage = parent / f".{self.folder.name}.{secrets.token_hex(4)}.tmp"
        self.stage.mkdir(mode=0o700)
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write ``name`` now (in the staging folder, with its final mode)."""
        staged = self.stage / name
        old = self.folder / name
        keep = old.is_file() and not old.is_symlink()  # a planted link is replaced, not followed
        mode = stat.S_IMODE(os.stat(old).st_mode) if keep else 0o666 & ~_umask()
        _create(staged, 0o600)
        os.chmod(staged, mode)
        self.names.append(name)
        return staged

    def commit(self) -> list[Path]:
        if not self.folder.exists():
            self.folder.mkdir()
        for name in self.names:
            final = self.folder / name
            if final.exists() and not final.is_file():
                raise KbError(f"{final} is not a regular file; not replacing it")
            os.replace(self.stage / name, final)
        return [self.folder / n for n in self.names]

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
