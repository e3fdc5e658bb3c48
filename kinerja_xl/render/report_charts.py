"""The report's charts as PNG pictures (matplotlib, Agg): exactly the plan's values, Indonesian notation.

The object API (``matplotlib.figure.Figure`` on an Agg canvas) is used instead of ``pyplot``: no global
figure state, no display, and the process-wide backend is left as the caller set it.
"""

from __future__ import annotations

import io
import math
import textwrap
from decimal import Decimal

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..numbers import format_number, show_number
from ..plans.chart_specs import TARGET_LINE
from ..plans.report.blocks import ChartSpec

REFERENCE_COLOR = TARGET_LINE
GRID_COLOR = "#D9D9D9"
TEXT_COLOR = "#262626"
CM = 1 / 2.54


def _plain(value: float) -> str:
    """An axis tick in Indonesian notation without trailing zeros: 20 → "20", 0.5 → "0,5".

    Ticks are matplotlib's own positions, not published figures: the float is only cut to 6 places to
    drop binary noise (0.30000000000000004) before it is shown; every label of a value uses the plan's.
    """
    return show_number(Decimal(f"{float(value):.6f}"), 3)


def _shown(value: Decimal, spec: ChartSpec) -> str:
    return format_number(value / spec.scale, spec.decimals)


def _floats(values: tuple[Decimal | None, ...], scale: Decimal) -> list[float]:
    return [math.nan if v is None else float(v / scale) for v in values]


def _style_axes(ax: object, spec: ChartSpec) -> None:
    ax.set_ylabel(spec.y_label, color=TEXT_COLOR, fontsize=9)  # type: ignore[attr-defined]
    if spec.x_label:
        ax.set_xlabel(spec.x_label, color=TEXT_COLOR, fontsize=9)  # type: ignore[attr-defined]
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))  # type: ignore[attr-defined]
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _plain(v)))  # type: ignore[attr-defined]
    ax.grid(axis="y", color=GRID_COLOR, linewidth=0.6)  # type: ignore[attr-defined]
    ax.set_axisbelow(True)  # type: ignore[attr-defined]
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)  # type: ignore[attr-defined]
    ax.tick_params(labelsize=8.5, colors=TEXT_COLOR)  # type: ignore[attr-defined]


#: A value's label is printed on a white ground above the reference line (drawn at zorder 4), so the line that
#: passes through a label near the target (100,39 over a line at 100) does not strike its digits through.
LABEL_BACKING = {"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none"}
LABEL_ZORDER = 5


def _columns(ax: object, spec: ChartSpec) -> float:
    """Grouped columns with their values above; returns the highest value drawn."""
    n = len(spec.series)
    width = 0.8 / n
    positions = range(len(spec.categories))
    highest = 0.0
    many = len(spec.categories) * n > 12
    for i, s in enumerate(spec.series):
        xs = [x - 0.4 + width * (i + 0.5) for x in positions]
        ys = _floats(s.values, spec.scale)
        bars = ax.bar(xs, [0 if math.isnan(y) else y for y in ys], width * 0.92, color=s.color,  # type: ignore[attr-defined]
                      label=s.name, zorder=2)
        if spec.value_labels:
            for bar, value in zip(bars, s.values, strict=True):
                if value is None:
                    continue
                ax.annotate(_shown(value, spec), (bar.get_x() + bar.get_width() / 2, bar.get_height()),  # type: ignore[attr-defined]
                            xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                            fontsize=6.5 if many else 7.5, rotation=90 if many and n > 1 else 0, color=TEXT_COLOR,
                            bbox=LABEL_BACKING, zorder=LABEL_ZORDER)
        highest = max([highest] + [y for y in ys if not math.isnan(y)])
    labels = ["\n".join(textwrap.wrap(c, 16)) or c for c in spec.categories]
    ax.set_xticks(list(positions), labels)  # type: ignore[attr-defined]
    ax.set_xlim(-0.6, len(spec.categories) - 0.4)  # type: ignore[attr-defined]
    return highest


def _lines(ax: object, spec: ChartSpec) -> float:
    """One line per series; a missing year is a gap. Labels alternate above/below to stay apart."""
    positions = list(range(len(spec.categories)))
    highest = 0.0
    for i, s in enumerate(spec.series):
        ys = _floats(s.values, spec.scale)
        ax.plot(positions, ys, marker="o", markersize=4, linewidth=1.8, color=s.color, label=s.name, zorder=3)  # type: ignore[attr-defined]
        if spec.value_labels:
            offset = 6 if i % 2 == 0 else -11
            for x, value in zip(positions, s.values, strict=True):
                if value is not None:
                    ax.annotate(_shown(value, spec), (x, float(value / spec.scale)), xytext=(0, offset),  # type: ignore[attr-defined]
                                textcoords="offset points", ha="center", fontsize=7, color=s.color,
                                bbox=LABEL_BACKING, zorder=LABEL_ZORDER)
        highest = max([highest] + [y for y in ys if not math.isnan(y)])
    ax.set_xticks(positions, list(spec.categories))  # type: ignore[attr-defined]
    ax.set_xlim(-0.4, len(positions) - 0.6)  # type: ignore[attr-defined]
    return highest


def render_png(spec: ChartSpec, *, width_cm: float = 15.0, height_cm: float = 7.5, dpi: int = 200) -> bytes:
    """The chart as PNG bytes; the figure's size is the size it is printed at (text stays legible)."""
    fig = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _style_axes(ax, spec)
    highest = _columns(ax, spec) if spec.kind == "kolom" else _lines(ax, spec)
    if spec.reference is not None:
        level = float(spec.reference / spec.scale)
        ax.axhline(level, color=REFERENCE_COLOR, linestyle="--", linewidth=1.2, label=spec.reference_label, zorder=4)
        highest = max(highest, level)
    if spec.kind == "kolom":
        ax.set_ylim(0, highest * 1.18 or 1)
    else:
        low, high = ax.get_ylim()
        span = high - low or 1
        ax.set_ylim(low - span * 0.12, high + span * 0.12)
    handles, labels = ax.get_legend_handles_labels()
    if spec.reference is not None:  # the data first, the reference line last (matplotlib lists lines first)
        order = sorted(range(len(labels)), key=lambda i: labels[i] == spec.reference_label)
        handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    if len(labels) > 1:
        fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5), fontsize=8, frameon=False)
        fig.tight_layout(rect=(0, 0.08, 1, 1))
    else:
        fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})  # no version stamp: same input, same bytes
    return out.getvalue()
