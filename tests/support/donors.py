"""Targets of every origin for the package tests, and the donors kinerja_xl writes for them.

A target is a unit workbook as bytes: the example workbooks (the project's template writer), the one a
user edited in LibreOffice Calc (``tests/fixtures/package/catatan-lo.xlsx``, made by
:mod:`tests.support.uno_edit`), that one with the parts only Excel makes (:mod:`tests.support.handmade`),
a macro workbook with buttons, and one written back by the former openpyxl path. A donor is what
``kinerja-xl hitung`` writes for the target (validated, computed and planned as the command does,
written by :mod:`kinerja_xl.render.result_donor`), so the splice is tested with the real result sheets.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kinerja_xl.pipeline import unit_results, validate_files
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.render.result_donor import result_donor
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT
from tests.conftest import EXAMPLES, ROOT
from tests.factories import get_catalog, raw_figures
from tests.support import handmade

FIXTURES = ROOT / "tests" / "fixtures" / "package"
UNITS = ["SETJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS"]
RESULTS = ("Validasi", "Hasil")


def example(unit: str) -> bytes:
    return (EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx").read_bytes()


def lo_fixture() -> bytes:
    """REHSOS as a user saved it from LibreOffice Calc, with a sheet of their own (see make_fixtures)."""
    return (FIXTURES / "catatan-lo.xlsx").read_bytes()


@lru_cache(maxsize=1)
def macro_workbook() -> bytes:
    """The REHSOS macro workbook (.xlsm: vbaProject.bin, VML buttons on Isian) with the example's figures."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kinerja-REHSOS-2023-tahunan.xlsm"
        raw = raw_figures()
        write_unit_workbook(get_catalog(), "REHSOS", path, values=raw.values["REHSOS"],
                            survey_rows=raw.survey_rows["REHSOS"], buttons=True)
        return path.read_bytes()


#: Targets from every origin, by a short name (the test ids).
TARGETS: dict[str, Callable[[], bytes]] = {
    **{f"contoh-{unit}": (lambda unit=unit: example(unit)) for unit in UNITS},
    "libreoffice": lo_fixture,
    "libreoffice+excel": lambda: handmade.everything(lo_fixture()),
    "makro-xlsm": macro_workbook,
    "hasil-openpyxl": lambda: handmade.openpyxl_written(example("REHSOS")),
}


def suffix(name: str) -> str:
    return ".xlsm" if name.endswith("xlsm") else ".xlsx"


@dataclass(frozen=True)
class Written:
    """What ``kinerja-xl hitung`` writes for one target: the donor and the cached value of each Hasil formula."""

    donor: bytes
    cached: dict[str, object]


@lru_cache(maxsize=32)
def _written(digest: str, data: bytes, sheets: tuple[str, ...]) -> Written:
    with tempfile.TemporaryDirectory() as folder:
        macros = b"xl/vbaProject.bin" in data  # a member name, stored uncompressed in the zip directory
        path = Path(folder) / f"kinerja-REHSOS-2023-tahunan.{'xlsm' if macros else 'xlsx'}"
        path.write_bytes(data)
        catalog = get_catalog()
        report = validate_files([path], catalog)
        submission = report.submissions[0]
        results = unit_results(submission, report.problems_of(submission.file), catalog)
        result = results.result_sheet()
        assert result is not None, [(p.code, p.cell) for p in report.problems_of(submission.file)]
        validation = results.validation_sheet([SHEET_INPUT, SHEET_RESULT], target=path)
        return Written(result_donor(result if "Hasil" in sheets else None,
                                    validation if "Validasi" in sheets else None), dict(result.cached))


def written_for(data: bytes, sheets: tuple[str, ...] = RESULTS) -> Written:
    return _written(hashlib.sha256(data).hexdigest(), data, sheets)


def donor_for(data: bytes, sheets: tuple[str, ...] = RESULTS) -> bytes:
    """The result sheets (``sheets`` of them) that kinerja_xl writes for workbook ``data``."""
    return written_for(data, sheets).donor


def members(data: bytes) -> dict[str, bytes]:
    """Every member's uncompressed content by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
