"""The monitoring workbook (``kinerja-xl pantau``) over the quarterly example workbooks/2023-triwulan.

Each period's figures must equal the consolidation of that period's files alone (what ``hitung --json
--periode TWn`` gives), the formulas must recalculate (LibreOffice) to the cached values, the charts must
point at the cells of the right figures, and a missing file must show as missing, never as zero.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl import pipeline
from kinerja_xl.compute.engine import MINISTRY
from kinerja_xl.compute.expr import ResultRef
from kinerja_xl.compute.results import result_tree
from kinerja_xl.errors import MixedYears
from kinerja_xl.pipeline.examples import build_examples, load_example_figures
from kinerja_xl.plans.monitoring import SHEET_CHART_DATA, SHEET_INDICATORS, SHEET_SUBMISSIONS, SHEET_SUMMARY
from kinerja_xl.plans.monitoring_data import MISSING, shown_periods
from tests.conftest import ROOT
from tests.render.test_template import snapshot
from tests.support.libreoffice import find_soffice, read_values, recalculate
from tests.support.workbook_checks import mismatches

FOLDER = ROOT / "workbooks" / "2023-triwulan"
SOURCE = FOLDER / "sumber" / "angka-triwulan-2023.yaml"
QUARTERS = ("TW1", "TW2", "TW3", "TW4")
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")


def monitored(catalog, folder: Path, year: int | None = None):
    paths, _ = pipeline.collect_inputs([folder])
    report, chosen = pipeline.validate_for_monitoring(paths, pipeline.ReadSettings(catalog, expected_year=year))
    return pipeline.monitor(report, catalog, year=chosen)


def consolidated(catalog, folder: Path, period: str):
    """What ``hitung --json --periode`` computes for the files of one period."""
    paths, _ = pipeline.collect_inputs([folder])
    report = pipeline.validate_files(paths, pipeline.ReadSettings(catalog, expected_period=period))
    return pipeline.consolidate(report, catalog, period=period)


@pytest.fixture()
def folder(tmp_path) -> Path:
    target = tmp_path / "triwulan"
    target.mkdir()
    for path in FOLDER.glob("*.xlsx"):
        shutil.copy(path, target)
    return target


@pytest.fixture(scope="module")
def full(catalog):
    return monitored(catalog, FOLDER)


def cell_values(plan, sheet: str) -> dict[tuple[int, int], object]:
    found = next(s for s in plan.sheets if s.name == sheet)
    return {rc: e.value for rc, e in found.cells.items()}


def test_committed_quarterly_examples_equal_a_fresh_generation(catalog, tmp_path):
    figures = load_example_figures(SOURCE)
    assert [raw.period for raw in figures] == list(QUARTERS)
    for raw in figures:
        for fresh in build_examples(catalog, raw, tmp_path):
            assert snapshot(fresh) == snapshot(FOLDER / fresh.name), f"{fresh.name}: jalankan workbooks/buat_contoh.py"


def test_the_example_says_which_figures_are_synthetic(catalog):
    figures = {raw.period: raw for raw in load_example_figures(SOURCE)}
    assert "SINTETIS" in SOURCE.read_text(encoding="utf-8")
    # The monthly PKH and Sembako series are the report's own (Tabel 3.6 and 3.7), never synthetic.
    assert all("SS1.1.2" not in nodes and "SS1.1.3" not in nodes
               for raw in figures.values() for nodes in raw.synthetic.values())
    assert figures["TW1"].synthetic["SETJEN"][:3] == ("SS1.3.3", "SS2.1", "SS2.2")
    assert not figures["TW4"].synthetic  # the whole year = the annual figures of LKj 2023
    guide = load_workbook(FOLDER / "kinerja-SETJEN-2023-TW1.xlsx")["Petunjuk"]
    text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "Angka sintetis (bukan angka terbitan) pada buku kerja ini: SS1.3.3, SS2.1, SS2.2" in text
    guide = load_workbook(FOLDER / "kinerja-SETJEN-2023-TW4.xlsx")["Petunjuk"]
    assert "Tidak ada angka sintetis pada buku kerja ini." in " ".join(
        str(c.value) for row in guide.iter_rows() for c in row if c.value)


def test_the_whole_year_equals_the_annual_report(full):
    # TW4 holds the annual figures of LKj 2023 and TW4 targets equal the annual ones: Tabel 3.1's 107,25.
    assert full.runs["TW4"].computation.shown(MINISTRY, "capaian") == Decimal("107.25")
    assert full.periods == QUARTERS and full.report.exit_code == 0


@pytest.mark.parametrize("period", QUARTERS)
def test_every_period_equals_the_consolidation_of_its_own_files(catalog, full, period):
    alone = consolidated(catalog, FOLDER, period)
    assert full.tree()["hasil"][period] == alone.tree()
    plan = full.plan()
    formulas = {(s.name, rc): e for s in plan.sheets for rc, e in s.cells.items()
                if e.kind == "formula" and e.scope == period}
    assert formulas  # each period has its own formulas, with the value of its own computation
    values = {ref: fig.value for ref, fig in alone.computation.figures.items()}
    for (sheet, _), entry in formulas.items():
        if sheet == SHEET_SUMMARY and isinstance(entry.value, Decimal):
            assert entry.value in values.values()


def test_summary_shows_capaian_and_status_per_period(catalog, full):
    plan = full.plan()
    summary = next(s for s in plan.sheets if s.name == SHEET_SUMMARY)
    rows = {e.value: r for (r, c), e in summary.cells.items() if c == 2 and e.kind == "text"}
    total = rows[f"Capaian kinerja {catalog.ministry}"]
    for j, period in enumerate(QUARTERS):
        capaian = summary.cells[(total, 3 + 2 * j)]
        status = summary.cells[(total, 4 + 2 * j)]
        assert capaian.value == full.runs[period].computation.number(MINISTRY, "capaian")
        assert status.value == "Tercapai"  # ≥ 100 (pita_capaian of the catalog)
        assert "IF(" in status.formula and '"Tercapai"' in status.formula
        assert (total, 4 + 2 * j) in summary.status_cells and (total, 3 + 2 * j) in summary.band_cells
    ss41 = rows["Nilai kepuasan stakeholder terhadap layanan Kementerian Sosial"]
    assert summary.cells[(ss41, 4)].value == "Hampir tercapai"  # TW1: 97,37 (≥ 90 and < 100)


def test_indicator_rows_say_which_target_they_use(catalog, full):
    plan = full.plan()
    sheet = next(s for s in plan.sheets if s.name == SHEET_INDICATORS)
    rows = [(r, sheet.cells[(r, 1)].value, sheet.cells[(r, 4)].value, sheet.cells[(r, 5)].value)
            for (r, c) in sheet.cells if c == 1 and (r, 4) in sheet.cells and r > 5]
    by_key = {(code, period): (r, used) for r, code, period, used in rows}
    r, used = by_key[("SS2.1", "Triwulan II")]
    assert used == "Triwulan II" and sheet.cells[(r, 6)].value == Decimal(40)  # the quarter's own target
    tw2 = full.runs["TW2"].computation
    assert sheet.cells[(r, 7)].value == tw2.number("SS2.1", "realisasi")
    assert sheet.cells[(r, 8)].value == tw2.number("SS2.1", "capaian") == Decimal("114.78")  # 45,91 / 40
    assert sheet.cells[(r, 9)].value == "Tercapai"
    assert sheet.cells[(r, 10)].value == tw2.number("SS2.1", "capaian_tahunan") == Decimal("70.63")  # 45,91 / 65
    r, used = by_key[("SS1.1", "Triwulan II")]
    assert used == "Tahunan" and sheet.cells[(r, 6)].value == Decimal("99.35")
    assert sheet.cells[(r, 10)].kind == "blank"


def test_charts_point_at_the_cells_of_their_figures(catalog, full):
    plan = full.plan()
    keys = [spec.key for spec in plan.charts]
    assert keys[:2] == ["pantau_instansi", "pantau_sasaran"]
    goals_with_chart = {key.removeprefix("pantau_").split(".")[0] for key in keys[2:]}
    assert goals_with_chart == {g.code for g in catalog.goals}  # at least one chart per sasaran
    cells = cell_values(plan, SHEET_CHART_DATA)
    for spec in plan.charts:
        for series in spec.all_series():
            assert [cells[rc] for rc in series.categories.cells()] == [
                "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    instansi = plan.charts[0].series[0]
    assert [cells[rc] for rc in instansi.values.cells()] == [
        full.runs[p].computation.number(MINISTRY, "capaian") for p in QUARTERS]
    ss21 = next(spec for spec in plan.charts if spec.key == "pantau_SS2.1")
    assert [cells[rc] for rc in ss21.series[0].values.cells()] == [
        full.runs[p].computation.number("SS2.1", "realisasi") for p in QUARTERS]
    assert [cells[rc] for rc in ss21.overlay[0].values.cells()] == [Decimal(v) for v in (20, 40, 55, 65)]


def test_the_workbook_holds_native_charts_over_those_ranges(full, tmp_path):
    import zipfile

    path = pipeline.write_monitoring(full, tmp_path / "pemantauan-2023.xlsx")
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    plan = full.plan()
    assert len(charts) == len(plan.charts)
    text = "".join(charts)
    for spec in plan.charts:
        assert spec.series[0].values.a1() in text


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_formula_to_its_cached_value(full, tmp_path):
    plan = full.plan()
    path = pipeline.write_monitoring(full, tmp_path / "pemantauan-2023.xlsx")
    recalculated = recalculate([path], tmp_path / "lo")
    expected = plan.formula_cells()
    assert len(expected) > 500
    assert not mismatches(expected, read_values(recalculated[-1]))


@needs_soffice
@pytest.mark.libreoffice
def test_the_annual_surveys_recalculate_in_the_monitoring_workbook(catalog, tmp_path):
    """The year's surveys (counts of every unsur and level, NRR, IKM, the weakest unsur) are rows of Rincian;
    LibreOffice gives each formula's value, and the year's SS4.1 is the report's 90,33."""
    monitoring = monitored(catalog, ROOT / "workbooks" / "2023")
    plan = monitoring.plan()
    expected = plan.formula_cells()
    figures = next(s for s in plan.sheets if s.name == "Rincian")
    weakest = [e for (r, c), e in figures.cells.items() if e.kind == "formula" and e.formula
               and "CHOOSE(MATCH(MIN(" in e.formula]
    assert len(weakest) == 5  # one per unit: its NRR are one range of rows
    assert monitoring.runs["tahunan"].computation.number("SS4.1", "realisasi") == Decimal("90.33")
    path = pipeline.write_monitoring(monitoring, tmp_path / "pemantauan-2023.xlsx")
    recalculated = recalculate([path], tmp_path / "lo")
    assert not mismatches(expected, read_values(recalculated[-1]))


