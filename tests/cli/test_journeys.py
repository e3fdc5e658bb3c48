"""The journeys users walk, as real subprocesses (``python -m kinerja_xl``), on copies of every bundled example.

Every command (validasi, hitung, konsolidasi, pantau, laporan, ekspor csv/xlsx/json/parquet, reviu, templat,
katalog) runs on the 2023 example, on the quarterly example for every period, on the pemda example with its
catalog, on a folder mixing periods and years chosen with --periode/--tahun, and on a folder that also holds
kinerja_xl's own outputs. Each run: its exit code, no internal error or traceback, and every file it wrote
passes the package check and opens (openpyxl, python-docx, pandas). An error matrix walks the mistakes users
make. Finally every line any of these runs printed is checked for English and Python exception names.

Runs are cached per module (each runs once, whatever asks for it first), so the matrix stays fast.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl.catalog import Catalog, load_catalog
from kinerja_xl.cells import a1
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.package import check_package
from kinerja_xl.unit_layout import unit_layout
from tests.conftest import ROOT, copy_example
from tests.factories import patch_cells
from tests.support.reported import fill_reported, printed_keys

KEMENSOS = ROOT / "workbooks" / "2023"
QUARTERLY = ROOT / "workbooks" / "2023-triwulan"
PEMDA = ROOT / "workbooks" / "pemda-2024"
PEMDA_CATALOG = ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"
QUARTERS = ("TW1", "TW2", "TW3", "TW4")


def cell_address(catalog: Catalog, ref: InputRef) -> str:
    address, _ = unit_layout(catalog, ref.unit).input_cells()[ref]
    return a1(address.row, address.col)


#: The cell of DINKES's 'Jumlah penduduk pertengahan tahun' (S1.3, a rate per 100.000) in the pemda example.
PEMDA_TB_DENOMINATOR = cell_address(load_catalog(PEMDA_CATALOG), InputRef("S1.3", "penyebut", "DINKES"))
PEMDA_ZERO = (f"galat      penyebut-nol               kinerja-DINKES-2024-tahunan.xlsx Isian!{PEMDA_TB_DENOMINATOR}: "
              "Penyebut 'Jumlah penduduk pertengahan tahun' (S1.3) = 0: realisasi S1.3 tidak dapat dihitung "
              "(pembagian dengan nol), sehingga capaian S1.3, capaian sasaran S1 dan capaian instansi kosong.")


@dataclass
class Journey:
    """One command line: its arguments, the exit code a user should get, what it must write, and what its
    output must say (``says``: phrases of stdout+stderr)."""

    args: tuple[str, ...]
    exit: int = 0
    writes: tuple[str, ...] = ()
    says: tuple[str, ...] = ()
    before: Callable[[Path], None] | None = None


@dataclass
class Done:
    journey: Journey
    result: subprocess.CompletedProcess[str]
    written: list[Path] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.result.stdout + self.result.stderr


def _copy(source: Path, target: Path) -> Path:
    return copy_example(source, target)


def _old_format_of(root: Path, period: str) -> None:
    """A copy of the quarterly example where REHSOS's workbook of ``period`` waits as an Excel 97-2003 file."""
    folder = root / "out" / "tw-xls"
    if not folder.is_dir():
        _copy(QUARTERLY, folder)
        target = folder / f"kinerja-REHSOS-2023-{period}.xlsx"
        target.with_suffix(".xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
        target.unlink()


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the bundled examples (never the repository's own folders) and the mixed folders."""
    root = tmp_path_factory.mktemp("jalan")
    _copy(KEMENSOS, root / "k2023")
    _copy(QUARTERLY, root / "tw")
    _copy(PEMDA, root / "pemda")
    _copy(KEMENSOS, root / "own")
    mixed = _copy(QUARTERLY, root / "mixed")
    for path in KEMENSOS.glob("kinerja-*.xlsx"):
        shutil.copy(path, mixed)
    (root / "out").mkdir()
    return root


def _blank_2024(root: Path) -> None:
    """A Kemensos workbook of another year in the mixed folder (``--tahun 2023`` passes it over)."""
    result = _run(root, "templat", "--unit", "rehsos", "--tahun", "2024", "-o", "mixed")
    assert result.returncode == 0, result.stderr


def _fill_pemda_reported(root: Path) -> None:
    path = root / "out" / "pemda-d" / "dilaporkan-2024.xlsx"
    key = next(k for k in printed_keys(path) if k.endswith("|capaian"))
    fill_reported(path, {key: "1,23"})  # a figure the draft printed wrong: one finding


def _ods_for_rehsos(root: Path) -> None:
    """REHSOS's workbook saved by a spreadsheet as OpenDocument (.ods) instead of .xlsx."""
    folder = _copy(KEMENSOS, root / "odd")
    (folder / "kinerja-REHSOS-2023-tahunan.xlsx").unlink()
    with zipfile.ZipFile(folder / "kinerja-REHSOS-2023-tahunan.ods", "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")


def _pemda_zero_denominator(root: Path) -> None:
    """A copy of the pemda example where DINKES typed 0 people as the denominator of its TB rate per 100.000."""
    folder = root / "out" / "pemda-nol"
    if not folder.is_dir():
        _copy(PEMDA, folder)
        patch_cells(folder / "kinerja-DINKES-2024-tahunan.xlsx", {("Isian", PEMDA_TB_DENOMINATOR): 0})


def _quarter_journeys() -> dict[str, Journey]:
    out: dict[str, Journey] = {}
    for q in QUARTERS:
        low = q.lower()  # period codes in any case
        out[f"tw-validasi-{q}"] = Journey(("validasi", "tw", "--periode", low), says=(
            "15 berkas periode lain dilewati",))
        out[f"tw-hitung-{q}"] = Journey(("hitung", "tw", "--periode", q, "--keluaran", f"out/tw-hitung-{q}",
                                         "--json", f"out/tw-{q}.json"),
                                        writes=tuple(f"out/tw-hitung-{q}/kinerja-{u}-2023-{q}.xlsx" for u in (
                                            "SETJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS")) + (
                                            f"out/tw-{q}.json",))
        out[f"tw-konsolidasi-{q}"] = Journey(("konsolidasi", "tw", "--periode", q, "-o", f"out/tw-{q}.xlsx",
                                              "--json", f"out/tw-k-{q}.json"),
                                             writes=(f"out/tw-{q}.xlsx", f"out/tw-k-{q}.json"),
                                             says=("Capaian kinerja Kementerian Sosial Republik Indonesia s.d. ",))
        out[f"tw-laporan-{q}"] = Journey(("laporan", "tw", "--periode", q, "-o", f"out/tw-{q}.docx"),
                                         writes=(f"out/tw-{q}.docx",))
    return out


JOURNEYS: dict[str, Journey] = {
    # -- the 2023 example (the bundled catalog) ---------------------------------------------------------------
    "k-validasi": Journey(("validasi", "k2023", "--json", "out/k-validasi.json"), writes=("out/k-validasi.json",)),
    "k-hitung": Journey(("hitung", "k2023", "--keluaran", "out/k-hitung"), writes=tuple(
        f"out/k-hitung/kinerja-{u}-2023-tahunan.xlsx" for u in ("SETJEN", "ITJEN", "REHSOS", "LINJAMSOS",
                                                               "DAYASOS"))),
    "k-hitung-json": Journey(("hitung", "k2023", "--tanpa-tulis-balik", "--json", "out/k-hitung.json"),
                             writes=("out/k-hitung.json",)),
    "k-konsolidasi": Journey(("konsolidasi", "k2023", "-o", "out/k.xlsx", "--json", "out/k.json"),
                             writes=("out/k.xlsx", "out/k.json"),
                             says=("Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,25",)),
    "k-pantau": Journey(("pantau", "k2023", "-o", "out/k-pantau.xlsx"), writes=("out/k-pantau.xlsx",)),
    "k-laporan": Journey(("laporan", "k2023", "-o", "out/k.docx", "--reviu", "k2023/dilaporkan-2023.xlsx"),
                         writes=("out/k.docx",)),
    "k-ekspor-csv": Journey(("ekspor", "k2023", "-o", "out/k.csv"), writes=("out/k.csv",)),
    "k-ekspor-csv-intl": Journey(("ekspor", "k2023", "--csv", "internasional", "-o", "out/k-intl.csv"),
                                 writes=("out/k-intl.csv",)),
    "k-ekspor-parquet": Journey(("ekspor", "k2023", "-o", "out/k.parquet"), writes=("out/k.parquet",)),
    "k-ekspor-xlsx": Journey(("ekspor", "k2023", "-o", "out/k-ekspor.xlsx"), writes=("out/k-ekspor.xlsx",)),
    "k-ekspor-json": Journey(("ekspor", "k2023", "-o", "out/k-ekspor.json"), writes=("out/k-ekspor.json",)),
    "k-reviu": Journey(("reviu", "k2023", "--dilaporkan", "k2023/dilaporkan-2023.xlsx", "-o", "out/k-reviu.xlsx",
                        "--json", "out/k-reviu.json"), exit=1, writes=("out/k-reviu.xlsx", "out/k-reviu.json"),
                       says=("dihitung               117,30",)),
    "k-templat": Journey(("templat", "--semua-unit", "-o", "out/k-templat"), writes=tuple(
        f"out/k-templat/kinerja-{u}-2023-tahunan.xlsx" for u in ("SETJEN", "ITJEN", "REHSOS", "LINJAMSOS",
                                                                "DAYASOS"))),
    "k-templat-unit": Journey(("templat", "--unit", "rehsos", "--periode", "tw3", "-o", "out/k-templat-tw3"),
                              writes=("out/k-templat-tw3/kinerja-REHSOS-2023-TW3.xlsx",)),
    "k-templat-dilaporkan": Journey(("templat", "--dilaporkan", "-o", "out/k-d"),
                                    writes=("out/k-d/dilaporkan-2023.xlsx",)),
    "k-templat-peluncur": Journey(("templat", "--peluncur", "-o", "out/k-p"),
                                  writes=("out/k-p/konsolidasi-2023.xlsx",)),
    "k-katalog": Journey(("katalog",), says=("Katalog valid:",)),
    "k-katalog-baru": Journey(("katalog", "--baru", "out/katalog-baru.yaml"), writes=("out/katalog-baru.yaml",)),
    # -- the quarterly example, every period, and the year followed period by period --------------------------
    **_quarter_journeys(),
    "tw-pantau": Journey(("pantau", "tw", "-o", "out/tw-pantau.xlsx"), writes=("out/tw-pantau.xlsx",)),
    "tw-ekspor": Journey(("ekspor", "tw", "-o", "out/tw.csv"), writes=("out/tw.csv",)),
    "tw-ekspor-tw2": Journey(("ekspor", "tw", "--periode", "TW2", "-o", "out/tw2.parquet"),
                             writes=("out/tw2.parquet",)),
    # -- the pemda example with its own catalog -----------------------------------------------------------------
    "p-katalog": Journey(("katalog", str(PEMDA_CATALOG)), says=("Katalog valid:",)),
    "p-validasi": Journey(("validasi", "pemda", "--katalog", str(PEMDA_CATALOG))),
    "p-hitung": Journey(("hitung", "pemda", "--katalog", str(PEMDA_CATALOG), "--keluaran", "out/p-hitung"),
                        writes=tuple(f"out/p-hitung/kinerja-{u}-2024-tahunan.xlsx" for u in ("BAPPEDA", "DINKES",
                                                                                             "DISDIK"))),
    "p-konsolidasi": Journey(("konsolidasi", "pemda", "--katalog", str(PEMDA_CATALOG), "-o", "out/p.xlsx"),
                             writes=("out/p.xlsx",), says=("tahun 2024: 102,16",)),
    "p-pantau": Journey(("pantau", "pemda", "--katalog", str(PEMDA_CATALOG), "-o", "out/p-pantau.xlsx"),
                        writes=("out/p-pantau.xlsx",)),
    "p-laporan": Journey(("laporan", "pemda", "--katalog", str(PEMDA_CATALOG), "-o", "out/p.docx"),
                         writes=("out/p.docx",)),
    "p-ekspor": Journey(("ekspor", "pemda", "--katalog", str(PEMDA_CATALOG), "-o", "out/p.csv"),
                        writes=("out/p.csv",)),
    "p-ekspor-parquet": Journey(("ekspor", "pemda", "--katalog", str(PEMDA_CATALOG), "-o", "out/p.parquet"),
                                writes=("out/p.parquet",)),
    "p-templat": Journey(("templat", "--katalog", str(PEMDA_CATALOG), "--semua-unit", "-o", "out/p-templat"),
                         writes=tuple(f"out/p-templat/kinerja-{u}-2024-tahunan.xlsx" for u in ("BAPPEDA", "DINKES",
                                                                                               "DISDIK"))),
    "p-templat-dilaporkan": Journey(("templat", "--katalog", str(PEMDA_CATALOG), "--dilaporkan", "-o",
                                     "out/pemda-d"), writes=("out/pemda-d/dilaporkan-2024.xlsx",)),
    "p-reviu": Journey(("reviu", "pemda", "--katalog", str(PEMDA_CATALOG), "--dilaporkan",
                        "out/pemda-d/dilaporkan-2024.xlsx", "-o", "out/p-reviu.xlsx"), exit=1,
                       writes=("out/p-reviu.xlsx",), says=("Reviu: 1 temuan",), before=_fill_pemda_reported),
    # -- a folder of every period of 2023 (and a 2024 workbook): --periode and --tahun choose -------------------
    "m-konsolidasi-tahunan": Journey(("konsolidasi", "mixed", "--tahun", "2023", "--periode", "Tahunan", "-o",
                                      "out/m-tahunan.xlsx"), writes=("out/m-tahunan.xlsx",), before=_blank_2024,
                                     says=("20 berkas periode lain dilewati (TW1, TW2, TW3, TW4; dipilih tahunan)",
                                           "tahun 2023: 107,25")),
    "m-konsolidasi-tw3": Journey(("konsolidasi", "mixed", "--tahun", "2023", "--periode", "TW3", "-o",
                                  "out/m-tw3.xlsx"), writes=("out/m-tw3.xlsx",), before=_blank_2024,
                                 says=("1 berkas tahun lain dilewati (2024; dipilih 2023)",
                                       "berkas periode lain dilewati")),
    "m-laporan-tw2": Journey(("laporan", "mixed", "--tahun", "2023", "--periode", "TW2", "-o", "out/m-tw2.docx"),
                             writes=("out/m-tw2.docx",), before=_blank_2024),
    "m-hitung-tw4": Journey(("hitung", "mixed", "--tahun", "2023", "--periode", "TW4", "--keluaran", "out/m-tw4"),
                            writes=tuple(f"out/m-tw4/kinerja-{u}-2023-TW4.xlsx" for u in ("SETJEN", "ITJEN")),
                            before=_blank_2024),
    "m-pantau-2023": Journey(("pantau", "mixed", "--tahun", "2023", "-o", "out/m-pantau.xlsx"),
                             writes=("out/m-pantau.xlsx",), before=_blank_2024,
                             says=("1 berkas tahun lain dilewati (2024; dipilih 2023)",)),
    "m-validasi-2023": Journey(("validasi", "mixed", "--tahun", "2023"), before=_blank_2024),
    # -- a unit folder that also holds kinerja_xl's own outputs ---------------------------------------------------
    "o-konsolidasi": Journey(("konsolidasi", "own", "-o", "own/laporan-kinerja-2023.xlsx"),
                             writes=("own/laporan-kinerja-2023.xlsx",)),
    "o-pantau": Journey(("pantau", "own", "-o", "own/pemantauan-2023.xlsx"), writes=("own/pemantauan-2023.xlsx",)),
    "o-reviu": Journey(("reviu", "own", "--dilaporkan", "own/dilaporkan-2023.xlsx", "-o", "own/reviu.xlsx"),
                       exit=1, writes=("own/reviu.xlsx",)),
    "o-peluncur": Journey(("templat", "--peluncur", "-o", "own"), writes=("own/konsolidasi-2023.xlsx",)),
    "o-ekspor": Journey(("ekspor", "own", "-o", "own/ekspor.xlsx"), writes=("own/ekspor.xlsx",)),
}
#: Runs on the folder of outputs once the outputs are there.
AFTER_OUTPUTS = {
    "o-validasi": Journey(("validasi", "own"), says=("5 berkas keluaran kinerja_xl dilewati: ekspor.xlsx (buku kerja "
                                                     "ekspor), konsolidasi-2023.xlsx (buku kerja peluncur)",)),
    "o-konsolidasi-lagi": Journey(("konsolidasi", "own", "-o", "out/o-lagi.xlsx"), writes=("out/o-lagi.xlsx",),
                                  says=("berkas keluaran kinerja_xl dilewati", "tahun 2023: 107,25")),
    "o-hitung": Journey(("hitung", "own", "--keluaran", "out/o-hitung"), writes=tuple(
        f"out/o-hitung/kinerja-{u}-2023-tahunan.xlsx" for u in ("SETJEN", "ITJEN", "REHSOS", "LINJAMSOS",
                                                               "DAYASOS"))),
    "o-laporan": Journey(("laporan", "own", "-o", "out/o.docx"), writes=("out/o.docx",)),
}
OWN = [name for name in JOURNEYS if name.startswith("o-")]


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    batch = args[0] in ("validasi", "hitung", "konsolidasi", "pantau", "laporan", "ekspor", "reviu")
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args, *(("-j", "1") if batch else ())], cwd=root,
                          capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root)})


