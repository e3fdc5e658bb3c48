"""Text from inputs never becomes a formula: in a cell (every writer), a CSV field, a terminal or the Word draft.

The texts of :data:`tests.support.hostile.INJECTIONS` arrive by every way a user controls: the catalog's names
(node, unit, instansi), the text a unit types into its workbook (an input, a note, its identity) and the file
names of a batch. Every workbook kinerja_xl writes (unit template, Hasil and Validasi, consolidated, monitoring,
review) stores them inert (:func:`kinerja_xl.text.safe_text`), the CSV export quotes them, the terminal shows
control characters visibly and the Word draft holds them as text only.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from kinerja_xl import pipeline
from kinerja_xl.catalog import parse_catalog
from kinerja_xl.pipeline.export import tidy_tables, write_table
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.render.xlsx import MemoryWorkbook
from kinerja_xl.text import ExactText, csv_text, safe_text, terminal_text
from kinerja_xl.xl_addin.book_io import cell_text
from tests.conftest import CLI_ENV, ROOT
from tests.factories import type_text
from tests.support.catalogs import TINY, tiny_values
from tests.support.hostile import INJECTIONS, TERMINAL

#: Pieces of the injections that none of kinerja_xl's own formulas or texts contain.
MARKERS = ("contoh.invalid", "cmd|", "A1:A9", "TAB=", "\uff1d", "-2+3")


def hostile_catalog():
    data = yaml.safe_load(TINY)
    data["kementerian"] = INJECTIONS[2]
    data["unit"][0]["nama"] = INJECTIONS[3]
    goal = data["sasaran"][0]
    goal["nama"] = INJECTIONS[4]
    goal["indikator"][0]["nama"] = INJECTIONS[0]
    goal["indikator"][1]["nama"] = INJECTIONS[5]
    goal["indikator"][0]["label"] = {"pembilang": INJECTIONS[6], "penyebut": INJECTIONS[7]}
    return parse_catalog(yaml.safe_dump(data, allow_unicode=True), source="hostile")


def cells(path: Path):
    workbook = openpyxl.load_workbook(path)
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def assert_inert(path: Path) -> int:
    """Every string cell already inert, no formula or chart reference carrying injected text; returns how many
    cells hold injected text (so a test cannot pass without the text having landed)."""
    landed = 0
    for sheet, cell in cells(path):
        value = str(cell.value)
        if cell.data_type == "s":
            assert safe_text(value) == value, (path.name, sheet, cell.coordinate, value)
            landed += any(marker in value for marker in MARKERS)
        else:
            assert not any(marker in value for marker in MARKERS), (path.name, sheet, cell.coordinate, value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/charts/"):
                references = re.findall(rb"<c:f>(.*?)</c:f>", archive.read(name))
                assert not any(m.encode() in ref for ref in references for m in MARKERS), name
    return landed


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two units' workbooks of the hostile catalog, one with hostile text typed into it and a hostile name."""
    catalog = hostile_catalog()
    folder = tmp_path_factory.mktemp("unit")
    values = tiny_values()
    first = write_unit_workbook(catalog, "A", folder / "kinerja-A-2025-tahunan.xlsx",
                                values={r: v for r, v in values.items() if r.unit == "A"})
    second = write_unit_workbook(catalog, "B", folder / "kinerja-B-2025-tahunan.xlsx",
                                 values={r: v for r, v in values.items() if r.unit == "B"})
    renamed = second.with_name(INJECTIONS[0].replace("/", "_") + ".xlsx")
    second.rename(renamed)
    from kinerja_xl.unit_layout import SHEET_INPUT, unit_layout

    layout = unit_layout(catalog, "B")
    row = next(r for r in layout.rows if r.node == "S1.2" and r.kind == "isian")
    type_text(renamed, {(SHEET_INPUT, f"C{row.row}"): INJECTIONS[3], (SHEET_INPUT, f"K{row.row}"): INJECTIONS[1]})
    return catalog, folder, [first, renamed]


def test_every_string_cell_of_every_xlsxwriter_call_is_inert():
    workbook = MemoryWorkbook()
    ws = workbook.add_worksheet("A")
    ws.write_string(0, 0, "=1+1")
    ws.write(1, 0, "+1+1")
    ws.write_url(2, 0, "internal:A!A1", string="@SUM(A1)")
    ws.merge_range(3, 0, 3, 2, "-x")
    ws.write(4, 0, "-3")  # a signed plain number stays as it is
    book = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes()))
    assert [book["A"].cell(r, 1).value for r in range(1, 6)] == ["'=1+1", "'+1+1", "'@SUM(A1)", "'-x", "-3"]


