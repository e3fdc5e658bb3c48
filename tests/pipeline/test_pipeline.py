"""The whole path: example workbooks → reader → engine reproduces the golden LKj 2023 figures."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from kinerja_xl import pipeline
from kinerja_xl.compute.engine import MINISTRY
from kinerja_xl.pipeline import validate_files

from tests.conftest import EXAMPLES
from tests.compute.test_engine_golden import COMPONENTS, HISTORY, INDICATORS, SUB_REALISASI


def test_examples_feed_the_engine_the_same_figures_as_the_raw_file(catalog, computation):
    paths, missing = pipeline.collect_inputs([EXAMPLES])
    assert not missing and len(paths) == 5
    report = pipeline.validate_files(paths, catalog, jobs=1)
    assert report.exit_code == 0
    from_workbooks = pipeline.consolidate(report, catalog).computation
    # every figure, not only the golden ones, equals the computation from the raw YAML
    got = {r: f.value for r, f in from_workbooks.figures.items()}
    assert got == {r: f.value for r, f in computation.figures.items()}
    for code, expected in {**SUB_REALISASI, **COMPONENTS}.items():
        assert from_workbooks.number(code, "realisasi") == Decimal(expected)
    for code, (_target, _realisasi, capaian) in INDICATORS.items():
        assert from_workbooks.number(code, "capaian") == Decimal(capaian)
    for code, (_kenaikan, capaian_akhir) in HISTORY.items():
        assert from_workbooks.number(code, "capaian_akhir") == Decimal(capaian_akhir)
    assert from_workbooks.number(MINISTRY, "capaian") == Decimal("107.25")


def test_every_value_keeps_its_file_sheet_and_cell(catalog):
    paths, _ = pipeline.collect_inputs([EXAMPLES])
    batch = pipeline.gather(pipeline.validate_files(paths, catalog))
    ref_to_source = {v.ref: v.source for v in batch.values}
    pkh_oct = next(r for r in ref_to_source if r.node == "SS1.1.2" and r.key == "Oktober.pembilang")
    source = ref_to_source[pkh_oct]
    assert source.file.endswith("kinerja-LINJAMSOS-2023-tahunan.xlsx")
    assert source.sheet == "Isian" and source.cell.startswith("C")


def test_collect_inputs_expands_folders_globs_and_reports_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.xlsx").write_bytes(b"")
    (tmp_path / "a" / "~$x.xlsx").write_bytes(b"")  # Excel lock file: skipped
    (tmp_path / "a" / "catatan.txt").write_text("-")
    (tmp_path / "y.xlsm").write_bytes(b"")
    files, missing = pipeline.collect_inputs([tmp_path / "a", str(tmp_path / "*.xlsm"), tmp_path / "nope.xlsx"])
    assert [f.name for f in files] == ["x.xlsx", "y.xlsm"]
    assert missing == [str(tmp_path / "nope.xlsx")]


def _rglob_inputs(folder, catalog):
    """What a folder gave before the walk of one ``os.scandir`` per folder: pathlib's ``rglob`` and ``is_file``."""
    from kinerja_xl.pipeline.batch import OTHER_SPREADSHEETS, SKIPPED_PREFIXES, WORKBOOK_SUFFIXES
    from kinerja_xl.unit_layout import unit_in_file_name

    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(SKIPPED_PREFIXES)
                  and (p.suffix.lower() in WORKBOOK_SUFFIXES or (p.suffix.lower() in OTHER_SPREADSHEETS
                                                                  and unit_in_file_name(p.name, catalog) is not None)))


