"""Problems: the value, its codes (stable kebab-case identifiers), severities and message templates.

A problem is a value with a stable code, a severity, a position (file, sheet, A1 cell) and a message in
Bahasa Indonesia rendered from its code's template (frictionless style). Every :class:`Problem` of the
project is made by :func:`problem`, so a code always has the same severity and its message reads the
same everywhere (CLI, JSON, the 'Validasi' sheet).
Templates use ``str.format`` fields; a missing field renders as ``?`` instead of raising.

Codes marked ``unreadable`` mean the file could not be processed at all (exit code 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Literal

from .cells import cell_sort_key
from .numbers import show_number
from .text import on_one_line

MAX_VALUE_CHARS = 120

Severity = Literal["galat", "peringatan", "info"]
SEVERITY_ORDER = {"galat": 0, "peringatan": 1, "info": 2}
#: How a severity is shown in sheets and tables, and its fill colour there.
SEVERITY_LABELS = {"galat": "Galat", "peringatan": "Peringatan", "info": "Info"}
SEVERITY_FILLS = {"galat": "FFC7CE", "peringatan": "FFEB9C", "info": "DDEBF7"}


@dataclass(frozen=True)
class Problem:
    """One validation finding, located precisely; ``message`` and ``hint`` are in Bahasa Indonesia."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    field: str = ""
    value: str = ""
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Every field by name, as :func:`dataclasses.asdict` gives them (each a string, which its deep copy leaves
        the same), without its deep copy: a report of a large batch holds a thousand problems."""
        return {name: getattr(self, name) for name in _PROBLEM_FIELDS}


_PROBLEM_FIELDS = tuple(f.name for f in fields(Problem))


@dataclass(frozen=True)
class CodeSpec:
    code: str
    severity: Severity
    group: str
    message: str
    hint: str
    unreadable: bool = False


_SPECS = (
    # -- berkas -------------------------------------------------------------------------------------
    CodeSpec("berkas-tidak-ada", "galat", "berkas", "Berkas tidak dapat dibuka: {detail}.",
             "Periksa nama dan lokasi berkas, serta izin aksesnya.", True),
    CodeSpec("berkas-kosong", "galat", "berkas", "Berkas kosong (0 bita).",
             "Berkas mungkin gagal diunduh atau disalin; kirim ulang berkas Excel yang lengkap.", True),
    CodeSpec("berkas-terlalu-besar", "galat", "berkas",
             "Ukuran berkas {size} melebihi batas {limit}.",
             "Buku kerja isian normal jauh lebih kecil; hapus lembar, gambar atau data tambahan, "
             "atau gunakan templat asli.", True),
    CodeSpec("ekstensi-salah", "galat", "berkas", "Berkas bukan buku kerja Excel .xlsx: {detail}.",
             "Gunakan templat .xlsx dari kinerja_xl; jangan mengganti nama berkas lain menjadi .xlsx "
             "dan jangan menyimpan sebagai CSV/ODS.", True),
    CodeSpec("format-xls-lama", "galat", "berkas", "Berkas memakai format Excel lama (.xls, Excel 97-2003).",
             "Buka di Excel lalu simpan ulang sebagai .xlsx (Simpan Sebagai › Buku Kerja Excel (*.xlsx)), atau isi "
             "ulang templat .xlsx.", True),
    CodeSpec("format-bukan-xlsx", "galat", "berkas",
             "Berkas disimpan sebagai {format}, bukan buku kerja Excel .xlsx: simpan ulang sebagai .xlsx.",
             "Buka berkas itu di Excel atau LibreOffice Calc, simpan ulang sebagai .xlsx (Simpan Sebagai › Buku "
             "Kerja Excel (*.xlsx)), lalu ulangi; berkas lamanya boleh dihapus dari folder.", True),
    CodeSpec("berkas-terenkripsi", "galat", "berkas",
             "Berkas dilindungi kata sandi (terenkripsi) sehingga tidak dapat dibaca.",
             "Buka di Excel, hapus kata sandi pembuka (File › Info › Proteksi Buku Kerja › Enkripsi dengan "
             "Kata Sandi, kosongkan), simpan, lalu kirim ulang.", True),
    CodeSpec("berkas-rusak", "galat", "berkas", "Berkas rusak atau tidak dapat dibaca: {detail}.",
             "Coba buka di Excel; bila Excel memperbaikinya, simpan ulang. Bila tidak, kirim ulang berkas asli.",
             True),
    CodeSpec("bagian-terlalu-besar", "galat", "berkas",
             "{what} berukuran {size} setelah diekstrak, melebihi batas {limit}.",
             "Hapus isi di luar tabel isian (baris, kolom, gambar atau data tambahan), simpan, lalu kirim ulang; "
             "batas ini mengikuti ukuran katalog, jadi templat yang dibuat dari katalog yang sama selalu terbaca.",
             True),
    CodeSpec("paket-tidak-sah", "galat", "berkas", "Isi zip buku kerja tidak sah: {detail}.",
             "Excel, LibreOffice dan kinerja_xl dapat menampilkan isi berkas seperti ini secara berbeda, jadi "
             "berkas tidak diproses. Buka di Excel lalu simpan ulang (atau isi ulang templat asli), lalu kirim ulang.",
             True),
    CodeSpec("bom-dekompresi", "galat", "berkas",
             "Isi berkas yang terkompresi {uncompressed} jauh melebihi ukuran berkas {size} (rasio {ratio}×).",
             "Berkas ini mencurigakan (bom dekompresi) dan tidak diproses; gunakan templat asli.", True),
    CodeSpec("lembar-terlalu-besar", "galat", "berkas",
             "Lembar '{sheet_name}' memuat sel sampai {extent}, jauh di luar area templat.",
             "Hapus isi di luar tabel isian (baris/kolom jauh di bawah atau di kanan), simpan, lalu kirim ulang.",
             True),
    # -- struktur ----------------------------------------------------------------------------------
    CodeSpec("lembar-hilang", "galat", "struktur", "Lembar '{sheet_name}' tidak ditemukan{similar}.",
             "Jangan mengganti nama atau menghapus lembar templat; kembalikan nama lembar menjadi "
             "'{sheet_name}'."),
    CodeSpec("meta-hilang", "galat", "struktur",
             "Lembar tersembunyi '_meta' tidak ditemukan; identitas berkas diambil dari lembar Isian.",
             "Berkas tidak dibuat dari templat kinerja_xl atau lembarnya dihapus; isi ulang templat asli."),
    CodeSpec("skema-templat-beda", "galat", "struktur",
             "Templat berskema {found}, sedangkan kinerja_xl ini memakai skema {expected}.",
             "Unduh templat terbaru dan salin isian Anda ke dalamnya."),
    CodeSpec("katalog-beda", "galat", "struktur", "Templat dibuat dari katalog lain: {detail}.",
             "Bila berkas ini memang untuk katalog itu, periksa dengan katalog tersebut (--katalog BERKAS); bila "
             "katalog (pohon kinerja/target) sudah berubah sejak templat dibagikan, gunakan templat terbaru."),
    CodeSpec("unit-tak-dikenal", "galat", "struktur", "Kode unit '{found}' tidak dikenal oleh katalog.",
             "Unit yang dikenal: {known}. Gunakan templat unit Anda sendiri."),
    CodeSpec("tahun-beda", "galat", "struktur", "Tahun berkas {found}, seharusnya {expected}.",
             "Gunakan templat untuk tahun {expected}, atau pilih tahun berkas itu dengan --tahun TAHUN."),
    CodeSpec("periode-beda", "galat", "struktur", "Periode berkas '{found}', seharusnya {expected}.",
             "Gunakan templat untuk periode yang diminta."),
    CodeSpec("kolom-kunci-hilang", "galat", "struktur",
             "Kolom kunci tersembunyi (kolom {column}) kosong; baris tidak dapat dikenali dan "
             "isian dibaca menurut posisi baris templat.",
             "Jangan menghapus atau menyisipkan kolom; gunakan templat asli."),
    CodeSpec("baris-hilang", "galat", "struktur", "Baris {label} (kunci '{key}') tidak ditemukan.",
             "Jangan menghapus baris templat; kembalikan baris tersebut atau isi ulang templat asli."),
    CodeSpec("baris-ganda", "galat", "struktur",
             "Baris {label} muncul lebih dari sekali (juga di baris {other_rows}).",
             "Hapus baris salinan; setiap indikator hanya boleh diisi sekali."),
    CodeSpec("baris-berpindah", "peringatan", "struktur",
             "Baris {label} berada di baris {found}, seharusnya di baris {expected}; isian tetap dibaca.",
             "Hindari menyisipkan, menghapus atau mengurutkan baris pada lembar Isian."),
    CodeSpec("baris-tak-dikenal", "peringatan", "struktur",
             "Baris dengan kunci '{key}' tidak dikenal untuk unit ini dan diabaikan.",
             "Baris mungkin disalin dari templat unit lain; hapus baris tersebut."),
    CodeSpec("identitas-kosong", "peringatan", "struktur", "{label} belum diisi.",
             "Isi {label} pada bagian identitas lembar Isian."),
    # -- nilai -------------------------------------------------------------------------------------
    CodeSpec("isian-kosong", "galat", "nilai", "Isian wajib {label} kosong.",
             "Isi sel dengan angka; bila datanya memang nol, ketik 0."),
    CodeSpec("bukan-angka", "galat", "nilai", "Isian {label} bukan angka: {detail}.",
             "Ketik angka saja, tanpa satuan atau keterangan; tulis keterangan di kolom Bukti dukung."),
    CodeSpec("angka-ambigu", "galat", "nilai", "Isian {label} ambigu: {detail}.",
             "Ketik ulang sebagai angka (bukan teks), mis. 1234,5 atau 1.234; kinerja_xl tidak menebak."),
    CodeSpec("teks-dikonversi", "peringatan", "nilai",
             "Isian {label} berupa teks '{text}' dan dibaca sebagai angka {number}.",
             "Ketik ulang sebagai angka: rumus lembar Hasil tidak menghitung teks, sehingga hasil yang memakai sel "
             "ini kosong di buku kerja ini (konsolidasi tetap memakai angka {number})."),
    CodeSpec("angka-persen", "galat", "nilai",
             "Isian {label} berformat persen: Excel menampilkan {shown}, tetapi angka yang tersimpan {number}.",
             "Ketik angkanya tanpa tanda % ({typed} bila maksudnya {shown}), lalu ubah format sel menjadi Umum atau "
             "Angka (Format Sel › Angka): isian dibaca sebagai angka yang tersimpan, bukan yang tampil."),
    CodeSpec("nilai-galat", "galat", "nilai", "Isian {label} berisi nilai galat Excel {error}.",
             "Ganti dengan angka; bila berasal dari rumus, perbaiki rumus sumbernya lalu tempel sebagai nilai."),
    CodeSpec("rumus-di-isian", "galat", "nilai", "Isian {label} berisi rumus, bukan angka.",
             "Sel isian harus berisi angka: salin sel lalu Tempel Spesial › Nilai (Paste Special › Values)."),
    CodeSpec("angka-negatif", "galat", "nilai", "Isian {label} bernilai negatif ({number}).",
             "Jumlah dan nilai tidak boleh negatif; periksa kembali angkanya."),
    CodeSpec("di-luar-rentang", "galat", "nilai", "Isian {label} = {number} di luar rentang {range}.",
             "Periksa kembali angkanya; persentase dan nilai indeks ditulis 0–100, bukan pecahan 0–1."),
    CodeSpec("bukan-bilangan-bulat", "peringatan", "nilai",
             "Isian {label} seharusnya bilangan bulat, tertulis {number}.",
             "Jumlah orang/KPM/lembaga/rupiah diisi bilangan bulat."),
    CodeSpec("pembilang-melebihi-penyebut", "galat", "nilai",
             "Pembilang {label} ({numerator}) lebih besar dari penyebutnya ({denominator}).",
             "Pembilang adalah bagian dari penyebut; periksa apakah kolomnya tertukar."),
    CodeSpec("penyebut-nol", "galat", "nilai",
             "{label} = 0{detail}: realisasi {node} tidak dapat dihitung (pembagian dengan nol), sehingga "
             "capaian {indicator}, capaian sasaran {goal} dan capaian instansi kosong.",
             "Periksa kembali angkanya: angka ini pembagi, jadi harus lebih dari 0. Bila '{denominator}' periode "
             "ini memang 0, indikator ini tidak dapat diukur: jelaskan di kolom Bukti dukung / keterangan dan minta "
             "pengelola katalog memutuskan perlakuannya sebelum konsolidasi."),
    CodeSpec("penyebut-nol-sebagian", "info", "nilai",
             "{label} = 0: {what} tidak dapat dihitung (pembagian dengan nol) dan dibiarkan kosong; "
             "{rest}.",
             "Tidak perlu tindakan bila angka 0 itu benar (tidak ada '{denominator}' pada bagian ini); bila tidak, "
             "isi angka yang benar."),
    CodeSpec("sampel-melebihi-populasi", "galat", "nilai",
             "Sampel/penyebut {label} ({sample}) lebih besar dari populasinya ({population}).",
             "Sampel adalah bagian dari populasi; periksa apakah kolomnya tertukar."),
    CodeSpec("bobot-tidak-lengkap", "galat", "nilai",
             "{label} kosong, padahal pasangannya ({partner}) sudah diisi.",
             "Nilai tertimbang memerlukan nilai dan bobotnya (jumlah responden); isi keduanya."),
    CodeSpec("anggaran-tidak-lengkap", "peringatan", "nilai",
             "{label} kosong, padahal pasangannya ({partner}) sudah diisi dan persentase tidak diisi.",
             "Isi pagu dan realisasi, atau hanya persentase realisasi bila jumlah rupiah tidak tersedia."),
    CodeSpec("deret-bulanan-tidak-lengkap", "galat", "nilai",
             "Deret bulanan {label} belum lengkap untuk periode {period}: {months} kosong.",
             "Metode periode puncak membandingkan semua bulan; isi pembilang dan penyebut setiap bulan."),
    CodeSpec("target-berubah", "galat", "nilai",
             "Target {label} tertulis {found}, padahal target Perjanjian Kinerja adalah {expected}.",
             "Target terkunci dan tidak boleh diubah; gunakan templat asli. Perubahan target dilakukan "
             "lewat revisi Perjanjian Kinerja di katalog."),
    CodeSpec("dilaporkan-bukan-angka", "peringatan", "nilai",
             "Realisasi dilaporkan {label} bukan angka: {detail}.",
             "Kolom ini opsional; isi angka realisasi menurut unit atau kosongkan."),
    # -- survei ------------------------------------------------------------------------------------
    CodeSpec("survei-kolom-berubah", "galat", "struktur",
             "Judul kolom {column} lembar Survei tertulis '{found}', seharusnya '{expected}'.",
             "Jangan menyisipkan, menghapus atau memindahkan kolom lembar Survei; tempel jawaban di bawah judul "
             "kolomnya (U1, U2, …)."),
    CodeSpec("jawaban-di-luar-skala", "galat", "nilai",
             "Jawaban {item} ({name}) responden baris {row} bernilai {number}, di luar skala 1–4.",
             "Isi 1, 2, 3 atau 4, atau kata jawaban kuesioner: {choices}."),
    CodeSpec("jawaban-tidak-dikenal", "galat", "nilai",
             "Jawaban {item} ({name}) responden baris {row} tidak dikenal: '{text}'{detail}.",
             "Isi 1–4 atau salah satu kata jawaban kuesioner untuk unsur ini: {choices}."),
    CodeSpec("jawaban-lain-tidak-valid", "galat", "nilai",
             "Masih ada {count} jawaban lain yang tidak valid di lembar Survei (tidak ditampilkan satu per satu), "
             "pertama di baris {row}.",
             "Perbaiki jawaban yang tampil, lalu validasi ulang; kemungkinan satu kolom tertempel di tempat yang "
             "salah."),
    CodeSpec("responden-tanpa-jawaban", "peringatan", "nilai",
             "{count} baris lembar Survei berisi data responden tanpa satu jawaban pun (baris {rows}); baris "
             "tersebut tidak dihitung sebagai responden.",
             "Lengkapi jawabannya bila ada, atau hapus baris tersebut."),
    CodeSpec("survei-di-luar-area", "galat", "nilai",
             "{count} baris jawaban berada di bawah baris {last}, batas yang dihitung rumus lembar Survei "
             "(baris {rows}).",
             "Lembar Survei menampung {capacity} responden (katalog: survei.kapasitas); minta pengelola katalog "
             "menaikkannya, lalu salin jawaban ke templat baru."),
    CodeSpec("survei-kosong", "galat", "nilai",
             "Lembar Survei belum berisi jawaban responden: {label} tidak dapat dihitung.",
             "Tempel jawaban responden mulai baris {row}, satu baris per responden."),
    CodeSpec("unsur-tanpa-jawaban", "galat", "nilai",
             "Unsur {item} ({name}) tidak dijawab satu responden pun: NRR dan IKM tidak dapat dihitung.",
             "Setiap unsur kuesioner wajib ditanyakan; periksa apakah jawaban tertempel di kolom {item}."),
    CodeSpec("populasi-survei-tidak-valid", "galat", "nilai",
             "Populasi penerima layanan '{text}' bukan bilangan bulat lebih dari 0.",
             "Isi jumlah penerima layanan dalam periode survei (mis. 12000), atau kosongkan sel ini."),
    CodeSpec("sampel-survei-kurang", "peringatan", "nilai",
             "Jumlah responden {respondents} kurang dari sampel minimum {minimum} untuk populasi {population} "
             "(tabel Krejcie–Morgan, PermenPANRB 14/2017).",
             "Tambah responden sampai sampel minimum, atau periksa angka populasi ({source})."),
    # -- konsistensi ---------------------------------------------------------------------------------
    CodeSpec("capaian-tak-terhingga", "peringatan", "konsistensi",
             "Realisasi {label} = 0: capaian dengan rumus terbalik (target / realisasi × 100) tak terhingga, "
             "sehingga capaian indikator ini (dan rata-rata di atasnya) tidak dihitung.",
             "Bila realisasi 0 benar, minta pengelola katalog menetapkan batas_capaian untuk simpul ini (capaian "
             "realisasi 0 menjadi batas itu) atau memakai rumus_turun: selisih."),
    CodeSpec("realisasi-beda", "peringatan", "konsistensi",
             "Realisasi dilaporkan {label} = {reported}, hasil hitung = {computed} (selisih {difference}); "
             "kemungkinan penyebab: {cause}.",
             "{cause_hint}"),
    # -- kumpulan berkas -----------------------------------------------------------------------------
    CodeSpec("berkas-ganda", "galat", "kumpulan",
             "Unit {unit} tahun {year} periode {period} juga dikirim dalam berkas {other}; yang dihitung berkas itu, "
             "bukan berkas ini.",
             "Satu unit dan periode hanya boleh satu berkas: periksa mana yang benar, lalu pindahkan berkas lainnya "
             "dari folder (mis. salinan bernama '(1)' atau '- Copy')."),
    CodeSpec("unit-tidak-ada", "galat", "kumpulan",
             "Berkas unit {unit} ({name}) tahun {year} periode {period} tidak ada dalam kumpulan.",
             "Minta unit tersebut mengirim berkas isiannya sebelum konsolidasi."),
    CodeSpec("berkas-periode-lain", "info", "kumpulan",
             "{count} berkas periode lain dilewati ({found}; dipilih {chosen}).",
             "Hanya berkas periode yang dipilih yang diperiksa dan dihitung; berkas lain tidak diubah."),
    CodeSpec("berkas-tahun-lain", "info", "kumpulan",
             "{count} berkas tahun lain dilewati ({found}; dipilih {chosen}).",
             "Hanya berkas tahun yang dipilih yang diperiksa dan dihitung; berkas lain tidak diubah."),
    CodeSpec("berkas-keluaran", "info", "kumpulan", "{count} berkas keluaran kinerja_xl dilewati: {files}.",
             "Buku kerja buatan kinerja_xl (konsolidasi, pemantauan, reviu, peluncur) bukan buku kerja isian unit; "
             "simpan di folder lain agar tidak ikut dipindai."),
    CodeSpec("versi-terkunci", "galat", "kumpulan",
             "Periode {period} tahun {year} sudah final (dikunci {when} oleh {who}): versi final unit {unit} adalah "
             "{locked}{locked_name}, berkas ini versi {version} dengan isian berbeda: {changes}.",
             "Kembalikan versi final (kinerja-xl riwayat FOLDER --pulihkan {locked} -o BERKAS), atau bila perubahan "
             "ini disetujui, buka kuncinya: kinerja-xl kunci FOLDER --tahun {year} --periode {period} --buka "
             "--alasan \"…\"."),
    CodeSpec("berkas-setelah-kunci", "galat", "kumpulan",
             "Periode {period} tahun {year} sudah final (dikunci {when} oleh {who}) tanpa berkas unit {unit}; "
             "berkas ini (versi {version}) datang setelah kunci dan tidak dipakai.",
             "Bila berkas ini harus masuk, buka kuncinya: kinerja-xl kunci FOLDER --tahun {year} --periode {period} "
             "--buka --alasan \"…\", lalu kunci lagi."),
    CodeSpec("buku-besar-dilewati", "peringatan", "kumpulan",
             "Buku besar {path} tidak dapat dipakai ({reason}); versi berkas tidak dicatat pada proses ini.",
             "Perintah tetap berjalan. Simpan buku besar di tempat yang dapat ditulis (--buku-besar BERKAS) atau "
             "matikan dengan --tanpa-buku-besar."),
    CodeSpec("batas-masalah", "info", "kumpulan",
             "{count} masalah lain tidak ditampilkan (batas {limit}).",
             "Perbaiki masalah yang tampil lalu validasi ulang."),
    # -- internal ------------------------------------------------------------------------------------
    CodeSpec("galat-internal", "galat", "internal",
             "Galat internal kinerja_xl saat memproses berkas ({where}): {detail}.",
             "Ini kesalahan program, bukan kesalahan isian; laporkan ke pengelola kinerja_xl beserta berkasnya.",
             True),
)

CODES: dict[str, CodeSpec] = {spec.code: spec for spec in _SPECS}
UNREADABLE_CODES = frozenset(spec.code for spec in _SPECS if spec.unreadable)


class _Defaults(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def render(template: str, params: Mapping[str, Any]) -> str:
    """Fill a template; unknown fields become ``?`` and a malformed template is returned as is."""
    try:
        return template.format_map(_Defaults({k: _text(v) for k, v in params.items()}))
    except (ValueError, IndexError, AttributeError):
        return template


def _text(value: Any) -> str:
    """A parameter on the message's one line: a line break in it (a cell's text, a file's name: ``12\\ngalat palsu``
    printed a line that read as a problem of its own) is written out (:func:`~kinerja_xl.text.on_one_line`)."""
    return on_one_line(value if isinstance(value, str) else str(value))


def show_value(value: Any) -> str:
    """A short printable rendering of a raw cell value for messages and the ``value`` field.

    Numbers are shown in Indonesian notation (``1.234,5``), dates as ISO, booleans as Excel shows them
    in Indonesian (``BENAR``/``SALAH``); text is cut and its control characters made visible.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "BENAR" if value else "SALAH"
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number.is_finite():
            return show_number(number, 10)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def problem(code: str, *, file: str = "", sheet: str = "", cell: str = "", field: str = "",
            value: Any = None, **params: Any) -> Problem:
    """Build the :class:`Problem` of ``code`` with its severity, message and hint."""
    spec = CODES[code]
    return Problem(
        code=code,
        severity=spec.severity,
        message=render(spec.message, params),
        file=file,
        sheet=sheet,
        cell=cell,
        field=field,
        value=show_value(value),
        hint=render(spec.hint, params),
    )


def internal_problem(file: str, where: str, exc: BaseException) -> Problem:
    """A bug met while processing ``file`` (at ``where``): reported as ``galat-internal``, never raised."""
    detail = f"{type(exc).__name__}: {exc}"
    return problem("galat-internal", file=file, where=where, detail=detail[:500])


def sort_key(p: Problem) -> tuple[Any, ...]:
    """Errors first, then by file, sheet and cell in reading order (C9 before C10), then code."""
    return (SEVERITY_ORDER[p.severity], p.file, p.sheet, cell_sort_key(p.cell), p.code)
