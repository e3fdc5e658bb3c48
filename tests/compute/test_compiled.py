"""The engine evaluates each figure through its compiled function (:func:`kinerja_xl.compute.expr.compiled`, made
once per plan); the tree walk (:func:`~kinerja_xl.compute.expr.evaluate`) is the reference. Every figure of both
bundled catalogs and of random catalogs, with complete inputs, inputs left out, zero denominators and both
rounding policies, for the whole catalog and for each unit and period, is the same value both ways."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from kinerja_xl.catalog import Catalog, load_catalog
from kinerja_xl.catalog.schema import RoundingPolicy
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import Add, Cell, Const, Div, InputRef, compiled, evaluate
from tests.conftest import ROOT
from tests.support.random_catalogs import random_catalog, random_figures

CATALOGS = ["katalog-kemensos-2023.yaml", "katalog-pemda-contoh-2024.yaml", 3, 7, 11, 19, 23]


def _catalog(name: str | int) -> Catalog:
    return random_catalog(name) if isinstance(name, int) else load_catalog(ROOT / "templates" / name)


def _inputs(catalog: Catalog, seed: int) -> list[dict[InputRef, Decimal]]:
    """Complete figures, a third of them left out, and zeros in place of some."""
    full = random_figures(catalog, seed)
    rng = random.Random(seed)
    holes = {ref: v for ref, v in full.items() if rng.random() > 0.33}
    zeros = {ref: (Decimal(0) if rng.random() < 0.3 else v) for ref, v in full.items()}
    return [full, holes, zeros, {}]


def _same_as_the_tree_walk(computation) -> int:
    env = dict(computation.inputs)
    env.update(computation.constants)
    for ref, figure in computation.figures.items():
        expected = evaluate(figure.expr, env)
        assert type(figure.value) is type(expected) and figure.value == expected, (ref, figure.value, expected)
        env[ref] = expected
    return len(computation.figures)


@pytest.mark.parametrize("name", CATALOGS)
def test_every_figure_is_what_the_tree_walk_gives(name):
    catalog = _catalog(name)
    checked = 0
    for seed, inputs in enumerate(_inputs(catalog, 2026)):
        mode = ("bertahap", "tanpa_antara")[seed % 2]
        rounding = RoundingPolicy(mode, catalog.rounding.digits)
        for period in catalog.periods:
            checked += _same_as_the_tree_walk(compute(catalog, inputs, rounding=rounding, period=period))
        for unit in catalog.units:
            checked += _same_as_the_tree_walk(compute(catalog, inputs, scope={unit.code}, rounding=rounding,
                                                      period=catalog.periods[seed % len(catalog.periods)]))
    assert checked > 100


def test_errors_and_text_are_the_tree_walks_too():
    """A text in arithmetic raises the same TypeError; a zero divisor gives None (no error)."""
    text = Add((Const(Decimal(1)), Const("teks")))
    with pytest.raises(TypeError, match="text operand in arithmetic"):
        compiled(text)({})
    with pytest.raises(TypeError, match="text operand in arithmetic"):
        evaluate(text, {})
    ref = InputRef("X", "nilai", "U")
    zero = Div(Const(Decimal(1)), Cell(ref))
    assert compiled(zero)({ref: Decimal(0)}) is None and evaluate(zero, {ref: Decimal(0)}) is None
    assert compiled(zero)({}) is None and evaluate(zero, {}) is None
