"""The brief's logical structure: a tree of roles with stable node ids, in reading order.

Layout stamps every placed item with the id of the node it came from (as
Typst's frames carry spans), the renderer marks each piece of content with
it, and the tagged PDF's structure tree is this tree.  So the tree is built
from the model alone — never from where things landed on the page — and the
ids are plain strings made by the functions below, the single place that
names them:

    masthead.publisher  title  abstract.0      cover and back-cover fields
    b4                  b4.1   b4.2.0          block 4, its paragraph 1, item 2's paragraph 0
    b7.cap              n3     n3.lbl  n3.0    a figure's caption; note 3, its number, its paragraph 0
    b9 b9.cap b9.head.0.2 b9.body.4.1 b9.src   a table, its caption, header cell 2, row 4's cell 1, source line

Inline elements (a link, a note reference) are found while drawing, since a
paragraph's runs know their links but not their ordinal: their ids are the
paragraph's id, a slash, and a suffix (`b4/link0`, `b4/ref3`).

Roles are PDF standard structure types (ISO 32000-1 §14.8.4).  Notes stand
right after the paragraph that first cites them, where a listener wants them.
A node that ends up with no content (a field the page does not print) is left
out when the PDF's tree is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from .describe import figure_alt
from .nodes import Brief, Colophon, Figure, Footnote, Heading, Inline, ListBlock, NoteRef, Paragraph, Quote, Table


@dataclass(frozen=True, slots=True)
class StructNode:
    id: str
    role: str  # Document, Sect, H1…H6, P, BlockQuote, L, LI, Lbl, LBody, Figure, Caption, Note, …
    kids: tuple[StructNode, ...] = ()
    alt: str | None = None  # Figure: the text alternative
    note_id: str | None = None  # Note: its unique /ID
    scope: str | None = None  # TH: /A << /O /Table /Scope /Column >>


def block_id(index: int) -> str:
    return f"b{index}"


def part_id(parent: str, *path: int | str) -> str:
    return ".".join([parent, *map(str, path)])


def note_id(number: int) -> str:
    return f"n{number}"


def inline_id(parent: str, kind: str, ordinal: int | str) -> str:
    return f"{parent}/{kind}{ordinal}"


def parent_of(node: str) -> str | None:
    """The element an inline element sits in (`b4/ref0/link` in `b4/ref0`), or None for a node of the tree."""
    return node.rsplit("/", 1)[0] if "/" in node else None


def inline_role(node: str) -> str:
    """Link or Reference, from an inline id's last part."""
    return "Reference" if node.rsplit("/", 1)[-1].startswith("ref") else "Link"


def label_id(para: str) -> str:
    """The Lbl of the list item or note a paragraph belongs to: b4.2.0 -> b4.2.lbl, n3.0 -> n3.lbl."""
    return part_id(para.rsplit(".", 1)[0], "lbl")


def cover_nodes(brief: Brief) -> list[StructNode]:
    m = brief.meta
    mast = [("masthead.publisher", m.publisher), ("masthead.division", m.division)]
    masthead = [StructNode(i, "P") for i, v in mast if v]
    masthead += [StructNode(part_id("masthead.contact", k), "P") for k in range(len(m.contact))]
    masthead += [StructNode("masthead.date", "P"), StructNode("masthead.series", "P")]
    out = [StructNode("masthead", "Sect", tuple(masthead)), StructNode("title", "H1")]
    if m.subtitle:
        out.append(StructNode("subtitle", "P"))
    if m.authors:
        out.append(StructNode("authors", "P"))
    paras = tuple(StructNode(part_id("abstract", k), "P") for k in range(len(m.abstract)))
    out.append(StructNode("abstract", "Sect", paras))
    return out


def back_nodes(colophon: Colophon | None) -> StructNode:
    """The back cover's fields; a field the page does not print has no content and is left out of the PDF."""
    c = colophon or Colophon()
    kids = [StructNode("back.publisher", "P"), StructNode("back.series", "P")]
    if c.about_heading:
        kids.append(StructNode("back.about_heading", "H2"))
    kids += [StructNode(part_id("back.about", k), "P") for k in range(len(c.about))]
    # the colophon's own contact blocks, and one more: its single address, or the masthead's contact lines
    kids += [StructNode(part_id("back.contact", k), "P") for k in range(len(c.contacts) + 1)]
    kids += [StructNode("back.other", "P"), StructNode("back.copyright", "P")]
    return StructNode("back", "Sect", tuple(kids))


