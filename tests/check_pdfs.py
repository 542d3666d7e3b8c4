"""Small PDFs made to pass or break one preflight rule each (ReportLab draws them, pypdf edits them)."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import ROOT

FONT = ROOT / "fonts" / "EBGaramond12-Regular.ttf"
BLEED = 9.0      # 0.125 in
MARKS = 18.0     # room for crop marks outside the bleed
OFF = BLEED + MARKS
W, H = 612.0, 792.0


def _canvas(path: Path, media: tuple[float, float]):  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if "TestSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestSerif", str(FONT)))
    c = Canvas(str(path), pagesize=media, lang="en-US", initialFontName="TestSerif", invariant=1)
    c.setTitle("A test brief")
    c.setAuthor("Preflight tests")
    return c


def _body(c, x0: float, y0: float, number: int, font: str = "TestSerif") -> None:  # type: ignore[no-untyped-def]
    c.setFont(font, 10.5)
    for i in range(30):
        c.drawString(x0 + 54, y0 + 700 - i * 13, f"Page {number} line {i}: text in a column of the brief.")


def print_pdf(path: Path, *, pages: int = 2, trim_on: tuple[int, ...] | None = None, image=None,  # type: ignore[no-untyped-def]
              placed: float = 72.0, rgb_text: bool = False, helvetica: bool = False,
              edge_text: str | None = None) -> Path:
    """A press PDF: bleed and marks around a US Letter trim, CMYK text, optional image and faults.

    trim_on: pages that get TrimBox and BleedBox (default all); image: a PIL image placed `placed` pt wide
    on page 1; edge_text: 'body' (10.5 pt) or 'folio' (7 pt) text 0.1 in from the trim's left edge.
    """
    from reportlab.lib.utils import ImageReader

    c = _canvas(path, (W + 2 * OFF, H + 2 * OFF))
    for number in range(1, pages + 1):
        if trim_on is None or number in trim_on:
            c.setTrimBox((OFF, OFF, OFF + W, OFF + H))
            c.setBleedBox((OFF - BLEED, OFF - BLEED, OFF + W + BLEED, OFF + H + BLEED))
        if rgb_text:
            c.setFillColorRGB(0.8, 0.1, 0.1)
        else:
            c.setFillColorCMYK(0, 0, 0, 1)
        _body(c, OFF, OFF, number, "Helvetica" if helvetica else "TestSerif")
        if number == 1 and image is not None:
            c.drawImage(ImageReader(image), OFF + 300, OFF + 100, placed, placed * image.height / image.width)
        if edge_text:
            c.setFont("TestSerif", 10.5 if edge_text == "body" else 7)
            c.drawString(OFF + 7.2, OFF + 400, "Text far too close to the edge")
        c.showPage()
    c.save()
    if trim_on is not None:  # ReportLab keeps a page box for the pages after it: take it off again
        _drop_boxes(path, [n for n in range(1, pages + 1) if n not in trim_on])
    return path


def _drop_boxes(path: Path, numbers: list[int]) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    for number in numbers:
        page = writer.pages[number - 1]
        for key in ("/TrimBox", "/BleedBox"):
            if key in page:
                del page[NameObject(key)]
    with open(path, "wb") as fh:
        writer.write(fh)


def web_pdf(path: Path, *, pages: int = 2, outline: bool = True, links: bool = True) -> Path:
    """A screen PDF: US Letter, RGB, bookmarks, an internal link and a URL link."""
    c = _canvas(path, (W, H))
    for number in range(1, pages + 1):
        c.setFillColorRGB(0.1, 0.1, 0.1)
        _body(c, 0, 0, number)
        if number == 1:
            c.bookmarkPage("intro")
            if outline:
                c.addOutlineEntry("Introduction", "intro")
        if number == 2 and links:
            c.linkAbsolute("back", "intro", (54, 680, 300, 712))
            c.linkURL("https://www.example.org/", (54, 600, 300, 620))
        c.showPage()
    c.save()
    return path


def add_link(path: Path, action: dict, page: int = 0) -> Path:
    """Add a link annotation with a raw action (e.g. a GoTo to a missing name) that ReportLab refuses to write."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                               TextStringObject)

    def pdf_value(v):  # type: ignore[no-untyped-def]
        return NameObject(v) if isinstance(v, str) and v.startswith("/") else TextStringObject(v)

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(54), FloatObject(500), FloatObject(300), FloatObject(520)]),
        NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
        NameObject("/A"): DictionaryObject({NameObject(k): pdf_value(v) for k, v in action.items()}),
    })
    writer.add_annotation(page, annot)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def encrypted(source: Path, target: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    target.write_bytes(buf.getvalue())
    return target


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def notes_pdf(path: Path, note_page: int) -> Path:
    """Two web pages of body text; page 1 cites note 1 with a raised small '1'; the note is set on `note_page`."""
    c = _canvas(path, (W, H))
    for number in (1, 2):
        _body(c, 0, 0, number)
        if number == 1:
            t = c.beginText(54, 300)
            t.setFont("TestSerif", 10.5)
            t.textOut("A sentence that needs a source.")
            t.setFont("TestSerif", 6.5)
            t.setRise(3.8)
            t.textOut("1")
            c.drawText(t)
        if number == note_page:
            c.setFont("TestSerif", 7.6)
            c.drawString(54, 80, "1. The source of the sentence, p. 3.")
        c.showPage()
    c.save()
    return path


def blank_page_pdf(path: Path, graphic_only: bool = False) -> Path:
    """Two press pages; page 2 draws only crop marks outside the trim, or (graphic_only) a box inside it."""
    c = _canvas(path, (W + 2 * OFF, H + 2 * OFF))
    for number in (1, 2):
        c.setTrimBox((OFF, OFF, OFF + W, OFF + H))
        c.setBleedBox((OFF - BLEED, OFF - BLEED, OFF + W + BLEED, OFF + H + BLEED))
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.line(OFF, 0, OFF, OFF - BLEED - 2)  # a crop mark: outside the trim, so not "drawn on the page"
        if number == 1:
            c.setFillColorCMYK(0, 0, 0, 1)
            _body(c, OFF, OFF, number)
        elif graphic_only:
            c.setFillColorCMYK(1, 0, 0, 0)
            c.rect(OFF + 100, OFF + 100, 200, 200, stroke=0, fill=1)
        c.showPage()
    c.save()
    return path