@pytest.fixture(scope="module")
def runs(space: Path) -> Callable[[str], Done]:
    """Run a journey (once per module) and give its result."""
    done: dict[str, Done] = {}
    prepared: set[Callable[[Path], None]] = set()

    def get(name: str) -> Done:
        if name not in done:
            if name in AFTER_OUTPUTS:
                for own in OWN:
                    get(own)
            journey = JOURNEYS.get(name) or AFTER_OUTPUTS.get(name) or MISTAKES[name]
            if name == "p-reviu":
                get("p-templat-dilaporkan")
            if journey.before is not None and journey.before not in prepared:
                journey.before(space)
                if journey.before is _blank_2024:
                    prepared.add(journey.before)
            done[name] = Done(journey, _run(space, *journey.args), [space / w for w in journey.writes])
        return done[name]

    return get


def check_written(path: Path) -> None:
    """A file kinerja_xl wrote: there, sound, and readable by what its users open it with."""
    assert path.is_file() and path.stat().st_size > 0, path
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        assert check_package(path.read_bytes()) == [], path
        openpyxl.load_workbook(path).close()
    elif suffix == ".docx":
        from docx import Document

        assert Document(str(path)).paragraphs
    elif suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif suffix == ".csv":
        import pandas as pd

        dialect = {} if "intl" in path.name else {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}
        frame = pd.read_csv(path, **dialect)
        assert len(frame) and frame["capaian"].dtype.kind == "f"  # numbers, not text
    elif suffix == ".parquet":
        import pandas as pd

        assert len(pd.read_parquet(path))
    elif suffix == ".yaml":
        assert path.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("name", [*JOURNEYS, *AFTER_OUTPUTS])
