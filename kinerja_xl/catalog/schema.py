"""Frozen dataclasses describing a catalog: an instansi's performance tree for one year, its words and tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import Literal

from ..memo import Memoized
from ..numbers import show_number
from .survey import LEVELS, SurveySpec


SCHEMA_VERSION = 1

Polarity = Literal["naik", "turun"]
#: How a lower-is-better capaian is computed: ``selisih`` (2T − R) / T × 100 (PermenPANRB 6/2022, the
#: default) or ``terbalik`` T / R × 100 (some agencies).
LowerRule = Literal["selisih", "terbalik"]
LOWER_RULES = ("selisih", "terbalik")
RoundingMode = Literal["bertahap", "tanpa_antara"]
FieldKind = Literal["bulat", "desimal"]
Level = Literal["sasaran", "indikator", "sub", "komponen"]

#: Realisasi methods. Leaf methods read input fields; composite methods combine children.
LEAF_METHODS = ("rasio", "rasio_gabungan", "periode_puncak", "rata_rata_tertimbang", "langsung")
COMPOSITE_METHODS = ("rata_rata", "jumlah", "jumlah_berbobot")
METHODS = LEAF_METHODS + COMPOSITE_METHODS

#: Reporting periods a workbook can be filled for; the quarters are cumulative from January.
QUARTERS = ("TW1", "TW2", "TW3", "TW4")
PERIODS = (*QUARTERS, "tahunan")
PERIOD_LABELS = {
    "TW1": "Triwulan I",
    "TW2": "Triwulan II",
    "TW3": "Triwulan III",
    "TW4": "Triwulan IV",
    "tahunan": "Tahunan",
}
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
#: The months a quarterly (cumulative) workbook covers: TW2 is January to June.
QUARTER_MONTHS = {f"TW{q}": MONTHS[: 3 * q] for q in range(1, 5)}
#: A ratio's default multiplier: a percentage.
PERCENT = Decimal(100)


@dataclass(frozen=True)
class CatalogProblem:
    """One defect of a catalog, located by node code and field name."""

    node: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.node == "-" else f"{self.node} · {self.field}: {self.message}"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str


@dataclass(frozen=True)
class TargetRange:
    """A target given as an interval: inside it the indicator is met."""

    low: Decimal
    high: Decimal

    def __str__(self) -> str:
        """``7–8``, ``7,5–8``: in Indonesian notation, as the sheets show it."""
        return f"{show_number(self.low)}–{show_number(self.high)}"


BoundSide = Literal["kurang_dari", "paling_banyak", "lebih_dari", "paling_sedikit"]
#: A one-sided target's side: the sign printed reports use, and the polarity it implies.
BOUND_SIDES: dict[str, tuple[str, Polarity]] = {
    "kurang_dari": ("<", "turun"),
    "paling_banyak": ("≤", "turun"),
    "lebih_dari": (">", "naik"),
    "paling_sedikit": ("≥", "naik"),
}


@dataclass(frozen=True)
class TargetBound:
    """A one-sided target ("kurang dari 10", "paling sedikit 95"): capaian is computed against ``value`` with
    the polarity its side implies (the loader makes the node's polarity agree). A strict bound met exactly
    (realisasi 10 against "< 10") gives the regulation's arithmetic, 100: the formula has no strictness."""

    side: BoundSide
    value: Decimal

    @property
    def sign(self) -> str:
        return BOUND_SIDES[self.side][0]

    @property
    def polarity(self) -> Polarity:
        return BOUND_SIDES[self.side][1]

    def __str__(self) -> str:
        """``< 10``, ``≥ 95``: as printed reports show it, in Indonesian notation."""
        return f"{self.sign} {show_number(self.value)}"


Target = Decimal | TargetRange | TargetBound


def target_value(target: Target | None) -> Decimal | None:
    """The single number capaian is computed against: the target, or a one-sided target's bound (None for a
    range, which has two)."""
    if isinstance(target, TargetBound):
        return target.value
    return target if isinstance(target, Decimal) else None


def target_label(target: Target) -> str:
    """A target as the sheets and reports show it: ``80``, ``7,5``, a range ``7–8``, a bound ``< 10``."""
    return show_number(target) if isinstance(target, Decimal) else str(target)


@dataclass(frozen=True)
class Comparison:
    """A second reference of an indicator (``pembanding``, e.g. the national target): capaian against it is
    computed with the indicator's polarity, rule and cap, shown beside the main capaian, never averaged."""

    name: str
    targets: dict[int, Target]

    def target_for(self, year: int) -> Target | None:
        return self.targets.get(year)


@dataclass(frozen=True)
class Band:
    """A predicate band: ``lower`` < value (or <= when ``inclusive``) and value <= ``upper``."""

    code: str
    name: str
    lower: Decimal | None
    upper: Decimal | None
    inclusive: bool = True


@dataclass(frozen=True)
class AchievementBand:
    """Colour band of capaian for conditional formatting: capaian >= ``minimum``; a capaian category
    (``kategori_capaian``) is the same interval without a colour."""

    minimum: Decimal | None
    label: str
    color: str


def bands_high_first(bands: Iterable[AchievementBand]) -> tuple[AchievementBand, ...]:
    """The bands from the highest minimum down, the band without a minimum (everything below) last."""
    return tuple(sorted(bands, key=lambda b: b.minimum if b.minimum is not None else Decimal("-Infinity"),
                        reverse=True))


def band_legend(bands: Iterable[AchievementBand], show: Callable[[Decimal], str] = str,
                title: str = "Warna % capaian") -> str:
    """The legend of the capaian colours ("Warna % capaian — ≥ 100: …; < 100: …."), "" without bands;
    ``title`` names another scale (the capaian categories)."""
    parts: list[str] = []
    upper: Decimal | None = None
    for band in bands_high_first(bands):
        if band.minimum is None:
            parts.append(f"< {show(upper)}: {band.label}" if upper is not None else band.label)
        else:
            bound = f"≥ {show(band.minimum)}" + (f" dan < {show(upper)}" if upper is not None else "")
            parts.append(f"{bound}: {band.label}")
        upper = band.minimum
    return f"{title} — " + "; ".join(parts) + "." if parts else ""


@dataclass(frozen=True)
class Group:
    """A named part of a leaf method: a cluster, a period or a contributing unit."""

    code: str
    name: str
    owners: tuple[str, ...]


@dataclass(frozen=True)
class InputField:
    """One raw figure a unit types into its workbook."""

    node: str
    key: str
    label: str
    kind: FieldKind
    owners: tuple[str, ...]
    group: str | None = None
    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None
    required: bool = True
    #: Read from the Survei sheet (a count of answers or of respondents), not typed on Isian.
    survey: bool = False
    #: The periods whose workbooks have the node's Survei sheet: a survey field exists only in them, the typed
    #: field it replaces only outside them (empty for a node without a survey).
    survey_periods: tuple[str, ...] = ()

    def applies(self, period: str) -> bool:
        """Whether a workbook of ``period`` holds this field."""
        return (period in self.survey_periods) == self.survey


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    level: Level
    method: str | None
    owners: tuple[str, ...] = ()
    kind: str = ""
    unit_of_measure: str = "%"
    polarity: Polarity = "naik"
    targets: dict[int, Target] = field(default_factory=dict)
    #: Cumulative targets of the quarters of the catalog year (Rencana Aksi / PK triwulan), by period code.
    period_targets: dict[str, Target] = field(default_factory=dict)
    history: dict[int, Decimal | None] = field(default_factory=dict)
    definition: str = ""
    formula_text: str = ""
    groups: tuple[Group, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    sample: bool = False
    value_range: tuple[Decimal | None, Decimal | None] = (Decimal(0), None)
    weight: Decimal | None = None
    weight_total: Decimal | None = None
    cap: Decimal | None = None
    predicate: str | None = None
    #: ``rasio``/``rasio_gabungan``: realisasi = pembilang / penyebut × multiplier (None: × 100, a percentage).
    multiplier: Decimal | None = None
    lower_rule: LowerRule = "selisih"
    comparisons: tuple[Comparison, ...] = ()
    #: The Survei Kepuasan Masyarakat the node's value (a weighted mean: each group's value and weight) comes from.
    survey: SurveySpec | None = None
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and all descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def is_leaf(self) -> bool:
        return self.method in LEAF_METHODS

    @property
    def has_target(self) -> bool:
        return bool(self.targets)

    @property
    def ratio_multiplier(self) -> Decimal:
        """What a ratio is multiplied by: 100 (a percentage) unless the catalog gives ``pengali``."""
        return PERCENT if self.multiplier is None else self.multiplier

    @property
    def is_rate(self) -> bool:
        """A ratio that is no percentage (per 1.000, per 100.000): its numerator may exceed its denominator."""
        return self.ratio_multiplier != PERCENT

    def target_for(self, year: int) -> Target | None:
        return self.targets.get(year)

    def period_target(self, period: str) -> Target | None:
        """The target of a quarter (cumulative from January), when the catalog gives one."""
        return self.period_targets.get(period)

    def inputs(self, period: str | None = None) -> tuple[InputField, ...]:
        """The raw fields this node's method reads (empty for composite nodes); with ``period`` only those a
        workbook of that period holds (a survey's counts, or the typed values they replace)."""
        if period is None:
            return self._inputs
        return tuple(f for f in self._inputs if f.applies(period))

    def surveyed(self, period: str) -> bool:
        """Whether the node's value comes from a Survei sheet in workbooks of ``period``."""
        return self.survey is not None and self.survey.active(period)

    @cached_property
    def _inputs(self) -> tuple[InputField, ...]:
        # nodes are immutable, so their fields are derived once (cached_property writes the instance
        # __dict__ directly, which a frozen dataclass allows; it takes no part in eq/hash)
        return input_fields(self)

    def supplied_only_by(self, unit: str) -> bool:
        """Every field below comes from ``unit`` alone: the unit's own capaian is meaningful."""
        fields = [f for n in self.walk() for f in n.inputs()]
        return bool(fields) and all(f.owners == (unit,) for f in fields)


def _label(node: Node, role: str, default: str) -> str:
    return node.labels.get(role, default)


def input_fields(node: Node) -> tuple[InputField, ...]:
    """Derive the input fields from the method; the single place that names input keys."""
    m = node.method
    fields: list[InputField] = []
    if m == "rasio":
        fields.append(InputField(node.code, "pembilang", _label(node, "pembilang", "Pembilang"), "bulat",
                                 node.owners))
        fields.append(InputField(node.code, "penyebut", _label(node, "penyebut", "Penyebut"), "bulat",
                                 node.owners))
        if node.sample:
            fields.append(InputField(node.code, "populasi", _label(node, "populasi", "Populasi"), "bulat",
                                     node.owners))
    elif m in ("rasio_gabungan", "periode_puncak"):
        for g in node.groups:
            fields.append(InputField(node.code, f"{g.code}.pembilang", _label(node, "pembilang", "Pembilang"),
                                     "bulat", g.owners, group=g.code))
            fields.append(InputField(node.code, f"{g.code}.penyebut", _label(node, "penyebut", "Penyebut"),
                                     "bulat", g.owners, group=g.code))
    elif m == "rata_rata_tertimbang":
        low, high = node.value_range
        periods = node.survey.periods if node.survey else ()
        for g in node.groups:
            fields.append(InputField(node.code, f"{g.code}.nilai", _label(node, "nilai", "Nilai"), "desimal",
                                     g.owners, group=g.code, minimum=low, maximum=high, survey_periods=periods))
            fields.append(InputField(node.code, f"{g.code}.bobot", _label(node, "bobot", "Bobot"), "bulat",
                                     g.owners, group=g.code, survey_periods=periods))
            fields.extend(survey_fields(node, g.code, g.owners))
    elif m == "langsung":
        low, high = node.value_range
        fields.append(InputField(node.code, "nilai", _label(node, "nilai", "Nilai"), "desimal", node.owners,
                                 minimum=low, maximum=high, survey_periods=node.survey.periods if node.survey else ()))
        fields.extend(survey_fields(node, None, node.owners))
    return tuple(fields)


def survey_prefix(group: str | None) -> str:
    """The start of a survey's input keys and figure measures: ``SETJEN.`` for a group, nothing for the node."""
    return f"{group}." if group else ""


def count_key(group: str | None, item: str, level: int) -> str:
    """Input key of the number of answers ``level`` to unsur ``item`` (``SETJEN.survei.U1.4``)."""
    return f"{survey_prefix(group)}survei.{item}.{level}"


def respondents_key(group: str | None) -> str:
    """Input key of the number of respondents (rows with at least one answer)."""
    return f"{survey_prefix(group)}survei.responden"


def survey_fields(node: Node, group: str | None, owners: tuple[str, ...]) -> list[InputField]:
    """The counts a Survei sheet supplies for ``node`` (one group of it): answers per unsur and level, and
    respondents. None for a node without a survey."""
    spec = node.survey
    if spec is None:
        return []
    out = [InputField(node.code, count_key(group, item.code, level), f"Jawaban {level} {item.code}", "bulat", owners,
                      group=group, survey=True, survey_periods=spec.periods)
           for item in spec.items for level in LEVELS]
    out.append(InputField(node.code, respondents_key(group), "Jumlah responden", "bulat", owners, group=group,
                          survey=True, survey_periods=spec.periods))
    return out


@dataclass(frozen=True)
class RoundingPolicy:
    """``bertahap``: round every published stage and compute the next stage from rounded values;
    ``tanpa_antara``: keep full precision and round only what is shown."""

    mode: RoundingMode = "bertahap"
    digits: int = 2

    def other(self) -> RoundingPolicy:
        """The other mode at the same digits (to name a difference caused by the rounding order)."""
        return RoundingPolicy("tanpa_antara" if self.mode == "bertahap" else "bertahap", self.digits)


#: Kinds of instansi and how the workbooks name them.
AGENCY_KINDS = {"kementerian": "Kementerian", "lembaga": "Lembaga", "pemerintah_daerah": "Pemerintah Daerah"}


@dataclass(frozen=True)
class Agency:
    """The instansi and its words: what the workbooks and reports call it, its units and its report."""

    name: str
    kind: str = "kementerian"
    unit_term: str = "Unit kerja"
    report_name: str = "Laporan Kinerja"
    report_short: str = "LKj"

    @property
    def kind_label(self) -> str:
        return AGENCY_KINDS.get(self.kind, self.kind)

    @property
    def report_title(self) -> str:
        """``Laporan Kinerja Dinas X``; the words the report's name and the instansi's share
        are said once: ``Laporan Kinerja Instansi Pemerintah`` + ``Pemerintah Kabupaten Contoh`` gives
        ``Laporan Kinerja Instansi Pemerintah Kabupaten Contoh``."""
        report, name = self.report_name.split(), self.name.split()
        overlap = next((n for n in range(min(len(report), len(name)), 0, -1)
                        if [w.casefold() for w in report[-n:]] == [w.casefold() for w in name[:n]]), 0)
        return " ".join(report + name[overlap:])


#: The tables of the report a catalog may number and title: ``laporan.tabel.<key>``; for the keys of
#: NODE_TABLES one per node, ``<key>:<code>`` (``sasaran:SS1``).
TABLE_KEYS = ("perjanjian_kinerja", "capaian", "sasaran", "indikator", "rincian", "pagu_unit", "belanja",
              "efisiensi", "kinerja_anggaran", "reviu")
NODE_TABLES = ("sasaran", "indikator", "rincian")


#: The keys of each block of a catalog (docs/katalog.md); any other key is refused, with a suggestion.
TOP_KEYS = ("skema", "id", "instansi", "kementerian", "laporan", "tahun", "renstra", "perjanjian_kinerja",
            "periode", "pembulatan", "batas_capaian", "rumus_turun", "capaian_kementerian_lalu",
            "capaian_instansi_lalu", "unit", "pita_capaian", "kategori_capaian", "predikat", "anggaran", "sasaran")
AGENCY_KEYS = ("nama", "jenis", "sebutan_unit")
REPORT_KEYS = ("nama", "singkatan", "tabel")
TABLE_TITLE_KEYS = ("nomor", "judul")
AGREEMENT_KEYS = ("versi",)
ROUNDING_KEYS = ("mode", "desimal")
UNIT_KEYS = ("kode", "nama")
ACHIEVEMENT_BAND_KEYS = ("min", "label", "warna")
CATEGORY_KEYS = ("min", "label")
#: ``kategori_capaian: pita_capaian``: the colour bands' labels are the categories.
CATEGORIES_FROM_BANDS = "pita_capaian"
PREDICATE_BAND_KEYS = ("kode", "nama", "di_atas", "dari", "hingga")
BUDGET_KEYS = ("pagu_unit", "jenis_belanja", "per_sasaran", "kinerja_anggaran")
SPENDING_KEYS = ("pemilik", "daftar")
PER_GOAL_KEYS = ("pemilik",)
PERFORMANCE_KEYS = ("pemilik", "komponen", "predikat")
GROUP_KEYS = ("kode", "nama", "pemilik")
RANGE_TARGET_KEYS = ("min", "maks")
COMPARISON_KEYS = ("nama", "target")
LABEL_KEYS = ("pembilang", "penyebut", "populasi", "nilai", "bobot")
#: A sasaran has no method: its capaian is the mean of its indicators'.
GOAL_KEYS = ("kode", "nama", "jenis", "pemilik", "batas_capaian", "definisi", "indikator")
NODE_KEYS = ("kode", "nama", "jenis", "metode", "pemilik", "satuan", "polaritas", "target", "target_triwulan",
             "pembanding", "realisasi_lalu", "batas_capaian", "rumus_turun", "definisi", "rumus", "label", "sampel",
             "kelompok", "periode", "rentang", "pengali", "bobot", "total_bobot", "predikat", "survei", "sub",
             "komponen")
#: ``survei`` (a node's value from the Survei sheet, docs/katalog.md) and each ``survei.unsur`` item.
SURVEY_KEYS = ("jumlah_unsur", "bobot_unsur", "pembulatan_nrr", "periode", "kolom", "populasi", "kapasitas",
               "kuesioner", "unsur")
SURVEY_ITEM_KEYS = ("kode", "nama", "jawaban")
#: Node keys that only some methods read (anything else would be silently ignored, so it is refused).
METHOD_KEYS = {
    "sampel": ("rasio",),
    "kelompok": ("rasio_gabungan", "rata_rata_tertimbang"),
    "periode": ("periode_puncak",),
    "rentang": ("langsung", "rata_rata_tertimbang"),
    "total_bobot": ("jumlah_berbobot",),
    "pengali": ("rasio", "rasio_gabungan"),
    "survei": ("langsung", "rata_rata_tertimbang"),
}
#: The column titles (``label``) each method's inputs have.
METHOD_LABELS = {
    "rasio": ("pembilang", "penyebut", "populasi"),
    "rasio_gabungan": ("pembilang", "penyebut"),
    "periode_puncak": ("pembilang", "penyebut"),
    "rata_rata_tertimbang": ("nilai", "bobot"),
    "langsung": ("nilai",),
}

#: Codes become file names (units), sheet names (sasaran), hidden keys and formula text: letters, digits,
#: '.', '_' and '-', starting with a letter or digit, in ASCII (no look-alike letters of other scripts).
CODE_CHARACTERS = "huruf A–Z/a–z, angka 0–9, titik (.), garis bawah (_) dan tanda hubung (-)"
MAX_CODE_LENGTH = 40
#: Names Windows reserves for devices, whatever the extension: never a unit code (units become file names).
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                              *(f"LPT{i}" for i in range(1, 10))})


