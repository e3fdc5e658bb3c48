"""The report plan's small pieces: cells, captions from the catalog, Indonesian wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_xl.catalog.schema import TargetRange
from kinerja_xl.plans.report import Caption, Cell, ChartSpec, Figure, Paragraph, Row, Series, Table
from kinerja_xl.plans.report.captions import Context, number_captions
from kinerja_xl.plans.report.facts import read_facts
from kinerja_xl.plans.report.wording import collective, count_word, difference, in_unit, join, target_in_unit
from kinerja_xl.compute.engine import compute

from tests.support.catalogs import pemda, pemda_values


@pytest.mark.parametrize(("cell", "text"), [
    (Cell(Decimal("107.25"), "percent", decimals=2), "107,25"),
    (Cell(Decimal("87.5"), "percent", decimals=2), "87,50"),
    (Cell(Decimal("85530010687985.0"), "rupiah"), "85.530.010.687.985"),
    (Cell(Decimal("5023"), "integer"), "5.023"),
    (Cell(Decimal("80"), "number", decimals=None), "80"),
    (Cell(Decimal("99.35"), "number", decimals=None), "99,35"),
    (Cell(Decimal("-6.9"), "percent", decimals=2), "-6,90"),
    (Cell(None, "percent", decimals=2), "–"),
    (Cell(None, merge_up=True), ""),
    (Cell("n.a"), "n.a"),
])
def test_cells_print_in_indonesian_notation(cell: Cell, text: str) -> None:
    assert cell.text() == text


def test_a_row_must_cover_the_table() -> None:
    with pytest.raises(ValueError, match="selebar 1 kolom"):
        Table("x", Caption("Tabel", None, "x", "otomatis"), (1.0, 2.0), (), (Row((Cell("a"),)),))


def test_a_placeholder_has_its_style() -> None:
    with pytest.raises(ValueError):
        Paragraph("[Diisi oleh penyusun: x.]", "teks", placeholder=True)
    with pytest.raises(ValueError):
        Paragraph("biasa", "isian")


def test_the_catalog_numbers_and_titles_a_table(consolidation) -> None:
    ctx = Context(read_facts(consolidation.computation), consolidation.computation.catalog)
    numbered = ctx.table_caption("sasaran:SS2", "polos", kode="SS2", nama="Meningkatnya X", nomor=2)
    assert numbered == Caption("Tabel", "3.18", "Capaian Sasaran Strategis 2: Meningkatnya X", "katalog")
    assert ctx.table_caption("rincian:SS1.3", "Judul polos {kode}", kode="SS1.3") == \
        Caption("Tabel", None, "Judul polos SS1.3", "otomatis")  # the catalog does not number it
    assert ctx.goal_term == "Sasaran Strategis" and ctx.kind == "kementerian"


def test_a_catalog_without_table_titles_gets_plain_ones() -> None:
    catalog = pemda()
    ctx = Context(read_facts(compute(catalog, pemda_values())), catalog)
    assert ctx.table_caption("capaian", "Capaian Kinerja {instansi} Tahun {tahun}") == \
        Caption("Tabel", None, "Capaian Kinerja Dinas Kesehatan Kabupaten Contoh Tahun 2024", "otomatis")
    assert ctx.goal_term == "Sasaran" and ctx.kind == "pemerintah daerah"  # the sasaran's own jenis


def _table(caption: Caption) -> Table:
    return Table("k", caption, (1.0,), (), (Row((Cell("a"),)),))


def _figure(caption: Caption) -> Figure:
    return Figure("f", caption, ChartSpec("kolom", ("a",), (Series("s", (Decimal(1),), "#000000"),), "y"), "d")


def test_a_catalog_that_numbers_a_label_leaves_its_other_captions_unnumbered() -> None:
    blocks = number_captions([_table(Caption("Tabel", "3.1", "A", "katalog")),
                              _table(Caption("Tabel", None, "B", "otomatis")),
                              _figure(Caption("Gambar", None, "C", "otomatis")),
                              _figure(Caption("Gambar", None, "D", "otomatis"))])
    captions = [b.caption for b in blocks]  # type: ignore[union-attr]
    assert [(c.number, c.numbering) for c in captions] == [("3.1", "katalog"), (None, "tanpa"), ("1", "otomatis"),
                                                           ("2", "otomatis")]


def test_indonesian_wording() -> None:
    assert count_word(4) == "empat" and count_word(12) == "12"
    assert collective(3, "indikator") == "ketiga indikator" and collective(1, "indikator") == "indikator tersebut"
    assert join(["a"]) == "a" and join(["a", "b"]) == "a dan b" and join(["a", "b", "c"]) == "a, b, dan c"
    assert in_unit(Decimal("99.74"), "%", 2) == "99,74%" and in_unit(Decimal("90.33"), "nilai", 2) == "90,33"
    assert in_unit(Decimal("12"), "hari", 2) == "12,00 hari"
    assert difference(Decimal("-0.39"), "%", 2) == "0,39 poin persentase"
    assert target_in_unit(TargetRange(Decimal(7), Decimal("8.5")), "%") == "7–8,5%"


@pytest.mark.parametrize("which", ["kemensos", "pemda"])
def test_the_budget_by_type_table_names_each_type_as_the_catalog_does(which, consolidation) -> None:
    """Tabel 3.32 of the Kemensos draft lists Belanja Pegawai, Belanja Barang …: the catalog's names, never
    its codes (``pegawai``, ``barang``)."""
    from kinerja_xl.catalog import load_catalog
    from kinerja_xl.pipeline.examples import load_raw_figures
    from kinerja_xl.plans.report import plan_report

    from tests.conftest import ROOT

    if which == "kemensos":
        computation = consolidation.computation
    else:  # the bundled pemda example: spending types only
        figures = load_raw_figures(ROOT / "workbooks" / "pemda-2024" / "sumber" / "angka-contoh-2024.yaml")
        computation = compute(load_catalog(ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"),
                              figures.all_values())
    catalog = computation.catalog
    table = next(t for t in plan_report(computation).tables() if t.key == "belanja")
    labels = [row.cells[0].value for row in table.body[:-1]]  # the last row is the total
    assert labels == [t.name for t in catalog.budget.spending_types]
    assert not {t.code for t in catalog.budget.spending_types} & set(labels)
