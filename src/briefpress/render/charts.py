"""CSV figures drawn as vector charts: PDF operators for a bar or a line chart.

Our charts are two plain kinds (bars per category, or a line through the categories) on a value
axis with a grid, so they are drawn here with the same text writer as the body: labels in the
document's embedded fonts, colours from the layout's chart palette in the output colour space.
ReportLab's chart library did this before; importing it pulled in all of platypus (Paragraph's
large regular expressions included) and cost a tenth of a cold build for two charts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..fonts import FontBook
from ..model.describe import format_value
from ..model.nodes import ChartData
from ..style.spec import LayoutSpec
from ..style.values import Color
from .colors import Palette
from .textout import TextWriter, _num

RULE_WIDTH = 0.5  # axes and grid
LINE_WIDTH = 1.6  # a line series
VALUE_TICK = 5.0  # value-axis ticks, to the left of the axis
LABEL_GAP = 5.0  # between an axis and its labels
BAR_UNITS = 10.0  # a bar's width in the units of bar and group spacing (then scaled to the category)
BAR_SPACING = 1.0
BAR_LABEL_NUDGE = 6.0


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(1, ticks)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


@dataclass(frozen=True)
class _Plot:
    """The plot area inside the figure box, and the value range it shows."""

    x: float
    y: float
    w: float
    h: float
    bottom: float
    top: float
    step: float
    rotate: bool  # category labels at 45 degrees: they would not fit side by side

    def vy(self, v: float) -> float:
        return self.y + (v - self.bottom) / ((self.top - self.bottom) or 1.0) * self.h

    def cat_w(self, n: int) -> float:
        return self.w / max(1, n)


class _Chart:
    """One chart's drawing: operators in the figure box's own coordinates."""

    def __init__(self, chart: ChartData, spec: LayoutSpec, fonts: FontBook, palette: Palette,
                 writer: TextWriter) -> None:
        self.chart, self.fonts, self.palette, self.writer = chart, fonts, palette, writer
        self.font = spec.font(spec.figure.chart_font)
        self.bold = spec.fonts.sans_bold
        self.size = spec.figure.chart_size
        self.colors: list[Color | str] = list(spec.colors.chart) or ["accent"]
        self.ops: list[str] = []

    def width(self, text: str, bold: bool = False) -> float:
        return self.fonts.width(text, self.bold if bold else self.font, self.size)

    def text(self, x: float, y: float, text: str, align: str = "left", bold: bool = False) -> None:
        self.ops.append(self.writer.text(x, y, text, self.bold if bold else self.font, self.size, "text", align))

    def rule(self, x0: float, y0: float, x1: float, y1: float, role: str = "muted") -> None:
        self.ops.append(f"{self.palette.stroke_op(role)} {_num(x0)} {_num(y0)} m {_num(x1)} {_num(y1)} l S")

    def plot(self, width: float, height: float) -> _Plot:
        """Where the plot goes: room on the left for value labels, above for the series names, and
        below for category labels (more when they must be turned)."""
        values = [v for s in self.chart.series for v in s]
        vmax, vmin = max(values + [0.0]), min(values + [0.0])
        step = _nice_step(vmax - vmin)
        top = math.ceil(vmax / step) * step if vmax > 0 else 0.0
        bottom = math.floor(vmin / step) * step if vmin < 0 else 0.0
        if top == bottom:  # all zero: an axis of one step, not of none
            top = bottom + step
        label_w = max(self.width(format_value(v)) for v in (top, bottom, top - step)) + 4
        names = len(self.chart.series_names)
        legend_h = self.size * 1.8 * (names if names > 1 else 1)
        x = label_w + 2
        w = width - x - 4
        n = len(self.chart.categories)
        longest = max((self.width(c) for c in self.chart.categories), default=0.0)
        rotate = bool(n) and longest > w / n * 0.9
        y = self.size * 2.6 + (longest * 0.6 if rotate else 0.0)
        return _Plot(x, y, w, height - y - legend_h - 2, bottom, top, step, rotate)

    def value_axis(self, p: _Plot) -> None:
        ticks = round((p.top - p.bottom) / p.step) + 1 if p.step else 1
        for k in range(ticks):
            v = p.bottom + k * p.step
            y = p.vy(v)
            self.rule(p.x, y, p.x + p.w, y, "tint")
            self.rule(p.x - VALUE_TICK, y, p.x, y)
            self.text(p.x - VALUE_TICK - 1, y - self.size * 0.35, format_value(v), "right")
        self.rule(p.x, p.y, p.x, p.y + p.h)

    def category_axis(self, p: _Plot, tick: float) -> None:
        n = len(self.chart.categories)
        cw = p.cat_w(n)
        self.rule(p.x, p.y, p.x + p.w, p.y)
        for k in range(n + 1):
            self.rule(p.x + k * cw, p.y, p.x + k * cw, p.y - tick)
        top = p.y - LABEL_GAP
        # turned labels stand cw / sqrt(2) apart across their slant: too many, and only every k-th is named
        every = max(1, math.ceil(self.size * 1.15 / (cw * math.sqrt(0.5)))) if p.rotate and cw > 0 else 1
        for k, name in enumerate(self.chart.categories):
            if k % every:
                continue
            cx = p.x + (k + 0.5) * cw
            if p.rotate:  # turned 45 degrees about its end, which stands under the category
                c = s = math.sqrt(0.5)
                self.ops.append(f"q {_num(c)} {_num(s)} {_num(-s)} {_num(c)} {_num(cx)} {_num(top - 2)} cm")
                self.text(0, -self.size * 0.75, name, "right")
                self.ops.append("Q")
            else:
                self.text(cx, top - self.size * 0.75, name, "centre")

    def bars(self, p: _Plot) -> None:
        series, n = self.chart.series, len(self.chart.categories)
        cw = p.cat_w(n)
        group = 6.0 if n > 4 else 14.0
        unit = cw / (group + len(series) * BAR_UNITS + (len(series) - 1) * BAR_SPACING)
        bar_w = BAR_UNITS * unit
        values = [v for s in series for v in s]
        widest = max((self.width(format_value(v), bold=True) for v in values), default=0.0)
        labelled = len(series) == 1 and widest < cw * 0.6
        zero = p.vy(0.0)
        for j, values_j in enumerate(series):
            fill = self.palette.fill_op(self.colors[j % len(self.colors)])
            for k, v in enumerate(values_j):
                x = p.x + k * cw + group / 2 * unit + j * (bar_w + BAR_SPACING * unit)
                y = p.vy(v)
                self.ops.append(f"{fill} {_num(x)} {_num(min(y, zero))} {_num(bar_w)} {_num(abs(y - zero))} re f")
                if labelled:
                    nudge = BAR_LABEL_NUDGE if v >= 0 else -BAR_LABEL_NUDGE
                    self.text(x + bar_w / 2, y + nudge - self.size * 0.35, format_value(v), "centre", bold=True)

    def lines(self, p: _Plot) -> None:
        cw = p.cat_w(len(self.chart.categories))
        for j, values in enumerate(self.chart.series):
            if not values:
                continue
            points = [f"{_num(p.x + (k + 0.5) * cw)} {_num(p.vy(v))}" for k, v in enumerate(values)]
            colour = self.colors[j % len(self.colors)]
            if len(points) == 1:  # one category: a line of one point is a dot (a round cap on a zero-length line)
                path = f"{points[0]} m {points[0]} l"
                self.ops.append(f"q {self.palette.stroke_op(colour)} {_num(LINE_WIDTH * 3)} w 1 J {path} S Q")
                continue
            path = points[0] + " m " + " l ".join(points[1:]) + " l"
            self.ops.append(f"q {self.palette.stroke_op(colour)} {_num(LINE_WIDTH)} w 1 j 1 J {path} S Q")

    def legend(self, p: _Plot, height: float) -> None:
        """The series names above the plot: a unit line, or a legend with colour keys."""
        y = height - self.size
        several = len(self.chart.series_names) > 1
        for j, name in enumerate(self.chart.series_names):
            x = p.x
            if several:
                fill = self.palette.fill_op(self.colors[j % len(self.colors)])
                self.ops.append(f"{fill} {_num(x)} {_num(y - 1)} {_num(self.size * 1.2)} {_num(self.size * 0.8)} re f")
                x += self.size * 1.8
            self.text(x, y, name)
            y -= self.size * 1.6


def chart_ops(chart: ChartData, x: float, y: float, width: float, height: float, spec: LayoutSpec,
              fonts: FontBook, palette: Palette, writer: TextWriter) -> str:
    """PDF operators drawing `chart` in the box (x, y, width, height), in the box's page coordinates."""
    c = _Chart(chart, spec, fonts, palette, writer)
    p = c.plot(width, height)
    c.ops.append(f"{_num(RULE_WIDTH)} w")
    c.value_axis(p)
    if chart.style == "line":
        c.lines(p)
        c.category_axis(p, 2.0)
    else:
        c.bars(p)
        c.category_axis(p, 5.0)
    c.legend(p, height)
    return f"q 1 0 0 1 {_num(x)} {_num(y)} cm\n" + "\n".join(op for op in c.ops if op) + "\nQ"
