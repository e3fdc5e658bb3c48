"""The report's narrative from the figures: polarity, ranges, caps, units, and the catalog's own words
(a pemda catalog and the Kemensos one), missing data and units left out."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kinerja_xl.catalog import parse_catalog
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.plans.report import Excluded, Heading, ReportPlan, plan_report

from tests.support.catalogs import PEMDA, pemda, pemda_values
from tests.support.report import narrative, section


def pemda_plan(inputs: dict[InputRef, Decimal] | None = None) -> ReportPlan:
    return plan_report(compute(pemda(), pemda_values() if inputs is None else inputs))


@pytest.fixture(scope="module")
def lkjip() -> ReportPlan:
    return pemda_plan()


def test_lower_is_better_met_and_capped(lkjip: ReportPlan) -> None:
    text = section(lkjip, "S1.1")
    assert "Indikator ini semakin rendah semakin baik. Realisasi tahun 2024 sebesar 4,20 per 1.000 KH, 0,80 per " \
           "1.000 KH di bawah batas target 5 per 1.000 KH, sehingga target tercapai dengan capaian 110,00%" in text
    assert "dibatasi pada 110% sesuai batas capaian" in text
    assert "turun 22,22%, sebuah perbaikan karena indikator ini semakin rendah semakin baik" in text
    assert "Sejak 2022 realisasinya turun setiap tahun: 6,10 per 1.000 KH (2022); 5,40 per 1.000 KH (2023); " \
           "4,20 per 1.000 KH (2024)." in text
    assert "baru setara capaian 95,00%; realisasi perlu turun 0,20 per 1.000 KH lagi" in text


def test_range_target_outside_and_inside(lkjip: ReportPlan) -> None:
    assert "8,60% berada 0,60 poin persentase di atas batas atas rentang target 7–8%; karena indikator ini " \
           "semakin rendah semakin baik, target belum tercapai dengan capaian 92,50% (7,50 poin di bawah 100)" \
        in section(lkjip, "S1.2")
    assert "1.100,00 kunjungan berada di dalam rentang target 1.000–1.200 kunjungan, sehingga target tercapai " \
           "dengan capaian 100,00%" in section(lkjip, "S2.2")


def test_higher_is_better_missed(lkjip: ReportPlan) -> None:
    text = section(lkjip, "S2.1")
    assert "85,00%, belum mencapai target 90% (kurang 5,00 poin persentase). Capaiannya 94,44%, 5,56 poin di " \
           "bawah 100." in text
    assert "naik 6,25%" in text


def test_the_agreement_explains_polarity_and_ranges(lkjip: ReportPlan) -> None:
    assert "Indikator S1.1 semakin rendah semakin baik: targetnya adalah batas atas. Indikator S1.2 juga semakin " \
           "rendah semakin baik. Target berbentuk rentang (batas bawah–batas atas) tercapai bila realisasi berada " \
           "di dalam rentang itu, dan terlampaui bila realisasi melewati batasnya ke arah yang lebih baik." \
        in narrative(lkjip)


def test_range_targets_print_as_ranges(lkjip: ReportPlan) -> None:
    rows = [[c.text() for c in r.cells] for r in lkjip.table("perjanjian_kinerja").body]
    assert [r[-1] for r in rows] == ["5", "7–8", "90", "1.000–1.200"]
    history = lkjip.table("indikator:S1.2")
    assert [c.text() for c in history.body[0].cells] == ["7–8", "8,60", "92,50", "6–7", "77,14"]


def test_the_catalog_words_are_used(lkjip: ReportPlan) -> None:
    text = narrative(lkjip)
    assert "Laporan Kinerja Instansi Pemerintah (LKjIP) ini menyajikan capaian kinerja Dinas Kesehatan Kabupaten " \
           "Contoh tahun 2024" in text
    assert "buku kerja isian dua Bidang" in text and "RPJMD" in text and "RPJMN" not in text
    assert "capaian pemerintah daerah adalah rata-rata capaian sasaran" in text
    assert "Eselon" not in text and "Kementerian" not in text
    assert lkjip.header_text == "Dinas Kesehatan Kabupaten Contoh"
    headings = [b.text for b in lkjip.blocks if isinstance(b, Heading) and b.level == 2]
    assert "3.2 Sasaran 1: Menurunnya angka kesakitan" in headings  # the catalog's jenis of its sasaran


def test_plain_titles_are_numbered_by_the_document(lkjip: ReportPlan) -> None:
    captions = [t.caption for t in lkjip.tables()]
    assert [c.number for c in captions] == [str(i) for i in range(1, len(captions) + 1)]
    assert captions[0].full() == "Tabel 1 Perjanjian Kinerja Dinas Kesehatan Kabupaten Contoh Tahun 2024"
    assert all(c.numbering == "otomatis" for c in captions)


def test_missing_data_gives_dashes_and_a_sentence_not_a_crash() -> None:
    plan = pemda_plan({k: v for k, v in pemda_values().items() if k.node != "S2.1"})
    assert "Realisasi indikator S2.1 tahun 2024 belum dapat dihitung karena data isiannya belum lengkap." \
        in section(plan, "S2.1")
    row = next(r for r in plan.table("capaian").body if r.cells[0].value == "S2.1")
    assert [c.text() for c in row.cells[4:]] == ["–", "–"]


def test_kemensos_narrative_states_the_figures(report_plan: ReportPlan) -> None:
    text = narrative(report_plan)
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023 sebesar 107,25%" in text
    assert "Tujuh dari delapan indikator kinerja mencapai atau melampaui target, sedangkan SS4.2" in text
    assert "Capaian tertinggi dicapai indikator SS2.1 (117,92%) dan yang terendah indikator SS4.2 (98,31%)." in text
    assert "Target 78 belum tercapai: realisasi tahun 2023 sebesar 76,68, masih 1,32 poin di bawahnya" in text
    assert "Realisasi anggaran tahun 2023 sebesar Rp85.530.010.687.985, atau 98,00% dari pagu " \
           "Rp87.275.374.140.000." in text
    assert "Sasaran ini didukung anggaran Rp85.663.712.750.000 dengan realisasi Rp83.939.642.227.917 (97,99%)." \
        in text
    assert "Keempat sasaran strategis dilaksanakan secara efisien." in text
    assert "Dibandingkan tahun 2022, realisasi dua sub indikator naik, satu turun (SS1.1.2 dari 99,71% menjadi " \
           "99,39%), dan tiga tetap." in text
    assert "Realisasi SS1.1.2 diambil dari periode puncak, April (99,39%)." in text
    assert "Realisasi indikator ini adalah jumlah dari SS4.2.a RB General (74,22) dan SS4.2.b RB Tematik (2,46)." \
        in text
    assert "Laporan Kinerja (LKj) ini menyajikan capaian kinerja Kementerian Sosial Republik Indonesia" in text


def test_the_catalog_history_gives_the_change_from_last_year_and_the_trend(report_plan: ReportPlan) -> None:
    """The Kemensos catalog declares capaian 2022 = 111,37 (LKj 2023 Bab 3.1: 4,12 points lower)."""
    text = narrative(report_plan)
    assert "Dibandingkan capaian tahun 2022 sebesar 111,37%, capaian tahun ini turun 4,12 poin." in text
    trend = next(f for f in report_plan.figures() if f.key == "tren_instansi")
    assert trend.chart.categories == ("2022", "2023")
    assert [str(v) for v in trend.chart.series[0].values] == ["111.37", "107.25"]


def test_units_left_out_are_named_with_their_reason(consolidation) -> None:
    plan = plan_report(consolidation.computation, excluded=[Excluded("ITJEN", "tidak-valid"),
                                                            Excluded("DAYASOS", "tidak-ada")])
    text = narrative(plan)
    assert "Draf ini belum memuat data Inspektorat Jenderal dan Direktorat Jenderal Pemberdayaan Sosial; angka " \
           "yang bergantung padanya ditandai “–” (lihat Bab I)." in text
    assert "Inspektorat Jenderal (ITJEN): buku kerjanya tidak lolos validasi." in text
    assert "Direktorat Jenderal Pemberdayaan Sosial (DAYASOS): tidak ada buku kerjanya yang dapat dibaca dalam " \
           "kumpulan berkas." in text
    cover = plan.blocks[0]
    assert any("Draf ini belum memuat data" in line for line in cover.lines)  # type: ignore[union-attr]


def test_a_quarter_says_its_period(catalog, raw) -> None:
    plan = plan_report(compute(catalog, raw.all_values(), period="TW2"))
    assert "Tahun 2023, Triwulan II (Januari–Juni)" in plan.blocks[0].lines  # type: ignore[union-attr]
    assert re.search(r"mencakup periode Triwulan II \(Januari–Juni\) secara kumulatif", narrative(plan))


def test_figures_that_cannot_be_computed_are_never_counted_as_met_or_missed(consolidation) -> None:
    """Without the ITJEN and REHSOS workbooks most capaian are missing: the text says which, and judges
    only the rest."""
    inputs = {r: v for r, v in consolidation.computation.inputs.items() if r.unit not in ("ITJEN", "REHSOS")}
    plan = plan_report(compute(consolidation.computation.catalog, inputs),
                       excluded=[Excluded("ITJEN", "tidak-ada"), Excluded("REHSOS", "tidak-valid")])
    text = narrative(plan)
    assert "Capaian lima dari delapan indikator kinerja (SS1.1, SS1.2, SS1.3, SS3.1, dan SS4.1) belum dapat " \
           "dihitung. Dua dari tiga indikator kinerja yang dapat dihitung mencapai atau melampaui target" in text
    assert "SS1 Meningkatnya taraf kesejahteraan masyarakat miskin dan rentan: belum dapat dihitung karena " \
           "capaian ketiga indikatornya belum tersedia." in text
    assert "SS4 Meningkatnya kualitas birokrasi Kementerian Sosial: belum dapat dihitung; dari dua indikatornya, " \
           "satu belum mencapai target dan satu belum dapat dihitung." in text
    assert "SS2 dilaksanakan secara efisien. Efisiensi SS1, SS3, dan SS4 belum dapat dinilai." in text
    assert "nol dari" not in text and "Keempat sasaran strategis dilaksanakan secara efisien" not in text


def _method(catalog_text: str) -> str:
    plan = plan_report(compute(parse_catalog(catalog_text, source="PEMDA"), pemda_values()))
    text = narrative(plan)
    start = text.index("Capaian setiap indikator adalah")
    return text[start:text.index("Capaian sasaran adalah", start)]


def test_the_method_names_the_one_capped_indicator(lkjip: ReportPlan) -> None:
    # before: "Capaian dibatasi paling tinggi 110%." as if every indicator were capped, when only S1.1 is
    assert " Capaian indikator S1.1 dibatasi paling tinggi 110%; capaian indikator lain tidak dibatasi. " \
        in narrative(lkjip)
    assert "Capaian dibatasi paling tinggi" not in narrative(lkjip)


@pytest.mark.parametrize(("edits", "sentence"), [
    # one cap for every indicator (the bundled pemda catalog's batas_capaian: 120): said as it always was
    ([("        batas_capaian: 110\n", ""), ("pembulatan:", "batas_capaian: 120\npembulatan:")],
     " Capaian dibatasi paling tinggi 120%. "),
    ([("pembulatan:", "batas_capaian: 120\npembulatan:")],
     " Capaian indikator S1.1 dibatasi paling tinggi 110%; capaian indikator lain dibatasi paling tinggi 120%. "),
    ([("pembulatan:", "batas_capaian: 120\npembulatan:"),
      ("        metode: rasio\n", "        metode: rasio\n        batas_capaian: null\n")],
     " Capaian indikator S1.1 dibatasi paling tinggi 110%; capaian indikator S2.1 tidak dibatasi; capaian "
     "indikator lain dibatasi paling tinggi 120%. "),
    ([("        metode: rasio\n", "        metode: rasio\n        batas_capaian: 150\n")],
     " Capaian indikator S1.1 dibatasi paling tinggi 110%; capaian indikator S2.1 dibatasi paling tinggi 150%; "
     "capaian indikator lain tidak dibatasi. "),
])
def test_the_method_says_which_indicators_are_capped_at_what(edits: list[tuple[str, str]], sentence: str) -> None:
    text = PEMDA
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    assert sentence in _method(text)
