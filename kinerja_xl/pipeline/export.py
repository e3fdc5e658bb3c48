"""``ekspor``: the consolidation as tidy rows (one per unit × node × period) in CSV, JSON or Parquet."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_bytes
from ..compute.tidy import COLUMNS, tidy_rows
from ..errors import UsageError
from ..catalog.schema import PERIODS, Catalog
from ..validate.report import ValidationReport
from ..text import csv_text
from .consolidation import Consolidation, consolidate

FORMATS = (".csv", ".xlsx", ".json", ".parquet")
#: CSV dialects: ``indonesia`` is what a spreadsheet set to Bahasa Indonesia (Excel, LibreOffice) opens as
#: numbers: ``;`` between fields, a decimal comma, UTF-8 with a byte-order mark (Excel then reads the
#: encoding right); ``internasional`` is the usual ``,`` and decimal point, for pandas, R and databases.
CSV_DIALECTS = {"indonesia": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"},
                "internasional": {"sep": ",", "decimal": ".", "encoding": "utf-8"}}


def tidy_table(consolidation: Consolidation) -> list[dict[str, Any]]:
    """Each unit's own rows (from its values of the consolidated year and period) and the instansi's."""
    report, batch = consolidation.report, consolidation.batch
    per_unit = [(s.unit, s.period or "tahunan", {v.ref: v.value for v in batch.per_file[s.file]})
                for s in report.submissions if s.readable and s.unit and s.file in batch.per_file
                and (s.year, s.period or "tahunan") == (batch.year, batch.period)]
    if batch.final is not None:  # a locked period: the final versions, whatever the folder holds now
        per_unit = [(unit, batch.period, {v.ref: v.value for v in values})
                    for unit, values in batch.final.values.items()]
    return tidy_rows(consolidation.computation.catalog, per_unit, consolidation.computation)


def tidy_tables(report: ValidationReport, catalog: Catalog, *, year: int | None = None, period: str | None = None,
                rounding: str | None = None) -> list[dict[str, Any]]:
    """The rows of every year and period of the batch (only ``year``/``period`` when given), each consolidated
    on its own: a folder of quarterly workbooks exports TW1–TW4 side by side."""
    return [row for c in consolidations(report, catalog, year=year, period=period, rounding=rounding)
            for row in tidy_table(c)]


def consolidations(report: ValidationReport, catalog: Catalog, *, year: int | None = None,
                   period: str | None = None, rounding: str | None = None) -> list[Consolidation]:
    """The consolidation of every year and period of the batch (only ``year``/``period`` when given), in order (a
    locked one from its final versions); with nothing readable, the (empty) one of the chosen year and period."""
    combos = sorted({(s.year, s.period or "tahunan") for s in report.submissions if s.readable
                     and (year is None or s.year == year) and (period is None or (s.period or "tahunan") == period)},
                    key=lambda c: (c[0] or 0, PERIODS.index(c[1]) if c[1] in PERIODS else len(PERIODS)))
    if not combos:
        return [consolidate(report, catalog, year=year, period=period, rounding=rounding)]
    return [consolidate(report, catalog, year=y, period=p, rounding=rounding) for y, p in combos]


def check_format(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"format keluaran tidak dikenal: {path.name} (pakai .csv, .xlsx, .json atau .parquet)")


def write_table(rows: list[dict[str, Any]], path: Path, *, dialect: str = "indonesia") -> int:
    """Write ``rows`` in the format of ``path``'s suffix, atomically; returns the number of rows. A CSV is
    written in ``dialect`` (:data:`CSV_DIALECTS`); an .xlsx is one sheet of numbers (it opens as numbers in
    any language setting)."""
    import pandas as pd

    check_format(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from ..render.table import write_table_workbook

        write_table_workbook(path, COLUMNS, rows)
        return len(rows)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if suffix == ".csv":
        for column in frame.columns:  # names and codes of the catalog: never a formula once opened in Excel
            if not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].map(lambda v: csv_text(v) if isinstance(v, str) else v)
        dialect_options = CSV_DIALECTS[dialect]
        data = frame.to_csv(index=False, sep=dialect_options["sep"], decimal=dialect_options["decimal"]).encode(
            dialect_options["encoding"])
    elif suffix == ".json":
        data = frame.to_json(orient="records", force_ascii=False, indent=2).encode("utf-8")
    else:
        buffer = io.BytesIO()
        try:
            frame.to_parquet(buffer, index=False)
        except ImportError as exc:
            raise UsageError("ekspor Parquet membutuhkan pyarrow: pip install pyarrow") from exc
        data = buffer.getvalue()
    atomic_write_bytes(path, data)
    return len(frame)
