"""Start-up: each command imports only what it uses (``python -X importtime -m kinerja_xl hitung …`` shows it).

``hitung`` and ``validasi`` run as a user runs them (a subprocess, output to a pipe) and then list what they
imported: never pandas, numpy, pyarrow, python-docx, matplotlib, xlwings, openpyxl or rich (plain progress lines
on a pipe), nor the modules of other commands (the consolidated and monitoring workbooks, templates, the Word
report, the review, the Excel add-in); ``validasi`` also no writer at all.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.factories import unit_workbook

THIRD_PARTY = ("pandas", "numpy", "pyarrow", "docx", "matplotlib", "PIL", "xlwings", "openpyxl", "rich")
OTHER_COMMANDS = ("kinerja_xl.pipeline.consolidation", "kinerja_xl.pipeline.monitoring",
                  "kinerja_xl.pipeline.templates", "kinerja_xl.pipeline.report", "kinerja_xl.pipeline.export",
                  "kinerja_xl.pipeline.examples", "kinerja_xl.plans.consolidated", "kinerja_xl.plans.monitoring",
                  "kinerja_xl.plans.unit_workbook", "kinerja_xl.plans.launcher", "kinerja_xl.plans.review_sheet",
                  "kinerja_xl.plans.report", "kinerja_xl.render.consolidated", "kinerja_xl.render.template",
                  "kinerja_xl.render.report_docx", "kinerja_xl.render.report_charts", "kinerja_xl.render.launcher",
                  "kinerja_xl.render.review_sheet", "kinerja_xl.review", "kinerja_xl.xl_addin", "kinerja_xl.vba")
RUN = """
import json, runpy, sys
sys.argv = ['kinerja-xl', *sys.argv[1:]]
try:
    runpy.run_module('kinerja_xl', run_name='__main__')
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def imported(*args: str) -> set[str]:
    """The modules a command imports beyond those the interpreter itself starts with (a site's ``.pth`` files
    may import ``tempfile``, ``random`` or a certificate bundle before any command runs: not the command's)."""
    result = subprocess.run([sys.executable, "-c", RUN, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return set(json.loads(result.stdout.strip().splitlines()[-1])) - at_start()


@functools.cache
def at_start() -> frozenset[str]:
    """The modules this interpreter has imported when it starts, before running anything."""
    result = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sorted(sys.modules)))"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    return frozenset(json.loads(result.stdout.strip().splitlines()[-1])) - {"json"}


def unwanted(modules: set[str], also: tuple[str, ...] = ()) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in THIRD_PARTY + also
                  or any(m == other or m.startswith(other + ".") for other in OTHER_COMMANDS))


