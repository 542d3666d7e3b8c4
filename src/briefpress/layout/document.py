"""Brief + layout -> pages: cover, body pages, blank page if needed, back cover.

Reads top to bottom: set the flow at column width, place the cover's top,
fill the cover's columns, then body pages until the flow is done (the last
one balanced), make the page count even, add the colophon.
"""

from __future__ import annotations

import math
import time

from ..errors import ManuscriptError, Warnings
from ..fonts import FontBook
from ..model.nodes import Brief
from ..style.spec import LayoutSpec
from .backcover import compose_back
from ..model.structure import part_id
from .blocks import FigureItem, HeadingItem, build_flow
from .cover import check_room, compose_cover
from .flow import ColumnFill, ColumnFiller, FlowState
from .geometry import Geometry
from .page import (Anchor, Frame, LaidOutDocument, OutlineEntry, Page, Placed, PlacedFigure, PlacedLine, PlacedRule,
                   PlacedText)
from .footfloats import foot_floats
from .tableflow import TablePart, place_in_column, place_wide
from .typeset import TypeSetter

MAX_PAGES = 500  # a brief this long is a runaway layout, not a brief


def layout_document(brief: Brief, spec: LayoutSpec, fonts: FontBook, warnings: Warnings) -> LaidOutDocument:
    t0 = time.perf_counter()
    setter = TypeSetter(spec, fonts, brief.meta.lang, warnings, brief.meta.hyphenation)
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
    if spec.page.even_pages and len(composer.pages) % 2 == 0:  # the press's even count; screens skip it
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
        foot = self.spec.table.wide_place == "foot"
        if kind != "cover" and not foot:
            top = self._page_floats(number, top, state, items, anchors)
            if top < geo.top:  # the text under spanning floats keeps the page's baseline grid
                lead = self.spec.text.leading
                top = geo.top - math.ceil((geo.top - top) / lead - 1e-6) * lead
        slots = geo.slots(top)
        if kind != "cover" and foot:
            slots = foot_floats(self, number, top, slots, state, items, anchors)
        count = self.spec.columns.count
        height = self._balanced_height(state, slots, count)
        for column in range(count):
            x = geo.column_x(number, column)
            # on a balanced last page the text stops at `height` while the notes keep the page foot
            # (issue 10: they sat mid-page, right under the shortened columns)
            self.filler.limit = height if height < slots else None
            fill, state = self.filler.fill(state, slots)
            self.filler.limit = None
            self._place_column(number, x, top, slots, fill, items, anchors)
            frames.append(Frame(x, geo.baseline(top, height - 1) - self.spec.text.size * 0.3, geo.column_width,
                                top - geo.baseline(top, height - 1) + self.spec.text.size * 0.3, "column",
                                unfilled=max(0, fill.capacity - fill.used),  # for stats (issue 10)
                                heading_moved=fill.heading_moved, note_moved=fill.note_moved))
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
            self.filler.limit = h if h < slots else None  # text to slot h, notes at the full foot
            try:
                for _ in range(count):
                    _fill, trial = self.filler.fill(trial, slots, loosen=False, trial=True)
            finally:
                self.filler.limit = None
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

    def _page_floats(self, number: int, top: float, state: FlowState, items: list[Placed],
                     anchors: list[Anchor]) -> float:
        """Figures and tables wider than a column go across the columns at the top of the page."""
        spec = self.spec
        left = self.geo.left(number)
        while state.page_floats:
            fig = state.page_floats[0]
            if isinstance(fig, TablePart):  # layout.tableflow: a long one leaves its rest for the next page
                done = place_wide(fig, left, top, self.geo.baseline(top, 0), self.geo.slots(top),
                                  top >= self.geo.top, state, self.filler, items, anchors)
                if done is None:
                    break
                top, rest = done
                if rest is not None:
                    state.page_floats[0] = rest
                    break
                state.page_floats.pop(0)
                continue
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
        items.append(PlacedFigure(x, y, fig.width, fig.height, fig.figure, fig.ppi, fig.node))
        y -= spec.figure.caption_gap + spec.figure.caption_size * 0.75
        cap_x = x - (box_width - fig.width) / 2
        for line in fig.caption:
            items.append(PlacedLine(cap_x, y, line, "caption", node=part_id(fig.node, "cap")))
            y -= fig.caption_leading
        return y + fig.caption_leading - spec.figure.caption_size * 0.3

    def _place_column(self, number: int, x: float, top: float, height: int, fill: ColumnFill,
                      items: list[Placed], anchors: list[Anchor]) -> None:
        """A column's content top to bottom, as it reads — headings, lines and figures by grid slot — then
        its notes: the order they are drawn in, so text extraction follows it too."""
        geo = self.geo
        placed: list[tuple[int, list[Placed]]] = []
        for slot, line, ref in fill.lines:
            y = geo.baseline(top, slot)
            node = self.filler.items[ref[0]].node  # type: ignore[union-attr]
            placed.append((slot, [PlacedLine(x, y, line, "body", ref, node)]))
            for n in line.notes:
                anchors.append(Anchor(f"ref-{n}", x + line.offset, y + line.size))
        for slot, heading in fill.headings:
            placed.append((slot, self._heading(number, x, top, slot, heading, anchors)))
        for slot, fig in fill.figures:
            fig_x = x + (geo.column_width - fig.width) / 2
            out: list[Placed] = []
            self._figure(fig_x, geo.slot_top(top, slot), fig, out, geo.column_width)
            placed.append((slot, out))
        for slot, table, start, end in fill.tables:
            placed.append((slot, place_in_column(table, x, geo.baseline(top, 0), slot, start, end, anchors)))
        placed.sort(key=lambda entry: entry[0])  # stable: a heading before the lines under it
        for _slot, group in placed:
            items.extend(group)
        if fill.notes:
            self._place_notes(x, geo.baseline(top, height - 1), fill, items, anchors)

    def _heading(self, number: int, x: float, top: float, slot: int, heading: HeadingItem,
                 anchors: list[Anchor]) -> list[Placed]:
        geo = self.geo
        hs = heading.slots if slot else heading.slots_at_top
        n_lines = len(heading.lines)
        # at a column top as in mid-column: the head's last line sits space_after and a line above its
        # text (issue 10), rising above the first baseline by less than blocks.TOP_RISE of a line
        last = geo.baseline(top, slot + hs) + self.spec.text.leading + heading.space_after
        first = last + (n_lines - 1) * heading.leading
        out: list[Placed] = [PlacedLine(x, first - k * heading.leading, line, "heading", node=heading.node)
                             for k, line in enumerate(heading.lines)]
        name = f"section-{heading.heading.number}"
        anchors.append(Anchor(name, x, first + self.spec.heading.size))
        self.outline.append(OutlineEntry(heading.heading.text, name, number, 0 if heading.heading.level <= 2 else 1))
        return out

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
        rule_y = positions[0] + n.size * 0.8 + n.separator_space
        items.append(PlacedRule(x, rule_y, x + n.separator_length, rule_y, n.separator_width, "rule"))
        notes = self.filler.content.notes
        for (number, line, first), yy in zip(fill.notes, positions):
            items.append(PlacedLine(x, yy, line, "note", node=notes[number].node_of(line)))
            if first:
                anchors.append(Anchor(f"note-{number}", x, yy + n.size))

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

