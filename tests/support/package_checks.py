"""What every workbook kinerja_xl writes must be: a sound package that opens without a warning.

:func:`assert_sound` runs the package-integrity checker (:func:`kinerja_xl.package.check_package`: every
relationship target exists, every part has a content type, no orphan parts, unique sheet ids and
r:ids, consistent style counts and indices) and loads the workbook with openpyxl, warnings as errors.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from openpyxl import load_workbook

from kinerja_xl.package import check_package


def assert_sound(workbook: Path | bytes) -> None:
    """``workbook`` (a path or its bytes) is a sound package and openpyxl reads it without a warning."""
    data = workbook.read_bytes() if isinstance(workbook, Path) else workbook
    name = str(workbook) if isinstance(workbook, Path) else "buku kerja"
    assert check_package(data) == [], name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = load_workbook(io.BytesIO(data), keep_vba=b"xl/vbaProject.bin" in data)
    assert book.sheetnames, name