def test_journey(runs: Callable[[str], Done], name: str) -> None:
    done = runs(name)
    result, journey = done.result, done.journey
    assert result.returncode == journey.exit, f"{journey.args}\n{done.text}"
    assert "Galat internal" not in done.text and "Traceback" not in done.text, done.text
    for path in done.written:
        check_written(path)
    for phrase in journey.says:
        assert phrase in done.text, f"{phrase!r} tidak ada dalam:\n{done.text}"


def test_a_quarter_consolidation_shows_what_a_quarter_needs(runs: Callable[[str], Done], space: Path) -> None:
    """TW2 with quarter targets for SS2: the target used, the annual target and the % of the annual target;
    JSON names the target used."""
    runs("tw-konsolidasi-TW2")
    book = openpyxl.load_workbook(space / "out" / "tw-TW2.xlsx")
    rows = {r[0]: r for r in book["Ringkasan"].iter_rows(values_only=True) if r[0]}
    assert rows["Kode"][3:] == ("Target Triwulan II", "Target 2023", "Realisasi s.d. Triwulan II", "% Capaian",
                                "% thd target 2023")
    assert rows["SS2.1"][3:5] == (40, 65) and rows["SS1.1"][3] == "–"
    data = json.loads((space / "out" / "tw-k-TW2.json").read_text(encoding="utf-8"))
    ss21 = data["sasaran"][1]["indikator"][0]
    assert (ss21["target_dipakai"], ss21["target_periode"], ss21["target"]) == ("triwulan", 40, 65)
    assert ss21["capaian"] == 114.78 and ss21["capaian_tahunan"] == 70.63


