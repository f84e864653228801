"""The CLI and the web are thin layers over the public library API.

The rule, pinned here: a module of ``kb/cli/`` or ``kb/web/`` imports from kb only

- ``kb`` itself, and only names in ``kb.__all__`` (the public API, ``kb/__init__.py``);
- its own layer's modules (``kb.cli.*`` for the CLI, ``kb.web.*`` for the web) and, for the
  CLI's ``kb serve``, the web application (``kb.web``);
- the renderers, ``kb.output.*`` (table, CSV, JSON, XLSX, the chart, the memo, exports):
  they are public too, since a command and a page must render the same rows the same way.

Anything else (``kb.query``, ``kb.store``, ``kb.ingest``, ``kb.domain``, ``kb.draft``) is
the library's inside, reached through ``kb``'s names, so the library can be rearranged
without touching the interfaces.  And every name in ``kb.__all__`` resolves.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kb

ROOT = Path(kb.__file__).parent
LAYERS = {"cli": ("kb.cli", "kb.web", "kb.output"), "web": ("kb.web", "kb.output")}


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import of a kb module in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kb" or node.module.startswith("kb."):
                found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "." * node.level + (node.module or ""), []))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "kb" or alias.name.startswith("kb."):
                    found.append((node.lineno, alias.name, []))
    return found


FILES = [p for layer in LAYERS for p in sorted((ROOT / layer).rglob("*.py"))]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_interfaces_import_only_the_public_api(path: Path) -> None:
    layer = path.relative_to(ROOT).parts[0]
    allowed = LAYERS[layer]
    wrong = []
    for line, module, names in _imports(path):
        if module == "kb":
            private = [n for n in names if n not in kb.__all__]
            if private:
                wrong.append(f"line {line}: from kb import {', '.join(private)} (not in __all__)")
        elif module.startswith("."):
            wrong.append(f"line {line}: relative import {module}")
        elif not any(module == a or module.startswith(a + ".") for a in allowed):
            wrong.append(f"line {line}: {module} (use kb's public names)")
    assert not wrong, f"{path.relative_to(ROOT)}:\n" + "\n".join(wrong)


def test_every_public_name_resolves() -> None:
    for name in kb.__all__:
        assert getattr(kb, name) is not None, name
    assert sorted(kb.__all__) == sorted(set(kb.__all__)) == sorted(kb._API)


def test_the_rule_is_checked_against_something() -> None:
    """The test above reads real imports: the layers import the library through kb."""
    seen = [m for path in FILES for _, m, _ in _imports(path)]
    assert "kb" in seen and any(m.startswith("kb.output") for m in seen)


def test_no_public_name_is_a_subpackage() -> None:
    """``from kb import draft`` would give the kb.draft package once it is imported."""
    import pkgutil

    packages = {m.name for m in pkgutil.iter_modules(kb.__path__)}
    assert not packages & set(kb.__all__)
