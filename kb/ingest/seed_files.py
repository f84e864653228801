"""Reading one seed file safely: a regular file, inside the folder being loaded, not too big.

A seed folder can come from anyone.  What a plain ``read_text`` would do with the odd ones:
a FIFO named ``2024-10-01.yaml`` blocks the load forever; a link to ``/dev/zero`` reads until
memory runs out; a ``.txt`` linked to ``/etc/shadow`` stores that file in the database; a
200 MB text takes about 3 GB to load.  Here each is a problem that names the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# A CRS report's text is well under 1 MB (IF10578's texts: 13 KB each);
# twenty times the longest leaves room for any report while bounding what a load reads.
MAX_FILE_BYTES = 20 * 1024 * 1024


class SeedFileError(Exception):
    """A seed file that is not read: ``code`` is the problem code, the message says why."""

    def __init__(self, code: str, message: str, path: Path) -> None:
        super().__init__(message)
        self.code = code
        self.path = path


def read_seed_text(path: Path, root: Path | None, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of ``path``, which must be a regular file of at most ``limit`` bytes
    and, links followed, lie inside ``root`` (the folder being loaded).  Raises
    SeedFileError, or OSError / UnicodeDecodeError for a file that cannot be read."""
    if root is not None:
        real = path.resolve(strict=True)  # FileNotFoundError for a missing file or dangling link
        if not real.is_relative_to(root.resolve()):
            raise SeedFileError(
                "outside-folder",
                f"is a link to {real}, outside the folder being loaded ({root}); "
                "seed files must be inside it",
                path,
            )
    # O_NONBLOCK: opening a FIFO does not wait for a writer (a regular file ignores it).
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # the file opened, not whatever the name points at by now
        if not stat.S_ISREG(info.st_mode):
            raise SeedFileError(
                "not-a-regular-file", f"is {_what(info.st_mode)}, not a regular file", path
            )
        if info.st_size > limit:
            raise SeedFileError("too-large", _too_large(limit, info.st_size), path)
        with os.fdopen(fd, "rb") as file:
            fd = -1  # closed by the file object from here on
            # The size it has (one allocation that fits), and if it grew since fstat, on
            # up to the limit: never more than limit + 1 bytes whatever it does.
            data = file.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += file.read(limit + 1 - len(data))
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise SeedFileError("too-large", _too_large(limit), path)
    return data.decode("utf-8")


def _too_large(limit: int, size: int | None = None) -> str:
    actual = f" ({size / 2**20:.1f} MB)" if size is not None else ""
    return (
        f"is larger{actual} than the {limit / 2**20:g} MB a seed file may hold "
        "(a CRS report's text is well under 1 MB)"
    )


def _what(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"
