"""The Excel buttons, driven through xlwings' real object model on Linux (remote/JSON engine, no Excel).

Each test builds the JSON payload an Excel client sends from a real workbook (values as calamine reads
them), opens it with ``xw.Book(json=...)`` (or as ``xw.Book.caller()`` through the mock caller) and runs
an action; ``book.json()`` then lists exactly what xlwings would apply to the workbook in Excel. The
remote engine needs the PolyForm Noncommercial key ``XLWINGS_LICENSE_KEY=noncommercial`` (tests only; the
shipped RunPython buttons use the BSD-licensed part of xlwings and need no key).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from kinerja_xl.catalog import load_catalog
import pytest
from openpyxl.utils.cell import coordinate_to_tuple
from python_calamine import CalamineWorkbook

from kinerja_xl.compute.engine import compute
from kinerja_xl.text import safe_text
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_META, SHEET_RESULT, SHEET_VALIDATION, unit_layout
from kinerja_xl.pipeline.write_back import WriteBackTask, write_back_one
from kinerja_xl.plans.formulas import FormulaRenderer
from kinerja_xl.plans.launcher import FILES_ROW, STATUS_ROW
from kinerja_xl.plans.results_sheet import FORMULA_KINDS, result_sheet
from kinerja_xl.plans.validation_sheet import HEADER_ROW
from kinerja_xl.problems import SEVERITY_LABELS
from kinerja_xl.pipeline import validate_files
from kinerja_xl.xl_addin import book_io
from tests.conftest import copy_example
from tests.factories import get_catalog, patch_cells

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "workbooks" / "2023"
UNITS = ("REHSOS", "SETJEN", "ITJEN", "DAYASOS", "LINJAMSOS")
#: Action kinds that only read or navigate; anything else on an input sheet would be a change.
PROTECTED_SHEETS = (SHEET_INPUT, SHEET_META, "Petunjuk")


@pytest.fixture(scope="module")
def xw() -> Any:
    """xlwings with the remote engine, licensed ``noncommercial`` for these tests only."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # must precede the import of xlwings
        xlwings = pytest.importorskip("xlwings", reason="xlwings is not installed (pip install 'kinerja-xl[excel]')")
        try:  # imported earlier without a key (another test module): register the remote engine now
            if "remote" not in [engine.name for engine in xlwings.engines]:
                from xlwings.pro import _xlremote

                xlwings.engines.add(xlwings.Engine(impl=_xlremote.engine))
        except Exception as exc:  # noqa: BLE001
            pytest.skip(f"the remote engine of xlwings is unavailable: {type(exc).__name__}: {exc}")
        yield xlwings


def payload_from_file(path: Path, *, edits: dict[tuple[str, str], Any] | None = None,
                      drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """What an Excel client sends for the workbook ``path``: every sheet's values from A1 (calamine)."""
    def json_value(v: Any) -> Any:
        return "" if v is None else f"{v:%Y-%m-%dT%H:%M:%S}.000Z" if isinstance(v, (dt.date, dt.datetime)) else v

    with CalamineWorkbook.from_path(str(path)) as book:
        sheets: list[dict[str, Any]] = [
            {"name": name, "pictures": [], "tables": [], "charts": [], "shapes": [],
             "values": [[json_value(v) for v in row]
                        for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)] or [[]]}
            for name in book.sheet_names if name not in drop]
    for (sheet, address), value in (edits or {}).items():
        row, col = coordinate_to_tuple(address)
        values: list[list[Any]] = next(s for s in sheets if s["name"] == sheet)["values"]
        values.extend([""] * len(values[0]) for _ in range(row - len(values)))
        values[row - 1][col - 1] = value
    return {"client": "VBA", "book": {"name": path.name, "active_sheet_index": 1, "selection": "A1"},
            "names": [], "sheets": sheets}


def open_book(xw: Any, payload: dict[str, Any]) -> Any:
    return xw.Book(json=json.loads(json.dumps({**payload, "version": xw.__version__})))


