"""Arithmetic expressions that evaluate in Python *and* render as Excel formulas.

The engine describes every computed figure as an :class:`Expr` over references (raw inputs and
other results). Python evaluates the tree with :class:`~decimal.Decimal`; the writers render the
same tree as an Excel formula (``kinerja_xl.render.formulas``), so the workbook and the JSON can
never drift apart. A missing reference (``None``) or a division by zero makes the whole value
``None``; the rendered formula mirrors that with a ``COUNT`` guard and ``IFERROR`` (empty cell).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, localcontext

from ..memo import remember
from .refs import InputRef as InputRef, Ref, ResultRef as ResultRef  # re-exported: the references' old home
from .rounding import WORKING_PRECISION, excel_round

Value = Decimal | str | None


class Expr:
    """Base class of expression nodes."""

    def children(self) -> tuple[Expr, ...]:
        return ()

    def refs(self) -> Iterator[Ref]:
        """All references in the tree, in order, possibly repeated."""
        for child in self.children():
            yield from child.refs()


@dataclass(frozen=True)
class Const(Expr):
    """A number, or a text label (predicates, "Efisien")."""

    value: Decimal | str


@dataclass(frozen=True)
class Cell(Expr):
    ref: Ref

    def refs(self) -> Iterator[Ref]:
        yield self.ref


@dataclass(frozen=True)
class Add(Expr):
    terms: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.terms


@dataclass(frozen=True)
class Sub(Expr):
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Mul(Expr):
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Div(Expr):
    numerator: Expr
    denominator: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.numerator, self.denominator)


@dataclass(frozen=True)
class Round(Expr):
    """Excel ``ROUND(x, digits)``: half away from zero."""

    operand: Expr
    digits: int = 2

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


@dataclass(frozen=True)
class Min(Expr):
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class Less(Expr):
    """A comparison, only valid as the condition of :class:`If`."""

    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True)
class If(Expr):
    condition: Less
    then: Expr
    otherwise: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.condition, self.then, self.otherwise)


@dataclass(frozen=True)
class PeakRatio(Expr):
    """``denominators`` and ``numerators`` are parallel series (one item per period).

    Picks the first period whose numerator is the largest and returns its numerator / denominator
    × 100, like Excel's ``INDEX(num, MATCH(MAX(num), num, 0)) / INDEX(den, ...)``.
    """

    numerators: tuple[Expr, ...]
    denominators: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.numerators + self.denominators

    def peak_index(self, env: Mapping[Ref, Value]) -> int | None:
        values = [evaluate(n, env) for n in self.numerators]
        # The rendered formula requires every cell of both series (COUNT guard): so does Python.
        if not values or any(v is None for v in values) or any(evaluate(d, env) is None for d in self.denominators):
            return None
        best = max(values)  # type: ignore[type-var]
        return values.index(best)  # first period on ties, like MATCH(..., 0)


@dataclass(frozen=True)
class Classify(Expr):
    """The label of the first band containing the operand, else ``default`` (predicates).

    Each band is ``(lower, lower_inclusive, upper, label)``; ``None`` bounds are open.
    """

    operand: Expr
    bands: tuple[tuple[Decimal | None, bool, Decimal | None, str], ...]
    default: str = ""

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def pick(self, value: Decimal) -> str:
        for lower, inclusive, upper, label in self.bands:
            if lower is not None and (value < lower or (value == lower and not inclusive)):
                continue
            if upper is not None and value > upper:
                continue
            return label
        return self.default


@dataclass(frozen=True)
class ArgMin(Expr):
    """The label of the first smallest value (the weakest unsur of a survey), like Excel's
    ``CHOOSE(MATCH(MIN(range), range, 0), label1, label2, ...)``; ``None`` unless every value is there."""

    values: tuple[Expr, ...]
    labels: tuple[str, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.values

    def index(self, env: Mapping[Ref, Value]) -> int | None:
        found = [evaluate(v, env) for v in self.values]
        if not found or any(not isinstance(v, Decimal) for v in found):
            return None
        numbers: list[Decimal] = found  # type: ignore[assignment]
        return numbers.index(min(numbers))  # the first on ties, like MATCH(..., 0)


@dataclass(frozen=True)
class FirstAvailable(Expr):
    """The first option whose references are all present (e.g. amounts, else a typed percentage)."""

    options: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.options


HUNDRED = Const(Decimal(100))


def inline(expr: Expr, figures: Mapping[Ref, Expr], keep: Collection[Ref]) -> Expr:
    """``expr`` with every reference to one of ``figures`` not in ``keep`` replaced by that figure's own
    expression (recursively): a formula can then show a step without a cell of its own."""
    if isinstance(expr, Cell):
        if expr.ref in figures and expr.ref not in keep:
            return inline(figures[expr.ref], figures, keep)
        return expr
    changes: dict[str, object] = {}
    for f in fields(expr):  # type: ignore[arg-type]
        value = getattr(expr, f.name)
        if isinstance(value, Expr):
            changes[f.name] = inline(value, figures, keep)
        elif isinstance(value, tuple) and value and all(isinstance(v, Expr) for v in value):
            changes[f.name] = tuple(inline(v, figures, keep) for v in value)
    return replace(expr, **changes) if changes else expr  # type: ignore[type-var]


def mean(items: list[Expr]) -> Expr:
    return Div(Add(tuple(items)), Const(Decimal(len(items))))


def percent(numerator: Expr, denominator: Expr) -> Expr:
    return Mul(Div(numerator, denominator), HUNDRED)


def ratio(numerator: Expr, denominator: Expr, multiplier: Decimal) -> Expr:
    """numerator / denominator × multiplier: a percentage (100) or a rate per 1.000, per 100.000 …"""
    return Mul(Div(numerator, denominator), Const(multiplier))


def evaluate(expr: Expr, env: Mapping[Ref, Value]) -> Value:
    """Evaluate with Decimal arithmetic; ``None`` when an input is missing or a divisor is zero."""
    with localcontext(Context(prec=WORKING_PRECISION, traps=[DivisionByZero, InvalidOperation])):
        return _guarded(expr, env)


Compiled = Callable[[Mapping[Ref, Value]], Value]


def evaluate_in_order(items: Iterable[tuple[Ref, Compiled]], env: dict[Ref, Value]) -> Iterator[tuple[Ref, Value]]:
    """:func:`evaluate` of each :func:`compiled` expression in order, each value put in ``env`` (where later ones
    read it), in one decimal context: the same values, without walking the tree or making a context each time."""
    with localcontext(Context(prec=WORKING_PRECISION, traps=[DivisionByZero, InvalidOperation])):
        for ref, function in items:
            try:
                value = function(env)
            except (DivisionByZero, InvalidOperation):
                value = None
            env[ref] = value
            yield ref, value


def _guarded(expr: Expr, env: Mapping[Ref, Value]) -> Value:
    try:
        return _eval(expr, env)
    except (DivisionByZero, InvalidOperation):
        return None


def _all(values: list[Value]) -> list[Decimal] | None:
    if any(v is None for v in values):
        return None
    return values  # type: ignore[return-value]


def as_decimal(value: Value) -> Decimal | None:
    """Narrow an evaluated value that must be numeric."""
    if isinstance(value, str):
        raise TypeError(f"expected a number, got text {value!r}")
    return value


def _eval(expr: Expr, env: Mapping[Ref, Value]) -> Value:  # noqa: C901 - one branch per node type
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Cell):
        return env.get(expr.ref)
    if isinstance(expr, FirstAvailable):
        for option in expr.options:
            if all(env.get(r) is not None for r in option.refs()):
                return _eval(option, env)
        return None
    if isinstance(expr, PeakRatio):
        index = expr.peak_index(env)
        if index is None:
            return None
        den = as_decimal(_eval(expr.denominators[index], env))
        num = as_decimal(_eval(expr.numerators[index], env))
        if den is None or num is None or den == 0:
            return None
        return num / den * 100
    if isinstance(expr, ArgMin):
        index = expr.index(env)
        return None if index is None else expr.labels[index]
    if isinstance(expr, Classify):
        operand = _eval(expr.operand, env)
        return None if operand is None else expr.pick(operand)  # type: ignore[arg-type]
    if isinstance(expr, If):
        cond = _all([_eval(expr.condition.left, env), _eval(expr.condition.right, env)])  # numbers only
        if cond is None:
            return None
        return _eval(expr.then if cond[0] < cond[1] else expr.otherwise, env)
    values = _all([_eval(child, env) for child in expr.children()])
    if values is None:
        return None
    if any(isinstance(v, str) for v in values):
        raise TypeError(f"text operand in arithmetic: {expr!r}")
    if isinstance(expr, Add):
        return sum(values, Decimal(0))
    if isinstance(expr, Sub):
        return values[0] - values[1]
    if isinstance(expr, Mul):
        return values[0] * values[1]
    if isinstance(expr, Div):
        if values[1] == 0:
            return None
        return values[0] / values[1]
    if isinstance(expr, Round):
        return excel_round(values[0], expr.digits)
    if isinstance(expr, Min):
        return min(values[0], values[1])
    raise TypeError(f"unknown expression node {type(expr).__name__}")


def compiled(expr: Expr) -> Compiled:
    """``expr`` as a function of the environment giving what :func:`_eval` gives (the same operations on the same
    values in the same order, ``None`` and errors alike), made once per plan: a run then calls it instead of
    walking the tree (a test evaluates every figure of many catalogs both ways, and a property test random trees).

    The arithmetic (constants, cells, ``+ - × ÷``, ``ROUND``, ``MIN``) becomes straight-line Python: one call per
    figure instead of one per node. Its code depends only on the tree's *form* (:func:`_form`), its references,
    constants and digits being the arguments of the function that makes it (:func:`_maker`), so the few forms of
    a catalog's figures (a capaian is ``ROUND(R/T×100)`` for every indicator, unit and period) are compiled once
    per process. Every other node is a closure (:func:`_closure`) whose operands are compiled again by this."""
    if not isinstance(expr, _STRAIGHT):
        return _closure(expr)
    args: list[object] = []
    form = _form(expr, args)
    maker = _MAKERS.get(form)
    if maker is None:
        maker = remember(_MAKERS, form, _maker(form), 512)
    return maker(*args)


#: The nodes written out as straight-line code (the others are closures); ``Const`` and ``Cell`` only inside them.
_STRAIGHT = (Add, Sub, Mul, Div, Round, Min)
_OPERATIONS: dict[type, str] = {Sub: "{0} - {1}", Mul: "{0} * {1}", Div: "None if {1} == 0 else {0} / {1}",
                                Round: "excel_round({0}, {digits})", Min: "min({0}, {1})"}
#: A form: ``"K"`` a constant, ``"C"`` a cell, ``"F"`` another node's closure, or (operation, operand forms…).
Form = str | tuple[object, ...]
#: The functions that make a figure's function, by its form (:func:`compiled`).
_MAKERS: dict[Form, Callable[..., Compiled]] = {}


def _form(expr: Expr, args: list[object]) -> Form:
    """The form of ``expr``, its arguments appended to ``args`` in the order :func:`_maker` takes them: a node's
    operands' first, then a ``ROUND``'s digits, then the node itself (named by a text operand's error)."""
    if isinstance(expr, Const):
        args.append(expr.value)
        return "K"
    if isinstance(expr, Cell):
        args.append(expr.ref)
        return "C"
    if not isinstance(expr, _STRAIGHT):
        args.append(_closure(expr))
        return "F"
    kind = next(k for k in _STRAIGHT if isinstance(expr, k))
    form = (kind, *[_form(child, args) for child in expr.children()])
    if isinstance(expr, Round):
        args.append(expr.digits)
    args.append(expr)
    return form


def _maker(form: Form) -> Callable[..., Compiled]:
    """The function making a figure's function of ``form`` from its arguments (:func:`_form`): every operand
    evaluated, in order; ``None`` if one is ``None``, else :class:`TypeError` if one is a text, else the operation
    (for ``+``, what ``sum(operands, Decimal(0))`` adds, in its order)."""
    lines: list[str] = []
    args: list[str] = []

    def arg() -> str:
        args.append(f"a{len(args)}")
        return args[-1]

    def value(form: Form) -> str:
        """A name holding the value of ``form`` once the lines so far have run."""
        if form == "K":
            return arg()
        if form in ("C", "F"):
            target = f"v{len(lines)}"  # each line a new name: a name is taken as its first line is added
            lines.append(f"{target} = env.get({arg()})" if form == "C" else f"{target} = {arg()}(env)")
            return target
        assert isinstance(form, tuple)
        kind, *operand_forms = form
        operands = [value(f) for f in operand_forms]  # type: ignore[arg-type]
        target = f"v{len(lines)}"
        digits = arg() if kind is Round else ""
        node = arg()
        operation = " + ".join(["Decimal(0)", *operands]) if kind is Add \
            else _OPERATIONS[kind].format(*operands, digits=digits)  # type: ignore[index]
        if not operands:
            lines.append(f"{target} = {operation}")
            return target
        lines.extend([f"if {' or '.join(f'{o} is None' for o in operands)}:",
                      f"    {target} = None",
                      f"elif {' or '.join(f'isinstance({o}, str)' for o in operands)}:",
                      f"    raise TypeError('text operand in arithmetic: ' + repr({node}))",
                      "else:",
                      f"    {target} = {operation}"])
        return target

    result = value(form)
    source = "\n".join([f"def make({', '.join(args)}):",
                        "    def figure(env):",
                        *(f"        {line}" for line in [*lines, f"return {result}"]),
                        "    return figure\n"])
    namespace: dict[str, object] = {"Decimal": Decimal, "excel_round": excel_round}
    exec(compile(source, "<kinerja_xl.compute.expr>", "exec"), namespace)  # noqa: S102 - our own code, no input
    return namespace["make"]  # type: ignore[return-value]


def _closure(expr: Expr) -> Compiled:
    """A node other than the arithmetic of :class:`_Straight` as a closure over its compiled operands."""
    if isinstance(expr, Const):
        constant = expr.value
        return lambda env: constant
    if isinstance(expr, Cell):
        ref = expr.ref
        return lambda env: env.get(ref)
    if isinstance(expr, FirstAvailable):
        options = tuple((tuple(option.refs()), compiled(option)) for option in expr.options)

        def first_available(env: Mapping[Ref, Value]) -> Value:
            for refs, option in options:
                if all(env.get(r) is not None for r in refs):
                    return option(env)
            return None
        return first_available
    if isinstance(expr, PeakRatio):
        peak = expr.peak_index
        numerators = tuple(compiled(e) for e in expr.numerators)
        denominators = tuple(compiled(e) for e in expr.denominators)

        def peak_ratio(env: Mapping[Ref, Value]) -> Value:
            index = peak(env)
            if index is None:
                return None
            den = as_decimal(denominators[index](env))
            num = as_decimal(numerators[index](env))
            if den is None or num is None or den == 0:
                return None
            return num / den * 100
        return peak_ratio
    if isinstance(expr, ArgMin):
        values, labels = tuple(compiled(v) for v in expr.values), expr.labels

        def arg_min(env: Mapping[Ref, Value]) -> Value:
            found = [value(env) for value in values]
            if not found or any(not isinstance(v, Decimal) for v in found):
                return None
            return labels[found.index(min(found))]  # type: ignore[type-var]  # the first on ties
        return arg_min
    if isinstance(expr, Classify):
        operand, pick = compiled(expr.operand), expr.pick

        def classify(env: Mapping[Ref, Value]) -> Value:
            value = operand(env)
            return None if value is None else pick(value)  # type: ignore[arg-type]
        return classify
    if isinstance(expr, If):
        left, right = compiled(expr.condition.left), compiled(expr.condition.right)
        then, otherwise = compiled(expr.then), compiled(expr.otherwise)

        def if_less(env: Mapping[Ref, Value]) -> Value:
            cond = _all([left(env), right(env)])  # numbers only
            if cond is None:
                return None
            return then(env) if cond[0] < cond[1] else otherwise(env)
        return if_less
    return _compiled_operation(expr, tuple(compiled(child) for child in expr.children()))


def _compiled_operation(expr: Expr, children: tuple[Compiled, ...]) -> Compiled:
    """An arithmetic node: its operands evaluated (all of them, in order), ``None`` if one is, an error on a text."""
    def operands(env: Mapping[Ref, Value]) -> list[Decimal] | None:
        values = [child(env) for child in children]
        if None in values:
            return None
        for value in values:
            if isinstance(value, str):
                raise TypeError(f"text operand in arithmetic: {expr!r}")
        return values  # type: ignore[return-value]

    if isinstance(expr, Add):
        return lambda env: None if (v := operands(env)) is None else sum(v, Decimal(0))
    if isinstance(expr, Sub):
        return lambda env: None if (v := operands(env)) is None else v[0] - v[1]
    if isinstance(expr, Mul):
        return lambda env: None if (v := operands(env)) is None else v[0] * v[1]
    if isinstance(expr, Div):
        return lambda env: None if (v := operands(env)) is None or v[1] == 0 else v[0] / v[1]
    if isinstance(expr, Round):
        digits = expr.digits
        return lambda env: None if (v := operands(env)) is None else excel_round(v[0], digits)
    if isinstance(expr, Min):
        return lambda env: None if (v := operands(env)) is None else min(v[0], v[1])

    def unknown(env: Mapping[Ref, Value]) -> Value:
        if operands(env) is None:
            return None
        raise TypeError(f"unknown expression node {type(expr).__name__}")
    return unknown

