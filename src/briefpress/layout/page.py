"""The laid-out document: frozen pages of placed items, in trim coordinates (points, origin bottom left).

Nothing here knows about PDF; the renderer draws it, the proof overlays its
frames, the tests and stats read it.  Items may reach beyond the trim into
the bleed (negative x, or x beyond the page width).

Each page's items are in reading order, and every item that carries content
names the model node it came from (`node`, an id from model.structure); an
item with no node — a tint box, a rule, a folio — is furniture, which a
tagged PDF marks as an artifact.  A paragraph split across columns or pages
keeps one id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..model.nodes import Brief, Figure
from ..style.spec import LayoutSpec
from .lines import Line


@dataclass(frozen=True, slots=True)
class PlacedLine:
    x: float  # left edge of the column or box the line was set in
    y: float  # baseline
    line: Line
    role: str  # body, quote, note, heading, caption, abstract, cover, colophon
    para: tuple[int, int, int] | None = None  # body lines: (paragraph, line index, line count)
    node: str = ""  # the model node the line belongs to


@dataclass(frozen=True, slots=True)
class PlacedText:
    x: float
    y: float
    text: str
    font: str
    size: float
    color: str
    align: str = "left"  # left, right or centre about x
    role: str = "furniture"  # masthead, colophon, folio, footer
    node: str = ""


@dataclass(frozen=True, slots=True)
class PlacedRect:
    x: float
    y: float
    w: float
    h: float
    fill: str  # colour role
    node: str = ""  # the field it belongs to (an abstract's tint box); drawn as an artifact


@dataclass(frozen=True, slots=True)
class PlacedRule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str
    node: str = ""  # drawn as an artifact


@dataclass(frozen=True, slots=True)
class PlacedFigure:
    x: float
    y: float  # bottom
    w: float
    h: float
    figure: Figure
    ppi: float | None = None
    node: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    name: str  # "note-3", "ref-3", "section-2"
    x: float
    y: float


Placed = PlacedLine | PlacedText | PlacedRect | PlacedRule | PlacedFigure


@dataclass(frozen=True)
class Frame:
    """A region text was set in, for proofs with guides and for tests."""

    x: float
    y: float
    w: float
    h: float
    kind: str  # column, notes, box
    unfilled: int = 0  # columns: grid lines left empty above the column's notes (or its foot)
    heading_moved: bool = False  # columns: short because a heading moved on with its first lines (a rule)
    note_moved: bool = False  # columns: short because the next line's note could not come with it (a rule)


@dataclass(frozen=True)
class Page:
    number: int
    kind: str  # cover, body, blank, back
    items: tuple[Placed, ...]
    anchors: tuple[Anchor, ...] = ()
    frames: tuple[Frame, ...] = ()


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    anchor: str
    page: int
    level: int = 0


@dataclass
class LaidOutDocument:
    brief: Brief
    spec: LayoutSpec
    pages: list[Page]
    outline: list[OutlineEntry] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @cached_property
    def anchor_names(self) -> set[str]:
        """Every destination the pages define (links may only lead to these)."""
        return {"page-1"} | {a.name for p in self.pages for a in p.anchors}
