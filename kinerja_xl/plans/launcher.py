"""The consolidation launcher workbook: where its settings, status and file table sit, and its texts.

Shared by the writer (:mod:`kinerja_xl.render.launcher`) and the *Konsolidasi* and *Pemantauan* buttons,
which read the settings from these cells and write the status and the table of files read.
"""

LAUNCHER_SHEET = "Konsolidasi"
# values in column B
FOLDER_ROW, CATALOG_ROW, OUTPUT_ROW, MONITOR_ROW, YEAR_ROW, PERIOD_ROW, STATUS_ROW = 1, 2, 3, 4, 5, 6, 7
FILES_ROW, MAX_FILES_LISTED = 10, 500  # table of files read, header on this row
FILES_HEADERS = ("Berkas", "Unit", "Status", "Galat", "Peringatan", "Info")

LAUNCHER_HELP = (
    ("Folder buku kerja unit", "Folder berisi buku kerja isian semua unit (.xlsx/.xlsm, termasuk subfolder), "
                               r"mis. C:\Data\Kinerja\2023. Path relatif dihitung dari folder berkas ini."),
    ("Katalog (opsional)", "Kosongkan untuk memakai katalog bawaan kinerja_xl; atau path berkas katalog .yaml."),
    ("Berkas keluaran (.xlsx)", "Buku kerja konsolidasi yang dibuat, mis. C:\\Data\\Kinerja\\laporan-kinerja-2023.xlsx"
                                ". Kosong: laporan-kinerja-TAHUN.xlsx di folder berkas ini."),
    ("Berkas pemantauan (.xlsx)", "Buku kerja pemantauan per triwulan (tombol Pemantauan), mis. "
                                  "C:\\Data\\Kinerja\\pemantauan-2023.xlsx. Kosong: pemantauan-TAHUN.xlsx di folder "
                                  "berkas ini."),
    ("Tahun (opsional)", "Kosongkan bila folder berisi satu tahun; atau tahun yang diproses, mis. 2023 (berkas tahun "
                         "lain dilewati)."),
    ("Periode (opsional, Konsolidasi)", "Kosongkan bila folder berisi satu periode; atau TW1, TW2, TW3, TW4 atau "
                                        "tahunan (berkas periode lain dilewati). Pemantauan selalu memakai semua "
                                        "periode."),
)
LAUNCHER_NOTES = (
    "Cara memakai",
    "1. Isi B1 (dan bila perlu B2–B6), lalu klik tombol Konsolidasi. Hasil dan status tampil di B7.",
    "2. Semua buku kerja di folder divalidasi; angka dari sel yang bergalat tidak ikut dihitung.",
    "3. Buku kerja konsolidasi memuat Ringkasan (tabel capaian), lembar per sasaran, Anggaran, Data, Validasi "
    "dan Grafik.",
    "4. Tombol Pemantauan: folder berisi buku kerja triwulan (TW1–TW4, boleh juga tahunan) satu tahun; hasilnya "
    "(B4) memuat capaian dan status per periode, pengiriman berkas per unit dan periode, dan grafik.",
    "Tanpa tombol (berkas .xlsx): jalankan di Command Prompt/Terminal: kinerja-xl konsolidasi FOLDER -o BERKAS.xlsx "
    "atau kinerja-xl pantau FOLDER -o BERKAS.xlsx",
    "Tombol memerlukan Python dengan kinerja_xl dan xlwings; pengaturannya di lembar xlwings.conf.",
    "Bila Excel memblokir makro berkas unduhan: klik kanan berkas › Properties › centang Unblock, lalu buka lagi.",
)
