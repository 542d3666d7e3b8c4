"""Breaks -> set lines: every piece of text with its x position on the line.

Glue gets its final width from the line's adjustment ratio; a line that ends
at a hyphenation point gets its hyphen.  The result records what the stats
module needs to judge the setting (interword space, hyphens).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .adjust import Adjustment, Slack, adjust
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
    track: float = 0.0  # letterspacing: extra advance after each glyph, pt (in `width` already)


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
    track: float = 0.0  # letterspacing of the line's glyphs, pt (layout.adjust); word gaps are spaces + track

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
              protrusion: dict[str, float] | None = None, letterspacing: float = 0.0,
              rescue: tuple[float, float] = (0.0, 0.0)) -> list[Line]:
    """Build the lines of a paragraph; `shape(n)` gives (offset, measure) of line n.

    A justified line takes its slack as layout.adjust says (glyph expansion up to `expansion`, then
    letterspacing up to `letterspacing` em, the spaces all along; `rescue`: the widest word gap and the
    letterspacing that may keep a line within it, in em); a line ended by a forced break
    (paragraph end, hard break) keeps its natural spacing unless it is too long.
    """
    lines: list[Line] = []
    start = 0
    n_lines = len(result.breaks)
    overfull = set(result.overfull)
    for ln, brk in enumerate(result.breaks):
        offset, measure = shape(ln)
        end_item = items[brk]
        forced = isinstance(end_item, Penalty) and end_item.cost <= -INFINITY
        stretchy = justify and not forced and ln != n_lines - 1
        hang = _hang(items, start, brk, offset, protrusion, stretchy) if protrusion and justify else (0.0, 0.0)
        offset -= hang[0]
        measure += hang[0] + hang[1]
        slack = _slack(items, start, brk, measure)
        if stretchy or slack.gap < 0:
            adj = adjust(slack, expansion, letterspacing * size if stretchy else 0.0,
                         rescue[0] * size, rescue[1] * size if stretchy else 0.0)
        else:
            adj = Adjustment(0.0)
        runs, natural, spaces, notes, hyphen, word_end = _set_line(items, start, brk, adj, ln == n_lines - 1)
        lines.append(Line(runs, offset, measure, natural, adj.ratio, stretchy, hyphen, spaces, size, notes,
                          ln in overfull, adj.scale, word_end, hang, adj.track))
        start = _next_start(items, brk)
    return lines


def _hang(items: Sequence[Item], start: int, brk: int, offset: float, protrusion: dict[str, float],
          stretchy: bool) -> tuple[float, float]:
    """Optical margin alignment (microtype's protrusion): how far a hyphen, comma, stop, quote or dash at a
    line's edge hangs into the margin, so the edge looks straight; amounts in em of the glyph."""
    first_f, last_f = _edge_chars(items, start, brk)
    left = right = 0.0
    if first_f is not None and first_f.rise == 0 and offset <= 0.01 and first_f.text:
        left = protrusion.get(first_f.text[0], 0.0) * first_f.size
    if last_f is not None and last_f.rise == 0 and last_f.text and stretchy:
        right = protrusion.get(last_f.text[-1], 0.0) * last_f.size
    return left, right


def _set_line(items: Sequence[Item], start: int, brk: int, adj: Adjustment,
              last: bool) -> tuple[tuple[Run, ...], float, tuple[float, ...], tuple[int, ...], bool, bool]:
    """Place the runs of one line with its adjustment: (runs, natural width, spaces, notes first cited,
    ends with a hyphen, ends at a word space)."""
    scale, track, r = adj.scale, adj.track, adj.ratio
    runs: list[Run] = []
    spaces: list[float] = []
    notes: list[int] = []
    x = 0.0
    pending_space = False
    for k in range(start, brk):
        it = items[k]
        if isinstance(it, Box):
            for fi, frag in enumerate(it.frags):
                fw = it.widths[fi] * scale + len(frag.text) * track
                runs.append(Run(x, frag, fw, it.link, pending_space and fi == 0, None, track))
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
    end_item = items[brk]
    hyphen = False
    if isinstance(end_item, Penalty) and end_item.hyphen is not None:
        runs.append(Run(x, end_item.hyphen, end_item.width * scale + track, track=track))
        x += end_item.width * scale + track
        hyphen = True
    elif runs and runs[-1].frag.text.endswith(("-", "\u2010")) and not last:
        hyphen = True
    forced = isinstance(end_item, Penalty) and end_item.cost <= -INFINITY
    word_end = isinstance(end_item, Glue) or (forced and not last)
    # the letterspacing after the last glyph is no ink: the line's width ends at its last glyph
    return tuple(runs), x - track if runs else x, tuple(spaces), tuple(notes), hyphen, word_end


def _next_start(items: Sequence[Item], brk: int) -> int:
    """The next line starts after the break, skipping discardable items."""
    start = brk + 1
    while start < len(items) and not isinstance(items[start], Box):
        it = items[start]
        if isinstance(it, Penalty) and it.cost <= -INFINITY:
            break
        start += 1
    return start


def _slack(items: Sequence[Item], start: int, brk: int, measure: float) -> Slack:
    """What a line has to absorb the difference from its measure with."""
    boxes = glue = stretch = shrink = 0.0
    glyphs = spaces = 0
    for k in range(start, brk):
        it = items[k]
        if isinstance(it, Box):
            boxes += it.width
            glyphs += it.chars
        elif isinstance(it, Glue) and it.stretch < INFINITY:
            glue += it.width
            stretch += it.stretch
            shrink += it.shrink
            spaces += it.width > 0
    end_item = items[brk]
    if isinstance(end_item, Penalty):
        boxes += end_item.width
        glyphs += end_item.hyphen is not None
    return Slack(measure - boxes - glue, stretch, shrink, boxes, max(0, glyphs - 1), glue, spaces)
