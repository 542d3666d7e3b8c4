"""What a reader sees in a PDF: text pieces with position and size, fonts, boxes (through pypdf)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass(frozen=True)
class Chunk:
    text: str
    x: float
    y: float
    size: float
    font: str


def chunks(page) -> list[Chunk]:  # type: ignore[no-untyped-def]
    """Text pieces as pypdf's extractor emits them, with device-space position and size."""
    out: list[Chunk] = []

    def visit(text, cm, tm, font_dict, font_size):  # type: ignore[no-untyped-def]
        if not text or not text.strip():
            return
        a, b, c, d, e, f = tm
        A, B, C, D, E, F = cm
        x = a * 0 + c * 0 + e
        x = e * A + f * C + E
        y = e * B + f * D + F
        scale = (abs(d * D) or 1.0)
        name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        out.append(Chunk(text, x, y, font_size * scale, name))

    page.extract_text(visitor_text=visit)
    return out


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font used on any page (Type0 descendants and form XObjects included) -> embedded?"""
    seen: dict[str, bool] = {}

    def walk_resources(res) -> None:  # type: ignore[no-untyped-def]
        if res is None:
            return
        res = res.get_object()
        for _name, ref in (res.get("/Font") or {}).items():
            font = ref.get_object()
            descs = [font]
            if font.get("/Subtype") == "/Type0":
                descs = [d.get_object() for d in font["/DescendantFonts"]]
            for d in descs:
                fd = d.get("/FontDescriptor")
                fd = fd.get_object() if fd is not None else None
                embedded = fd is not None and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                seen[str(d.get("/BaseFont", font.get("/BaseFont")))] = embedded
        for _name, ref in (res.get("/XObject") or {}).items():
            xo = ref.get_object()
            if xo.get("/Subtype") == "/Form":
                walk_resources(xo.get("/Resources"))

    for page in reader.pages:
        walk_resources(page.get("/Resources"))
    return seen


def page_text(path: Path) -> list[str]:
    reader = PdfReader(str(path))
    return [p.extract_text() for p in reader.pages]


@dataclass(frozen=True)
class Glyph:
    char: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def glyphs(path: Path, page_index: int) -> list[Glyph]:
    """Every character on a page with its box and size, as PDFium (a viewer's engine) places it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_index]
        text = page.get_textpage()
        out = []
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not ch.strip():
                continue
            x0, y0, x1, y1 = text.get_charbox(i)
            out.append(Glyph(ch, x0, y0, x1, y1, raw.FPDFText_GetFontSize(text, i)))
        return out
    finally:
        pdf.close()
