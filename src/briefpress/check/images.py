"""print-image-ppi: every raster image has at least 300 pixels per inch at the size it is printed.

The placed size comes from the CTM at the `Do` (or inline image): the
lengths of the image's two axes on the page, so scaled, rotated and skewed
placements and images inside forms are measured as they print.  The
resolution of an image is the lower of its two axes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from .context import Document
from .report import ERROR, CheckResult

MIN_PPI = 300.0
TOLERANCE = 0.5  # ppi: an image made for 300 ppi may measure 299.8 after rounding of its placement


def check_image_ppi(doc: Document) -> Iterator[CheckResult]:
    for number, _page in doc.numbered():
        content = doc.content(number)
        if content is None:
            continue
        for image in content.images:
            (w, h), (pw, ph) = image.pixels, image.placed
            if w <= 0 or h <= 0 or pw < 0.01 or ph < 0.01:
                continue
            ppi = min(w / (pw / 72), h / (ph / 72))
            if ppi >= MIN_PPI - TOLERANCE:
                continue
            need_w, need_h = math.ceil(pw / 72 * MIN_PPI), math.ceil(ph / 72 * MIN_PPI)
            yield CheckResult(
                "print-image-ppi", ERROR,
                f"image {image.name} is {ppi:.0f} ppi at its placed size ({w}×{h} px over {pw / 72:.2f}×{ph / 72:.2f} in); "
                f"print needs {MIN_PPI:.0f} ppi: supply an image of at least {need_w}×{need_h} px, "
                "or place it smaller", number)
