"""Tables -> rows of set cells on the baseline grid, and their placement in a column or across the page.

Cells are set with the brief's own text engine (TypeSetter.set: its fonts,
fallback fonts, hyphenation, links and note references), ragged right, one
grid line per cell line, so a table's rows sit on the same baselines as the
text beside it.  Booktabs style: a heavy rule above the header and below the
table, a light rule under the header, no vertical rules.

Column widths follow CSS's automatic table layout: each column's minimum
(its longest word) and maximum (its longest cell unbroken) content width;
if the maxima fit they are used (widened to the measure when `full_width`),
otherwise every column gets its minimum and the rest of the measure is
shared in proportion to what each would still like.

A table that fits a column is set in the column; one with more columns than
`table.column_max_columns`, or whose minimum widths exceed the column, or
that the writer marked `{.wide}`, is set across the columns at the top (or
foot) of a page.  A table longer than the room left splits between rows —
never leaving fewer than `split_rows` rows on either side — and each later
part repeats the header row and the caption as "Table N (continued)"; those
repeats are artifacts in the tagged PDF (as Typst does), so a screen reader
hears the header once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ManuscriptError
from ..model.nodes import Cell, Inline, NoteRef, Table, Text
from ..model.structure import part_id
from .items import InlineStyle
from .lines import Line
from .page import Placed, PlacedLine, PlacedRule
from .typeset import Shape, TypeSetter

# A cell whose text is a number, an amount or a percentage (or empty, or a dash for "none").
NUMERIC_RE = re.compile(r"^[\s(]*[-+−–]?[$€£¥]?\s?\d[\d,.\u202f\u2009 ]*\s?(%|‰|[kKmMbB]n?)?[)*]*\s*$")
NONE_RE = re.compile(r"^\s*(|[-–—]|n/?a|\.\.)\s*$", re.I)
# A word measured for its minimum width may come out a hair wider once set: leave this much slack.
WIDTH_SLACK = 1.02


def head_id(table: str, row: int = 0, col: int | None = None) -> str:
    return part_id(table, "head", row) if col is None else part_id(table, "head", row, col)


def body_id(table: str, row: int, col: int | None = None) -> str:
    return part_id(table, "body", row) if col is None else part_id(table, "body", row, col)


@dataclass
class TableItem:
    table: Table
    node: str
    span: bool  # across the columns, at a page top or foot
    cols: tuple[float, ...]  # column widths (padding included)
    caption: tuple[Line, ...]
    continued: tuple[Line, ...]  # the caption of a later part
    header: tuple[tuple[Line, ...], ...]  # one tuple of lines per header cell
    rows: tuple[tuple[tuple[Line, ...], ...], ...]
    aligns: tuple[str, ...]
    source: tuple[Line, ...]
    lead: float  # the grid
    cap_lead: float
    size: float
    padding: float
    space: int
    heavy: float = 0.8  # rule thicknesses
    light: float = 0.4
    color: str = "rule"

    @property
    def width(self) -> float:
        return sum(self.cols)

    @property
    def header_slots(self) -> int:
        return max((len(c) for c in self.header), default=0)

    def row_slots(self, r: int) -> int:
        return max(1, max((len(c) for c in self.rows[r]), default=1))

    def caption_slots(self, continued: bool) -> int:
        lines = self.continued if continued else self.caption
        return _block_slots(len(lines), self.cap_lead, self.lead)

    def source_slots(self) -> int:
        return _block_slots(len(self.source), self.cap_lead, self.lead)

    def row_notes(self, r: int) -> list[int]:
        return [n for cell in self.rows[r] for ln in cell for n in ln.notes]

    def piece_slots(self, start: int, end: int) -> int:
        tail = self.source_slots() if end == len(self.rows) else 0
        return (self.caption_slots(start > 0) + self.header_slots + sum(self.row_slots(r) for r in range(start, end))
                + tail)


def _block_slots(n: int, leading: float, grid: float) -> int:
    """Grid lines a block of n lines at `leading` takes when its last baseline sits on the grid."""
    return 0 if n == 0 else 1 + math.ceil(((n - 1) * leading - 0.01) / grid)


def column_widths(mins: Sequence[float], maxs: Sequence[float], avail: float, fill: bool) -> list[float] | None:
    """CSS automatic table layout; None when even the minimum widths exceed `avail`."""
    lo, hi = sum(mins), sum(maxs)
    if lo > avail + 1e-6:
        return None
    if hi <= avail:
        if not fill or hi <= 0:
            return list(maxs)
        return [m * avail / hi for m in maxs]
    share = (avail - lo) / (hi - lo) if hi > lo else 0.0
    return [a + (b - a) * share for a, b in zip(mins, maxs)]


def rows_that_fit(row_slots: Sequence[int], start: int, room: int, base: int, tail: int, min_rows: int) -> int:
    """How many rows from `start` go in `room` slots after `base` (caption and header); the last part also
    takes `tail` (the source line).  A split leaves at least `min_rows` rows on each side; 0 means none."""
    n = len(row_slots)
    used = base
    k = 0
    while start + k < n and used + row_slots[start + k] <= room:
        used += row_slots[start + k]
        k += 1
    if start + k == n and used + tail > room:
        k -= 1  # the source line must stay with the last row
    if start + k == n:
        return k
    k = min(k, n - start - min_rows)  # leave enough rows for the next part
    return k if k >= min_rows else 0


def _plain(runs: Cell) -> str:
    return "".join(r.text for r in runs if isinstance(r, Text))


def _numeric_columns(table: Table) -> list[bool]:
    out = []
    for c in range(len(table.header)):
        texts = [_plain(row[c]) for row in table.rows if c < len(row)]
        filled = [t for t in texts if not NONE_RE.match(t)]
        out.append(bool(filled) and all(NUMERIC_RE.match(t) for t in filled))
    return out


class TableSetter:
    def __init__(self, setter: TypeSetter, source: Path) -> None:
        self.setter = setter
        self.spec = setter.spec
        self.source = source

    def style(self, role: str, size: float) -> InlineStyle:
        f = self.spec.fonts
        reg = self.spec.font(role)
        italic = {f.text: f.text_italic, f.sans: f.sans_italic, f.small: f.small_italic}.get(reg, reg)
        bold = {f.text: f.text_bold, f.sans: f.sans_bold, f.sans_bold: f.sans_bold}.get(reg, f.sans_bold)
        bold_italic = {f.sans: f.sans_bold_italic, f.sans_bold: f.sans_bold_italic}.get(reg, f.text_bold_italic)
        link = "link" if self.spec.output.links else "text"
        n = self.spec.notes
        return InlineStyle(reg, italic, bold, bold_italic, size, link_color=link, ref_scale=n.ref_scale,
                           ref_rise=n.ref_rise)

    def _styles(self, size: float, numeric: list[bool]) -> tuple[InlineStyle, list[InlineStyle]]:
        t = self.spec.table
        head = self.style(t.header_font, size)
        body = [self.style(t.number_font if num else t.font, size) for num in numeric]
        return head, body

    def _extent(self, runs: Cell, style: InlineStyle) -> tuple[float, float]:
        """(min, max) content width of a cell: its longest word, its widest unbroken line."""
        if not runs:
            return 0.0, 0.0
        fonts = self.setter.fonts
        words = [w for r in runs if isinstance(r, Text) for w in r.text.split()]
        low = max((fonts.width(w, style.regular, style.size) for w in words), default=0.0)
        low += sum(fonts.width(str(r.number), style.regular, style.size * style.ref_scale)
                   for r in runs if isinstance(r, NoteRef))
        result = self.setter.set(runs, style, Shape(100000.0), self.spec.text.leading, justify=False, hyphenate=False)
        high = max((ln.natural for ln in result.lines), default=0.0) if result else low
        return low * WIDTH_SLACK, max(low, high) * WIDTH_SLACK

    def build(self, table: Table, node: str, column_width: float, text_width: float) -> TableItem:
        t = self.spec.table
        ncols = len(table.header)
        numeric = _numeric_columns(table)
        aligns = tuple(a or ("right" if num else "left") for a, num in zip(table.align, numeric))
        want_span = table.wide or ncols > t.column_max_columns
        tries = [(column_width, False, t.size)] if not want_span else []
        tries += [(text_width, True, t.size)]
        if t.min_size < t.size:
            tries.append((text_width, True, t.min_size))
        need = 0.0
        for avail, span, size in tries:
            head, body = self._styles(size, numeric)
            pad = 2 * t.padding
            mins = [pad] * ncols
            maxs = [pad] * ncols
            for c in range(ncols):
                for runs, style in [(table.header[c], head)] + [(row[c], body[c]) for row in table.rows
                                                                 if c < len(row)]:
                    lo, hi = self._extent(runs, style)
                    mins[c] = max(mins[c], lo + pad)
                    maxs[c] = max(maxs[c], hi + pad)
            widths = column_widths(mins, maxs, avail, t.full_width)
            need = sum(mins)
            if widths is not None:
                item = self._set(table, node, span, tuple(widths), aligns, size, head, body)
                self._check_rows(item)
                return item
        raise ManuscriptError(
            f"{table.label} is too wide for the page: its {ncols} columns need {need:.0f} pt at {t.min_size:g} pt "
            f"type, and the full measure is {text_width:.0f} pt", path=self.source, line=table.line,
            hint="split it into two tables, drop or merge columns, or shorten the longest words")

    def _check_rows(self, item: TableItem) -> None:
        """A row that cannot fit a column under its header, even on an empty page, is the writer's to fix."""
        p = self.spec.page
        slots = int((p.height - p.margin_top - p.margin_bottom) / item.lead)
        room = slots - item.caption_slots(True) - item.header_slots
        for r in range(len(item.rows)):
            if item.row_slots(r) > room:
                raise ManuscriptError(
                    f"row {r + 1} of {item.table.label} is too tall for a page ({item.row_slots(r)} lines)",
                    path=self.source, line=item.table.line + 2 + r,
                    hint="shorten the cell's text, or move it into a note or the text around the table")

    def _cell(self, runs: Cell, style: InlineStyle, width: float, align: str, hyphenate: bool,
              line: int) -> tuple[Line, ...]:
        if not runs:
            return ()
        pad = self.spec.table.padding
        result = self.setter.set(runs, style, Shape(max(1.0, width - 2 * pad)), self.spec.text.leading,
                                 justify=False, hyphenate=hyphenate, where=(self.source, line))
        assert result is not None
        out = []
        for ln in result.lines:
            room = ln.measure - ln.natural
            if align == "right":  # a note number after a figure hangs into the padding: the digits line up
                k = len(ln.runs)
                while k and (ln.runs[k - 1].link or "").startswith("#note-"):
                    k -= 1
                room += sum(r.width for r in ln.runs[k:]) if k else 0.0
            shift = room if align == "right" else room / 2 if align == "center" else 0.0
            out.append(replace(ln, offset=ln.offset + pad + max(0.0, shift)))
        return tuple(out)

    def _set(self, table: Table, node: str, span: bool, cols: tuple[float, ...], aligns: tuple[str, ...],
             size: float, head: InlineStyle, body: list[InlineStyle]) -> TableItem:
        spec = self.spec
        f = spec.figure
        t = spec.table
        header = tuple(self._cell(table.header[c], head, cols[c], aligns[c], True, table.line)
                       for c in range(len(cols)))
        rows = tuple(tuple(self._cell(row[c], body[c], cols[c], aligns[c], aligns[c] == "left", table.line + 2 + r)
                           if c < len(row) else () for c in range(len(cols))) for r, row in enumerate(table.rows))
        width = sum(cols)
        cap_style = InlineStyle(spec.font(f.caption_font), spec.font(f.caption_font), spec.font(f.label_font),
                                spec.font(f.label_font), f.caption_size, color="text",
                                link_color="link" if spec.output.links else "text")

        def caption(runs: tuple[Inline, ...]) -> tuple[Line, ...]:
            result = self.setter.set(runs, cap_style, Shape(width), f.caption_leading, justify=False)
            assert result is not None
            return result.lines

        label: tuple[Inline, ...] = (Text(f"{table.label}: " if table.caption else table.label, bold=True),)
        cap = caption(label + table.caption)
        cont = caption((Text(f"{table.label} {t.continued}", bold=True),))
        src_style = replace(self.style(t.font, t.source_size), color="text")
        source: tuple[Line, ...] = ()
        if table.source:
            result = self.setter.set(table.source, src_style, Shape(width), f.caption_leading, justify=False)
            assert result is not None
            source = result.lines
        return TableItem(table, node, span, cols, cap, cont, header, rows, aligns, source, spec.text.leading,
                         f.caption_leading, size, t.padding, t.space, t.heavy_rule, t.light_rule, t.rule_color)


