"""print-no-rgb: nothing on a press page is painted in RGB.

Judged on what is painted, not on what is merely set: an `rg` whose colour
is replaced before anything is filled (ReportLab's chart renderer starts
every drawing that way) is a warning, because strict PDF/X-1a preflights
still reject it while the press never sees it.  DeviceRGB that paints
something (fills, strokes, text, RGB images, stencil masks, shadings) is an
error; ICC-based or calibrated RGB is a warning, since a RIP converts it
predictably but not under the designer's control.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from .context import Document
from .report import ERROR, WARNING, CheckResult

FIX = "convert it to CMYK (briefpress: layout output.color_space: cmyk and CMYK colours)"


def _listing(whats: list[str], limit: int = 3) -> str:
    counted = Counter(whats)
    items = [f"{w} ×{n}" if n > 1 else w for w, n in list(counted.items())[:limit]]
    more = len(counted) - limit
    return ", ".join(items) + (f" and {more} more" if more > 0 else "")


def check_rgb(doc: Document) -> Iterator[CheckResult]:
    for number, _page in doc.numbered():
        content = doc.content(number)
        if content is None:
            continue
        images = [c for c in content.colours if c.what.startswith("image ")]
        others = [c for c in content.colours if not c.what.startswith("image ")]
        for c in images:
            if c.kind == "rgb":
                yield CheckResult("print-no-rgb", ERROR, f"{c.what} is DeviceRGB: {FIX}", number)
            else:
                yield CheckResult("print-no-rgb", WARNING,
                                  f"{c.what} is ICC-based RGB: the printer's RIP will convert it; {FIX} "
                                  "for colour you control", number)
        painted = [c.what for c in others if c.painted and c.kind == "rgb"]
        calibrated = [c.what for c in others if c.painted and c.kind == "rgb-cal"]
        unused = [c.what for c in others if not c.painted]
        if painted:
            yield CheckResult("print-no-rgb", ERROR,
                              f"DeviceRGB paints text or graphics ({_listing(painted)}): {FIX}", number)
        if calibrated:
            yield CheckResult("print-no-rgb", WARNING,
                              f"ICC-based RGB paints text or graphics ({_listing(calibrated)}): {FIX}", number)
        if unused:
            yield CheckResult("print-no-rgb", WARNING,
                              f"RGB colour is set but nothing is painted with it ({_listing(unused)}): harmless "
                              "on press, but strict PDF/X-1a preflights reject it", number)
