"""What the report plan, its writers and its pipeline may not contain: one instansi's words, numbers or years
(they belong to the catalog), English in what the reader sees, computation in the writers. The import
rules themselves (python-docx and matplotlib only in render) are import-linter contracts (pyproject.toml)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "kinerja_xl"
MODULES = sorted([*(PACKAGE / "plans" / "report").glob("*.py"), PACKAGE / "render" / "report_docx.py",
                  PACKAGE / "render" / "report_charts.py", PACKAGE / "pipeline" / "report.py",
                  PACKAGE / "cli" / "cmd_report.py"])
#: One instansi's words, table numbers and figures belong to the catalog. (A regulation's own year,
#: "… Nomor 53 Tahun 2014", is part of its name and allowed.)
SPECIFIC = re.compile(r"Kementerian Sosial|Kemensos|Eselon|Tabel [23]\.|(?<!Tahun )\b20[12]\d\b|\bSS\d|107,25|Rp\d")
#: Names Word itself gives its built-in styles: not user-facing text.
WORD_NAMES = {"Table Grid"}


def _literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module except docstrings and ``__all__`` (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            skipped |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skipped]


@pytest.mark.parametrize("path", [m for m in MODULES if m.parent.name != "cli"],  # help names the bundled example
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_instansi_words_numbers_or_years_in_code(path: Path) -> None:
    found = [(line, text) for line, text in _literals(path) if SPECIFIC.search(text)]
    assert not found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_user_facing_string_is_indonesian(path: Path) -> None:
    """A few English words that would betray an untranslated text."""
    english = re.compile(r"\b(Table|Figure|Chart|Target met|achievement|budget|Page|Contents)\b")
    found = [(line, text) for line, text in _literals(path) if text not in WORD_NAMES and english.search(text)]
    assert not found


def test_the_writers_compute_nothing() -> None:
    """The Word and chart writers read the plan only: no computation, no catalog, no engine."""
    for name in ("report_docx.py", "report_charts.py"):
        tree = ast.parse((PACKAGE / "render" / name).read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | \
            {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not names & {"Computation", "Catalog", "result_tree", "read_facts", "excel_round"}, name
        assert not [m for m in modules if m.lstrip(".").startswith(("compute", "catalog", "pipeline"))], name
