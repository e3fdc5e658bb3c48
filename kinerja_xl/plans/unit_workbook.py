"""The unit input workbook, planned: what the Petunjuk, Isian and _meta sheets hold.

Where everything sits is the :class:`~kinerja_xl.unit_layout.UnitLayout`; this plan adds what only a
computation gives (each live formula rendered from its expression, with its cached value; the locked
Perjanjian Kinerja targets) and the texts of the guide, the identity block and the hidden ``_meta``
sheet. :mod:`kinerja_xl.render.template` writes it with XlsxWriter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .. import __version__
from ..catalog.schema import AchievementBand, InputField, Node
from ..compute.engine import Computation
from ..compute.expr import Cell, InputRef, ResultRef
from ..compute.results import text_measure
from ..unit_layout import (
    COL_CODE,
    COL_IN1,
    COL_IN2,
    COL_IN3,
    COL_CAPAIAN,
    COL_NAME,
    COL_NOTE,
    COL_PREDICATE,
    COL_REALISASI,
    COL_REPORTED,
    COL_TARGET,
    HEADER_ROW,
    IDENTITY_FIELDS,
    IDENTITY_FIRST_ROW,
    SHEET_GUIDE,
    SHEET_INPUT,
    TEMPLATE_SCHEMA,
    TITLE_ROW,
    UnitLayout,
    headers,
    identity_label,
    period_label,
)
from .fit import LOOKS, fit_heights, look_of, number_width
from .formats import DECIMAL, INTEGER, PERCENT
from ..numbers import show_number
from .formulas import FormulaRenderer, cached
from .paging import Margins, PageSetup, plan_pages
from .sheet import Sheet
from .survey_sheet import SurveySheetPlan, plan_survey_sheet

FormulaKind = Literal["text", "integer", "percent"]
GuideStyle = Literal["", "title", "subtitle", "bold"]

#: Widths of the Isian columns (a number column widens to its longest value).
INPUT_WIDTHS: dict[int, float] = {COL_CODE: 16, COL_NAME: 58, COL_IN1: 17, COL_IN2: 17, COL_IN3: 17, COL_REALISASI: 12,
                COL_TARGET: 10, COL_CAPAIAN: 11, COL_PREDICATE: 16, COL_REPORTED: 13, COL_NOTE: 30}
INPUT_MARGINS = Margins(top=0.5, bottom=0.5)
TITLE_HEIGHT, HEADER_HEIGHT = 24.0, 45.0
#: The Petunjuk: code or label, then the text; an A4 page upright.
GUIDE_WIDTHS = {1: 16, 2: 80}
#: The number format of each kind of planned formula and of input cells.
FORMULA_FORMATS = {"integer": INTEGER, "percent": PERCENT}


@dataclass(frozen=True)
class PlannedFormula:
    """A live formula of the Isian sheet: its text, its cached value and how its result is shown."""

    text: str
    cached: Any
    kind: FormulaKind


@dataclass(frozen=True)
class NumberRule:
    """Excel data validation of a number cell: whole or decimal, bounds, and the texts of its alerts."""

    whole: bool
    minimum: Decimal
    maximum: Decimal | None
    title: str
    input_message: str
    error_message: str


@dataclass(frozen=True)
class GuideNode:
    code: str
    name: str
    notes: tuple[tuple[str, str], ...]  # (label, text): definition, formula


@dataclass(frozen=True)
class UnitWorkbookPlan:
    """Everything the unit workbook holds beyond the layout's positions."""

    layout: UnitLayout
    title: str
    subtitle: str
    identity_values: Mapping[str, str]
    identity_labels: Mapping[str, str]
    identity: Mapping[str, Any]
    values: Mapping[InputRef, Any]
    reported: Mapping[str, Any]
    formulas: Mapping[tuple[int, int], PlannedFormula]
    constants: Mapping[tuple[int, int], Decimal]
    rules: Mapping[tuple[int, int], NumberRule]
    bands: tuple[AchievementBand, ...]
    guide: Sheet
    meta: tuple[tuple[str, Any], ...]
    properties: Mapping[str, str]
    widths: Mapping[int, float]     # the Isian columns
    heights: Mapping[int, float]    # every Isian row with text
    page: PageSetup                 # the print of Isian
    survey: SurveySheetPlan | None = None


def formula_kind(measure: str) -> FormulaKind:
    if text_measure(measure):
        return "text"
    if measure.startswith(("total.pagu", "total.realisasi")):
        return "integer"
    return "percent"