def code_problem(code: str, *, limit: int = MAX_CODE_LENGTH, file_name: bool = False) -> str | None:
    """Why ``code`` is no valid code (in Indonesian), or None."""
    if len(code) > limit:
        return f"kode paling panjang {limit} karakter, bukan {len(code)}"
    if not (code[:1].isascii() and code[:1].isalnum()) or any(
            not (ch.isascii() and (ch.isalnum() or ch in "._-")) for ch in code):
        shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in code[:60])
        return f"kode '{shown}' hanya boleh memuat {CODE_CHARACTERS}, dan diawali huruf atau angka"
    if file_name and code.split(".")[0].upper() in WINDOWS_RESERVED:
        return f"kode '{code}' adalah nama perangkat Windows dan tidak dapat menjadi bagian nama berkas"
    return None


@dataclass(frozen=True)
class TableTitle:
    """A table of the report: its number (``3.1``; none: unnumbered) and its title (a template)."""

    number: str | None = None
    title: str = ""


@dataclass(frozen=True)
class BudgetSpec:
    """The budget parts the catalog declares, and which unit supplies which figures (the consolidation adds
    the parts). A part that is not declared is never asked for, computed or shown."""

    ceiling_units: tuple[str, ...] = ()
    spending_types: tuple[Group, ...] = ()
    spending_owners: tuple[str, ...] = ()
    per_goal_owners: tuple[str, ...] = ()
    performance_components: tuple[Group, ...] = ()
    performance_owners: tuple[str, ...] = ()
    performance_predicate: str | None = None

    @property
    def has_ceilings(self) -> bool:
        """Pagu awal and pagu akhir per unit (each unit its own)."""
        return bool(self.ceiling_units)

    @property
    def has_spending(self) -> bool:
        return bool(self.spending_types)

    @property
    def has_per_goal(self) -> bool:
        """Pagu and realisasi per sasaran, and the efficiency of each sasaran."""
        return bool(self.per_goal_owners)

    @property
    def has_performance(self) -> bool:
        """The budget performance value (e.g. NKA from EKA and IKPA)."""
        return bool(self.performance_components)

    @property
    def declared(self) -> bool:
        return self.has_ceilings or self.has_spending or self.has_per_goal or self.has_performance

    def fields(self, units: tuple[Unit, ...], goals: tuple[Node, ...]) -> tuple[InputField, ...]:
        out: list[InputField] = []
        for u in units:
            if u.code in self.ceiling_units:
                out.append(InputField("ANGGARAN.UNIT", f"{u.code}.pagu_awal", "Pagu awal (Rp)", "bulat", (u.code,),
                                      group=u.code))
                out.append(InputField("ANGGARAN.UNIT", f"{u.code}.pagu_akhir", "Pagu akhir (Rp)", "bulat",
                                      (u.code,), group=u.code))
        for t in self.spending_types:
            for role, label in (("pagu", "Pagu (Rp)"), ("realisasi", "Realisasi (Rp)")):
                out.append(InputField("ANGGARAN.BELANJA", f"{t.code}.{role}", label, "bulat",
                                      self.spending_owners, group=t.code))
        if self.has_per_goal:
            for g in goals:
                for role, label in (("pagu", "Pagu (Rp)"), ("realisasi", "Realisasi (Rp)")):
                    out.append(InputField("ANGGARAN.SASARAN", f"{g.code}.{role}", label, "bulat",
                                          self.per_goal_owners, group=g.code, required=False))
                out.append(InputField("ANGGARAN.SASARAN", f"{g.code}.persen",
                                      "% realisasi (isi hanya bila jumlah rupiah tidak tersedia)", "desimal",
                                      self.per_goal_owners, group=g.code, maximum=Decimal(100), required=False))
        for c in self.performance_components:
            out.append(InputField("ANGGARAN.NKA", f"{c.code}.nilai", "Nilai", "desimal", self.performance_owners,
                                  group=c.code, maximum=Decimal(100)))
        return tuple(out)


