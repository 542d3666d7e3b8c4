"""Figures and tables across the columns at the foot of a page (`table.wide_place: foot`).

The mirror of document._page_floats: the wide float sits on the page's baseline grid at the foot of the
text area, and the columns above it get the slots that are left.  A long table puts the rows that fit at
this page's foot and the rest at the next one's, header repeated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blocks import FigureItem
from .page import Anchor, Placed
from .table import Grid, place_part, rows_that_fit
from .tableflow import TEXT_LEFT_UNDER_WIDE, TablePart, _anchors, _note_lines

if TYPE_CHECKING:
    from .document import _Composer
    from .flow import FlowState


def foot_floats(composer: _Composer, number: int, top: float, slots: int, state: FlowState,
                items: list[Placed], anchors: list[Anchor]) -> int:
    """Place the waiting wide floats at the page foot; return the grid slots left for the columns."""
    geo = composer.geo
    left = geo.left(number)
    fresh = top >= geo.top and not any(True for _ in items)
    placed: list[Placed] = []
    while state.page_floats:
        f = state.page_floats[0]
        room = slots - TEXT_LEFT_UNDER_WIDE
        if isinstance(f, TablePart):
            item = f.item
            n = len(item.rows)
            base = item.caption_slots(f.start > 0) + item.header_slots
            k = rows_that_fit([item.row_slots(r) for r in range(n)], f.start, room, base, item.source_slots(),
                              composer.spec.table.split_rows)
            if k == 0:
                if not fresh:
                    break
                k = 1
            end = f.start + k
            used = item.piece_slots(f.start, end)
            part = place_part(item, Grid(left, geo.baseline(top, 0), item.lead), slots - used, f.start, end)
            _anchors(part, anchors)
            placed = part + placed
            state.carry.extend(_note_lines(composer.filler, item, f.start, end))
            slots -= used + item.space
            if end < n:
                state.page_floats[0] = TablePart(item, end)
                break
            state.page_floats.pop(0)
        else:
            assert isinstance(f, FigureItem)
            if f.slots > room and not fresh:
                break
            out: list[Placed] = []
            x = left + (geo.text_width - f.width) / 2
            composer._figure(x, geo.slot_top(top, slots - f.slots), f, out, geo.text_width)
            placed = out + placed
            slots -= f.slots + f.space
            state.page_floats.pop(0)
        fresh = False
    items.extend(placed)
    return max(1, slots)
