"""Progress of long work, told through a callback: the library never draws anything.

``progress(stage, done, total)`` is called with ``done=0`` when a stage starts and after
each step: stage ``"read"`` counts version files read and validated, ``"write"`` reports
written.  The CLI turns the calls into a progress bar on a terminal; a library user passes
whatever suits them (a log line, a GUI), or nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
