"""The figures of a Survei Kepuasan Masyarakat (PermenPANRB 14/2017) from its counts of answers.

Per unsur: the answers given (the respondents who answered it), their sum, the NRR (nilai rata-rata = sum
/ answers given), the NRR weighted by the catalog's ``bobot_unsur`` (1/N exactly unless the catalog gives
the rounded weight an agency uses), and the unsur's own converted value and mutu; over all unsur: the sum
of weighted NRR (the index, 1–4), IKM = index × 25, its mutu and kinerja unit (the node's predicate bands:
code and name) and the weakest unsur, the priority for improvement. Only the IKM is a published stage
(rounded in ``bertahap`` mode); the NRR enter the IKM unrounded, as the regulation defines them, unless the
catalog's ``pembulatan_nrr`` rounds each (Excel's ROUND) first, as some agencies compute it.

The counts are raw inputs (``SETJEN.survei.U1.4``: answers 4 to U1, counted from the Survei sheet's rows;
``SETJEN.survei.responden``: rows with at least one answer), so the same expressions evaluate in Python
and render as formulas over the sheet's own counts, and a consolidation pools several units' counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..catalog.schema import Node, count_key, respondents_key, survey_prefix
from ..catalog.survey import CONVERSION, LEVELS, SurveySpec
from .builder import PlanBuilder
from .expr import Add, ArgMin, Cell, Const, Div, Expr, Mul, Ref, ResultRef, Round, Value, evaluate

#: The figures of one survey, by measure suffix (``survei.SETJEN.`` + suffix), for sheets and the JSON.
WEIGHT = "survei.bobot_unsur"
#: Decimals the NRR (1–4) and the weighted NRR are shown with (the IKM follows the catalog's rounding policy).
NRR_DIGITS, WEIGHTED_DIGITS = 3, 4


def measure(group: str | None, name: str) -> str:
    """``survei.SETJEN.ikm``: the measure of one figure of the survey of ``group`` (None: of the node)."""
    return f"survei.{survey_prefix(group)}{name}"


def is_nrr_measure(name: str) -> bool:
    """Whether ``name`` is the NRR of one unsur (``survei.nrr.U1``, ``survei.SETJEN.nrr.U1``: :func:`measure`)."""
    parts = name.split(".")
    return parts[0] == "survei" and len(parts) >= 3 and parts[-2] == "nrr"


@dataclass(frozen=True)
class SurveyCells:
    """What a survey feeds: its IKM (a group's value, or the node's) and its respondents (a group's weight)."""

    ikm: Expr
    respondents: Expr


def add_survey(b: PlanBuilder, node: Node, group: str | None, fields: Mapping[str, Expr]) -> SurveyCells:
    """Add the survey figures of ``node`` (one ``group`` of a weighted mean) to the plan."""
    spec = node.survey
    assert spec is not None
    weight = b.constant(node.code, WEIGHT, spec.weight_value())

    def ref(name: str) -> ResultRef:
        return ResultRef(node.code, measure(group, name))

    predicate = node.predicate
    figures = skm_exprs(spec, lambda item, level: fields[count_key(group, item, level)], weight, ref, b.stage,
                        (lambda operand, label: b.classify(predicate, operand, label)) if predicate else None)
    for name, (expr, label) in figures.items():
        b.add(node.code, measure(group, name), expr, label)
    respondents = fields[respondents_key(group)]
    ikm = Cell(ref("ikm"))
    if group is not None:
        b.add(node.code, measure(group, "tertimbang"), Mul(ikm, respondents), "IKM × jumlah responden")
    return SurveyCells(ikm, respondents)


Stage = Callable[[Expr], Expr]
Classify = Callable[[Expr, Literal["code", "name"]], Expr]


def skm_exprs(spec: SurveySpec, count: Callable[[str, int], Expr], weight: Expr, ref: Callable[[str], Ref],
              stage: Stage, classify: Classify | None) -> dict[str, tuple[Expr, str]]:
    """Every figure of one survey as ``{name: (expression, label)}`` in dependency order; a figure refers to
    another as ``Cell(ref(name))``. ``count(item, level)`` is the expression of one count of answers."""
    out: dict[str, tuple[Expr, str]] = {}

    def cell(name: str) -> Cell:
        return Cell(ref(name))

    # measure by measure, each over every unsur: the NRR of all unsur are next to each other wherever the
    # figures are listed in order (their weakest is found in one range)
    for item in spec.items:
        c = item.code
        out[f"jumlah.{c}"] = (Add(tuple(count(c, level) for level in LEVELS)), f"{c} jumlah jawaban")
    for item in spec.items:
        c = item.code
        out[f"skor.{c}"] = (Add(tuple(Mul(Const(Decimal(level)), count(c, level)) for level in LEVELS)),
                            f"{c} jumlah nilai jawaban")
    for item in spec.items:
        c = item.code
        nrr: Expr = Div(cell(f"skor.{c}"), cell(f"jumlah.{c}"))
        out[f"nrr.{c}"] = (nrr if spec.nrr_digits is None else Round(nrr, spec.nrr_digits), f"{c} {item.name}: NRR")
    for item in spec.items:
        c = item.code
        out[f"nrr_tertimbang.{c}"] = (Mul(cell(f"nrr.{c}"), weight), f"{c} NRR tertimbang")
    for item in spec.items:
        c = item.code
        out[f"konversi.{c}"] = (stage(Mul(cell(f"nrr.{c}"), Const(CONVERSION))), f"{c} NRR × 25")
    for item in spec.items:
        if classify is not None:
            out[f"mutu.{item.code}"] = (classify(cell(f"konversi.{item.code}"), "code"), f"{item.code} mutu pelayanan")
    out["indeks"] = (Add(tuple(cell(f"nrr_tertimbang.{i.code}") for i in spec.items)),
                     "Jumlah NRR tertimbang (nilai indeks)")
    out["ikm"] = (stage(Mul(cell("indeks"), Const(CONVERSION))), "IKM (nilai indeks × 25)")
    if classify is not None:
        out["mutu"] = (classify(cell("ikm"), "code"), "Mutu pelayanan")
        out["kinerja"] = (classify(cell("ikm"), "name"), "Kinerja unit pelayanan")
    out["terendah"] = (ArgMin(tuple(cell(f"nrr.{i.code}") for i in spec.items),
                              tuple(f"{i.code} {i.name}" for i in spec.items)),
                       "Unsur dengan NRR terendah (prioritas perbaikan)")
    return out


def evaluate_in_order(figures: Mapping[str, tuple[Expr, str]], env: dict[Ref, Value],
                      ref: Callable[[str], Ref]) -> dict[str, Value]:
    """Evaluate :func:`skm_exprs` outside a plan (one jenis layanan): each value goes into ``env`` under
    ``ref(name)`` for the figures after it."""
    out: dict[str, Value] = {}
    for name, (expr, _) in figures.items():
        out[name] = env[ref(name)] = evaluate(expr, env)
    return out