def test_every_category_is_centred_as_the_indicators_are(runs: Callable[[str], Done], space: Path) -> None:
    """The pemda catalog names categories: on the average and instansi rows the category was left-aligned in the
    summary's fill and ran into the capaian beside it on the printed page ("96,98Sangat Tinggi")."""
    runs("p-konsolidasi")
    from kinerja_xl.catalog import load_catalog

    names = {band.label for band in load_catalog(PEMDA_CATALOG).categories}
    book = openpyxl.load_workbook(space / "out" / "p.xlsx")
    recalculated = openpyxl.load_workbook(space / "out" / "p.xlsx", data_only=True)
    shown = [(sheet.title, cell.coordinate, cell.alignment.horizontal) for sheet in book.worksheets
             for row in sheet.iter_rows() for cell in row
             if recalculated[sheet.title][cell.coordinate].value in names]
    assert len({where[:2] for where in shown}) >= 10, shown  # indicators, sasaran averages and the instansi
    assert [where for where in shown if where[2] != "center"] == []


def test_a_quarterly_draft_says_what_a_quarter_is(runs: Callable[[str], Done], space: Path) -> None:
    from docx import Document

    runs("tw-laporan-TW2")
    text = "\n".join(p.text for p in Document(str(space / "out" / "tw-TW2.docx")).paragraphs)
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia s.d. Triwulan II 2023 sebesar 104,62%" in text
    assert "tahun 2022" not in text and "turun 6,75 poin" not in text  # no comparison with a whole year
    assert "efisien." not in text and "Efisiensi tidak dinilai untuk triwulan" in text
    assert "nol dari" not in text and "tidak satu pun dari dua indikatornya mencapai target" in text
    assert "melampaui target Triwulan II 40% sebesar 5,91 poin persentase" in text
    assert "Terhadap target tahun 2023 (65%) capaiannya 70,63%." in text
    # the budget's score of a quarter is the quarter's, not the year's (the annual draft's is 93,36)
    assert "Nilai Kinerja Anggaran s.d. Triwulan II 2023 sebesar 91,50" in text
    assert "Nilai Kinerja Anggaran tahun 2023" not in text
    # the catalog's titles of the annual report compare with other years; a quarter's tables compare with none
    captions = [line for line in text.splitlines() if line.startswith("Tabel ")]
    assert not [c for c in captions if "2022" in c or "2020" in c or "Perbandingan" in c or "2024" in c], captions
    assert any(c.startswith("Tabel 3.4 Realisasi Sub Indikator dan Komponen SS1.1 ") and
               c.endswith("Tahun 2023 s.d. Triwulan II") for c in captions), captions
    titles = [line for line in text.splitlines() if "Nilai Kinerja Anggaran Tahun" in line]
    assert titles and all(t.endswith("Nilai Kinerja Anggaran Tahun 2023 s.d. Triwulan II") for t in titles), titles


