"""Read a catalog file (YAML) into :class:`~kinerja_xl.catalog.schema.Catalog`, collecting every problem.

The file uses Indonesian keys because planning staff edit it; the loader maps them to the English
model. All problems are gathered before failing, each naming the node and the field.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import CatalogError, describe_decode_error, describe_yaml_error, os_error_parts
from ..numbers import show_number
from .notation import flow, shown, written_number_problem
from .safe_yaml import MAX_YAML_BYTES, RefusedYaml, WrittenFloat, load_yaml
from .schema import (
    ACHIEVEMENT_BAND_KEYS,
    AGENCY_KEYS,
    AGREEMENT_KEYS,
    BOUND_SIDES,
    BUDGET_KEYS,
    CATEGORIES_FROM_BANDS,
    CATEGORY_KEYS,
    COMPARISON_KEYS,
    COMPOSITE_METHODS,
    LOWER_RULES,
    PERCENT,
    GOAL_KEYS,
    GROUP_KEYS,
    LABEL_KEYS,
    LEAF_METHODS,
    METHOD_KEYS,
    METHOD_LABELS,
    METHODS,
    MONTHS,
    NODE_KEYS,
    PER_GOAL_KEYS,
    PERFORMANCE_KEYS,
    PERIODS,
    PREDICATE_BAND_KEYS,
    QUARTERS,
    RANGE_TARGET_KEYS,
    REPORT_KEYS,
    ROUNDING_KEYS,
    SCHEMA_VERSION,
    SPENDING_KEYS,
    SURVEY_ITEM_KEYS,
    SURVEY_KEYS,
    AGENCY_KINDS,
    NODE_TABLES,
    TABLE_KEYS,
    TABLE_TITLE_KEYS,
    TOP_KEYS,
    UNIT_KEYS,
    code_problem,
    AchievementBand,
    Agency,
    Band,
    BudgetSpec,
    Catalog,
    CatalogProblem,
    Comparison,
    Group,
    LowerRule,
    Node,
    Polarity,
    RoundingPolicy,
    Target,
    TableTitle,
    TargetBound,
    TargetRange,
    Unit,
)
from .survey import (
    COLUMNS,
    DEFAULT_CAPACITY,
    MAX_CAPACITY,
    MAX_NRR_DIGITS,
    UNSAFE_WORD_CHARS,
    SurveyItem,
    SurveySpec,
    default_questionnaire,
    fold,
    questionnaire,
    questionnaire_ids,
    rounded_weights,
)

LEVELS = ("sasaran", "indikator", "sub", "komponen")
CHILD_KEYS = ("indikator", "sub", "komponen")
#: How deep the tree may nest (sasaran = 0); real catalogs use 3 or 4 levels.
MAX_TREE_DEPTH = 10
#: The numbers of a catalog: below 1e15 (Excel's 15 significant digits) and, other than zero, from 1e-15.
MAX_DIGITS, MIN_EXPONENT = 15, -15
#: Characters no cell or Word paragraph can hold (XML 1.0), and the other control characters but tab and line end.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def load_catalog(path: str | Path) -> Catalog:
    """Load and check a catalog file; raise :class:`CatalogError` listing every problem."""
    path = Path(path)
    try:
        with path.open("rb") as handle:  # bounded: a catalog path may name a huge file (or /dev/zero)
            raw = handle.read(MAX_YAML_BYTES + 1)
        if len(raw) > MAX_YAML_BYTES:
            raise CatalogError(str(path), [CatalogProblem("-", "berkas", f"katalog lebih besar dari batas "
                                                          f"{MAX_YAML_BYTES // (1024 * 1024)} MB")])
        text = raw.decode("utf-8")
    except OSError as exc:
        what, todo = os_error_parts(exc, path)
        raise CatalogError(str(path), [CatalogProblem("-", "berkas", f"tidak dapat dibaca: {what}; {todo}")]) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(str(path), [CatalogProblem("-", "berkas", describe_decode_error(exc))]) from exc
    return parse_catalog(text, source=str(path))


def parse_catalog(text: str, source: str = "<teks>") -> Catalog:
    try:
        data = load_yaml(text, written_numbers=True)
    except RefusedYaml as exc:
        raise CatalogError(source, [CatalogProblem("-", "berkas", f"YAML ditolak: {exc}")]) from exc
    except yaml.YAMLError as exc:
        raise CatalogError(source, [CatalogProblem("-", "berkas", f"YAML tidak valid, {describe_yaml_error(exc)}")]) \
            from exc
    if not isinstance(data, dict):
        raise CatalogError(source, [CatalogProblem("-", "berkas", "isi katalog harus berupa pemetaan (kunci: nilai)")])
    reader = _Reader(source)
    catalog = reader.catalog(data)
    if reader.problems:
        raise CatalogError(source, reader.problems)
    return catalog


def content_hash(data: Any) -> str:
    """Hash of the catalog's meaning (not its comments or layout), recorded in every workbook."""
    try:
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    except TypeError:  # keys of two kinds in one mapping ({2025: 85, ~: 90}) cannot be sorted: refused anyway
        canonical = json.dumps(_text_keys(data), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _text_keys(data: Any) -> Any:
    """``data`` with every key a text (as JSON writes it), so that it can be sorted; only for a catalog whose keys
    could not be (a valid catalog's hash is left as it has always been)."""
    if isinstance(data, Mapping):
        return {json.dumps(k, default=str) if not isinstance(k, str) else k: _text_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_text_keys(v) for v in data]
    return data


def unknown_key(key: str, allowed: Collection[str]) -> str:
    """``kunci 'polaritass' tidak dikenal; maksud Anda 'polaritas'?`` (or the list of known keys)."""
    import difflib  # here: a catalog without a mistake is read without it

    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in key[:60])
    close = difflib.get_close_matches(key.casefold(), list(allowed), n=1, cutoff=0.5)
    if close:
        return f"kunci '{shown}' tidak dikenal; maksud Anda '{close[0]}'?"
    return f"kunci '{shown}' tidak dikenal (kunci yang dikenal di sini: {', '.join(allowed)})"


