"""Random valid catalogs through every command, so nothing in kinerja_xl belongs to one catalog.

Each example is a catalog of its own (tests/support/random_catalogs.py): the templates are made with
``kinerja-xl templat``, their unlocked input cells filled like a user does (openpyxl, typed numbers),
and then validation must find no error, ``hitung --json`` must equal the engine, write-back and the
consolidated workbook must carry the engine's value in every formula, and ``ekspor`` and ``reviu`` must
go through. A few examples per run are also recalculated in LibreOffice.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja_xl.cli import cli
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.results import result_tree
from kinerja_xl.pipeline import consolidate, validate_files
from kinerja_xl.plans.results_sheet import result_sheet_plan
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT, file_stem, unit_layout
from kinerja_xl.numbers import format_number
from tests.support.reported import fill_reported
from tests.support.libreoffice import find_soffice, read_values, recalculate
from tests.support.random_catalogs import YEAR, random_catalog, random_catalog_data, random_figures
from tests.support.workbook_checks import input_sheet_expected, mismatches, result_sheet_expected

SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "-j", "1"] if args[0] in ("validasi", "hitung", "konsolidasi", "ekspor",
                                                                         "reviu") else list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Galat internal" not in result.output
    return result.output


def make_workbooks(seed: int, folder: Path) -> tuple[Path, list[Path]]:
    """The catalog file, and one workbook per unit made by ``templat`` and filled in its unlocked cells."""
    catalog = random_catalog(seed)
    figures = random_figures(catalog, seed)
    catalog_file = folder / "katalog.yaml"
    catalog_file.write_text(yaml.safe_dump(random_catalog_data(seed), allow_unicode=True), encoding="utf-8")
    invoke("templat", "--semua-unit", "-o", str(folder), "--katalog", str(catalog_file))
    paths = []
    for unit in catalog.units:
        path = folder / f"{file_stem(catalog, unit.code, YEAR, 'tahunan')}.xlsx"
        layout = unit_layout(catalog, unit.code)
        wb = openpyxl.load_workbook(path)
        ws = wb[SHEET_INPUT]
        for ref, (address, field) in layout.input_cells().items():
            cell = ws.cell(address.row, address.col)
            assert cell.protection.locked is False, (ref, "an input cell must be unlocked")
            value = figures.get(ref)
            if value is not None:
                cell.value = int(value) if field.kind == "bulat" else float(value)
        for name, value in (("penanggung_jawab", "Petugas uji"), ("tanggal", "15/01/2026")):
            identity = layout.identity_cell(name)
            ws.cell(identity.row, identity.col).value = value
        wb.save(path)
        paths.append(path)
    return catalog_file, paths


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_random_catalogs_go_through_every_command(seed, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"acak-{seed}")
    catalog_file, paths = make_workbooks(seed, folder)
    catalog = random_catalog(seed)
    figures = random_figures(catalog, seed)
    report = validate_files(paths, catalog)
    assert not [p for p in report.problems if p.severity == "galat"], report.problems[:3]
    assert "0 galat" in invoke("validasi", str(folder), "--katalog", str(catalog_file))
    invoke("hitung", str(folder), "--katalog", str(catalog_file), "--json", str(folder / "hasil.json"))
    expected_tree = json.loads(json.dumps(result_tree(compute(catalog, figures)), ensure_ascii=False))
    assert json.loads((folder / "hasil.json").read_text(encoding="utf-8")) == expected_tree
    for path, unit in zip(paths, catalog.units, strict=True):  # write-back: every Hasil formula's cached value
        computation = compute(catalog, {r: v for r, v in figures.items() if r.unit == unit.code}, scope={unit.code})
        plan = result_sheet_plan(unit_layout(catalog, unit.code), computation)
        assert not mismatches(result_sheet_expected(plan, computation), read_values(path))
        assert SHEET_RESULT in openpyxl.load_workbook(path).sheetnames
    out = folder.parent / f"{folder.name}-konsolidasi.xlsx"  # outside the folder the other commands read
    invoke("konsolidasi", str(folder), "--katalog", str(catalog_file), "-o", str(out))
    consolidation = consolidate(validate_files(paths, catalog), catalog)
    workbook_plan = consolidation.plan()
    assert not mismatches(workbook_plan.formula_cells(), read_values(out))
    assert "baris" in invoke("ekspor", str(folder), "--katalog", str(catalog_file), "-o", str(out.with_suffix(".csv")))
    invoke("templat", "--dilaporkan", "--katalog", str(catalog_file), "-o", str(folder))
    reported = folder / f"dilaporkan-{YEAR}.xlsx"  # named so that a folder's unit workbooks leave it out
    computation = compute(catalog, figures)
    printed = {f"T.CAPAIAN|{ind.code}|capaian": format_number(value, computation.rounding.digits)
               for ind in catalog.indicators() if (value := computation.shown(ind.code, "capaian")) is not None}
    fill_reported(reported, printed)  # the draft printed every capaian right
    assert "Reviu: 0 temuan" in invoke("reviu", str(folder), "--katalog", str(catalog_file), "--dilaporkan",
                                       str(reported))


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
@settings(max_examples=3, deadline=None, suppress_health_check=SLOW)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_random_catalogs_recalculate_in_libreoffice(seed, tmp_path_factory):
    """Isian, Hasil and the consolidated workbook of a random catalog, recalculated: the engine's values."""
    folder = tmp_path_factory.mktemp(f"lo-{seed}")
    catalog_file, paths = make_workbooks(seed, folder)
    catalog = random_catalog(seed)
    figures = random_figures(catalog, seed)
    invoke("hitung", str(folder), "--katalog", str(catalog_file))
    out = folder.parent / f"{folder.name}-konsolidasi.xlsx"
    invoke("konsolidasi", str(folder), "--katalog", str(catalog_file), "-o", str(out))
    recalculated = recalculate([*paths, out], folder / "rec")
    for unit, path in zip(catalog.units, recalculated, strict=False):
        computation = compute(catalog, {r: v for r, v in figures.items() if r.unit == unit.code}, scope={unit.code})
        layout = unit_layout(catalog, unit.code)
        expected = {**input_sheet_expected(layout, computation),
                    **result_sheet_expected(result_sheet_plan(layout, computation), computation)}
        assert not mismatches(expected, read_values(path)), (seed, unit.code)
    plan = consolidate(validate_files(paths, catalog), catalog).plan()
    assert not mismatches(plan.formula_cells(), read_values(recalculated[-1])), seed