RICH_LOOKALIKES = ("<r><t>disisipkan</t></r><r><t>lagi</t></r>", "<r><t>rusak</r>")


def test_text_that_looks_like_rich_text_runs_is_stored_as_text_not_markup(tmp_path):
    """XlsxWriter writes a shared string ``<r>…</r>`` as raw XML: the first would add runs of its own, the
    second would break the workbook (openpyxl: "mismatched tag"; Excel: a repair)."""
    workbook = MemoryWorkbook()
    ws = workbook.add_worksheet("A")
    for row, text in enumerate(RICH_LOOKALIKES):
        ws.write_string(row, 0, text)
    book = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes()))
    assert [book["A"].cell(r, 1).value for r in (1, 2)] == ["'" + t for t in RICH_LOOKALIKES]
    data = yaml.safe_load(TINY)
    data["unit"][0]["nama"] = RICH_LOOKALIKES[1]
    data["sasaran"][0]["nama"] = RICH_LOOKALIKES[0]
    catalog = parse_catalog(yaml.safe_dump(data, allow_unicode=True), source="rich")
    path = write_unit_workbook(catalog, "A", tmp_path / "kinerja-A-2025-tahunan.xlsx",
                               values={r: v for r, v in tiny_values().items() if r.unit == "A"})
    texts = {c.value for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}
    assert not any(t.startswith("<r>") for t in texts)
    assert any(RICH_LOOKALIKES[1] in t for t in texts)


def test_a_text_formulas_compare_is_stored_exactly_and_still_never_as_a_formula_or_markup():
    """An ExactText (a jenis layanan the per-layanan formulas compare with the Survei sheet) keeps its form: no
    quote of ours, a text cell all the same, and the rich-text look-alikes as text too, not markup."""
    workbook = MemoryWorkbook()
    ws = workbook.add_worksheet("A")
    quoted = workbook.add_format({"quote_prefix": True})
    texts = ["=1+1", "@SUM(A1)", *RICH_LOOKALIKES, "a\x01b"]
    for row, text in enumerate(texts):
        ws.write_string(row, 0, ExactText(text), quoted)
    book = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes()))
    cells = [book["A"].cell(r, 1) for r in range(1, len(texts) + 1)]
    assert [c.value for c in cells] == [*texts[:-1], "a\ufffdb"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    # the Excel button writes it as typed text: a leading apostrophe Excel takes as the quote prefix
    assert cell_text(ExactText("=1+1")) == "'=1+1" and cell_text("=1+1") == "''=1+1"


def test_the_unit_template_and_its_result_sheets(batch, tmp_path):
    catalog, _, (first, _) = batch
    assert assert_inert(first) >= 3  # catalog names: instansi, sasaran, indicators, labels
    report = pipeline.validate_files([first], catalog)
    results = pipeline.write_back(report, catalog, outdir=tmp_path)
    assert all(r.error is None and r.results for r in results.values())
    assert assert_inert(tmp_path / first.name) >= 4  # Hasil and Validasi too


def test_the_consolidated_workbook_validasi_sheet_and_all(batch, tmp_path):
    catalog, folder, paths = batch
    report = pipeline.validate_files(paths, catalog)
    assert any(p.value == INJECTIONS[3] for p in report.problems)  # the typed text is a problem's value
    path = pipeline.write_consolidation(pipeline.consolidate(report, catalog), tmp_path / "konsolidasi.xlsx")
    assert assert_inert(path) >= 4
    texts = {c.value for _, c in cells(path) if c.data_type == "s"}
    assert safe_text(INJECTIONS[3]) in texts and any(t.startswith("'=HYPERLINK") for t in texts)


def test_the_monitoring_workbook_pengiriman_and_validasi(batch, tmp_path):
    catalog, folder, paths = batch
    report, year = pipeline.validate_for_monitoring(paths, catalog)
    path = pipeline.write_monitoring(pipeline.monitor(report, catalog, year=year), tmp_path / "pantau.xlsx")
    assert assert_inert(path) >= 4
    shipping = [c.value for sheet, c in cells(path) if sheet == "Pengiriman" and c.data_type == "s"]
    assert any(str(v).startswith("'=HYPERLINK") for v in shipping)  # the file name, inert


def test_the_review_workbook(tmp_path):
    from kinerja_xl.render.review_sheet import write_review_workbook
    from kinerja_xl.review.compare import Finding, ReviewReport

    report = ReviewReport([Finding("K|B|C", INJECTIONS[0], INJECTIONS[1], INJECTIONS[2], Decimal(1), None, None,
                                   "data", INJECTIONS[4])], [], Decimal("0.01"), 2, "bertahap")
    assert assert_inert(write_review_workbook(report, tmp_path / "reviu.xlsx")) >= 2


def test_the_launcher_stores_a_folder_that_looks_like_a_formula_as_text(tmp_path):
    from kinerja_xl.render.launcher import write_consolidation_launcher

    path = write_consolidation_launcher(tmp_path / "peluncur.xlsx", folder=INJECTIONS[0])
    assert assert_inert(path) == 1


def test_the_csv_export_quotes_every_formula_trigger(batch, tmp_path):
    catalog, _, paths = batch
    report = pipeline.validate_files(paths, catalog)
    path = tmp_path / "ekspor.csv"
    write_table(tidy_tables(report, catalog), path)
    text = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'-2+3" in text and "'=cmd|" in text
    import csv

    for row in csv.reader(io.StringIO(text)):
        for field in row:
            assert csv_text(field) == field or field.startswith("'"), field  # nothing left to quote
    assert csv_text("-1.234,5") == "-1.234,5" and csv_text("@x") == "'@x"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=CLI_ENV)


