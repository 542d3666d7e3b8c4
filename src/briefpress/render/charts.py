"""CSV figures drawn as vector charts with ReportLab's chart library.

Labels use the document's embedded fonts (never the library's default
Helvetica) and colours come from the layout's chart palette, converted to the
output colour space.
"""

from __future__ import annotations

import math

from ..fonts import FontBook
from ..model.nodes import ChartData
from ..style.spec import LayoutSpec
from .colors import Palette


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(1, ticks)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _label(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:g}"


def chart_drawing(chart: ChartData, width: float, height: float, spec: LayoutSpec, fonts: FontBook,
                  palette: Palette):  # type: ignore[no-untyped-def]
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String

    f = spec.figure
    font = fonts.name(spec.font(f.chart_font))
    bold = fonts.name(spec.fonts.sans_bold)
    size = f.chart_size
    colors = [palette.reportlab(c) for c in spec.colors.chart] or [palette.reportlab("accent")]
    text_color = palette.reportlab("text")
    rule_color = palette.reportlab("muted")

    d = Drawing(width, height)
    d.initialFontName = font  # else the renderer starts from an unembedded Helvetica
    d.initialFontSize = size
    # the renderer's starting colours default to device-RGB black; print must stay CMYK.  Drawing's
    # attribute checks know no initial colours, but the renderer reads them like the font above.
    d.__dict__["initialStrokeColor"] = text_color
    d.__dict__["initialFillColor"] = text_color
    values = [v for s in chart.series for v in s]
    vmax = max(values + [0.0])
    vmin = min(values + [0.0])
    step = _nice_step(vmax - vmin)
    top = math.ceil(vmax / step) * step if vmax > 0 else 0.0
    bottom = math.floor(vmin / step) * step if vmin < 0 else 0.0
    label_w = max(fonts.width(_label(v), spec.font(f.chart_font), size)
                  for v in (top, bottom, top - step)) + 4
    legend_h = size * 1.8 * (len(chart.series_names) if len(chart.series_names) > 1 else 1)
    plot = HorizontalLineChart() if chart.style == "line" else VerticalBarChart()
    plot.x = label_w + 2
    plot.y = size * 2.6
    plot.width = width - plot.x - 4
    plot.height = height - plot.y - legend_h - 2
    plot.data = [list(s) for s in chart.series]
    plot.categoryAxis.categoryNames = list(chart.categories)
    ca = plot.categoryAxis
    ca.labels.fontName = font
    ca.labels.fontSize = size
    ca.labels.fillColor = text_color
    ca.strokeColor = rule_color
    ca.strokeWidth = 0.5
    n_cat = len(chart.categories)
    longest = max((fonts.width(c, spec.font(f.chart_font), size) for c in chart.categories), default=0)
    if n_cat and longest > plot.width / n_cat * 0.9:
        ca.labels.angle = 45
        ca.labels.boxAnchor = "ne"
        ca.labels.dy = -2
        plot.y = size * 2.6 + longest * 0.6
        plot.height = height - plot.y - legend_h - 2
    va = plot.valueAxis
    va.valueMin = bottom
    va.valueMax = top
    va.valueStep = step
    va.labels.fontName = font
    va.labels.fontSize = size
    va.labels.fillColor = text_color
    va.labelTextFormat = _label
    va.strokeColor = rule_color
    va.strokeWidth = 0.5
    va.visibleGrid = True
    va.gridStrokeColor = palette.reportlab("tint")
    va.gridStrokeWidth = 0.5
    if chart.style == "line":
        plot.joinedLines = 1
        for i in range(len(chart.series)):
            plot.lines[i].strokeColor = colors[i % len(colors)]
            plot.lines[i].strokeWidth = 1.6
        ca.tickDown = 2
    else:
        plot.barSpacing = 1
        plot.groupSpacing = 6 if n_cat > 4 else 14
        for i in range(len(chart.series)):
            plot.bars[i].fillColor = colors[i % len(colors)]
            plot.bars[i].strokeColor = None
        # value labels only where they cannot collide: one series, bars wide enough for the number
        bar_w = plot.width / max(1, n_cat) * 0.6
        widest = max(fonts.width(_label(v), spec.fonts.sans_bold, size) for v in values) if values else 0
        if len(chart.series) == 1 and widest < bar_w:
            plot.barLabelFormat = _label
        plot.barLabels.fontName = bold
        plot.barLabels.fontSize = size
        plot.barLabels.fillColor = text_color
        plot.barLabels.nudge = 6
    d.add(plot)
    # the series names stand above the plot: a unit line, or a legend with colour keys
    y = height - size
    for i, name in enumerate(chart.series_names):
        x = plot.x
        if len(chart.series_names) > 1:
            from reportlab.graphics.shapes import Rect

            d.add(Rect(x, y - 1, size * 1.2, size * 0.8, fillColor=colors[i % len(colors)], strokeColor=None))
            x += size * 1.8
        d.add(String(x, y, name, fontName=font, fontSize=size, fillColor=text_color))
        y -= size * 1.6
    return d
