"""The library's operations, shared by the command line and the Excel buttons.

validate → compute → plan → write: each step takes plain objects and returns plain objects; the CLI
only adds argument parsing, progress and exit codes on top, the buttons messages in Excel. What only some
commands use (the consolidated and monitoring workbooks, the templates; a unit's results and the plans of its
sheets, which ``validasi`` does without) is imported when first asked for, so ``validasi`` and ``hitung`` start
without it.
"""

from typing import TYPE_CHECKING

from .. import lazy_names
from .batch import (
    Batch,
    collect_inputs,
    formula_consistent_values,
    gather,
    input_files,
    result_blockers,
    usable_values,
)
from .validation import ReadSettings, read_submissions, validate_files, write_validation_sheet
from .write_back import WriteBackResult, WriteBackTask, write_back  # eager: the function bears its module's name

if TYPE_CHECKING:
    from .unit import UnitResults, unit_results
    from .consolidation import Consolidation, consolidate, rounding_policy, write_consolidation
    from .monitoring import Monitoring, monitor, validate_for_monitoring, write_monitoring
    from .templates import write_unit_workbook

#: Names imported on first use, by module.
_LAZY = {"Consolidation": "consolidation", "consolidate": "consolidation", "rounding_policy": "consolidation",
         "write_consolidation": "consolidation", "Monitoring": "monitoring", "monitor": "monitoring",
         "validate_for_monitoring": "monitoring", "write_monitoring": "monitoring",
         "write_unit_workbook": "templates", "UnitResults": "unit", "unit_results": "unit"}

__getattr__ = lazy_names(__name__, _LAZY)

__all__ = ["Batch", "Consolidation", "Monitoring", "ReadSettings", "UnitResults", "WriteBackResult", "WriteBackTask",
           "collect_inputs", "consolidate", "formula_consistent_values", "gather", "input_files", "monitor",
           "read_submissions",
           "result_blockers", "rounding_policy", "unit_results", "usable_values", "validate_files",
           "validate_for_monitoring", "write_back", "write_consolidation", "write_monitoring", "write_unit_workbook",
           "write_validation_sheet"]
