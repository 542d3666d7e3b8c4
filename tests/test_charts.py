"""CSV charts, read back from the PDF: bars and lines where the data puts them, every label there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from briefpress.pipeline import build

FRONT = """---
series: "In Focus"
publisher: "Policy Center"
date: "May 2026"
title: "Chart test"
abstract: "Charts."
---

Some text before the charts, with enough words to fill a line or two of the column.

![Figure 1: Long categories, two series, a negative value.](figures/a.csv)

![Figure 2: Two lines.](figures/b.csv "line")

More text after the charts.
"""
BARS = {"Northern border states": (120, 95), "Southern border states": (80, -20),
        "Interior manufacturing belt": (60, 70), "Pacific coast": (45, 50)}
LINES = {"2000": (10, 5), "2001": (12, 6), "2002": (11, 9), "2003": (15, 12)}


def _csv(head: str, rows: dict[str, tuple[int, int]]) -> str:
    return head + "\n" + "".join(f"{k},{a},{b}\n" for k, (a, b) in rows.items())


@pytest.fixture(scope="module")
def chart_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("charts")
    (folder / "figures").mkdir()
    (folder / "brief.md").write_text(FRONT, encoding="utf-8")
    (folder / "figures" / "a.csv").write_text(_csv("region,Exports (bn),Imports (bn)", BARS), encoding="utf-8")
    (folder / "figures" / "b.csv").write_text(_csv("year,Canada,Mexico", LINES), encoding="utf-8")
    return build(folder, layout="print", output=folder / "out.pdf").pdf


def _chart_page(pdf):  # type: ignore[no-untyped-def]
    return next(p for p in pdf.pages if "Exports (bn)" in (p.extract_text() or ""))


def _bars(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Filled rectangles that are chart bars: coloured (not the black of text), not the legend keys."""
    return [r for r in page.rects if r["fill"] and r["height"] > 8 and 5 < r["width"] < 60]


def test_bars_stand_in_proportion_to_their_values(chart_pdf: Path) -> None:
    with pdfplumber.open(chart_pdf) as pdf:
        page = _chart_page(pdf)
        bars = sorted(_bars(page), key=lambda r: r["x0"])
        assert len(bars) == 8, [(round(r["x0"]), round(r["height"])) for r in bars]
        values = [v for pair in BARS.values() for v in pair]
        per_unit = bars[0]["height"] / values[0]
        for bar, value in zip(bars, values):
            assert bar["height"] == pytest.approx(abs(value) * per_unit, abs=0.05)
        zero = bars[0]["bottom"]  # pdfplumber's top-down y: a bar's bottom edge is the zero line
        negative = bars[values.index(-20)]
        assert negative["top"] == pytest.approx(zero, abs=0.05)  # hangs below the zero line
        colours = {tuple(b["non_stroking_color"]) for b in bars}
        assert len(colours) == 2  # one per series
        assert all(len(c) == 4 for c in colours)  # CMYK in print


def _labels(page) -> str:  # type: ignore[no-untyped-def]
    """The page's upright 6.5 pt text (the chart labels), line by line: chars grouped by baseline."""
    lines: dict[float, list[dict]] = {}
    for c in page.chars:
        if abs(c["matrix"][1]) < 0.01 and abs(c["size"] - 6.5) < 0.01:
            lines.setdefault(round(c["matrix"][5], 2), []).append(c)
    out = []
    for _y, chars in sorted(lines.items()):
        chars.sort(key=lambda c: c["x0"])
        text = chars[0]["text"]
        for a, b in zip(chars, chars[1:]):
            text += (" " if b["x0"] - a["x1"] > 1 else "") + b["text"]
        out.append(text)
    return "\n".join(out)


def test_every_label_is_text(chart_pdf: Path) -> None:
    with pdfplumber.open(chart_pdf) as pdf:
        page = _chart_page(pdf)
        words = _labels(page)
        turned = "".join(c["text"] for c in page.chars if abs(c["matrix"][1]) > 0.1)  # turned: b of the matrix
    for name in ("Exports (bn)", "Imports (bn)", "Canada", "Mexico", "150", "-50", "2000", "2003"):
        assert name in words, name
    for category in BARS:  # too long to stand side by side: set at 45 degrees, each whole
        assert category.replace(" ", "") in turned.replace(" ", ""), turned


