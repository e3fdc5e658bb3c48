"""An output replaces only kinerja_xl's own output of the same kind: never an input of the run, a unit's workbook,
the *Dilaporkan* workbook, a workbook of the user's or another kind of output (:func:`check_output`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kinerja_xl.errors import OutputRefused
from kinerja_xl.pipeline.outputs import check_output
from kinerja_xl.reading.safety import OLE_MAGIC, OUTPUT_KINDS
from kinerja_xl.render.table import write_table_workbook
from tests.conftest import ROOT

UNIT = ROOT / "workbooks" / "2023" / "kinerja-ITJEN-2023-tahunan.xlsx"
DILAPORKAN = ROOT / "workbooks" / "2023" / "dilaporkan-2023.xlsx"


def _copy(source: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("kind", [*OUTPUT_KINDS, None])
def test_a_unit_workbook_is_never_replaced(tmp_path: Path, kind: str | None) -> None:
    path = _copy(UNIT, tmp_path, "keluaran.xlsx")
    with pytest.raises(OutputRefused, match="keluaran.xlsx"):
        check_output(path, kind)


def test_the_dilaporkan_workbook_is_another_kind(tmp_path: Path) -> None:
    path = _copy(DILAPORKAN, tmp_path, "d.xlsx")
    check_output(path, "dilaporkan")  # a Dilaporkan workbook may be made again
    with pytest.raises(OutputRefused, match="buku kerja Dilaporkan, bukan buku kerja reviu"):
        check_output(path, "reviu")
    with pytest.raises(OutputRefused, match="buku kerja Excel yang sudah ada"):
        check_output(path, None)  # a JSON report or a CSV over a workbook


def test_an_output_of_the_same_kind_is_written_again(tmp_path: Path) -> None:
    path = write_table_workbook(tmp_path / "ekspor.xlsx", ["a"], [{"a": 1}])
    check_output(path, "ekspor")
    with pytest.raises(OutputRefused, match="buku kerja ekspor, bukan buku kerja konsolidasi"):
        check_output(path, "konsolidasi")


def test_an_input_named_by_the_run_is_refused_whatever_it_is(tmp_path: Path) -> None:
    catalog = tmp_path / "katalog.yaml"
    catalog.write_text("versi: 1\n", encoding="utf-8")
    with pytest.raises(OutputRefused, match="adalah masukan perintah ini"):
        check_output(catalog, None, [tmp_path / "folder", None, catalog])
    check_output(catalog, None, [tmp_path / "lain.yaml"])  # not named: a JSON may replace a text file


def test_what_is_not_there_or_empty_is_no_loss(tmp_path: Path) -> None:
    check_output(tmp_path / "baru.xlsx", "konsolidasi")
    (tmp_path / "kosong.xlsx").write_bytes(b"")
    check_output(tmp_path / "kosong.xlsx", "konsolidasi")
    check_output(tmp_path, "konsolidasi")  # a folder: the write itself says so


@pytest.mark.parametrize("content", [OLE_MAGIC + b"\0" * 512, b"bukan zip, tetapi isi pengguna"])
def test_other_files_under_a_workbook_name_are_kept(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "lama.xlsx"
    path.write_bytes(content)
    with pytest.raises(OutputRefused, match="bukan buku kerja pemantauan buatan kinerja-xl"):
        check_output(path, "pemantauan")


def test_an_old_excel_workbook_is_a_workbook_to_json_too(tmp_path: Path) -> None:
    path = tmp_path / "lama.xls"
    path.write_bytes(OLE_MAGIC + b"\0" * 512)
    with pytest.raises(OutputRefused, match="buku kerja Excel yang sudah ada"):
        check_output(path, None)
    (tmp_path / "hasil.json").write_text("{}", encoding="utf-8")
    check_output(tmp_path / "hasil.json", None)


@pytest.mark.parametrize("lock", ["~${name}", ".~lock.{name}#"])
def test_an_output_open_in_excel_or_libreoffice_is_not_replaced(tmp_path: Path, lock: str) -> None:
    """Whoever has the output open would save their copy over the new one (or lose what they changed)."""
    path = write_table_workbook(tmp_path / "ekspor.xlsx", ["a"], [{"a": 1}])
    check_output(path, "ekspor")
    (tmp_path / lock.format(name=path.name)).write_bytes(b"")
    with pytest.raises(OutputRefused, match="sedang dibuka di Excel, Word atau LibreOffice") as refused:
        check_output(path, "ekspor")
    assert lock.format(name=path.name) in str(refused.value)
    check_output(tmp_path / "lain.xlsx", "ekspor")  # another name: nothing open there


@pytest.mark.parametrize(("name", "lock"), [("laporan-kinerja-2023.docx", "~$poran-kinerja-2023.docx"),
                                            ("laporan-kinerja-2023.docx", "~$aporan-kinerja-2023.docx"),
                                            ("laporan-kinerja-2023.docx", "~$laporan-kinerja-2023.docx"),
                                            ("hasil.json", ".~lock.hasil.json#")])
def test_a_document_open_in_word_is_not_replaced(tmp_path: Path, name: str, lock: str) -> None:
    """Word names its owner file after the end of a long name (``~$poran….docx`` for ``laporan….docx``)."""
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 bukan buku kerja")
    check_output(path, None)
    (tmp_path / lock).write_bytes(b"")
    with pytest.raises(OutputRefused, match=lock.replace("$", r"\$").replace(".", r"\.")):
        check_output(path, None)


def test_a_lock_file_with_nothing_under_it_refuses_nothing(tmp_path: Path) -> None:
    (tmp_path / "~$baru.xlsx").write_bytes(b"")
    check_output(tmp_path / "baru.xlsx", "konsolidasi")  # a new file: nobody has it open
