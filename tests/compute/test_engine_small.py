"""The engine on a small inline catalog: every figure by hand."""

from __future__ import annotations

from decimal import Decimal

from kinerja_xl.compute.engine import MINISTRY, compute
from tests.support.catalogs import tiny, tiny_values


def test_a_small_tree_by_hand() -> None:
    c = compute(tiny(), tiny_values(pembilang=70, penyebut=90, nilai="80"))
    assert c.number("S1.1", "realisasi") == Decimal("77.78")  # 70/90*100 = 77,777…
    assert c.number("S1.1", "capaian") == Decimal("97.23")  # 77,78/80*100 = 97,225
    assert c.number("S1.1", "kenaikan") == Decimal("3.71")  # (77,78-75)/75*100 = 3,7066…
    assert c.number("S1.1", "capaian_akhir") == Decimal("86.42")  # 77,78/90*100 = 86,4222…
    assert c.number("S1.2", "capaian") == Decimal("94.12")  # 80/85*100 = 94,1176…
    assert c.number("S1", "capaian") == Decimal("95.68")  # (97,23+94,12)/2 = 95,675
    assert c.number(MINISTRY, "capaian") == Decimal("95.68")


def test_a_unit_scope_sees_only_its_own_inputs() -> None:
    a = compute(tiny(), tiny_values(), scope={"A"})
    assert a.number("S1.1", "capaian") == Decimal("100.00") and a.number("S1.2", "realisasi") is None


def test_the_plan_is_kept_with_the_catalog_not_globally() -> None:
    catalog = tiny()
    compute(catalog, tiny_values())
    compute(catalog, tiny_values(nilai="90"))
    plans = [key for key in catalog.__dict__["_memo_store"] if key[0] == "engine-plan"]
    assert len(plans) == 1  # one plan per catalog, rounding, year, scope and period; values do not matter
    assert "_memo_store" not in tiny().__dict__  # a new catalog starts empty
