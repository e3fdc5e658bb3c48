"""Entry point ``kinerja-xl``: run the command group and turn every error into a message and an exit code.

This is the one place where errors become what the user reads: a :class:`~kinerja_xl.errors.KinerjaXlError`
prints its message (a few with the CLI's own wording) and exits with its code; click's usage errors are in
Bahasa Indonesia (:mod:`.click_id`); an OS, zip or YAML error is worded by
:func:`~kinerja_xl.errors.describe_error`; anything else is an internal error, printed without a traceback
unless ``KINERJA_XL_DEBUG=1``.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from ..errors import InternalError, KinerjaXlError, MixedPeriods, MixedYears, OutputClash, describe_error
from ..text import terminal_text
from .app import EXIT_OK, EXIT_UNREADABLE, cli


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


#: What a failed write of the command's own output is called (``kinerja-xl validasi F > /full/disk/x.txt``).
STDOUT_LABEL = "keluaran perintah (layar, atau berkas tujuan '>')"


def _drop_stdout() -> None:
    """What is still buffered for an output that cannot be written goes nowhere: the interpreter's flush at exit
    would fail again ("Exception ignored … OSError", exit code 120) after the message that says so (the
    standard library's advice for a closed pipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no stdout descriptor (an embedded interpreter): nothing to flush there
        pass


def main() -> None:
    """Run the CLI; turn any error into a message, never a traceback."""
    # A command runs once and exits: what it imported (some 24.000 objects the collector tracks) lives the whole
    # run, so it is frozen, and a full collection, when the run's own objects bring one, walks only those
    # (18 ms less each time in a run of 1,000 files; a forked worker shares the frozen objects' pages too).
    gc.freeze()
    try:
        code = cli.main(prog_name="kinerja-xl", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_OK)
    except click.exceptions.NoArgsIsHelpError as exc:  # "kinerja-xl" alone: its help, not an error about it
        click.echo(terminal_text(exc.format_message()), err=True)
        sys.exit(EXIT_UNREADABLE)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "kinerja-xl"
        click.echo(click.style("Galat: ", fg="red", bold=True) + terminal_text(exc.format_message()), err=True)
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
    except OSError as exc:  # a file the command itself reads or writes, not wrapped where it happened
        # without a file's name: the command's own output (redirected to a full disk, say), not something read
        message = describe_error(exc, exc.filename) if exc.filename is not None else \
            describe_error(exc, STDOUT_LABEL, "menulis")
        click.echo(click.style("Galat: ", fg="red", bold=True) + terminal_text(message), err=True)
        if exc.filename is None:
            _drop_stdout()
        sys.exit(EXIT_UNREADABLE)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        _internal(exc)
    finally:
        # What the run made (a write-back's templates and plans: some 75.000 objects after 60 files) is frozen
        # too, as the process ends: Python's collections at exit would walk all of it once more (20-30 ms of a
        # 0,6 s run). Exit handlers still run and the standard streams are flushed; what is not garbage is freed
        # as before, and garbage in reference cycles goes back to the system with the rest of the memory. The
        # run has closed what it opened (files, the ledger, the workers); no finalizer is left to a collection.
        gc.freeze()