class Applied:
    """Replays ``book.json()['actions']``: the sheet each action hits and what it writes, cell by cell."""

    def __init__(self, payload: dict[str, Any], actions: list[dict[str, Any]]):
        self.names, self.actions = [s["name"] for s in payload["sheets"]], actions
        self.added: list[str] = []
        self.deleted: list[str] = []
        self.alerts: list[list[Any]] = []
        self.activated: list[str] = []
        self.funcs: dict[str, list[str]] = defaultdict(list)
        self.links: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        self.cells: dict[str, dict[str, dict[tuple[int, int], Any]]] = defaultdict(lambda: defaultdict(dict))
        for action in actions:
            func, pos, args = action["func"], action["sheet_position"], action["args"]
            if func == "addSheet":
                self.names.insert(args[0], args[1])
                self.added.append(args[1])
            elif func == "alert":
                self.alerts.append(args)
            elif func == "sheetDelete":
                self.deleted.append(self.names.pop(pos))
            else:
                sheet = self.names[pos]
                self.funcs[sheet].append(func)
                if func == "activateSheet":
                    self.activated.append(sheet)
                elif func == "addHyperlink":
                    self.links[sheet].append((action["start_row"] + 1, action["start_column"] + 1, args[0]))
                elif func in ("setValues", "setFormula", "setNumberFormat"):
                    rows = action["values"] or [[args[0]] * action["column_count"]] * action["row_count"]
                    for i, line in enumerate(rows):
                        for j, value in enumerate(line):
                            self.cells[func][sheet][(action["start_row"] + i + 1, action["start_column"] + j + 1)] \
                                = value

    @property
    def values(self) -> dict[str, dict[tuple[int, int], Any]]:
        return self.cells["setValues"]

    @property
    def formulas(self) -> dict[str, dict[tuple[int, int], Any]]:
        return self.cells["setFormula"]

    def row(self, sheet: str, row: int, width: int) -> list[Any]:
        return [self.values[sheet].get((row, c), "") for c in range(1, width + 1)]

    def assert_inputs_untouched(self) -> None:
        for name in PROTECTED_SHEETS:
            assert self.funcs.get(name, []) == [] and name not in self.deleted, f"aksi pada lembar {name}"


def run(xw: Any, payload: dict[str, Any], action: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Applied]:
    """Run a button the way RunPython does: ``kinerja_xl.xl_addin.<action>()`` with the caller mocked."""
    import kinerja_xl.xl_addin as addin

    book = open_book(xw, payload)
    monkeypatch.setattr(xw.Book, "_mock_caller", book, raising=False)
    outcome = getattr(addin, action)()
    return outcome, Applied(payload, book.json()["actions"])


def cli_text(value: Any) -> Any:
    """A cell of the CLI's sheet as the button writes it (text through book_io.cell_text)."""
    if isinstance(value, str):
        return "'" + safe_text(value) if value else ""
    return "" if value is None else value


def expected_validation_rows(path: Path) -> list[list[Any]]:
    problems = validate_files([path], get_catalog()).problems
    return [[i, *map(cli_text, (SEVERITY_LABELS[p.severity], p.code, p.sheet, p.cell, p.field, p.value, p.message,
                                p.hint))] for i, p in enumerate(problems, start=1)]


def validation_rows(applied: Applied) -> list[list[Any]]:
    first = HEADER_ROW + 1
    rows = [applied.row(SHEET_VALIDATION, r, 9) for r in range(first, first + 2000)]
    return [row for row in rows if isinstance(row[0], int)]


def example(unit: str) -> Path:
    return EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx"


