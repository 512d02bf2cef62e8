"""The code stays small enough to read: modules, classes and functions within fixed sizes.

A newcomer should be able to hold one unit in their head. Migrations are exempt: each is a frozen
record of a schema step, never edited after release.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workshop_app"
MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 500
MAX_FUNCTION_LINES = 80


def _sources() -> list[Path]:
    return [path for path in sorted(PACKAGE.rglob("*.py")) if "migrations" not in path.parts]


def _span(node: ast.AST) -> int:
    return int(node.end_lineno or 0) - int(getattr(node, "lineno", 0)) + 1


def _oversized(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    lines = text.count("\n")
    if lines > MAX_MODULE_LINES:
        found.append(f"{lines} lines in the module")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef) and _span(node) > MAX_CLASS_LINES:
            found.append(f"class {node.name}: {_span(node)} lines")
        is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if is_function and _span(node) > MAX_FUNCTION_LINES:
            found.append(f"{node.name}(): {_span(node)} lines (line {node.lineno})")
    return found


def test_the_package_has_sources_to_check() -> None:
    assert len(_sources()) > 50


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_class_or_function_is_too_big(path: Path) -> None:
    assert _oversized(path) == []


def test_the_check_catches_an_oversized_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    sample = tmp_path / "sample.py"
    sample.write_text(f"def long_one():\n{body}\n", encoding="utf-8")
    assert _oversized(sample) == [f"long_one(): {MAX_FUNCTION_LINES + 1} lines (line 1)"]
