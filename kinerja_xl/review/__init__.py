"""Reviu of a draft Laporan Kinerja: every printed figure against the recomputation from the units' data.

Public API::

    from kinerja_xl.review import load_reported, review, review_files
    report = review(catalog, raw_inputs, load_reported("dilaporkan.xlsx", catalog))
    report.findings, report.to_json()

This module also holds the layout of the LKj Kementerian Sosial 2023 (:func:`lkj_kemensos_2023`): the
figures each table of that report prints (pages from its Daftar Tabel, lines of the seed text) and how each
is recomputed. Figures quoted in the narrative text are data in the *Dilaporkan* file (see
:mod:`kinerja_xl.review.printed`).
"""

from __future__ import annotations

from ..catalog.schema import MONTHS
from ..compute.engine import MINISTRY
from .printed import (
    Check,
    Hasil,
    Isian,
    Jumlah,
    Kali,
    Printed,
    PrintedRow,
    RataRata,
    Rasio,
    _Spec,
    checks_text,
    load_reported,
    load_reported_yaml,
    parse_checks,
    printed_rows,
    read_reported_values,
    read_reported_workbook,
)

__all__ = [
    "Finding", "FormatNote", "Printed", "PrintedRow", "ReviewReport", "checks_text", "clean_reported",
    "load_reported", "load_reported_yaml", "parse_checks", "printed_rows", "read_reported_values",
    "read_reported_workbook", "review", "review_files",
]


def _programs(s: _Spec, *total: Check) -> None:
    """The budget per program in the Perjanjian Kinerja (Lampiran)."""
    parts = tuple(s.add(row, "anggaran", label, "Anggaran (Rp)", whole=True)
                  for row, label in (("perlindungan", "1. Perlindungan Sosial"), ("dukungan", "2. Dukungan Manajemen")))
    s.add("jumlah", "anggaran", "Jumlah", "Anggaran (Rp)", Jumlah(parts), *total, whole=True)


def _history(s: _Spec, item: tuple[str, str, str, str]) -> None:
    code, tid, name, src = item
    s.table(tid, name, src)
    s.history(s.catalog.node(code))


def _info(s: _Spec, code: str, src: str) -> None:
    s.table(f"INFO.{code}", f"Infografis {code} (angka besar di samping tabel)", src)
    pct = s.catalog.node(code).unit_of_measure == "%"
    for m, label in (("target", "Target"), ("realisasi", "Realisasi"), ("capaian", "Capaian (%)")):
        s.add(code, m, s.name_of(code), label, Hasil(code, m), pct=pct or m == "capaian")


def _groups(s: _Spec, node: str, cols: tuple[tuple[str, str], ...], total: bool = True) -> None:
    rows = [s.ratio(g.code, g.name, cols, node, group=g.code, result=Hasil(node, f"rasio.{g.code}"))
            for g in s.catalog.node(node).groups]
    if total:
        (den, den_label), (num, num_label), (pc, pc_label) = cols
        d = s.add("jumlah", den, "Capaian (jumlah)", den_label, Jumlah(tuple(r[0] for r in rows)), whole=True)
        n = s.add("jumlah", num, "Capaian (jumlah)", num_label, Jumlah(tuple(r[1] for r in rows)), whole=True)
        s.add("jumlah", pc, "Capaian (jumlah)", pc_label, Rasio((n,), (d,)), Hasil(node, "realisasi"), pct=True)


def _years(s: _Spec, node: str, years: tuple[int, ...], cols: tuple[tuple[str, str], ...]) -> None:
    for y in years:
        current = y == s.catalog.year
        s.ratio(str(y), f"Tahun {y}", cols, node if current else None,
                result=Hasil(node, "realisasi" if current else f"realisasi_{y}"))