# -- placement ------------------------------------------------------------------

@dataclass(frozen=True)
class Grid:
    """Where a table part is placed: left edge, and the baseline of grid slot k."""

    x: float
    top_baseline: float  # baseline of slot 0
    lead: float

    def baseline(self, slot: int) -> float:
        return self.top_baseline - slot * self.lead


def place_part(item: TableItem, grid: Grid, slot: int, start: int, end: int) -> list[Placed]:
    """Caption, header, rows start..end and (for the last part) the source line, in reading order,
    with the booktabs rules.  Repeated captions and headers carry no node: artifacts."""
    size, lead, color = item.size, item.lead, item.color
    out: list[Placed] = []
    continued = start > 0
    cap = item.continued if continued else item.caption
    cs = item.caption_slots(continued)
    if cap:
        last = grid.baseline(slot + cs - 1)
        node = "" if continued else part_id(item.node, "cap")
        for k, line in enumerate(cap):
            out.append(PlacedLine(grid.x, last + (len(cap) - 1 - k) * item.cap_lead, line, "caption", node=node))
    s = slot + cs
    cap_descent = (item.caption[0].size if item.caption else size) * 0.25
    top_y = grid.baseline(s) + size * 0.72 + (lead - size * 0.72 - cap_descent) / 2
    below = (size * 0.25 + lead - size * 0.72) / 2  # midway between a row's descenders and the next row's caps
    x2 = grid.x + item.width
    heavy, light = item.heavy, item.light
    out.append(PlacedRule(grid.x, top_y, x2, top_y, heavy, color))
    xs = _col_x(item, grid.x)
    for c, lines in enumerate(item.header):
        node = "" if continued else head_id(item.node, 0, c)
        if continued:  # an artifact owns no link: the header's links work where it first stands
            lines = tuple(replace(ln, runs=tuple(replace(r, link=None) for r in ln.runs), notes=()) for ln in lines)
        out.extend(PlacedLine(xs[c], grid.baseline(s + k), ln, "table", node=node) for k, ln in enumerate(lines))
    s += item.header_slots
    y = grid.baseline(s - 1) - below
    out.append(PlacedRule(grid.x, y, x2, y, light, color))
    for r in range(start, end):
        for c, lines in enumerate(item.rows[r]):
            node = body_id(item.node, r, c)
            out.extend(PlacedLine(xs[c], grid.baseline(s + k), ln, "table", node=node) for k, ln in enumerate(lines))
        s += item.row_slots(r)
    y = grid.baseline(s - 1) - below
    out.append(PlacedRule(grid.x, y, x2, y, heavy, color))
    if end == len(item.rows) and item.source:
        ss = item.source_slots()
        last = grid.baseline(s + ss - 1)
        for k, line in enumerate(item.source):
            out.append(PlacedLine(grid.x, last + (len(item.source) - 1 - k) * item.cap_lead, line, "caption",
                                  node=part_id(item.node, "src")))
    return out


def _col_x(item: TableItem, x: float) -> list[float]:
    out = []
    for w in item.cols:
        out.append(x)
        x += w
    return out