def test_a_folder_gives_the_files_rglob_gives_in_its_order(catalog, tmp_path, monkeypatch):
    """Nested, hidden and linked folders, links to files, dangling and looping links, a named pipe, names that
    sort differently as text and as paths ('a-b' before 'a/…' as text, after it as a path), skipped names and
    other formats: the same files in the same order as ``sorted(folder.rglob("*"))`` filtered by ``is_file()``."""
    import os

    root = tmp_path / "kumpulan"
    for folder in ("a", "a/b", "a-b", ".tersembunyi", "Z", "a/b/c d"):
        (root / folder).mkdir(parents=True)
    for name in ("a/x.xlsx", "a/b/y.XLSM", "a-b/x.xlsx", ".tersembunyi/z.xlsx", "Z/w.xlsx", "a/b/c d/v.xlsx",
                 "a.xlsx", "a0.xlsx", "B.xlsx", "~$a.xlsx", ".~lock.a.xlsx#", ".a.xlsx", "dilaporkan-2023.xlsx",
                 "catatan.txt", "kinerja-REHSOS-2023-TW1.xls", "lain.xls", "a/b/kinerja-ITJEN-2023-TW1.ods"):
        (root / name).write_bytes(b"")
    (root / "tautan").symlink_to(root / "a", target_is_directory=True)  # a linked folder: not entered
    (root / "tautan.xlsx").symlink_to(root / "a" / "x.xlsx")  # a link to a file: taken
    (root / "hilang.xlsx").symlink_to(root / "tidak-ada.xlsx")  # dangling: not a file
    (root / "putar.xlsx").symlink_to(root / "putar.xlsx")  # a loop: not a file
    (root / "folder.xlsx").mkdir()  # a folder named like a workbook
    os.mkfifo(root / "pipa.xlsx")  # a named pipe: not a file
    files, missing = pipeline.collect_inputs([root], catalog)
    assert files == _rglob_inputs(root, catalog) and not missing
    assert [str(f.relative_to(root)) for f in files] == [
        ".tersembunyi/z.xlsx", "B.xlsx", "Z/w.xlsx", "a/b/c d/v.xlsx", "a/b/kinerja-ITJEN-2023-TW1.ods",
        "a/b/y.XLSM", "a/x.xlsx", "a-b/x.xlsx", "a.xlsx", "a0.xlsx", "kinerja-REHSOS-2023-TW1.xls", "tautan.xlsx"]
    monkeypatch.chdir(tmp_path)  # a folder named relatively, and the current one: the same paths as there
    assert pipeline.collect_inputs(["kumpulan/"], catalog)[0] == _rglob_inputs(Path("kumpulan"), catalog)
    monkeypatch.chdir(root)
    assert pipeline.collect_inputs(["."], catalog)[0] == _rglob_inputs(Path("."), catalog)
    assert [str(f) for f in pipeline.collect_inputs(["."], catalog)[0]][:3] == [".tersembunyi/z.xlsx", "B.xlsx",
                                                                                 "Z/w.xlsx"]


def test_a_value_in_an_error_cell_is_never_computed_with(catalog, tmp_path):
    import shutil

    from openpyxl import load_workbook

    path = tmp_path / "kinerja-SETJEN-2023-tahunan.xlsx"
    shutil.copy(EXAMPLES / path.name, path)
    wb = load_workbook(path)
    wb["Isian"]["C16"] = -394  # SS2.1 pembilang made negative: an error, so SS2.1 has no value
    wb.save(path)
    report = pipeline.validate_files([path], catalog)
    assert ("angka-negatif", "C16") in {(p.code, p.cell) for p in report.problems}
    result = pipeline.consolidate(report, catalog).computation
    assert result.number("SS2.1", "realisasi") is None


def test_problems_past_the_report_cap_still_guard_computation_and_write_back(catalog, tmp_path):
    """max_problems limits what is listed, never what protects the figures of a large batch."""
    import shutil

    from openpyxl import load_workbook

    paths = []
    for unit in ("ITJEN", "SETJEN"):  # ITJEN's warning fills the one listed place; SETJEN's error comes after
        path = tmp_path / f"kinerja-{unit}-2023-tahunan.xlsx"
        shutil.copy(EXAMPLES / path.name, path)
        paths.append(path)
    wb = load_workbook(paths[1])
    wb["Isian"]["C16"] = -394
    wb.save(paths[1])
    report = validate_files(paths, catalog, max_problems=1)
    assert "angka-negatif" not in {p.code for p in report.problems}  # not listed...
    assert "angka-negatif" in {p.code for p in report.problems_of(paths[1])}  # ...but known
    batch = pipeline.gather(report)
    assert not any(v.source.cell == "C16" and v.source.file == str(paths[1]) for v in batch.values)
    assert pipeline.consolidate(report, catalog).computation.number("SS2.1", "realisasi") is None
    pipeline.write_back(report, catalog, outdir=tmp_path / "out")
    assert "Hasil" not in load_workbook(tmp_path / "out" / paths[1].name).sheetnames


