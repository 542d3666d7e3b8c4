"""Breaks -> set lines: every piece of text with its x position on the line.

Glue gets its final width from the line's adjustment ratio; a line that ends
at a hyphenation point gets its hyphen.  The result records what the stats
module needs to judge the setting (interword space, hyphens).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .items import INFINITY, Box, Frag, Glue, Item, Penalty
from .linebreak import BreakResult


@dataclass(frozen=True, slots=True)
class Run:
    """Text placed on a line; `space_before` marks a word space, drawn as a real space character."""

    x: float
    frag: Frag
    width: float
    link: str | None = None
    space_before: bool = False
    mark: str | None = None  # "Lbl": a list label or a note's number, tagged apart from the text


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[Run, ...]
    offset: float  # x of the line's start within its column
    measure: float  # width the line was set to
    natural: float  # width of the text as set
    ratio: float
    justified: bool
    hyphen: bool  # ends with a hyphen (inserted or written)
    spaces: tuple[float, ...]  # width of each interword space as set
    size: float  # body size, for measuring spaces in em
    notes: tuple[int, ...] = ()  # notes whose first reference is on this line
    overfull: bool = False
    scale: float = 1.0  # horizontal glyph scale (font expansion) used to even out the spacing
    word_end: bool = False  # broke at a word space (or a hard break), not inside a word or after the last word
    # optical margin alignment: how far the first glyph hangs left of the frame and the last right of it
    # (offset and measure already include them: the frame's edges are offset + left, offset + measure - right)
    protrusion: tuple[float, float] = (0.0, 0.0)

    @property
    def text(self) -> str:
        return "".join((" " if r.space_before else "") + r.frag.text for r in self.runs)


def _edge_chars(items: Sequence[Item], start: int, brk: int) -> tuple[Frag | None, Frag | None]:
    """The frags holding a line's first and last glyph (the last may be its hyphen)."""
    first = last = None
    for k in range(start, brk):
        it = items[k]
        if isinstance(it, Box) and it.frags:
            if first is None:
                first = it.frags[0]
            last = it.frags[-1]
    end = items[brk] if brk < len(items) else None
    if isinstance(end, Penalty) and end.hyphen is not None:
        last = end.hyphen
    return first, last


def set_lines(items: Sequence[Item], result: BreakResult, shape: Callable[[int], tuple[float, float]],
              size: float, justify: bool = True, expansion: float = 0.0,
              protrusion: dict[str, float] | None = None) -> list[Line]:
    """Build the lines of a paragraph; `shape(n)` gives (offset, measure) of line n.

    With font expansion, glyphs take up to `expansion` of the adjustment (never more: a line
    looser than the stretch allows gets the rest in its spaces), the glue the remainder; on a
    tight line the glyphs narrow first and the spaces shrink only past the expansion limit.
    """
    lines: list[Line] = []
    start = 0
    n_lines = len(result.breaks)
    overfull = set(result.overfull)
    for ln, (brk, ratio) in enumerate(zip(result.breaks, result.ratios)):
        offset, measure = shape(ln)
        last = ln == n_lines - 1
        end_item = items[brk]
        forced = isinstance(end_item, Penalty) and end_item.cost <= -INFINITY
        # a line ended by a forced break (paragraph end, hard break) is set at natural spacing
        r = ratio if (justify and not forced and not last) else min(ratio, 0.0) if ratio < 0 else 0.0
        scale = 1.0
        hang_l = hang_r = 0.0
        if protrusion and justify:
            # optical margin alignment (microtype's protrusion): a hyphen, comma, stop, quote or dash at a
            # line's edge hangs partly into the margin, so the edge looks straight; amounts in em of the glyph
            first_f, last_f = _edge_chars(items, start, brk)
            if first_f is not None and first_f.rise == 0 and offset <= 0.01 and first_f.text:
                hang_l = protrusion.get(first_f.text[0], 0.0) * first_f.size
            if last_f is not None and last_f.rise == 0 and last_f.text and not forced and not last:
                hang_r = protrusion.get(last_f.text[-1], 0.0) * last_f.size
            if hang_l or hang_r:
                offset -= hang_l
                measure += hang_l + hang_r
                if r or not (forced or last):
                    # the line is set to the wider measure: recompute its ratio
                    boxes, glue, stretch, shrink = _widths(items, start, brk)
                    e = expansion
                    need = measure - boxes - glue
                    r = need / (stretch + boxes * e) if need >= 0 and stretch + boxes * e else \
                        need / (shrink + boxes * e) if shrink + boxes * e else 0.0
                    if forced or last:
                        r = min(r, 0.0)
        if expansion and r:
            boxes, glue, stretch, shrink = _widths(items, start, brk)
            scale = 1.0 + max(-1.0, min(1.0, r)) * expansion
            if r < 0 and boxes:
                # a tight line: the glyphs narrow first, up to the expansion limit, and the word spaces
                # take only what is left, so spaces stay even (issue 10: tight spaces read as run-together words)
                scale = 1.0 - min(expansion, (boxes + glue - measure) / boxes)
            rest = measure - boxes * scale - glue
            r = rest / stretch if rest >= 0 and stretch else rest / shrink if shrink else 0.0
        runs: list[Run] = []
        spaces: list[float] = []
        notes: list[int] = []
        x = 0.0
        pending_space = False
        for k in range(start, brk):
            it = items[k]
            if isinstance(it, Box):
                for fi, frag in enumerate(it.frags):
                    fw = it.widths[fi] * scale
                    runs.append(Run(x, frag, fw, it.link, pending_space and fi == 0))
                    x += fw
                pending_space = False
                if it.note is not None:
                    notes.append(it.note)
            elif isinstance(it, Glue):
                if it.stretch >= INFINITY:
                    continue
                gw = it.width + (r * it.stretch if r >= 0 else r * it.shrink)
                if runs:
                    spaces.append(gw)
                    pending_space = True
                x += gw
        hyphen = False
        if isinstance(end_item, Penalty) and end_item.hyphen is not None:
            runs.append(Run(x, end_item.hyphen, end_item.width * scale))
            x += end_item.width * scale
            hyphen = True
        elif runs and runs[-1].frag.text.endswith(("-", "\u2010")) and not last:
            hyphen = True
        word_end = isinstance(end_item, Glue) or (forced and not last)
        lines.append(Line(tuple(runs), offset, measure, x, r, justify and not forced and not last, hyphen,
                          tuple(spaces), size, tuple(notes), ln in overfull, scale, word_end, (hang_l, hang_r)))
        # next line starts after the break, skipping discardable items
        start = brk + 1
        while start < len(items) and not isinstance(items[start], Box):
            it2 = items[start]
            if isinstance(it2, Penalty) and it2.cost <= -INFINITY:
                break
            start += 1
    return lines


def _widths(items: Sequence[Item], start: int, brk: int) -> tuple[float, float, float, float]:
    """A line's box width (its break's hyphen included), glue width, stretch and shrink."""
    boxes = glue = stretch = shrink = 0.0
    for k in range(start, brk):
        it = items[k]
        if isinstance(it, Box):
            boxes += it.width
        elif isinstance(it, Glue) and it.stretch < INFINITY:
            glue += it.width
            stretch += it.stretch
            shrink += it.shrink
    end_item = items[brk]
    if isinstance(end_item, Penalty):
        boxes += end_item.width
    return boxes, glue, stretch, shrink
