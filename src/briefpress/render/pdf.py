"""LaidOutDocument -> PDF file, drawn with ReportLab's canvas.

Pages are laid out at trim size; in print the canvas is larger by the bleed
and the room for crop marks, every page gets a TrimBox and a BleedBox, and
the marks are drawn outside the bleed (ReportLab's own cropMarks would
stretch the page).  Only embedded TrueType fonts are used, the canvas's
initial font included, so no Helvetica reference remains.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..fonts import FontBook
from ..layout.page import LaidOutDocument, Page, PlacedFigure, PlacedLine, PlacedRect, PlacedRule, PlacedText
from ..model.nodes import Meta
from ..model.structure import document_tree
from ..style.spec import LayoutSpec
from .colors import Palette
from .info import record_info
from .structtree import tag_page, write_structure
from .tagging import ARTIFACT, EMC, Tagger
from .textout import TextWriter, _num, drop_cap_word
from .xmp import PRODUCER, xmp_packet


def page_offset(doc: LaidOutDocument) -> float:
    """Distance from the MediaBox edge to the trim edge."""
    p = doc.spec.page
    return p.bleed + (p.mark_offset + p.mark_length if p.crop_marks else 0.0)


def render_pdf(doc: LaidOutDocument, fonts: FontBook, target: Path, stats_json: str | None = None) -> bytes:
    """Write the PDF to `target` and return its bytes (so the preflight reads them without a disk round trip)."""
    import io

    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # binary Flate streams: ASCII85 on top only makes the file a quarter larger

    spec = doc.spec
    meta = doc.brief.meta
    off = page_offset(doc)
    W, H = spec.page.width, spec.page.height
    media = (W + 2 * off, H + 2 * off)
    invariant = 1 if os.environ.get("SOURCE_DATE_EPOCH") else 0
    press = spec.profile == "print"  # PDF/X-4 is based on PDF 1.6; screens may have 1.7's pagination subtypes
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=media, invariant=invariant, pageCompression=1,
                    initialFontName=fonts.name(spec.fonts.text), initialFontSize=spec.text.size,
                    lang=meta.lang, pdfVersion=(1, 6) if press else (1, 7))
    author = _describe(canvas, meta, stats_json)
    tree = document_tree(doc.brief) if spec.output.tagged else None
    tagger = Tagger(tree, spec.output.links, not press) if tree is not None else None
    palette = Palette(spec)
    writer = TextWriter(canvas._doc, fonts, palette)
    if spec.output.outline and doc.outline:
        canvas.showOutline()
    anchors = doc.anchor_names
    for page in doc.pages:
        if tagger is not None:
            tagger.start_page()
        links = _draw_page(canvas, page, doc, fonts, palette, writer, off, tagger)
        if spec.output.links or spec.output.outline:
            _navigation(canvas, page, off)
        made = _annotate(canvas, links, anchors, tagger, spec) if spec.output.links else 0
        canvas.showPage()
        if tagger is not None:
            tag_page(canvas._doc.Pages.pages[-1], tagger.marks.keys[-1], made > 0)
    if spec.output.outline:
        canvas.addOutlineEntry(meta.title, "page-1", level=0)  # the cover: an outline even without sections
        for entry in doc.outline:
            canvas.addOutlineEntry(entry.title, entry.anchor, level=entry.level)
    if spec.output.page_labels:
        _page_labels(canvas, doc)
    _catalog(canvas, doc, tree, tagger, author)
    with _distinct_subset_tags():
        canvas.save()
    data = buffer.getvalue()
    with open(target, "wb") as fh:
        fh.write(data)
    return data


def _describe(canvas, meta: Meta, stats_json: str | None) -> str:  # type: ignore[no-untyped-def]
    """The Info dictionary from the front matter; returns the author line it names."""
    author = ", ".join(meta.authors) if meta.authors else meta.publisher
    canvas.setTitle(meta.title)
    canvas.setAuthor(author)
    canvas.setSubject(meta.abstract_text)
    canvas.setKeywords(", ".join(meta.keywords))
    canvas.setCreator("briefpress")
    canvas.setProducer(PRODUCER)
    if stats_json:
        record_info(canvas, "BriefpressStats", stats_json)  # the typesetting figures travel with the PDF
    return author


def _catalog(canvas, doc: LaidOutDocument, tree, tagger: Tagger | None, author: str) -> None:  # type: ignore[no-untyped-def]
    """What the catalog gets once the pages are drawn: the structure tree (tagged PDF), the output
    intent (PDF/X-4) and the XMP packet that makes both claims."""
    spec = doc.spec
    if tree is not None and tagger is not None:
        write_structure(canvas, tree, tagger)
        canvas.setViewerPreference("DisplayDocTitle", "true")  # PDF/UA: the title shown, not the file name
    press_ids = None
    if spec.output.output_intent:
        from .pdfx import add_output_intent

        identity = _content_digest(canvas)  # the XMP document id: same pages, same id, wherever built
        press_ids = add_output_intent(canvas, Path(spec.output_intent_path), spec.output.output_condition, identity)
    if tree is not None or press_ids is not None:
        _metadata(canvas, xmp_packet(doc.brief.meta, author, tree is not None, press_ids))


def _content_digest(canvas) -> str:  # type: ignore[no-untyped-def]
    """A digest of every page's drawing operators: what the document is, not where it was built."""
    import hashlib

    digest = hashlib.md5()
    for page in canvas._doc.Pages.pages:
        digest.update(str(page.stream).encode("latin-1", "replace"))
    return digest.hexdigest()