def test_lines_pass_through_their_values(chart_pdf: Path) -> None:
    with pdfplumber.open(chart_pdf) as pdf:
        page = _chart_page(pdf)
        paths = [c for c in page.curves if len(c["pts"]) == len(LINES)]
    assert len(paths) == 2
    for path, k in zip(sorted(paths, key=lambda c: -c["pts"][-1][1]), (1, 0)):
        ys = [y for _x, y in path["pts"]]
        xs = [x for x, _y in path["pts"]]
        values = [pair[k] for pair in LINES.values()]
        steps = [b - a for a, b in zip(xs, xs[1:])]
        assert max(steps) - min(steps) < 0.01  # one point per category, evenly spaced
        # pdfplumber's y grows downwards: a higher value stands higher on the page
        per_unit = (ys[0] - ys[-1]) / (values[-1] - values[0])
        for y, v in zip(ys, values):
            assert ys[0] - y == pytest.approx((v - values[0]) * per_unit, abs=0.05)


def test_a_build_does_not_load_the_chart_library(chart_pdf: Path, tmp_path: Path) -> None:
    """Charts are drawn with the page's own operators: ReportLab's chart library and platypus cost a
    tenth of a cold build to import."""
    code = (f"import sys; from pathlib import Path; from briefpress.pipeline import build; "
            f"build(Path({str(chart_pdf.parent)!r}), output=Path({str(tmp_path / 'x.pdf')!r})); "
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab.graphics', 'reportlab.platypus'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "SOURCE_DATE_EPOCH": "1"})
    assert out.stdout.strip() == "[]", out.stdout


EDGES = """---
series: "In Focus"
publisher: "Policy Center"
date: "May 2026"
title: "Chart edges"
abstract: "Edge cases."
---

Text.

![Figure 1: Thirty categories.](figures/t.csv)

![Figure 2: One category.](figures/o.csv "line")

![Figure 3: All zero.](figures/z.csv)
"""


@pytest.fixture(scope="module")
def edge_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chart-edges")
    (folder / "figures").mkdir()
    (folder / "brief.md").write_text(EDGES, encoding="utf-8")
    (folder / "figures" / "t.csv").write_text("k,v\n" + "".join(f"Category {i},{i * 3 - 20}\n" for i in range(30)),
                                              encoding="utf-8")
    (folder / "figures" / "o.csv").write_text("a,v,w\nonly,5,7\n", encoding="utf-8")
    (folder / "figures" / "z.csv").write_text("a,v\nx,0\ny,0\n", encoding="utf-8")
    return build(folder, layout="print", output=folder / "out.pdf").pdf


def test_crowded_turned_labels_are_thinned_not_overprinted(edge_pdf: Path) -> None:
    with pdfplumber.open(edge_pdf) as pdf:
        chars = [c for p in pdf.pages for c in p.chars if abs(c["matrix"][1]) > 0.1]
    starts = sorted({round(c["matrix"][4], 1) for c in chars if c["text"] == "C"})  # each label's first letter
    assert 5 <= len(starts) < 30  # some categories named, not all thirty on top of each other
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    size = chars[0]["size"]
    assert min(gaps) * 0.7071 >= size * 1.1  # across the 45-degree slant, a line of type apart at least


def test_a_line_of_one_point_is_drawn_as_a_dot(edge_pdf: Path) -> None:
    with pdfplumber.open(edge_pdf) as pdf:
        page = next(p for p in pdf.pages if "only" in (p.extract_text() or ""))
        dots = [c for c in page.curves + page.lines if c["stroke"] and abs(c["x1"] - c["x0"]) < 0.01
                and abs(c["top"] - c["bottom"]) < 0.01 and c.get("linewidth", 0) > 3]
    assert len(dots) == 2, dots  # one per series


def test_an_all_zero_chart_keeps_a_value_axis(edge_pdf: Path) -> None:
    with pdfplumber.open(edge_pdf) as pdf:
        words = " ".join(_labels(p) for p in pdf.pages)
    assert "0" in words.split() and "1" in words.split()
