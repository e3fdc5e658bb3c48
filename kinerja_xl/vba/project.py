"""The VBA project (``vbaProject.bin``) of the macro workbook, built from the INSTALLED xlwings package.

xlwings ships ``quickstart_standalone.xlsm``, whose VBA project holds the standalone ``xlwings`` module
(``RunPython`` and friends, tagged ``XLWINGS_VERSION``) plus a ``Module1`` with a sample macro. We take
that project from the installed package at run time, so the VBA always matches the Python side, and
replace the source of ``Module1`` with our macros (``Validasi``, ``Hitung``, ``Konsolidasi``).

How the module is replaced without Excel ([MS-OVBA] section numbers):

* the module stream gets the compressed source only, no p-code (2.3.4.3, 2.4.1);
* MODULEOFFSET of that module becomes 0 in the ``dir`` stream, which is recompressed (2.3.4.2.3.2.5);
* ``_VBA_PROJECT`` is written as the spec requires of writers, version 0xFFFF and no PerformanceCache
  (2.3.4.1), and any ``__SRP_*`` cache streams are dropped (2.2.6), so Office compiles from source;
* every other stream is copied unchanged into a new compound file (see :mod:`.cfb`).

xlwings' own module in that template is in exactly this state (source only, MODULEOFFSET 0), so the
result is the kind of project Excel already opens for every xlwings user. The module keeps its name
``Module1``: renaming would also touch PROJECT, PROJECTwm and four ``dir`` records for no gain.

The built project is cached per user, keyed by the xlwings version and a hash of its inputs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import MacroError
from . import cfb, ovba

MODULE = "Module1"
ADDIN = "kinerja_xl.xl_addin"
MACROS = (("Validasi", "validasi"), ("Hitung", "hitung"), ("Konsolidasi", "konsolidasi"),
          ("Pemantauan", "pemantauan"))
TEMPLATE = "quickstart_standalone.xlsm"
BUILD_REVISION = "2"  # bump whenever the produced bytes change for the same inputs
_VERSION_RE = re.compile(r'^\s*Public Const XLWINGS_VERSION As String = "([^"]*)"', re.MULTILINE)


@dataclass(frozen=True)
class InstalledXlwings:
    """The installed xlwings distribution: its version and its standalone quickstart workbook."""

    version: str
    template: Path


def module_source(module: str = MODULE) -> str:
    """The VBA source of our standard module (CRLF line ends, as VBA stores it)."""
    lines = [
        f'Attribute VB_Name = "{module}"',
        "Option Explicit",
        "",
        "' Dibuat oleh kinerja_xl. Tombol pada lembar Isian memanggil makro di bawah ini;",
        "' RunPython berada di modul xlwings dan membaca pengaturan dari lembar xlwings.conf.",
    ]
    for macro, function in MACROS:
        lines += ["", f"Sub {macro}()", f'    RunPython "import {ADDIN} as k; k.{function}()"', "End Sub"]
    return "\r\n".join(lines) + "\r\n"


def installed_xlwings() -> InstalledXlwings:
    """Locate the installed xlwings without importing it (importing registers engines, reads licences)."""
    hint = 'Pasang dengan: pip install "kinerja-xl[excel]"  (atau: pip install xlwings).'
    try:
        spec = importlib.util.find_spec("xlwings")
        version = importlib.metadata.version("xlwings")
    except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
        spec, version = None, ""
    if spec is None or not spec.submodule_search_locations or not version:
        raise MacroError("xlwings belum terpasang, padahal dibutuhkan untuk membuat buku kerja bermakro "
                         f"(.xlsm) dengan tombol Validasi dan Hitung. {hint}")
    template = Path(list(spec.submodule_search_locations)[0]) / TEMPLATE
    if not template.is_file():
        raise MacroError(f"Paket xlwings {version} tidak memuat berkas {TEMPLATE} ({template}). "
                         f"Pasang ulang: pip install --force-reinstall xlwings=={version}")
    return InstalledXlwings(version, template)


def template_project(xlwings: InstalledXlwings) -> bytes:
    """``xl/vbaProject.bin`` of xlwings' standalone quickstart workbook (what ``vba_extract.py`` does)."""
    try:
        with zipfile.ZipFile(xlwings.template) as archive:
            return archive.read("xl/vbaProject.bin")
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise MacroError(f"Proyek VBA pada {xlwings.template} tidak dapat dibaca ({exc}). "
                         f"Pasang ulang: pip install --force-reinstall xlwings=={xlwings.version}") from exc


def read_modules(project: bytes) -> dict[str, str]:
    """Source text of every module of a ``vbaProject.bin`` (the compressed source after MODULEOFFSET)."""
    vba = _vba_storage(cfb.read(project))
    dir_plain = ovba.decompress(_stream(vba, "dir"))
    codec = ovba.codepage(ovba.dir_records(dir_plain))
    return {m.name: ovba.decompress(_stream(vba, m.stream)[m.offset:]).decode(codec)
            for m in ovba.modules(dir_plain)}


