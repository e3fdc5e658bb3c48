"""Command-line interface ``kinerja-xl``: a thin layer over the library.

Commands are Indonesian with English aliases. Heavy libraries (pandas, openpyxl, xlsxwriter) are
imported inside the commands, so ``kinerja-xl --help`` starts fast. Every library error becomes a
clear message and an exit code: 0 valid (warnings allowed), 1 invalid input, 2 unreadable files or
bad usage. No traceback reaches the user unless ``KINERJA_XL_DEBUG=1``.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
DEFAULT_CATALOG = Path(__file__).parent / "data" / "katalog-kemensos-2023.yaml"

ALIASES = {"template": "templat", "validate": "validasi", "compute": "hitung", "build": "konsolidasi",
           "export": "ekspor", "review": "reviu", "catalog": "katalog"}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class IndonesianHelp:
    """Help texts of click itself, in Bahasa Indonesia."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Tampilkan bantuan ini lalu keluar."
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        pieces = pieces.replace("[OPTIONS]", "[OPSI]").replace("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]...")
        formatter.write_usage(ctx.command_path, pieces, prefix="Penggunaan: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [rv for p in self.get_params(ctx) if (rv := p.get_help_record(ctx)) is not None]  # type: ignore[attr-defined]
        rows = [(name, text.replace("[required]", "[wajib]").replace("[default: ", "[bawaan: ")
                 .replace("; required]", "; wajib]")) for name, text in records]
        if rows:
            with formatter.section("Opsi"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(IndonesianHelp, click.Command):
    pass


class AliasedGroup(IndonesianHelp, click.Group):
    """Accept the English aliases; list them beside the Indonesian names in ``--help``."""

    command_class = Command

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(name, name))

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, Any, list[str]]:
        _, cmd, rest = super().resolve_command(ctx, args)
        return (cmd.name if cmd else None), cmd, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        english = {v: k for k, v in ALIASES.items()}
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                label = f"{name} ({english[name]})" if name in english else name
                rows.append((label, cmd.get_short_help_str(limit=70)))
        if rows:
            with formatter.section("Perintah"):
                formatter.write_dl(rows)


class UserError(click.ClickException):
    """An error the user can act on; printed without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_UNREADABLE):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(click.style("Galat: ", fg="red", bold=True) + self.format_message(), err=True)


def load_catalog_or_fail(path: Path | None) -> Any:
    from .catalog import CatalogError, load_catalog

    try:
        return load_catalog(path or DEFAULT_CATALOG)
    except CatalogError as exc:
        raise UserError(str(exc)) from exc


catalog_option = click.option(
    "--catalog", "--katalog", "catalog_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
    help="Berkas katalog kinerja (YAML). Bawaan: katalog Kemensos 2023 yang disertakan.")


@click.group(cls=AliasedGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--versi", "--version", prog_name="kinerja-xl",
                      message="%(prog)s %(version)s", help="Tampilkan versi lalu keluar.")
def cli() -> None:
    """kinerja-xl: validasi, hitung dan konsolidasi buku kerja Excel kinerja (SAKIP).

    Contoh: kinerja-xl konsolidasi workbooks/2023 -o out/laporan-kinerja-2023.xlsx
    """


@cli.command("katalog")
@click.argument("berkas", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak katalog sebagai JSON.")
def catalog_command(berkas: Path | None, as_json: bool) -> None:
    """Periksa katalog dan cetak pohon kinerjanya."""
    catalog = load_catalog_or_fail(berkas)
    if as_json:
        import json

        from .catalog.export import catalog_tree

        click.echo(json.dumps(catalog_tree(catalog), ensure_ascii=False, indent=2))
        return
    from .catalog.export import catalog_lines

    for line in catalog_lines(catalog):
        click.echo(line)
    click.echo(f"Katalog valid: {catalog.id} (hash {catalog.content_hash}).")


@cli.command("templat")
@catalog_option
@click.option("--unit", "units", multiple=True, metavar="KODE", help="Kode unit Eselon I (boleh diulang), mis. REHSOS.")
@click.option("--semua-unit", is_flag=True, help="Buat templat untuk semua unit di katalog.")
@click.option("--tahun", type=int, metavar="TAHUN", help="Tahun pelaporan. Bawaan: tahun katalog.")
@click.option("--periode", type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"]), default="tahunan",
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
    """Buat buku kerja isian standar untuk unit Eselon I (atau Dilaporkan / peluncur Konsolidasi)."""
    catalog = load_catalog_or_fail(catalog_path)
    if tahun is not None and not catalog.renstra[0] <= tahun <= catalog.renstra[1]:
        raise UserError(f"tahun {tahun} di luar periode Renstra katalog ({catalog.renstra[0]}–{catalog.renstra[1]})")
    if dilaporkan or peluncur:
        _special_template(catalog, outdir, dilaporkan, makro, timpa)
        return
    codes = [u.code for u in catalog.units] if semua_unit else list(units)
    if not codes:
        raise UserError("sebutkan --unit KODE atau --semua-unit. Unit di katalog: "
                        + ", ".join(u.code for u in catalog.units))
    unknown = [c for c in codes if c not in {u.code for u in catalog.units}]
    if unknown:
        raise UserError(f"unit tidak dikenal: {', '.join(unknown)}. Unit di katalog: "
                        + ", ".join(u.code for u in catalog.units))
    if periode not in catalog.periods:
        raise UserError(f"periode {periode} tidak dipakai katalog ini (pilihan: {', '.join(catalog.periods)})")
    from .layout import file_stem
    from .render.template import write_unit_workbook

    vba = None
    if makro:
        from .xl_addin.vba import MacroError, vba_project_path

        try:
            vba = vba_project_path()
        except MacroError as exc:
            raise UserError(str(exc)) from exc
    year = tahun or catalog.year
    paths = [outdir / (file_stem(catalog, code, year, periode) + (".xlsm" if makro else ".xlsx")) for code in codes]
    refuse_overwrite(paths, timpa)
    for code, path in zip(codes, paths, strict=True):
        try:
            write_unit_workbook(catalog, code, path, year=year, period=periode, vba_project=vba, buttons=makro)
        except OSError as exc:
            raise UserError(f"tidak dapat menulis {path}: {exc.strerror or exc}") from exc
        click.echo(f"ditulis: {path}")


def refuse_overwrite(paths: list[Path], overwrite: bool) -> None:
    """A template written over a filled workbook would lose the unit's figures: ask for --timpa."""
    existing = [str(p) for p in paths if p.exists()]
    if existing and not overwrite:
        raise UserError("berkas sudah ada (isiannya akan hilang): " + ", ".join(existing)
                        + ". Pilih folder lain atau tambahkan --timpa.")


