"""A progress bar on stderr for kb.ingest's progress callbacks, drawn only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kb.ingest.progress import Progress

STAGES = {"read": "reading version files", "write": "writing reports"}


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Progress | None]:
    """A callback that draws rich's progress bar on stderr while the block runs, or None
    (nothing drawn) when not ``enabled`` or stderr is not a terminal: a pipe or a log file
    gets no bar and no escape codes.  The bar is removed at the end, so what stays on the
    screen is the command's own summary."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield update