@contextmanager
def _distinct_subset_tags() -> Iterator[None]:
    """Give every embedded subset its own six-letter tag (AAAAAA+, AAAAAB+, …), as ISO 32000 asks.

    ReportLab tags subset n of every font with the same letters, so each font's first subset is
    AAAAAA+; its fonts take their tags from the module function SUBSETN while the file is written,
    in a fixed order, so a counter in its place keeps builds byte-identical.
    """
    from reportlab.pdfbase import ttfonts

    standard = ttfonts.SUBSETN
    count = iter(range(26 ** 6))

    def tag(_n: int) -> bytes:
        k = next(count)
        return bytes(65 + (k // 26 ** i) % 26 for i in range(5, -1, -1))

    ttfonts.SUBSETN = tag
    try:
        yield
    finally:
        ttfonts.SUBSETN = standard


def _metadata(canvas, packet: bytes) -> None:  # type: ignore[no-untyped-def]
    """The catalog's XMP metadata stream (PDF/UA-1 and PDF/X-4 claims)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet)
    stream.__RefOnly__ = 1
    canvas._doc.Catalog.Metadata = stream


def _navigation(canvas, page: Page, off: float) -> None:  # type: ignore[no-untyped-def]
    """Destinations for every anchor of the page (links and bookmarks lead to them)."""
    if page.number == 1:
        canvas.bookmarkPage("page-1", fit="Fit")
        canvas._doc.Catalog.OpenAction = canvas._bookmarkReference("page-1")  # open on the cover, whole page
    for anchor in page.anchors:
        canvas.bookmarkPage(anchor.name, fit="XYZ", left=anchor.x + off, top=anchor.y + off + 4)


@dataclass(frozen=True)
class _Link:
    rect: tuple[float, float, float, float]
    target: str
    text: str
    node: str | None  # the Link element that owns the annotation (tagged PDF)


def _line_links(item: PlacedLine, ids: list[str] | None, off: float) -> list[_Link]:
    """One rectangle per link and line: neighbouring runs with the same link."""
    runs = item.line.runs
    base = item.x + item.line.offset + off
    out: list[_Link] = []
    k = 0
    while k < len(runs):
        link = runs[k].link
        if not link:
            k += 1
            continue
        end = k
        while end + 1 < len(runs) and runs[end + 1].link == link:
            end += 1
        span = runs[k:end + 1]
        size = max(r.frag.size for r in span)
        rise = span[0].frag.rise
        rect = (base + span[0].x, item.y + off + rise - size * 0.25, base + span[-1].x + span[-1].width,
                item.y + off + rise + size * 0.8)
        out.append(_Link(rect, link, "".join(r.frag.text for r in span), ids[k] if ids else None))
        k = end + 1
    return out


def _annotate(canvas, links: list[_Link], anchors: set[str], tagger: Tagger | None,  # type: ignore[no-untyped-def]
              spec: LayoutSpec) -> int:
    """Link annotations, each with a description and the print flag, owned by its Link element when tagged."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    made = 0
    for link in links:
        ann = PDFDictionary({"Type": PDFName("Annot"), "Subtype": PDFName("Link"), "Rect": PDFArray(link.rect),
                             "Border": PDFArray([0, 0, 0]), "F": 4})
        if link.target.startswith("#"):
            name = link.target[1:]
            if name not in anchors:
                continue  # nothing to lead to: the text stays, unlinked
            ann["Dest"] = canvas._bookmarkReference(name)
        else:
            ann["A"] = PDFDictionary({"S": PDFName("URI"), "URI": PDFString(link.target)})
        ann["Contents"] = PDFString(_link_description(link, spec))
        name = f"L{canvas._annotationCount + 1}"
        if tagger is not None and link.node is not None:
            ann["StructParent"] = tagger.annotation(canvas._doc.refAnnotation(name), link.node)
        canvas._addAnnotation(ann, name)
        made += 1
    return made


def _link_description(link: _Link, spec: LayoutSpec) -> str:
    """What a screen reader says for a link: its words, or for a note marker what it leads to."""
    for prefix, template in (("#note-", spec.output.note_link_text), ("#ref-", spec.output.back_link_text)):
        if link.target.startswith(prefix):
            return template.format(number=link.target[len(prefix):])
    return link.text.strip() or link.target


def _page_labels(canvas, doc: LaidOutDocument) -> None:  # type: ignore[no-untyped-def]
    """Cover, 2, 3, …, Back cover: what a reader sees printed on the page."""
    from reportlab.pdfbase.pdfdoc import PDFPageLabel

    canvas.addPageLabel(0, prefix="Cover")
    if len(doc.pages) > 2:
        canvas.addPageLabel(1, style=PDFPageLabel.ARABIC, start=2)
    canvas.addPageLabel(len(doc.pages) - 1, prefix="Back cover")


def _draw_page(canvas, page: Page, doc: LaidOutDocument, fonts: FontBook, palette: Palette,  # type: ignore[no-untyped-def]
               writer: TextWriter, off: float, tagger: Tagger | None) -> list[_Link]:
    """Draw the page's items in their (reading) order; return the links to annotate."""
    spec = doc.spec
    W, H = spec.page.width, spec.page.height
    if off:
        b = spec.page.bleed
        canvas.setTrimBox((off, off, off + W, off + H))
        canvas.setBleedBox((off - b, off - b, off + W + b, off + H + b))
    code: list[str] = []
    links: list[_Link] = []
    shift = f"1 0 0 1 {_num(off)} {_num(off)} cm" if off else ""
    run_on = _RunOn(tagger, code)
    for item in page.items:
        if not isinstance(item, PlacedLine):
            run_on.close()
        if isinstance(item, PlacedRect):
            code.append(_artifact(tagger, f"{palette.fill_op(item.fill)} {_num(item.x)} {_num(item.y)} "
                                          f"{_num(item.w)} {_num(item.h)} re f"))
        elif isinstance(item, PlacedRule):
            code.append(_artifact(tagger, f"{palette.stroke_op(item.color)} {_num(item.width)} w {_num(item.x1)} "
                                          f"{_num(item.y1)} m {_num(item.x2)} {_num(item.y2)} l S"))
        elif isinstance(item, PlacedLine):
            line = item.line
            spaces = line.spaces
            ids = tagger.run_nodes(item.node, line.runs) if tagger is not None and item.node else None
            marks = None
            cap = drop_cap_word(line.runs) if ids is not None else None
            if tagger is not None and ids is not None and (cap is not None or not run_on.take(item.node, ids)):
                run_on.close()
                marks = tagger.cap_marks(ids, cap) if cap is not None else tagger.line_marks(ids)
            text = writer.line(item.x + line.offset, item.y, line.runs, line.scale,
                               sum(spaces) / len(spaces) if spaces else None, marks, line.word_end)
            code.append(text if ids is not None or tagger is None or not text else _artifact(tagger, text))
            links.extend(_line_links(item, ids, off))
        elif isinstance(item, PlacedText):
            code.append(_placed_text(writer, item, tagger))
        elif isinstance(item, PlacedFigure):
            _flush(canvas, code, shift)
            if tagger is not None:
                canvas._code.append(tagger.open(item.node) if item.node else ARTIFACT)
            _draw_figure(canvas, item, doc, fonts, palette, writer, off)
            if tagger is not None:
                canvas._code.append(EMC)
    run_on.close()
    _flush(canvas, code, shift)
    if spec.page.crop_marks:
        _crop_marks(canvas, doc, off, tagger)
    return links


class _RunOn:
    """One marked-content sequence over neighbouring lines of one node that hold no inline element.

    A paragraph's lines in a column, or a two-line heading, then have one MCID instead of one each:
    a smaller tree, and a heading's /K stays a single MCID.
    """

    def __init__(self, tagger: Tagger | None, code: list[str]) -> None:
        self.tagger = tagger
        self.code = code
        self.node: str | None = None

    def take(self, node: str, ids: list[str]) -> bool:
        """Mark a line of `node` as part of the open sequence (opening one if needed), if it is plain text."""
        if self.tagger is None or any(i != node for i in ids):
            self.close()
            return False
        if self.node != node:
            self.close()
            self.code.append(self.tagger.open(node))
            self.node = node
        return True

    def close(self) -> None:
        if self.node is not None:
            self.code.append(EMC)
            self.node = None


def _artifact(tagger: Tagger | None, ops: str, opening: str = ARTIFACT) -> str:
    """Furniture: outside the structure, marked so that a reader skips it."""
    return f"{opening}\n{ops}\n{EMC}" if tagger is not None and ops else ops


def _placed_text(writer: TextWriter, item: PlacedText, tagger: Tagger | None) -> str:
    if tagger is not None and item.node:
        return writer.text(item.x, item.y, item.text, item.font, item.size, item.color, item.align,
                           tagger.open(item.node))
    ops = writer.text(item.x, item.y, item.text, item.font, item.size, item.color, item.align)
    if tagger is not None and item.role in ("folio", "footer"):
        return _artifact(tagger, ops, tagger.pagination)
    return _artifact(tagger, ops)


def _flush(canvas, code: list[str], shift: str) -> None:  # type: ignore[no-untyped-def]
    """Hand raw operators to the canvas in trim coordinates, wrapped so no graphics state leaks out."""
    if code:
        canvas._code.append("q\n" + shift + "\n" + "\n".join(c for c in code if c) + "\nQ")
        code.clear()


def _draw_figure(canvas, item: PlacedFigure, doc: LaidOutDocument, fonts: FontBook,  # type: ignore[no-untyped-def]
                 palette: Palette, writer: TextWriter, off: float) -> None:
    fig = item.figure
    if fig.chart is not None:
        from .charts import chart_ops

        canvas._code.append(chart_ops(fig.chart, item.x + off, item.y + off, item.w, item.h, doc.spec, fonts,
                                      palette, writer))
    else:
        from .images import prepared_image

        reader = prepared_image(fig.path, item.w, item.h, doc.spec)
        canvas.drawImage(reader, item.x + off, item.y + off, item.w, item.h)


def _crop_marks(canvas, doc: LaidOutDocument, off: float, tagger: Tagger | None) -> None:  # type: ignore[no-untyped-def]
    p = doc.spec.page
    W, H = p.width, p.height
    start = p.bleed + p.mark_offset
    end = start + p.mark_length
    ops = ["q", "0 0 0 1 K" if doc.spec.output.color_space == "cmyk" else "0 0 0 RG", f"{_num(p.mark_width)} w"]
    for x in (off, off + W):
        for y, sign in ((off, -1), (off + H, 1)):
            ops.append(f"{_num(x)} {_num(y + sign * start)} m {_num(x)} {_num(y + sign * end)} l S")
    for y in (off, off + H):
        for x, sign in ((off, -1), (off + W, 1)):
            ops.append(f"{_num(x + sign * start)} {_num(y)} m {_num(x + sign * end)} {_num(y)} l S")
    ops.append("Q")
    canvas._code.append(_artifact(tagger, "\n".join(ops)))