# -- the mistakes users make -----------------------------------------------------------------------------------

MISTAKES: dict[str, Journey] = {
    "x-tidak-ada": Journey(("validasi", "tidak-ada"), exit=2, says=("tidak-ada tidak ditemukan.",)),
    "x-folder-kosong": Journey(("konsolidasi", "out/kosong", "-o", "out/x.xlsx"), exit=2,
                               says=("folder out/kosong kosong",),
                               before=lambda root: (root / "out" / "kosong").mkdir(exist_ok=True)),
    "x-keluaran-folder": Journey(("konsolidasi", "k2023", "-o", "out"), exit=2,
                                 says=("adalah folder, bukan berkas",)),
    "x-keluaran-terlarang": Journey(("konsolidasi", "k2023", "-o", "/sys/kernel/k.xlsx"), exit=2,
                                    says=("/sys/kernel/k.xlsx",)),
    "x-hitung-terlarang": Journey(("hitung", "k2023", "--keluaran", "/sys/kernel"), exit=2,
                                  says=("/sys/kernel/kinerja-REHSOS-2023-tahunan.xlsx", "tidak berubah.")),
    "x-dilaporkan-pdf": Journey(("reviu", "k2023", "--dilaporkan", "out/bukan.pdf"), exit=2,
                                says=("isinya berkas PDF",),
                                before=lambda root: (root / "out" / "bukan.pdf").write_bytes(b"%PDF-1.4 bukan")),
    "x-dilaporkan-kosong": Journey(("reviu", "k2023", "--dilaporkan", "out/k-d/dilaporkan-2023.xlsx"), exit=2,
                                   says=("belum berisi angka tercetak",)),
    "x-pantau-periode": Journey(("pantau", "tw", "--periode", "TW2", "-o", "out/x.xlsx"), exit=2,
                                says=("pantau mengikuti semua periode satu tahun sekaligus",
                                      "Untuk satu periode saja, pakai konsolidasi --periode PERIODE")),
    "x-xls-periode-lain": Journey(("validasi", "out/tw-xls", "--periode", "TW2"), exit=0,
                                  says=("15 berkas periode lain dilewati (TW1, TW3, TW4; dipilih TW2)",
                                        "0 tidak terbaca"), before=lambda root: _old_format_of(root, "TW1")),
    "x-xls-periode-ini": Journey(("validasi", "out/tw-xls", "--periode", "TW1"), exit=2,
                                 says=("kinerja-REHSOS-2023-TW1.xls: Berkas memakai format Excel lama (.xls",
                                       "1 tidak terbaca"), before=lambda root: _old_format_of(root, "TW1")),
    "x-katalog-lupa": Journey(("validasi", "pemda"), exit=1,
                              says=("katalog 'kab-contoh-2024', seharusnya 'kemensos-2023'; bila berkas ini untuk "
                                    "katalog 'kab-contoh-2024', periksa dengan katalog itu (--katalog)",)),
    "x-dilaporkan-katalog-lain": Journey(("reviu", "pemda", "--katalog", str(PEMDA_CATALOG), "--dilaporkan",
                                          "k2023/dilaporkan-2023.xlsx"), exit=2,
                                         says=("dibuat untuk katalog 'kemensos-2023'",)),
    "x-katalog-yaml": Journey(("katalog", "out/rusak.yaml"), exit=2, says=("baris 2, kolom",),
                              before=lambda root: (root / "out" / "rusak.yaml").write_text("a: [1, 2\nb: c\n")),
    "x-katalog-biner": Journey(("validasi", "k2023", "--katalog", "out/biner.yaml"), exit=2,
                               says=("bukan teks UTF-8",),
                               before=lambda root: (root / "out" / "biner.yaml").write_bytes(bytes(range(128, 256)))),
    "x-katalog-folder": Journey(("katalog", "out"), exit=2, says=("adalah folder, bukan berkas",)),
    "x-periode": Journey(("validasi", "k2023", "--periode", "tw5"), exit=2, says=("bukan salah satu dari",)),
    "x-tahun": Journey(("validasi", "k2023", "--tahun", "dua ribu"), exit=2, says=("bukan bilangan bulat",)),
    "x-opsi": Journey(("validasi", "k2023", "--nggak-ada"), exit=2, says=("tidak dikenal",)),
    "x-perintah": Journey(("hitungan",), exit=2, says=("perintah 'hitungan' tidak dikenal",)),
    "x-argumen": Journey(("konsolidasi",), exit=2, says=("argumen wajib belum diberikan",)),
    "x-unit": Journey(("templat", "--unit", "xyz", "-o", "out/x"), exit=2, says=("unit tidak dikenal: xyz",)),
    "x-toleransi": Journey(("reviu", "k2023", "--dilaporkan", "k2023/dilaporkan-2023.xlsx", "--toleransi", "abc"),
                           exit=2, says=("toleransi tidak valid",)),
    "x-campur": Journey(("konsolidasi", "mixed", "-o", "out/x.xlsx"), exit=1,
                        says=("beberapa tahun/periode", "--periode"), before=_blank_2024),
    "x-ods": Journey(("konsolidasi", "odd", "-o", "out/odd.xlsx"), exit=2, before=_ods_for_rehsos,
                     writes=("out/odd.xlsx",), says=("simpan ulang sebagai .xlsx",)),
    "x-format-keluaran": Journey(("ekspor", "k2023", "-o", "out/x.txt"), exit=2, says=("format keluaran",)),
    # a filter that chooses nothing: said, nothing written (it was "0 berkas", exit 0, an empty consolidation)
    "x-tahun-tanpa-berkas": Journey(("validasi", "k2023", "--tahun", "2022"), exit=2,
                                    says=("tidak ada buku kerja unit yang dibaca: 5 berkas tahun lain dilewati "
                                          "(2023; dipilih 2022).", "Periksa --tahun dan --periode.")),
    "x-periode-tanpa-berkas": Journey(("konsolidasi", "k2023", "--periode", "tw2", "-o", "out/x-tw2.xlsx"), exit=2,
                                      says=("5 berkas periode lain dilewati (tahunan; dipilih TW2)",)),
    "x-hitung-tanpa-berkas": Journey(("hitung", "k2023", "--tahun", "2024"), exit=2,
                                     says=("tidak ada buku kerja unit yang dibaca",)),
    "x-riwayat-tidak-ada": Journey(("riwayat", "tidak-ada"), exit=2, says=("Folder 'tidak-ada' tidak ada.",)),
    # a denominator of 0 left the rate, its sasaran and the instansi without capaian while every file was "valid"
    "x-penyebut-nol": Journey(("validasi", "out/pemda-nol", "--katalog", str(PEMDA_CATALOG)), exit=1,
                              before=_pemda_zero_denominator,
                              says=(PEMDA_ZERO, "1 tidak valid", "1 galat, 0 peringatan")),
    "x-penyebut-nol-konsolidasi": Journey(("konsolidasi", "out/pemda-nol", "--katalog", str(PEMDA_CATALOG), "-o",
                                           "out/p-nol.xlsx"), exit=1, before=_pemda_zero_denominator,
                                          writes=("out/p-nol.xlsx",), says=(PEMDA_ZERO, "1 tidak valid")),
    "x-penyebut-nol-hitung": Journey(("hitung", "out/pemda-nol", "--katalog", str(PEMDA_CATALOG), "--keluaran",
                                      "out/p-nol-hitung"), exit=1, before=_pemda_zero_denominator,
                                     says=(PEMDA_ZERO, "Hasil TIDAK ditulis untuk out/pemda-nol/kinerja-DINKES-2024-"
                                           "tahunan.xlsx", "kinerja-DINKES-2024-tahunan.xlsx: hanya Validasi ditulis")),
}


