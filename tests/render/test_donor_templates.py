"""Write-back from templates (render/donor_templates.py): byte for byte what a donor of each file's own writes.

The big test writes many workbooks through ``hitung``'s own pass (:func:`validate_and_write`) with templates that
also write every file by its per-file donor and compare the bytes (``ResultTemplates(verify=True)``): the examples
of both bundled catalogs, workbooks of every unit and period of both and of random catalogs with random figures,
and files with errors
(only *Validasi*), warnings on cells (links), a second file for a unit and period, texts XlsxWriter escapes or
marks specially, and names with ``&`` and quotes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.catalog import Catalog, load_catalog
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.package import Package, check_package
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.pipeline.unit import unit_results
from kinerja_xl.pipeline.validation import ReadSettings, read_one
from kinerja_xl.render import donor_templates, result_donor
from kinerja_xl.render.donor_templates import (
    ResultTemplates,
    number_sentinel,
    plan_key,
    resplice_validation,
    splice_donor,
)
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT, SHEET_VALIDATION
from tests.conftest import ROOT
from tests.support.random_catalogs import random_catalog, random_figures

write_back = importlib.import_module("kinerja_xl.pipeline.write_back")  # the module (the package exports a function)
CATALOGS = {"kemensos": ROOT / "templates" / "katalog-kemensos-2023.yaml",
            "pemda": ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"}
EXAMPLES = {"kemensos": [ROOT / "workbooks" / "2023", ROOT / "workbooks" / "2023-triwulan"],
            "pemda": [ROOT / "workbooks" / "pemda-2024"]}
#: A text typed where a number belongs: escaped (``_x0041_``), rich-text-like and with spaces at both ends, so
#: its *Validasi* cell cannot be a hole and stays in the key.
ODD_TEXT = " _x0041_ <r>dua & \"tiga\"</r> "
WHEN = dt.datetime(2024, 1, 15, 9, 30)


class _Clock(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _Clock:  # type: ignore[override]
        return cls.fromtimestamp(WHEN.timestamp(), tz)


def _catalog(name: str) -> Catalog:
    return load_catalog(CATALOGS[name]) if name in CATALOGS else random_catalog(int(name.removeprefix("acak-")))


def _workbooks(name: str, catalog: Catalog, folder: Path) -> list[Path]:
    """The bundled examples, then two workbooks of random figures for every unit and period: the second of each
    unit holds an error (a text in a number cell: only *Validasi*), a warning on a cell (a printed figure that
    differs: a link) or an odd text, and the batch repeats one unit and period (``berkas-ganda``)."""
    folder.mkdir()
    paths = [Path(shutil.copy(p, folder)) for source in EXAMPLES.get(name, ())
             for p in sorted(source.glob("kinerja-*.xlsx"))]
    rng = random.Random(2026)
    for period in catalog.periods:
        for i, unit in enumerate(catalog.units):
            for copy in range(2):
                figures = random_figures(catalog, rng.randint(0, 10**6))
                values: dict[InputRef, object] = {ref: v for ref, v in figures.items() if ref.unit == unit.code}
                reported = None
                if copy and values:
                    ref = sorted(values, key=str)[(i + copy) % len(values)]
                    kind = (i + len(period)) % 3
                    if kind == 0:
                        values[ref] = "dua puluh"
                    elif kind == 1:
                        values[ref] = ODD_TEXT
                    else:
                        reported = {ref.node: Decimal("12.34")}
                stem = f"kinerja-{unit.code}-{catalog.year}-{period}-{copy}" + (' "A&B"' if i == 1 else "")
                path = folder / f"{stem}.xlsx"
                write_unit_workbook(catalog, unit.code, path, period=period, values=values, reported=reported,
                                    identity={"penanggung_jawab": f"Petugas <{i}> & \"{copy}\""})
                paths.append(path)
    paths.append(Path(shutil.copy(paths[-1], folder / "salinan-kedua.xlsx")))  # the same unit and period again
    return paths


@pytest.mark.parametrize("name", [*sorted(CATALOGS), "acak-3", "acak-11"])
def test_templates_write_the_bytes_of_the_per_file_donor(name, tmp_path, monkeypatch):
    """Both bundled catalogs (with their examples) and random catalogs (ranges, caps, budgets, pooled inputs)."""
    catalog = _catalog(name)
    paths = _workbooks(name, catalog, tmp_path / "masukan")
    made: list[ResultTemplates] = []

    def verifying() -> ResultTemplates:
        made.append(ResultTemplates(verify=True))
        return made[-1]

    monkeypatch.setattr(write_back, "_templates", verifying)
    report, results = write_back.validate_and_write(paths, ReadSettings(catalog), outdir=tmp_path / "keluaran")
    assert len(results) == len(paths) and all(r.error is None for r in results.values()), \
        [r.error for r in results.values() if r.error]
    counts = made[0].counts
    # every file came from a template (each checked against its own donor), none needed the per-file donor
    assert counts.templated == len(paths) and counts.per_file == 0 and counts.untemplatable == 0
    assert counts.resplices > 0  # a layout's other Validasi (a warning on a cell, a second copy) made from its first
    assert len(made[0]._shapes) < len(paths)  # shapes were shared
    written = {r.results for r in results.values()}
    assert written == {True, False}  # files with a Hasil, and files with errors that get only Validasi
    codes = {p.code for p in report.problems}
    assert {"berkas-ganda", "bukan-angka"} <= codes
    for path in paths[::7]:
        assert check_package((tmp_path / "keluaran" / path.name).read_bytes()) == []


def test_jobs_2_writes_the_same_bytes(tmp_path, monkeypatch):
    """Workers get the bytes the batch read and build their own templates: the files are the same."""
    monkeypatch.setattr("kinerja_xl.plans.validation_sheet.dt.datetime", _Clock)
    catalog = load_catalog(CATALOGS["kemensos"])
    paths = sorted((ROOT / "workbooks" / "2023-triwulan").glob("kinerja-*.xlsx"))
    out = {}
    for jobs in (1, 2):
        _, results = write_back.validate_and_write(paths, ReadSettings(catalog), outdir=tmp_path / f"j{jobs}",
                                                   jobs=jobs)
        assert all(r.error is None and r.results for r in results.values())
        out[jobs] = {p.name: (tmp_path / f"j{jobs}" / p.name).read_bytes() for p in paths}
    assert out[1] == out[2]


# -- what a template cannot express: the per-file donor --------------------------------------------------------

@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """The package and plans of one example workbook, read as hitung reads it."""
    catalog = load_catalog(CATALOGS["kemensos"])
    path = ROOT / "workbooks" / "2023" / "kinerja-REHSOS-2023-tahunan.xlsx"
    keep: list = []
    submission = read_one(ReadSettings(catalog), path, keep=keep)
    results = unit_results(submission, submission.problems, catalog)
    package = Package.from_bytes(keep[0].content)
    return package, results.result_sheet(), results.validation_sheet([SHEET_INPUT, SHEET_RESULT], target=path)


def _spliced(templates: ResultTemplates, package, result, validation) -> bytes:
    return templates.spliced(package, result, validation, after=SHEET_INPUT, remove=(SHEET_RESULT, SHEET_VALIDATION))


def _donor(package, result, validation) -> bytes:
    return splice_donor(package, result, validation, after=SHEET_INPUT, remove=(SHEET_RESULT, SHEET_VALIDATION)).data


def test_a_second_file_of_a_shape_is_patched_from_the_template(planned):
    package, result, validation = planned
    templates = ResultTemplates()
    assert _spliced(templates, package, result, validation) == _donor(package, result, validation)
    other = dataclasses.replace(result, cached={cell: (value * 2 if isinstance(value, float) else value)
                                                for cell, value in result.cached.items()})
    assert _spliced(templates, package, other, validation) == _donor(package, other, validation)
    assert templates.counts == donor_templates.Counts(templated=2, per_file=0, untemplatable=0)
    assert len(templates._shapes) == 1


def _validasi_variants(validation):
    """Other *Validasi* of the same file: a galat row more (a later copy: ``berkas-ganda``), only info rows, no
    row at all (no filter then), and its rows without their links."""
    from kinerja_xl.plans.validation_sheet import ValidationRow

    galat = ValidationRow(tuple("galat" if i == 0 else "-" for i in range(len(validation.headers))), "galat")
    assert validation.rows and all(row.link for row in validation.rows)
    unlinked = tuple(dataclasses.replace(row, link=None) for row in validation.rows)
    return [dataclasses.replace(validation, rows=(galat, *validation.rows)),
            dataclasses.replace(validation, rows=tuple(dataclasses.replace(r, severity="info")
                                                       for r in validation.rows)),
            dataclasses.replace(validation, rows=()),
            dataclasses.replace(validation, rows=unlinked)]


def test_a_layouts_other_validasi_is_respliced_from_its_first_probe(planned):
    """The probe of another *Validasi* of the same file and *Hasil*, made from the first probe's record, is the
    probe its own donor and splice make: the same members in the same order, the same reads."""
    package, result, validation = planned
    remove = (SHEET_RESULT, SHEET_VALIDATION)
    first = splice_donor(package, *plan_key(result, validation).probe(), after=SHEET_INPUT, remove=remove,
                         zipped=False)
    assert first.record is not None
    for other in _validasi_variants(validation):
        probe = plan_key(result, other).probe()
        made = resplice_validation(first, probe[1])
        expected = splice_donor(package, *probe, after=SHEET_INPUT, remove=remove, zipped=False)
        assert made is not None and made.members == expected.members and made.reads == expected.reads
        assert made.members != first.members


def test_a_batch_makes_a_layouts_other_validasi_without_a_donor(planned, monkeypatch):
    """A batch probes a layout once: its other *Validasi* are respliced (each file still the bytes of its own
    donor), unless the document properties' titles would change (a *Validasi* without its page setup has no print
    titles): that one is probed by a donor."""
    package, result, validation = planned
    probes = []

    def counted(*args, **kwargs):
        probes.append(kwargs.get("zipped", True))
        return splice_donor(*args, **kwargs)
    monkeypatch.setattr(donor_templates, "splice_donor", counted)
    variants = _validasi_variants(validation)
    templates = ResultTemplates(verify=True)
    for other in [validation, *variants]:
        _spliced(templates, package, result, other)
    assert probes.count(False) == 1 and templates.counts.resplices == len(variants)
    assert templates.counts.templated == 1 + len(variants) and templates.counts.per_file == 0
    unpaged = dataclasses.replace(validation, page=None)
    assert _spliced(templates, package, result, unpaged) == _donor(package, result, unpaged)
    assert probes.count(False) == 2 and templates.counts.resplices == len(variants)


def test_the_record_makes_again_only_a_sheet_that_reaches_no_other_part(planned):
    """*Hasil* brings its chart's drawing along: the record of a splice does not make it again."""
    from kinerja_xl.render.result_donor import result_donor_package

    package, result, validation = planned
    first = splice_donor(package, result, validation, after=SHEET_INPUT, remove=(SHEET_RESULT, SHEET_VALIDATION),
                         zipped=False)
    assert first.record is not None
    assert first.record.with_sheet(result_donor_package(result, None, properties=False), SHEET_RESULT) is None
    assert first.record.with_sheet(result_donor_package(None, validation, properties=False,
                                                        validation_looks=True), SHEET_VALIDATION) is not None