def test_a_missing_tw3_file_shows_in_the_matrix_and_in_the_tw3_figures(catalog, folder):
    (folder / "kinerja-SETJEN-2023-TW3.xlsx").unlink()
    monitoring = monitored(catalog, folder)
    plan = monitoring.plan()
    matrix = next(s for s in plan.sheets if s.name == SHEET_SUBMISSIONS)
    row = next(r for (r, c), e in matrix.cells.items() if c == 1 and e.value == "SETJEN")
    tw3 = 3 + 2 * QUARTERS.index("TW3")
    assert matrix.cells[(row, tw3)].value == MISSING and matrix.cells[(row, tw3 + 1)].value == ""
    assert matrix.cells[(row, tw3 - 2)].value == "terkirim, valid"
    assert matrix.cells[(row, tw3 - 1)].value == "kinerja-SETJEN-2023-TW2.xlsx"
    counts = [e.value for (r, c), e in matrix.cells.items() if e.kind == "text" and e.value.endswith("dari 5")]
    assert counts == ["5 dari 5", "5 dari 5", "4 dari 5", "5 dari 5"]
    missing = [p for p in monitoring.report.problems if p.code == "unit-tidak-ada"]
    assert [p.message for p in missing] == [
        "Berkas unit SETJEN (Sekretariat Jenderal) tahun 2023 periode TW3 tidak ada dalam kumpulan."]
    # The TW3 figures of SETJEN's indicators are blank (never zero); SS2 has no capaian in TW3.
    tw3_run = monitoring.runs["TW3"].computation
    assert tw3_run.number("SS2.1", "realisasi") is None and tw3_run.number("SS2", "capaian") is None
    summary = next(s for s in plan.sheets if s.name == SHEET_SUMMARY)
    ss2 = next(r for (r, c), e in summary.cells.items() if c == 2 and e.value == "Rata-rata capaian SS2")
    assert summary.cells[(ss2, 3 + 2 * 2)].value is None and summary.cells[(ss2, 3 + 2 * 2)].kind == "formula"


