"""Document blocks -> flow items on the baseline grid.

Paragraphs are line-broken once, at column width, here (as Typst's `collect`
does); headings, quotes and figures become items whose height is a whole
number of grid lines, so that every column's lines sit on the same baselines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import Warnings
from ..model.nodes import Brief, Figure, Footnote, Heading, Inline, ListBlock, Paragraph, Quote, Table, Text
from ..model.structure import block_id, note_id, part_id
from .items import Frag, InlineStyle
from .lines import Line, Run
from .table import TableItem, TableSetter
from .typeset import Shape, SetParagraph, TypeSetter


# how far a section head at a column top may rise above the column's first baseline, in grid lines, so that
# it keeps the distance to its text it has in mid-column (its caps then stand about 3 pt above the text's)
TOP_RISE = 0.3


@dataclass
class ParaItem:
    """A paragraph's lines; `alternative(k)` re-sets it k lines longer (k>0) or shorter, or returns None."""

    lines: tuple[Line, ...]
    keep_first: int  # fewest lines left at a column foot (orphans, or the drop cap's lines)
    keep_last: int  # fewest lines carried to a column top (widows)
    source_line: int
    runs: tuple[Inline, ...] = ()
    style: InlineStyle | None = None
    shape: Shape | None = None
    alternatives: dict[int, tuple[Line, ...] | None] = field(default_factory=dict)
    kind: str = "body"
    node: str = ""  # model node id (model.structure)
    nested: dict[int, tuple[int, ...]] = field(default_factory=dict)  # note -> the notes first cited in it
    label: str = ""  # a list item's label ("1.", a bullet), hung before its first line


@dataclass
class SpaceItem:
    slots: int


@dataclass
class HeadingItem:
    heading: Heading
    lines: tuple[Line, ...]
    leading: float
    slots: int  # grid lines taken in mid-column (with the space above)
    slots_at_top: int  # grid lines taken at a column top (no space above)
    keep: int  # lines of the following paragraph kept with it
    space_after: float
    node: str = ""


@dataclass
class FigureItem:
    figure: Figure
    width: float  # drawn size of the image or chart, pt
    height: float
    caption: tuple[Line, ...]
    caption_leading: float
    slots: int  # grid lines, caption included, spaces excluded
    space: int  # blank grid lines above and below (dropped at a column top or foot)
    span: bool  # wider than a column: set across all columns at a page top
    ppi: float | None = None
    node: str = ""


FlowItem = ParaItem | SpaceItem | HeadingItem | FigureItem | TableItem


@dataclass(frozen=True)
class NoteBlock:
    number: int
    lines: tuple[Line, ...]
    nodes: tuple[str, ...] = ()  # the node of each line: the note's paragraph it belongs to

    def node_of(self, line: Line) -> str:
        for ln, node in zip(self.lines, self.nodes):
            if ln is line:
                return node
        return note_id(self.number)


@dataclass
class FlowContent:
    items: list[FlowItem]
    notes: dict[int, NoteBlock]
    column_width: float
    text_width: float