def test_a_plan_that_cannot_be_a_key_gets_the_per_file_donor(planned):
    """An unhashable part of a plan (here a band that has no hash): no key, so no template."""
    package, result, validation = planned

    class Band:
        __hash__ = None  # type: ignore[assignment]

        def __init__(self, minimum: Decimal, color: str) -> None:
            self.minimum, self.color = minimum, color

    odd = dataclasses.replace(result, bands=tuple(Band(b.minimum, b.color) for b in result.bands))
    assert plan_key(odd, validation) is None
    templates = ResultTemplates()
    assert _spliced(templates, package, odd, validation) == _donor(package, odd, validation)
    assert templates.counts == donor_templates.Counts(templated=0, per_file=1, untemplatable=0)


def test_a_value_the_writer_changes_makes_the_shape_untemplatable(planned, monkeypatch):
    """A value the writer writes in another form than itself (here the status line reversed) leaves pieces of its
    sentinel: the shape gets no template and its files the per-file donor."""
    package, result, validation = planned
    write = result_donor._validation_sheet

    def reversed_summary(ws, plan, styles):
        write(ws, dataclasses.replace(plan, summary=plan.summary[::-1]), styles)

    monkeypatch.setattr(result_donor, "_validation_sheet", reversed_summary)
    templates = ResultTemplates()
    for _ in range(2):
        assert _spliced(templates, package, result, validation) == _donor(package, result, validation)
    assert templates.counts == donor_templates.Counts(templated=0, per_file=2, untemplatable=1)