def test_a_period_nobody_sent_is_missing_not_zero(catalog, folder):
    for path in folder.glob("*-TW2.xlsx"):
        path.unlink()
    monitoring = monitored(catalog, folder)
    assert monitoring.periods == QUARTERS and "TW2" not in monitoring.runs
    assert monitoring.tree()["hasil"]["TW2"] is None
    plan = monitoring.plan()
    summary = next(s for s in plan.sheets if s.name == SHEET_SUMMARY)
    col = 3 + 2 * QUARTERS.index("TW2")
    shown = {e.value for (r, c), e in summary.cells.items() if c == col and r > 7 and e.kind != "blank"}
    assert shown - {MISSING} == {"0 dari 5"}
    chart_data = next(s for s in plan.sheets if s.name == SHEET_CHART_DATA)
    instansi = plan.charts[0].series[0].values.cells()
    assert chart_data.cells[instansi[1]].kind == "blank"  # a gap in the chart, not a zero
    assert not any(e.kind == "formula" and e.scope == "TW2" for s in plan.sheets for e in s.cells.values())


def test_quarters_up_to_the_latest_with_files_are_shown():
    assert shown_periods(["TW1"]) == ("TW1",)
    assert shown_periods(["TW1", "TW3"]) == ("TW1", "TW2", "TW3")
    assert shown_periods(["TW2", "tahunan"]) == ("TW1", "TW2", "tahunan")
    assert shown_periods(["tahunan"]) == ("tahunan",)
    assert shown_periods([]) == ("TW1", "TW2", "TW3", "TW4", "tahunan")