def xlwings_version_of(project: bytes) -> str | None:
    """``XLWINGS_VERSION`` declared by the ``xlwings`` module of a project, if any."""
    found = _VERSION_RE.findall(read_modules(project).get("xlwings", ""))
    return found[0] if len(found) == 1 else None


def build_project(template: bytes, source: str, module: str = MODULE) -> bytes:
    """Return ``template`` (a ``vbaProject.bin``) with the source of standard module ``module`` replaced."""
    tree = cfb.read(template)
    vba = _vba_storage(tree)
    dir_plain = ovba.decompress(_stream(vba, "dir"))
    codec = ovba.codepage(ovba.dir_records(dir_plain))
    info = {m.name: m for m in ovba.modules(dir_plain)}.get(module)
    if info is None or not info.procedural:
        raise ovba.OvbaError(f"no standard module {module!r} in the VBA project")
    text = source.replace("\r\n", "\n").replace("\n", "\r\n")
    if not text.startswith(f'Attribute VB_Name = "{module}"'):
        text = f'Attribute VB_Name = "{module}"\r\n' + text
    vba[info.stream] = ovba.compress(text.encode(codec))  # source only, no PerformanceCache (2.3.4.3)
    vba["dir"] = ovba.compress(ovba.set_module_offset(dir_plain, module, 0))  # MODULEOFFSET (2.3.4.2.3.2.5)
    header = _stream(vba, "_VBA_PROJECT")
    vba["_VBA_PROJECT"] = b"\xcc\x61\xff\xff\x00" + header[5:7].ljust(2, b"\0")  # no cache (2.3.4.1)
    for name in [n for n in vba if n.startswith("__SRP_")]:
        del vba[name]  # SRP streams are version-specific cache data (2.2.6)
    return cfb.write(tree)


def check_project(project: bytes, version: str, source: str, module: str = MODULE) -> None:
    """Raise :class:`MacroError` unless ``project`` holds our module and xlwings ``version``."""
    try:
        modules = read_modules(project)
        found = xlwings_version_of(project)
    except (ValueError, KeyError) as exc:  # CfbError and OvbaError are ValueErrors
        raise MacroError(f"Proyek VBA hasil bentukan rusak ({exc}).") from exc
    if modules.get(module, "").replace("\r\n", "\n") != source.replace("\r\n", "\n"):
        raise MacroError(f"Modul VBA {module} hasil bentukan tidak sesuai dengan yang diharapkan.")
    if found != version:
        raise MacroError(f"Modul VBA xlwings bertanda versi {found or '(tidak ada)'}, sedangkan xlwings "
                         f"yang terpasang versi {version}. Pasang ulang: "
                         f"pip install --force-reinstall xlwings=={version}")


def vba_project_path(cache_dir: str | Path | None = None) -> Path:
    """Path of our ``vbaProject.bin`` for the installed xlwings, built once and then taken from the cache.

    Raises :class:`MacroError` when xlwings is missing or its template cannot be used.
    """
    xlwings = installed_xlwings()
    template = template_project(xlwings)
    source = module_source()
    key = hashlib.sha256(b"\0".join([BUILD_REVISION.encode(), template, source.encode()])).hexdigest()[:16]
    name = f"vbaProject-xlwings-{xlwings.version}-{key}.bin"
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cached = folder / name
    if cached.is_file():
        try:
            check_project(cached.read_bytes(), xlwings.version, source)
            return cached
        except (MacroError, OSError):
            pass  # damaged or foreign file: rebuild it below
    try:
        project = build_project(template, source)
    except ValueError as exc:
        raise MacroError(f"Proyek VBA dari xlwings {xlwings.version} tidak dapat diubah ({exc}). "
                         "Laporkan ke pengelola kinerja_xl.") from exc
    check_project(project, xlwings.version, source)
    try:
        return _store(folder, name, project)
    except OSError:
        return _store(Path(tempfile.mkdtemp(prefix="kinerja_xl-")), name, project)  # cache not writable


def default_cache_dir() -> Path:
    """The per-user cache folder (not the shared temp folder, where others could plant a file)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "kinerja_xl" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kinerja_xl"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kinerja_xl"


def _store(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` atomically (concurrent builds write identical bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".vbaProject-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / name)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return folder / name


def _vba_storage(tree: cfb.Tree) -> cfb.Tree:
    vba = tree.get("VBA")
    if not isinstance(vba, dict):
        raise ovba.OvbaError("no VBA storage in the project")
    return vba


def _stream(storage: cfb.Tree, name: str) -> bytes:
    data = storage.get(name)
    if not isinstance(data, bytes):
        raise ovba.OvbaError(f"missing stream VBA/{name}")
    return data
