"""Regenerate the stored fixtures of the package tests, on purpose (read their diffs before committing).

    python -m tests.support.make_fixtures

``tests/fixtures/package/catatan-lo.xlsx`` is the REHSOS example (``workbooks/2023``) edited in LibreOffice
Calc through UNO, as a user would (:mod:`tests.support.uno_edit`, run by Debian's ``/usr/bin/python3``,
which has ``python3-uno``; the project's virtualenv does not): a sheet *Catatan Unit* with a table, a chart,
a comment, a picture, a text box, a hyperlink and a named range. Regenerate it when the example
workbooks change (an old fixture of another catalog gets no *Hasil*: ``katalog-beda``). The other
targets of :mod:`tests.support.donors` are made while the tests run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.donors import FIXTURES

ROOT = Path(__file__).resolve().parent.parent.parent
UNO_PYTHON = "/usr/bin/python3"


def libreoffice_fixture(target: Path) -> None:
    source = ROOT / "workbooks" / "2023" / "kinerja-REHSOS-2023-tahunan.xlsx"
    script = Path(__file__).resolve().parent / "uno_edit.py"
    subprocess.run([UNO_PYTHON, str(script), str(source), str(target)], check=True, timeout=600)


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    libreoffice_fixture(FIXTURES / "catatan-lo.xlsx")
    print(f"fixture diperbarui di {FIXTURES}")


if __name__ == "__main__":
    main()
