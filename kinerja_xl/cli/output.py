"""What the batch commands print: plain lines (logs, CI, tests) or rich tables and bars on a terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError

STATUS_LABELS = {"ok": "valid", "peringatan": "valid, ada peringatan", "invalid": "TIDAK VALID",
                 "unreadable": "TIDAK TERBACA"}
STATUS_MARKS = {"ok": "✓", "peringatan": "!", "invalid": "✗", "unreadable": "✗"}


class _Output:
    """Human-readable lines go to stdout, or to stderr when stdout carries JSON (``--json -``)."""

    to_stderr = False


def say(text: str) -> None:
    click.echo(text, err=_Output.to_stderr)


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
            click.echo(f"[{self.done}/{self.total}] {line}", err=True)

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

        table = Table("Tingkat", "Kode", "Berkas", "Sel", "Pesan", show_lines=False)
        for p in report.problems:
            table.add_row(p.severity, p.code, Path(p.file).name if p.file else "-",
                          f"{p.sheet}!{p.cell}" if p.cell else p.sheet or "-", p.message)
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
        click.echo(text)
        return
    from ..atomic import atomic_write

    try:
        with atomic_write(path) as tmp:
            tmp.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {path}: {exc.strerror or exc}") from exc
    say(f"ditulis: {path}")