def number_rule(f: InputField) -> NumberRule:
    """The validation of an input cell, with an Indonesian stop alert that names the accepted values."""
    whole = f.kind == "bulat"
    low = f.minimum if f.minimum is not None else Decimal("-1e15")
    kind = "bilangan bulat" if whole else "angka desimal"
    bounds = f"≥ {low}" if f.maximum is None else f"antara {low} dan {f.maximum}"
    return NumberRule(whole, low, f.maximum, f.label[:32], f"Isi {kind} {bounds}."[:255],
                      f"Sel ini hanya menerima {kind} {bounds}. Teks tidak diterima."[:255])


def plan_unit_workbook(layout: UnitLayout, computation: Computation, *,
                       values: Mapping[InputRef, Any] | None = None, identity: Mapping[str, Any] | None = None,
                       reported: Mapping[str, Any] | None = None, note: str = "",
                       survey_rows: Sequence[Sequence[Any]] = (), survey_note: str = "") -> UnitWorkbookPlan:
    """The workbook of ``layout``; ``computation`` is the unit's (scoped) computation of ``values`` (with the
    counts of ``survey_rows``, the respondents a Survei sheet comes with); ``note`` is a paragraph for the
    Petunjuk (e.g. which figures of an example are synthetic), ``survey_note`` one for the Survei sheet."""
    catalog = layout.catalog
    unit = catalog.unit(layout.unit)
    renderer = FormulaRenderer(layout.resolver(computation), SHEET_INPUT)
    formulas: dict[tuple[int, int], PlannedFormula] = {}
    constants: dict[tuple[int, int], Decimal] = {}
    rules: dict[tuple[int, int], NumberRule] = {}
    for row in layout.rows:
        for col, ref in row.figures.items():
            figure = computation.figures[ref]
            formulas[(row.row, col)] = PlannedFormula(renderer.formula(figure.expr), cached(figure.value),
                                                      formula_kind(ref.measure))
        for col, ref in row.constants.items():
            value = computation.constants.get(ref)
            if isinstance(value, Decimal):
                constants[(row.row, col)] = value
        for col, f in row.inputs.items():
            rules[(row.row, col)] = number_rule(f)
        for col, mirrored in row.mirrors.items():  # the survey's IKM and respondents, shown from the Survei sheet
            value = computation.value(mirrored.node, mirrored.measure) if isinstance(mirrored, ResultRef) else \
                computation.inputs.get(mirrored)
            formulas[(row.row, col)] = PlannedFormula(renderer.formula(Cell(mirrored)), cached(value),
                                                      "integer" if isinstance(mirrored, InputRef) else "percent")
    identity_values = {"unit": f"{unit.code} — {unit.name}", "tahun": str(layout.year),
                       "periode": period_label(layout.period)}
    identity_labels = {name: identity_label(catalog, name) for name, _ in IDENTITY_FIELDS}
    values = dict(values or {})
    widths = _input_widths(layout, values, formulas, constants)
    heights = _input_heights(layout, widths, identity_labels, {**identity_values, **{
        k: str(v) for k, v in (identity or {}).items() if isinstance(v, str)}})
    page = plan_pages(widths, heights, (1, 1, layout.last_row, COL_NOTE), repeat=(HEADER_ROW, HEADER_ROW),
                      keep={row.row for row in layout.rows if row.kind in ("bagian", "simpul")},
                      margins=INPUT_MARGINS, header=("", ""))
    return UnitWorkbookPlan(
        layout=layout,
        title=f"Isian Kinerja {unit.name} — Tahun {layout.year} — {period_label(layout.period)}",
        subtitle="Isi sel berwarna kuning. Sel biru dihitung otomatis; sel abu-abu (target Perjanjian Kinerja) "
                 "terkunci. Lihat lembar Petunjuk.",
        identity_values=identity_values, identity_labels=identity_labels,
        identity=dict(identity or {}), values=values, reported=dict(reported or {}),
        formulas=formulas, constants=constants, rules=rules, bands=catalog.achievement_bands,
        guide=_guide_sheet(_guide(layout, computation, note), _guide_nodes(layout)), meta=_meta(layout),
        survey=plan_survey_sheet(layout, computation, survey_rows, survey_note),
        properties={
            "title": f"Isian kinerja {unit.name} {layout.year}",
            "subject": f"{catalog.ministry} — {period_label(layout.period)} {layout.year}",
            "author": "kinerja_xl",
            "company": catalog.ministry,
            "comments": "Dibuat oleh kinerja_xl dari katalog " + catalog.id,
        },
        widths=widths, heights=heights, page=page)


