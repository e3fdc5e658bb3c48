"""The ``kinerja-xl`` command group: Indonesian help, English aliases and the options commands share.

Commands live in the ``cmd_*`` modules, which register themselves on :data:`cli`; heavy libraries are
imported inside the commands, so ``kinerja-xl --help`` starts fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import UsageError
from . import click_id

click_id.install()  # click's own messages and help words in Bahasa Indonesia

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2

ALIASES = {"template": "templat", "validate": "validasi", "compute": "hitung", "build": "konsolidasi",
           "export": "ekspor", "review": "reviu", "catalog": "katalog", "report": "laporan",
           "monitor": "pantau", "history": "riwayat", "diff": "banding", "lock": "kunci"}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class IndonesianHelp:
    """The usage line's placeholders in Bahasa Indonesia (click's other words: :mod:`.click_id`)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        pieces = pieces.replace("[OPTIONS]", "[OPSI]").replace("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]...")
        formatter.write_usage(ctx.command_path, pieces, prefix="Penggunaan: ")


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


def load_catalog_or_fail(path: Path | None) -> Any:
    """The catalog named by ``--katalog``, else the bundled one (a :class:`CatalogError` reaches the user)."""
    from ..catalog import DEFAULT_CATALOG, load_catalog

    return load_catalog(path or DEFAULT_CATALOG)


catalog_option = click.option(
    "--catalog", "--katalog", "catalog_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
    help="Berkas katalog kinerja (YAML). Bawaan: katalog contoh yang disertakan.")


@click.group(cls=AliasedGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--versi", "--version", prog_name="kinerja-xl",
                      message="%(prog)s %(version)s", help="Tampilkan versi lalu keluar.")
def cli() -> None:
    """kinerja-xl: validasi, hitung dan konsolidasi buku kerja Excel kinerja (SAKIP).

    Contoh: kinerja-xl konsolidasi workbooks/2023 -o out/laporan-kinerja-2023.xlsx
    """


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


inputs_argument = click.argument("masukan", nargs=-1, required=True)
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=default_jobs,
                           show_default="jumlah inti CPU", metavar="N",
                           help="Jumlah proses paralel.")
json_option = click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
                           help="Tulis keluaran JSON ke BERKAS ('-' untuk layar).")
year_option = click.option("--tahun", type=click.IntRange(1900, 2200), metavar="TAHUN",
                           help="Tahun berkas yang diproses; berkas tahun lain dilewati. Bawaan: tahun katalog "
                                "(berkas tahun lain ditandai galat).")
period_option = click.option("--periode", type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"],
                                                            case_sensitive=False),
                             help="Periode berkas yang diproses (huruf besar/kecil sama); berkas periode lain "
                                  "dilewati dengan satu baris info.")


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a ledger option for :func:`ledger_for` (every batch command shares them, none spells them out)."""
    ctx.meta[f"kinerja_xl.{param.name}"] = value
    return value


ledger_path_option = click.option(
    "--buku-besar", "ledger_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
    expose_value=False, callback=_remember,
    help="Buku besar versi berkas (SQLite). Bawaan: .kinerja-xl/buku-besar.sqlite di folder buku kerja "
         "(atau variabel lingkungan KINERJA_XL_BUKU_BESAR).")
no_ledger_option = click.option("--tanpa-buku-besar", "no_ledger", is_flag=True, expose_value=False,
                                callback=_remember,
                                help="Jangan catat versi berkas di buku besar (juga bila variabel lingkungan "
                                     "KINERJA_XL_TANPA_BUKU_BESAR=1).")
no_copies_option = click.option("--tanpa-salinan", "no_copies", is_flag=True, expose_value=False, callback=_remember,
                                help="Catat versi berkas tanpa menyimpan salinannya di buku besar.")


def ledger_options(func: Any) -> Any:
    """--buku-besar, --tanpa-buku-besar and --tanpa-salinan (read back by :func:`ledger_for`)."""
    for option in reversed((ledger_path_option, no_ledger_option, no_copies_option)):
        func = option(func)
    return func


def ledger_for(inputs: Any) -> Any:
    """The ledger settings of this command over ``inputs`` (``None``: --tanpa-buku-besar)."""
    from ..pipeline.ledger import ledger_settings

    meta = click.get_current_context().meta
    return ledger_settings(inputs, path=meta.get("kinerja_xl.ledger_path"),
                           enabled=not meta.get("kinerja_xl.no_ledger"), copies=not meta.get("kinerja_xl.no_copies"))


def batch_options(func: Any) -> Any:
    """MASUKAN, --catalog, --tahun, --periode, --jobs and the ledger's: the options every batch command shares."""
    for option in reversed((inputs_argument, catalog_option, year_option, period_option, jobs_option,
                            ledger_options)):
        func = option(func)
    return func


rounding_option = click.option("--pembulatan", type=click.Choice(["bertahap", "tanpa_antara"], case_sensitive=False),
                               help="Ganti aturan pembulatan katalog untuk proses ini.")


def unit_codes(catalog: Any, given: Any) -> list[str]:
    """Unit codes as the user typed them (any case, ``a,b`` or repeated) as the catalog spells them; a
    :class:`UsageError` naming the unknown ones and the known ones."""
    known = {u.code.upper(): u.code for u in catalog.units}
    typed = [c.strip() for item in given for c in str(item).split(",") if c.strip()]
    unknown = [c for c in typed if c.upper() not in known]
    if unknown:
        raise UsageError(f"unit tidak dikenal: {', '.join(unknown)}. Unit di katalog: "
                         + ", ".join(u.code for u in catalog.units))
    return [known[c.upper()] for c in typed]


def run_request(masukan: Any, catalog: Any, tahun: int | None, periode: str | None, jobs: int,
                rounding: str | None = None, exclude: Any = ()) -> Any:
    """The pipeline's request of a batch command: its inputs, read settings (the chosen year and period
    are filters; the ledger that records what is read), jobs, rounding, its own outputs (never read back) and
    the progress display."""
    from ..pipeline import ReadSettings
    from ..pipeline.runs import RunRequest
    from .output import Progress

    settings = ReadSettings(catalog, expected_year=tahun, expected_period=periode, ledger=ledger_for(masukan))
    return RunRequest(tuple(masukan), settings, jobs, rounding, tuple(exclude), progress=Progress)

