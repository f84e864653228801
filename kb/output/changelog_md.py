"""The changelog memo as Markdown: a heading per topic, a bullet per change, its citation
indented under it (REPORT@VERSION and the quote)."""

from __future__ import annotations

from typing import TextIO

from kb.query.changelog import Memo


def _escape(text: str) -> str:
    # a sentence from the data must not open a heading or a list where it wraps
    return text.replace("\n", " ")


def write_memo(out: TextIO, memo: Memo) -> None:
    out.write(f"# {memo.new.report}: what changed from {memo.old.date} to {memo.new.date}\n\n")
    title = (
        f"*{memo.new_title}*"
        if memo.old_title == memo.new_title
        else f"*{memo.new_title}* (was *{memo.old_title}*)"
    )
    out.write(f"{title}, {memo.old} -> {memo.new}.")
    if memo.reworded_left_out:
        out.write(
            f" {memo.reworded_left_out} facts whose wording alone changed are left out "
            "(`--all` lists them)."
        )
    out.write("\n")
    for topic, entries in memo.sections():
        out.write(f"\n## {topic[:1].upper()}{topic[1:]}\n\n")
        for entry in entries:
            out.write(f"- {_escape(entry.text)}\n")
            for citation in entry.citations:
                out.write(f'  {citation.ref}: "{_escape(citation.quote)}"\n')