def _input_widths(layout: UnitLayout, values: Mapping[InputRef, Any],
                  formulas: Mapping[tuple[int, int], PlannedFormula],
                  constants: Mapping[tuple[int, int], Decimal]) -> dict[int, float]:
    """The Isian widths: a number column as wide as its longest value (no ``###``)."""
    numbers: dict[int, list[tuple[Any, str]]] = {}
    for row in layout.rows:
        for col, f in row.inputs.items():
            value = values.get(InputRef(f.node, f.key, layout.unit))
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                numbers.setdefault(col, []).append((value, INTEGER if f.kind == "bulat" else DECIMAL))
    for (_, col), formula in formulas.items():
        if formula.kind in FORMULA_FORMATS and isinstance(formula.cached, (int, float)):
            numbers.setdefault(col, []).append((formula.cached, FORMULA_FORMATS[formula.kind]))
    for (_, col), value in constants.items():
        numbers.setdefault(col, []).append((value, DECIMAL))
    widths = dict(INPUT_WIDTHS)
    for col, shown in numbers.items():
        if col in widths:
            widths[col] = max(widths[col], *(number_width([v], fmt) for v, fmt in shown))
    return widths


def _input_heights(layout: UnitLayout, widths: Mapping[int, float], labels: Mapping[str, str],
                   identity: Mapping[str, str]) -> dict[int, float]:
    """Every Isian row as high as its wrapped texts (names, labels, section titles, column titles)."""
    cells: list[tuple[int, int, str, Any]] = [(TITLE_ROW, 1, "", LOOKS["title"])]
    spans: dict[tuple[int, int], int] = {}
    for i, (name, _) in enumerate(IDENTITY_FIELDS):
        r = IDENTITY_FIRST_ROW + i
        cells += [(r, COL_NAME, labels[name], look_of("node")), (r, COL_IN1, identity.get(name, ""),
                                                                look_of("input_text"))]
        spans[(r, COL_IN1)] = COL_IN1 + 3
    cells += [(HEADER_ROW, col, title, look_of("header")) for col, title in headers(layout.period).items()
              if col in widths]
    for row in layout.rows:
        if row.kind == "bagian":
            cells += [(row.row, COL_CODE, row.code, look_of("section")), (row.row, COL_NAME, row.text,
                                                                          look_of("section"))]
            spans[(row.row, COL_NAME)] = COL_NOTE
            continue
        cells.append((row.row, COL_CODE, row.code, look_of("code")))
        cells.append((row.row, COL_NAME, row.text if row.kind == "simpul" else "   " + row.text,
                      look_of("node" if row.kind == "simpul" else "text")))
        cells += [(row.row, col, label, look_of("label")) for col, label in row.labels.items()]
    heights = fit_heights(cells, widths, spans)
    heights[TITLE_ROW] = max(heights.get(TITLE_ROW, 0), TITLE_HEIGHT)
    heights[HEADER_ROW] = max(heights.get(HEADER_ROW, 0), HEADER_HEIGHT)
    return heights


def _guide_sheet(lines: tuple[tuple[GuideStyle, str, str], ...], nodes: tuple[GuideNode, ...]) -> Sheet:
    """The Petunjuk as a sheet: the instructions, then each indicator with its definition and formula, an
    upright A4 page with every text wrapped in its column."""
    sheet = Sheet(SHEET_GUIDE, landscape=False)
    sheet.widths.update(GUIDE_WIDTHS)
    sheet.last_col = 2
    row = 0
    for style, a, b in lines:
        row += 1
        if style in ("title", "subtitle"):
            sheet.text(row, 1, a or b, style)
        elif style == "bold":
            sheet.text(row, 1, a, "bold")
        else:
            if a:
                sheet.text(row, 1, a, "bold")
            if b:
                sheet.text(row, 2, b, "note")
    for node in nodes:
        row += 1
        sheet.text(row, 1, node.code, "bold_note")
        sheet.text(row, 2, node.name, "bold_note")
        for label, text in node.notes:
            row += 1
            sheet.text(row, 1, label, "note")
            sheet.text(row, 2, text, "note")
    sheet.fit(margins=Margins(left=0.6, right=0.6, top=0.6, bottom=0.6))
    return sheet


def _rounding_text(computation: Computation) -> str:
    policy = computation.rounding
    if policy.mode == "bertahap":
        return f"setiap tahap dibulatkan {policy.digits} desimal, setengah ke atas seperti ROUND Excel"
    return "tanpa pembulatan antara; hanya tampilan yang dibulatkan"


