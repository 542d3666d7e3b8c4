"""LaidOutDocument -> PDF file, drawn with ReportLab's canvas.

Pages are laid out at trim size; in print the canvas is larger by the bleed
and the room for crop marks, every page gets a TrimBox and a BleedBox, and
the marks are drawn outside the bleed (ReportLab's own cropMarks would
stretch the page).  Only embedded TrueType fonts are used, the canvas's
initial font included, so no Helvetica reference remains.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..fonts import FontBook
from ..layout.lines import Run
from ..layout.page import LaidOutDocument, Page, PlacedFigure, PlacedLine, PlacedRect, PlacedRule, PlacedText
from .colors import Palette
from .textout import TextWriter, _num


def page_offset(doc: LaidOutDocument) -> float:
    """Distance from the MediaBox edge to the trim edge."""
    p = doc.spec.page
    return p.bleed + (p.mark_offset + p.mark_length if p.crop_marks else 0.0)


def _record_info(canvas, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Add a custom key to the document information dictionary (ReportLab writes a fixed set)."""
    from reportlab.pdfbase.pdfdoc import PDFString

    info = canvas._doc.info
    standard = info.format

    def with_extra(document):  # type: ignore[no-untyped-def]
        out = standard(document)
        end = out.rindex(b">>")
        return out[:end] + b"/" + key.encode() + b" " + PDFString(value).format(document) + b"\n" + out[end:]

    info.format = with_extra


def render_pdf(doc: LaidOutDocument, fonts: FontBook, target: Path, stats_json: str | None = None) -> None:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # binary Flate streams: ASCII85 on top only makes the file a quarter larger

    spec = doc.spec
    meta = doc.brief.meta
    off = page_offset(doc)
    W, H = spec.page.width, spec.page.height
    media = (W + 2 * off, H + 2 * off)
    invariant = 1 if os.environ.get("SOURCE_DATE_EPOCH") else 0
    canvas = Canvas(str(target), pagesize=media, invariant=invariant, pageCompression=1,
                    initialFontName=fonts.name(spec.fonts.text), initialFontSize=spec.text.size,
                    lang=meta.lang, pdfVersion=(1, 6))
    canvas.setTitle(meta.title)
    canvas.setAuthor(", ".join(meta.authors) if meta.authors else meta.publisher)
    canvas.setSubject(meta.abstract_text)
    canvas.setKeywords(", ".join(meta.keywords))
    canvas.setCreator("briefpress")
    canvas.setProducer("briefpress (ReportLab)")
    if stats_json:
        _record_info(canvas, "BriefpressStats", stats_json)  # the typesetting figures travel with the PDF
    palette = Palette(spec)
    writer = TextWriter(canvas._doc, fonts, palette)
    if spec.output.outline and doc.outline:
        canvas.showOutline()
    for page in doc.pages:
        _draw_page(canvas, page, doc, fonts, palette, writer, off)
        if spec.output.links or spec.output.outline:
            _navigation(canvas, page, doc, off)
        canvas.showPage()
    if spec.output.outline:
        canvas.addOutlineEntry(meta.title, "page-1", level=0)  # the cover: an outline even without sections
        for entry in doc.outline:
            canvas.addOutlineEntry(entry.title, entry.anchor, level=entry.level)
    if spec.output.page_labels:
        _page_labels(canvas, doc)
    canvas.save()
    if spec.output.output_intent:
        from .pdfx import add_output_intent

        add_output_intent(target, Path(spec.output_intent_path), spec.output.output_condition, meta,
                          ", ".join(meta.authors) if meta.authors else meta.publisher)


def _navigation(canvas, page: Page, doc: LaidOutDocument, off: float) -> None:  # type: ignore[no-untyped-def]
    """Destinations for every anchor, and link annotations over linked text (web layouts)."""
    if page.number == 1:
        canvas.bookmarkPage("page-1", fit="Fit")
        canvas._doc.Catalog.OpenAction = canvas._bookmarkReference("page-1")  # open on the cover, whole page
    for anchor in page.anchors:
        canvas.bookmarkPage(anchor.name, fit="XYZ", left=anchor.x + off, top=anchor.y + off + 4)
    if not doc.spec.output.links:
        return
    for item in page.items:
        if not isinstance(item, PlacedLine):
            continue
        base = item.x + item.line.offset + off
        for span in _link_spans(item.line.runs):
            first, last = span[0], span[-1]
            size = max(r.frag.size for r in span)
            rise = first.frag.rise
            rect = (base + first.x, item.y + off + rise - size * 0.25, base + last.x + last.width,
                    item.y + off + rise + size * 0.8)
            target = first.link or ""
            if target.startswith("#"):
                if target[1:] not in doc.anchor_names:  # the model warned; a dangling link would not save
                    continue
                canvas.linkRect("", target[1:], Rect=rect, relative=0, thickness=0)
            else:
                canvas.linkURL(target, rect, relative=0, thickness=0)