# -- Validasi ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", UNITS)
def test_validasi_writes_the_cli_problems(xw: Any, monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    outcome, applied = run(xw, payload_from_file(example(unit)), "validasi", monkeypatch)
    assert applied.added == [SHEET_VALIDATION]
    assert applied.names.index(SHEET_VALIDATION) == applied.names.index(SHEET_INPUT) + 1
    header = applied.row(SHEET_VALIDATION, HEADER_ROW, 9)
    assert header == ["'" + h for h in ("No", "Tingkat", "Kode", "Lembar", "Sel", "Isian", "Nilai", "Pesan", "Saran")]
    assert validation_rows(applied) == expected_validation_rows(example(unit))
    assert outcome.ok and outcome.status in ("ok", "peringatan")
    assert len(applied.alerts) == 1 and applied.alerts[0][0].startswith("Isian valid")
    assert applied.activated == [SHEET_VALIDATION]
    applied.assert_inputs_untouched()


def test_broken_input_is_named_with_its_cell(xw: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = patch_cells(Path(shutil.copy(example("REHSOS"), tmp_path / "kinerja-REHSOS-2023-tahunan.xlsx")),
                         {(SHEET_INPUT, "C13"): "abc"})
    outcome, applied = run(xw, payload_from_file(broken), "validasi", monkeypatch)
    rows = validation_rows(applied)
    assert rows == expected_validation_rows(broken)  # exactly what `kinerja-xl validasi` reports
    bad = [r for r in rows if r[4] == "'C13"]
    assert bad and bad[0][1:4] == ["'Galat", "'bukan-angka", "'Isian"] and bad[0][6] == "'abc"
    assert (HEADER_ROW + rows.index(bad[0]) + 1, 5, "#'Isian'!C13") in applied.links[
        SHEET_VALIDATION]
    assert not outcome.ok and outcome.status == "invalid"
    message, title, _, mode, _ = applied.alerts[0]
    assert "TIDAK VALID" in message and "Isian!C13" in message and "bukan angka" in message
    assert mode == "critical" and "Validasi" in title
    status = applied.values[SHEET_VALIDATION][(2, 1)]
    assert status.startswith("'Diperiksa ") and "1 galat" in status
    applied.assert_inputs_untouched()
    outcome, applied = run(xw, payload_from_file(broken), "hitung", monkeypatch)  # no Hasil over a bad input
    assert applied.added == [SHEET_VALIDATION] and not applied.formulas.get(SHEET_RESULT)
    assert not outcome.ok and applied.activated == [SHEET_VALIDATION]
    assert "Hasil TIDAK ditulis" in applied.alerts[0][0] and "Isian!C13" in applied.alerts[0][0]
    assert applied.alerts[0][3] == "critical"
    applied.assert_inputs_untouched()


def test_error_value_and_formula_text_stay_inert(xw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    edits = {(SHEET_INPUT, "C13"): "#DIV/0!", (SHEET_INPUT, "D13"): "=HYPERLINK(\"http://x\")",
             (SHEET_INPUT, "K13"): "@SUM(1)"}
    _, applied = run(xw, payload_from_file(example("REHSOS"), edits=edits), "validasi", monkeypatch)
    rows = validation_rows(applied)
    assert any(r[2] == "'nilai-galat" and r[4] == "'C13" for r in rows)
    assert any(r[2] == "'bukan-angka" and r[4] == "'D13" and r[6] == "''=HYPERLINK(\"http://x\")" for r in rows)
    for sheet in applied.values.values():
        for value in sheet.values():
            assert not isinstance(value, str) or value == "" or value.startswith("'"), value
    assert set(applied.formulas) == set()  # the Validasi sheet holds no formula at all
    for text in ("=1+1", "+62 812", "-3", "@x", "1.234,5", "01/02", "biasa"):  # Excel keeps all of them as text
        assert book_io.cell_text(text) == "'" + safe_text(text)
    assert book_io.cell_value("") is None and book_io.cell_value(Decimal("1.5")) == 1.5


def test_missing_meta_uses_the_isian_identity(xw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome, applied = run(xw, payload_from_file(example("ITJEN"), drop=(SHEET_META,)), "validasi", monkeypatch)
    rows = validation_rows(applied)
    assert rows[0][2] == "'meta-hilang"
    assert not outcome.ok and "meta" in applied.alerts[0][0]
    applied.assert_inputs_untouched()


def test_wrong_workbook_gets_a_message_and_no_change(xw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = {"client": "VBA", "book": {"name": "anggaran.xlsx", "active_sheet_index": 0, "selection": "A1"},
               "names": [], "sheets": [{"name": "Sheet1", "values": [["Pagu", 10]], "pictures": [], "tables": []}]}
    for action in ("validasi", "hitung"):
        outcome, applied = run(xw, payload, action, monkeypatch)
        assert not outcome.ok and outcome.status == "galat"
        assert applied.added == [] and applied.funcs == {}
        message, _, _, mode, _ = applied.alerts[0]
        assert "bukan buku kerja isian kinerja_xl" in message and "_meta" in message
        assert "Traceback" not in message and mode == "critical"


# -- Hitung --------------------------------------------------------------------------------------------------

def cli_result_sheet(path: Path, tmp_path: Path) -> tuple[dict[tuple[int, int], Any], dict[tuple[int, int], str]]:
    """Cells of the Hasil sheet that ``kinerja-xl hitung`` writes for ``path`` (header row onwards), and
    their number formats."""
    catalog = get_catalog()
    report = validate_files([path], catalog)
    sub = report.submissions[0]
    out = tmp_path / f"cli-{path.name}"
    result = write_back_one(catalog, WriteBackTask(sub, tuple(report.problems_of(sub.file)), out))
    assert result.error is None and result.results
    ws = openpyxl.load_workbook(out)[SHEET_RESULT]
    cells = [c for line in ws.iter_rows(min_row=4) for c in line]
    return ({(c.row, c.column): c.value for c in cells if c.value is not None},
            {(c.row, c.column): c.number_format for c in cells if c.number_format != "General"})


@pytest.mark.parametrize("unit", UNITS)
def test_hitung_writes_the_cli_result_sheet(xw: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            unit: str) -> None:
    outcome, applied = run(xw, payload_from_file(example(unit)), "hitung", monkeypatch)
    assert applied.added == [SHEET_VALIDATION, SHEET_RESULT]
    assert applied.names.index(SHEET_RESULT) == applied.names.index(SHEET_VALIDATION) + 1
    written = {**{k: v for k, v in applied.values[SHEET_RESULT].items() if v not in ("", None) and k[0] >= 4},
               **applied.formulas[SHEET_RESULT]}
    cli_values, cli_formats = cli_result_sheet(example(unit), tmp_path)
    expected = {k: cli_text(v) if isinstance(v, str) and not v.startswith("=") else v for k, v in cli_values.items()}
    assert written == expected
    assert applied.cells["setNumberFormat"][SHEET_RESULT] == cli_formats
    assert outcome.ok and applied.activated == [SHEET_RESULT]
    assert "rumus" in applied.alerts[0][0] and "grafik" in applied.alerts[0][0]
    applied.assert_inputs_untouched()


def test_hitung_formulas_come_from_the_formula_renderer(xw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = get_catalog()
    payload = payload_from_file(example("REHSOS"))
    _, applied = run(xw, payload, "hitung", monkeypatch)
    sub = validate_files([example("REHSOS")], catalog).submissions[0]
    layout = unit_layout(catalog, "REHSOS", 2023, "tahunan")
    computation = compute(catalog, sub.inputs(), scope={"REHSOS"}, year=2023)
    plan = result_sheet(layout, computation, survey=sub.survey).plan  # with the file's jenis layanan rows
    renderer = FormulaRenderer(plan.resolve, SHEET_RESULT)
    expected = {(addr.row, addr.col): renderer.formula(computation.figures[ref].expr)
                for ref, addr in plan.cells.items() if ref in computation.figures}
    expected.update({(data_row, plan.chart_col + 1): f"=C{source_row}"  # the chart data, right of the table
                     for data_row, _, source_row in plan.chart_rows})
    # the counts of each jenis layanan and the formulas that use them (planned per file)
    assert plan.survey is not None and plan.survey.services == 5
    expected.update({(e.row, e.col): e.value for e in plan.entries if e.kind in FORMULA_KINDS
                     and (e.row, e.col) not in expected})
    assert applied.formulas[SHEET_RESULT] == expected and len(expected) > 10
    constants = {ref: value for ref, value in computation.constants.items() if isinstance(value, Decimal)}
    targets = {(addr.row, addr.col): float(constants[ref]) for ref, addr in plan.cells.items() if ref in constants}
    assert targets and all(applied.values[SHEET_RESULT][cell] == value for cell, value in targets.items())
    added = [i for i, a in enumerate(applied.actions) if a["func"] == "addChart"]
    chart = applied.actions[added[0]]["args"]
    values = plan.chart.series[0].values if plan.chart else None
    assert values is not None and chart[:3] == [book_io.CHART_NAME, "BarClustered", SHEET_RESULT]
    assert chart[3] == values.a1().split("!")[1]  # the plan's range, right of the table
    # the chart plan's axes: both titled, the value axis from zero, categories in the table's order
    axes = {args[1]: args[2] for a in applied.actions[: added[1]] if a["func"] == "setChartAxis"
            for args in [a["args"]]}
    assert plan.chart is not None and axes == {
        "category": {"title": plan.chart.x_title, "reverse_order": True},
        "value": {"title": plan.chart.y_title, "minimum_scale": 0, "number_format": plan.chart.y_format}}
    survey_chart = applied.actions[added[1]]["args"]  # the NRR per unsur
    assert survey_chart[:3] == [book_io.SURVEY_CHART_NAME, "ColumnClustered", SHEET_RESULT]
    # the plan's row heights: a wrapped name never overprints the next row
    heights = [a for a in applied.actions if a["func"] == "setRowHeight"]
    assert heights and max(a["args"][0] if isinstance(a["args"], list) else a["args"] for a in heights) > 30


def test_hitung_refuses_a_workbook_of_another_catalog(xw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = payload_from_file(example("SETJEN"))
    meta = next(s for s in payload["sheets"] if s["name"] == SHEET_META)["values"]
    next(line for line in meta if line[0] == "katalog_hash")[1] = "0000000000000000"
    outcome, applied = run(xw, payload, "hitung", monkeypatch)
    assert applied.added == [SHEET_VALIDATION] and SHEET_RESULT not in applied.formulas
    assert not outcome.ok and "TIDAK ditulis" in applied.alerts[0][0]
    assert any(r[2] == "'katalog-beda" for r in validation_rows(applied))


def test_previous_sheets_are_replaced(xw: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = payload_from_file(example("ITJEN"))
    payload["sheets"][2:2] = [{"name": SHEET_VALIDATION, "values": [["lama"]], "pictures": [], "tables": []},
                              {"name": SHEET_RESULT, "values": [["lama"]], "pictures": [], "tables": []}]
    _, applied = run(xw, payload, "hitung", monkeypatch)
    assert applied.deleted == [SHEET_VALIDATION, SHEET_RESULT] and applied.added == [SHEET_VALIDATION, SHEET_RESULT]
    assert applied.names == ["Petunjuk", SHEET_INPUT, SHEET_VALIDATION, SHEET_RESULT, "Survei", SHEET_META]


# -- errors ----------------------------------------------------------------------------------------------------

def _com_refusal(*_: Any, **__: Any) -> None:
    raise type("com_error", (Exception,), {"__module__": "pywintypes"})(-2147352567, "Exception occurred.")


FAILURES = {  # case: action, (module, function) replaced, start of the message
    "galat-internal": ("hitung", ("actions", "check_book", lambda book: 1 / 0),
                       "Galat internal kinerja_xl saat menjalankan Hitung: ZeroDivisionError"),
    "excel-menolak": ("validasi", ("book_io", "replace_sheet", _com_refusal), "Excel menolak perintah kinerja_xl"),
    "katalog-di-conf": ("validasi", None, "Berkas katalog tidak ditemukan: /tidak/ada.yaml"),
    "bukan-peluncur": ("konsolidasi", None, "Buku kerja 'kinerja-ITJEN-2023-tahunan.xlsx' tidak memiliki lembar"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_failures_become_indonesian_messages(xw: Any, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    from kinerja_xl.xl_addin import actions

    action, patch, expected = FAILURES[case]
    monkeypatch.delenv("KINERJA_XL_DEBUG", raising=False)
    if patch is not None:
        monkeypatch.setattr({"actions": actions, "book_io": book_io}[patch[0]], patch[1], patch[2])
    payload = payload_from_file(example("ITJEN"))
    payload["sheets"].append({"name": "xlwings.conf", "pictures": [], "tables": [], "values": [
        ["Interpreter_Win", "python"], *([["KINERJA_XL_KATALOG", "/tidak/ada.yaml"]] if case == "katalog-di-conf"
                                         else [])]})
    outcome, applied = run(xw, payload, action, monkeypatch)
    assert not outcome.ok and outcome.message.startswith(expected) and "Traceback" not in outcome.message
    assert applied.alerts == [[outcome.message, f"kinerja_xl — {action.capitalize()}", "ok", "critical", ""]]
    assert applied.added == [] and applied.funcs == {}


def test_without_excel_caller_the_message_goes_to_stderr(xw: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import kinerja_xl.xl_addin as addin

    assert not hasattr(xw.Book, "_mock_caller")
    with pytest.raises(SystemExit) as exit_info:
        addin.validasi()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "tidak dapat terhubung ke buku kerja Excel" in err and "Traceback" not in err


def test_formulas_in_input_cells_are_found_where_the_engine_reads_formulas() -> None:
    """COM/AppleScript return formulas (the remote engine cannot): such a cell is a ``rumus-di-isian``; a text
    typed as '=abc is not a formula (its value is the text). Without formulas read_grids equals the CLI."""
    from kinerja_xl.validate.unit import read_grids
    from kinerja_xl.reading.sheet_scan import SheetXml

    class Sheet:
        def range(self, *_: Any) -> Any:
            return type("Range", (), {"formula": (("Kode", "=1+1", "=abc"), ("x", "", "5"))})()

    assert book_io.formula_cells(Sheet(), [["Kode", 2.0, "=abc"], ["x", None, 5.0]]) == {(1, 2)}
    with CalamineWorkbook.from_path(str(example("REHSOS"))) as book:
        meta, grid, survey = (book.get_sheet_by_name(n).to_python(skip_empty_area=False)
                              for n in (SHEET_META, SHEET_INPUT, "Survei"))
        names = list(book.sheet_names)
    sub = read_grids("x.xlsx", get_catalog(), meta, grid, names, input_xml=SheetXml(formulas={(13, 3)}),
                     survey_grid=survey)
    assert ("rumus-di-isian", "C13") in [(p.code, p.cell) for p in sub.problems]
    plain = read_grids("x.xlsx", get_catalog(), meta, grid, names, survey_grid=survey)
    cli = validate_files([example("REHSOS")], get_catalog()).submissions[0]
    assert plain.inputs() == cli.inputs()
    assert plain.problems == tuple(p.__class__(**{**p.to_dict(), "file": "x.xlsx"}) for p in cli.problems)


# -- Konsolidasi ----------------------------------------------------------------------------------------------

def test_konsolidasi_builds_the_ministry_workbook(xw: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kinerja_xl.render.launcher import write_consolidation_launcher

    folder = tmp_path / "unit"
    folder.mkdir()
    for unit in UNITS:
        shutil.copy(example(unit), folder)
    output = tmp_path / "laporan-kinerja-2023.xlsx"
    launcher = write_consolidation_launcher(folder / "konsolidasi.xlsm", folder=str(folder), output=str(output))
    outcome, applied = run(xw, payload_from_file(launcher), "konsolidasi", monkeypatch)
    assert outcome.ok and outcome.output == str(output) and output.is_file()
    assert {"Ringkasan", "Validasi"} <= set(openpyxl.load_workbook(output, read_only=True).sheetnames)
    status = applied.values["Konsolidasi"][(STATUS_ROW, 2)]
    assert status.startswith("'Selesai") and str(output) in status and "107,25" in status
    assert "107,25" in applied.alerts[0][0] and str(output) in applied.alerts[0][0]
    files = [applied.values["Konsolidasi"].get((r, 1)) for r in range(FILES_ROW + 1, FILES_ROW + 6)]
    assert sorted(str(f) for f in files) == sorted("'" + example(u).name for u in UNITS)
    assert applied.added == []


@pytest.mark.parametrize("period", ["TW2", "triwulan ii"])
def test_konsolidasi_of_one_quarter_from_a_folder_of_every_quarter(xw: Any, monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path, period: str) -> None:
    """The launcher's Periode cell is the CLI's --periode: the other quarters are passed over, the quarter's
    workbook is written (its own targets, % of the annual target) and the outcome is the CLI's."""
    from kinerja_xl.render.launcher import write_consolidation_launcher

    folder = tmp_path / "triwulan"
    copy_example(ROOT / "workbooks" / "2023-triwulan", folder)
    output = tmp_path / "tw2.xlsx"
    launcher = write_consolidation_launcher(tmp_path / "peluncur.xlsm", folder=str(folder), output=str(output),
                                            period=period)
    outcome, applied = run(xw, payload_from_file(launcher), "konsolidasi", monkeypatch)
    assert outcome.ok, outcome.message
    assert "15 berkas periode lain dilewati (TW1, TW3, TW4; dipilih TW2)." in outcome.message
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia s.d. Triwulan II 2023: 104,62" in outcome.message
    summary = openpyxl.load_workbook(output)["Ringkasan"]
    assert [c.value for c in summary[5]] == ["Kode", "Sasaran strategis / indikator kinerja", "Satuan",
                                             "Target Triwulan II", "Target 2023", "Realisasi s.d. Triwulan II",
                                             "% Capaian", "% thd target 2023"]
    unfiltered = write_consolidation_launcher(tmp_path / "semua.xlsm", folder=str(folder), output=str(output))
    outcome, applied = run(xw, payload_from_file(unfiltered), "konsolidasi", monkeypatch)
    assert not outcome.ok and "Isi Tahun (B5) dan Periode (B6)" in outcome.message


def test_pemantauan_gives_the_cli_monitoring_workbook(xw: Any, monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    from kinerja_xl.cli import cli as kinerja_cli
    from kinerja_xl.render.launcher import write_consolidation_launcher
    from click.testing import CliRunner

    folder = tmp_path / "triwulan"
    copy_example(ROOT / "workbooks" / "2023-triwulan", folder)
    (folder / "kinerja-SETJEN-2023-TW3.xlsx").unlink()
    output = tmp_path / "pemantauan-2023.xlsx"
    launcher = write_consolidation_launcher(tmp_path / "peluncur.xlsm", folder=str(folder), monitoring=str(output))
    outcome, applied = run(xw, payload_from_file(launcher), "pemantauan", monkeypatch)
    assert outcome.output == str(output) and output.is_file()
    assert not outcome.ok  # SETJEN has no TW3 file: an error of the batch, as in the CLI
    status = applied.values["Konsolidasi"][(STATUS_ROW, 2)]
    assert status.startswith("'Selesai") and "Triwulan I 104,53" in status and "Triwulan IV 107,25" in status
    files = [applied.values["Konsolidasi"].get((r, 1)) for r in range(FILES_ROW + 1, FILES_ROW + 1 + 19)]
    assert len([f for f in files if f]) == 19
    cli_out = tmp_path / "cli.xlsx"
    CliRunner().invoke(kinerja_cli, ["pantau", str(folder), "-o", str(cli_out), "-j", "1"])
    from tests.support.workbook_checks import formula_cells

    assert formula_cells(output) == formula_cells(cli_out)  # the same workbook as kinerja-xl pantau
    ours = openpyxl.load_workbook(output)
    theirs = openpyxl.load_workbook(cli_out)
    assert ours.sheetnames == theirs.sheetnames
    for name in ours.sheetnames:
        assert _values_but_checked_at(ours[name]) == _values_but_checked_at(theirs[name]), name


#: The minute a *Validasi* sheet says it was checked ("Diperiksa 06-12-2026 22:45: …"): two runs either side of
#: a minute's end differ there and nowhere else.
_CHECKED_AT = re.compile(r"^Diperiksa \d{2}-\d{2}-\d{4} \d{2}:\d{2}: ")


def _values_but_checked_at(sheet: Any) -> list[list[object]]:
    return [[_CHECKED_AT.sub("Diperiksa (waktu): ", c.value) if isinstance(c.value, str) else c.value for c in row]
            for row in sheet.iter_rows()]


@pytest.mark.parametrize(("cells", "expected"), [
    ({"B1": ""}, "Isi sel B1"),
    ({"B1": "/tidak/ada/folder"}, "Folder buku kerja unit tidak ditemukan"),
    ({"B2": "/tidak/ada/katalog.yaml"}, "Berkas katalog tidak ditemukan"),
    ({"B3": "/tmp/laporan.csv"}, "harus berekstensi .xlsx"),
])
def test_konsolidasi_errors_show_in_the_status_cell(xw: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     cells: dict[str, str], expected: str) -> None:
    from kinerja_xl.render.launcher import write_consolidation_launcher

    launcher = write_consolidation_launcher(tmp_path / "k.xlsx", folder=str(EXAMPLES),
                                            output=str(tmp_path / "out.xlsx"))
    edits = {("Konsolidasi", cell): value for cell, value in cells.items()}
    outcome, applied = run(xw, payload_from_file(launcher, edits=edits), "konsolidasi", monkeypatch)
    assert not outcome.ok and expected in outcome.message
    assert applied.values["Konsolidasi"][(STATUS_ROW, 2)].startswith("'GAGAL: ")
    assert expected in applied.alerts[0][0] and applied.alerts[0][3] == "critical"
    assert not (tmp_path / "out.xlsx").exists()


def test_launcher_workbook_has_the_button_and_settings(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    from kinerja_xl.render.launcher import write_consolidation_launcher
    from kinerja_xl.vba.project import read_modules

    path = write_consolidation_launcher(tmp_path / "konsolidasi.xlsm")
    with zipfile.ZipFile(path) as archive:
        vml = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".vml"))
        modules = read_modules(archive.read("xl/vbaProject.bin"))
    assert "[0]!Konsolidasi" in vml and "[0]!Pemantauan" in vml
    assert 'RunPython "import kinerja_xl.xl_addin as k; k.konsolidasi()"' in modules["Module1"]
    assert 'RunPython "import kinerja_xl.xl_addin as k; k.pemantauan()"' in modules["Module1"]
    with CalamineWorkbook.from_path(str(path)) as book:
        assert book.sheet_names == ["Konsolidasi", "Petunjuk", "xlwings.conf"]
        labels = [line[0] for line in book.get_sheet_by_name("Konsolidasi").to_python()[:STATUS_ROW]]
        conf = book.get_sheet_by_name("xlwings.conf").to_python()
    assert labels == ["Folder buku kerja unit", "Katalog (opsional)", "Berkas keluaran (.xlsx)",
                      "Berkas pemantauan (.xlsx)", "Tahun (opsional)", "Periode (opsional, Konsolidasi)", "Status"]
    notes = " ".join(str(v) for line in conf for v in line)
    assert "Tombol Konsolidasi dan Pemantauan pada lembar Konsolidasi" in notes and "Validasi dan Hitung" not in notes
    plain = write_consolidation_launcher(tmp_path / "konsolidasi.xlsx")
    with zipfile.ZipFile(plain) as archive:
        assert "xl/vbaProject.bin" not in archive.namelist()


def test_entry_points_take_no_arguments_and_import_xlwings_lazily() -> None:
    import inspect

    import kinerja_xl.xl_addin as addin

    for name in ("validasi", "hitung", "konsolidasi", "pemantauan"):
        assert inspect.signature(getattr(addin, name)).parameters == {}
    code = "import sys, kinerja_xl.xl_addin; print('xlwings' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                            check=True)
    assert result.stdout.strip() == "False"


# -- another catalog -------------------------------------------------------------------------------------------

def test_the_buttons_follow_another_catalog(xw: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The pemda example through the buttons (catalog named by KINERJA_XL_KATALOG): its range target, its
    budget of spending types only and its words, with the Hasil the CLI writes for the same file."""
    catalog_file = ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"
    monkeypatch.setenv("KINERJA_XL_KATALOG", str(catalog_file))
    for unit in ("DINKES", "BAPPEDA"):
        path = ROOT / "workbooks" / "pemda-2024" / f"kinerja-{unit}-2024-tahunan.xlsx"
        outcome, applied = run(xw, payload_from_file(path), "hitung", monkeypatch)
        assert outcome.ok and applied.added == [SHEET_VALIDATION, SHEET_RESULT], outcome.message
        catalog = load_catalog(catalog_file)
        report = validate_files([path], catalog)
        sub = report.submissions[0]
        out = tmp_path / f"cli-{path.name}"
        assert write_back_one(catalog, WriteBackTask(sub, tuple(report.problems_of(sub.file)), out)).results
        ws = openpyxl.load_workbook(out)[SHEET_RESULT]
        cli_formulas = {(c.row, c.column): c.value for line in ws.iter_rows() for c in line
                        if isinstance(c.value, str) and c.value.startswith("=")}
        assert applied.formulas[SHEET_RESULT] == cli_formulas and cli_formulas
        applied.assert_inputs_untouched()
    dinkes = ROOT / "workbooks" / "pemda-2024" / "kinerja-DINKES-2024-tahunan.xlsx"
    _, applied = run(xw, payload_from_file(dinkes), "hitung", monkeypatch)
    assert "'7–8" in applied.values[SHEET_RESULT].values()  # the range target, readable
    assert any("'Isian'!$M$" in f and "'Isian'!$N$" in f for f in applied.formulas[SHEET_RESULT].values())