class _Builder:
    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.level = 1  # the title is H1; a sub-head never skips a level
        self.placed_notes: set[int] = set()

    def para(self, node: str, para: Paragraph) -> list[StructNode]:
        """A paragraph, then the notes it is the first to cite (and the notes those cite)."""
        return [StructNode(node, "P")] + self.cited(para.inlines)

    def cited(self, runs: tuple[Inline, ...]) -> list[StructNode]:
        """The notes `runs` are the first to cite."""
        out: list[StructNode] = []
        for run in runs:
            if isinstance(run, NoteRef) and run.number not in self.placed_notes:
                note = self.brief.notes.get(run.number)
                if note is not None:
                    self.placed_notes.add(run.number)
                    out.append(self.note(note))
        return out

    def note(self, note: Footnote) -> StructNode:
        nid = note_id(note.number)
        kids = [StructNode(part_id(nid, "lbl"), "Lbl")]
        for k, p in enumerate(note.paragraphs):
            kids += self.para(part_id(nid, k), p)
        return StructNode(nid, "Note", tuple(kids), note_id=f"note-{note.number}")

    def heading(self, node: str, block: Heading) -> StructNode:
        level = min(max(2, block.level), self.level + 1, 6)
        self.level = level
        return StructNode(node, f"H{level}")

    def block(self, index: int, block: object) -> list[StructNode]:
        node = block_id(index)
        if isinstance(block, Paragraph):
            return self.para(node, block)
        if isinstance(block, Heading):
            return [self.heading(node, block)]
        if isinstance(block, Quote):
            kids = [n for k, p in enumerate(block.paragraphs) for n in self.para(part_id(node, k), p)]
            return [StructNode(node, "BlockQuote", tuple(kids))]
        if isinstance(block, ListBlock):
            return [self.list(node, block)]
        if isinstance(block, Figure):
            return [StructNode(node, "Figure", alt=figure_alt(block)), StructNode(part_id(node, "cap"), "Caption")]
        if isinstance(block, Table):
            return self.table(node, block)
        return []

    def list(self, node: str, block: ListBlock) -> StructNode:
        """L > LI > Lbl, LBody > P… (and a nested L, whose id continues its item's: b4.2.1.0 …)."""
        items = []
        for j, parts in enumerate(block.items):
            body: list[StructNode] = []
            for k, p in enumerate(parts):
                body += [self.list(part_id(node, j, k), p)] if isinstance(p, ListBlock) else self.para(
                    part_id(node, j, k), p)
            items.append(StructNode(part_id(node, j), "LI", (
                StructNode(part_id(node, j, "lbl"), "Lbl"),
                StructNode(part_id(node, j, "body"), "LBody", tuple(body)))))
        return StructNode(node, "L", tuple(items))

    def table(self, node: str, table: Table) -> list[StructNode]:
        """Table > Caption, THead > TR > TH (scope column), TBody > TR > TD; then its source line and notes.

        Cells are all kept, empty ones too, so every row has its full count (layout.table ids them)."""
        head = StructNode(part_id(node, "head"), "THead", (StructNode(part_id(node, "head", 0), "TR", tuple(
            StructNode(part_id(node, "head", 0, c), "TH", scope="Column") for c in range(len(table.header)))),))
        rows = tuple(StructNode(part_id(node, "body", r), "TR", tuple(
            StructNode(part_id(node, "body", r, c), "TD") for c in range(len(table.header))))
            for r in range(len(table.rows)))
        kids = (StructNode(part_id(node, "cap"), "Caption"), head, StructNode(part_id(node, "body"), "TBody", rows))
        out = [StructNode(node, "Table", kids)]
        if table.source:
            out.append(StructNode(part_id(node, "src"), "P"))
        for cell in [*table.header, *(c for row in table.rows for c in row), table.source]:
            out += self.cited(cell)
        return out


def document_tree(brief: Brief) -> StructNode:
    """Document > cover fields, body blocks (notes after their citing paragraph), back cover."""
    builder = _Builder(brief)
    kids = cover_nodes(brief)
    for index, block in enumerate(brief.blocks):
        kids += builder.block(index, block)
    for number in sorted(brief.notes):  # a note no paragraph cites first still has to be somewhere
        if number not in builder.placed_notes:
            kids.append(builder.note(brief.notes[number]))
    kids.append(back_nodes(brief.meta.colophon))
    return StructNode("document", "Document", tuple(kids))
