"""``kinerja-xl templat``: the unit input workbooks, the *Dilaporkan* workbook and the launcher."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import UsageError, writing
from .app import catalog_option, cli, load_catalog_or_fail, unit_codes
from .output import echo


@cli.command("templat")
@catalog_option
@click.option("--unit", "units", multiple=True, metavar="KODE",
              help="Kode unit (boleh diulang atau dipisah koma; huruf besar/kecil sama); lihat kinerja-xl katalog.")
@click.option("--semua-unit", is_flag=True, help="Buat templat untuk semua unit di katalog.")
@click.option("--tahun", type=int, metavar="TAHUN", help="Tahun pelaporan. Bawaan: tahun katalog.")
@click.option("--periode", type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"], case_sensitive=False),
              default="tahunan",
              show_default=True, help="Periode pelaporan.")
@click.option("-o", "--keluaran", "outdir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              metavar="FOLDER",
              show_default=True, help="Folder tujuan.")
@click.option("--makro", is_flag=True, help="Buat .xlsm dengan tombol Validasi dan Hitung (xlwings).")
@click.option("--dilaporkan", is_flag=True, help="Buat buku kerja Dilaporkan untuk reviu (angka tercetak).")
@click.option("--peluncur", is_flag=True, help="Buat buku kerja peluncur Konsolidasi (dengan --makro: bertombol).")
@click.option("--timpa", is_flag=True, help="Timpa berkas yang sudah ada (bawaan: menolak, agar isian tidak hilang).")
def template_command(catalog_path: Path | None, units: tuple[str, ...], semua_unit: bool, tahun: int | None,
                     periode: str, outdir: Path, makro: bool, dilaporkan: bool, peluncur: bool, timpa: bool) -> None:
    """Buat buku kerja isian standar untuk unit (atau Dilaporkan / peluncur Konsolidasi)."""
    catalog = load_catalog_or_fail(catalog_path)
    if tahun is not None and not catalog.renstra[0] <= tahun <= catalog.renstra[1]:
        raise UsageError(f"tahun {tahun} di luar periode Renstra katalog ({catalog.renstra[0]}–{catalog.renstra[1]})")
    if tahun is not None and catalog.target_years and tahun not in catalog.target_years:
        years = ", ".join(str(y) for y in catalog.target_years)
        raise UsageError(f"katalog '{catalog.id}' tidak memuat target tahun {tahun} (target ada untuk tahun {years}), "
                         "sehingga capaian buku kerja tahun itu tidak dapat dihitung. Pilih tahun lain, atau pakai "
                         f"katalog yang memuat target tahun {tahun} (--katalog)")
    if dilaporkan or peluncur:
        _special_template(catalog, outdir, dilaporkan, makro, timpa)
        return
    codes = [u.code for u in catalog.units] if semua_unit else unit_codes(catalog, units)
    if not codes:
        raise UsageError("sebutkan --unit KODE atau --semua-unit. Unit di katalog: "
                        + ", ".join(u.code for u in catalog.units))
    if periode not in catalog.periods:
        raise UsageError(f"periode {periode} tidak dipakai katalog ini (pilihan: {', '.join(catalog.periods)})")
    from ..atomic import inside
    from ..unit_layout import file_stem
    from ..pipeline.templates import write_unit_workbook

    vba = None
    if makro:
        from ..vba.project import vba_project_path

        vba = vba_project_path()  # MacroError: the user is told what to install
    year = tahun or catalog.year
    # unit codes come from the catalog: each name is checked to stay in the folder given (atomic.inside)
    paths = [inside(outdir, file_stem(catalog, code, year, periode) + (".xlsm" if makro else ".xlsx"))
             for code in codes]
    refuse_overwrite(paths, timpa)
    for code, path in zip(codes, paths, strict=True):
        with writing(path):
            write_unit_workbook(catalog, code, path, year=year, period=periode, vba_project=vba, buttons=makro)
        echo(f"ditulis: {path}")


def refuse_overwrite(paths: list[Path], overwrite: bool) -> None:
    """A template written over a filled workbook would lose the unit's figures: ask for --timpa."""
    existing = [str(p) for p in paths if p.exists()]
    if existing and not overwrite:
        raise UsageError("berkas sudah ada (isiannya akan hilang): " + ", ".join(existing)
                        + ". Pilih folder lain atau tambahkan --timpa.")


def _special_template(catalog: Any, outdir: Path, reported: bool, macros: bool, overwrite: bool) -> None:
    from ..atomic import inside

    if reported:
        target = inside(outdir, f"dilaporkan-{catalog.year}.xlsx")
    else:
        target = inside(outdir, f"konsolidasi-{catalog.year}.{'xlsm' if macros else 'xlsx'}")
    refuse_overwrite([target], overwrite)
    with writing(target):
        if reported:
            from ..render.review_sheet import write_reported_template

            path = write_reported_template(catalog, target)
        else:
            from ..render.launcher import write_consolidation_launcher

            path = write_consolidation_launcher(target)
    echo(f"ditulis: {path}")