def _special_template(catalog: Any, outdir: Path, reported: bool, macros: bool, overwrite: bool) -> None:
    if reported:
        target = outdir / f"dilaporkan-{catalog.year}.xlsx"
    else:
        target = outdir / f"konsolidasi-{catalog.year}.{'xlsm' if macros else 'xlsx'}"
    refuse_overwrite([target], overwrite)
    from .xl_addin.vba import MacroError  # standard library only: cheap

    try:
        if reported:
            from .render.review_sheet import write_reported_template

            path = write_reported_template(catalog, target)
        else:
            from .xl_addin import write_consolidation_launcher

            path = write_consolidation_launcher(target)
    except OSError as exc:
        raise UserError(f"tidak dapat menulis di {outdir}: {exc.strerror or exc}") from exc
    except MacroError as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"ditulis: {path}")


def _register_batch_commands() -> None:
    from . import cli_batch  # noqa: F401 - registers validasi, hitung, konsolidasi, ekspor on ``cli``


USAGE_MESSAGES = [
    (r"No such option: (.+)", r"opsi tidak dikenal: \1"),
    (r"No such option '(.+)'\.", r"opsi tidak dikenal: '\1'."),
    (r"No such command '(.+)'\.", r"perintah tidak dikenal: '\1'."),
    (r"Missing argument '(.+)'\.", r"argumen wajib belum diberikan: '\1'."),
    (r"Missing option '(.+)'\.", r"opsi wajib belum diberikan: '\1'."),
    (r"Option '(.+)' requires an argument\.", r"opsi '\1' membutuhkan nilai."),
    (r"Got unexpected extra arguments? \((.+)\)", r"argumen berlebih: \1"),
    (r"Invalid value for '(.+?)': (.+)", r"nilai tidak valid untuk '\1': \2"),
    (r"'(.+)' is not one of (.+)\.", r"'\1' bukan salah satu dari \2."),
    (r"'(.+)' is not a valid integer( range)?\.", r"'\1' bukan bilangan bulat."),
    (r"(.+) is not in the range (.+)\.", r"\1 di luar rentang \2."),
    (r"File '(.+)' does not exist\.", r"berkas '\1' tidak ada."),
    (r"Did you mean (.+)\?", r"Mungkin maksud Anda \1?"),
]


def translate_usage(message: str) -> str:
    for pattern, replacement in USAGE_MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message


def main() -> None:
    """Entry point: run the CLI; turn any unexpected error into a message, not a traceback."""
    _register_batch_commands()
    try:
        code = cli.main(prog_name="kinerja-xl", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_OK)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "kinerja-xl"
        click.echo(click.style("Galat: ", fg="red", bold=True) + translate_usage(exc.format_message()), err=True)
        click.echo(f"Lihat '{command} --help' untuk bantuan.", err=True)
        sys.exit(EXIT_UNREADABLE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        if os.environ.get("KINERJA_XL_DEBUG"):
            raise
        click.echo(f"Galat internal kinerja-xl: {type(exc).__name__}: {exc}\n"
                   "Laporkan ke pengelola aplikasi (jalankan ulang dengan KINERJA_XL_DEBUG=1 untuk rinciannya).",
                   err=True)
        sys.exit(EXIT_UNREADABLE)
