"""Budget parts exist in the report exactly where the catalog declares them (``catalog.budget.has_*``):
a catalog without a budget gets no budget table, chart or sentence, and nothing crashes."""

from __future__ import annotations

import pytest
import yaml

from kinerja_xl.catalog import parse_catalog
from kinerja_xl.compute.engine import compute
from kinerja_xl.plans.report import Heading, ReportPlan, plan_report

from tests.conftest import CATALOG_PATH
from tests.support.report import narrative

BUDGET_TABLES = {"pagu_unit", "belanja", "efisiensi", "kinerja_anggaran"}
BUDGET_FIGURES = {"pagu_unit", "belanja", "efisiensi"}


def _variant(consolidation, budget: dict | None, name: str) -> ReportPlan:
    """The Kemensos plan with another ``anggaran`` block (None: none), over the same unit inputs."""
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    if budget is None:
        del data["anggaran"]
    else:
        data["anggaran"] = budget
    catalog = parse_catalog(yaml.safe_dump(data, allow_unicode=True), name)
    declared = {f.node for f in catalog.input_fields()}
    inputs = {ref: v for ref, v in consolidation.computation.inputs.items() if ref.node in declared}
    return plan_report(compute(catalog, inputs))


@pytest.fixture(scope="module")
def budgetless(consolidation) -> ReportPlan:
    return _variant(consolidation, None, "tanpa-anggaran")


def test_no_budget_tables_figures_or_sentences(budgetless: ReportPlan) -> None:
    assert not BUDGET_TABLES & {t.key for t in budgetless.tables()}
    assert not BUDGET_FIGURES & {f.key for f in budgetless.figures()}
    headings = [b.text for b in budgetless.blocks if isinstance(b, Heading)]
    assert not [h for h in headings if "Anggaran" in h or "Efisiensi" in h]
    text = narrative(budgetless)
    assert "Rp" not in text and "efisien" not in text and "data anggaran" not in text


def test_the_performance_part_is_unchanged(budgetless: ReportPlan, report_plan: ReportPlan) -> None:
    assert [t.key for t in budgetless.tables()] == [t.key for t in report_plan.tables() if t.key not in BUDGET_TABLES]
    assert budgetless.table("capaian") == report_plan.table("capaian")


def test_only_spending_types_give_only_that_table(consolidation) -> None:
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))["anggaran"]
    plan = _variant(consolidation, {"jenis_belanja": data["jenis_belanja"]}, "hanya-belanja")
    assert BUDGET_TABLES & {t.key for t in plan.tables()} == {"belanja"}
    assert plan.table("belanja").body[-1].cells[-1].text() == "98,00"
    assert "Analisis Efisiensi" not in " ".join(b.text for b in plan.blocks if isinstance(b, Heading))


def test_a_declared_part_without_its_figures_prints_dashes(consolidation) -> None:
    """Declared but not supplied (e.g. the unit was left out): the table is there, its figures are '–'."""
    inputs = {ref: v for ref, v in consolidation.computation.inputs.items() if not ref.node.startswith("ANGGARAN")}
    plan = plan_report(compute(consolidation.computation.catalog, inputs))
    assert {t.key for t in plan.tables()} >= BUDGET_TABLES
    assert [c.text() for c in plan.table("belanja").body[-1].cells] == ["Jumlah", "–", "–", "–"]
