"""A unit workbook is passed over as kinerja_xl's own output only for the property kinerja_xl writes, never for
text that merely looks like it: a comment in ``docProps/custom.xml`` holding the property's markup is no property
to Excel or LibreOffice, and the workbook is read as the unit's."""

from __future__ import annotations

from pathlib import Path

from kinerja_xl.model import SKIP_OUTPUT
from kinerja_xl.validate.unit import read_unit_workbook
from tests.factories import get_catalog, rewrite_member, unit_workbook

FAKE = (b'<!-- <property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="99" name="kinerja_xl.keluaran">'
        b"<vt:lpwstr>konsolidasi</vt:lpwstr></property> -->")


def test_a_marker_inside_a_comment_does_not_make_a_unit_workbook_an_output(tmp_path: Path) -> None:
    source = unit_workbook(tmp_path, "ITJEN", name="sumber.xlsx")
    path = rewrite_member(source, "docProps/custom.xml", lambda data: data.replace(b"</Properties>", FAKE
                                                                                    + b"</Properties>"),
                          out=tmp_path / "komentar.xlsx")
    submission = read_unit_workbook(path, get_catalog())
    assert submission.skipped != SKIP_OUTPUT and submission.unit == "ITJEN" and submission.values
    before = read_unit_workbook(source, get_catalog()).values  # read as before the comment
    assert [(v.ref, v.value, v.source.cell) for v in before] == [(v.ref, v.value, v.source.cell)
                                                                 for v in submission.values]


def test_the_marker_kinerja_xl_writes_still_passes_an_output_over(tmp_path: Path) -> None:
    source = unit_workbook(tmp_path, "ITJEN", name="sumber.xlsx")
    path = rewrite_member(source, "docProps/custom.xml", lambda data: data.replace(b"</Properties>", FAKE[5:-4]
                                                                                    + b"</Properties>"),
                          out=tmp_path / "keluaran.xlsx")
    submission = read_unit_workbook(path, get_catalog())
    assert submission.skipped == SKIP_OUTPUT and submission.identity["keluaran"] == "konsolidasi"
