"""Mammoth's HTML -> the body of brief.md (our own writer; mammoth's Markdown output is deprecated).

It writes the content format of docs/content-format.md: `##`/`###` headings
(the document's highest heading level under the title becomes `##`), `>`
quotes, `-`/`1.` lists with one level of nesting, GFM pipe tables, figures as
image-only paragraphs `![Figure N: caption](figures/figure-N.png)` joined to
the Caption paragraph after (or before) them, and notes as `[^n]` numbered
1..N in order of first reference, footnotes and endnotes alike.  Paragraphs
in the front-matter styles are set aside for the YAML.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .convert import EmbeddedImage
from .htmltree import Node, parse_html
from .inline import NOTE_HREF_RE, InlineContext, escape_text, paragraph_text, plain

META_CLASSES = {"bp-title": "title", "bp-subtitle": "subtitle", "bp-author": "authors", "bp-date": "date",
                "bp-abstract": "abstract"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
NOTE_ID_RE = re.compile(r"^(?:foot|end)note-[\w-]+$")
CAPTION_LABEL_RE = re.compile(r"^(Figure|Fig\.|Chart|Map|Exhibit|Graph)\s+(\d+[\w.-]*?)\s*[:.–—-]?\s+(?=\S)", re.I)
FILENAME_RE = re.compile(r"^[\w ().-]+\.(png|jpe?g|gif|tiff?|bmp|emf|wmf|svg)$", re.I)
EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif", "image/gif": ".gif",
              "image/bmp": ".bmp", "image/x-emf": ".emf", "image/x-wmf": ".wmf", "image/svg+xml": ".svg",
              "text/csv": ".csv"}
PRINTABLE = {".png", ".jpg", ".tif", ".csv"}  # a CSV "image" (pandoc embeds one as it is) is a chart


@dataclass(frozen=True)
class FigureOut:
    """A figure the brief links to: its number, the image it shows, its file name, caption and alt text."""

    number: int
    image: int
    filename: str
    caption: str
    alt: str


@dataclass(frozen=True)
class Body:
    """What the writer made: the Markdown body, front-matter paragraphs, figures, and what it had to change."""

    markdown: str
    meta: Mapping[str, tuple[str, ...]]
    figures: tuple[FigureOut, ...]
    notes: int
    headings: tuple[str, ...]
    notices: tuple[tuple[str, str], ...]  # (message, hint)


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type.lower()) or mimetypes.guess_extension(content_type) or ".bin"


def caption_text(caption: str, number: int) -> str:
    """`Figure 2: text` whatever the writer's separator; a caption without a label gets `Figure N: `."""
    m = CAPTION_LABEL_RE.match(caption)
    if m:
        return f"{m.group(1)} {m.group(2)}: {caption[m.end():]}"
    return f"Figure {number}: {caption}" if caption else f"Figure {number}:"


def _split_notes(root: Node) -> tuple[list[Node | str], dict[str, Node]]:
    """Mammoth puts every footnote and endnote in one <ol> at the end; take it out of the body."""
    notes: dict[str, Node] = {}
    blocks: list[Node | str] = []
    for child in root.children:
        items = [c for c in child.children if isinstance(c, Node) and c.tag == "li"] \
            if isinstance(child, Node) and child.tag == "ol" else []
        if items and all(NOTE_ID_RE.match(li.attrs.get("id", "")) for li in items):
            notes.update((li.attrs["id"], li) for li in items)
        else:
            blocks.append(child)
    return blocks, notes


def write_body(html: str, images: tuple[EmbeddedImage, ...]) -> Body:
    """The brief body for mammoth's HTML."""
    blocks, notes = _split_notes(parse_html(html))
    writer = _Writer(images, notes)
    return writer.run(blocks)


