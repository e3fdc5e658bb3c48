"""Rates, one-sided targets, pembanding, the T / R rule and capaian categories through every command, like a
user chains them: templates filled, ``validasi``, ``hitung --json``, ``konsolidasi``, ``ekspor``, ``laporan``;
and every formula of every written workbook (Isian, Hasil, the consolidated workbook, also a quarter's)
recalculated by LibreOffice equals the engine. The catalog and its figures: tests/support/catalogs.py (TERMS)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl.compute.engine import MINISTRY, compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.compute.results import result_tree
from kinerja_xl.pipeline import consolidate, validate_files
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.plans.consolidated import SHEET_SUMMARY
from kinerja_xl.plans.results_sheet import result_sheet_plan
from kinerja_xl.unit_layout import COL_TARGET, COL_TARGET_LOW, SHEET_INPUT, SHEET_RESULT, file_stem, unit_layout
from tests.support.catalogs import TERMS, terms, terms_values
from tests.support.libreoffice import find_soffice, read_values, recalculate
from tests.support.workbook_checks import input_sheet_expected, mismatches, result_sheet_expected

UNITS = ("KESMAS", "P2P")
IDENTITY = {"penanggung_jawab": "Petugas uji", "tanggal": dt.date(2026, 1, 20)}


def make(folder: Path, values: dict[InputRef, Decimal] | None = None,
         period: str = "tahunan") -> tuple[Path, list[Path]]:
    """The catalog file and one filled workbook per unit, written by the template writer of ``templat``."""
    folder.mkdir(parents=True, exist_ok=True)
    catalog_file = folder.parent / f"{folder.name}-katalog.yaml"
    catalog_file.write_text(TERMS, encoding="utf-8")
    catalog, values = terms(), values if values is not None else terms_values()
    paths = []
    for unit in UNITS:
        path = folder / f"{file_stem(catalog, unit, catalog.year, period)}.xlsx"
        write_unit_workbook(catalog, unit, path, period=period, identity=IDENTITY,
                            values={r: v for r, v in values.items() if r.unit == unit})
        paths.append(path)
    return catalog_file, paths


def run(*args: str, catalog: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "kinerja_xl", *args, "--katalog", str(catalog), "-j", "1"],
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr and "Galat internal" not in result.stdout + result.stderr, result.stderr
    return result


def test_every_command_speaks_the_terms(tmp_path):
    folder = tmp_path / "unit"
    catalog_file, paths = make(folder)
    catalog, values = terms(), terms_values()
    validated = run("validasi", str(folder), catalog=catalog_file)
    assert validated.returncode == 0 and "2 valid, 0 valid dengan peringatan" in validated.stdout, validated.stdout
    computed = run("hitung", str(folder), "--json", str(tmp_path / "hasil.json"), catalog=catalog_file)
    assert computed.returncode == 0, computed.stdout + computed.stderr
    expected_tree = json.loads(json.dumps(result_tree(compute(catalog, values)), ensure_ascii=False))
    tree = json.loads((tmp_path / "hasil.json").read_text(encoding="utf-8"))
    assert tree == expected_tree
    assert (tree["capaian_kementerian"], tree["kategori_kementerian"]) == (104.13, "Sangat Tinggi")
    assert tree["sasaran"][0]["indikator"][0]["pembanding"][0] == {
        "nama": "Target nasional", "target": 183, "capaian": 143.71, "kategori": "Sangat Tinggi"}

    # Hasil of KESMAS: the one-sided target as printed, a row per pembanding under S1.1 (S1.2 is pooled)
    book = openpyxl.load_workbook(paths[0])
    rows = [[c.value for c in r] for r in book[SHEET_RESULT].iter_rows()]
    s11 = next(i for i, r in enumerate(rows) if r[0] == "S1.1")
    assert rows[s11][3] == "< 100"
    assert [r[1] for r in rows[s11 + 1:s11 + 3]] == ["Dibandingkan Target nasional", "Dibandingkan Target provinsi"]
    assert [r[3] for r in rows[s11 + 1:s11 + 3]] == [183, "90–110"]
    assert not any(r[1] == "Dibandingkan Target nasional RPJMN" for r in rows)  # S1.2: no capaian of its own
    # the category of each capaian in the last column, a live formula on the capaian beside it
    header = next(r for r in rows if r[0] == "Kode")
    k = header.index("Kategori")
    assert header[k + 1] is None and k > header.index("% Capaian")  # the table's last column
    shown = [[c.value for c in r] for r in openpyxl.load_workbook(paths[0], data_only=True)[SHEET_RESULT].iter_rows()]
    indicator = tree["sasaran"][0]["indikator"][0]
    assert [shown[i][k] for i in range(s11, s11 + 3)] == [indicator["kategori"],
                                                          *(p["kategori"] for p in indicator["pembanding"])]
    capaian = f"${chr(ord('A') + header.index('% Capaian'))}${s11 + 1}"
    assert rows[s11][k].startswith("=") and capaian in rows[s11][k]
    isian = unit_layout(catalog, "KESMAS")
    row = next(r for r in isian.rows if r.node == "S1.1" and r.kind == "simpul")
    assert book[SHEET_INPUT].cell(row.row, COL_TARGET).value == "< 100"
    assert book[SHEET_INPUT].cell(row.row, COL_TARGET_LOW).value == 100  # the bound the formulas read

    out = tmp_path / "lkjip.xlsx"
    built = run("konsolidasi", str(folder), "-o", str(out), catalog=catalog_file)
    assert built.returncode == 0 and "104,13" in built.stdout, built.stdout
    summary = [[c.value for c in r] for r in openpyxl.load_workbook(out)[SHEET_SUMMARY].iter_rows()]
    header = next(r for r in summary if r[0] == "Kode")
    assert header[:7] == ["Kode", "Sasaran strategis / indikator kinerja", "Satuan", "Target 2025", "Realisasi 2025",
                          "% Capaian", "Kategori"]
    labels = [r[1] for r in summary]
    at = labels.index("Angka kematian ibu per 100.000 kelahiran hidup")
    assert labels[at + 1:at + 3] == ["Dibandingkan Target nasional", "Dibandingkan Target provinsi"]
    assert summary[at][3] == "< 100" and summary[at + 2][3] == "90–110"
    assert [r[0] for r in summary[2:4]] == [  # one line each: a long line runs off the printed page
        "Warna % capaian — ≥ 100: Tercapai; < 100: Belum tercapai.",
        "Kategori capaian — ≥ 91: Sangat Tinggi; ≥ 76 dan < 91: Tinggi; ≥ 66 dan < 76: Sedang; ≥ 51 dan < 66: "
        "Rendah; < 51: Sangat Rendah."]

    exported = run("ekspor", str(folder), "-o", str(tmp_path / "data.json"), catalog=catalog_file)
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "data.json").read_text(encoding="utf-8"))
    rows_by = {(r["unit"], r["kode"]): r for r in data}
    assert (rows_by[(MINISTRY, "S1.2")]["target_batas"], rows_by[(MINISTRY, "S1.2")]["kategori"]) == (
        "paling_banyak", "Sangat Tinggi")
    assert rows_by[(MINISTRY, "S2.2")]["kategori"] == "Sedang"


def test_a_rate_may_count_more_events_than_its_denominator_a_percentage_may_not(tmp_path):
    values = terms_values()
    values[InputRef("S1.2", "kota.pembilang", "KESMAS")] = Decimal(3000)   # per 1.000: 3.000 of 2.500 is possible
    values[InputRef("S2.3", "pembilang", "P2P")] = Decimal(120)            # a percentage: 120 of 100 is not
    catalog_file, paths = make(tmp_path / "unit", values)
    report = validate_files(paths, terms())
    assert [(p.code, p.field) for p in report.problems if p.code == "pembilang-melebihi-penyebut"] == [
        ("pembilang-melebihi-penyebut", "S2.3:pembilang")]


def test_a_realisasi_of_zero_under_the_uncapped_inverse_rule_is_a_clear_problem(tmp_path):
    catalog = terms()
    catalog_file, paths = make(tmp_path / "unit", terms_values(tb_cases=0))
    report = validate_files(paths, catalog)
    found = [p for p in report.problems if p.code == "capaian-tak-terhingga"]
    layout = unit_layout(catalog, "P2P")
    row = next(r for r in layout.rows if r.node == "S2.2" and r.kind == "simpul")
    assert [(p.severity, p.sheet, p.cell, p.field) for p in found] == [
        ("peringatan", SHEET_INPUT, f"G{row.row}", "S2.2:capaian")]
    assert "target / realisasi × 100" in found[0].message and "batas_capaian" in found[0].hint
    c = consolidate(report, catalog).computation
    assert c.number("S2.2", "capaian") is None and c.number("S2", "capaian") is None
    # the capped S2.1 at 0 takes its cap instead
    capped = compute(catalog, terms_values(stunting="0"))
    assert capped.number("S2.1", "capaian") == Decimal(120)


def test_the_word_draft_prints_the_terms(tmp_path):
    from docx import Document

    from kinerja_xl.plans.report import plan_report
    from kinerja_xl.render.report_docx import write_docx
    from tests.support.report import blank_png, expected, grid_cells, narrative, section

    catalog = terms()
    _, paths = make(tmp_path / "unit")
    computation = consolidate(validate_files(paths, catalog), catalog, valid_only=True).computation
    plan = plan_report(computation)
    document = Document(str(write_docx(plan, tmp_path / "lkjip.docx", render=blank_png)))
    for table, written in zip(plan.tables(), document.tables, strict=True):
        for r, c, cell in grid_cells(table):
            if cell.source:
                assert written.cell(r, c).text == expected(cell, computation), (table.key, cell.source)
    capaian = next(t for t in plan.tables() if t.key == "capaian")
    sources = {cell.source for row in capaian.rows for cell in row.cells}
    assert {"batas:S1.1:target", "S1.1:capaian_pembanding1", "rentang:S1.1:pembanding2", "S1.1:kategori",
            "S2.3:kategori_pembanding1", f"{MINISTRY}:kategori", "S1:kategori"} <= sources
    text = narrative(plan)
    assert ("Dibandingkan target nasional sebesar 183 per 100.000 KH, capaiannya 143,71% (kategori Sangat Tinggi)."
            in section(plan, "S1.1"))
    assert ("Realisasi ini adalah kematian ibu (5) dibagi kelahiran hidup (4.854), dikali 100.000."
            in section(plan, "S1.1"))
    assert "melewati batas target < 100 per 100.000 KH (selisih 3,01 per 100.000 KH)" in section(plan, "S1.1")
    assert "5,20 per 1.000 di bawah batas target ≤ 16 per 1.000, sehingga target tercapai" in section(plan, "S1.2")
    assert "Capaian ini termasuk kategori Sedang." in section(plan, "S2.2")
    assert "Untuk indikator S2.1 dan S2.2 (juga semakin rendah semakin baik), capaian dihitung target / realisasi" \
        in text
    assert "sebesar 104,13% (kategori Sangat Tinggi)" in text
    assert "Dibandingkan standar pelayanan minimal sebesar > 99%, capaiannya 90,91% (kategori Tinggi)." in text


def test_a_strict_bound_met_exactly_reads_100_and_says_so():
    from kinerja_xl.plans.report import plan_report
    from tests.support.report import section

    values = terms_values()
    values[InputRef("S1.1", "pembilang", "KESMAS")] = Decimal(5)
    values[InputRef("S1.1", "penyebut", "KESMAS")] = Decimal(5000)   # exactly 100 per 100.000 against < 100
    computation = compute(terms(), values)
    assert computation.number("S1.1", "capaian") == Decimal(100)
    text = section(plan_report(computation), "S1.1")
    assert "tepat pada batas target < 100 per 100.000 KH: belum kurang dari batas itu" in text
    assert "capaiannya 100,00%" in text


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recalculates_every_formula_to_the_engine(tmp_path):
    """Isian and Hasil of each unit and the consolidated workbook, of a year and of a quarter with a one-sided
    quarterly target: rates, bounds, pembanding, the T / R rule with its cap and every category."""
    catalog = terms()
    values = terms_values(stunting="0")  # S2.1 at 0 under the capped T / R rule: its cap, 120
    folder, quarter = tmp_path / "unit", tmp_path / "tw2"
    catalog_file, paths = make(folder, values)
    _, quarter_paths = make(quarter, values, period="TW2")
    assert run("hitung", str(folder), catalog=catalog_file).returncode == 0
    assert run("hitung", str(quarter), "--periode", "TW2", catalog=catalog_file).returncode == 0
    out, quarter_out = tmp_path / "lkjip.xlsx", tmp_path / "lkjip-tw2.xlsx"
    assert run("konsolidasi", str(folder), "-o", str(out), catalog=catalog_file).returncode == 0
    assert run("konsolidasi", str(quarter), "-o", str(quarter_out), catalog=catalog_file).returncode == 0
    recalculated = recalculate([*paths, *quarter_paths, quarter_out, out], tmp_path / "rec")
    checked = 0
    for path, (unit, period) in zip(recalculated, [(u, "tahunan") for u in UNITS] + [(u, "TW2") for u in UNITS],
                                    strict=False):
        mine = {r: v for r, v in values.items() if r.unit == unit}
        computation = compute(catalog, mine, scope={unit}, period=period)
        layout = unit_layout(catalog, unit, period=period)
        expected = {**input_sheet_expected(layout, computation),
                    **result_sheet_expected(result_sheet_plan(layout, computation), computation)}
        assert not mismatches(expected, read_values(path)), (unit, period)
        checked += len(expected)
    quarter_plan = consolidate(validate_files(quarter_paths, catalog), catalog).plan()
    assert not mismatches(quarter_plan.formula_cells(), read_values(recalculated[-2]))
    plan = consolidate(validate_files(paths, catalog), catalog).plan()
    cells = plan.formula_cells()
    assert not mismatches(cells, read_values(recalculated[-1]))
    values_of = {v for v in cells.values() if isinstance(v, str)}
    assert {"Sangat Tinggi", "Tinggi", "Sedang"} <= values_of
    assert checked > 40