def test_write_back_reading_each_file_again_writes_the_same(catalog, tmp_path):
    """hitung without --json keeps no figures for the batch (flat memory) and reads each file's figures
    again while writing it: the result sheets are the same as from a batch that kept them."""
    import shutil

    from tests.support.opc_inspect import result_parts, zip_members

    paths = [Path(shutil.copy(EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx", tmp_path)) for unit in
             ("SETJEN", "ITJEN", "REHSOS")]
    kept = pipeline.write_back(pipeline.validate_files(paths, catalog), catalog, outdir=tmp_path / "kept")
    light = pipeline.validate_files(paths, pipeline.ReadSettings(catalog, figures=False))
    assert all(not s.values for s in light.submissions)
    again = pipeline.write_back(light, catalog, outdir=tmp_path / "again", jobs=2,
                                read=pipeline.ReadSettings(catalog))
    assert again == kept and all(r.results and r.error is None for r in again.values())
    for path in paths:
        first, second = (zip_members((tmp_path / folder / path.name).read_bytes()) for folder in ("kept", "again"))
        hasil = {name: data for name, data in first.items() if name in result_parts(first, ("Hasil",))}
        assert hasil and {name: second.get(name) for name in hasil} == hasil  # every part of Hasil byte-identical


def test_a_donor_the_splice_cannot_carry_is_an_internal_error_and_leaves_the_file(catalog, tmp_path, monkeypatch):
    """A bug of kinerja_xl's own writer (here: result sheets with a comment, which the splice refuses) is
    reported as an internal error of that file; the workbook stays as it was and the batch goes on."""
    import io
    import shutil

    import xlsxwriter

    import kinerja_xl.render.donor_templates as writer  # the one place a donor is spliced

    from kinerja_xl.package import Package

    def with_comment(result, validation, **options):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        book.add_worksheet("Hasil").write_comment("A1", "catatan")
        book.close()
        return Package.from_bytes(buffer.getvalue())

    path = Path(shutil.copy(EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx", tmp_path))
    before = path.read_bytes()
    monkeypatch.setattr(writer, "result_donor_package", with_comment)  # the donor, handed over as its parts
    outcome = pipeline.write_back(pipeline.validate_files([path], catalog), catalog)[str(path)]
    assert outcome.error is not None and outcome.error.startswith("galat internal: DonorError:")
    assert "komentar" in outcome.error and not outcome.results
    assert path.read_bytes() == before


def test_a_repeated_unit_keeps_no_figures_and_the_consolidation_is_the_same(catalog, tmp_path):
    """konsolidasi and pantau read with drop_repeats: the second file of a unit and period never counts
    (gather takes the first), so its figures are not kept; the figures and the problems are unchanged."""
    import shutil

    from openpyxl import load_workbook

    paths = [shutil.copy(p, tmp_path / p.name) for p in sorted(EXAMPLES.glob("kinerja-*.xlsx"))]
    repeat = tmp_path / "kinerja-SETJEN-2023-tahunan-zz-revisi.xlsx"  # read after the original
    shutil.copy(EXAMPLES / "kinerja-SETJEN-2023-tahunan.xlsx", repeat)
    wb = load_workbook(repeat)
    wb["Isian"]["C16"] = 1  # a figure of its own: counting it would change SS2.1
    wb.save(repeat)
    paths.append(repeat)
    kept = pipeline.validate_files(paths, catalog, expected_units=[u.code for u in catalog.units])
    dropped = pipeline.validate_files(paths, catalog, expected_units=[u.code for u in catalog.units],
                                      drop_repeats=True, jobs=2)
    by_file = {Path(s.file).name: s for s in dropped.submissions}
    assert by_file[repeat.name].values == () and by_file[repeat.name].unit == "SETJEN"
    assert all(s.values for name, s in by_file.items() if name != repeat.name)
    assert [(p.code, p.file, p.cell) for p in dropped.problems] == [(p.code, p.file, p.cell) for p in kept.problems]
    assert "berkas-ganda" in {p.code for p in dropped.problems}
    for report in (kept, dropped):
        result = pipeline.consolidate(report, catalog).computation
        assert result.shown(MINISTRY, "capaian") == Decimal("107.25")
    assert (pipeline.consolidate(kept, catalog).computation.number("SS2.1", "realisasi")
            == pipeline.consolidate(dropped, catalog).computation.number("SS2.1", "realisasi"))


def test_a_second_file_of_a_unit_says_which_one_is_counted(catalog, tmp_path):
    """A copy saved as "kinerja-SETJEN-2023-tahunan (1).xlsx" sorts before the original (a space before a dot): the
    copy was counted and the original marked "TIDAK VALID", its message only "juga dikirim dalam berkas …". Now the
    message says which file is counted, and the hint how to keep only the right one."""
    original = tmp_path / "kinerja-SETJEN-2023-tahunan.xlsx"
    copy = tmp_path / "kinerja-SETJEN-2023-tahunan (1).xlsx"
    shutil.copy(EXAMPLES / original.name, original)
    shutil.copy(EXAMPLES / original.name, copy)
    report = pipeline.validate_files(sorted([original, copy]), catalog)
    [found] = [p for p in report.problems if p.code == "berkas-ganda"]
    assert found.file == str(original)
    assert f"juga dikirim dalam berkas {copy}; yang dihitung berkas itu, bukan berkas ini" in found.message
    assert "pindahkan berkas lainnya" in found.hint