class _Reader:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[CatalogProblem] = []
        self.warnings: list[CatalogProblem] = []
        self.periods: tuple[str, ...] = ()
        self.unit_codes: set[str] = set()
        self.unit_codes_in_order: list[str] = []
        self.seen_codes: set[str] = set()
        self.predicate_names: set[str] = set()
        self.year = 0

    def fail(self, node: str, field: str, message: str) -> None:
        self.problems.append(CatalogProblem(node, field, message))

    def keys(self, node: str, prefix: str, data: Mapping[str, Any], allowed: Collection[str],
             elsewhere: Mapping[str, str] | None = None) -> None:
        """Refuse every key of ``data`` not in ``allowed``: named with its node, and the nearest allowed key
        suggested (a misspelt key would otherwise be ignored, and change the figures silently)."""
        for key in data:
            name = flow(key)  # 'null' for a key '~', never Python's 'None'
            if name in allowed:
                continue
            if elsewhere and name in elsewhere:
                self.fail(node, prefix + name, elsewhere[name])
                continue
            self.fail(node, prefix + name, unknown_key(name, allowed))

    def code(self, node: str, field: str, value: Any, *, limit: int | None = None, file_name: bool = False) -> str:
        """A required code from the safe alphabet (see :func:`~.schema.code_problem`)."""
        code = self.text(node, field, value, controls=True)  # a code's alphabet refuses them, in its own words
        if code:
            reason = code_problem(code, file_name=file_name, **({"limit": limit} if limit else {}))
            if reason:
                self.fail(node, field, reason)
        return code

    # -- scalars ---------------------------------------------------------------------------------
    def number(self, node: str, field: str, value: Any, *, allow_none: bool = False) -> Decimal | None:
        if value is None and allow_none:
            return None
        misread = written_number_problem(value)  # 100.000 is 100 to YAML, 92,5 two entries
        if misread:
            self.fail(node, field, misread)
            return None
        if value is None:
            self.fail(node, field, "wajib diisi dengan angka")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(node, field, f"harus berupa angka, bukan {shown(value)}")
            return None
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(node, field, f"harus berupa angka (gunakan titik desimal di YAML), bukan {shown(value)}")
            return None
        if not number.is_finite():
            self.fail(node, field, f"harus berupa angka terhingga, bukan {shown(value)}")
            return None
        if number and not MIN_EXPONENT <= number.adjusted() < MAX_DIGITS:
            self.fail(node, field, f"{shown(value)} di luar jangkauan angka yang dihitung Excel dengan tepat "
                                   f"(kurang dari 1e{MAX_DIGITS}, paling kecil 1e{MIN_EXPONENT}, selain nol)")
            return None
        return number

    def text(self, node: str, field: str, value: Any, *, required: bool = True, controls: bool = False) -> str:
        """A text of the catalog, stripped; a control character is refused (no cell or Word paragraph holds it)
        unless ``controls`` (the caller refuses it itself)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(node, field, "wajib diisi")
            return ""
        if isinstance(value, bool):  # yes, no, on, off, true, false: 'NO' would be the text 'False'
            self.fail(node, field, f"dibaca YAML sebagai nilai ya/tidak ({shown(value)}), bukan teks: tulis teksnya "
                                   "dalam tanda kutip, mis. \"NO\" atau \"ON\"")
            return ""
        if not isinstance(value, (str, int, float)):
            self.fail(node, field, f"harus berupa teks, bukan {'pemetaan' if isinstance(value, Mapping) else 'daftar'} "
                                   f"{shown(value)}")
            return ""
        control = None if controls else _CONTROL.search(str(value))
        if control:
            self.fail(node, field, f"memuat karakter kendali U+{ord(control.group()):04X}, yang tidak dapat ditulis ke "
                                   "Excel atau Word; hapus karakter itu")
            return ""
        return (value.written if isinstance(value, WrittenFloat) else str(value)).strip()

    def mapping(self, node: str, field: str, value: Any) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(node, field, "harus berupa pemetaan (kunci: nilai)")
            return {}
        return value

    def sequence(self, node: str, field: str, value: Any) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(node, field, "harus berupa daftar")
            return []
        return value

    def owners(self, node: str, field: str, value: Any, inherited: tuple[str, ...]) -> tuple[str, ...]:
        if value is None:
            return inherited
        items = [value] if isinstance(value, str) else self.sequence(node, field, value)
        codes = tuple(v if isinstance(v, str) else flow(v) for v in items if v is not None)
        if len(codes) < len(items):
            self.fail(node, field, "daftar unit memuat isian kosong; tulis kode unit yang terdaftar di bagian 'unit'")
        for code in codes:
            if code not in self.unit_codes:
                self.fail(node, field, f"unit '{code}' tidak terdaftar di bagian 'unit'")
        return codes

    def target(self, node: str, year: Any, value: Any, field: str | None = None) -> Target | None:
        field = field or f"target.{flow(year)}"
        if isinstance(value, Mapping) and any(str(k) in BOUND_SIDES for k in value):
            return self.bound(node, field, value)
        if isinstance(value, (list, tuple, Mapping)):
            if isinstance(value, Mapping) and any(str(k) not in RANGE_TARGET_KEYS for k in value):
                self.keys(node, f"{field}.", value, (*RANGE_TARGET_KEYS, *BOUND_SIDES))
                return None
            pair = list(value) if isinstance(value, (list, tuple)) else [value.get("min"), value.get("maks")]
            if len(pair) != 2:
                self.fail(node, field, "target rentang harus berisi tepat dua angka [bawah, atas]")
                return None
            low, high = (self.number(node, field, v) for v in pair)
            if low is None or high is None:
                return None
            if low > high:
                self.fail(node, field, f"batas bawah {show_number(low)} lebih besar dari batas atas "
                          f"{show_number(high)}")
                return None
            if low <= 0:
                self.fail(node, field, "batas target harus lebih besar dari 0 (capaian dihitung terhadap target)")
                return None
            return TargetRange(low, high)
        misread = written_number_problem(value)
        if misread:
            self.fail(node, field, misread)
            return None
        if value is None:
            self.fail(node, field, f"target {'tahun ' if isinstance(year, int) else ''}{flow(year)} kosong: tulis "
                      "angka (mis. 85) atau rentang [bawah, atas]")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(node, field, f"target harus angka atau rentang [bawah, atas], bukan {shown(value)}")
            return None
        number = self.number(node, field, value)
        if number is not None and number <= 0:
            self.fail(node, field, f"target harus lebih besar dari 0, bukan {shown(value)}: capaian = R/T × 100 "
                      "(atau (2T − R)/T × 100) tidak terdefinisi untuk target 0")
            return None
        return number

    def bound(self, node: str, field: str, value: Mapping[str, Any]) -> TargetBound | None:
        """``{kurang_dari: 10}``, ``{paling_banyak: 5}``, ``{lebih_dari: 80}``, ``{paling_sedikit: 95}``."""
        if len(value) != 1:
            self.fail(node, field, "target satu sisi ditulis dengan tepat satu kunci, mis. {kurang_dari: 10} "
                      f"(pilihan: {', '.join(BOUND_SIDES)}); rentang ditulis [bawah, atas]")
            return None
        side, raw = next(iter(value.items()))
        side = flow(side)
        misread = written_number_problem(raw)
        if misread:
            self.fail(node, f"{field}.{side}", misread)
            return None
        if raw is None:
            self.fail(node, f"{field}.{side}", f"batas target kosong: tulis angka, mis. {{{side}: 10}}")
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            self.fail(node, f"{field}.{side}", f"batas target harus angka, bukan {shown(raw)}")
            return None
        number = self.number(node, f"{field}.{side}", raw)
        if number is not None and number <= 0:
            self.fail(node, f"{field}.{side}", f"batas target harus lebih besar dari 0, bukan {shown(raw)}: capaian "
                      "dihitung terhadap batas itu")
            return None
        return None if number is None else TargetBound(side, number)  # type: ignore[arg-type]

    def period_targets(self, code: str, data: Mapping[str, Any], targets: Mapping[int, Target]) -> dict[str, Target]:
        """``target_triwulan: {TW1: 25, TW2: 50, TW3: [70, 75], TW4: 100}``: cumulative targets of the quarters
        of the catalog year."""
        raw = self.mapping(code, "target_triwulan", data.get("target_triwulan"))
        out: dict[str, Target] = {}
        for key, value in raw.items():
            period = flow(key)
            field = f"target_triwulan.{period}"
            if period not in QUARTERS:
                self.fail(code, field, f"periode '{period}' tidak dikenal untuk target triwulan "
                          f"(pilihan: {', '.join(QUARTERS)})")
                continue
            if self.periods and period not in self.periods:
                self.fail(code, field, f"periode '{period}' tidak dipakai katalog ini (lihat kunci 'periode')")
                continue
            target = self.target(code, period, value, field)
            if target is not None:
                out[period] = target
        yearly = data.get("target")
        written = isinstance(yearly, Mapping) and any(str(k) == str(self.year) for k in yearly)
        if out and self.year not in targets and not written:  # a year's target refused is named where it is
            self.fail(code, "target_triwulan", "target triwulan memerlukan target tahunan tahun katalog")
        return out

    def falling_quarters(self, code: str, data: Mapping[str, Any], out: Mapping[str, Target], polarity: Polarity,
                         uom: str) -> None:
        """A falling quarterly target of a higher-is-better count is only a warning."""
        if polarity == "naik" and (data.get("metode") == "jumlah" or uom not in ("%", "nilai", "indeks")):
            lows = [(p, t.low if isinstance(t, TargetRange) else t.value if isinstance(t, TargetBound) else t)
                    for p, t in sorted(out.items())]
            for (before, a), (after, b) in zip(lows, lows[1:], strict=False):
                if b < a:
                    self.warnings.append(CatalogProblem(
                        code, f"target_triwulan.{after}", f"target {after} ({show_number(b)}) lebih kecil dari "
                        f"target {before} ({show_number(a)}): untuk hitungan kumulatif yang makin besar makin baik, "
                        "target triwulan biasanya tidak turun. Periksa bila tidak disengaja."))

    def comparisons(self, code: str, raw: Any) -> tuple[Comparison, ...]:
        """``pembanding: [{nama: Target nasional, target: {2025: 12}}]``: further references of an indicator."""
        out: list[Comparison] = []
        names: set[str] = set()
        for i, item in enumerate(self.sequence(code, "pembanding", raw)):
            field = f"pembanding[{i}]"
            if not isinstance(item, Mapping):
                self.fail(code, field, "setiap pembanding ditulis {nama: …, target: {tahun: angka}}")
                continue
            self.keys(code, f"{field}.", item, COMPARISON_KEYS)
            name = self.text(code, f"{field}.nama", item.get("nama"))
            if name and name.casefold() in names:
                self.fail(code, f"{field}.nama", f"nama pembanding '{name}' ganda")
            names.add(name.casefold())
            if not item.get("target"):
                self.fail(code, f"{field}.target", "pembanding wajib memiliki target, mis. {2025: 12}")
            raw_targets = self.mapping(code, f"{field}.target", item.get("target"))
            targets: dict[int, Target] = {}
            for key, value in raw_targets.items():
                year = self.year_key(code, f"{field}.target", key)
                target = self.target(code, key, value, f"{field}.target.{key}")
                if year is not None and target is not None:
                    targets[year] = target
            out.append(Comparison(name, targets))
        return tuple(out)

    def polarity(self, code: str, data: Mapping[str, Any], bounds: list[tuple[str, TargetBound]]) -> Polarity:
        """``polaritas``, or the one a one-sided target implies (``kurang_dari``/``paling_banyak``: lower is
        better); a node whose targets or ``polaritas`` disagree is refused."""
        explicit = data.get("polaritas")
        polarity: Polarity = "naik"
        if explicit is not None and explicit not in ("naik", "turun"):
            self.fail(code, "polaritas", f"harus 'naik' atau 'turun', bukan {shown(explicit)}")
            explicit = None
        elif explicit is not None:
            polarity = explicit
        words = {"turun": "makin kecil makin baik", "naik": "makin besar makin baik"}
        first: tuple[str, TargetBound] | None = None
        for field, bound in bounds:
            if first is None:
                first = (field, bound)
                if explicit is not None and explicit != bound.polarity:
                    self.fail(code, field, f"target '{bound}' ({bound.side}) berarti {words[bound.polarity]}, "
                              f"tetapi polaritas simpul ini '{explicit}': hapus 'polaritas' atau tulis "
                              f"'polaritas: {bound.polarity}'")
                polarity = bound.polarity if explicit is None else polarity
            elif bound.polarity != first[1].polarity:
                self.fail(code, field, f"target '{bound}' ({bound.side}) berarti {words[bound.polarity]}, "
                          f"bertentangan dengan target '{first[1]}' di {first[0]}; satu simpul satu polaritas")
        return polarity

    def lower_rule(self, node: str, field: str, value: Any) -> LowerRule | None:
        if value not in LOWER_RULES:
            self.fail(node, field, f"harus 'selisih' ((2T − R)/T × 100, bawaan) atau 'terbalik' (T/R × 100), "
                      f"bukan {shown(value)}")
            return None
        return value  # type: ignore[no-any-return]

    def multiplier(self, code: str, data: Mapping[str, Any]) -> Decimal | None:
        """``pengali``: realisasi = pembilang / penyebut × pengali; a rate (not 100) is no percentage."""
        if "pengali" not in data:
            return None
        raw = data["pengali"]
        number = self.number(code, "pengali", raw)
        if number is not None and (isinstance(raw, (float, str)) or number <= 0 or number != number.to_integral()):
            self.fail(code, "pengali", f"pengali harus bilangan bulat lebih besar dari 0 yang ditulis tanpa titik, "
                      f"mis. 100 (persen), 1000 (per 1.000) atau 100000 (per 100.000); bukan {shown(raw)}")
            return None
        if number is not None and number != PERCENT and str(data.get("satuan", "")).strip() == "%":
            self.fail(code, "satuan", f"dengan pengali {show_number(number)} realisasinya bukan persen: tulis "
                      f"satuannya, mis. 'per {show_number(number)} KH' (atau hapus 'satuan')")
        return number

    def categories(self, raw: Any, bands: tuple[AchievementBand, ...]) -> tuple[AchievementBand, ...]:
        """``kategori_capaian``: ``[{min, label}, …]`` (capaian >= min as shown; ``min: null`` the rest) or
        ``pita_capaian`` (the colour bands' labels)."""
        root, key = "katalog", "kategori_capaian"
        if raw is None:
            return ()
        if isinstance(raw, str):
            if raw != CATEGORIES_FROM_BANDS:
                import difflib  # here: see unknown_key

                close = difflib.get_close_matches(raw, [CATEGORIES_FROM_BANDS], n=1, cutoff=0.6)
                hint = f"; maksud Anda '{CATEGORIES_FROM_BANDS}'?" if close else ""
                self.fail(root, key, f"harus daftar {{min, label}} atau '{CATEGORIES_FROM_BANDS}', bukan {shown(raw)}"
                          + hint)
                return ()
            if not bands:
                self.fail(root, key, "'kategori_capaian: pita_capaian' memakai label pita_capaian, tetapi katalog "
                          "tidak memuat pita_capaian")
            return tuple(AchievementBand(b.minimum, b.label, "") for b in bands)
        out: list[AchievementBand] = []
        for i, item in enumerate(self.sequence(root, key, raw)):
            field = f"{key}[{i}]"
            item = self.mapping(root, field, item)
            self.keys(root, f"{field}.", item, CATEGORY_KEYS, elsewhere={
                "warna": "kategori tidak berwarna: warna sel capaian ditulis di pita_capaian (atau tulis "
                         "'kategori_capaian: pita_capaian' agar label pita menjadi kategori)"})
            if "min" not in item:
                self.fail(root, f"{field}.min", "wajib diisi: capaian terendah kategori ini (null = sisanya)")
            minimum = self.number(root, f"{field}.min", item.get("min"), allow_none=True)
            label = self.text(root, f"{field}.label", item.get("label"))
            if label and any(c.label.casefold() == label.casefold() for c in out):
                self.fail(root, f"{field}.label", f"kategori '{label}' ganda")
            if any(c.minimum == minimum for c in out):
                self.fail(root, f"{field}.min", "dua kategori dengan batas bawah yang sama"
                          if minimum is not None else "hanya satu kategori boleh 'min: null' (sisanya)")
            out.append(AchievementBand(minimum, label, ""))
        if isinstance(raw, list) and not raw:
            self.fail(root, key, "daftar kategori kosong; hapus kunci ini atau tulis minimal dua kategori")
        return tuple(out)

    def year_key(self, node: str, field: str, key: Any) -> int | None:
        if isinstance(key, bool) or (isinstance(key, float) and not key.is_integer()):
            self.fail(node, field, f"kunci tahun tidak valid: {flow(key)}; tulis tahun sebagai bilangan bulat "
                      "empat angka, mis. 2025")
            return None
        try:
            year = int(key)
        except (TypeError, ValueError):
            self.fail(node, field, f"kunci tahun tidak valid: {flow(key)}; tulis tahun sebagai bilangan bulat "
                      "empat angka, mis. 2025")
            return None
        if not 1900 <= year <= 2200:
            self.fail(node, field, f"kunci {flow(key)} bukan tahun: tahun ditulis empat angka antara 1900 dan 2200, "
                      "mis. 2025")
            return None
        return year

    # -- structure -------------------------------------------------------------------------------
    def catalog(self, data: Mapping[str, Any]) -> Catalog:
        root = "katalog"
        self.keys(root, "", data, TOP_KEYS)
        version = data.get("skema")
        if version != SCHEMA_VERSION:
            self.fail(root, "skema", f"versi skema katalog harus {SCHEMA_VERSION} (tulis 'skema: {SCHEMA_VERSION}'), "
                      f"bukan {shown(version)}")
        units = []
        for i, item in enumerate(self.sequence(root, "unit", data.get("unit"))):
            item = self.mapping(root, f"unit[{i}]", item)
            self.keys(root, f"unit[{i}].", item, UNIT_KEYS)
            code = self.code(root, f"unit[{i}].kode", item.get("kode"), file_name=True)
            same = next((c for c in self.unit_codes if c.casefold() == code.casefold()), None)
            if same is not None:  # also in another case: unit codes name files, one on Windows or macOS
                self.fail(root, f"unit[{i}].kode", f"kode unit '{code}' ganda" + (
                    "" if same == code else f" (sama dengan '{same}' bila huruf besar/kecil diabaikan)"))
            self.unit_codes.add(code)
            self.unit_codes_in_order.append(code)
            units.append(Unit(code, self.text(root, f"unit[{i}].nama", item.get("nama"))))
        if not units:
            self.fail(root, "unit", "minimal satu unit harus didaftarkan")

        year_value = data.get("tahun")
        self.year = year_value if isinstance(year_value, int) and not isinstance(year_value, bool) else 0
        if not self.year:
            self.fail(root, "tahun", f"tahun katalog harus bilangan bulat, mis. 2025, bukan {shown(year_value)}")
        renstra = self.sequence(root, "renstra", data.get("renstra"))
        renstra_pair = (self.year, self.year)
        if len(renstra) == 2 and all(isinstance(v, int) for v in renstra) and renstra[0] <= renstra[1]:
            renstra_pair = (renstra[0], renstra[1])
        else:
            self.fail(root, "renstra", "harus [tahun_awal, tahun_akhir] periode Renstra")

        rounding = self.rounding(self.mapping(root, "pembulatan", data.get("pembulatan")))
        periods = tuple(flow(p) for p in self.sequence(root, "periode", data.get("periode", list(PERIODS))))
        for p in periods:
            if p not in PERIODS:
                self.fail(root, "periode", f"periode '{p}' tidak dikenal (pilihan: {', '.join(PERIODS)})")
        self.periods = periods
        predicates = {name: self.bands(name, bands)
                      for name, bands in self.mapping(root, "predikat", data.get("predikat")).items()}
        self.predicate_names = set(predicates)
        achievement = tuple(self.achievement_band(i, b) for i, b in
                            enumerate(self.sequence(root, "pita_capaian", data.get("pita_capaian"))))
        categories = self.categories(data.get("kategori_capaian"), achievement)
        cap = self.number(root, "batas_capaian", data.get("batas_capaian"), allow_none=True)
        lower_rule: LowerRule = "selisih"
        if "rumus_turun" in data:
            lower_rule = self.lower_rule(root, "rumus_turun", data["rumus_turun"]) or "selisih"

        goals = []
        for i, item in enumerate(self.sequence(root, "sasaran", data.get("sasaran"))):
            node = self.node(item, 0, (), f"sasaran[{i}]", cap, lower_rule=lower_rule)
            if node is not None:
                goals.append(node)
        if not goals:
            self.fail(root, "sasaran", "minimal satu sasaran strategis harus didefinisikan")
        self.one_survey_per_unit(goals)
        budget = self.budget(self.mapping(root, "anggaran", data.get("anggaran")))
        history = {}
        history_key = "capaian_instansi_lalu" if "capaian_instansi_lalu" in data else "capaian_kementerian_lalu"
        for key, value in self.mapping(root, history_key, data.get(history_key)).items():
            year = self.year_key(root, history_key, key)
            if year is not None:
                history[year] = self.number(root, f"{history_key}.{year}", value, allow_none=True)
        agreement = self.mapping(root, "perjanjian_kinerja", data.get("perjanjian_kinerja"))
        self.keys(root, "perjanjian_kinerja.", agreement, AGREEMENT_KEYS)
        report = self.mapping(root, "laporan", data.get("laporan"))
        self.keys("laporan", "", report, REPORT_KEYS)
        return Catalog(
            schema_version=SCHEMA_VERSION,
            id=self.code(root, "id", data.get("id"), limit=64),
            agency=self.agency(data, report),
            year=self.year,
            renstra=renstra_pair,
            agreement_version=self.text(root, "perjanjian_kinerja.versi", agreement.get("versi")),
            units=tuple(units),
            rounding=rounding,
            periods=periods,
            predicates=predicates,
            achievement_bands=achievement,
            budget=budget,
            goals=tuple(goals),
            default_cap=cap,
            ministry_history=history,
            tables=self.tables(self.mapping("laporan", "tabel", report.get("tabel"))),
            categories=categories,
            lower_rule=lower_rule,
            warnings=tuple(self.warnings),
            content_hash=self.hash(data),
            source=self.source,
        )

    def agency(self, data: Mapping[str, Any], report: Mapping[str, Any]) -> Agency:
        """``instansi: {nama, jenis, sebutan_unit}`` (or, as in schema 1, ``kementerian: NAMA``) and the
        report's name from ``laporan: {nama, singkatan}``."""
        root = "katalog"
        if "instansi" in data:
            if "kementerian" in data:
                self.fail(root, "kementerian", "pakai 'instansi: {nama: …}' saja; 'kementerian' (skema lama) "
                          "tidak boleh ditulis bersamanya")
            block = self.mapping(root, "instansi", data.get("instansi"))
            self.keys(root, "instansi.", block, AGENCY_KEYS)
            name = self.text(root, "instansi.nama", block.get("nama"))
        else:
            block = {}
            name = self.text(root, "instansi.nama", data.get("kementerian"))
        raw_kind = block.get("jenis", "kementerian")
        kind = str(raw_kind)
        if raw_kind not in AGENCY_KINDS:
            self.fail(root, "instansi.jenis", f"jenis instansi harus salah satu dari {', '.join(AGENCY_KINDS)}, "
                      f"bukan {shown(raw_kind)}")
            kind = "kementerian"
        default = Agency(name)
        return Agency(
            name=name, kind=kind,
            unit_term=self.text(root, "instansi.sebutan_unit", block.get("sebutan_unit"), required=False)
            or default.unit_term,
            report_name=self.text("laporan", "nama", report.get("nama"), required=False) or default.report_name,
            report_short=self.text("laporan", "singkatan", report.get("singkatan"), required=False)
            or default.report_short)

    def tables(self, data: Mapping[str, Any]) -> dict[str, TableTitle]:
        """``tabel: {capaian: {nomor: "3.1", judul: "..."}, "sasaran:SS1": {nomor: "3.2"}, ...}``."""
        out: dict[str, TableTitle] = {}
        for key, item in data.items():
            field = f"tabel.{flow(key)}"
            kind, _, code = flow(key).partition(":")
            if kind not in TABLE_KEYS or bool(code) != (kind in NODE_TABLES):
                self.fail("laporan", field, f"kunci tabel '{flow(key)}' tidak dikenal (pilihan: "
                          f"{', '.join(k + (':KODE' if k in NODE_TABLES else '') for k in TABLE_KEYS)})")
                continue
            if code and code.upper() not in self.seen_codes:
                self.fail("laporan", field, f"simpul '{code}' tidak ada di pohon kinerja")
            item = {"nomor": item} if isinstance(item, (str, int, float)) else self.mapping("laporan", field, item)
            self.keys("laporan", f"{field}.", item, TABLE_TITLE_KEYS)
            number = self.text("laporan", f"{field}.nomor", item.get("nomor"), required=False)  # 3.10 as written
            out[str(key)] = TableTitle(number or None,
                                       self.text("laporan", f"{field}.judul", item.get("judul"), required=False))
        return out

    def hash(self, data: Mapping[str, Any]) -> str:
        return content_hash(data)  # linear in the file: the YAML loader refuses aliases

    def node_keys(self, code: str, data: Mapping[str, Any], depth: int, parent_method: str | None) -> None:
        """The keys of one node: those of its level, one kind of children, and the method-bound keys only
        where its method (or, for ``bobot``, its parent's) reads them."""
        if depth == 0:
            self.keys(code, "", data, GOAL_KEYS, elsewhere={
                key: f"kunci '{key}' tidak berlaku untuk sasaran (capaian sasaran = rata-rata capaian indikatornya)"
                for key in NODE_KEYS if key not in GOAL_KEYS})
            return
        self.keys(code, "", data, NODE_KEYS, elsewhere={
            "indikator": "di bawah indikator, anak simpul ditulis di 'sub' atau 'komponen'"})
        kinds = [k for k in ("sub", "komponen") if k in data]
        if len(kinds) > 1:
            self.fail(code, kinds[1], "pakai salah satu: 'sub' atau 'komponen', tidak keduanya")
        method = data.get("metode")
        for key, methods in METHOD_KEYS.items():
            if key in data and method in METHODS and method not in methods:
                self.fail(code, key, f"kunci '{key}' tidak dipakai metode '{method}' (hanya {', '.join(methods)})")
        if "bobot" in data and parent_method != "jumlah_berbobot":
            self.fail(code, "bobot", "bobot hanya dipakai oleh anak simpul bermetode 'jumlah_berbobot'")
        if "pembanding" in data and depth != 1:
            self.fail(code, "pembanding", "pembanding hanya untuk indikator (capaiannya tampil di samping capaian "
                      "indikator); sub indikator dan komponen tidak memakainya")

    def rounding(self, data: Mapping[str, Any]) -> RoundingPolicy:
        self.keys("katalog", "pembulatan.", data, ROUNDING_KEYS)
        mode = data.get("mode", "bertahap")
        if mode not in ("bertahap", "tanpa_antara"):
            self.fail("katalog", "pembulatan.mode", f"harus 'bertahap' atau 'tanpa_antara', bukan {shown(mode)}")
            mode = "bertahap"
        digits = data.get("desimal", 2)
        if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6:
            self.fail("katalog", "pembulatan.desimal", f"harus bilangan bulat 0–6, bukan {shown(digits)}")
            digits = 2
        return RoundingPolicy(mode, digits)

    def bands(self, name: str, items: Any) -> tuple[Band, ...]:
        out = []
        for i, item in enumerate(self.sequence("predikat", name, items)):
            field = f"predikat.{name}[{i}]"
            item = self.mapping("katalog", field, item)
            self.keys("katalog", f"{field}.", item, PREDICATE_BAND_KEYS)
            if "di_atas" in item and "dari" in item:
                self.fail("katalog", field, "pilih salah satu batas bawah: 'dari' (termasuk) atau 'di_atas' (tidak)")
            exclusive = "di_atas" in item
            lower = self.number("katalog", field, item.get("di_atas", item.get("dari")), allow_none=True)
            upper = self.number("katalog", field, item.get("hingga"), allow_none=True)
            out.append(Band(self.text("katalog", f"{field}.kode", item.get("kode")),
                            self.text("katalog", f"{field}.nama", item.get("nama")), lower, upper, not exclusive))
        return tuple(out)

    def achievement_band(self, i: int, item: Any) -> AchievementBand:
        field = f"pita_capaian[{i}]"
        item = self.mapping("katalog", field, item)
        self.keys("katalog", f"{field}.", item, ACHIEVEMENT_BAND_KEYS)
        color = self.text("katalog", f"{field}.warna", item.get("warna"))
        if color and (len(color) != 6 or any(c not in "0123456789abcdefABCDEF" for c in color)):
            self.fail("katalog", f"{field}.warna", f"warna harus heksadesimal 6 digit (mis. C6EFCE), bukan "
                      f"{shown(color)}")
        return AchievementBand(self.number("katalog", f"{field}.min", item.get("min"), allow_none=True),
                               self.text("katalog", f"{field}.label", item.get("label")), color.upper())

    def groups(self, code: str, items: Any, owners: tuple[str, ...], field: str) -> tuple[Group, ...]:
        out = []
        seen = set()
        for i, item in enumerate(self.sequence(code, field, items)):
            if isinstance(item, str):
                item = {"kode": item, "nama": item}
            item = self.mapping(code, f"{field}[{i}]", item)
            self.keys(code, f"{field}[{i}].", item, GROUP_KEYS)
            gcode = self.code(code, f"{field}[{i}].kode", item.get("kode"))
            if gcode in seen:
                self.fail(code, f"{field}[{i}].kode", f"kode '{gcode}' ganda")
            if "." in gcode:  # the input keys are GROUP.ROLE
                self.fail(code, f"{field}[{i}].kode", f"kode kelompok '{gcode}' tidak boleh memuat titik (.)")
            seen.add(gcode)
            out.append(Group(gcode, self.text(code, f"{field}[{i}].nama", item.get("nama", gcode)),
                             self.owners(code, f"{field}[{i}].pemilik", item.get("pemilik"), owners)))
        return tuple(out)

    def node(self, data: Any, depth: int, inherited: tuple[str, ...], where: str, cap: Decimal | None,
             parent_method: str | None = None, lower_rule: LowerRule = "selisih") -> Node | None:
        if not isinstance(data, Mapping):
            self.fail(where, "-", "setiap simpul harus berupa pemetaan (kunci: nilai)")
            return None
        code = self.code(where, "kode", data.get("kode"))
        where = code or where
        self.node_keys(where, data, depth, parent_method)
        if code.upper() in self.seen_codes:
            self.fail(code, "kode", "kode ganda: setiap simpul harus memiliki kode unik "
                      "(huruf besar/kecil dianggap sama)")
        self.seen_codes.add(code.upper())
        if depth == 0 and len(code) > 20:
            self.fail(code, "kode", "kode sasaran paling panjang 20 karakter (dipakai sebagai nama lembar Excel)")
        level = LEVELS[min(depth, 3)]
        owners = self.owners(code, "pemilik", data.get("pemilik"), inherited)

        children_key = next((k for k in CHILD_KEYS if k in data), None)
        raw_children = self.sequence(code, children_key or "sub", data.get(children_key)) if children_key else []
        if raw_children and depth >= MAX_TREE_DEPTH:
            self.fail(code, children_key or "sub", f"pohon kinerja paling dalam {MAX_TREE_DEPTH} tingkat")
            raw_children = []
        if depth == 0:
            method = None
            if not raw_children:
                self.fail(code, "indikator", "sasaran strategis harus memiliki minimal satu indikator")
        else:
            method = data.get("metode")
            if method is None:
                self.fail(code, "metode", f"metode wajib diisi (pilihan: {', '.join(METHODS)})")
            elif method not in METHODS:
                self.fail(code, "metode", f"metode {shown(method)} tidak dikenal (pilihan: {', '.join(METHODS)})")
            elif method in COMPOSITE_METHODS and not raw_children:
                self.fail(code, "sub", f"metode '{method}' membutuhkan sub/komponen")
            elif method in LEAF_METHODS and raw_children:
                self.fail(code, children_key or "sub", f"metode '{method}' membaca isian langsung; hapus sub/komponen"
                          " atau pilih metode gabungan (rata_rata, jumlah, jumlah_berbobot)")
        if depth > 0 and not owners and method in LEAF_METHODS and not data.get("kelompok"):
            self.fail(code, "pemilik", "unit pemilik data wajib diisi (atau diwarisi dari induk)")

        targets: dict[int, Target] = {}
        raw_targets = self.mapping(code, "target", data.get("target"))
        for key, value in raw_targets.items():
            year = self.year_key(code, "target", key)
            target = self.target(code, key, value)
            if year is not None and target is not None:
                targets[year] = target
        if depth == 1 and self.year and not any(str(k) == str(self.year) for k in raw_targets):
            self.fail(code, f"target.{self.year}", "indikator kinerja wajib memiliki target tahun katalog")
        period_targets = self.period_targets(code, data, targets)
        comparisons = self.comparisons(code, data.get("pembanding")) if "pembanding" in data else ()
        bounds = [(f"target.{y}", t) for y, t in targets.items() if isinstance(t, TargetBound)]
        bounds += [(f"target_triwulan.{p}", t) for p, t in period_targets.items() if isinstance(t, TargetBound)]
        bounds += [(f"pembanding[{i}].target.{y}", t) for i, c in enumerate(comparisons)
                   for y, t in c.targets.items() if isinstance(t, TargetBound)]
        polarity = self.polarity(code, data, bounds)
        multiplier = self.multiplier(code, data) if method in ("rasio", "rasio_gabungan") else None
        uom = self.text(code, "satuan", data.get("satuan", "%"), required=False)
        if "satuan" not in data and multiplier is not None and multiplier != PERCENT:
            uom = f"per {show_number(multiplier)}" if multiplier != 1 else ""
        self.falling_quarters(code, data, period_targets, polarity, uom)
        if "rumus_turun" in data:
            lower_rule = self.lower_rule(code, "rumus_turun", data["rumus_turun"]) or lower_rule
            if polarity != "turun":
                self.fail(code, "rumus_turun", "rumus_turun hanya berlaku untuk simpul dengan polaritas turun "
                          "(makin kecil makin baik); hapus kunci ini")
        history = {}
        for key, value in self.mapping(code, "realisasi_lalu", data.get("realisasi_lalu")).items():
            year = self.year_key(code, "realisasi_lalu", key)
            if year is not None:
                history[year] = self.number(code, f"realisasi_lalu.{year}", value, allow_none=True)

        groups: tuple[Group, ...] = ()
        if method in ("rasio_gabungan", "rata_rata_tertimbang"):
            groups = self.groups(code, data.get("kelompok"), owners, "kelompok")
            if not groups:
                self.fail(code, "kelompok", f"metode '{method}' membutuhkan daftar kelompok")
        elif method == "periode_puncak":
            groups = self.groups(code, data.get("periode", list(MONTHS)), owners, "periode")
            if len(groups) < 2:
                self.fail(code, "periode", "metode 'periode_puncak' membutuhkan minimal dua periode")
            if len({g.owners for g in groups}) > 1 or any(len(g.owners) != 1 for g in groups):
                self.fail(code, "pemilik", "metode 'periode_puncak' membutuhkan tepat satu unit pemilik untuk "
                          "seluruh deret periode (deret gabungan beberapa unit tidak didukung)")
        raw_labels = self.mapping(code, "label", data.get("label"))
        if method in METHODS:
            self.keys(code, "label.", raw_labels, METHOD_LABELS.get(str(method), ()), elsewhere={
                key: f"judul '{key}' tidak dipakai metode '{method}'" for key in LABEL_KEYS})
        else:
            self.keys(code, "label.", raw_labels, LABEL_KEYS)
        labels = {str(k): self.text(code, f"label.{k}", v) for k, v in raw_labels.items()}
        value_range: tuple[Decimal | None, Decimal | None] = (Decimal(0), None)
        if "rentang" in data:
            pair = self.sequence(code, "rentang", data.get("rentang"))
            if len(pair) == 2:
                low = self.number(code, "rentang", pair[0], allow_none=True)
                high = self.number(code, "rentang", pair[1], allow_none=True)
                value_range = (low, high)
            else:
                self.fail(code, "rentang", "harus [minimum, maksimum]")
        predicate = data.get("predikat")
        if predicate is not None and predicate not in self.predicate_names:
            self.fail(code, "predikat", f"predikat '{predicate}' tidak didefinisikan di bagian 'predikat'")
        node_cap = self.number(code, "batas_capaian", data["batas_capaian"], allow_none=True) \
            if "batas_capaian" in data else cap
        if polarity == "turun" and lower_rule == "terbalik" and node_cap is None and (targets or comparisons):
            self.warnings.append(CatalogProblem(
                code, "batas_capaian", "rumus turun 'terbalik' (target / realisasi × 100) tanpa batas_capaian: "
                "realisasi 0 tidak memiliki capaian (tak terhingga) dan akan dilaporkan sebagai masalah; tetapkan "
                "batas_capaian bila realisasi 0 mungkin terjadi"))
        survey = self.survey(code, data["survei"], method, groups, owners) if "survei" in data else None

        children = []
        for i, item in enumerate(raw_children):
            child = self.node(item, depth + 1, owners, f"{code}.{children_key}[{i}]", node_cap, method, lower_rule)
            if child is not None:
                children.append(child)
        weight_total = None
        if method == "jumlah_berbobot":
            weight_total = self.number(code, "total_bobot", data.get("total_bobot"))
            weights = [c.weight for c in children if c.weight is not None]
            if len(weights) != len(children):
                self.fail(code, "bobot", "setiap komponen metode 'jumlah_berbobot' wajib memiliki bobot")
            elif weight_total is not None and sum(weights, Decimal(0)) != weight_total:
                self.fail(code, "bobot", f"jumlah bobot komponen {show_number(sum(weights, Decimal(0)))} "
                          f"tidak sama dengan total_bobot {show_number(weight_total)}")
        weight = self.number(code, "bobot", data["bobot"]) if "bobot" in data else None
        return Node(
            code=code,
            name=self.text(code, "nama", data.get("nama")),
            level=level,  # type: ignore[arg-type]
            method=method,
            owners=owners,
            kind=self.text(code, "jenis", data.get("jenis"), required=False),
            unit_of_measure=uom,
            polarity=polarity,
            targets=targets,
            period_targets=period_targets,
            history=history,
            definition=self.text(code, "definisi", data.get("definisi"), required=False),
            formula_text=self.text(code, "rumus", data.get("rumus"), required=False),
            groups=groups,
            labels=labels,
            sample=bool(data.get("sampel", False)),
            value_range=value_range,
            weight=weight,
            weight_total=weight_total,
            cap=node_cap,
            predicate=predicate,
            multiplier=multiplier,
            lower_rule=lower_rule,
            comparisons=comparisons,
            survey=survey,
            children=tuple(children),
        )

    # -- survei ----------------------------------------------------------------------------------
    def survey(self, code: str, raw: Any, method: str | None, groups: tuple[Group, ...],
               owners: tuple[str, ...]) -> SurveySpec | None:
        """``survei: {jumlah_unsur, bobot_unsur, pembulatan_nrr, periode, kolom, populasi, kapasitas, kuesioner,
        unsur}``."""
        data = self.mapping(code, "survei", raw)
        self.keys(code, "survei.", data, SURVEY_KEYS)
        if method not in METHOD_KEYS["survei"]:  # refused with the method's keys
            return None
        if method == "rata_rata_tertimbang":
            for g in groups:
                if len(g.owners) != 1:
                    self.fail(code, f"kelompok.{g.code}.pemilik", "setiap kelompok yang dihitung dari survei "
                              "diisi tepat satu unit (lembar Survei unit itu)")
        elif not owners:
            self.fail(code, "pemilik", "survei memerlukan unit pemilik (lembar Survei unit itu)")
        size = data.get("jumlah_unsur", 9)
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 30:
            self.fail(code, "survei.jumlah_unsur", f"harus bilangan bulat 1–30 (9: PermenPANRB 14/2017, 14: "
                      f"KepMenPAN 25/2004), bukan {shown(size)}")
            size = 9
        qid = data.get("kuesioner", default_questionnaire(size))
        items: tuple[SurveyItem, ...] = ()
        name = ""
        if qid is not None and str(qid) in questionnaire_ids():
            name, items = questionnaire(str(qid))
        elif qid is not None:
            self.fail(code, "survei.kuesioner", f"kuesioner {shown(qid)} tidak dikenal (pilihan: "
                      f"{', '.join(questionnaire_ids())})")
        if "unsur" in data:
            items = self.survey_items(code, data["unsur"])
            name = name or "kuesioner katalog"
        if not items:
            if qid is None and "unsur" not in data:
                self.fail(code, "survei.unsur", f"tidak ada kuesioner bawaan dengan {size} unsur: daftarkan unsurnya "
                          "di 'unsur'")
            return None
        if len(items) != size:
            self.fail(code, "survei.jumlah_unsur", f"kuesioner memuat {len(items)} unsur, bukan {size}")
        return SurveySpec(
            questionnaire=str(qid or "katalog"),
            questionnaire_name=name,
            items=items,
            weight=self.survey_weight(code, data.get("bobot_unsur"), len(items)),
            periods=self.survey_periods(code, data.get("periode")),
            columns=self.survey_columns(code, data.get("kolom")),
            population=self.survey_population(code, data.get("populasi")),
            capacity=self.survey_capacity(code, data.get("kapasitas", DEFAULT_CAPACITY)),
            nrr_digits=self.survey_nrr_digits(code, data.get("pembulatan_nrr")),
        )

    def survey_items(self, code: str, raw: Any) -> tuple[SurveyItem, ...]:
        out: list[SurveyItem] = []
        seen: set[str] = set()
        for i, item in enumerate(self.sequence(code, "survei.unsur", raw)):
            where = f"survei.unsur[{i}]"
            item = self.mapping(code, where, item)
            self.keys(code, f"{where}.", item, SURVEY_ITEM_KEYS)
            icode = self.text(code, f"{where}.kode", item.get("kode")) or f"U{i + 1}"
            if icode != f"U{i + 1}":
                self.fail(code, f"{where}.kode", f"kode unsur ke-{i + 1} harus U{i + 1} (judul kolom lembar Survei), "
                          f"bukan {shown(icode)}")
            levels = self.sequence(code, f"{where}.jawaban", item.get("jawaban"))
            if len(levels) != 4:
                self.fail(code, f"{where}.jawaban", "harus berisi kata jawaban untuk nilai 1, 2, 3 dan 4 (empat "
                          "butir; satu butir boleh berupa daftar beberapa ejaan)")
                continue
            answers: list[tuple[str, ...]] = []
            for level, words in enumerate(levels, start=1):
                words = words if isinstance(words, list) else [words]
                texts = tuple(self.text(code, f"{where}.jawaban[{level - 1}]", w) for w in words)
                for word in texts:
                    if any(ch in UNSAFE_WORD_CHARS for ch in word) or word.strip() != word or not word:
                        self.fail(code, f"{where}.jawaban[{level - 1}]", f"kata jawaban {shown(word)} tidak boleh "
                                  "kosong, diawali/diakhiri spasi atau memuat * ? ~ < > = (dibaca Excel sebagai pola)")
                    if fold(word) in seen:
                        self.fail(code, f"{where}.jawaban[{level - 1}]", f"kata jawaban {shown(word)} dipakai dua kali "
                                  "pada unsur ini")
                    seen.add(fold(word))
                answers.append(texts)
            seen.clear()
            out.append(SurveyItem(icode, self.text(code, f"{where}.nama", item.get("nama")), tuple(answers)))
        return tuple(out)

    def survey_weight(self, code: str, raw: Any, size: int) -> Decimal | None:
        """``1/N`` (exact, the default) or 1/N rounded as agencies write it (``0.111``, ``0.11``)."""
        if raw is None or (isinstance(raw, str) and raw.replace(" ", "") == f"1/{size}"):
            return None
        allowed = rounded_weights(size)
        misread = written_number_problem(raw)
        if misread:  # 0,111: said once, with how to write it
            self.fail(code, "survei.bobot_unsur", misread)
            return None
        value = None if isinstance(raw, str) and "/" in raw else self.number(code, "survei.bobot_unsur", raw)
        if value is None or value not in allowed:
            self.fail(code, "survei.bobot_unsur", f"harus 1/{size} (tepat, bawaan) atau 1/{size} yang dibulatkan: "
                      f"{', '.join(format(w, 'f') for w in allowed)}; bukan {shown(raw)}")
            return None
        return value

    def survey_periods(self, code: str, raw: Any) -> tuple[str, ...]:
        if raw is None:
            return self.periods
        periods = tuple(flow(p) for p in self.sequence(code, "survei.periode", raw))
        for p in periods:
            if p not in self.periods:
                self.fail(code, "survei.periode", f"periode '{p}' tidak dipakai katalog ini (lihat kunci 'periode')")
        return periods

    def survey_columns(self, code: str, raw: Any) -> tuple[str, ...]:
        if raw is None:
            return tuple(COLUMNS)
        names = [flow(c) for c in self.sequence(code, "survei.kolom", raw)]
        for name in names:
            if name not in COLUMNS:
                self.fail(code, "survei.kolom", f"kolom '{name}' tidak dikenal (pilihan: {', '.join(COLUMNS)})")
        return tuple(c for c in COLUMNS if c in names)  # the questionnaire's order

    def survey_population(self, code: str, raw: Any) -> dict[str, int]:
        out: dict[str, int] = {}
        for unit, value in self.mapping(code, "survei.populasi", raw).items():
            unit = flow(unit)
            if unit not in self.unit_codes:
                self.fail(code, f"survei.populasi.{unit}", f"unit '{unit}' tidak terdaftar di bagian 'unit'")
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                self.fail(code, f"survei.populasi.{unit}", f"populasi harus bilangan bulat > 0, bukan {shown(value)}")
                continue
            out[unit] = value
        return out

    def survey_capacity(self, code: str, raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_CAPACITY:
            self.fail(code, "survei.kapasitas", f"harus bilangan bulat 1–{MAX_CAPACITY}, bukan {shown(raw)}")
            return DEFAULT_CAPACITY
        return raw

    def survey_nrr_digits(self, code: str, raw: Any) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_NRR_DIGITS:
            self.fail(code, "survei.pembulatan_nrr", f"harus bilangan bulat 0–{MAX_NRR_DIGITS} (desimal NRR setiap "
                      f"unsur sebelum ditimbang; tanpa kunci ini NRR tidak dibulatkan), bukan {shown(raw)}")
            return None
        return raw

    def one_survey_per_unit(self, goals: list[Node]) -> None:
        """A unit's workbook has one Survei sheet: at most one survey per unit in each period."""
        seen: dict[tuple[str, str], str] = {}
        for goal in goals:
            for node in goal.walk():
                if node.survey is None:
                    continue
                units = [g.owners[0] for g in node.groups if g.owners] if node.method == "rata_rata_tertimbang" \
                    else list(node.owners)
                for unit in {u for u in units if units.count(u) > 1}:
                    self.fail(node.code, "kelompok", f"unit '{unit}' mengisi lebih dari satu kelompok survei; satu "
                              "buku kerja memuat satu lembar Survei")
                for unit in units:
                    for period in node.survey.periods:
                        other = seen.setdefault((unit, period), node.code)
                        if other != node.code:
                            self.fail(node.code, "survei", f"unit '{unit}' sudah mengisi survei untuk {other} "
                                      f"(periode {period}); satu buku kerja memuat satu lembar Survei")

    def budget(self, data: Mapping[str, Any]) -> BudgetSpec:
        where = "anggaran"
        self.keys(where, "", data, BUDGET_KEYS)
        spending = self.mapping(where, "jenis_belanja", data.get("jenis_belanja"))
        per_goal = self.mapping(where, "per_sasaran", data.get("per_sasaran"))
        performance = self.mapping(where, "kinerja_anggaran", data.get("kinerja_anggaran"))
        self.keys(where, "jenis_belanja.", spending, SPENDING_KEYS)
        self.keys(where, "per_sasaran.", per_goal, PER_GOAL_KEYS)
        self.keys(where, "kinerja_anggaran.", performance, PERFORMANCE_KEYS)
        predicate = performance.get("predikat")
        if predicate is not None and predicate not in self.predicate_names:
            self.fail(where, "kinerja_anggaran.predikat", f"predikat '{predicate}' tidak didefinisikan")
        ceilings = data.get("pagu_unit", False)
        if ceilings is True:
            ceiling_units = tuple(self.unit_codes_in_order)
        elif ceilings is False or ceilings is None:
            ceiling_units = ()
        else:
            ceiling_units = self.owners(where, "pagu_unit", ceilings, ())
        if spending and not spending.get("daftar"):
            self.fail(where, "jenis_belanja.daftar", "daftar jenis belanja wajib diisi bila jenis_belanja dipakai")
        if (spending.get("daftar") and not spending.get("pemilik")) or ("per_sasaran" in data and not per_goal.get(
                "pemilik")) or (performance.get("komponen") and not performance.get("pemilik")):
            self.fail(where, "pemilik", "setiap bagian anggaran yang dipakai wajib memiliki unit pemilik")
        return BudgetSpec(
            ceiling_units=ceiling_units,
            spending_types=self.groups(where, spending.get("daftar"), (), "jenis_belanja.daftar"),
            spending_owners=self.owners(where, "jenis_belanja.pemilik", spending.get("pemilik"), ()),
            per_goal_owners=self.owners(where, "per_sasaran.pemilik", per_goal.get("pemilik"), ()),
            performance_components=self.groups(where, performance.get("komponen"), (), "kinerja_anggaran.komponen"),
            performance_owners=self.owners(where, "kinerja_anggaran.pemilik", performance.get("pemilik"), ()),
            performance_predicate=predicate,
        )