def build_flow(brief: Brief, setter: TypeSetter, column_width: float, text_width: float,
               warnings: Warnings) -> FlowContent:
    spec = setter.spec
    lead = spec.text.leading
    body_style = setter.inline_style("body")
    quote_style = setter.inline_style("quote")
    items: list[FlowItem] = []
    prev_was_para = False
    # the note text's indent holds the widest number ("206."), so no number hangs past the column edge into
    # the gutter (issue 10); notes.number_width is the least indent
    note_style = setter.inline_style("note")
    widest = max((setter.fonts.width(f"{n}.", note_style.ref_font or note_style.regular, spec.notes.size)
                  for n in brief.notes), default=0.0)
    indent = max(spec.notes.number_width, widest + spec.notes.size * 0.4)
    notes = {n: set_note(setter, note, column_width, brief.source, indent) for n, note in brief.notes.items()}
    nested = {n: tuple(k for ln in block.lines for k in ln.notes) for n, block in notes.items()}
    nested = {n: ks for n, ks in nested.items() if ks}
    for index, block in enumerate(brief.blocks):
        node = block_id(index)
        if isinstance(block, Paragraph):
            if not _has_text(block.inlines):
                continue
            dropcap = block.dropcap and spec.dropcap.lines > 0
            indent = spec.text.indent if (prev_was_para and not dropcap) else 0.0
            if spec.text.paragraph_space and prev_was_para:
                _space(items, spec.text.paragraph_space)
            shape = Shape(column_width, first_indent=indent, dropcap_lines=spec.dropcap.lines if dropcap else 0)
            items.append(_para(setter, block.inlines, body_style, shape, lead, brief.source, block.line, "body",
                               node))
            prev_was_para = True
        elif isinstance(block, Heading):
            items.append(_heading(setter, block, column_width, node))
            prev_was_para = False
        elif isinstance(block, Quote):
            q = spec.quote
            if not (items and isinstance(items[-1], HeadingItem)):  # a head's space_after stands for it (issue 10)
                _space(items, q.space)
            for k, para in enumerate(block.paragraphs):
                shape = Shape(column_width, first_indent=spec.text.indent if k else 0.0,
                              left=q.indent_left, right=q.indent_right)
                items.append(_para(setter, para.inlines, quote_style, shape, lead, brief.source, para.line, "quote",
                                   part_id(node, k)))
            _space(items, q.space)
            prev_was_para = False
        elif isinstance(block, ListBlock):
            if not (items and isinstance(items[-1], HeadingItem)):  # a head's space_after stands for it (issue 10)
                _space(items, spec.lists.space)
            items.extend(_list(setter, block, node, body_style, column_width, brief.source, 0))
            _space(items, spec.lists.space)
            prev_was_para = False
        elif isinstance(block, Figure):
            items.append(_figure(setter, block, column_width, text_width, warnings, brief.source, node))
            # a figure floats (to a column or page top), so the paragraph after it in the source usually lands
            # after a paragraph: it keeps its indent, as after a float in LaTeX (issue 10: it lost it)
        elif isinstance(block, Table):
            items.append(TableSetter(setter, brief.source).build(block, node, column_width, text_width))
            prev_was_para = False
    if nested:
        for item in items:
            if isinstance(item, ParaItem):
                item.nested = nested
                item.lines = _with_nested(item.lines, nested)
    return FlowContent(items, notes, column_width, text_width)


def _list(setter: TypeSetter, block: ListBlock, node: str, style: InlineStyle, column_width: float,
          source: Path, level: int) -> list[FlowItem]:
    """A list's items, each paragraph hung on the list indent; a nested list (one level) further in."""
    spec = setter.spec
    lists = spec.lists
    out: list[FlowItem] = []
    for number, parts in enumerate(block.items, block.start):
        label = f"{number}." if block.ordered else (lists.nested_bullet if level else lists.bullet)
        for k, part in enumerate(parts):
            ident = part_id(node, number - block.start, k)
            if isinstance(part, ListBlock):
                out.extend(_list(setter, part, ident, style, column_width, source, level + 1))
                continue
            shape = Shape(column_width, left=lists.nested_indent * level, hang=lists.indent)
            item = _para(setter, part.inlines, style, shape, spec.text.leading, source, part.line, "list", ident)
            if k == 0 and item.lines:
                item.label = label
                item.lines = _with_label(item.lines, label, style, setter, lists.indent)
            out.append(item)
    return out


def _space(items: list[FlowItem], slots: int) -> None:
    """Blank grid lines between blocks; where two blocks' spaces meet (a quote after a quote, a list after
    a quote) they collapse to the larger, as CSS margins do, instead of adding up."""
    if items and isinstance(items[-1], SpaceItem):
        items[-1] = SpaceItem(max(items[-1].slots, slots))
    else:
        items.append(SpaceItem(slots))


def _has_text(runs: tuple[Inline, ...]) -> bool:
    return any(not isinstance(r, Text) or r.text.strip() for r in runs)


