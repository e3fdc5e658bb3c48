"""Shared fixtures: the 2023 catalog, the raw LKj 2023 figures and the computation built from them."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from kinerja_xl.catalog import load_catalog
from kinerja_xl.compute.engine import compute
from kinerja_xl.pipeline.examples import load_raw_figures

ROOT = Path(__file__).resolve().parent.parent
CATALOG_PATH = ROOT / "templates" / "katalog-kemensos-2023.yaml"
RAW_PATH = ROOT / "workbooks" / "2023" / "sumber" / "angka-mentah-lkj-2023.yaml"
EXAMPLES = ROOT / "workbooks" / "2023"

#: HOME of the command-line subprocesses the tests run: a folder of their own, never the repository (matplotlib
#: and LibreOffice write their caches below HOME).
SUBPROCESS_HOME = Path(tempfile.mkdtemp(prefix="kinerja-xl-tests-home-"))
atexit.register(shutil.rmtree, SUBPROCESS_HOME, ignore_errors=True)
#: Without a ledger: the tests read the repository's example folders, where a ledger would be written. The
#: ledger's own tests work on copies and turn it on where they need it (the variable unset).
os.environ["KINERJA_XL_TANPA_BUKU_BESAR"] = "1"
CLI_ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(SUBPROCESS_HOME),
           "KINERJA_XL_TANPA_BUKU_BESAR": "1"}
#: The ledgers already in the repository's folders when the tests start (a run of the README's command or of the
#: bench leaves one): a test that writes a new one fails the session (:func:`pytest_sessionfinish`).
_LEDGERS_BEFORE = frozenset(ROOT.glob("workbooks/**/.kinerja-xl"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The tests never write into the repository: a subprocess that lost ``KINERJA_XL_TANPA_BUKU_BESAR`` would
    record the example workbooks in a ledger beside them."""
    written = sorted(set(ROOT.glob("workbooks/**/.kinerja-xl")) - _LEDGERS_BEFORE)
    if written:
        print(f"\nbuku besar ditulis ke repositori oleh tes: {', '.join(str(p) for p in written)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def copy_example(source: Path, target: Path) -> Path:
    """A copy of an example folder of the repository at ``target``, without its ``sumber`` (the raw figures the
    examples are made from) and without a ledger (``.kinerja-xl``) a developer's own run or the bench left there:
    a test's folder holds only what the test puts in it."""
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sumber", ".kinerja-xl"))
    return target


def example_folder(folder: Path) -> Path:
    """A copy of the five example unit workbooks of 2023 in ``folder`` (a collection a command may change)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(EXAMPLES.glob("kinerja-*-2023-tahunan.xlsx")):
        shutil.copy(path, folder)
    return folder


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(CATALOG_PATH)


@pytest.fixture(scope="session")
def raw(catalog):
    """The raw figures of LKj 2023 with the counts of the example's (synthetic) survey answers."""
    return load_raw_figures(RAW_PATH, catalog)


@pytest.fixture(scope="session")
def computation(catalog, raw):
    return compute(catalog, raw.all_values())


@pytest.fixture(scope="module")
def template_bin() -> bytes:
    """xlwings' own vbaProject.bin (from the installed package's standalone template)."""
    from kinerja_xl.vba import project as vba

    return vba.template_project(vba.installed_xlwings())


# -- the Word report of the bundled example (tests/<layer>/test_report_*.py) ---------------------------
REPORTED = EXAMPLES / "dilaporkan-2023.xlsx"


@pytest.fixture(scope="session")
def consolidation(catalog):
    """The five example workbooks validated and consolidated as ``kinerja-xl laporan workbooks/2023`` does."""
    from kinerja_xl import pipeline

    paths, _ = pipeline.collect_inputs([EXAMPLES])
    report = pipeline.validate_files(paths, catalog, expected_units=[u.code for u in catalog.units])
    return pipeline.consolidate(report, catalog, valid_only=True)


@pytest.fixture(scope="session")
def report_plan(consolidation):
    from kinerja_xl.plans.report import plan_report

    return plan_report(consolidation.computation)


@pytest.fixture(scope="session")
def report_docx(report_plan, tmp_path_factory):
    from kinerja_xl.render.report_docx import write_docx

    return write_docx(report_plan, tmp_path_factory.mktemp("laporan") / "laporan-kinerja-2023.docx")


@pytest.fixture(scope="session")
def report_document(report_docx):
    """The written draft read back with python-docx."""
    from docx import Document

    return Document(str(report_docx))


@pytest.fixture
def ledger_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger as users have it (on by default), for the tests of the ledger itself (on copies)."""
    monkeypatch.delenv("KINERJA_XL_TANPA_BUKU_BESAR", raising=False)