def _guide(layout: UnitLayout, computation: Computation, note: str = "") -> tuple[tuple[GuideStyle, str, str], ...]:
    catalog = layout.catalog
    unit = catalog.unit(layout.unit)
    lines: list[tuple[GuideStyle, str, str]] = [
        ("title", f"Petunjuk pengisian — {unit.name}", ""),
        ("subtitle", f"{catalog.ministry} · Tahun {layout.year} · {period_label(layout.period)} · "
                     f"Perjanjian Kinerja {catalog.agreement_version}", ""),
        ("", "", ""),
    ]
    if note:
        lines += [("bold", "Catatan", ""), ("", "", note), ("", "", "")]
    if layout.period != "tahunan":
        lines += [("bold", f"Periode {period_label(layout.period)}", ""),
                  ("", "", "Isi angka kumulatif sejak Januari sampai akhir periode ini. Kolom target menampilkan "
                           "target periode ini bila katalog memuatnya (target triwulan Rencana Aksi), selain itu "
                           "target tahunan; komentar pada sel target menyebutkan yang dipakai."),
                  ("", "", "")]
    lines += [
        ("bold", "Langkah", ""),
        ("", "1.", "Buka lembar Isian. Isi identitas: penanggung jawab dan tanggal penyampaian."),
        ("", "2.", "Isi semua sel berwarna kuning dengan angka mentah (jumlah orang, KPM, lembaga, nilai). "
                   "Gunakan angka, bukan teks; koma untuk desimal sesuai pengaturan Excel Anda."),
        ("", "3.", "Sel biru (Realisasi, % Capaian, Predikat) dihitung otomatis saat Anda mengetik, dengan "
                   f"aturan pembulatan katalog ({_rounding_text(computation)})."),
        ("", "4.", "Kolom 'Realisasi dilaporkan unit' boleh diisi angka realisasi menurut catatan unit; "
                   "kinerja_xl akan mencocokkannya dengan hasil hitung dan memberi peringatan bila berbeda."),
        ("", "5.", "Tulis sumber data / tautan bukti dukung pada kolom 'Bukti dukung / keterangan'."),
        ("", "6.", "Simpan berkas tanpa mengganti nama lembar dan tanpa menyisipkan atau menghapus baris. "
                   "Kirim berkas ke pengelola data kinerja instansi Anda."),
        ("", "", ""),
        ("bold", "Arti warna", ""),
        ("", "Kuning", "Sel isian (tidak terkunci). Excel menolak teks pada sel angka."),
        ("", "Oranye", "Sel isian wajib yang masih kosong."),
        ("", "Biru", "Rumus otomatis (terkunci)."),
        ("", "Abu-abu", "Target Perjanjian Kinerja (terkunci; perubahan akan ditandai saat validasi)."),
    ]
    for band in catalog.achievement_bands:
        threshold = f"≥ {band.minimum}" if band.minimum is not None else "lainnya"
        lines.append(("", f"Capaian {threshold}", f"{band.label} (warna #{band.color})"))
    lines += [
        ("", "", ""),
        ("bold", "Tombol Validasi / Hitung", ""),
        ("", "", "Pada versi makro (.xlsm), tombol Validasi memeriksa isian dan menulis lembar Validasi; "
                 "tombol Hitung menulis lembar Hasil beserta grafik. Perintah yang sama tersedia di baris "
                 "perintah: kinerja-xl validasi BERKAS dan kinerja-xl hitung BERKAS."),
        ("", "", ""),
        ("bold", "Indikator yang diisi unit ini", ""),
    ]
    return tuple(lines)


def _guide_nodes(layout: UnitLayout) -> tuple[GuideNode, ...]:
    shown = {row.node for row in layout.rows if row.kind == "simpul"}
    nodes = [n for n in layout.catalog.walk() if n.code in shown]
    return tuple(GuideNode(n.code, n.name, tuple((label, text) for label, text in (
        ("Definisi", n.definition), ("Rumus", n.formula_text or method_text(n))) if text)) for n in nodes)


def _meta(layout: UnitLayout) -> tuple[tuple[str, Any], ...]:
    catalog = layout.catalog
    items: list[tuple[str, Any]] = [
        ("skema_templat", TEMPLATE_SCHEMA),
        ("katalog_id", catalog.id),
        ("katalog_hash", catalog.content_hash),
        ("unit", layout.unit),
        ("tahun", layout.year),
        ("periode", layout.period),
        ("versi_kinerja_xl", __version__),
    ]
    return tuple(items)


def method_text(node: Node) -> str:
    times = show_number(node.ratio_multiplier)  # 100, or a rate's 1.000, 100.000 (pengali)
    texts = {
        "rasio": f"Pembilang / penyebut × {times}.",
        "rasio_gabungan": f"Jumlah pembilang semua kelompok / jumlah penyebut semua kelompok × {times}.",
        "periode_puncak": "Periode dengan pembilang terbesar: pembilang / penyebut periode itu × 100.",
        "rata_rata_tertimbang": "Jumlah (nilai × bobot) / jumlah bobot.",
        "langsung": "Nilai diisi langsung.",
        "rata_rata": "Rata-rata realisasi sub/komponen.",
        "jumlah": "Jumlah realisasi sub/komponen.",
        "jumlah_berbobot": "Jumlah (bobot × realisasi komponen) / total bobot.",
    }
    return texts.get(node.method or "", "")