def test_texts_xlsxwriter_changes_are_part_of_the_key(planned):
    """A text XlsxWriter escapes or marks (control characters, ``_xHHHH_``, spaces at an end, rich text), a formula
    trigger and an error value are kept in the key as they are; a plain text with ``& < > "`` is a hole."""
    package, result, validation = planned
    row = validation.rows[0]
    texts = ["A\x01B", "_x0041_", " spasi", "<r>x</r>", "=1+1", "#N/A", 'plain & <b> "q"']
    keys = []
    for text in texts:
        changed = dataclasses.replace(validation, rows=(dataclasses.replace(row, values=(*row.values[:-1], text)),
                                                        *validation.rows[1:]))
        keyed = plan_key(result, changed)
        assert keyed is not None
        keys.append(keyed.key)
        templates = ResultTemplates(verify=True)
        _spliced(templates, package, result, changed)
        assert templates.counts.templated == 1
    assert len(set(keys)) == len(texts)  # each special text makes its own key...
    plain = [plan_key(result, dataclasses.replace(validation, rows=(dataclasses.replace(
        row, values=(*row.values[:-1], text)), *validation.rows[1:]))) for text in ("a & b", "c < d")]
    assert plain[0].key == plain[1].key  # ...while plain texts share one


def test_sentinels_cannot_be_guessed_and_need_all_their_digits():
    one, other = ResultTemplates(), ResultTemplates()
    assert one.nonce != other.nonce or one.nonce == other.nonce == 0  # a random number per batch (and process)
    value = number_sentinel(12, 345678)
    assert len({repr(value), f"{value:.16g}", f"{value:.16G}"}) == 3
    assert float(repr(value)) == value and repr(value).startswith("-1.34567800012")


