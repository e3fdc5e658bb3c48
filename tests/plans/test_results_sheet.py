"""The *Hasil* plan of a small catalog: where each figure goes and which input cells its formula reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.cells import a1
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import ResultRef
from kinerja_xl.plans.results_sheet import FIRST_ROW, RESULT_HEADERS, result_sheet, result_sheet_plan
from kinerja_xl.unit_layout import SHEET_INPUT, unit_layout
from tests.support.catalogs import tiny, tiny_values


def test_the_plan_of_a_unit_reads_its_own_input_cells() -> None:
    catalog = tiny()
    layout = unit_layout(catalog, "A")
    computation = compute(catalog, tiny_values(), scope={"A"})
    plan = result_sheet_plan(layout, computation)
    assert result_sheet_plan(layout, compute(catalog, tiny_values(pembilang=1), scope={"A"})) is plan  # built once
    assert [e.value for e in plan.entries if e.kind == "header"] == RESULT_HEADERS
    inputs = {ref.key: addr for ref, (addr, _) in layout.input_cells().items()}
    cell = plan.cells[ResultRef("S1.1", "realisasi")]
    formula = next(e.value for e in plan.entries if (e.row, e.col) == (cell.row, cell.col))
    assert cell.row >= FIRST_ROW and inputs["pembilang"].a1() in formula and inputs["penyebut"].a1() in formula
    assert f"'{SHEET_INPUT}'!" in formula and "ROUND(" in formula
    assert ResultRef("S1.2", "realisasi") not in plan.cells  # unit B's indicator is not on A's sheet
    sheet = result_sheet(layout, computation, made_by="uji")
    assert sheet.cached[cell.cell] == 80.0 and sheet.title == "Hasil perhitungan — Bidang Layanan"
    assert "dibuat ulang oleh uji" in sheet.subtitle


def _widths_cell_by_cell(plan, cached):
    """The widths as fitted before the plan kept its number columns: every numeric cell in turn."""
    from kinerja_xl.cells import a1
    from kinerja_xl.plans.fit import number_width
    from kinerja_xl.plans.results_sheet import NUMBER_FORMATS

    widths = [float(w) for w in plan.widths]
    for e in plan.entries:
        fmt = NUMBER_FORMATS.get(e.kind)
        value = cached.get(a1(e.row, e.col)) if e.figure is not None else e.value
        if fmt and e.col <= len(widths) and isinstance(value, (int, float)) and not isinstance(value, bool):
            widths[e.col - 1] = max(widths[e.col - 1], number_width([value], fmt))
    return tuple(widths)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_number_columns_fit_every_value_as_cell_by_cell(data) -> None:
    """Each file's widths, from the plan's number columns and its cached values (numbers of any size and sign,
    texts, truth values, empty), are what fitting every numeric cell in turn gives."""
    from kinerja_xl.catalog import load_catalog
    from kinerja_xl.plans.results_sheet import _widths
    from tests.conftest import ROOT

    catalog = load_catalog(ROOT / "templates" / "katalog-kemensos-2023.yaml")
    unit = data.draw(st.sampled_from([u.code for u in catalog.units]))
    period = data.draw(st.sampled_from(list(catalog.periods)))
    layout = unit_layout(catalog, unit, catalog.year, period)
    plan = result_sheet_plan(layout, compute(catalog, {}, scope={unit}, year=layout.year, period=period))
    cells = [a1(e.row, e.col) for e in plan.entries if e.figure is not None]
    value = st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.integers(-10**15, 10**15),
                      st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
    cached = {cell: data.draw(value) for cell in cells}
    assert _widths(plan, cached) == _widths_cell_by_cell(plan, cached)


def test_files_whose_numbers_fit_the_same_widths_share_their_page_setup() -> None:
    """A page setup follows from the plan and the widths alone: kept per set of widths, it is what planning the
    pages afresh gives; a file whose numbers need a wider column gets its own."""
    from kinerja_xl.plans.results_sheet import _page

    catalog = tiny()
    layout = unit_layout(catalog, "A")
    sheets = [result_sheet(layout, compute(catalog, tiny_values(pembilang=p), scope={"A"}))
              for p in (72, 60, 10**13)]
    assert sheets[0].widths == sheets[1].widths != sheets[2].widths
    assert sheets[0].page is sheets[1].page and sheets[2].page is not sheets[0].page
    for sheet in sheets:
        assert sheet.page == _page(sheet.plan, sheet.widths)


def test_an_indicator_other_units_supply_too_is_marked_and_explained_under_the_table() -> None:
    """A unit's sheet has no capaian for an indicator it shares (the consolidation computes it): instead of an
    unexplained blank on the printed page, its % Capaian cell holds the mark and a note under the table says why.
    A unit supplying its indicators alone has neither."""
    from kinerja_xl.catalog import parse_catalog
    from kinerja_xl.plans.results_sheet import SHARED_MARK, SHARED_NOTE
    from tests.support.catalogs import TINY

    def marked(catalog, unit):
        plan = result_sheet_plan(unit_layout(catalog, unit), compute(catalog, {}, scope={unit}))
        return plan, {(e.row, e.col): e.value for e in plan.entries if e.kind in ("mark", "note")}

    plan, cells = marked(tiny(), "A")
    assert cells == {} and plan.note_row is None and plan.last_table_row == plan.rows[-1][0]
    shared = parse_catalog(TINY.replace("pemilik: [A]", "pemilik: [A, B]"), source="TINY bersama")
    for unit in ("A", "B"):
        plan, cells = marked(shared, unit)
        row = next(r for r, lrow in plan.rows if lrow.node == "S1.1" and lrow.kind == "simpul")
        assert cells == {(row, 5): SHARED_MARK, (plan.rows[-1][0] + 1, 2): SHARED_NOTE}
        assert plan.note_row == plan.last_table_row == plan.rows[-1][0] + 1 and plan.chart_row == plan.note_row + 2
        assert plan.heights[plan.note_row] > 15  # the note wraps in column B, its row as high as its lines
    plan, cells = marked(shared, "B")  # B's own indicator keeps its capaian, unmarked
    own = next(r for r, lrow in plan.rows if lrow.node == "S1.2" and lrow.kind == "simpul")
    assert (own, 5) not in cells and ResultRef("S1.2", "capaian") in plan.cells


def test_every_kemensos_row_with_a_target_and_no_capaian_is_a_shared_indicator_and_marked() -> None:
    """Over every unit and period of the Kemensos catalog: a row is marked exactly when it shows a target but no
    capaian, and each marked indicator has an input supplied by another unit; the note follows the table."""
    from kinerja_xl.catalog import load_catalog
    from kinerja_xl.plans.results_sheet import SHARED_MARK, RESULT_COLUMNS
    from kinerja_xl.unit_layout import COL_CAPAIAN, COL_TARGET
    from tests.conftest import ROOT

    catalog = load_catalog(ROOT / "templates" / "katalog-kemensos-2023.yaml")
    seen = 0
    for unit in [u.code for u in catalog.units]:
        for period in catalog.periods:
            layout = unit_layout(catalog, unit, catalog.year, period)
            plan = result_sheet_plan(layout, compute(catalog, {}, scope={unit}, period=period))
            marks = {e.row for e in plan.entries if e.kind == "mark" and e.value == SHARED_MARK}
            expected = {row for row, lrow in plan.rows if lrow.kind == "simpul" and COL_CAPAIAN not in lrow.figures
                        and (COL_TARGET in lrow.constants or COL_TARGET in lrow.texts)}
            assert marks == expected
            for row, lrow in plan.rows:
                if row in marks:
                    owners = {o for n in catalog.node(lrow.node).walk() for f in n.inputs() for o in f.owners}
                    assert owners - {unit}, (unit, period, lrow.node)
                    assert all(e.col != RESULT_COLUMNS[COL_CAPAIAN] or e.kind == "mark"
                               for e in plan.entries if e.row == row)
            assert (plan.note_row is not None) == bool(marks)
            if marks:
                assert plan.note_row == plan.rows[-1][0] + 1 and plan.note_row < plan.chart_row
                assert plan.survey is None or plan.survey.cells[0].row > plan.note_row
            seen += len(marks)
    assert seen > 0  # the catalog has shared indicators (SS1.1, SS4.1, ...)
