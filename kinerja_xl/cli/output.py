"""What the batch commands print: plain lines (logs, CI, tests) or rich tables and bars on a terminal.

Every line goes through :func:`echo` (or a rich ``Text``, never markup), which shows control characters of
file names and cell text visibly (:func:`kinerja_xl.text.terminal_text`): an ESC sequence, an OSC 52 clipboard
write or a C1 CSI in a workbook's name or a unit's note reaches the console as ``\x1b``, never raw.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..text import terminal_text

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


def json_to_stdout(path: Path | None) -> None:
    _Output.to_stderr = path is not None and str(path) == "-"



class Progress:
    """A progress bar on a terminal, one plain line per file otherwise (logs, CI, tests)."""

    def __init__(self, total: int, label: str):
        self.total = total
        self.done = 0
        self.label = label
        self.bar: Any = None
        if sys.stderr.isatty() and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TimeElapsedColumn

            self.bar = RichProgress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), transient=True, console=_console(stderr=True))
            self.task = self.bar.add_task(label, total=total)
            self.bar.start()

    def advance(self, line: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.advance(self.task)
        else:
            echo(f"[{self.done}/{self.total}] {line}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


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
                p.severity, p.code, Path(p.file).name if p.file else "-",
                f"{p.sheet}!{p.cell}" if p.cell else p.sheet or "-", p.message)))
        _console().print(table)
        return
    for p in report.problems:
        where = f"{Path(p.file).name if p.file else '-'}" + (f" {p.sheet}!{p.cell}" if p.cell else "")
        say(f"{p.severity:<10} {p.code:<26} {where}: {p.message}")


def print_summary(report: Any, seconds: float) -> None:
    counts = {s: sum(1 for f in report.files if f.status == s) for s in STATUS_LABELS}
    severities = report.counts_by_severity()
    say(f"Ringkasan: {len(report.files)} berkas — {counts['ok']} valid, {counts['peringatan']} valid dengan "
               f"peringatan, {counts['invalid']} tidak valid, {counts['unreadable']} tidak terbaca; "
               f"{severities['galat']} galat, {severities['peringatan']} peringatan, {severities['info']} info "
               f"({_seconds(seconds)}).")
    bad = [f for f in report.files if f.status in ("invalid", "unreadable")]
    for f in bad:
        say(f"  {STATUS_MARKS[f.status]} {f.file}: {STATUS_LABELS[f.status]}")


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " detik"


def write_json(path: Path | None, data: Any) -> None:
    if path is None:
        return
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if str(path) == "-":
        click.echo(json_for_terminal(text))
        return
    from ..atomic import atomic_write

    try:
        with atomic_write(path) as tmp:
            tmp.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {path}: {exc.strerror or exc}") from exc
    say(f"ditulis: {path}")


#: What JSON leaves raw but a terminal would obey (DEL, C1 controls, bidirectional overrides): only inside
#: strings, so escaping them as ``\u00XX`` keeps the JSON valid and equal.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_for_terminal(text: str) -> str:
    """JSON text safe to print: the controls ``json.dumps`` keeps raw escaped (same data once parsed)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
