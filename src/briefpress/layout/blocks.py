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
from ..model.nodes import Brief, Figure, Footnote, Heading, Inline, ListBlock, Paragraph, Quote, Text
from .items import Frag, InlineStyle
from .lines import Line, Run
from .typeset import Shape, SetParagraph, TypeSetter


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
    nested: dict[int, tuple[int, ...]] = field(default_factory=dict)  # note -> the notes first cited in it


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


FlowItem = ParaItem | SpaceItem | HeadingItem | FigureItem


@dataclass(frozen=True)
class NoteBlock:
    number: int
    lines: tuple[Line, ...]


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
    notes = {n: set_note(setter, note, column_width, brief.source) for n, note in brief.notes.items()}
    nested = {n: tuple(k for ln in block.lines for k in ln.notes) for n, block in notes.items()}
    nested = {n: ks for n, ks in nested.items() if ks}
    for block in brief.blocks:
        if isinstance(block, Paragraph):
            if not _has_text(block.inlines):
                continue
            dropcap = block.dropcap and spec.dropcap.lines > 0
            indent = spec.text.indent if (prev_was_para and not dropcap) else 0.0
            if spec.text.paragraph_space and prev_was_para:
                items.append(SpaceItem(spec.text.paragraph_space))
            shape = Shape(column_width, first_indent=indent, dropcap_lines=spec.dropcap.lines if dropcap else 0)
            items.append(_para(setter, block.inlines, body_style, shape, lead, brief.source, block.line, "body"))
            prev_was_para = True
        elif isinstance(block, Heading):
            items.append(_heading(setter, block, column_width))
            prev_was_para = False
        elif isinstance(block, Quote):
            q = spec.quote
            items.append(SpaceItem(q.space))
            for k, para in enumerate(block.paragraphs):
                shape = Shape(column_width, first_indent=spec.text.indent if k else 0.0,
                              left=q.indent_left, right=q.indent_right)
                items.append(_para(setter, para.inlines, quote_style, shape, lead, brief.source, para.line, "quote"))
            items.append(SpaceItem(q.space))
            prev_was_para = False
        elif isinstance(block, ListBlock):
            items.append(SpaceItem(spec.quote.space))
            for number, paras in enumerate(block.items, block.start):
                label = f"{number}." if block.ordered else spec.lists.bullet
                for k, para in enumerate(paras):
                    shape = Shape(column_width, hang=spec.lists.indent)
                    item = _para(setter, para.inlines, body_style, shape, lead, brief.source, para.line, "list")
                    if k == 0 and item.lines:
                        item.lines = _with_label(item.lines, label, body_style, setter, spec.lists.indent)
                    items.append(item)
            items.append(SpaceItem(spec.quote.space))
            prev_was_para = False
        elif isinstance(block, Figure):
            items.append(_figure(setter, block, column_width, text_width, warnings, brief.source))
            prev_was_para = False
    if nested:
        for item in items:
            if isinstance(item, ParaItem):
                item.nested = nested
                item.lines = _with_nested(item.lines, nested)
    return FlowContent(items, notes, column_width, text_width)


def _has_text(runs: tuple[Inline, ...]) -> bool:
    return any(not isinstance(r, Text) or r.text.strip() for r in runs)


def _para(setter: TypeSetter, runs: tuple[Inline, ...], style: InlineStyle, shape: Shape, leading: float,
          source: Path, line: int, kind: str) -> ParaItem:
    result = setter.set(runs, style, shape, leading, where=(source, line))
    assert result is not None
    b = setter.spec.breaking
    keep_first = max(b.orphans, result.min_lines)
    lines = _pad(result, leading)
    return ParaItem(lines, keep_first, b.widows, line, runs, style, shape, kind=kind)


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
    if item.style is not None and item.shape is not None and item.kind == "body":
        result = setter.set(item.runs, item.style, item.shape, setter.spec.text.leading, looseness=looseness)
        if result is not None and len(result.lines) == len(item.lines) + looseness:
            lines = _with_nested(_pad(result, setter.spec.text.leading), item.nested)
    item.alternatives[looseness] = lines
    return lines


def _with_label(lines: tuple[Line, ...], label: str, style: InlineStyle, setter: TypeSetter,
                hang: float) -> tuple[Line, ...]:
    first = lines[0]
    width = setter.fonts.width(label, style.regular, style.size)
    run = Run(-hang, Frag(label, style.regular, style.size, 0.0, style.color), width)
    return (replace(first, runs=(run,) + first.runs),) + lines[1:]


def _heading(setter: TypeSetter, block: Heading, column_width: float) -> HeadingItem:
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
    slots_at_top = math.ceil((body - 0.01) / lead)
    slots = math.ceil((h.space_before + size * 0.75 + body - lead - 0.01) / lead)
    keep = spec.heading.keep_lines
    return HeadingItem(block, lines, h.leading, max(slots, slots_at_top), slots_at_top, keep, h.space_after)


def _figure(setter: TypeSetter, fig: Figure, column_width: float, text_width: float, warnings: Warnings,
            source: Path) -> FigureItem:
    spec = setter.spec
    f = spec.figure
    span = False
    ppi = None
    if fig.chart is not None:
        width = column_width
        height = width * f.chart_aspect
    else:
        assert fig.image is not None
        img = fig.image
        if img.dpi:
            natural_w = img.width_px / img.dpi[0] * 72
            natural_h = img.height_px / img.dpi[1] * 72
        else:
            natural_w = column_width
            natural_h = column_width * img.height_px / img.width_px
        if natural_w > column_width * 1.05:
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
    return FigureItem(fig, width, height, cap.lines, f.caption_leading, slots, f.space, span, ppi)


def set_note(setter: TypeSetter, note: Footnote, column_width: float, source: Path) -> NoteBlock:
    spec = setter.spec
    n = spec.notes
    style = setter.inline_style("note")
    lines: list[Line] = []
    for para in note.paragraphs:
        shape = Shape(column_width, left=n.number_width, first_indent=0.0)
        result = setter.set(para.inlines, style, shape, n.leading, where=(source, para.line))
        assert result is not None
        lines.extend(result.lines)
    if not lines:
        lines.append(Line((), n.number_width, column_width - n.number_width, 0.0, 0.0, False, False, (), n.size))
    label = f"{note.number}."
    width = setter.fonts.width(label, style.regular, n.size)
    # the number hangs in the indent, right-aligned against the note text
    number = Run(-(width + n.size * 0.4), Frag(label, style.regular, n.size, 0.0, "text"), width,
                 link=f"#ref-{note.number}")  # the way back to the text, in web layouts
    lines[0] = replace(lines[0], runs=(number,) + lines[0].runs)
    return NoteBlock(note.number, tuple(lines))
