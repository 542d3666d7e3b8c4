"""The contact sheet: every page as a thumbnail, set in reader spreads, as one PNG.

Spreads are as a reader holding the brief sees them: page 1 alone on the
right, then 2–3, 4–5, …, and the last page alone on the left when the count
is even.  Thumbnails show the trimmed page (what the reader holds), not the
bleed and marks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SPREADS_PER_ROW = 3
MARGIN = 24
GAP = 28
LABEL = 20
BACKGROUND = (236, 236, 236)


def thumbnail(image: Any, crop_px: tuple[float, float, float, float] | None, height: int) -> Any:
    """The page image cut to its trim (when known) and scaled to `height` pixels."""
    from PIL import Image

    if crop_px is not None:
        x0, y0, x1, y1 = (max(0, round(v)) for v in crop_px)
        x1, y1 = min(image.width, x1), min(image.height, y1)
        if x1 - x0 > 4 and y1 - y0 > 4:
            image = image.crop((x0, y0, x1, y1))
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """Reader spreads as (left page, right page) numbers: (None, 1), (2, 3), …"""
    out: list[tuple[int | None, int | None]] = [(None, 1)] if count else []
    for left in range(2, count + 1, 2):
        out.append((left, left + 1 if left + 1 <= count else None))
    return out


def thumb_height(pages: int) -> int:
    return 220 if pages <= 24 else 150


def contact_sheet(thumbs: list[Any], target: Path) -> Path:
    """Write the sheet of `thumbs` (page 1 first) to `target`."""
    from PIL import Image, ImageDraw, ImageFont

    pairs = spreads(len(thumbs))
    tw = max(t.width for t in thumbs)
    th = max(t.height for t in thumbs)
    cell_w, cell_h = 2 * tw, th + LABEL
    cols = min(SPREADS_PER_ROW, len(pairs))
    rows = (len(pairs) + cols - 1) // cols
    sheet = Image.new("RGB", (2 * MARGIN + cols * cell_w + (cols - 1) * GAP,
                              2 * MARGIN + rows * cell_h + (rows - 1) * GAP), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for i, (left, right) in enumerate(pairs):
        x = MARGIN + (i % cols) * (cell_w + GAP)
        y = MARGIN + (i // cols) * (cell_h + GAP)
        for slot, number in ((0, left), (1, right)):
            if number is None:
                continue
            thumb = thumbs[number - 1]
            px = x + tw - thumb.width if slot == 0 else x + tw  # pages meet at the spine
            sheet.paste(thumb, (px, y))
            draw.rectangle((px - 1, y - 1, px + thumb.width, y + thumb.height), outline=(120, 120, 120))
        label = "-".join(str(n) for n in (left, right) if n is not None)
        box = draw.textbbox((0, 0), label, font=font)
        draw.text((x + tw - (box[2] - box[0]) / 2, y + th + 5), label, fill=(60, 60, 60), font=font)
    sheet.save(target, optimize=False)
    return target