@pytest.fixture()
def folder(tmp_path):
    for unit in ("ITJEN", "REHSOS"):
        shutil.copy(EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx", tmp_path)
    return tmp_path


def test_hitung_imports_only_what_it_uses(folder, tmp_path):
    modules = imported("hitung", str(folder), "--keluaran", str(tmp_path / "salinan"))
    assert "kinerja_xl.render.donor_templates" in modules and "xlsxwriter" in modules  # it did write
    assert (tmp_path / "salinan" / "kinerja-ITJEN-2023-tahunan.xlsx").exists()
    assert unwanted(modules) == []


def test_validasi_imports_only_what_it_uses(folder):
    modules = imported("validasi", str(folder))
    assert "python_calamine" in modules  # it did read
    assert unwanted(modules, also=("xlsxwriter",)) == []
    assert not any(m.startswith("kinerja_xl.render") for m in modules)
    # nor difflib, which words a catalog's mistakes (click imports it for a short option such as -j: it first
    # looks the option up as a long one, and the miss suggests names)
    assert "difflib" not in modules


#: What a run in one process does without: threads and processes (``concurrent.futures``, which brings ``logging``),
#: a temporary file's name (``tempfile``, ``socket``: only a write needs them), a random wait (``random``: only
#: for a ledger another process holds), the differences between two versions (``banding``, ``riwayat``, a
#: final set's refusal) and ``html`` (its entities, for an attribute of a workbook's parts with an ``&``).
NOT_ON_VALIDASI = ("concurrent.futures", "logging", "tempfile", "socket", "random", "html", "kinerja_xl.ledger.diff",
                   "kinerja_xl.package.splice", "kinerja_xl.package.workbook", "kinerja_xl.package.styles",
                   "kinerja_xl.package.docprops", "kinerja_xl.package.sheetxml")
#: What ``validasi`` of workbooks whose checks compute nothing (no 'realisasi dilaporkan', no survey) does
#: without: the expressions and the engine (the readers name inputs by :mod:`kinerja_xl.compute.refs`), and
#: for sheets in the common form the streaming parser's defusedxml.
NOT_ON_PLAIN_VALIDASI = ("kinerja_xl.compute.expr", "kinerja_xl.compute.engine", "kinerja_xl.compute.builder",
                         "kinerja_xl.compute.tree", "kinerja_xl.compute.survey",
                         "defusedxml")  # the streaming parser's, for a sheet in an unusual form
#: ``hitung`` writes (temporary files) but builds no *Perubahan* sheet; in one process a plain thread puts the
#: files in place (no ``concurrent.futures``, which brings ``logging``), its temporary files take the host name
#: from ``os.uname`` where there is one (not ``socket``), and attributes without an ``&`` need no ``html``.
NOT_ON_HITUNG = ("kinerja_xl.ledger.diff", "kinerja_xl.plans.sheet", "kinerja_xl.plans.changes_sheet", "socket",
                 "html", "concurrent.futures", "logging")
#: ``--help`` reads and writes nothing.
NOT_ON_HELP = ("kinerja_xl.atomic", "hashlib", "tempfile", "socket", "kinerja_xl.pipeline", "kinerja_xl.catalog")


def test_one_process_validasi_and_hitung_leave_out_what_they_do_not_do(folder, tmp_path):
    modules = imported("validasi", str(folder), "-j", "1")
    assert "kinerja_xl.ledger.store" in modules  # it did record the files
    assert sorted(m for m in NOT_ON_VALIDASI if m in modules) == []
    modules = imported("hitung", str(folder), "-j", "1", "--keluaran", str(tmp_path / "salinan"))
    # it did write (a site's .pth may have imported tempfile before any command: not a sign of writing)
    assert "kinerja_xl.render.donor_templates" in modules
    assert (tmp_path / "salinan" / "kinerja-ITJEN-2023-tahunan.xlsx").exists()
    assert sorted(m for m in NOT_ON_HITUNG if m in modules) == []


def test_validasi_that_computes_nothing_starts_without_the_engine(tmp_path):
    for unit in ("ITJEN", "REHSOS"):
        unit_workbook(tmp_path, unit, period="TW2", reported={})
    modules = imported("validasi", str(tmp_path), "-j", "1")
    assert "kinerja_xl.compute.refs" in modules and "kinerja_xl.ledger.store" in modules  # it did read and record
    assert sorted(m for m in NOT_ON_PLAIN_VALIDASI if m in modules) == []
    assert sorted(m for m in NOT_ON_VALIDASI if m in modules) == []


def test_help_imports_no_library_module():
    modules = imported("--help")
    assert "click" in modules
    assert sorted(m for m in NOT_ON_HELP if m in modules) == []


def test_the_check_sees_an_unwanted_import(folder):
    """The check itself: a command that does import one of them (``laporan`` draws with matplotlib) is caught."""
    modules = imported("laporan", str(folder), "-o", str(folder / "laporan.docx"))
    assert "matplotlib" in unwanted(modules) or "docx" in unwanted(modules)


def test_a_command_freezes_what_it_imported(folder):
    """What a command imported lives the whole run: frozen before the command runs, a full collection walks only
    the run's own objects (and the worker processes share the frozen ones' pages)."""
    script = RUN.replace("print(json.dumps(sorted(sys.modules)))",
                         "import gc; print(gc.get_freeze_count(), len(gc.get_objects()))")
    result = subprocess.run([sys.executable, "-c", script, "validasi", str(folder), "-j", "1"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    frozen, tracked = map(int, result.stdout.strip().splitlines()[-1].split())
    assert frozen > 10_000 and frozen > tracked  # the modules' objects, more than the run itself left tracked
