"""Terminal tables that fit the screen and still answer the question.

A table that does not fit its width is made to fit in this order, and never silently:
1. columns that hold the same value on every row (fy 2023 for --fy 2023, the id of a
   history) move to a line above the table ("fy: 2023; recipient: Mexico");
2. long text wraps: prose (the quote) at words, ids and codes at - _ + , and spaces;
3. only then columns are left out, least needed first (each command names the order),
   and the caller is told which, to say so on stderr.
A file or a pipe gets the table at its natural width (prose wrapped at 60 characters),
as does ``--wide``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len

from kb.output.cells import is_number, table_cell

# Long prose columns wrap at words, to a narrower width first.
PROSE = frozenset(
    {
        "quote",
        "note",
        "summary",
        "description",
        "conditioned",
        "purpose",
        "title",
        "before",
        "after",
        "message",
        "sentence",
        "lineage",
        "text",
        "citations",
        "check",  # kb draft's review table
        "was",
        "old",
        "new",
    }
)
PROSE_MIN = 20
SHORT_WORD = 12
PROSE_NATURAL = 60
GAP = 2
_BREAK_AFTER = re.compile(r"(?<=[-_+,;/ ])")


@dataclass
class Layout:
    columns: list[str]  # shown, in order
    widths: list[int]
    constants: list[tuple[str, str]] = field(default_factory=list)  # folded above the table
    empty: list[str] = field(default_factory=list)  # folded: no value on any row
    dropped: list[str] = field(default_factory=list)  # left out to fit


def _pieces(cell: str) -> list[str]:
    return [p for line in cell.split("\n") for p in _BREAK_AFTER.split(line) if p]


def _natural(name: str, cells: list[str]) -> int:
    return max([cell_len(name), *(cell_len(line) for c in cells for line in c.split("\n"))])


def _minimum(name: str, cells: list[str]) -> int:
    if name in PROSE:
        return min(max(PROSE_MIN, cell_len(name)), _natural(name, cells))
    # A short word stays whole ("amount_usd,"); a long code or id may break after - _ +
    words = [
        cell_len(w) if cell_len(w) <= SHORT_WORD else max(cell_len(p) for p in _pieces(w))
        for c in cells
        for w in c.split()
    ]
    return max([cell_len(name), *words])


def layout(
    names: Sequence[str],
    cells: list[list[str]],
    width: int | None,
    drop_order: Sequence[str] = (),
    keep_all: bool = False,
) -> Layout:
    """Which columns to show at what widths, for a screen ``width`` wide (None: natural)."""
    cols = list(names)
    by_col = {n: [row[i] for row in cells] for i, n in enumerate(cols)}
    natural = {n: _natural(n, by_col[n]) for n in cols}
    capped = {n: min(natural[n], PROSE_NATURAL) if n in PROSE else natural[n] for n in cols}
    result = Layout(cols, [capped[n] for n in cols])

    def total(ws: dict[str, int], shown: list[str]) -> int:
        return sum(ws[n] for n in shown) + GAP * max(len(shown) - 1, 0)

    if width is None or total(natural, cols) <= width:
        if width is not None:
            result.widths = [natural[n] for n in cols]
        return result
    shown = list(cols)
    if len(cells) > 1 and not keep_all:
        for n in cols:
            values = set(by_col[n])
            if len(values) == 1 and len(shown) > 1:
                shown.remove(n)
                (value,) = values
                if value == "":
                    result.empty.append(n)
                else:
                    result.constants.append((n, value))
    minimum = {n: min(_minimum(n, by_col[n]), natural[n]) for n in shown}
    if not keep_all:
        order = [n for n in drop_order if n in shown] + [
            n for n in reversed(shown) if n not in drop_order
        ]
        while total(minimum, shown) > width and len(shown) > 1:
            victim = order.pop(0)
            shown.remove(victim)
            result.dropped.append(victim)
    widths = dict(minimum)
    spare = width - total(widths, shown)
    # Spare room: first to the short columns that then fit unwrapped, then to the prose.
    for n in sorted((n for n in shown if n not in PROSE), key=lambda n: natural[n] - widths[n]):
        need = natural[n] - widths[n]
        if 0 < need <= spare:
            widths[n] += need
            spare -= need
    # The rest a character at a time to every column still short of its width: prose
    # first, then the others (a pivot's cells, a long change list).
    growing = sorted((n for n in shown if widths[n] < natural[n]), key=lambda n: n not in PROSE)
    while spare > 0 and growing:
        for n in list(growing):
            if spare == 0:
                break
            widths[n] += 1
            spare -= 1
            if widths[n] >= natural[n]:
                growing.remove(n)
    result.columns = shown
    result.widths = [widths[n] for n in shown]
    return result


def wrap(cell: str, width: int, prose: bool) -> list[str]:
    """Lines of at most ``width`` cells, broken at spaces; a word longer than the width
    breaks after - _ + , ; / (codes and ids; not in prose), else is cut."""
    lines: list[str] = []
    for paragraph in cell.split("\n"):
        line = ""
        for word in re.split(r"(?<= )", paragraph):
            if not word:
                continue
            if cell_len((line + word).rstrip()) <= width:
                line += word
                continue
            if line:
                lines.append(line.rstrip())
                line = ""
            parts = [word] if prose else [p for p in _BREAK_AFTER.split(word) if p]
            for part in parts:
                if cell_len((line + part).rstrip()) <= width:
                    line += part
                    continue
                if line:
                    lines.append(line.rstrip())
                while cell_len(part.rstrip()) > width:
                    cut = width
                    while cut > 1 and cell_len(part[:cut]) > width:
                        cut -= 1
                    lines.append(part[:cut])
                    part = part[cut:]
                line = part
        lines.append(line.rstrip())
    return lines


def render_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    width: int | None,
    title: str | None = None,
    drop_order: Sequence[str] = (),
    keep_all: bool = False,
) -> tuple[str, Layout]:
    """The table as text, and the layout (to report what was folded or left out)."""
    cells = [[table_cell(row.get(c)) for c in columns] for row in rows]
    plan = layout(columns, cells, width, drop_order, keep_all)
    index = {c: i for i, c in enumerate(columns)}
    numeric = {c: _numeric(rows, c) for c in plan.columns}
    out: list[str] = []
    if title:
        out.extend(wrap(table_cell(title), width or 10_000, prose=True))
    if plan.constants:
        # "name: value" pairs kept whole where they fit, "; " between them
        line = ""
        for n, v in plan.constants:
            item = f"{n}: {v}".replace("\n", " ")
            if line and cell_len(line + "; " + item) > (width or 10_000):
                out.append(line + ";")
                line = ""
            line = f"{line}; {item}" if line else item
        out.extend(wrap(line, width or 10_000, prose=True))
    if plan.empty:
        out.append(f"(no values: {', '.join(plan.empty)})")

    shown = list(zip(plan.columns, plan.widths, strict=True))

    def line_of(parts: list[str]) -> str:
        padded = []
        for part, (col, w) in zip(parts, shown, strict=True):
            pad = " " * (w - cell_len(part))
            padded.append(pad + part if numeric[col] else part + pad)
        return (" " * GAP).join(padded).rstrip()

    out.append(line_of([c for c, _ in shown]))
    out.append("─" * (sum(plan.widths) + GAP * max(len(plan.widths) - 1, 0)))
    for row in cells:
        wrapped = [wrap(row[index[c]], w, c in PROSE) for c, w in shown]
        for k in range(max(len(w) for w in wrapped)):
            out.append(line_of([w[k] if k < len(w) else "" for w in wrapped]))
    if not rows:
        out.append("(no rows)")
    return "\n".join(out) + "\n", plan


def render_markdown(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None
) -> str:
    """A GitHub-flavoured Markdown table: | escaped, line breaks as <br>."""

    def md(value: Any) -> str:
        return table_cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    out = [md(title), ""] if title else []
    out.append("| " + " | ".join(md(c) for c in columns) + " |")
    numeric = {c: _numeric(rows, c) for c in columns}
    out.append("| " + " | ".join("---:" if numeric[c] else "---" for c in columns) + " |")
    out.extend("| " + " | ".join(md(r.get(c)) for c in columns) + " |" for r in rows)
    return "\n".join(out) + "\n"


def _numeric(rows: Sequence[dict[str, Any]], col: str) -> bool:
    values = [r.get(col) for r in rows if r.get(col) is not None]
    return bool(values) and all(is_number(v) for v in values)