def test_the_command_alone_shows_its_help_not_an_error(space: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kinerja_xl"], cwd=space, capture_output=True, text=True,
                            timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(space)})
    assert result.returncode == 2
    assert result.stderr.startswith("Penggunaan: kinerja-xl [OPSI] PERINTAH") and "Galat" not in result.stderr


def test_a_filter_that_chooses_nothing_writes_nothing(runs: Callable[[str], Done], space: Path) -> None:
    runs("x-periode-tanpa-berkas")
    assert not (space / "out" / "x-tw2.xlsx").exists()


@pytest.mark.parametrize("name", list(MISTAKES))
def test_mistake(runs: Callable[[str], Done], name: str) -> None:
    if name == "x-dilaporkan-kosong":
        runs("k-templat-dilaporkan")
    done = runs(name)
    assert done.result.returncode == done.journey.exit, done.text
    assert "Galat internal" not in done.text and "Traceback" not in done.text, done.text
    for phrase in done.journey.says:
        assert phrase in done.text, f"{phrase!r} tidak ada dalam:\n{done.text}"
    for path in done.written:
        check_written(path)


def test_a_unit_saved_as_ods_is_named_not_called_missing(runs: Callable[[str], Done]) -> None:
    text = runs("x-ods").text
    assert "format-bukan-xlsx" in text and "kinerja-REHSOS-2023-tahunan.ods" in text
    assert "Berkas unit REHSOS" not in text  # its file is right there, only in another format