def test_a_batch_keeps_at_most_its_capacity_of_shapes(planned):
    package, result, validation = planned
    templates = ResultTemplates(capacity=2)
    for width in (10.0, 11.0, 12.0, 13.0):
        widths = (width, *result.widths[1:])
        _spliced(templates, package, dataclasses.replace(result, widths=widths), validation)
    assert len(templates._shapes) == 2 and templates.counts.templated == 4


def test_fixed_parts_and_number_forms_are_made_once_and_alike():
    """Shapes that share a part share its deflated member (the same bytes a fresh deflate gives), and the texts
    of the number sentinels are made once per slot: what each shape gets is what it would make itself."""
    date = (2023, 1, 2, 3, 4, 6)
    data = b"<styleSheet>" + b"<xf/>" * 200 + b"</styleSheet>"
    member = donor_templates._deflated("xl/styles.xml", data, date)
    assert donor_templates._deflated("xl/styles.xml", bytes(data), date) is member
    assert donor_templates._deflated("xl/styles.xml", data, (2023, 1, 2, 3, 4, 8)) is not member
    assert donor_templates._deflated("xl/other.xml", data, date).name == "xl/other.xml"
    assert member.data == data and member.date_time == date
    forms = donor_templates._number_forms(7, 123456)
    expected = {render(number_sentinel(slot, 123456)).encode(): (slot, render) for slot in range(7)
                for render in (donor_templates._number, donor_templates._number_g, donor_templates._number_upper_g)}
    assert forms == expected and donor_templates._number_forms(3, 123456).items() <= forms.items()


_PIECES = [b"\xee", b"\x80", b"\x81", b"1", b"27", b":", b"-", b".", b"e", b"E", b"3", b"00", b"<v>", b"-1.",
           b"\xee\x80\x80", b"\xee\x80\x81", b"e-300", b"-1.5e-300", b"\xee\x80\x80" b"1:2\xee\x80\x81"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map(b"".join))
def test_sentinels_are_found_as_the_pattern_finds_them(data):
    """The sentinels are searched only where one can begin: the same matches as the pattern's ``finditer``, and
    a leftover wherever the pattern of leftovers finds one."""
    import re

    assert [(m.span(), m.groups()) for m in donor_templates._sentinels(data)] == \
        [(m.span(), m.groups()) for m in donor_templates._SENTINELS.finditer(data)]
    leftover = re.compile(rb"\xee\x80[\x80\x81]|[eE]-300")
    assert any(piece in data for piece in donor_templates._LEFTOVERS) == (leftover.search(data) is not None)