def _sampled(s: _Spec, node: str, population: tuple[str, str], improved: tuple[str, str]) -> None:
    """Tabel 3.13/3.17: population, sample, improved, % (of the population in 2022, of the sample in 2023)."""
    for y in (s.catalog.year - 1, s.catalog.year):
        current = y == s.catalog.year
        raw = {"pop": [Isian(node, "populasi")], "sample": [Isian(node, "penyebut")],
               "num": [Isian(node, "pembilang")]} if current else {"pop": [], "sample": [], "num": []}
        p = s.add(str(y), population[0], f"Tahun {y}", population[1], *raw["pop"], whole=True)
        q = s.add(str(y), "sampel", f"Tahun {y}", "Sampel", *raw["sample"], whole=True)
        n = s.add(str(y), improved[0], f"Tahun {y}", improved[1], *raw["num"], whole=True)
        s.add(str(y), "persen", f"Tahun {y}", "%", Rasio((n,), (q if current else p,)),
              Hasil(node, "realisasi" if current else f"realisasi_{y}"), pct=True)


_HISTORY = (
    ("SS1.1", "T3.3", "Tabel 3.3 Capaian IKU Persentase Masyarakat Miskin dan Rentan yang Berkurang Beban "
     "Pengeluaran", "hal. 24; baris 834–841"),
    ("SS1.2", "T3.11", "Tabel 3.11 Capaian IKU Persentase Masyarakat Miskin dan Rentan yang Meningkatkan "
     "Peranan Sosialnya", "hal. 52; baris 1421–1428"),
    ("SS1.3", "T3.16", "Tabel 3.16 Capaian IKU Persentase Masyarakat Miskin dan Rentan yang Meningkatkan "
     "Pendapatannya", "hal. 67; baris 1839–1845"),
    ("SS2.1", "T3.19", "Tabel 3.19 Capaian IK Persentase Pemerintah Daerah yang Memanfaatkan DTKS",
     "hal. 92; baris 2391–2397"),
    ("SS2.2", "T3.20", "Tabel 3.20 Capaian IK Persentase Kementerian/Lembaga yang Memanfaatkan DTKS",
     "hal. 94; baris 2450–2456"),
    ("SS3.1", "T3.22", "Tabel 3.22 Capaian IK Persentase Pelaku Penyelenggara Kesejahteraan Sosial yang "
     "Profesional", "hal. 100; baris 2593–2598"),
    ("SS4.1", "T3.28", "Tabel 3.28 Capaian IK Nilai Kepuasan Stakeholder Kementerian Sosial",
     "hal. 116; baris 3014–3019"),
    ("SS4.2", "T3.31", "Tabel 3.31 Perbandingan Nilai Reformasi Birokrasi Tahun 2020–2023 dan Target 2024",
     "hal. 120; baris 3137–3144"),
)
_NATIONAL_PRIORITIES = (
    "Meningkatkan sumber daya manusia berkualitas dan berdaya saing",
    "Memperkuat infrastruktur untuk mendukung pengembangan ekonomi dan pelayanan dasar",
    "Membangun lingkungan hidup, meningkatkan ketahanan bencana dan perubahan iklim",
    "Memperkuat stabilitas Polhukhankam dan transformasi pelayanan publik",
)
_HIBAH = ("hibah", "Penambahan anggaran dana hibah")
_PAGU_CHANGES = {
    "Juli": (("saba", "Penambahan SP SABA Yapi & Permakanan"), _HIBAH,
             ("realokasi", "Realokasi belanja pegawai ke BA BUN")),
    "Agustus": (_HIBAH, ("pnbp", "Penambahan PNBP")),
    "November": (("saba", "Penambahan SP SABA bencana alam"), _HIBAH),
    "Desember": (("saba", "Penambahan SP SABA GGAPA, BLT El Nino dan RST"), _HIBAH),
}
_H15 = tuple(f"B.h{i}" for i in range(1, 16))
_RB_GENERAL: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("total", "RB General", ("A", "B", "C")),
    ("A", "A. Strategi Pelaksanaan RB General", ("A1", "A2")),
    ("A1", "1. Rencana Aksi Pembangunan RB General", None),
    ("A2", "2. Tingkat Implementasi Rencana Aksi Pembangunan RB General", None),
    ("B", "B. Capaian Pelaksanaan Kebijakan RB", ("B.hard", "B.soft")),
    ("B.hard", "Hard Element (Sasaran 1)", _H15),
    ("B.hard.kp", "Kebijakan Percepatan (Hard Element)", _H15),
    *((f"B.h{i}", f"{i}. {name}", None) for i, name in enumerate((
        "Persentase Penyederhanaan Struktur Organisasi", "Tingkat Capaian Sistem Kerja untuk Penyederhanaan Birokrasi",
        "Tingkat Maturitas SPIP", "Tingkat Keberhasilan Pembangunan Zona Integritas", "Nilai SAKIP",
        "Indeks Perencanaan Pembangunan", "Tingkat Implementasi Kebijakan Arsitektur SPBE",
        "Tingkat Digitalisasi Arsip", "Indikator Pelaksanaan Anggaran", "Indeks Pengelolaan Aset",
        "Tingkat Tindak Lanjut Pengaduan Masyarakat (LAPOR)", "Indeks Kualitas Kebijakan",
        "Indeks Reformasi Hukum", "Tingkat Kematangan Penyelenggaraan Statistik Sektoral",
        "Indeks Tata Kelola Pengadaan"), 1)),
    ("B.soft", "Soft Element (Sasaran 2)", ("B.s1", "B.s2")),
    ("B.soft.kp", "Kebijakan Percepatan (Soft Element)", ("B.s1", "B.s2")),
    ("B.s1", "1. Indeks Sistem Merit", None),
    ("B.s2", "2. Indeks Pelayanan Publik", ("B.s2a", "B.s2b")),
    ("B.s2a", "a. Indeks Pelayanan Publik", None),
    ("B.s2b", "b. Tingkat Kepatuhan Standar Pelayanan Publik", None),
    ("C", "C. Capaian Sasaran Strategis RB", ("C.hard", "C.soft")),
    ("C.hard", "Hard Element (Sasaran 1)", ("C.h1", "C.h2", "C.h3")),
    ("C.h1", "1. Indeks SPBE", None),
    ("C.h2", "2. Capaian Akuntabilitas Kinerja", ("C.h2a", "C.h2b")),
    ("C.h2a", "a. Capaian IKU Makro", None),
    ("C.h2b", "b. Capaian IKU Non Makro", None),
    ("C.h3", "3. Tingkat Akuntabilitas Keuangan", ("C.h3a", "C.h3c")),
    ("C.h3a", "a. Opini BPK", None),
    ("C.h3c", "c. Tindak Lanjut Rekomendasi", None),
    ("C.soft", "Soft Element (Sasaran 2)", ("C.s1", "C.s2", "C.s3")),
    ("C.s1", "1. Indeks BerAKHLAK", None),
    ("C.s2", "2. Survei Penilaian Integritas", None),
    ("C.s3", "3. Survei Kepuasan Masyarakat", None),
]
_THEMES = ("Pengentasan kemiskinan", "Realisasi investasi", "Digitalisasi administrasi pemerintahan (stunting)",
           "Penggunaan produk dalam negeri", "Pengendalian inflasi")
