"""Entry point ``kinerja-xl``: run the command group and turn every error into a message and an exit code.

This is the one place where errors become what the user reads: a :class:`~kinerja_xl.errors.KinerjaXlError`
prints its message (a few with the CLI's own wording) and exits with its code; click's usage errors are
translated; anything else is an internal error, printed without a traceback unless ``KINERJA_XL_DEBUG=1``.
"""

from __future__ import annotations

import os
import re
import sys

import click

from ..errors import InternalError, KinerjaXlError, MixedPeriods, MixedYears, OutputClash
from ..text import terminal_text
from .app import EXIT_OK, EXIT_UNREADABLE, cli

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


def error_message(exc: KinerjaXlError) -> str:
    """What the CLI prints for one of the library's errors (options named as the command line spells them)."""
    if isinstance(exc, MixedPeriods):
        return (f"berkas mencakup beberapa tahun/periode ({exc.text}); konsolidasi memerlukan satu. "
                "Pilih dengan --tahun dan --periode, atau pisahkan berkasnya.")
    if isinstance(exc, MixedYears):
        return (f"berkas mencakup beberapa tahun ({exc.text}); pemantauan mengikuti satu tahun. "
                "Pilih dengan --tahun, atau pisahkan berkasnya.")
    if isinstance(exc, OutputClash):
        return ("beberapa masukan bernama sama dan akan saling menimpa di --keluaran: " + ", ".join(exc.names)
                + ". Pisahkan ke folder keluaran berbeda.")
    return str(exc)


def _internal(exc: BaseException) -> None:
    if os.environ.get("KINERJA_XL_DEBUG"):
        raise exc
    click.echo(terminal_text(f"Galat internal kinerja-xl: {type(exc).__name__}: {exc}\n"
                             "Laporkan ke pengelola aplikasi (jalankan ulang dengan KINERJA_XL_DEBUG=1 untuk "
                             "rinciannya)."), err=True)
    sys.exit(EXIT_UNREADABLE)


def main() -> None:
    """Run the CLI; turn any error into a message, never a traceback."""
    try:
        code = cli.main(prog_name="kinerja-xl", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_OK)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "kinerja-xl"
        click.echo(click.style("Galat: ", fg="red", bold=True) + terminal_text(translate_usage(exc.format_message())),
                   err=True)
        click.echo(terminal_text(f"Lihat '{command} --help' untuk bantuan."), err=True)
        sys.exit(EXIT_UNREADABLE)
    except InternalError as exc:
        _internal(exc)
    except KinerjaXlError as exc:
        click.echo(click.style("Galat: ", fg="red", bold=True) + terminal_text(error_message(exc)), err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        _internal(exc)
