"""Fill columns from the flow: lines on the grid, notes at the column foot.

The invariants, kept here and nowhere else:
- a footnote's text starts in the column (so on the page) of its reference:
  if the note's first lines cannot join the column, the referencing line
  moves on with them; a long note may continue at the next column's foot;
- no paragraph leaves fewer than `keep_first` lines at a column foot
  (orphans, drop caps) or carries fewer than `keep_last` to a column top
  (widows);
- a heading stays with the first lines of its section;
- figures keep their order; one that does not fit waits for the next column
  top while the text flows on.
When those rules would leave a column short, paragraphs in it are re-broken
one line longer or shorter (TeX's \\looseness) if that can be done without
loose lines.

All state that changes lives in FlowState, which is copied to try a column
more than one way (for balancing and loosening).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..style.spec import LayoutSpec
from .blocks import FigureItem, FlowContent, HeadingItem, ParaItem, SpaceItem, realternative
from .geometry import Geometry
from .lines import Line
from .table import TableItem
from .tableflow import TablePart, fill_table
from .typeset import TypeSetter

# How many re-fills one short column may cost, and how many paragraphs' settings may change to fill it:
# bounded work, as every iterative step here is.
MAX_LOOSEN_TRIES = 16
MAX_LOOSEN_ROUNDS = 4


@dataclass
class FlowState:
    item: int = 0
    line: int = 0
    carry: list[tuple[int, Line, bool]] = field(default_factory=list)  # continued note lines
    floats: list[FigureItem] = field(default_factory=list)  # column figures waiting for a column top
    page_floats: list[FigureItem | TablePart] = field(default_factory=list)  # spanning figures/tables for a page top
    loose: dict[int, int] = field(default_factory=dict)  # item index -> looseness chosen

    def copy(self) -> FlowState:
        return FlowState(self.item, self.line, list(self.carry), list(self.floats), list(self.page_floats),
                         dict(self.loose))


@dataclass
class ColumnFill:
    """What one column holds, in grid slots from its top; notes top to bottom."""

    lines: list[tuple[int, Line, tuple[int, int, int]]] = field(default_factory=list)  # slot, line, (item, index, count)
    headings: list[tuple[int, HeadingItem]] = field(default_factory=list)  # (first slot, heading)
    figures: list[tuple[int, FigureItem]] = field(default_factory=list)
    tables: list[tuple[int, TableItem, int, int]] = field(default_factory=list)  # (slot, table, first row, end)
    notes: list[tuple[int, Line, bool]] = field(default_factory=list)  # (number, line, starts the note)
    used: int = 0  # slots used from the top
    capacity: int = 0  # slots the text could have used, given the notes
    blocked: bool = False  # ended because a rule (keep, widow, orphan) stopped it, not because it was full
    heading_moved: bool = False  # ended where a heading and its first lines did not fit (the rules force it)
    note_moved: bool = False  # ended where a line would fit but its note, even split, would not (a rule too)


class ColumnFiller:
    def __init__(self, content: FlowContent, spec: LayoutSpec, setter: TypeSetter) -> None:
        self.content = content
        self.items = content.items
        self.spec = spec
        self.setter = setter
        n = spec.notes
        self.lead = spec.text.leading
        self.note_lead = n.leading
        self.note_top = n.size * 0.8 + n.separator_space
        self.clearance = n.gap + spec.text.size * 0.3
        # a balanced last page: the text stops at this slot while the notes keep the full column's foot
        self.limit: int | None = None
        geo = Geometry(spec)
        self.full_slots = geo.slots(geo.top)  # a body column's height, in grid lines

    # -- notes geometry ---------------------------------------------------------
    def notes_height(self, notes: list[tuple[int, Line, bool]]) -> float:
        if not notes:
            return 0.0
        starts = sum(1 for _n, _l, first in notes if first)
        return (len(notes) - 1) * self.note_lead + max(0, starts - 1) * self.spec.notes.note_space + self.note_top

    def capacity(self, slots: int, notes: list[tuple[int, Line, bool]]) -> int:
        h = self.notes_height(notes)
        cap = slots if h == 0 else slots - math.ceil((h + self.clearance) / self.lead - 1e-9)
        return cap if self.limit is None else min(cap, self.limit)

    def lines_of(self, state: FlowState, index: int) -> tuple[Line, ...]:
        item = self.items[index]
        assert isinstance(item, ParaItem)
        k = state.loose.get(index, 0)
        if k:
            alt = realternative(self.setter, item, k)
            if alt is not None:
                return alt
        return item.lines

    def done(self, state: FlowState) -> bool:
        return state.item >= len(self.items) and not state.carry and not state.floats and not state.page_floats

    # -- one column ---------------------------------------------------------------
    def fill(self, state: FlowState, slots: int, loosen: bool = True,
             trial: bool = False) -> tuple[ColumnFill, FlowState]:
        """Fill one column of `slots` grid lines.  A `trial` fill (balancing) never forces content
        in against the rules; a real one must, when a column would otherwise stay empty."""
        start = state.copy()
        col, end = self._fill(start.copy(), slots, force=False)
        if (not trial and not col.lines and not col.figures and not col.headings and not col.tables
                and not self.done(start)):
            forced, forced_end = self._fill(start.copy(), slots, force=True)
            # a figure forced into a column shortened by a page-wide figure (or the cover) would run into
            # the bottom margin: leave that column empty, a full-height one comes later
            if slots >= self.full_slots or all(s + f.slots <= forced.capacity for s, f in forced.figures):
                col, end = forced, forced_end
        if loosen and self.spec.breaking.loosen and col.blocked and col.used < col.capacity:
            col, end = self._loosen(start, slots, col, end)
        if col.blocked and col.figures and col.used < col.capacity:
            _open_float_space(col)
        return col, end

    def _loosen(self, start: FlowState, slots: int, col: ColumnFill, end: FlowState) -> tuple[ColumnFill, FlowState]:
        """Re-break paragraphs of this column one line longer or shorter to fill it to the foot.

        A column left short by a widow, orphan or heading rule is filled either by making
        paragraphs above one line longer (pushing text down) or one line shorter (pulling the
        blocked lines up).  The likeliest candidates are tried first: a paragraph whose last
        line is nearly full lengthens easily, one whose last line is short tightens easily.
        """
        best_short = col.capacity - col.used
        best = (col, end, dict(start.loose))
        tries = 0
        # a paragraph already begun in an earlier column keeps its setting: its first lines are placed
        first = start.item + 1 if start.line > 0 else start.item

        def fill_of(i: int) -> float:
            lines = self.lines_of(start, i)
            return lines[-1].natural / lines[-1].measure if lines and lines[-1].measure else 1.0

        for _round in range(MAX_LOOSEN_ROUNDS):
            chosen = best[2]
            # the paragraphs in the column as it now ends, and the one that stopped it (a note's reference
            # moves with a different setting of its paragraph)
            last = min(best[1].item + 1, len(self.items))
            paras = [i for i in range(first, last) if isinstance(self.items[i], ParaItem)]
            candidates = sorted(((i, -1) for i in paras if i not in chosen), key=lambda c: fill_of(c[0]))
            candidates += sorted(((i, +1) for i in paras if i not in chosen), key=lambda c: -fill_of(c[0]))
            improved = False
            for index, k in candidates:
                if tries >= MAX_LOOSEN_TRIES:
                    break
                if realternative(self.setter, self.items[index], k) is None:  # type: ignore[arg-type]
                    continue
                tries += 1
                trial = start.copy()
                trial.loose = {**chosen, index: k}
                c2, e2 = self._fill(trial.copy(), slots, force=False)
                short = c2.capacity - c2.used if c2.blocked else 0
                if short < best_short and (c2.lines or c2.figures):
                    # the first change that helps is kept, and the next round builds on it: a column two
                    # lines short is often filled by two paragraphs one line longer each
                    best_short, best, improved = short, (c2, e2, trial.loose), True
                    break
            if not improved or best_short == 0 or tries >= MAX_LOOSEN_TRIES:
                break
        return best[0], best[1]

    def _fill(self, state: FlowState, slots: int, force: bool) -> tuple[ColumnFill, FlowState]:
        col = ColumnFill()
        slot = 0
        # 1. a note continued from the previous column comes first at this foot
        if state.carry:
            limit = max(1, slots // 2)
            keep: list[tuple[int, Line, bool]] = []
            min_note = self.spec.notes.min_lines
            for k, entry in enumerate(state.carry):
                left = len(state.carry) - k  # lines not yet kept, this one included
                if self.capacity(slots, keep + [entry]) < limit and len(keep) >= min_note and left >= min_note:
                    break  # split again only with min_lines on each side (issue 10)
                keep.append(entry)
            col.notes = keep
            state.carry = state.carry[len(keep):]
        # 2. figures that waited for a column top
        while state.floats:
            fig = state.floats[0]
            need = fig.slots + (fig.space if slot else 0)
            if slot + need <= self.capacity(slots, col.notes) or (slot == 0 and force):
                col.figures.append((slot + (fig.space if slot else 0), fig))
                slot += need + fig.space
                state.floats.pop(0)
            else:
                break
        # 3. the flow
        items = self.items
        while state.item < len(items):
            item = items[state.item]
            cap = self.capacity(slots, col.notes)
            if isinstance(item, SpaceItem):
                if slot > 0:
                    if slot + item.slots >= cap:
                        slot = cap
                        state.item += 1
                        break
                    slot += item.slots
                state.item += 1
            elif isinstance(item, HeadingItem):
                hs = item.slots if slot else item.slots_at_top
                if slot + hs > cap:
                    col.blocked = col.heading_moved = slot > 0
                    break
                keep_ok = force or self._keep_fits(state, slot + hs, slots, col)
                if not keep_ok:
                    col.blocked = col.heading_moved = True
                    break
                col.headings.append((slot, item))
                slot += hs
                state.item += 1
            elif isinstance(item, TableItem):
                if item.span:
                    state.page_floats.append(TablePart(item))
                    state.item += 1
                    continue
                slot, ended = fill_table(self, state, col, slot, slots, force)
                if ended:
                    break
            elif isinstance(item, FigureItem):
                if item.span:
                    state.page_floats.append(item)
                    state.item += 1
                    continue
                need = item.slots + (item.space if slot else 0)
                if not state.floats and (slot + need <= cap or (slot == 0 and force)):
                    col.figures.append((slot + (item.space if slot else 0), item))
                    slot = min(cap, slot + need + item.space)
                else:
                    state.floats.append(item)
                state.item += 1
            else:
                assert isinstance(item, ParaItem)
                lines = self.lines_of(state, state.item)
                taken, notes, carry = self._take(lines, state.line, slot, slots, col.notes, state, item, force)
                if taken == 0:
                    col.blocked = slot < cap
                    col.note_moved = col.blocked and self._note_holds_back(lines, state, slot, slots, col.notes)
                    break
                for k in range(taken):
                    col.lines.append((slot + k, lines[state.line + k], (state.item, state.line + k, len(lines))))
                slot += taken
                col.notes = notes
                state.carry = carry
                if state.line + taken >= len(lines):
                    state.item += 1
                    state.line = 0
                else:
                    state.line += taken
                    col.blocked = slot < self.capacity(slots, col.notes)
                    col.note_moved = col.blocked and self._note_holds_back(lines, state, slot, slots, col.notes)
                    break
        col.used = slot
        col.capacity = self.capacity(slots, col.notes)
        return col, state

    def _keep_fits(self, state: FlowState, slot: int, slots: int, col: ColumnFill) -> bool:
        """Would the first lines of the section fit under its heading here?"""
        nxt = state.item + 1
        if nxt < len(self.items) and isinstance(self.items[nxt], TableItem):  # a head keeps a table's first rows
            table = self.items[nxt]
            first = min(len(table.rows), self.spec.table.split_rows)  # type: ignore[union-attr]
            need = table.space + table.piece_slots(0, first)  # type: ignore[union-attr]
            return table.span or slot + need <= self.capacity(slots, col.notes)  # type: ignore[union-attr]
        if nxt >= len(self.items) or not isinstance(self.items[nxt], ParaItem):
            return True
        para = self.items[nxt]
        assert isinstance(para, ParaItem)
        lines = self.lines_of(state, nxt)
        need = min(len(lines), max(para.keep_first, self.items[state.item].keep))  # type: ignore[union-attr]
        if len(lines) - need < para.keep_last and len(lines) > need:
            need = len(lines) if len(lines) <= need + para.keep_last else need
        trial = state.copy()
        taken, _notes, _carry = self._take(lines, 0, slot, slots, col.notes, trial, para, False, limit=need)
        return taken >= need

    def _note_holds_back(self, lines: tuple[Line, ...], state: FlowState, slot: int, slots: int,
                         notes: list[tuple[int, Line, bool]]) -> bool:
        """Did the column end short because of a note?  The next lines would fill it by themselves, but
        not with the notes they cite, not even split (two lines each side), so they move on together
        (with the widow rule, the paragraph's last lines too): the notes rule forces the short column,
        as a heading that moves on does (stats tell these apart)."""
        plain = min(len(lines) - state.line, self.capacity(slots, notes) - slot)
        if plain <= 0 or not any(line.notes for line in lines[state.line:state.line + plain]):
            return False
        taken, _notes, _carry = self._fit(lines, state.line, slot, slots, notes, state, plain)
        return taken < plain

    def _take(self, lines: tuple[Line, ...], first: int, slot: int, slots: int,
              notes: list[tuple[int, Line, bool]], state: FlowState, para: ParaItem, force: bool,
              limit: int | None = None) -> tuple[int, list[tuple[int, Line, bool]], list[tuple[int, Line, bool]]]:
        """How many lines of a paragraph fit here, with their notes, obeying widows and orphans."""
        remaining = len(lines) - first
        k, new_notes, carry = self._fit(lines, first, slot, slots, notes, state, remaining if limit is None else limit)
        if force or limit is not None:
            return max(k, 1 if force and remaining else k), new_notes, carry
        if k < remaining:
            allowed = min(k, remaining - para.keep_last)
            if first == 0 and allowed < para.keep_first:
                allowed = 0
            if allowed <= 0:
                return 0, notes, list(state.carry)
            if allowed != k:
                k, new_notes, carry = self._fit(lines, first, slot, slots, notes, state, allowed)
        return k, new_notes, carry

    def _fit(self, lines: tuple[Line, ...], first: int, slot: int, slots: int,
             notes: list[tuple[int, Line, bool]], state: FlowState,
             limit: int) -> tuple[int, list[tuple[int, Line, bool]], list[tuple[int, Line, bool]]]:
        min_note = self.spec.notes.min_lines
        current = list(notes)
        carry = list(state.carry)
        k = 0
        for i in range(first, min(len(lines), first + limit)):
            line = lines[i]
            if not line.notes:
                if slot + k + 1 > self.capacity(slots, current):
                    break
                k += 1
                continue
            if carry:  # a note is already continuing; later notes would come out of order
                break
            trial = list(current)
            for number in line.notes:
                block = self.content.notes.get(number)
                if block is not None:
                    trial.extend((number, ln, j == 0) for j, ln in enumerate(block.lines))
            if slot + k + 1 <= self.capacity(slots, trial):
                current = trial
                k += 1
                continue
            # split the last note: its first lines here, the rest at the next column's foot
            number = line.notes[-1]
            block = self.content.notes.get(number)
            base = trial[: len(trial) - len(block.lines)] if block else trial
            placed = None
            if block is not None and len(block.lines) >= 2 * min_note:
                # a split note leaves room for its text: it takes at most max_share of the column; it keeps
                # min_lines on each side of the split, never a single line carried over (issue 10)
                share = self.spec.notes.max_share * slots * self.lead
                for m in range(len(block.lines) - min_note, min_note - 1, -1):
                    attempt = base + [(number, ln, j == 0) for j, ln in enumerate(block.lines[:m])]
                    if self.notes_height(attempt) > share and m > min_note:
                        continue
                    if slot + k + 1 <= self.capacity(slots, attempt):
                        placed = (attempt, [(number, ln, False) for ln in block.lines[m:]])
                        break
            if placed is None:
                break
            current, carry = placed
            k += 1
        return k, current, carry


def _open_float_space(col: ColumnFill) -> None:
    """A short column with figures: move the text below the figures down, so the foot lines up.

    Like LaTeX's stretchable float separation, but in whole grid lines so the text stays on the grid.
    """
    short = col.capacity - col.used
    below = max(slot + fig.slots for slot, fig in col.figures)
    if not any(entry[0] >= below for entry in col.lines):
        return
    col.lines = [(slot + short if slot >= below else slot, line, ref) for slot, line, ref in col.lines]
    col.headings = [(slot + short if slot >= below else slot, h) for slot, h in col.headings]
    col.used += short