def _para(setter: TypeSetter, runs: tuple[Inline, ...], style: InlineStyle, shape: Shape, leading: float,
          source: Path, line: int, kind: str, node: str) -> ParaItem:
    result = setter.set(runs, style, shape, leading, where=(source, line))
    assert result is not None
    b = setter.spec.breaking
    keep_first = max(b.orphans, result.min_lines)
    lines = _pad(result, leading)
    return ParaItem(lines, keep_first, b.widows, line, runs, style, shape, kind=kind, node=node)


def _with_nested(lines: tuple[Line, ...], nested: dict[int, tuple[int, ...]]) -> tuple[Line, ...]:
    """A note cited inside another note is set with it: the line citing the outer note carries both."""
    if not nested:
        return lines

    def expand(n: int, seen: tuple[int, ...]) -> list[int]:
        out = [n]
        for k in nested.get(n, ()):
            if k not in seen:
                out.extend(expand(k, seen + (k,)))
        return out

    return tuple(replace(ln, notes=tuple(k for n in ln.notes for k in expand(n, (n,))))
                 if any(n in nested for n in ln.notes) else ln for ln in lines)


def _pad(result: SetParagraph, leading: float) -> tuple[Line, ...]:
    """A drop cap needs its lines even when the paragraph is shorter: add empty lines under it."""
    lines = result.lines
    if len(lines) >= result.min_lines:
        return lines
    template = lines[-1]
    blank = Line((), template.offset, template.measure, 0.0, 0.0, False, False, (), template.size)
    return lines + (blank,) * (result.min_lines - len(lines))


def realternative(setter: TypeSetter, item: ParaItem, looseness: int) -> tuple[Line, ...] | None:
    """The paragraph set `looseness` lines longer or shorter, within tolerance, or None (cached)."""
    if looseness in item.alternatives:
        return item.alternatives[looseness]
    lines: tuple[Line, ...] | None = None
    if item.style is not None and item.shape is not None:
        result = setter.set(item.runs, item.style, item.shape, setter.spec.text.leading, looseness=looseness)
        if result is not None and len(result.lines) == len(item.lines) + looseness:
            lines = _with_nested(_pad(result, setter.spec.text.leading), item.nested)
            if item.label:
                lines = _with_label(lines, item.label, item.style, setter, item.shape.hang)
    item.alternatives[looseness] = lines
    return lines


def _with_label(lines: tuple[Line, ...], label: str, style: InlineStyle, setter: TypeSetter,
                hang: float) -> tuple[Line, ...]:
    first = lines[0]
    width = setter.fonts.width(label, style.regular, style.size)
    run = Run(-hang, Frag(label, style.regular, style.size, 0.0, style.color), width, mark="Lbl")
    return (replace(first, runs=(run,) + first.runs),) + lines[1:]


def _heading(setter: TypeSetter, block: Heading, column_width: float, node: str) -> HeadingItem:
    spec = setter.spec
    h = spec.heading
    sub = block.level > 2
    font = spec.font(h.sub_font if sub else h.font)
    size = h.sub_size if sub else h.size
    style = InlineStyle(font, font, font, font, size, color=h.color)
    text = block.text.upper() if (h.uppercase and not sub) else block.text
    result = setter.set((Text(text),), style, Shape(column_width), h.leading, justify=False)
    assert result is not None
    lines = result.lines
    lead = spec.text.leading
    body = (len(lines) - 1) * h.leading + h.space_after + lead
    # at a column top the head keeps its mid-column distance to its text (issue 10: it sat a whole grid line
    # higher), so it may rise a little above the column's first baseline, at most TOP_RISE of a line
    slots_at_top = max(1, math.ceil((body - TOP_RISE * lead - 0.01) / lead))
    slots = math.ceil((h.space_before + size * 0.75 + body - lead - 0.01) / lead)
    keep = spec.heading.keep_lines
    return HeadingItem(block, lines, h.leading, max(slots, slots_at_top), slots_at_top, keep, h.space_after, node)