class _Writer:
    def __init__(self, images: tuple[EmbeddedImage, ...], notes: dict[str, Node]) -> None:
        self.images = images
        self.note_nodes = notes
        self.note_order: dict[str, int] = {}
        self.meta: dict[str, list[str]] = {}
        self.out: list[str] = []
        self.figures: list[FigureOut] = []
        self.headings: list[str] = []
        self.notices: list[tuple[str, str]] = []
        self.pending: list[int] = []  # images waiting for the caption paragraph after them
        self.caption_before: str | None = None  # a caption paragraph waiting for the image after it
        self.levels: dict[int, int] = {}
        self.carried: list[str] = []  # notes cited in a heading, cited again after the next paragraph
        self.ctx = InlineContext(self.note_ref, self.notice)
        self.cell_ctx = InlineContext(self.note_ref, self.notice, in_table=True)
        self.meta_ctx = InlineContext(lambda note_id: 0, self.notice)  # notes cannot be cited from the front matter

    def note_ref(self, note_id: str) -> int:
        return self.note_order.setdefault(note_id, len(self.note_order) + 1)

    def notice(self, message: str, hint: str) -> None:
        if (message, hint) not in self.notices:
            self.notices.append((message, hint))

    def run(self, blocks: list[Node | str]) -> Body:
        blocks = self._title_from_heading(blocks)
        levels = sorted({HEADINGS[b.tag] for b in blocks if isinstance(b, Node) and b.tag in HEADINGS})
        self.levels = {level: min(2 + i, 6) for i, level in enumerate(levels)}
        for block in blocks:
            self.block(block)
        self.flush_figures(None)
        self.flush_caption()
        notes = self.note_definitions()
        markdown = "\n\n".join(self.out)
        if notes:
            markdown += "\n\n" + notes
        return Body(markdown + "\n", {k: tuple(v) for k, v in self.meta.items()}, tuple(self.figures),
                    len(self.note_order), tuple(self.headings), tuple(self.notices))

    def _title_from_heading(self, blocks: list[Node | str]) -> list[Node | str]:
        """No Title paragraph, and a single Heading 1 before anything else: that heading is the title."""
        nodes = [b for b in blocks if isinstance(b, Node) and not (b.tag == "a" and not b.children)]
        h1 = [b for b in nodes if b.tag == "h1"]
        has_title = any(b.tag == "p" and b.cls() == "bp-title" for b in nodes)
        body = [b for b in nodes if not (b.tag == "p" and b.cls() in META_CLASSES)]
        if has_title or len(h1) != 1 or not body or body[0] is not h1[0]:
            return blocks
        self.meta["title"] = [plain(h1[0].children)]
        return [b for b in blocks if b is not h1[0]]

    # ------------------------------------------------------------ blocks

    def block(self, node: Node | str) -> None:
        if isinstance(node, str):
            if node.strip():
                self.emit(paragraph_text([node], self.ctx))
            return
        cls = node.cls()
        if node.tag == "p" and cls in META_CLASSES:
            key = META_CLASSES[cls]
            value = paragraph_text(node.children, self.meta_ctx) if key == "abstract" else plain(node.children)
            if any(NOTE_HREF_RE.match(a.attrs.get("href", "")) for a in node.find_all("a")):
                value = value.replace("[^0]", "")
                self.notice(f"a note on the {key} was left out: the front matter cannot hold notes",
                            "put the note's text in the body or the colophon")
            if value:
                self.meta.setdefault(key, []).append(value)
        elif node.tag == "p" and cls == "bp-drop":
            return
        elif node.tag == "p" and cls == "bp-caption":
            self.caption(plain(node.children))
        elif node.tag == "p":
            self.paragraph(node)
        elif node.tag in HEADINGS:
            self.heading(node)
        elif node.tag == "blockquote":
            self.quote(node)
        elif node.tag in ("ul", "ol"):
            self.emit("\n".join(self.list_lines(node, "", 0)), node)
        elif node.tag == "table":
            self.table(node)
        elif node.tag == "a" and not node.children:
            return  # a bookmark
        elif any(isinstance(c, Node) and c.tag in ("p", "table", "ul", "ol", "blockquote") for c in node.children):
            for child in node.children:
                self.block(child)
        else:
            self.paragraph(node)

    def emit(self, markdown: str, container: Node | None = None) -> None:
        """Write one block; a caption or figures still waiting are written first, images inside after."""
        self.flush_figures(None)
        self.flush_caption()
        if markdown.strip():
            self.out.append(markdown)
        if container is not None:
            self.pending.extend(self.image_indices(container))

    def image_indices(self, node: Node) -> list[int]:
        """The embedded images below `node` (src="image:K"); a picture linked from outside the file is lost."""
        found: list[int] = []
        for img in node.find_all("img"):
            src = img.attrs.get("src", "")
            if src.startswith("image:") and src[6:].isdigit() and int(src[6:]) < len(self.images):
                found.append(int(src[6:]))
            else:
                self.notice(f"a picture linked from outside the Word file ('{src[:60]}') was left out",
                            "insert the picture into the document itself (Insert > Pictures) and import again")
        return found

    def paragraph(self, node: Node) -> None:
        text = paragraph_text(node.children, self.ctx)
        images = self.image_indices(node)
        if text and self.carried:
            text += "".join(f"[^{self.note_ref(note_id)}]" for note_id in self.carried)
            self.carried = []
        if text:
            self.emit(text)
        if images:
            self.flush_figures(None)
            self.pending.extend(images)
            if self.caption_before is not None:  # the caption came first: it belongs to these images
                caption, self.caption_before = self.caption_before, None
                self.flush_figures(caption)

    def heading(self, node: Node) -> None:
        text = plain(node.children)
        if not text:
            return
        notes = [m.group(1) for m in (NOTE_HREF_RE.match(a.attrs.get("href", "")) for a in node.find_all("a")) if m]
        if notes:  # the build refuses a note reference in a heading
            self.carried.extend(notes)
            self.notice(f"the heading '{text[:40]}' cites a note; the reference was moved to the end of the "
                        "paragraph after it", "check where the note belongs in brief.md")
        self.headings.append(text)
        self.emit("#" * self.levels.get(HEADINGS[node.tag], 2) + " " + escape_text(text), node)

    def quote(self, node: Node) -> None:
        paras = [paragraph_text(p.children, self.ctx) for p in node.children if isinstance(p, Node)]
        paras += [paragraph_text([s], self.ctx) for s in node.children if isinstance(s, str) and s.strip()]
        lines = "\n>\n".join("\n".join("> " + line for line in p.split("\n")) for p in paras if p)
        self.emit(lines, node)

    def list_lines(self, node: Node, indent: str, depth: int) -> list[str]:
        lines: list[str] = []
        items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
        for number, item in enumerate(items, 1):
            marker = "-" if node.tag == "ul" else f"{number}."
            own = [c for c in item.children if not (isinstance(c, Node) and c.tag in ("ul", "ol"))]
            parts = [paragraph_text(c.children, self.ctx) if isinstance(c, Node) and c.tag == "p" else None
                     for c in own]
            if any(p is not None for p in parts):
                text = " ".join(p for p in parts if p)
            else:
                text = paragraph_text(own, self.ctx)
            lines.append(f"{indent}{marker} {text}".rstrip())
            for sub in (c for c in item.children if isinstance(c, Node) and c.tag in ("ul", "ol")):
                if depth >= 1:
                    self.notice("a list nested more than one level deep was written one level deep",
                                "briefpress sets one level of nesting; check the list in brief.md")
                child_indent = indent + " " * (len(marker) + 1) if depth == 0 else indent
                lines.extend(self.list_lines(sub, child_indent, depth + 1))
        return lines

    def table(self, node: Node) -> None:
        rows: list[list[str]] = []
        for tr in node.find_all("tr"):
            row: list[str] = []
            for cell in (c for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")):
                paras = [c for c in cell.children if isinstance(c, Node) and c.tag == "p"]
                texts = [paragraph_text(p.children, self.cell_ctx) for p in paras] if paras \
                    else [paragraph_text(cell.children, self.cell_ctx)]
                row.append(" ".join(t.replace("\\\n", " ") for t in texts if t) or " ")
                row.extend([" "] * (int(cell.attrs.get("colspan", "1") or 1) - 1))
            if row:
                rows.append(row)
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [" "] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(c.strip() or " " for c in r) + " |" for r in rows]
        lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
        self.emit("\n".join(line.replace("|   |", "|  |") for line in lines), node)

    # ------------------------------------------------------------ figures

    def caption(self, text: str) -> None:
        if not text:
            return
        if self.pending:
            self.flush_figures(text)
        else:
            self.flush_caption()
            self.caption_before = text

    def flush_caption(self) -> None:
        """A caption paragraph that no image claimed is an ordinary paragraph."""
        if self.caption_before is not None:
            text, self.caption_before = self.caption_before, None
            if text:
                self.out.append(escape_text(text))

    def flush_figures(self, caption: str | None) -> None:
        """Write the waiting images as figures; the caption, if any, belongs to the last of them."""
        pending, self.pending = self.pending, []
        for k, image in enumerate(pending):
            self.figure(image, caption if k == len(pending) - 1 else None)

    def figure(self, image: int, caption: str | None) -> None:
        number = len(self.figures) + 1
        info = self.images[image]
        alt = "" if FILENAME_RE.match(info.alt) else info.alt
        if caption is None:
            caption = alt
            self.notice(f"figure {number} has no Caption paragraph after it"
                        + ("; its alt text was used as the caption" if alt else ""),
                        "write its caption in brief.md, ![Figure N: caption](…)")
        label = caption_text(caption, number)
        ext = extension(info.content_type)
        filename = f"figures/figure-{number}{ext}"
        if ext not in PRINTABLE:
            self.notice(f"figure {number} is a {ext[1:].upper()} image, which briefpress cannot print",
                        f"convert {filename} to PNG, JPEG or TIFF and change its link in brief.md")
        self.figures.append(FigureOut(number, image, filename, label, alt))
        line = f"![{escape_text(label)}]({filename})"
        if alt and alt not in (caption, label, label.partition(": ")[2]):
            line += '{alt="' + " ".join(alt.replace('"', "'").split()) + '"}'  # the figure's description
        self.out.append(line)

    # ------------------------------------------------------------ notes

    def note_definitions(self) -> str:
        """`[^n]: text` in order of first reference; a note's further paragraphs indented four spaces."""
        out: list[str] = []
        done = 0
        order = list(self.note_order)
        while done < len(order):  # a note may cite another note, which then joins the end of the list
            note_id = order[done]
            done += 1
            out.append(self.note(note_id, self.note_order[note_id]))
            order = list(self.note_order)
        return "\n".join(out)

    def note(self, note_id: str, number: int) -> str:
        node = self.note_nodes.get(note_id)
        if node is None:
            self.notice(f"note {number} is referenced but its text is missing from the Word file",
                        f"write the note text after [^{number}]: in brief.md")
            return f"[^{number}]:"
        paras: list[str] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag in ("ul", "ol"):
                paras.extend(paragraph_text(li.children, self.ctx) for li in child.children if isinstance(li, Node))
            elif isinstance(child, Node) and child.tag in ("p", "blockquote"):
                paras.append(paragraph_text(child.children if child.tag == "p" else [child], self.ctx))
            elif isinstance(child, str) and child.strip() or isinstance(child, Node):
                paras.append(paragraph_text([child], self.ctx))
        if node.find_all("img"):
            self.notice(f"note {number} holds an image, which a note cannot show; it was left out",
                        "put the picture in the body as a figure")
        paras = [p for p in paras if p]
        if len(paras) <= 1:
            return f"[^{number}]: " + (paras[0] if paras else "")
        rest = "\n\n".join("    " + p.replace("\\\n", "\\\n    ") for p in paras[1:])
        return f"[^{number}]: {paras[0]}\n\n{rest}\n"
