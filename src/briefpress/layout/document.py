"""Brief + layout -> pages: cover, body pages, blank page if needed, back cover.

Reads top to bottom: set the flow at column width, place the cover's top,
fill the cover's columns, then body pages until the flow is done (the last
one balanced), make the page count even, add the colophon.
"""

from __future__ import annotations

import time

from ..errors import ManuscriptError, Warnings
from ..fonts import FontBook
from ..model.nodes import Brief
from ..style.spec import LayoutSpec
from .backcover import compose_back
from .blocks import FigureItem, build_flow
from .cover import check_room, compose_cover
from .flow import ColumnFill, ColumnFiller, FlowState
from .geometry import Geometry
from .page import (Anchor, Frame, LaidOutDocument, OutlineEntry, Page, Placed, PlacedFigure, PlacedLine, PlacedRule,
                   PlacedText)
from .typeset import TypeSetter

MAX_PAGES = 500  # a brief this long is a runaway layout, not a brief


def layout_document(brief: Brief, spec: LayoutSpec, fonts: FontBook, warnings: Warnings) -> LaidOutDocument:
    t0 = time.perf_counter()
    setter = TypeSetter(spec, fonts, brief.meta.lang, warnings)
    geo = Geometry(spec)
    content = build_flow(brief, setter, geo.column_width, geo.text_width, warnings)
    t1 = time.perf_counter()
    filler = ColumnFiller(content, spec, setter)
    composer = _Composer(brief, spec, geo, filler, setter)
    cover = compose_cover(brief, setter, geo)
    state = FlowState()
    state = composer.body_page(1, "cover", cover.columns_top, state, list(cover.items), list(cover.frames))
    while not filler.done(state):
        if len(composer.pages) >= MAX_PAGES:  # the flow always progresses: this is a long brief, not a loop
            raise ManuscriptError(f"the brief runs to more than {MAX_PAGES} pages, more than briefpress sets",
                                  path=brief.source, line=_source_line(filler, state),
                                  hint=f"split it into several briefs; page {MAX_PAGES} ends near this line")
        state = composer.body_page(len(composer.pages) + 1, "body", geo.top, state, [], [])
    if len(composer.pages) % 2 == 0:
        composer.pages.append(Page(len(composer.pages) + 1, "blank", ()))
    back_no = len(composer.pages) + 1
    composer.pages.append(Page(back_no, "back", tuple(compose_back(brief, setter, geo, back_no, warnings))))
    doc = LaidOutDocument(brief, spec, composer.pages, composer.outline)
    doc.timings = {"set lines": t1 - t0, "compose pages": time.perf_counter() - t1}
    return doc


def _source_line(filler: ColumnFiller, state: FlowState) -> int | None:
    """The manuscript line of the flow item the layout has reached, for the page-limit message."""
    for item in filler.content.items[state.item:]:
        line = getattr(item, "source_line", None) or getattr(getattr(item, "heading", None), "line", None)
        if line:
            return int(line)
    return None


