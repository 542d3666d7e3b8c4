"""Pages to pixels with PDFium (pypdfium2), with the page boxes needed to place guides and thumbnails.

PDFium renders the CropBox (the MediaBox in briefpress PDFs), so a print
page's image includes bleed and crop marks and its pixel size is the
MediaBox at the chosen resolution.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PdfCheckError

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageGeometry:
    """Where the boxes of one page fall in its rendered image."""

    crop: Box
    trim: Box | None    # None when the page sets no TrimBox
    bleed: Box | None   # None when the page sets no BleedBox
    rotation: int
    scale: float        # pixels per point

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        """A point in PDF user space -> (column, row) in the image (unrotated pages)."""
        return (x - self.crop[0]) * self.scale, (self.crop[3] - y) * self.scale

    def box_pixels(self, box: Box) -> tuple[float, float, float, float]:
        (x0, y1), (x1, y0) = self.to_pixels(box[0], box[1]), self.to_pixels(box[2], box[3])
        return x0, y0, x1, y1


@contextmanager
def open_pdfium(pdf: Path) -> Iterator[Any]:
    """A PDFium document, closed afterwards; unreadable files become a one-line PdfCheckError."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(pdf))
    except Exception as exc:  # noqa: BLE001 - PdfiumError and friends: the same finding for the user
        raise PdfCheckError(f"cannot render the PDF ({' '.join(str(exc).split()) or type(exc).__name__})",
                            path=pdf, hint="run `briefpress check` on it, or export it again") from None
    try:
        yield doc
    finally:
        doc.close()


def _box(page: Any, getter: str) -> Box | None:
    try:
        box = getattr(page, getter)(fallback_ok=False)
    except Exception:  # noqa: BLE001 - a malformed box reads as absent
        return None
    return tuple(float(v) for v in box) if box else None  # type: ignore[return-value]


def render_page(doc: Any, index: int, dpi: int) -> tuple[Any, PageGeometry]:
    """(RGB PIL image, geometry) of page `index` at `dpi`."""
    page = doc[index]
    try:
        scale = dpi / 72
        bitmap = page.render(scale=scale, may_draw_forms=True)
        try:
            image = bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
        crop = tuple(float(v) for v in page.get_cropbox())
        geometry = PageGeometry(crop, _box(page, "get_trimbox"), _box(page, "get_bleedbox"),  # type: ignore[arg-type]
                                int(page.get_rotation() or 0), scale)
        return image, geometry
    finally:
        page.close()
