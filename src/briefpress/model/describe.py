"""Text alternatives for figures: what a screen reader says instead of the picture.

The writer's own description ({alt="…"}) always wins.  A CSV chart without
one is described from its data — kind, series, categories, range, and the
first, last and highest values of each series — which is what a sighted
reader takes from a glance at it.  A raster image has no data to describe;
the caption stands in, and the tagged build warns about it.
"""

from __future__ import annotations

from .nodes import ChartData, Figure

MAX_SERIES_DESCRIBED = 6  # beyond this a spoken description stops being a summary


def figure_alt(figure: Figure) -> str:
    """The /Alt text of a figure: the writer's, else generated from chart data, else the caption."""
    if figure.alt:
        return figure.alt
    if figure.chart is not None:
        return describe_chart(figure.chart, figure.caption)
    return figure.caption


def format_value(v: float) -> str:
    """A chart value as the chart's labels and its description both write it: 485,000, 2.5."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"


def describe_chart(chart: ChartData, caption: str = "") -> str:
    """One or two sentences a listener can follow; deterministic, so builds stay byte-identical."""
    kind = "Line chart" if chart.style == "line" else "Bar chart"
    cats = chart.categories
    head = f"{kind}"
    if caption:
        head += f" of {caption.rstrip('.')}"
    parts = [head + "."]
    if cats:
        axis = f" ({chart.category_title})" if chart.category_title else ""
        span = f"{cats[0]} to {cats[-1]}" if len(cats) > 1 else cats[0]
        parts.append(f"{len(cats)} categories{axis}, {span}.")
    for name, values in list(zip(chart.series_names, chart.series))[:MAX_SERIES_DESCRIBED]:
        if not values:
            continue
        top = max(range(len(values)), key=lambda i: values[i])
        where = f" in {cats[top]}" if top < len(cats) else ""
        parts.append(f"{name}: from {format_value(values[0])} to {format_value(values[-1])}, "
                     f"highest {format_value(values[top])}{where}.")
    if len(chart.series) > MAX_SERIES_DESCRIBED:
        parts.append(f"{len(chart.series) - MAX_SERIES_DESCRIBED} more series.")
    return " ".join(parts)
