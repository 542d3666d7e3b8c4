"""Guides drawn over a rendered page: bleed, trim, the text area (margins) and the column frames.

Boxes come from the page itself (BleedBox, TrimBox); margins and columns
come from the layout, placed from the trim's lower-left corner, which in a
print PDF sits inside the MediaBox by the bleed and the room for marks.  The
frames are those of body pages; covers draw their own furniture inside them.
"""

from __future__ import annotations

from typing import Any

from .render import PageGeometry

BLEED = (220, 30, 30)
TRIM = (0, 150, 220)
MARGIN = (200, 0, 200)
COLUMN = (0, 160, 60)
LEGEND = (("bleed", BLEED), ("trim", TRIM), ("margins", MARGIN), ("columns", COLUMN))


def layout_for_guides(layout: str | None, has_trim: bool) -> tuple[Any, str | None]:
    """(LayoutSpec or None, note): an explicit layout must load; the default one may be missing."""
    from ..errors import LayoutFileError
    from ..style.load import load_layout

    if layout is not None:
        return load_layout(layout), None  # a wrong name or path is the user's error: let it be reported
    name = "print" if has_trim else "web"
    try:
        return load_layout(name), None
    except LayoutFileError as exc:
        return None, f"no margins or columns drawn: layout '{name}' cannot be loaded ({exc.diagnostic.message})"


def fits(spec: Any, geometry: PageGeometry) -> bool:
    """Does the layout's page size match this page's trim (within a point)?"""
    x0, y0, x1, y1 = geometry.trim or geometry.crop
    return abs((x1 - x0) - spec.page.width) <= 1 and abs((y1 - y0) - spec.page.height) <= 1


def draw_guides(image: Any, geometry: PageGeometry, page_number: int, spec: Any | None) -> Any:
    """A copy of `image` with the guides drawn; `spec` None draws the page boxes only."""
    from PIL import ImageDraw

    out = image.copy()
    if geometry.rotation:
        return out  # guides are placed in unrotated page space; a rotated page keeps its plain render
    draw = ImageDraw.Draw(out)
    width = max(1, round(geometry.scale * 72 / 100))

    def rect(box: tuple[float, float, float, float], colour: tuple[int, int, int]) -> None:
        x0, y0, x1, y1 = geometry.box_pixels(box)
        draw.rectangle((round(x0), round(y0), round(x1) - 1, round(y1) - 1), outline=colour, width=width)

    if geometry.bleed is not None:
        rect(geometry.bleed, BLEED)
    if geometry.trim is not None:
        rect(geometry.trim, TRIM)
    if spec is not None and fits(spec, geometry):
        from ..layout.geometry import Geometry

        g = Geometry(spec)
        ox, oy = (geometry.trim or geometry.crop)[:2]
        left = g.left(page_number)
        rect((ox + left, oy + g.bottom, ox + left + g.text_width, oy + g.top), MARGIN)
        for column in range(spec.columns.count):
            x = ox + g.column_x(page_number, column)
            rect((x, oy + g.bottom, x + g.column_width, oy + g.top), COLUMN)
    return out
