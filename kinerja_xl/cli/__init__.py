"""Command-line interface ``kinerja-xl``: a thin layer over the library.

Commands are Indonesian with English aliases (:mod:`.app`); each ``cmd_*`` module registers its commands;
:func:`~.main.main` maps errors to messages and exit codes: 0 valid (warnings allowed), 1 invalid input,
2 unreadable files or bad usage.
"""

from . import cmd_batch, cmd_catalog, cmd_ledger, cmd_monitor, cmd_report, cmd_review, cmd_template  # noqa: F401 - register the commands
from .app import ALIASES, cli
from .main import main

__all__ = ["ALIASES", "cli", "main"]