def raw_controls(text: str) -> list[str]:
    return [hex(ord(c)) for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
            or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]


def test_file_names_with_terminal_sequences_reach_the_console_visibly(tmp_path):
    folder = tmp_path / "masuk"
    folder.mkdir()
    for i, sequence in enumerate(TERMINAL):
        shutil.copy(ROOT / "workbooks" / "2023" / "kinerja-ITJEN-2023-tahunan.xlsx", folder / f"{i}{sequence}.xlsx")
    (folder / "x\x1b[2J.xlsx").write_bytes(b"=cmd|' /C calc'!A0")
    for args in (["validasi", str(folder)], ["validasi", str(folder), "--json", "-"],
                 ["konsolidasi", str(folder), "-o", str(tmp_path / "k.xlsx")]):
        result = run(*args, "-j", "1")
        assert result.returncode in (1, 2) and "Traceback" not in result.stderr
        assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []
        assert "\\x1b" in result.stdout + result.stderr or "\\u001b" in result.stdout
    assert terminal_text("a\x1b]52;c;SGFjaw==\x07") == "a\\x1b]52;c;SGFjaw==\\x07"


def test_catalog_text_with_control_characters_is_refused_visibly(tmp_path):
    """A control character in a catalog's text is refused with its node and key (no cell or Word paragraph holds
    it: the Word draft failed on it), and the refusal reaches the console with no raw control."""
    data = yaml.safe_load(TINY)
    data["sasaran"][0]["nama"] = "Sasaran " + "".join(TERMINAL)
    path = tmp_path / "katalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for args in (["katalog", str(path)], ["katalog", str(path), "--json"]):
        result = run(*args)
        assert result.returncode == 2, result.stderr
        assert "S1 · nama: memuat karakter kendali U+001B" in result.stderr
        assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == []


def test_control_characters_in_cells_become_a_replacement_character(tmp_path):
    workbook = MemoryWorkbook()
    workbook.add_worksheet("A").write_string(0, 0, "a\x01b\x1bc")
    book = openpyxl.load_workbook(io.BytesIO(workbook.to_bytes()))
    assert book["A"]["A1"].value == "a\ufffdb\ufffdc"


def test_the_word_draft_holds_injected_text_as_text_only(batch, tmp_path):
    pytest.importorskip("docx")
    from kinerja_xl.pipeline.report import draft_report, write_report

    catalog, _, paths = batch
    report = pipeline.validate_files([paths[0]], catalog)
    path = write_report(draft_report(report, catalog), tmp_path / "laporan.docx")
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "contoh.invalid" in document
    for instruction in re.findall(r"<w:instrText[^>]*>(.*?)</w:instrText>|w:instr=\"([^\"]*)\"", document):
        assert not any(marker in "".join(instruction) for marker in MARKERS)