def _link_spans(runs: tuple[Run, ...]) -> list[list[Run]]:
    """Neighbouring runs with the same link, one list each: one rectangle per link and line."""
    spans: list[list[Run]] = []
    previous: Run | None = None
    for run in runs:
        if run.link:
            if previous is not None and previous.link == run.link:
                spans[-1].append(run)
            else:
                spans.append([run])
        previous = run
    return spans


def _page_labels(canvas, doc: LaidOutDocument) -> None:  # type: ignore[no-untyped-def]
    """Cover, 2, 3, …, Back cover: what a reader sees printed on the page."""
    from reportlab.pdfbase.pdfdoc import PDFPageLabel

    canvas.addPageLabel(0, prefix="Cover")
    if len(doc.pages) > 2:
        canvas.addPageLabel(1, style=PDFPageLabel.ARABIC, start=2)
    canvas.addPageLabel(len(doc.pages) - 1, prefix="Back cover")


def _draw_page(canvas, page: Page, doc: LaidOutDocument, fonts: FontBook, palette: Palette,  # type: ignore[no-untyped-def]
               writer: TextWriter, off: float) -> None:
    spec = doc.spec
    W, H = spec.page.width, spec.page.height
    if off:
        b = spec.page.bleed
        canvas.setTrimBox((off, off, off + W, off + H))
        canvas.setBleedBox((off - b, off - b, off + W + b, off + H + b))
    code: list[str] = []
    shift = f"1 0 0 1 {_num(off)} {_num(off)} cm" if off else ""
    for item in page.items:
        if isinstance(item, PlacedRect):
            code.append(f"{palette.fill_op(item.fill)} {_num(item.x)} {_num(item.y)} {_num(item.w)} {_num(item.h)} re f")
        elif isinstance(item, PlacedRule):
            code.append(f"{palette.stroke_op(item.color)} {_num(item.width)} w {_num(item.x1)} {_num(item.y1)} m "
                        f"{_num(item.x2)} {_num(item.y2)} l S")
        elif isinstance(item, PlacedLine):
            line = item.line
            spaces = line.spaces
            code.append(writer.line(item.x + line.offset, item.y, line.runs, line.scale,
                                    sum(spaces) / len(spaces) if spaces else None))
        elif isinstance(item, PlacedText):
            code.append(writer.text(item.x, item.y, item.text, item.font, item.size, item.color, item.align))
        elif isinstance(item, PlacedFigure):
            _flush(canvas, code, shift)
            canvas.saveState()
            canvas.translate(off, off)
            _draw_figure(canvas, item, doc, fonts, palette)
            canvas.restoreState()
    _flush(canvas, code, shift)
    if spec.page.crop_marks:
        _crop_marks(canvas, doc, off)


def _flush(canvas, code: list[str], shift: str) -> None:  # type: ignore[no-untyped-def]
    """Hand raw operators to the canvas in trim coordinates, wrapped so no graphics state leaks out."""
    if code:
        canvas._code.append("q\n" + shift + "\n" + "\n".join(c for c in code if c) + "\nQ")
        code.clear()


def _draw_figure(canvas, item: PlacedFigure, doc: LaidOutDocument, fonts: FontBook,  # type: ignore[no-untyped-def]
                 palette: Palette) -> None:
    fig = item.figure
    if fig.chart is not None:
        from reportlab.graphics import renderPDF

        from .charts import chart_drawing

        drawing = chart_drawing(fig.chart, item.w, item.h, doc.spec, fonts, palette)
        renderPDF.draw(drawing, canvas, item.x, item.y)
    else:
        from .images import prepared_image

        reader = prepared_image(fig.path, item.w, item.h, doc.spec)
        canvas.drawImage(reader, item.x, item.y, item.w, item.h)


def _crop_marks(canvas, doc: LaidOutDocument, off: float) -> None:  # type: ignore[no-untyped-def]
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
    canvas._code.append("\n".join(ops))