class _Composer:
    def __init__(self, brief: Brief, spec: LayoutSpec, geo: Geometry, filler: ColumnFiller,
                 setter: TypeSetter) -> None:
        self.brief = brief
        self.spec = spec
        self.geo = geo
        self.filler = filler
        self.setter = setter
        self.pages: list[Page] = []
        self.outline: list[OutlineEntry] = []

    def body_page(self, number: int, kind: str, top: float, state: FlowState, items: list[Placed],
                  frames: list[Frame]) -> FlowState:
        geo = self.geo
        anchors: list[Anchor] = []
        state = state.copy()
        if kind != "cover":
            top = self._page_floats(number, top, state, items)
        slots = geo.slots(top)
        count = self.spec.columns.count
        height = self._balanced_height(state, slots, count)
        for column in range(count):
            x = geo.column_x(number, column)
            fill, state = self.filler.fill(state, height)
            self._place_column(number, x, top, height, fill, items, anchors)
            frames.append(Frame(x, geo.baseline(top, height - 1) - self.spec.text.size * 0.3, geo.column_width,
                                top - geo.baseline(top, height - 1) + self.spec.text.size * 0.3, "column"))
        if kind != "cover":
            items.extend(self._footer(number))
        self.pages.append(Page(number, kind, tuple(items), tuple(anchors), tuple(frames)))
        return state

    def _balanced_height(self, state: FlowState, slots: int, count: int) -> int:
        """Full height, or on the last page the least height that still holds the rest (bisection)."""
        if not self.spec.columns.balance_last_page or count < 2:
            return slots

        def fits(h: int) -> bool:
            trial = state.copy()
            for _ in range(count):
                _fill, trial = self.filler.fill(trial, h, loosen=False, trial=True)
            return self.filler.done(trial) and not trial.page_floats

        if not fits(slots):
            return slots
        lo, hi = 1, slots
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _page_floats(self, number: int, top: float, state: FlowState, items: list[Placed]) -> float:
        """Figures wider than a column go across the columns at the top of the page."""
        spec = self.spec
        left = self.geo.left(number)
        while state.page_floats:
            fig = state.page_floats[0]
            need = fig.height + spec.figure.caption_gap + len(fig.caption) * fig.caption_leading
            if top - need - spec.text.leading * 3 < self.geo.bottom and top < self.geo.top:
                break
            state.page_floats.pop(0)
            x = left + (self.geo.text_width - fig.width) / 2
            top = self._figure(x, top, fig, items, self.geo.text_width)
            top -= spec.text.leading * (fig.space + 0.3)
        return top

    def _figure(self, x: float, top: float, fig: FigureItem, items: list[Placed], box_width: float) -> float:
        """Place a figure and its caption below `top`; return the y under the caption."""
        spec = self.spec
        if spec.figure.frame:
            items.append(PlacedRule(x - (box_width - fig.width) / 2, top + 3, x - (box_width - fig.width) / 2
                                    + box_width, top + 3, 0.6, "accent"))
        y = top - fig.height - 2
        items.append(PlacedFigure(x, y, fig.width, fig.height, fig.figure, fig.ppi))
        y -= spec.figure.caption_gap + spec.figure.caption_size * 0.75
        cap_x = x - (box_width - fig.width) / 2
        for line in fig.caption:
            items.append(PlacedLine(cap_x, y, line, "caption"))
            y -= fig.caption_leading
        return y + fig.caption_leading - spec.figure.caption_size * 0.3

    def _place_column(self, number: int, x: float, top: float, height: int, fill: ColumnFill,
                      items: list[Placed], anchors: list[Anchor]) -> None:
        geo = self.geo
        spec = self.spec
        lead = spec.text.leading
        for slot, line, ref in fill.lines:
            y = geo.baseline(top, slot)
            items.append(PlacedLine(x, y, line, "body", ref))
            for n in line.notes:
                anchors.append(Anchor(f"ref-{n}", x + line.offset, y + line.size))
        for slot, heading in fill.headings:
            hs = heading.slots if slot else heading.slots_at_top
            n_lines = len(heading.lines)
            if slot == 0:
                first = geo.baseline(top, 0)
            else:
                last = geo.baseline(top, slot + hs) + lead + heading.space_after
                first = last + (n_lines - 1) * heading.leading
            for k, line in enumerate(heading.lines):
                items.append(PlacedLine(x, first - k * heading.leading, line, "heading"))
            name = f"section-{heading.heading.number}"
            anchors.append(Anchor(name, x, first + spec.heading.size))
            self.outline.append(OutlineEntry(heading.heading.text, name, number, 0 if heading.heading.level <= 2 else 1))
        for slot, fig in fill.figures:
            fig_x = x + (geo.column_width - fig.width) / 2
            self._figure(fig_x, geo.slot_top(top, slot), fig, items, geo.column_width)
        if fill.notes:
            self._place_notes(x, geo.baseline(top, height - 1), fill, items, anchors)

    def _place_notes(self, x: float, bottom: float, fill: ColumnFill, items: list[Placed],
                     anchors: list[Anchor]) -> None:
        n = self.spec.notes
        positions: list[float] = []
        y = bottom
        for k in range(len(fill.notes) - 1, -1, -1):
            positions.append(y)
            y += n.leading
            if fill.notes[k][2] and k > 0:
                y += n.note_space
        positions.reverse()
        for (number, line, first), yy in zip(fill.notes, positions):
            items.append(PlacedLine(x, yy, line, "note"))
            if first:
                anchors.append(Anchor(f"note-{number}", x, yy + n.size))
        rule_y = positions[0] + n.size * 0.8 + n.separator_space
        items.append(PlacedRule(x, rule_y, x + n.separator_length, rule_y, n.separator_width, "rule"))

    def _footer(self, number: int) -> list[Placed]:
        spec = self.spec
        ft = spec.footer
        meta = self.brief.meta
        left = self.geo.left(number)
        right = left + self.geo.text_width
        y = ft.baseline
        text = ft.text.format(publisher=meta.publisher, series=meta.series, date=meta.date, title=meta.title)
        font = spec.font(ft.font)
        if number == 2:  # said once: the running footer is the same on every page
            longest = max(("title", "publisher", "series", "date"), key=lambda k: len(getattr(meta, k)))
            check_room(self.setter, self.brief.source, longest, [(text, font, ft.size), (str(number), font, ft.size)],
                       self.geo.text_width)
        out: list[Placed] = []
        if ft.rule:
            out.append(PlacedRule(left, y + ft.size * 1.5, right, y + ft.size * 1.5, 0.4, "rule"))
        folio = str(number)
        if number % 2 == 0:  # left-hand page: folio outside left, running text right
            out.append(PlacedText(left, y, folio, spec.fonts.sans_bold, ft.size, "accent", role="folio"))
            out.append(PlacedText(right, y, text, font, ft.size, "muted", "right", role="footer"))
        else:
            out.append(PlacedText(left, y, text, font, ft.size, "muted", role="footer"))
            out.append(PlacedText(right, y, folio, spec.fonts.sans_bold, ft.size, "accent", "right", role="folio"))
        return out

