"""The ministry workbook: live formulas that recalculate to the engine's values, cached values for
viewers that do not recalculate, native charts on the right ranges, atomic writing, print rendering."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest

from kinerja_xl.compute.engine import MINISTRY, compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.model import InputValue, SourceCell
from kinerja_xl.text import safe_text
from kinerja_xl.problems import Problem
from kinerja_xl.render import consolidated
from kinerja_xl.plans.chart_specs import Range
from kinerja_xl.plans.consolidated import (
    SHEET_BUDGET,
    SHEET_DATA,
    SHEET_PROBLEMS,
    SHEET_SUMMARY,
    goal_sheet_name,
    plan_consolidated,
)
from kinerja_xl.render.consolidated import write_workbook
from tests.support.libreoffice import convert_to_pdf, find_soffice, pdf_page_count, pdf_to_png, read_values, recalculate

RAW_FILE = "angka-mentah-lkj-2023.yaml"
GOLDEN = {"SS1": 104.63, "SS2": 117.3, "SS3": 107.72, "SS4": 99.34}
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
# Text a unit may type: it must stay text (never a formula, link or number).
HOSTILE = ['=HYPERLINK("http://contoh.invalid","klik")', "+1+1", "-2", "@SUM(A1)", "=1/0"]

def input_values(inputs: dict[InputRef, Decimal]) -> list[InputValue]:
    return [InputValue(ref, value, SourceCell(RAW_FILE, ref.unit, f"C{i}"))
            for i, (ref, value) in enumerate(inputs.items(), start=10)]


PROBLEMS = [
    Problem("P-TEKS", "peringatan", HOSTILE[0], file=HOSTILE[1], sheet=HOSTILE[2], cell="D12", field="SS2.1:pembilang",
            value=HOSTILE[4], hint=HOSTILE[3]),
    Problem("P-NOL", "galat", "Penyebut bernilai nol.", file="kinerja-SETJEN-2023-tahunan.xlsx", sheet="Isian",
            cell="E20", field="SS2.2:penyebut", value="0", hint="Isi jumlah K/L yang menjadi target."),
]


@pytest.fixture(scope="module")
def values(raw):
    return input_values(raw.all_values())


@pytest.fixture(scope="module")
def partial(catalog, raw):
    """A batch without the Sekretariat Jenderal: many figures are None, their cells must read ''."""
    inputs = {ref: v for ref, v in raw.all_values().items() if ref.unit != "SETJEN"}
    return compute(catalog, inputs), input_values(inputs)


@pytest.fixture(scope="module")
def books(tmp_path_factory, computation, values, partial):
    out = tmp_path_factory.mktemp("konsolidasi")
    full = write_workbook(plan_consolidated(computation, values, PROBLEMS), out / "kinerja-kemensos-2023.xlsx")
    part = write_workbook(plan_consolidated(partial[0], partial[1], []),
                              out / "sebagian" / "kinerja-kemensos-2023-sebagian.xlsx")
    return {"full": (full, plan_consolidated(computation, values, PROBLEMS)),
            "partial": (part, plan_consolidated(partial[0], partial[1], []))}


def comparable(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return round(float(value), 9)
    return value


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, cell.coordinate): cell.value for ws in wb.worksheets for row in ws.iter_rows()
            for cell in row if cell.data_type == "f"}


# -- structure ------------------------------------------------------------------------------------
def test_sheets_properties_and_print_setup(books, catalog):
    path, plan = books["full"]
    pages = {sheet.name: sheet.page for sheet in plan.sheets}
    wb = openpyxl.load_workbook(path)
    goals = [goal_sheet_name(g.code) for g in catalog.goals]
    assert wb.sheetnames == [SHEET_SUMMARY, *goals, "SKM", SHEET_BUDGET, "Grafik", "Data Grafik", SHEET_DATA,
                             SHEET_PROBLEMS]
    assert wb.properties.title == "Laporan Kinerja Kementerian Sosial Republik Indonesia Tahun 2023"
    assert "capaian kinerja dan anggaran" in wb.properties.subject
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert str(ws.page_setup.paperSize) == "9", ws.title
        # the plan's scale and a break above each page (Excel ignores manual breaks under "fit to page")
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.scale == pages[ws.title].scale, ws.title
        assert [b.id + 1 for b in ws.row_breaks.brk] == list(pages[ws.title].breaks), ws.title
        assert ws.print_area, ws.title
    for name in (SHEET_SUMMARY, *goals, SHEET_DATA, SHEET_PROBLEMS):
        assert wb[name].freeze_panes, name
        assert wb[name].print_title_rows, name
    # SKM: the header that repeats on a page is that of the table the page continues (a row per unit and
    # measure, under the unsur codes and names), not the short per-unit table's above it
    first, last = (int(n) for n in wb["SKM"].print_title_rows.replace("$", "").split(":"))
    assert [wb["SKM"].cell(first, c).value for c in (1, 3)] == ["Kode", "U1"]
    assert last == first + 1 and wb["SKM"].cell(last, 3).value == "Persyaratan"
    # capaian cells are coloured by the catalog's bands (formula rules, so '' stays uncoloured)
    rules = [rule.formula[0] for cf in wb[SHEET_SUMMARY].conditional_formatting for rule in cf.rules]
    assert any("ISNUMBER" in f and ">=100" in f for f in rules)
    assert any(">=90" in f and "<100" in f for f in rules)
    assert any("<90" in f for f in rules)


def test_every_figure_has_one_home_and_inputs_live_on_data(books, computation, values):
    _, plan = books["full"]
    assert set(computation.figures) <= set(plan.homes)
    for v in values:  # every input has its Data cell, holding the value with its source alongside
        home = plan.homes[v.ref]
        assert home.sheet == SHEET_DATA
    data = read_values(books["full"][0])[SHEET_DATA]
    home = plan.homes[InputRef("ANGGARAN.UNIT", "SETJEN.pagu_awal", "SETJEN")]
    assert data[f"G{home.row}"] == 756421095000
    assert data[f"H{home.row}"] == RAW_FILE and data[f"I{home.row}"] == "SETJEN"
    # the Anggaran table shows that input through a formula on its Data cell
    formulas = formula_cells(books["full"][0])
    shown = [f for (sheet, _), f in formulas.items() if sheet == SHEET_BUDGET and f"'Data'!$G${home.row}" in f]
    assert shown


def test_text_is_written_as_text(books):
    path, _ = books["full"]
    ws = openpyxl.load_workbook(path)[SHEET_PROBLEMS]
    texts = {cell.value for row in ws.iter_rows() for cell in row if cell.data_type == "s"}
    # inert as the unit Validasi sheet writes them: a leading quote before a formula trigger (a plain -2 stays)
    assert {safe_text(h) for h in HOSTILE} <= texts
    assert "-2" in texts and "'=1/0" in texts
    assert not any(cell.data_type == "f" for row in ws.iter_rows() for cell in row)


# -- values without recalculation -----------------------------------------------------------------
def test_cached_values_show_the_golden_numbers(books):
    path, _ = books["full"]
    summary = pd.read_excel(path, sheet_name=SHEET_SUMMARY, header=None, engine="calamine")
    by_label = {str(row[1]): row[5] for row in summary.itertuples(index=False)}
    for code, expected in GOLDEN.items():
        assert by_label[f"Rata-rata capaian {code}"] == pytest.approx(expected, abs=1e-9)
    ministry = next(v for k, v in by_label.items() if k.startswith("Capaian kinerja Kementerian"))
    assert ministry == pytest.approx(107.25, abs=1e-9)
    budget = pd.read_excel(path, sheet_name=SHEET_BUDGET, header=None, engine="calamine")
    nka = budget[budget[1] == "Nilai Kinerja Anggaran (rata-rata komponen)"].iloc[0, 2]
    assert nka == pytest.approx(93.36, abs=1e-9)
    assert (budget[6] == "Efisien").sum() == 4


def test_cached_values_equal_python_values(books):
    for key in ("full", "partial"):
        path, plan = books[key]
        expected = plan.formula_cells()
        found = formula_cells(path)
        assert set(found) == set(expected), key
        cached = read_values(path)
        bad = {cell: (comparable(value), cached[cell[0]].get(cell[1], ""))
               for cell, value in expected.items() if comparable(value) != comparable(cached[cell[0]].get(cell[1], ""))}
        assert not bad, (key, list(bad.items())[:5])
    _, partial_plan = books["partial"]
    assert any(v is None for v in partial_plan.formula_cells().values())


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_recalculation_gives_python_values(books, tmp_path):
    paths = [books["full"][0], books["partial"][0]]
    outputs = recalculate(paths, tmp_path / "recalc")
    for key, out in zip(("full", "partial"), outputs, strict=True):
        _, plan = books[key]
        recalculated = read_values(out)
        expected = plan.formula_cells()
        assert len(expected) > 200
        bad = {cell: (comparable(value), recalculated[cell[0]].get(cell[1], ""))
               for cell, value in expected.items()
               if comparable(value) != comparable(recalculated[cell[0]].get(cell[1], ""))}
        assert not bad, (key, list(bad.items())[:5])



# -- charts ---------------------------------------------------------------------------------------
def chart_xml(path: Path) -> dict[str, ElementTree.Element]:
    """Chart title -> chart XML root, for every chart part of the package."""
    charts = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                root = ElementTree.fromstring(z.read(name))
                title = "".join(t.text or "" for t in root.findall("c:chart/c:title//a:t", NS))
                charts[title] = root
    return charts


def series_refs(root: ElementTree.Element) -> list[tuple[str, str]]:
    return [(ser.findtext("c:cat//c:f", namespaces=NS), ser.findtext("c:val//c:f", namespaces=NS))
            for ser in root.iter(f"{{{NS['c']}}}ser")]


def range_values(cells: dict[str, dict[str, object]], rng: Range) -> list[object]:
    from kinerja_xl.cells import a1

    return [cells[rng.sheet].get(a1(r, c), "") for r, c in rng.cells()]


def test_charts_point_at_the_right_ranges(books, computation, catalog):
    path, plan = books["full"]
    charts = chart_xml(path)
    assert len(charts) >= 5
    assert {spec.title for spec in plan.charts} == set(charts)
    for spec in plan.charts:
        assert series_refs(charts[spec.title]) == [(s.categories.a1(), s.values.a1()) for s in spec.all_series()]
    cells = read_values(path)
    specs = {spec.key: spec for spec in plan.charts}

    def shown(key: str, index: int = 0, overlay: bool = False) -> list[object]:
        spec = specs[key]
        series = spec.overlay[index] if overlay else spec.series[index]
        return [comparable(v) for v in range_values(cells, series.values)]

    def categories(key: str) -> list[object]:
        return range_values(cells, specs[key].series[0].categories)

    indicators = [i for i in catalog.indicators() if computation.number(i.code, "capaian") is not None]
    assert categories("capaian_indikator") == [i.code for i in indicators]
    assert shown("capaian_indikator") == [comparable(computation.number(i.code, "capaian")) for i in indicators]
    assert shown("capaian_indikator", overlay=True) == [100.0] * len(indicators)
    assert categories("capaian_sasaran") == list(GOLDEN)
    assert shown("capaian_sasaran") == list(GOLDEN.values())
    assert shown("tren_kementerian")[-1] == 107.25
    for goal in catalog.goals:
        spec = specs[f"tren_{goal.code}"]
        years = [int(y) for y in categories(f"tren_{goal.code}")]
        assert years[-1] == 2023
        for i, ind in enumerate(goal.children):
            assert spec.series[i].name == ind.code
            expected = [comparable(computation.number(ind.code, f"realisasi_{y}")) for y in years[:-1]]
            expected.append(comparable(computation.number(ind.code, "realisasi")))
            assert shown(f"tren_{goal.code}", i) == expected  # n.a years are empty cells (gaps)
    types = catalog.budget.spending_types
    assert categories("belanja") == [t.name for t in types]
    assert shown("belanja") == [comparable(computation.number("ANGGARAN.BELANJA", f"persen.{t.code}")) for t in types]
    assert categories("pagu_unit") == [u.code for u in catalog.units]
    assert shown("pagu_unit", 1) == [comparable(computation.inputs[InputRef("ANGGARAN.UNIT", f"{u.code}.pagu_akhir",
                                                                             u.code)]) for u in catalog.units]
    assert shown("efisiensi", 0) == list(GOLDEN.values())
    assert shown("efisiensi", 1) == [comparable(computation.number("ANGGARAN.SASARAN", f"persen.{g}"))
                                     for g in GOLDEN]
    assert computation.number(MINISTRY, "capaian") == Decimal("107.25")


# -- atomic write ---------------------------------------------------------------------------------
def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, computation, values, monkeypatch):
    target = tmp_path / "kinerja-kemensos-2023.xlsx"
    write_workbook(plan_consolidated(computation, values, []), target)
    before = target.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk penuh (uji)")

    monkeypatch.setattr(consolidated, "insert_charts", broken)  # fails after most sheets are written
    with pytest.raises(RuntimeError, match="disk penuh"):
        write_workbook(plan_consolidated(computation, values, PROBLEMS), target)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [target.name]
    # a first write that fails leaves nothing at all (the workbook is built in memory: not even its folder)
    with pytest.raises(RuntimeError):
        write_workbook(plan_consolidated(computation, values, PROBLEMS), tmp_path / "baru" / "baru.xlsx")
    assert not (tmp_path / "baru").exists()


# -- rendering ------------------------------------------------------------------------------------
@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_pdf_rendering(books, catalog, tmp_path):
    path, _ = books["full"]
    pdf = convert_to_pdf(path, tmp_path / "pdf")
    pages = pdf_page_count(pdf)
    # Ringkasan 1, sasaran sheets 1-3 each, Anggaran 1, Grafik 3 (two rows of charts a page),
    # Data Grafik 1-3, SKM 2-3, Data 8-14 (with the counts of the survey answers: 37 rows per unit),
    # Validasi 1: every table fits the page width.
    assert 13 <= pages <= 34, pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "###" not in text  # no column too narrow for its number
    first = text.split("\f")[0]
    assert "107.25" in first or "107,25" in first
    for goal in catalog.goals:
        assert f"Sasaran {goal.code}" in text
    pngs = pdf_to_png(pdf, tmp_path / "png", dpi=50)  # its own folder: a shared one holds other runs' pages
    assert len(pngs) == pages


def test_the_data_sheet_speaks_indonesian(books):
    """Its header said 'Sheet' and its note "Berkas, sheet dan sel" (found walking the journeys)."""
    path, _ = books["full"]
    ws = openpyxl.load_workbook(path)[SHEET_DATA]
    texts = [c.value for row in ws.iter_rows(max_row=6) for c in row if isinstance(c.value, str)]
    assert "Lembar" in texts and not [t for t in texts if "sheet" in t.casefold()], texts


def test_a_file_name_on_the_data_sheet_does_not_double_its_row(computation, raw):
    """A unit's file name wrapped in the Berkas column (36 characters: '2023/kinerja-LINJAMSOS-2023-tahunan.xlsx'
    was estimated at two lines) made every row of that unit twice as tall on the printed page; the column now
    grows to show a name on one line, up to a width a page still holds, beyond which a name wraps."""
    from kinerja_xl.plans.consolidated_sheets import FILE_WIDTH
    from kinerja_xl.plans.fit import DEFAULT_HEIGHT, look_of, width_for

    inputs = raw.all_values()
    long_name = "arsip/" + "sangat-panjang-" * 8 + "kinerja-SETJEN-2023-tahunan.xlsx"

    def source(ref: InputRef) -> str:
        return long_name if ref.unit == "SETJEN" else f"2023/kinerja-{ref.unit}-2023-tahunan.xlsx"

    vals = [InputValue(ref, value, SourceCell(source(ref), "Isian", f"C{i}"))
            for i, (ref, value) in enumerate(inputs.items(), start=10)]
    plan = plan_consolidated(computation, vals, [])
    data = next(s for s in plan.sheets if s.name == SHEET_DATA)
    names = {e.value for (_, c), e in data.cells.items() if c == 8 and e.kind == "text" and e.value.endswith(".xlsx")}
    shortest_fit = width_for([n for n in names if n != long_name], look_of("text"))
    assert shortest_fit <= data.widths[8] <= FILE_WIDTH
    rows = {r: {c: e.value for (rr, c), e in data.cells.items() if rr == r} for r, _ in data.cells}
    plain = [r for r, cells in rows.items() if cells.get(3) == "" and cells.get(8, "").startswith("2023/kinerja-LINJ")
             and len(str(cells.get(5, ""))) <= 24]
    assert plain and all(data.heights.get(r, DEFAULT_HEIGHT) <= DEFAULT_HEIGHT for r in plain), \
        {r: data.heights.get(r) for r in plain}
    wrapped = [r for r, cells in rows.items() if cells.get(8) == long_name]
    assert wrapped and all(data.heights[r] > DEFAULT_HEIGHT for r in wrapped)
