"""The library's operations, shared by the command line and the Excel buttons.

validate → compute → plan → write: each step takes plain objects and returns plain objects; the CLI
only adds argument parsing, progress and exit codes on top, the buttons messages in Excel.
"""

from .batch import (
    Batch,
    collect_inputs,
    formula_consistent_values,
    gather,
    input_files,
    result_blockers,
    usable_values,
)
from .consolidation import Consolidation, consolidate, rounding_policy, write_consolidation
from .monitoring import Monitoring, monitor, validate_for_monitoring, write_monitoring
from .templates import write_unit_workbook
from .unit import UnitResults, unit_results
from .validation import ReadSettings, read_submissions, validate_files, write_validation_sheet
from .write_back import WriteBackResult, WriteBackTask, write_back

__all__ = ["Batch", "Consolidation", "Monitoring", "ReadSettings", "UnitResults", "WriteBackResult", "WriteBackTask",
           "collect_inputs", "consolidate", "formula_consistent_values", "gather", "input_files", "monitor",
           "read_submissions",
           "result_blockers", "rounding_policy", "unit_results", "usable_values", "validate_files",
           "validate_for_monitoring", "write_back", "write_consolidation", "write_monitoring", "write_unit_workbook",
           "write_validation_sheet"]
