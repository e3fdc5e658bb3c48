"""What the batch commands print: plain lines (logs, CI, tests) or rich tables and bars on a terminal.

Every line goes through :func:`echo` (or a rich ``Text``, never markup), which shows control characters of
file names and cell text visibly (:func:`kinerja_xl.text.terminal_text`): an ESC sequence, an OSC 52 clipboard
write or a C1 CSI in a workbook's name or a unit's note reaches the console as ``\x1b``, never raw.

Every command shows a :class:`~kinerja_xl.pipeline.runs.Outcome` the same way (:func:`show_outcome`):
the problems, the outcome's lines, the failures of single files, the summary line, the exit code.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import click

from ..text import on_one_line, terminal_text

STATUS_LABELS = {"ok": "valid", "peringatan": "valid, ada peringatan", "invalid": "TIDAK VALID",
                 "unreadable": "TIDAK TERBACA"}
STATUS_MARKS = {"ok": "✓", "peringatan": "!", "invalid": "✗", "unreadable": "✗"}


class _Output:
    """Human-readable lines go to stdout, or to stderr when stdout carries JSON (``--json -``)."""

    to_stderr = False


def echo(text: str, err: bool = False) -> None:
    """One line (or more) to the console, its control characters shown visibly."""
    click.echo(terminal_text(text), err=err)


def say(text: str) -> None:
    echo(text, err=_Output.to_stderr)


def json_to_stdout(path: Path | None, *named: str | Path | None) -> None:
    """Where a command's JSON goes (``-``: the screen, the other lines then to stderr); a file that JSON must not
    replace (a workbook, or one of ``named``: what the command reads by name) is refused before anything is read."""
    _Output.to_stderr = path is not None and str(path) == "-"
    if path is not None and not _Output.to_stderr:
        from ..pipeline.outputs import check_output

        check_output(path, None, named)


class Progress:
    """``with Progress("Membaca", n) as advance: advance(line)``: a progress bar on a terminal, one plain
    line per item otherwise (logs, CI, tests). The pipeline's runs take it as their progress hook."""

    def __init__(self, label: str, total: int):
        self.total = total
        self.done = 0
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Any:
        if sys.stderr.isatty() and self.total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TimeElapsedColumn

            self.bar = RichProgress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), transient=True, console=_console(stderr=True))
            self.task = self.bar.add_task(self.label, total=self.total)
            self.bar.start()
        return self.advance

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(self, line: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.advance(self.task)
        else:
            echo(f"[{self.done}/{self.total}] {on_one_line(line)}", err=True)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(report: Any) -> None:
    """Problems grouped per file: a rich table on a terminal, stable plain lines otherwise."""
    if not report.problems:
        return
    if sys.stdout.isatty() and not _Output.to_stderr:
        from rich.table import Table
        from rich.text import Text

        table = Table("Tingkat", "Kode", "Berkas", "Sel", "Pesan", show_lines=False)
        for p in report.problems:  # Text, not markup: '[bold]' in a file name stays what it is
            table.add_row(*(Text(terminal_text(v)) for v in (
                p.severity, p.code, on_one_line(os.path.basename(p.file)) if p.file else "-",
                f"{p.sheet}!{p.cell}" if p.cell else p.sheet or "-", p.message)))
        _console().print(table)
        return
    lines = []
    for p in report.problems:
        where = (on_one_line(os.path.basename(p.file)) if p.file else "-") + (f" {p.sheet}!{p.cell}" if p.cell else "")
        lines.append(f"{p.severity:<10} {p.code:<26} {where}: {p.message}")
    say("\n".join(lines))  # one write: a line's own line feeds stay, as each line's echo would write them


def print_summary(report: Any, seconds: float) -> None:
    say("\n".join([f"Ringkasan: {report.summary()} ({_seconds(seconds)}).", *(
        f"  {STATUS_MARKS[f.status]} {on_one_line(f.file)}: {STATUS_LABELS[f.status]}" for f in report.files
        if f.status in ("invalid", "unreadable"))]))


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " detik"


def show_outcome(outcome: Any, started: float, json_path: Path | None = None) -> NoReturn:
    """Print a run's outcome and exit with its code: problems, lines, failures of single files, the JSON,
    the summary, then the failure of the run as a whole (nothing written)."""
    print_problems(outcome.report)
    for line in outcome.lines:
        say(line)
    for failure in outcome.failures:
        echo(failure, err=True)
    if outcome.error is None:
        write_json(json_path, outcome.data)
    print_summary(outcome.report, time.perf_counter() - started)
    if outcome.error is not None:
        click.echo(click.style("Galat: ", fg="red", bold=True) + terminal_text(outcome.error), err=True)
    sys.exit(outcome.exit_code)


def write_json(path: Path | None, data: Any) -> None:
    if path is None:
        return
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if str(path) == "-":
        click.echo(json_for_terminal(text))
        return
    from ..atomic import atomic_write
    from ..errors import writing

    with writing(path), atomic_write(path) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    say(f"ditulis: {path}")


#: What JSON leaves raw but a terminal would obey (DEL, C1 controls, bidirectional overrides): only inside
#: strings, so escaping them as ``\u00XX`` keeps the JSON valid and equal.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_for_terminal(text: str) -> str:
    """JSON text safe to print: the controls ``json.dumps`` keeps raw escaped (same data once parsed)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
