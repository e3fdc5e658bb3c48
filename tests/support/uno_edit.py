"""Edit a unit workbook the way a user does, in LibreOffice Calc driven through UNO, and save it as .xlsx.

    /usr/bin/python3 tests/support/uno_edit.py SOURCE.xlsx OUTPUT.xlsx [--timeout 120]

Runs with Debian's python3 (it has the ``uno`` module; the project's virtualenv does not). Starts its
own ``soffice --headless`` with a throwaway profile, listening on a private pipe, opens a copy of
SOURCE and adds a sheet "Catatan Unit" with a small table of typed values, a chart of that table, a
cell comment, a picture (a PNG made here), a text box, a hyperlink in a cell and a named range, then
stores it with the filter "Calc MS Excel 2007 XML". soffice is killed at the end whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path

import uno  # type: ignore[import-not-found]  # Debian's python3-uno
from com.sun.star.awt import Point, Size  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.table import CellAddress, CellRangeAddress  # type: ignore[import-not-found]

SHEET = "Catatan Unit"
ROWS = [("Bulan", "Kegiatan", "Peserta", "Anggaran (Rp)"),
        ("Januari", "Sosialisasi ATENSI", 120, 15_500_000.5),
        ("Februari", "Pelatihan pendamping", 45, 32_000_000),
        ("Maret", "Monitoring & evaluasi", 30, 8_750_000)]


def png(width: int = 64, height: int = 48) -> bytes:
    """A small RGB gradient as a valid PNG (the 'scanned evidence letter')."""
    raw = b"".join(b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 160)) for x in range(width))
                   for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def props(**values: object) -> tuple[PropertyValue, ...]:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def connect(pipe: str, deadline: float) -> object:
    """The component context of the soffice listening on ``pipe``, retried until ``deadline``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise TimeoutError("soffice tidak dapat dihubungi dalam batas waktu") from None
            time.sleep(0.25)


def edit(context: object, document: object, picture: Path) -> None:
    sheets = document.Sheets
    sheets.insertNewByName(SHEET, sheets.Count)
    sheet = sheets.getByName(SHEET)
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            cell = sheet.getCellByPosition(c, r)
            if isinstance(value, str):
                cell.String = value
            else:
                cell.Value = value
    sheet.getCellByPosition(2, 4).Formula = "=SUM(C2:C4)"
    sheet.getCellByPosition(1, 4).String = "Jumlah"

    charts = sheet.Charts
    area = CellRangeAddress()
    area.Sheet, area.StartColumn, area.StartRow, area.EndColumn, area.EndRow = sheets.Count - 1, 1, 0, 2, 3
    rect = uno.createUnoStruct("com.sun.star.awt.Rectangle")
    rect.X, rect.Y, rect.Width, rect.Height = 9000, 500, 12000, 7000
    charts.addNewByName("GrafikPeserta", rect, (area,), True, False)

    address = CellAddress()
    address.Sheet, address.Column, address.Row = sheets.Count - 1, 2, 1
    sheet.Annotations.insertNew(address, "Angka dari daftar hadir; lihat surat bukti terlampir.")

    page = sheet.DrawPage
    provider = document.createInstance("com.sun.star.drawing.GraphicObjectShape")
    # services come from soffice's context: the local (Python) one has none of them
    graphics = context.ServiceManager.createInstanceWithContext("com.sun.star.graphic.GraphicProvider", context)
    provider.Graphic = graphics.queryGraphic(props(URL=picture.resolve().as_uri()))
    page.add(provider)
    provider.Position, provider.Size = Point(1000, 4500), Size(4000, 3000)
    provider.Name = "Surat bukti"

    box = document.createInstance("com.sun.star.drawing.TextShape")
    page.add(box)
    box.Position, box.Size = Point(1000, 8000), Size(7000, 1500)
    box.String = "Catatan: angka Maret masih sementara."

    link = sheet.getCellByPosition(0, 6)
    field = document.createInstance("com.sun.star.text.TextField.URL")
    field.URL, field.Representation = "https://kemensos.go.id/", "Situs Kemensos"
    link.Text.insertTextContent(link.Text.createTextCursor(), field, False)

    base = CellAddress()
    base.Sheet = sheets.Count - 1
    document.NamedRanges.addNewByName("TabelCatatan", f"$'{SHEET}'.$A$1:$D$4", base, 0)


def work(pipe: str, source: Path, output: Path, timeout: float) -> None:
    """The UNO session (in a child process: if pyuno crashes, the parent still kills soffice)."""
    context = connect(pipe, time.monotonic() + timeout)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    folder = output.parent
    copy = folder / f".{output.stem}-sumber{source.suffix}"
    shutil.copyfile(source, copy)
    picture = folder / f".{output.stem}-surat-bukti.png"
    picture.write_bytes(png())
    try:
        document = desktop.loadComponentFromURL(copy.resolve().as_uri(), "_blank", 0, props(Hidden=True))
        if document is None:
            raise RuntimeError(f"LibreOffice tidak dapat membuka {source}")
        try:
            edit(context, document, picture)
            document.storeToURL(output.resolve().as_uri(), props(FilterName="Calc MS Excel 2007 XML", Overwrite=True))
        finally:
            document.close(True)
    finally:
        copy.unlink(missing_ok=True)
        picture.unlink(missing_ok=True)


def run(source: Path, output: Path, timeout: float) -> None:
    """Start soffice, let a child process edit through it, and kill soffice whatever happened."""
    profile = Path(tempfile.mkdtemp(prefix="kxl-uno-"))
    pipe = f"kxl{uuid.uuid4().hex}"
    command = [shutil.which("soffice") or "/usr/bin/soffice", f"-env:UserInstallation={profile.as_uri()}",
               "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
    # a session of its own: killing the group ends oosplash and soffice.bin together
    office = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    try:
        child = subprocess.run([sys.executable, __file__, "--pipe", pipe, str(source), str(output),
                                "--timeout", str(timeout)], timeout=timeout * 2, check=False)
        if child.returncode != 0 or not output.is_file():
            raise RuntimeError(f"penyuntingan lewat UNO gagal (kode keluar {child.returncode})")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(office.pid, signal.SIGKILL)
        office.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--timeout", type=float, default=120, help="batas waktu menghubungi soffice (detik)")
    parser.add_argument("--pipe", help=argparse.SUPPRESS)  # set by run() for the child process
    args = parser.parse_args()
    if args.pipe:
        work(args.pipe, args.source, args.output, args.timeout)
        return 0
    run(args.source, args.output, args.timeout)
    print(f"ditulis: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