def test_two_years_are_refused_unless_one_is_chosen(catalog, folder):
    pipeline.write_unit_workbook(catalog, "ITJEN", folder / "kinerja-ITJEN-2024-TW1.xlsx", year=2024, period="TW1")
    with pytest.raises(MixedYears) as info:
        monitored(catalog, folder)
    assert info.value.years == [2023, 2024] and "2023, 2024" in str(info.value)
    monitoring = monitored(catalog, folder, year=2023)
    assert monitoring.year == 2023 and monitoring.periods == QUARTERS
    # the year chosen is a filter: the 2024 file is passed over with one info line, not an error
    assert [f for f in monitoring.report.files if f.year == 2024] == []
    assert [Path(s.file).name for s in monitoring.report.skipped] == ["kinerja-ITJEN-2024-TW1.xlsx"]
    assert [(p.code, p.message) for p in monitoring.report.problems if p.code == "berkas-tahun-lain"] == [
        ("berkas-tahun-lain", "1 berkas tahun lain dilewati (2024; dipilih 2023).")]
    assert monitoring.report.exit_code == 0


def test_bad_files_are_reported_per_period_and_never_stop_the_others(catalog, folder):
    (folder / "kinerja-ITJEN-2023-TW2.xlsx").write_bytes(b"bukan buku kerja")
    broken = load_workbook(folder / "kinerja-REHSOS-2023-TW3.xlsx")
    isian = broken["Isian"]
    cell = next(c for row in isian.iter_rows() for c in row if isinstance(c.value, (int, float))
                and not c.protection.locked)
    cell.value = "banyak"
    broken.save(folder / "kinerja-REHSOS-2023-TW3.xlsx")
    monitoring = monitored(catalog, folder)
    assert monitoring.report.exit_code == 2
    plan = monitoring.plan()
    matrix = next(s for s in plan.sheets if s.name == SHEET_SUBMISSIONS)
    texts = {(matrix.cells[(r, 1)].value, c): e.value for (r, c), e in matrix.cells.items()
             if (r, 1) in matrix.cells and c > 2}
    assert texts[("REHSOS", 3 + 2 * 2)].startswith("terkirim, ada galat")
    assert texts[("ITJEN", 3 + 2 * 1)] == MISSING  # its unit cannot be read from the file ...
    assert any(e.value == str(folder / "kinerja-ITJEN-2023-TW2.xlsx") for e in matrix.cells.values())  # ... listed
    assert set(monitoring.runs) == set(QUARTERS)  # every period is still computed
    full = monitored(catalog, FOLDER)
    assert result_tree(monitoring.runs["TW1"].computation) == full.tree()["hasil"]["TW1"]
    # TW2 lacks ITJEN's part of SS4.1 (a weighted mean over every unit): SS4 is blank, SS1 is untouched.
    tw2 = monitoring.runs["TW2"].computation
    assert tw2.number("SS4.1", "realisasi") is None and tw2.number(MINISTRY, "capaian") is None
    assert tw2.number("SS1", "capaian") == full.runs["TW2"].computation.number("SS1", "capaian")