def test_a_file_name_cannot_start_a_line_of_its_own(tmp_path):
    """A line feed in a file's name wrote a line that read as kinerja-xl's own ("PALSU: galat …"); the name is now
    written on one line, its line feed as ``\\n``, in the progress, the problems and the summary."""
    folder = tmp_path / "unit"
    folder.mkdir()
    shutil.copy(ROOT / "workbooks" / "2023" / "kinerja-ITJEN-2023-tahunan.xlsx", folder / "kinerja-ITJEN\nPALSU.xlsx")
    (folder / "kinerja-REHSOS\ngalat palsu.xlsx").write_bytes(b"bukan buku kerja")
    result = run("validasi", str(folder), "-j", "1")
    assert "Traceback" not in result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert not [line for line in lines if line.startswith(("PALSU", "galat palsu"))], lines
    assert any("kinerja-REHSOS\\ngalat palsu.xlsx" in line for line in lines), lines


def test_a_cell_text_cannot_start_a_line_of_its_own(tmp_path):
    """A line feed in a cell's text (``12\\ngalat palsu …`` in a number cell; a note in *Bukti dukung /
    keterangan*; a paragraph separator U+2028) printed a line that read as a problem or a change of its own, in
    ``validasi`` and in ``banding``; every line break of an input's text is now written out on its line."""
    from tests.factories import cell_of

    old = tmp_path / "lama" / "kinerja-REHSOS-2023-tahunan.xlsx"
    old.parent.mkdir()
    shutil.copy(ROOT / "workbooks" / "2023" / old.name, old)
    sheet = openpyxl.load_workbook(old)["Isian"]
    header = next(row for row in sheet.iter_rows() if row[0].value == "Kode")
    note_col = next(c.column_letter for c in header if str(c.value or "").endswith("keterangan"))
    note_row = next(c.row for c in sheet["A"] if c.value == "SS1.2")
    new = type_text(Path(shutil.copy(old, tmp_path / "baru.xlsx")), {
        ("Isian", cell_of("REHSOS", "SS1.1.1", "disabilitas.pembilang")): "12\ngalat      palsu   x: baris palsu",
        ("Isian", cell_of("REHSOS", "SS1.1.1", "anak.pembilang")): "99\u2028galat palsu2\r\x85x",
        ("Isian", f"{note_col}{note_row}"): "baris1\n  SS9.9 palsu: 1 → 2\u2029galat palsu3"})
    checks = {"validasi": ("12\\ngalat      palsu", "99\\u2028galat palsu2\\r\\x85x"),
              "banding": ("baris1\\n  SS9.9 palsu: 1 → 2\\u2029galat palsu3",)}
    for args in (["validasi", str(new), "--tanpa-buku-besar"],
                 ["banding", str(old), str(new), "--buku-besar", str(tmp_path / "bb.sqlite")]):
        result = run(*args)
        text = result.stdout + result.stderr
        assert "Traceback" not in text
        lines = text.splitlines()
        assert not [line for line in lines if "palsu" in line and not line.lstrip().startswith(
            ("galat      bukan-angka", "SS1.2 keterangan"))], lines
        for written in checks[args[0]]:
            assert any(written in line for line in lines), (written, lines)
        assert "\u2028" not in text and "\u2029" not in text and "\x85" not in text


def test_the_ledger_history_writes_a_file_name_on_one_line(tmp_path):
    """``riwayat`` printed a tab (and a line feed) of a recorded file's name raw, while ``validasi`` wrote it out."""
    folder = tmp_path / "unit"
    folder.mkdir()
    shutil.copy(ROOT / "workbooks" / "2023" / "kinerja-ITJEN-2023-tahunan.xlsx",
                folder / "kinerja-ITJEN\tPALSU\nbaris.xlsx")
    ledger = str(tmp_path / "bb.sqlite")
    assert run("validasi", str(folder), "--buku-besar", ledger).returncode in (0, 1)
    result = run("riwayat", str(folder), "--buku-besar", ledger)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "kinerja-ITJEN\\tPALSU\\nbaris.xlsx" in result.stdout, result.stdout
    assert "\t" not in result.stdout and not any(line.startswith("baris") for line in result.stdout.splitlines())