_RB_TEMATIK: list[tuple[str, str, tuple[str, ...] | None]] = [
    ("total", "RB Tematik", ("A", "B")),
    ("A", "A. Capaian Utama RB Tematik", tuple(f"A{i}" for i in range(1, 6))),
    *((f"A{i}", f"A. {name}", None) for i, name in enumerate(_THEMES, 1)),
    ("B", "B. Capaian Indikator Dampak RB Tematik", tuple(f"B{i}" for i in range(1, 6))),
    *((f"B{i}", f"B. {name}", None) for i, name in enumerate(_THEMES, 1)),
]


def lkj_kemensos_2023(s: _Spec) -> None:
    """Every table of the LKj Kementerian Sosial 2023 (pages from the Daftar Tabel, lines of the seed text)."""
    c, H, In, J, A, K = s.catalog, Hasil, Isian, Jumlah, RataRata, Kali
    goal = {g.code: g for g in c.goals}
    s.table("RINGKASAN", "Ringkasan Eksekutif", "hal. v–vii; baris 103–146")
    for comp, line in (("EKA", 70), ("IKPA", 78)):
        s.add(comp, "nilai", f"Nilai {comp}", "Nilai", In("ANGGARAN.NKA", f"{comp}.nilai"), src=f"hal. v; baris {line}")
    s.add("NKA", "nilai", "Nilai Kinerja Anggaran", "Nilai", H("ANGGARAN.NKA", "nilai"), src="hal. v; baris 85")
    s.summary(c.goals, ministry=False)
    s.table("T2.1", "Tabel 2.1 Prioritas Nasional pada Rencana Kerja Kementerian Sosial", "hal. 13; baris 573–582")
    pn = tuple(s.add(f"PN{i}", "alokasi", name, "Alokasi 2023 (ribu rupiah)", whole=True)
               for i, name in enumerate(_NATIONAL_PRIORITIES, 1))
    s.add("total", "alokasi", "Total", "Alokasi 2023 (ribu rupiah)", J(pn), whole=True)
    s.table("T2.2", "Tabel 2.2 Anggaran Kementerian Sosial Tahun 2023 per Unit Kerja Eselon I",
            "hal. 14; baris 602–612")
    for role, label in (("pagu_awal", "Pagu awal (Rp)"), ("pagu_akhir", "Pagu akhir (Rp)")):
        keys = tuple(s.add(u, role, c.unit(u).name, label, In("ANGGARAN.UNIT", f"{u}.{role}"), whole=True)
                     for u in ("SETJEN", "ITJEN", "DAYASOS", "REHSOS", "LINJAMSOS"))
        s.add("total", role, "Total", label, J(keys), H("ANGGARAN.UNIT", f"total.{role}"), whole=True)
    s.table("LINIMASA", "Linimasa pagu Kementerian Sosial 2023 (Bab 2.2)", "hal. 15; baris 614–626")
    previous = ""
    for month in MONTHS:
        changes = tuple(s.add(f"{month}.{code}", "perubahan", f"{month}: {label}", "Perubahan (Rp)", whole=True)
                        for code, label in _PAGU_CHANGES.get(month, ()))
        checks: list[Check] = [J((previous, *changes))] if previous else [H("ANGGARAN.UNIT", "total.pagu_awal")]
        if month == MONTHS[-1]:
            checks.append(H("ANGGARAN.UNIT", "total.pagu_akhir"))
        previous = s.add(month, "pagu", f"Pagu {month}", "Pagu (Rp)", *checks, whole=True)
        if month == MONTHS[0]:
            s.add(f"{month}.blokir", "nilai", f"{month}: blokir AA tahap 1", "Blokir (Rp)", whole=True)
    s.table("T2.3", "Tabel 2.3 Perjanjian Kinerja Kementerian Sosial 2023", "hal. 16; baris 637–648")
    s.targets()
    s.table("BAB3", "Bab 3.1 Capaian Kinerja (teks)", "hal. 18; baris 676")
    s.add(MINISTRY, "capaian", c.ministry, "Capaian kinerja (%)", H(MINISTRY, "capaian"), pct=True)
    s.table("T3.1", "Tabel 3.1 Capaian Kinerja Kementerian Sosial Tahun 2023", "hal. 19; baris 688–703")
    s.summary(c.goals, ministry=True)
    s.table("T3.2", "Tabel 3.2 Capaian Sasaran Strategis 1", "hal. 22; baris 769–776")
    s.summary([goal["SS1"]], ministry=False)
    history = iter(_HISTORY)
    _history(s, next(history))
    s.table("T3.4", "Tabel 3.4 Perbandingan Realisasi Sub IKU SS1.1 Tahun 2022 dan 2023", "hal. 23; baris 859–870")
    s.subs(c.node("SS1.1"))
    pct = ("persen", "%")
    s.table("T3.5", "Tabel 3.5 Realisasi Masyarakat Rentan Permasalahan Sosial yang Terpenuhi Kebutuhan Dasarnya",
            "hal. 26; baris 892–900")
    _groups(s, "SS1.1.1", (("penerima", "Penerima ATENSI"), ("terpenuhi", "Terpenuhi kebutuhan dasar"), pct))
    s.table("T3.6", "Tabel 3.6 Realisasi Penyaluran Bantuan Sosial PKH per Tahap Tahun 2023", "hal. 32; baris 992–1007")
    _groups(s, "SS1.1.2", (("salur", "Penerima PKH (data salur)"), ("transaksi", "KPM bertransaksi"), pct), total=False)
    s.table("T3.7", "Tabel 3.7 Realisasi Penyaluran Bantuan Sosial Program Sembako per Bulan Tahun 2023",
            "hal. 37; baris 1102–1118")
    _groups(s, "SS1.1.3", (("salur", "Data salur (KPM)"), ("transaksi", "Data transaksi (KPM)"), pct), total=False)
    s.table("T3.8", "Tabel 3.8 Realisasi Penerima RST yang Terpenuhi Kebutuhan Hunian Layak Tahun 2022–2023",
            "hal. 42; baris 1194–1199")
    _years(s, "SS1.1.5", (2022, 2023), (("penerima", "Penerima RST"), ("terpenuhi", "Terpenuhi kebutuhannya"), pct))
    s.table("T3.9", "Tabel 3.9 Realisasi Korban Bencana yang Terpenuhi Kebutuhan Dasarnya", "hal. 44; baris 1248–1254")
    _groups(s, "SS1.1.4", (("ditangani", "Korban ditangani"), ("terpenuhi", "Terpenuhi kebutuhan dasar"), pct))
    s.table("T3.10", "Tabel 3.10 Warga KAT yang Terpenuhi Kebutuhan Dasarnya Tahun 2020–2023",
            "hal. 48; baris 1324–1331")
    _years(s, "SS1.1.6", (2020, 2021, 2022, 2023),
           (("penerima", "Mendapat bantuan stimulan"), ("terpenuhi", "Terpenuhi kebutuhannya"), pct))
    _info(s, "SS1.2", "hal. 51; baris 1407–1417")
    _history(s, next(history))
    s.table("T3.12", "Tabel 3.12 Perbandingan Realisasi Sub IKU SS1.2", "hal. 52; baris 1438–1447")
    s.subs(c.node("SS1.2"))
    s.table("T3.13", "Tabel 3.13 Perbandingan Realisasi Sub IKU SS1.2.1 (ATENSI peranan sosial)",
            "hal. 54; baris 1479–1485")
    _sampled(s, "SS1.2.1", ("penerima", "Penerima ATENSI"), ("meningkat", "PM yang meningkat kemampuannya"))
    s.table("T3.14", "Tabel 3.14 Realisasi Masyarakat di Daerah Rawan Bencana yang Meningkat Kemampuannya",
            "hal. 58; baris 1566–1573")
    cols = (("mendapat", "Mendapat peningkatan kapasitas"), ("meningkat", "Meningkat kemampuannya"), pct)
    parts = tuple(s.ratio(n.code, n.name, cols, n.code, result=H(n.code, "realisasi"))[2]
                  for n in c.node("SS1.2.2").children)
    s.add("total", "persen", "Capaian SS1.2.2", "%", H("SS1.2.2", "realisasi"), A(parts), pct=True)
    s.table("T3.15", "Tabel 3.15 Hasil Pengukuran Perubahan Perilaku KPM PKH", "hal. 61; baris 1650–1656")
    k = s.k
    s.add("belum", "jumlah", "Belum memahami", "Jumlah KPM", J((k("total", "jumlah"), "-" + k("sudah", "jumlah"))),
          whole=True)
    s.add("belum", "persen", "Belum memahami", "Persentase", Rasio((k("belum", "jumlah"),), (k("total", "jumlah"),)),
          pct=True)
    s.add("sudah", "jumlah", "Sudah memahami", "Jumlah KPM", In("SS1.2.3", "pembilang"), whole=True)
    s.add("sudah", "persen", "Sudah memahami", "Persentase", Rasio((k("sudah", "jumlah"),), (k("total", "jumlah"),)),
          H("SS1.2.3", "realisasi"), pct=True)
    s.add("total", "jumlah", "Total", "Jumlah KPM", In("SS1.2.3", "penyebut"),
          J((k("belum", "jumlah"), k("sudah", "jumlah"))), whole=True)
    s.add("total", "persen", "Total", "Persentase", J((k("belum", "persen"), k("sudah", "persen"))), pct=True)
    _info(s, "SS1.3", "hal. 66; baris 1825–1835")
    _history(s, next(history))
    s.table("T3.17", "Tabel 3.17 Realisasi Kelompok Masyarakat Rentan yang Meningkat Pendapatan",
            "hal. 70; baris 1884–1888")
    _sampled(s, "SS1.3.1", ("penerima", "Penerima ATENSI peningkatan pendapatan"),
             ("meningkat", "Meningkat pendapatan"))
    s.table("T3.18", "Tabel 3.18 Capaian Sasaran Strategis 2", "hal. 89; baris 2324–2333")
    s.summary([goal["SS2"]], ministry=False)
    _info(s, "SS2.1", "hal. 91; baris 2377–2387")
    _history(s, next(history))
    _info(s, "SS2.2", "hal. 93; baris 2436–2446")
    _history(s, next(history))
    s.table("T3.21", "Tabel 3.21 Capaian Sasaran Strategis 3", "hal. 97; baris 2513–2518")
    s.summary([goal["SS3"]], ministry=False)
    _history(s, next(history))
    s.table("T3.23", "Tabel 3.23 Realisasi Sub Indikator SS3.1", "hal. 100; baris 2604–2613")
    s.subs(c.node("SS3.1"), years=(c.year,))
    s.table("T3.24", "Tabel 3.24 Capaian Sub Indikator Pendamping Kementerian Sosial Sesuai Standar",
            "hal. 101; baris 2636–2646")
    cols = (("jumlah", "Jumlah pendamping"), ("optimal", "Optimal sesuai standar"), pct)
    a = s.ratio("REHSOS", "Pendamping Rehabilitasi Sosial", cols, "SS3.1.1.a", result=H("SS3.1.1.a", "realisasi"))[2]
    sub = tuple(s.ratio(n.code, n.name, cols, n.code, result=H(n.code, "realisasi"))[2]
                for n in c.node("SS3.1.1.b").children)
    b = s.add("LINJAMSOS", "persen", "Pendamping Perlindungan & Jaminan Sosial", "%", H("SS3.1.1.b", "realisasi"),
              A(sub), pct=True)
    d = s.ratio("DAYASOS", "Pendamping Pemberdayaan Sosial", cols, "SS3.1.1.c", result=H("SS3.1.1.c", "realisasi"))[2]
    s.add("capaian", "persen", "Capaian SS3.1.1", "%", H("SS3.1.1", "realisasi"), A((a, b, d)), pct=True)
    s.table("T3.25", "Tabel 3.25 Capaian Sub Indikator Lembaga Kesejahteraan Sosial Sesuai Standar",
            "hal. 107; baris 2760–2767")
    cols = (("jumlah", "Jumlah lembaga"), ("sesuai", "Pelayanan sesuai standar"), pct)
    parts = tuple(s.ratio(n.code, n.name, cols, n.code, result=H(n.code, "realisasi"))[2]
                  for n in c.node("SS3.1.3").children)
    s.add("total", "persen", "Capaian SS3.1.3", "%", H("SS3.1.3", "realisasi"), A(parts), pct=True)
    s.table("T3.26", "Tabel 3.26 Jumlah UGB/PUB yang Mendapatkan Izin dan Periode Pelaporannya",
            "hal. 110; baris 2832–2840")
    cols26 = (("sk_2022", "SK terbit 2022"), ("lapor2023_2022", "SK 2022: periode laporan 2023"),
              ("sk_2023", "SK terbit 2023"), ("lapor2023_2023", "SK 2023: periode laporan 2023"),
              ("lapor2024_2023", "SK 2023: periode laporan 2024"))
    for row in ("UGB", "PUB"):
        for col, label in cols26:
            extra = (J((k(row, "lapor2023_2023"), k(row, "lapor2024_2023"))),) if col == "sk_2023" else ()
            s.add(row, col, row, label, *extra, whole=True)
    raw26 = {"lapor2023_2022": In("SS3.1.4", "n1.penyebut"), "lapor2023_2023": In("SS3.1.4", "n2.penyebut")}
    for col, label in cols26:
        s.add("total", col, "Total", label, J((k("UGB", col), k("PUB", col))), *([raw26[col]] if col in raw26 else []),
              whole=True)
    s.table("T3.27", "Tabel 3.27 Capaian Sasaran Strategis 4", "hal. 114; baris 2970–2976")
    s.summary([goal["SS4"]], ministry=False)
    _history(s, next(history))
    s.table("T3.29", "Tabel 3.29 Nilai Kepuasan Stakeholder per Unit Eselon I", "hal. 117; baris 3029–3040")
    respondents = []
    for grp in c.node("SS4.1").groups:
        ikm = s.add(grp.code, "ikm", grp.name, "IKM", In("SS4.1", f"{grp.code}.nilai"))
        respondents.append(s.add(grp.code, "responden", grp.name, "Jumlah responden", In("SS4.1", f"{grp.code}.bobot"),
                                 whole=True))
        s.add(grp.code, "bobot", grp.name, "Bobot (IKM x responden)", K((ikm, respondents[-1])))
    s.add("total", "responden", "Kementerian Sosial", "Jumlah responden", J(tuple(respondents)), whole=True)
    s.add("total", "ikm", "Kementerian Sosial", "IKM (kolom Bobot)", H("SS4.1", "realisasi"))
    _history(s, next(history))
    s.table("T3.32", "Tabel 3.32 Pagu dan Realisasi Anggaran per Jenis Belanja", "hal. 123; baris 3207–3215")
    totals: dict[str, list[str]] = {"pagu": [], "realisasi": []}
    for t in c.budget.spending_types:
        for role in ("pagu", "realisasi"):
            totals[role].append(s.add(t.code, role, t.name, f"{role.capitalize()} anggaran (Rp)",
                                      In("ANGGARAN.BELANJA", f"{t.code}.{role}"), whole=True))
        s.add(t.code, "persen", t.name, "Persentase", Rasio((totals["realisasi"][-1],), (totals["pagu"][-1],)),
              H("ANGGARAN.BELANJA", f"persen.{t.code}"), pct=True)
    for role in ("pagu", "realisasi"):
        s.add("total", role, "Total", f"{role.capitalize()} anggaran (Rp)", J(tuple(totals[role])),
              H("ANGGARAN.BELANJA", f"total.{role}"), whole=True)
    s.add("total", "persen", "Total", "Persentase", Rasio((k("total", "realisasi"),), (k("total", "pagu"),)),
          H("ANGGARAN.BELANJA", "total.persen"), pct=True)
    s.table("T3.33", "Tabel 3.33 Perbandingan Capaian Kinerja dengan Realisasi Anggaran", "hal. 124; baris 3228–3235")
    for g in c.goals:
        s.add(g.code, "capaian_kinerja", s.name_of(g.code), "Capaian kinerja", H(g.code, "capaian"), pct=True)
        s.add(g.code, "realisasi_anggaran", s.name_of(g.code), "Realisasi anggaran",
              H("ANGGARAN.SASARAN", f"persen.{g.code}"), pct=True)
    s.table("BAB4", "Bab 4 Penutup", "hal. 131")
    for row, line in ((MINISTRY, 3400), (f"{MINISTRY}.infografis", 3410)):
        s.add(row, "capaian", c.ministry, "Capaian kinerja (%)", H(MINISTRY, "capaian"), pct=True,
              src=f"hal. 131; baris {line}")
    s.add("serapan", "persen", "Serapan anggaran", "%", H("ANGGARAN.BELANJA", "total.persen"), pct=True,
          src="hal. 131; baris 3402")
    s.table("PK.JAN", "Lampiran Perjanjian Kinerja Januari 2023", "Lampiran; baris 3473–3476")
    _programs(s, H("ANGGARAN.UNIT", "total.pagu_awal"))
    s.table("PK.AGU", "Lampiran Perjanjian Kinerja Agustus 2023 (berlaku)", "Lampiran; baris 3512–3525")
    s.targets()
    _programs(s)
    s.table("RB.GENERAL", "Lampiran Tabel 3.27 Capaian Pelaksanaan RB General", "Lampiran; baris 3533–3580")
    s.tree(_RB_GENERAL, (("bobot", "Bobot"), ("indeks", "Skor index")),
           same={"B.hard": "B.hard", "B.hard.kp": "B.hard", "B.soft": "B.soft", "B.soft.kp": "B.soft"})
    for row, label in (("sebelum_koefisien", "Nilai RB General sebelum koefisien"),
                       ("total_nilai", "Total Nilai RB General")):
        s.add(row, "indeks", label, "Skor index", H("SS4.2.a", "realisasi"))
    s.table("RB.TEMATIK", "Lampiran Tabel 3.27 Capaian Pelaksanaan RB Tematik", "Lampiran; baris 3582–3600")
    s.tree(_RB_TEMATIK, (("bobot", "Bobot"), ("indeks", "Skor index")))


from .compare import Finding, FormatNote, ReviewReport, clean_reported, review, review_files  # noqa: E402