# -- every word printed ------------------------------------------------------------------------------------------

#: Words of English that no Indonesian message uses (common error-message words), and Python's own names.
ENGLISH = frozenset((
    "the", "is", "are", "was", "not", "no", "of", "to", "and", "or", "in", "on", "for", "with", "from", "by", "this",
    "that", "it", "be", "cannot", "could", "couldn't", "failed", "failure", "error", "errors", "exception", "file",
    "files", "directory", "permission", "denied", "invalid", "expected", "found", "missing", "usage", "option",
    "options", "argument", "arguments", "such", "while", "parsing", "decode", "codec", "byte", "bytes", "position",
    "detect", "unexpected", "extra", "choose", "help", "show", "message", "exit", "default", "required", "read",
    "write", "only", "space", "left", "device", "name", "too", "long", "empty", "operation", "permitted", "aborted",
    "unknown", "does", "exist", "exists", "given", "got", "must", "should", "value", "values", "line", "column",
    "mapping", "sequence", "scalar", "token", "document", "stream", "key", "integer", "range", "choice", "choices",
))
EXCEPTION_NAMES = re.compile(r"\b(?:[A-Z][A-Za-z]*(?:Error|Exception|Warning)|BadZipFile|Traceback|Errno|"
                             r"CalamineError|PanicException|KeyboardInterrupt)\b")
