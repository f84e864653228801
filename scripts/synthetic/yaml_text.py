"""YAML written by hand: a fact's block is rendered once and reused while it is unchanged.

Strings are JSON-quoted (a JSON string is a YAML double-quoted scalar), so the files parse
back to exactly the data the generator holds.
"""

from __future__ import annotations

import json
from typing import Any

# Characters a YAML parser treats as line breaks or refuses raw; JSON leaves them raw.
_YAML_UNSAFE = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\ufeff"}


def quoted(text: str) -> str:
    """A string as a YAML double-quoted scalar (JSON's escaping is YAML's)."""
    out = json.dumps(text, ensure_ascii=False)
    if any(ch in out for ch in _YAML_UNSAFE):
        for ch, esc in _YAML_UNSAFE.items():
            out = out.replace(ch, esc)
    return out


def yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if value is None:
        return "null"
    raise TypeError(f"cannot write {value!r} as YAML")


class Fact:
    """One fact content: id, kind, quote and fields (None fields are omitted)."""

    __slots__ = ("_block", "fields", "id", "kind", "quote")

    def __init__(self, fid: str, kind: str, quote: str, fields: dict[str, Any]) -> None:
        self.id = fid
        self.kind = kind
        self.quote = quote
        self.fields = {k: v for k, v in fields.items() if v is not None}
        self._block: str | None = None

    def data(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "quote": self.quote, **self.fields}

    def block(self) -> str:
        if self._block is None:
            lines = [
                f"  - id: {self.id}",
                f"    kind: {self.kind}",
                f"    quote: {quoted(self.quote)}",
            ]
            lines.extend(f"    {k}: {yaml_value(v)}" for k, v in self.fields.items())
            self._block = "\n".join(lines) + "\n"
        return self._block
