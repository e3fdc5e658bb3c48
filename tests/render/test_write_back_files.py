"""Write-back into files on disk: atomic replacement, the guard against a workbook open in Excel, refusals."""

from __future__ import annotations

import stat

import pytest
from openpyxl import load_workbook

from kinerja_xl.errors import BrokenPackageError, WorkbookLockedError
from kinerja_xl.package import LOCKED_HINT, check_package, lock_files
from kinerja_xl.unit_layout import SHEET_RESULT
from tests.conftest import EXAMPLES
from tests.support.handmade import edit_zip
from tests.support.opc_inspect import sheets, zip_members
from tests.support.writeback import write_results

LOCKS = ["~${name}", ".~lock.{name}#"]  # Excel's owner file, LibreOffice's lock file


@pytest.fixture
def unit(tmp_path):
    path = tmp_path / "kinerja-REHSOS-2023-tahunan.xlsx"
    path.write_bytes((EXAMPLES / path.name).read_bytes())
    path.chmod(0o640)
    return path


def write(path, raw, catalog, **options):
    return write_results(path, catalog, raw.values["REHSOS"], "REHSOS", **options)


def names(path) -> list[str]:
    return [s["name"] for s in sheets(zip_members(path.read_bytes()))]


def test_the_workbook_is_replaced_in_place_keeping_its_mode(unit, raw, catalog):
    assert write(unit, raw, catalog) == unit
    assert names(unit) == ["Petunjuk", "Isian", "Hasil", "Survei", "_meta"]
    assert stat.S_IMODE(unit.stat().st_mode) == 0o640
    assert sorted(p.name for p in unit.parent.iterdir()) == [unit.name]
    assert check_package(unit.read_bytes()) == []


def test_with_an_output_the_source_is_left_alone(unit, raw, catalog, tmp_path):
    before = unit.read_bytes()
    out = write(unit, raw, catalog, output=tmp_path / "keluaran" / unit.name)
    assert unit.read_bytes() == before and SHEET_RESULT in names(out)


@pytest.mark.parametrize("lock", LOCKS)
def test_a_workbook_open_in_excel_or_libreoffice_is_skipped(unit, raw, catalog, lock):
    (unit.parent / lock.format(name=unit.name)).write_bytes(b"pemilik")
    before = unit.read_bytes()
    with pytest.raises(WorkbookLockedError, match=LOCKED_HINT) as caught:
        write(unit, raw, catalog)
    assert unit.name in str(caught.value) and LOCKED_HINT == "tutup berkas di Excel lalu ulangi"
    assert unit.read_bytes() == before
    assert lock_files(unit) == [unit.parent / lock.format(name=unit.name)]


def test_the_lock_of_the_copy_counts_not_the_source(unit, raw, catalog, tmp_path):
    """With --keluaran the source is only read: a source open in Excel is fine, an open copy is not."""
    (unit.parent / f"~${unit.name}").write_bytes(b"pemilik")
    out = tmp_path / "keluaran" / unit.name
    write(unit, raw, catalog, output=out)
    assert SHEET_RESULT in names(out)
    (out.parent / f".~lock.{out.name}#").write_bytes(b"pemilik")
    with pytest.raises(WorkbookLockedError):
        write(unit, raw, catalog, output=out)


def test_force_writes_a_workbook_open_elsewhere(unit, raw, catalog):
    (unit.parent / f"~${unit.name}").write_bytes(b"pemilik")
    write(unit, raw, catalog, force=True)
    assert SHEET_RESULT in names(unit)


def test_a_refused_splice_writes_nothing(unit, raw, catalog):
    """A package inconsistent to begin with (a relationship to a missing part) is refused, not repaired."""
    unit.write_bytes(edit_zip(unit.read_bytes(), {"xl/theme/theme1.xml": None}))
    before = unit.read_bytes()
    with pytest.raises(BrokenPackageError, match="tidak konsisten sejak awal") as caught:
        write(unit, raw, catalog)
    assert any("xl/theme/theme1.xml" in p for p in caught.value.problems)
    assert unit.read_bytes() == before
    assert sorted(p.name for p in unit.parent.iterdir()) == [unit.name]


def test_validasi_alone_keeps_the_hasil(unit, raw, catalog):
    """validasi --tulis-lembar replaces only Validasi: a Hasil written by hitung stays as it was."""
    from kinerja_xl.pipeline import validate_files, write_validation_sheet

    write(unit, raw, catalog)
    hasil = zip_members(unit.read_bytes())
    part = next(s["part"] for s in sheets(hasil) if s["name"] == SHEET_RESULT)
    write_validation_sheet(validate_files([unit], catalog), unit)
    write_validation_sheet(validate_files([unit], catalog), unit)
    after = zip_members(unit.read_bytes())
    assert names(unit) == ["Petunjuk", "Isian", "Validasi", "Hasil", "Survei", "_meta"]
    assert after[next(s["part"] for s in sheets(after) if s["name"] == SHEET_RESULT)] == hasil[part]
    assert check_package(unit.read_bytes()) == []
    assert load_workbook(unit)["Validasi"]["A1"].value == "Hasil validasi kinerja_xl"


@pytest.mark.parametrize("lock", LOCKS)
def test_validasi_sheet_respects_the_lock_too(unit, catalog, lock):
    from kinerja_xl.pipeline import validate_files, write_validation_sheet

    (unit.parent / lock.format(name=unit.name)).write_bytes(b"pemilik")
    before = unit.read_bytes()
    with pytest.raises(WorkbookLockedError, match=LOCKED_HINT):
        write_validation_sheet(validate_files([unit], catalog), unit)
    assert unit.read_bytes() == before
    write_validation_sheet(validate_files([unit], catalog), unit, force=True)
    assert "Validasi" in names(unit)
