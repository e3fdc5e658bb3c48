"""The engine evaluates each figure through its compiled function (:func:`kinerja_xl.compute.expr.compiled`, made
once per plan); the tree walk (:func:`~kinerja_xl.compute.expr.evaluate`) is the reference. Every figure of both
bundled catalogs and of random catalogs, with complete inputs, inputs left out, zero denominators and both
rounding policies, for the whole catalog and for each unit and period, is the same value both ways."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.catalog import Catalog, load_catalog
from kinerja_xl.catalog.schema import RoundingPolicy
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import (
    Add,
    ArgMin,
    Cell,
    Classify,
    Const,
    Div,
    FirstAvailable,
    If,
    InputRef,
    Less,
    Min,
    Mul,
    PeakRatio,
    ResultRef,
    Round,
    Sub,
    compiled,
    evaluate,
    evaluate_in_order,
)
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


# -- random trees: the straight-line functions against the tree walk ------------------------------------------

_REFS = [InputRef("N", f"k{i}", "U") for i in range(4)]
_VALUES = st.one_of(st.none(), st.just(Decimal(0)), st.just(Decimal("-0.00")), st.just("teks"),
                    st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False),
                    st.decimals(allow_nan=False), st.sampled_from([Decimal("1E+999990"), Decimal("1E-999990")]))
_LEAVES = st.one_of(st.builds(Cell, st.sampled_from(_REFS)),
                    st.builds(Const, st.one_of(st.decimals(min_value=-1000, max_value=1000, places=2,
                                                           allow_nan=False), st.just("teks"))))


def _trees(leaves):
    operand = st.deferred(lambda: tree)
    tree = st.one_of(
        leaves,
        st.builds(lambda ts: Add(tuple(ts)), st.lists(operand, max_size=4)),
        st.builds(Sub, operand, operand), st.builds(Mul, operand, operand), st.builds(Div, operand, operand),
        st.builds(Min, operand, operand), st.builds(Round, operand, st.integers(min_value=-3, max_value=6)),
        st.builds(If, st.builds(Less, operand, operand), operand, operand),
        st.builds(lambda o: Classify(o, ((Decimal(0), True, Decimal(50), "C"), (None, False, None, "A")), "-"),
                  operand),
        st.builds(lambda os: FirstAvailable(tuple(os)), st.lists(operand, min_size=1, max_size=3)),
        st.builds(lambda vs: ArgMin(tuple(vs), tuple(f"u{i}" for i in range(len(vs)))),
                  st.lists(operand, min_size=1, max_size=3)),
        st.builds(lambda ps: PeakRatio(tuple(n for n, _ in ps), tuple(d for _, d in ps)),
                  st.lists(st.tuples(operand, operand), max_size=3)),
    )
    return tree


def _in_the_engine(function):
    """What a figure's function gives in the engine's run (:func:`~kinerja_xl.compute.expr.evaluate_in_order`),
    its value with its type and exponent, or its error."""
    try:
        value = next(evaluate_in_order([(ResultRef("X", "nilai"), function)], dict(_ENV)))[1]
    except TypeError as exc:
        return TypeError, str(exc)
    return type(value), str(value)


_ENV: dict = {}


@settings(max_examples=400, deadline=None)
@given(_trees(_LEAVES), st.fixed_dictionaries({}, optional=dict.fromkeys(_REFS, _VALUES)))
def test_random_trees_compile_to_what_the_tree_walk_gives(expr, env):
    """Any tree of the engine's nodes over inputs present, missing, zero, text or huge: the same value (type and
    exponent too) or the same error as the tree walk, every operand of a node evaluated as it evaluates them."""
    _ENV.clear()
    _ENV.update(env)
    expected = _in_the_engine(lambda e: evaluate(expr, e))
    assert _in_the_engine(compiled(expr)) == expected


def test_forms_are_compiled_once():
    """Figures of one form share their code: only their references and constants differ."""
    first = compiled(Round(Mul(Div(Cell(_REFS[0]), Cell(_REFS[1])), Const(Decimal(100))), 2))
    second = compiled(Round(Mul(Div(Cell(_REFS[2]), Cell(_REFS[3])), Const(Decimal(1000))), 2))
    assert first.__code__ is second.__code__
    env = {ref: Decimal(i + 1) for i, ref in enumerate(_REFS)}
    assert first(env) == Decimal("50.00") and second(env) == Decimal("750.00")