def test_hitung_json_of_a_quarter_names_the_target_it_used(catalog):
    alone = consolidated(catalog, FOLDER, "TW2")
    tree = alone.tree()
    assert tree["periode"] == "TW2"
    node = _find(tree, "SS2.1")
    assert node["target_dipakai"] == "triwulan" and node["target_periode"] == 40 and node["target"] == 65
    assert node["capaian"] == float(alone.computation.shown("SS2.1", "capaian"))
    assert _find(tree, "SS1.1")["target_dipakai"] == "tahunan"
    assert ResultRef("SS2.1", "capaian_tahunan") in alone.computation.figures


def _find(tree: object, code: str) -> dict:
    if isinstance(tree, dict):
        if tree.get("kode") == code:
            return tree
        for value in tree.values():
            found = _find(value, code) if isinstance(value, (dict, list)) else None
            if found:
                return found
    if isinstance(tree, list):
        for item in tree:
            found = _find(item, code)
            if found:
                return found
    return {}


# -- another catalog: a pemda-style instansi with range quarter targets ----------------------------------------

def test_another_catalog_with_range_quarter_targets(tmp_path):
    from kinerja_xl.catalog import parse_catalog
    from tests.catalog.test_period_targets import QUARTERLY
    from tests.support.catalogs import tiny_values

    catalog = parse_catalog(QUARTERLY)
    folder = tmp_path / "dinas"
    folder.mkdir()
    for period, (pembilang, nilai) in {"TW1": (18, "80"), "TW3": (52, "86")}.items():
        values = tiny_values(pembilang=pembilang, penyebut=90, nilai=nilai)
        for unit in ("A", "B"):
            own = {ref: v for ref, v in values.items() if ref.unit == unit}
            pipeline.write_unit_workbook(catalog, unit, folder / f"{unit}-{period}.xlsx", period=period, values=own)
    monitoring = monitored(catalog, folder)
    assert monitoring.periods == ("TW1", "TW2", "TW3") and set(monitoring.runs) == {"TW1", "TW3"}
    tw3 = monitoring.runs["TW3"].computation
    assert tw3.number("S1.1", "capaian") == Decimal(100)  # 57,78 inside the TW3 range 55–60
    plan = monitoring.plan()
    indicators = next(s for s in plan.sheets if s.name == SHEET_INDICATORS)
    headers = [e.value for (r, c), e in sorted(indicators.cells.items()) if r == 5]
    assert "Target periode (batas atas)" in headers
    row = next(r for (r, c), e in indicators.cells.items() if c == 4 and e.value == "Triwulan III"
               and indicators.cells[(r, 1)].value == "S1.1")
    assert [indicators.cells[(row, c)].value for c in (6, 7)] == [Decimal(55), Decimal(60)]
    tw2 = next(r for (r, c), e in indicators.cells.items() if c == 4 and e.value == "Triwulan II"
               and indicators.cells[(r, 1)].value == "S1.1")
    assert indicators.cells[(tw2, 8)].value == MISSING and indicators.cells[(tw2, 6)].value == Decimal(40)
    summary = next(s for s in plan.sheets if s.name == SHEET_SUMMARY)
    assert summary.cells[(1, 1)].value == "Pemantauan Kinerja Dinas Uji Coba Kabupaten Contoh Tahun 2025"
    matrix = next(s for s in plan.sheets if s.name == SHEET_SUBMISSIONS)
    assert matrix.cells[(4, 2)].value == catalog.agency.unit_term == "Unit kerja"  # the catalog's word
    if find_soffice() is not None:
        path = pipeline.write_monitoring(monitoring, tmp_path / "pemantauan.xlsx")
        recalculated = recalculate([path], tmp_path / "lo")
        assert not mismatches(plan.formula_cells(), read_values(recalculated[-1]))