@given(st.lists(st.one_of(st.integers(), st.floats(), st.text(max_size=6), st.none(), st.booleans(),
                          st.sampled_from(["", " a", "=1+1", "#N/A", "_x0041_", "a\x01", "<r>x</r>"]),
                          st.tuples(st.integers())), max_size=8))
def test_a_keys_kinds_are_its_slots_without_sentinels(values):
    """What :func:`plan_key` takes of each value (:meth:`_Values.kind`) is what a probe's slot says of it, and
    the values kept for the file are the same, in the same order."""
    kinds, slots = donor_templates._Values(123456), donor_templates._Values(123456)
    assert [kinds.kind(v) for v in values] == [slots.slot(v)[0] for v in values]
    assert kinds.values == slots.values


def test_a_key_refuses_too_many_numbers_as_a_probe_does(monkeypatch):
    monkeypatch.setattr(donor_templates, "MAX_SLOTS", 3)
    number_sentinel.cache_clear()  # a sentinel made before would not be refused again
    for make in (lambda v, x: v.kind(x), lambda v, x: v.slot(x)):
        values = donor_templates._Values(1)
        for number in (1, 2.5, 3):
            make(values, number)
        make(values, "teks")  # a text takes a slot, never refused for it
        with pytest.raises(donor_templates.Untemplatable):
            make(values, 4)


def test_a_part_with_holes_is_searched_once_and_reused_only_where_its_slots_fit(monkeypatch):
    """The probes of a layout's *Validasi* variants splice the same *Hasil*: its holes, found once, serve a probe
    with as many slots or more; one with fewer refuses the part as a fresh search does."""
    monkeypatch.setattr(donor_templates, "_HOLED", {})
    nonce, date = 424242, (2023, 1, 2, 3, 4, 6)
    number = donor_templates._number(number_sentinel(1, nonce)).encode()
    data = b'<c t="inlineStr"><is><t>\xee\x80\x80' + f"{nonce}:2".encode() + b"\xee\x80\x81</t></is></c><v>" \
        + number + b"</v>"

    def part(slots):
        return donor_templates._template_part("xl/worksheets/sheet2.xml", data, date, slots, nonce,
                                              donor_templates._number_forms(slots, nonce))

    made = part(3)
    assert [hole.slot for hole in made.holes] == [2, 1] and made.render(["a", 7.5, "b&c"]) == \
        b'<c t="inlineStr"><is><t>b&amp;c</t></is></c><v>7.5</v>'
    assert part(8) is made
    for fewer in (2, 1):
        with pytest.raises(donor_templates.Untemplatable):
            part(fewer)
    assert part(3) is made


def test_a_leftover_is_sought_in_each_chunk_not_across_two():
    """Chunks are searched for leftovers of a sentinel each on its own (joined by a line feed, which no leftover
    holds): ``e`` before a number sentinel and ``-300`` after it are no leftover."""
    nonce = 5
    number = donor_templates._number(number_sentinel(0, nonce)).encode()
    data = b"<v>e" + number + b"-300</v>"
    made = donor_templates._search_part("xl/charts/chart1.xml", data, (1980, 1, 1, 0, 0, 0), 1, nonce,
                                        donor_templates._number_forms(1, nonce))
    assert made.chunks == (b"<v>e", b"-300</v>") and made.render([2]) == b"<v>e2-300</v>"
    with pytest.raises(donor_templates.Untemplatable):
        donor_templates._search_part("xl/charts/chart1.xml", data + b"<v>1e-300</v>", (1980, 1, 1, 0, 0, 0), 1,
                                     nonce, donor_templates._number_forms(1, nonce))


def test_the_record_makes_again_only_a_sheet_without_relationships(planned):
    """A *Validasi* with a link out of the workbook has relationships of its own, which the splice carries: the
    record does not make it again."""
    from kinerja_xl.render.result_donor import DonorWorkbook

    package, result, validation = planned
    first = splice_donor(package, result, validation, after=SHEET_INPUT, remove=(SHEET_RESULT, SHEET_VALIDATION),
                         zipped=False)
    workbook = DonorWorkbook()
    workbook.add_worksheet(SHEET_VALIDATION).write_url(0, 0, "https://example.com/panduan")
    donor = workbook.to_package(properties=False)
    assert donor.rels("xl/worksheets/sheet1.xml") is not None
    assert first.record.with_sheet(donor, SHEET_VALIDATION) is None
