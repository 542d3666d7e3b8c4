"""The document model: what the writer said, with no geometry.

Plain frozen dataclasses.  Every block keeps the manuscript line it came from
so that later stages can still point the writer at the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Text:
    """A run of characters in one style."""

    text: str
    italic: bool = False
    bold: bool = False
    link: str | None = None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote reference; `number` is the note's number (order of first reference)."""

    number: int
    label: str
    first: bool = True


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Text | NoteRef | LineBreak


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int
    dropcap: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int
    line: int
    number: int = 0  # order among headings, for bookmarks and anchors


@dataclass(frozen=True, slots=True)
class Quote:
    paragraphs: tuple[Paragraph, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A list; an item's parts are its paragraphs and at most one level of nested lists."""

    items: tuple[tuple[Paragraph | ListBlock, ...], ...]
    ordered: bool
    start: int
    line: int


@dataclass(frozen=True, slots=True)
class ChartData:
    """A CSV table: first column category labels, further columns numeric series."""

    categories: tuple[str, ...]
    series_names: tuple[str, ...]
    series: tuple[tuple[float, ...], ...]
    style: str  # "bar" or "line"
    category_title: str = ""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    width_px: int
    height_px: int
    dpi: tuple[float, float] | None
    mode: str
    format: str


@dataclass(frozen=True, slots=True)
class Figure:
    number: int
    caption: str  # without the "Figure N:" label
    label: str  # "Figure N"
    path: Path
    line: int
    chart: ChartData | None = None
    image: ImageInfo | None = None
    alt: str | None = None  # the writer's description for screen readers ({alt="…"})
    wide: bool = False  # set across both columns ({.wide})


Cell = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table: header cells, body rows of cells (each a tuple of inline runs), one alignment a column.

    `align` holds "left", "right", "center" or "" (not given: numeric columns are then set right).
    """

    number: int
    label: str  # "Table N"
    caption: Cell  # without the label
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[str, ...]
    line: int
    source: Cell = ()  # a "Source: …" or "Note: …" line under the table
    wide: bool = False  # the writer asked for it across both columns ({.wide})


Block = Paragraph | Heading | Quote | ListBlock | Figure | Table


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    label: str
    paragraphs: tuple[Paragraph, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Colophon:
    copyright: str | None = None
    other_publications: str | None = None
    about_heading: str | None = None
    about: tuple[str, ...] = ()
    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    contacts: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    publisher: str
    date: str
    abstract: tuple[Paragraph, ...]
    abstract_text: str
    series: str = "In Focus"
    subtitle: str | None = None
    division: str | None = None
    volume: str | None = None
    issue: str | None = None
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    lang: str = "en-US"
    contact: tuple[str, ...] = ()
    colophon: Colophon | None = None
    hyphenation: tuple[str, ...] = ()  # hyphenation exceptions: "Gua-na-jua-to", "NAFTA"
    # the manuscript line of each front-matter key ("title", "contact.1", "colophon.phone"), so the cover can
    # name the line of a field that does not fit (issue 10); not part of equality
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def line_of(self, key: str) -> int | None:
        while key and key not in self.key_lines:
            key = key.rpartition(".")[0]
        return self.key_lines.get(key)


@dataclass(frozen=True, slots=True)
class Brief:
    """A whole manuscript, validated, with notes and figures numbered."""

    source: Path
    meta: Meta
    blocks: tuple[Block, ...]
    notes: dict[int, Footnote] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def slug(self) -> str:
        return self.source.parent.name if self.source.name == "brief.md" else self.source.stem
