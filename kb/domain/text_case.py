"""Case folding as PostgreSQL's lower() does it, for SQLite (kb_lower) and Python alike:
search and recipient matching then agree on both backends for any letter."""

from __future__ import annotations


class _LowerTable(dict[int, str]):
    """Lower case one character at a time, as PostgreSQL's lower() does in a UTF-8 locale
    (towlower): Python's str.lower() also applies Unicode's special casing (a final sigma,
    a dotted I that becomes two characters), which PostgreSQL does not.  Filled as
    characters are met (a table of all of Unicode takes over a second to build)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        lower = char.lower()
        value = "i" if code == 0x130 else lower if len(lower) == 1 else char
        self[code] = value
        return value


_LOWER = _LowerTable()


def sql_lower(text: str | None) -> str | None:
    """kb_lower() in SQLite: the lower case PostgreSQL's lower() gives."""
    if text is None or text.isascii():
        return None if text is None else text.lower()
    return text.translate(_LOWER)
