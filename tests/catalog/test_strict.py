"""The catalog is user input: unknown keys, unsafe codes and YAML tricks are refused, named by node and key."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kinerja_xl.catalog import CatalogError, load_catalog, parse_catalog
from kinerja_xl.catalog.safe_yaml import RefusedYaml, load_yaml
from kinerja_xl.review.tables import load_layout
from tests.support.catalogs import TINY, edited, refused

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("old", "new", "node", "field", "suggestion"), [
    ("tahun: 2025\n", "tahunn: 2025\ntahun: 2025\n", "katalog", "tahunn", "tahun"),
    ("kementerian: Dinas Uji Coba Kabupaten Contoh", "instansi: {nama: Dinas, nmaa: Dinas}", "katalog",
     "instansi.nmaa", "nama"),
    ("perjanjian_kinerja: {versi: Awal 2025}", "perjanjian_kinerja: {versi: Awal 2025, versii: 2}", "katalog",
     "perjanjian_kinerja.versii", "versi"),
    ("{kode: A, nama: Bidang Layanan}", "{kode: A, nma: Bidang Layanan, nama: X}", "katalog", "unit[0].nma", "nama"),
    ("{min: 100, label: Tercapai, warna: C6EFCE}", "{min: 100, label: Tercapai, warna: C6EFCE, wrna: 1}",
     "katalog", "pita_capaian[0].wrna", "warna"),
    ("        metode: langsung\n", "        metode: langsung\n        polaritass: turun\n", "S1.2", "polaritass",
     "polaritas"),
    ("        target: {2025: 85}\n", "        target: {2025: {min: 80, maks: 90, max: 90}}\n", "S1.2",
     "target.2025.max", "maks"),
    ("label: {pembilang: Layanan tepat waktu", "label: {pembilag: X, pembilang: Layanan tepat waktu", "S1.1",
     "label.pembilag", "pembilang"),
    ("    nama: Meningkatnya mutu layanan\n", "    nama: Meningkatnya mutu layanan\n    indikatr: []\n", "S1",
     "indikatr", "indikator"),
])
def test_an_unknown_key_is_an_error_with_its_node_and_a_suggestion(old, new, node, field, suggestion):
    found = refused(edited(old, new))
    assert [(n, f) for n, f, _ in found] == [(node, field)]
    assert found[0][2].endswith(f"maksud Anda '{suggestion}'?")


def test_a_misspelt_polarity_no_longer_turns_an_indicator_around():
    # before: 'polaritass: turun' was ignored and the indicator counted higher-is-better
    with pytest.raises(CatalogError, match="polaritass"):
        parse_catalog(edited("        metode: langsung\n", "        metode: langsung\n        polaritass: turun\n"))


def test_keys_of_other_blocks_are_named_too():
    text = TINY + textwrap.dedent("""
        predikat:
          ikm:
            - {kode: A, nama: Baik, dari: 0, hinga: 100}
        anggaran:
          jenis_belanj: {pemilik: [A]}
          per_sasaran: {pemilk: [A]}
        laporan:
          singkatan: LKj
          tabel:
            capaian: {nomor: "3.1", judull: "X"}
        """)
    found = {(n, f): m for n, f, m in refused(text)}
    assert found[("katalog", "predikat.ikm[0].hinga")].endswith("maksud Anda 'hingga'?")
    assert found[("anggaran", "jenis_belanj")].endswith("maksud Anda 'jenis_belanja'?")
    assert found[("anggaran", "per_sasaran.pemilk")].endswith("maksud Anda 'pemilik'?")
    assert found[("laporan", "tabel.capaian.judull")].endswith("maksud Anda 'judul'?")


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("        metode: rasio\n", "        metode: rasio\n        kelompok: [a, b]\n", "kelompok", "tidak dipakai"),
    ("        metode: langsung\n", "        metode: langsung\n        sampel: true\n", "sampel", "tidak dipakai"),
    ("        metode: langsung\n", "        metode: langsung\n        bobot: 3\n", "bobot", "jumlah_berbobot"),
    ("label: {pembilang: Layanan tepat waktu", "label: {nilai: X, pembilang: Layanan tepat waktu", "label.nilai",
     "tidak dipakai metode 'rasio'"),
])
def test_a_key_its_method_does_not_read_is_refused(old, new, field, words):
    found = refused(edited(old, new))
    assert [(f, words in m) for _, f, m in found] == [(field, True)]


def test_both_names_of_the_instansi_are_one_too_many():
    found = refused(edited("kementerian: Dinas", "instansi: {nama: Dinas B}\nkementerian: Dinas"))
    assert [(n, f) for n, f, _ in found] == [("katalog", "kementerian")]


def test_a_goal_takes_no_method_or_target():
    found = refused(edited("    nama: Meningkatnya mutu layanan\n",
                           "    nama: Meningkatnya mutu layanan\n    metode: rasio\n    target: {2025: 1}\n"))
    assert {(n, f) for n, f, _ in found} == {("S1", "metode"), ("S1", "target")}
    assert all("tidak berlaku untuk sasaran" in m for *_, m in found)


HOSTILE_CODES = ["../../keluar", "a/b", "a\\b", "..", ".tersembunyi", "B\0x", "L" * 300, "CON", "nul", "com1",
                 "A B", "'A'", "[A]", "A\"", "=1+1", "@A", "A\x1b[31m", "Ã", "\u0410", "A\u202e"]


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_a_unit_code_that_could_escape_a_folder_or_confuse_a_reader_is_refused(code):
    quoted = '"' + code.replace("\\", "\\\\").replace('"', '\\"').replace("\0", "\\0").replace("\x1b", "\\e") + '"'
    text = edited("{kode: B, nama: Bidang Mutu}", f"{{kode: {quoted}, nama: Bidang Mutu}}").replace(
        "pemilik: [B]", f"pemilik: [{quoted}]")
    found = refused(text)
    assert [(n, f) for n, f, _ in found] == [("katalog", "unit[1].kode")]
    assert "\0" not in found[0][2] and "\x1b" not in found[0][2]


@pytest.mark.parametrize("code", ["../S1.1", "S1 1", "S1.1'", "S1.1[0]", "=S1"])
def test_a_node_code_outside_the_safe_alphabet_is_refused(code):
    found = refused(edited("      - kode: S1.1\n", f"      - kode: {code!r}\n"))
    assert ("kode", True) in [(f, "hanya boleh memuat" in m) for _, f, m in found]


def test_codes_real_catalogs_use_stay_valid():
    text = edited("      - kode: S1.1\n", "      - kode: SS1.2_b-3.tw1\n")
    assert parse_catalog(text).node("SS1.2_b-3.tw1").method == "rasio"


@pytest.mark.parametrize("path", sorted([*ROOT.glob("templates/katalog-*.yaml"), *ROOT.glob("kinerja_xl/data/*.yaml")]),
                         ids=lambda p: p.name)
def test_every_bundled_yaml_loads_strictly(path):
    if path.name.startswith("reviu-"):
        assert load_layout(path).tables
    elif path.name.startswith("kuesioner-"):  # the SKM questionnaires (kinerja_xl.catalog.survey)
        from kinerja_xl.catalog.survey import questionnaire, questionnaire_ids

        assert [len(questionnaire(q)[1]) for q in questionnaire_ids()] == [9, 14]
    else:
        assert load_catalog(path).goals


def test_an_alias_bomb_is_refused_before_it_expands():
    # nine levels of nine aliases: 387 million strings once expanded; refused from the node graph
    lines = ["skema: 1", "catatan:", "  l0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"  l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    with pytest.raises(RefusedYaml, match="alias"):
        load_yaml("\n".join(lines))


def test_an_alias_bomb_cannot_hang_the_catalog_command(tmp_path):
    """The whole command in a subprocess, bounded in time and memory: a regression fails, it cannot hang CI."""
    bomb = tmp_path / "bom.yaml"
    nested = "".join(f"  l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    bomb.write_text(TINY.replace("sasaran:", "anggaran:\n  l0: &a0 [x, x, x, x, x, x, x, x, x]\n" + nested
                                 + "sasaran:", 1), encoding="utf-8")
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
    run = subprocess.run([sys.executable, "-c", limit + "from kinerja_xl.cli import main; main()", "katalog",
                          str(bomb)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "alias" in run.stderr and "Traceback" not in run.stderr


def test_a_duplicate_key_is_refused_not_silently_overwritten():
    with pytest.raises(CatalogError, match="kunci 'polaritas' ditulis dua kali"):
        parse_catalog(edited("        metode: langsung\n",
                             "        metode: langsung\n        polaritas: turun\n        polaritas: naik\n"))


def test_deep_nesting_is_refused():
    with pytest.raises(RefusedYaml, match="tingkat"):
        load_yaml("a: " + "[" * 200 + "]" * 200)


def test_a_catalog_file_larger_than_the_limit_is_refused_by_its_size(tmp_path, monkeypatch):
    import kinerja_xl.catalog.loader as loader

    monkeypatch.setattr(loader, "MAX_YAML_BYTES", 1000)
    path = tmp_path / "besar.yaml"
    path.write_text(TINY + "#" * 2000, encoding="utf-8")
    with pytest.raises(CatalogError, match="lebih besar dari batas"):
        load_catalog(path)


# -- found by an exploratory attack: what passed the catalog check, then crashed a command or was lost silently --

@pytest.mark.parametrize(("old", "new", "node", "field"), [
    ("realisasi_lalu: {2024: 75}", "realisasi_lalu: {2024: 1e999999999}", "S1.1", "realisasi_lalu.2024"),
    ("realisasi_lalu: {2024: 75}", "realisasi_lalu: {2024: 1e400}", "S1.1", "realisasi_lalu.2024"),
    ("realisasi_lalu: {2024: 75}", "realisasi_lalu: {2024: 1e-400}", "S1.1", "realisasi_lalu.2024"),
    ("{min: 100, label: Tercapai", "{min: 1e999999999, label: Tercapai", "katalog", "pita_capaian[0].min"),
])
def test_a_number_beyond_what_excel_computes_exactly_is_refused(old, new, node, field):
    """YAML reads ``1e400`` (no dot) as text, which became a finite Decimal: the consolidated workbook then failed
    on an infinite float, the Word draft on a decimal overflow, each as an internal error in English."""
    found = refused(edited(old, new))
    assert [(n, f) for n, f, _ in found] == [(node, field)]
    assert "di luar jangkauan angka" in found[0][2]


@pytest.mark.parametrize("bad", ["\x00", "\x0b", "\x01", "\ufffe", "\x85"])
def test_a_control_character_in_a_name_is_refused(bad):
    """It reached the Word draft, whose library refuses it (an internal error), and the workbooks as U+FFFD."""
    escaped = repr(bad)[1:-1]  # as YAML writes it in double quotes
    found = refused(edited("{kode: A, nama: Bidang Layanan}", '{kode: A, nama: "Bidang' + escaped + 'Layanan"}'))
    assert [(n, f) for n, f, _ in found] == [("katalog", "unit[0].nama")]
    assert f"U+{ord(bad):04X}" in found[0][2]


@pytest.mark.parametrize("spelling", ["+2024", "2_024", "0x7e8", "2024.0"])
def test_a_year_written_twice_in_another_spelling_is_a_duplicate(spelling):
    """The data held one of them (the last), the other lost without a word."""
    with pytest.raises(CatalogError, match="ditulis dua kali"):
        parse_catalog(edited("realisasi_lalu: {2024: 75}", f"realisasi_lalu: {{2024: 75, {spelling}: 50}}"))


def test_a_year_with_a_fraction_is_refused():
    found = refused(edited("realisasi_lalu: {2024: 75}", "realisasi_lalu: {2024.5: 75}"))
    assert [(n, f) for n, f, _ in found] == [("S1.1", "realisasi_lalu")]
    assert "kunci tahun tidak valid: 2024.5" in found[0][2]


@pytest.mark.parametrize("merge", ["<<: {nama: Disisipkan}", "<<: [{nama: Disisipkan}]"])
def test_a_merge_key_is_refused_even_without_an_alias(merge):
    """``<<`` with an inline mapping passed: its values were dropped silently and the catalog's hash unchanged."""
    with pytest.raises(CatalogError, match="kunci gabungan YAML '<<' tidak diizinkan"):
        parse_catalog(edited("{kode: A, nama: Bidang Layanan}", "{kode: A, nama: Bidang Layanan, " + merge + "}"))


def test_unit_codes_differing_only_in_case_are_refused():
    """Unit codes name files (kinerja-A-2025-tahunan.xlsx), one file on Windows and macOS."""
    found = refused(edited("  - {kode: B, nama: Bidang Mutu}", "  - {kode: B, nama: Bidang Mutu}\n"
                                                               "  - {kode: a, nama: Bidang Huruf Kecil}"))
    assert [(n, f) for n, f, _ in found] == [("katalog", "unit[2].kode")]
    assert "sama dengan 'A' bila huruf besar/kecil diabaikan" in found[0][2]