def _figure(setter: TypeSetter, fig: Figure, column_width: float, text_width: float, warnings: Warnings,
            source: Path, node: str) -> FigureItem:
    spec = setter.spec
    f = spec.figure
    span = False
    ppi = None
    if fig.chart is not None:
        width = text_width if fig.wide else column_width
        height = column_width * f.chart_aspect
    else:
        assert fig.image is not None
        img = fig.image
        if img.dpi:
            natural_w = img.width_px / img.dpi[0] * 72
            natural_h = img.height_px / img.dpi[1] * 72
        else:
            natural_w = column_width
            natural_h = column_width * img.height_px / img.width_px
        if natural_w > column_width * 1.05 or fig.wide:
            span = True
            scale = min(1.0, text_width / natural_w)
        else:
            scale = 1.0
        width, height = natural_w * scale, natural_h * scale
        ppi = img.width_px / (width / 72)
        if round(ppi) < spec.output.image_min_ppi:  # PNG stores dots per metre: 300 dpi reads 299.99
            warnings.warn(f"{fig.label} ('{fig.path.name}') is {ppi:.0f} ppi at its printed size; "
                          f"print needs {spec.output.image_min_ppi:.0f}", path=source, line=fig.line,
                          hint="supply a larger image, or give it a smaller print size (set its DPI)")
    if spec.output.tagged and fig.image is not None and not fig.alt:
        warnings.warn(f"{fig.label} ('{fig.path.name}') has no description for screen readers; its caption "
                      "stands in", path=source, line=fig.line,
                      hint='describe the image after it: ![…](figures/x.png){alt="what the image shows"}')
    span = span or fig.wide
    cap_width = text_width if span else column_width
    cap_style = InlineStyle(spec.font(f.caption_font), spec.font(f.caption_font), spec.font(f.label_font),
                            spec.font(f.label_font), f.caption_size, color="text")
    runs: tuple[Inline, ...] = (Text(f"{fig.label}: ", bold=True), Text(fig.caption))
    cap = setter.set(runs, cap_style, Shape(cap_width), f.caption_leading, justify=False)
    assert cap is not None
    lead = spec.text.leading
    max_h = (spec.page.height - spec.page.margin_top - spec.page.margin_bottom) * f.max_height
    if height > max_h:
        width, height = width * max_h / height, max_h
    total = height + f.caption_gap + len(cap.lines) * f.caption_leading
    slots = math.ceil((total - 0.01) / lead)
    return FigureItem(fig, width, height, cap.lines, f.caption_leading, slots, f.space, span, ppi, node)


def set_note(setter: TypeSetter, note: Footnote, column_width: float, source: Path,
             indent: float | None = None) -> NoteBlock:
    spec = setter.spec
    n = spec.notes
    hang = n.number_width if indent is None else indent
    style = setter.inline_style("note")
    lines: list[Line] = []
    nodes: list[str] = []
    for k, para in enumerate(note.paragraphs):
        shape = Shape(column_width, left=hang, first_indent=0.0)
        result = setter.set(para.inlines, style, shape, n.leading, where=(source, para.line))
        assert result is not None
        lines.extend(result.lines)
        nodes.extend([part_id(note_id(note.number), k)] * len(result.lines))
    if not lines:
        lines.append(Line((), hang, column_width - hang, 0.0, 0.0, False, False, (), n.size))
        nodes.append(note_id(note.number))
    label = f"{note.number}."
    label_font = style.ref_font or style.regular  # notes.number_font: lining figures (issue 10)
    width = setter.fonts.width(label, label_font, n.size)
    # the number hangs in the indent, right-aligned against the note text
    number = Run(-(width + n.size * 0.4), Frag(label, label_font, n.size, 0.0, "text"), width,
                 link=f"#ref-{note.number}", mark="Lbl")  # the way back to the text, in web layouts
    lines[0] = replace(lines[0], runs=(number,) + lines[0].runs)
    return NoteBlock(note.number, tuple(lines), tuple(nodes))
