"""Strict YAML reading: safe, C-accelerated, duplicate keys and shared aliases refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kb.domain.problems import Problem
from kb.ingest.seed_files import SeedFileError, read_seed_text

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR_TAG = "tag:yaml.org,2002:str"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# The only numbers kb takes from YAML as numbers: decimal digits, an optional minus sign and
# decimal point.  YAML 1.1 also reads 010 as 8 (octal), 0x10 as 16, 1:30 as 90 (base 60)
# and 1_000 as 1000; such a scalar stays the string it is, so a numeric field refuses it
# by name instead of storing a figure the author did not write.
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


class _StrictLoader(_Loader):
    """Safe YAML that refuses duplicate keys instead of silently keeping the last."""

    # Resolving a plain scalar (a key, an enum, a number, a date) runs the implicit
    # resolvers' regular expressions; the same short values recur in every fact, so their
    # tags are remembered.  A SafeLoader has no path resolvers, so a scalar's tag depends
    # on its value alone, and a quoted scalar is always a string.
    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = self._tags.get(value)
        if tag is None:
            tag = _plain_tag(value, super().resolve(kind, value, implicit))
            if len(value) <= 64 and len(self._tags) < 100_000:
                self._tags[value] = tag
        return tag


def _plain_tag(value: str, tag: str) -> str:
    """YAML 1.1's tag for a plain scalar, except that dates are strings (the schema parses
    them, so 2025-02-30 is a problem named by file, fact and field, not a ValueError
    raised while reading) and only plain decimal numbers are numbers."""
    if tag == _TIMESTAMP_TAG:
        return _STR_TAG
    if tag in _NUMBER_TAGS and not _PLAIN_NUMBER.fullmatch(value):
        return _STR_TAG
    return tag


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A mapping whose keys are all strings (every mapping kb reads), built in one pass:
    keys compared as they are read, string values taken from their nodes.  Anything else
    (numbers or lists as keys, merge keys) goes through PyYAML's own construction."""
    if not isinstance(node, yaml.MappingNode):
        return _mapping_checked(loader, node)
    mapping: dict[Any, Any] = {}
    construct = loader.construct_object
    for key_node, value_node in node.value:
        if key_node.tag != _STR_TAG or type(key_node) is not yaml.ScalarNode:
            return _mapping_checked(loader, node)
        key = key_node.value
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        if value_node.tag == _STR_TAG and type(value_node) is yaml.ScalarNode:
            mapping[key] = value_node.value  # what construct_yaml_str returns
        else:
            mapping[key] = construct(value_node)
    return mapping


def _mapping_checked(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:  # a list or mapping as a key: construct_mapping refuses it below
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path, problems: list[Problem], root: Path | None = None) -> Any:
    """The data of a YAML file, or None with the problems found (see read_seed_text for
    what is read at all: regular files inside ``root``, at most MAX_FILE_BYTES)."""
    try:
        raw = read_seed_text(path, root)
    except SeedFileError as exc:
        problems.append(Problem(exc.code, str(exc), file=str(path)))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem("unreadable-file", f"cannot read: {exc}", file=str(path)))
        return None
    try:
        data = yaml.load(raw, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem("yaml-syntax", f"malformed YAML{where}: {problem}", file=str(path)))
        return None
    if data is None:
        problems.append(Problem("empty-file", "the file is empty (or only null)", file=str(path)))
        return None
    # Without an anchor (&name) there can be no alias, so no shared list or mapping.
    if "&" in raw and _shares_containers(data):
        # "billion laughs": a few aliases of aliases expand to millions of items
        problems.append(
            Problem(
                "yaml-alias",
                "a list or mapping is reused through a YAML alias (*name); write it out",
                file=str(path),
            )
        )
        return None
    return data


def _shares_containers(data: Any) -> bool:
    """True when one list or mapping occurs twice in the tree (an alias, or a cycle)."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            if id(item) in seen:
                return True
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return False
