"""Tables in the flow: how much of a table a column takes, and wide tables at a page top.

Kept out of flow.py and document.py, which call in here through two small hooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lines import Line
from .page import Anchor, Placed, PlacedLine
from .table import Grid, TableItem, place_part, rows_that_fit

if TYPE_CHECKING:
    from .flow import ColumnFill, ColumnFiller, FlowState

# Lines of text a wide table leaves on a page it does not start (as figures do), so a page is never all table
# unless the table begins it.
TEXT_LEFT_UNDER_WIDE = 3


@dataclass(frozen=True)
class TablePart:
    """A wide table waiting for a page top, from body row `start` on."""

    item: TableItem
    start: int = 0


def _note_lines(filler: ColumnFiller, item: TableItem, start: int, end: int) -> list[tuple[int, Line, bool]]:
    """The notes first cited in rows start..end, with those of the caption and header in the first part and
    of the source line in the last."""
    out: list[tuple[int, Line, bool]] = []
    numbers = [n for ln in item.caption for n in ln.notes] if start == 0 else []
    numbers += [n for cell in item.header for ln in cell for n in ln.notes] if start == 0 else []
    numbers += [n for r in range(start, end) for n in item.row_notes(r)]
    numbers += [n for ln in item.source for n in ln.notes] if end == len(item.rows) else []
    for number in numbers:
        block = filler.content.notes.get(number)
        if block is not None:
            out.extend((number, ln, j == 0) for j, ln in enumerate(block.lines))
    return out


def fill_table(filler: ColumnFiller, state: FlowState, col: ColumnFill, slot: int, slots: int,
               force: bool) -> tuple[int, bool]:
    """Put as many rows of the table at state.item as fit here; return (next slot, column ended)."""
    item = filler.items[state.item]
    assert isinstance(item, TableItem)
    start = state.line
    n = len(item.rows)
    space = item.space if slot else 0
    row_slots = [item.row_slots(r) for r in range(n)]
    base = item.caption_slots(start > 0) + item.header_slots
    min_rows = filler.spec.table.split_rows
    cap = filler.capacity(slots, col.notes)
    k = rows_that_fit(row_slots, start, cap - slot - space, base, item.source_slots(), min_rows)
    notes = col.notes
    while k > 0:  # the rows' notes must fit at this column's foot too
        notes = col.notes + _note_lines(filler, item, start, start + k)
        if slot + space + item.piece_slots(start, start + k) <= filler.capacity(slots, notes):
            break
        k -= 1
        while 0 < k < n - start and (k < min_rows or n - start - k < min_rows):
            k -= 1
    if k == 0:
        if not (force and slot == 0):
            col.blocked = slot < cap
            return slot, True
        k = 1  # a column too short for the rules: one row, rather than no progress
        notes = col.notes + _note_lines(filler, item, start, start + 1)
    col.tables.append((slot + space, item, start, start + k))
    col.notes = notes
    used = slot + space + item.piece_slots(start, start + k)
    if start + k >= n:
        state.item += 1
        state.line = 0
        return min(filler.capacity(slots, notes), used + item.space), False
    state.line = start + k
    return used, True


def place_in_column(item: TableItem, x: float, top_baseline: float, slot: int, start: int, end: int,
                    anchors: list[Anchor]) -> list[Placed]:
    out = place_part(item, Grid(x, top_baseline, item.lead), slot, start, end)
    _anchors(out, anchors)
    return out


def _anchors(placed: list[Placed], anchors: list[Anchor]) -> None:
    for p in placed:
        if isinstance(p, PlacedLine):
            for n in p.line.notes:
                anchors.append(Anchor(f"ref-{n}", p.x + p.line.offset, p.y + p.line.size))


def place_wide(part: TablePart, x: float, top: float, top_baseline: float, slots: int, fresh: bool,
               state: FlowState, filler: ColumnFiller, items: list[Placed],
               anchors: list[Anchor]) -> tuple[float, TablePart | None] | None:
    """A wide table's next part across the text area under `top`: (new top, what is left or None), or None
    when it must wait for the next page.  Its notes go to the first column's foot (the flow's carry)."""
    item = part.item
    n = len(item.rows)
    room = slots if fresh else slots - TEXT_LEFT_UNDER_WIDE
    row_slots = [item.row_slots(r) for r in range(n)]
    base = item.caption_slots(part.start > 0) + item.header_slots
    k = rows_that_fit(row_slots, part.start, room, base, item.source_slots(), filler.spec.table.split_rows)
    if k == 0:
        if not fresh:
            return None
        k = 1
    end = part.start + k
    placed = place_part(item, Grid(x, top_baseline, item.lead), 0, part.start, end)
    items.extend(placed)
    _anchors(placed, anchors)
    state.carry.extend(_note_lines(filler, item, part.start, end))
    used = item.piece_slots(part.start, end)
    new_top = top - (used + item.space) * item.lead
    return new_top, (TablePart(item, end) if end < n else None)