@dataclass(frozen=True)
class Catalog(Memoized):
    schema_version: int
    id: str
    agency: Agency
    year: int
    renstra: tuple[int, int]
    agreement_version: str
    units: tuple[Unit, ...]
    rounding: RoundingPolicy
    periods: tuple[str, ...]
    predicates: dict[str, tuple[Band, ...]]
    achievement_bands: tuple[AchievementBand, ...]
    budget: BudgetSpec
    goals: tuple[Node, ...]
    default_cap: Decimal | None = None
    ministry_history: dict[int, Decimal | None] = field(default_factory=dict)
    tables: dict[str, TableTitle] = field(default_factory=dict)
    #: The agency's categories of capaian (``kategori_capaian``), on the value as shown; empty: none.
    categories: tuple[AchievementBand, ...] = ()
    #: The catalog-wide rule of lower-is-better capaian (each node carries its own, resolved).
    lower_rule: LowerRule = "selisih"
    #: Findings that do not stop the catalog (e.g. a quarterly target that falls over the year).
    warnings: tuple[CatalogProblem, ...] = ()
    content_hash: str = ""
    source: str = ""

    @property
    def ministry(self) -> str:
        """The instansi's name (the catalog key ``kementerian`` of schema 1 is still accepted)."""
        return self.agency.name

    def table_label(self, key: str) -> str:
        """``Tabel N`` when the catalog numbers table ``key``, else ``''``."""
        table = self.tables.get(key)
        return f"Tabel {table.number}" if table is not None and table.number else ""

    def table_title(self, key: str, default: str, **words: object) -> str:
        """The title of table ``key``: the catalog's (numbered ``Tabel N …`` when it gives a number) or
        ``default``; ``{instansi}``, ``{tahun}``, ``{tahun_lalu}``, ``{tahun_akhir}`` (of the Renstra),
        ``{sebutan_unit}``, ``{laporan}`` and ``words`` (``{kode}``, ``{nama}`` of a node) are filled in."""
        table = self.tables.get(key)
        template = table.title if table is not None and table.title else default
        fill = {"instansi": self.agency.name, "tahun": self.year, "tahun_lalu": self.year - 1,
                "tahun_akhir": self.renstra[1], "sebutan_unit": self.agency.unit_term,
                "laporan": self.agency.report_name, **words}
        text = template
        for name, value in fill.items():
            text = text.replace("{" + name + "}", str(value))
        label = self.table_label(key)
        return f"{label} {text}" if label else text

    @cached_property
    def target_years(self) -> tuple[int, ...]:
        """The years the catalog gives a target for (of any node), in order."""
        return tuple(sorted({year for node in self.walk() for year in node.targets}))

    def walk(self) -> Iterator[Node]:
        for goal in self.goals:
            yield from goal.walk()

    @cached_property
    def _nodes(self) -> dict[str, Node]:
        return {n.code: n for n in self.walk()}

    def measured_target(self, node: Node, year: int, period: str) -> tuple[str, Target | None]:
        """The target a run's capaian is measured against, with the prefix of its figures: the quarter's own
        (``target_periode``) when the catalog gives one and the run is of the catalog year (the loader then
        guarantees an annual target too), else the annual one of ``year`` (``target``)."""
        own = node.period_target(period) if year == self.year else None
        return ("target_periode", own) if own is not None else ("target", node.target_for(year))

    def node(self, code: str) -> Node:
        return self._nodes[code]

    def group_name(self, node: str, group: str) -> str:
        """The name of group ``group`` of node ``node``; the code itself when either is unknown."""
        found = self._nodes.get(node)
        return next((g.name for g in found.groups if g.code == group), group) if found else group

    def indicators(self) -> Iterator[Node]:
        for goal in self.goals:
            yield from goal.children

    def unit(self, code: str) -> Unit:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    @cached_property
    def _input_fields(self) -> tuple[InputField, ...]:
        fields = [f for n in self.walk() for f in n.inputs()]
        return tuple(fields) + self.budget.fields(self.units, self.goals)

    def input_fields(self) -> tuple[InputField, ...]:
        """Every raw field of the tree and the budget, in catalog order."""
        return self._input_fields

    def fields_of_unit(self, unit: str) -> tuple[InputField, ...]:
        return tuple(f for f in self.input_fields() if unit in f.owners)

    def nodes_of_unit(self, unit: str) -> tuple[Node, ...]:
        """Leaf nodes with at least one field this unit supplies."""
        return tuple(n for n in self.walk() if n.is_leaf and any(unit in f.owners for f in n.inputs()))

    def survey_of(self, unit: str, period: str) -> SurveySource | None:
        """The survey whose answers ``unit`` pastes in its workbook of ``period`` (the loader allows at most one
        per unit), or None."""
        for node in self.walk():
            if not node.surveyed(period):
                continue
            if node.method == "rata_rata_tertimbang":
                group = next((g for g in node.groups if unit in g.owners), None)
                if group is not None:
                    return SurveySource(node, group.code, group.name)
            elif unit in node.owners:
                return SurveySource(node, None, node.name)
        return None


@dataclass(frozen=True)
class SurveySource:
    """Where a unit's survey goes: a node, and the group of a weighted mean (None: the node's own value)."""

    node: Node
    group: str | None
    name: str

    @property
    def spec(self) -> SurveySpec:
        assert self.node.survey is not None
        return self.node.survey
