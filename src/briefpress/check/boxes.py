"""Page count and page boxes: even count, one trim size, TrimBox and BleedBox, 0.125 in of bleed.

Findings that repeat on many pages are given once with the list of pages,
so a file without any TrimBox gives one line, not one per page.
"""

from __future__ import annotations

from collections.abc import Iterator

from .context import Document, inches
from .report import ERROR, WARNING, CheckResult
from .report import grouped as _grouped

MIN_BLEED = 9.0  # 0.125 in
TOLERANCE = 0.05  # points: rounding in PDF writers


def check_page_count(doc: Document) -> Iterator[CheckResult]:
    n = len(doc.pages)
    if n % 2:
        severity = ERROR if doc.profile == "print" else WARNING
        yield CheckResult("page-count-even", severity,
                          f"the document has {n} pages, an odd number: a printed brief needs an even count "
                          "(the printer would add a blank page at the end); add or remove a page")


def _trim_size(doc: Document, page: object) -> tuple[float, float]:
    x0, y0, x1, y1 = doc.trim(page)
    w, h = x1 - x0, y1 - y0
    try:
        rotate = int(page.get("/Rotate", 0) or 0) % 180  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        rotate = 0
    return (h, w) if rotate == 90 else (w, h)


def check_page_sizes(doc: Document) -> Iterator[CheckResult]:
    sizes = {number: _trim_size(doc, page) for number, page in doc.numbered()}
    if not sizes:
        return
    counts: dict[tuple[float, float], list[int]] = {}
    for number, (w, h) in sizes.items():
        key = (round(w, 1), round(h, 1))
        counts.setdefault(key, []).append(number)
    if len(counts) == 1:
        return
    common = max(counts, key=lambda k: len(counts[k]))
    odd: dict[str, list[int]] = {}
    for size, pages in counts.items():
        if size != common:
            odd[f"trim size {size[0]:g} × {size[1]:g} pt differs from the other pages' "
                f"{common[0]:g} × {common[1]:g} pt ({inches(common[0])} × {inches(common[1])}); "
                "every page of the brief must have the same trim size"] = pages
    yield from _grouped("page-size-consistent", ERROR, odd)


def check_print_boxes(doc: Document) -> Iterator[CheckResult]:
    missing_trim: dict[str, list[int]] = {}
    missing_bleed: dict[str, list[int]] = {}
    short: dict[str, list[int]] = {}
    for number, page in doc.numbered():
        media = doc.media(page)
        trim = doc.box(page, "/TrimBox")
        bleed = doc.box(page, "/BleedBox")
        if trim is None:
            missing_trim.setdefault("no TrimBox: the printer cannot tell where to cut; export with trim and "
                                    "bleed boxes (briefpress print layouts set them)", []).append(number)
        elif (trim[0] < media[0] - TOLERANCE or trim[1] < media[1] - TOLERANCE
              or trim[2] > media[2] + TOLERANCE or trim[3] > media[3] + TOLERANCE):
            missing_trim.setdefault("the TrimBox reaches outside the MediaBox; the page is smaller than its trim: "
                                    "enlarge the MediaBox", []).append(number)
        if bleed is None:
            missing_bleed.setdefault("no BleedBox: the printer cannot tell how far backgrounds run past the "
                                     "cut; export with a 0.125 in bleed", []).append(number)
        if trim is None or bleed is None:
            continue
        # bleed that lies outside the MediaBox does not exist on the page
        b = (max(bleed[0], media[0]), max(bleed[1], media[1]), min(bleed[2], media[2]), min(bleed[3], media[3]))
        sides = {"left": trim[0] - b[0], "bottom": trim[1] - b[1], "right": b[2] - trim[2], "top": b[3] - trim[3]}
        thin = {side: amount for side, amount in sides.items() if amount < MIN_BLEED - TOLERANCE}
        if thin:
            detail = ", ".join(f"{side} {inches(max(0.0, amount))}" for side, amount in thin.items())
            short.setdefault(f"bleed too small ({detail}; needs 0.125 in on every side): extend the BleedBox "
                             "and the MediaBox 0.125 in beyond the TrimBox and run backgrounds into it",
                             []).append(number)
    yield from _grouped("print-trimbox", ERROR, missing_trim)
    yield from _grouped("print-bleedbox", ERROR, missing_bleed)
    yield from _grouped("print-bleed-size", ERROR, short)