_PATHISH = re.compile(r"\S*[/\\]\S*|\S+\.(?:xlsx|xlsm|xls|ods|xlsb|docx|csv|json|parquet|yaml|yml|pdf|txt)\b"
                      r"|(?<!\w)--?[\w-]+"  # options are named as typed (--help, --keluaran)
                      r"|\b[0-9a-f]{8}\b")  # a file version's short hash ("ITJEN be61cb40": no word "be")


def english_in(text: str) -> list[str]:
    """English words and exception names in ``text`` (paths and file names left out: they are the user's)."""
    found = EXCEPTION_NAMES.findall(text)
    cleaned = _PATHISH.sub(" ", text)
    found += [w for w in re.findall(r"[A-Za-z']+", cleaned) if w.lower() in ENGLISH]
    return found


def test_the_word_list_finds_what_used_to_reach_users() -> None:
    for leaked in ("File 'out' is a directory.", "Permission denied", "PermissionError: [Errno 13] x.tmp",
                   "(BadZipFile: File is not a zip file)", "(CalamineError: Cannot detect file format)",
                   "'utf-8' codec can't decode byte 0xa0 in position 0", "[bawaan: 0.01]"
                   " did not find expected ',' or ']'"):
        assert english_in(leaked), leaked
    assert english_in("Capaian kinerja Kementerian Sosial Republik Indonesia s.d. Triwulan II 2023: 104,62") == []
    assert english_in("Versi buku kerja unit: ITJEN be61cb40 (06-12-2026 11:03)") == []


def test_no_english_reaches_a_user(runs: Callable[[str], Done]) -> None:
    """Every line the journeys and the mistakes printed: no English word, no Python exception name."""
    leaks = {}
    for name in [*JOURNEYS, *AFTER_OUTPUTS, *MISTAKES]:
        words = english_in(runs(name).text)
        if words:
            leaks[name] = sorted(set(words))
    assert leaks == {}


@pytest.mark.parametrize("command", ["templat", "validasi", "hitung", "konsolidasi", "pantau", "laporan", "ekspor",
                                     "reviu", "katalog"])
def test_help_is_indonesian_with_indonesian_numbers(space: Path, command: str) -> None:
    result = _run(space, command, "--help")
    assert result.returncode == 0
    assert english_in(result.stdout) == []
    assert "[default" not in result.stdout and "0.01" not in result.stdout
    if command == "reviu":
        assert "[bawaan: 0,01]" in result.stdout
