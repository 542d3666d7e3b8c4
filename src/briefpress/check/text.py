"""text-extractable and print-text-safe-area: text a reader can copy, and text the guillotine cannot touch.

Blank pages: a page that draws nothing inside its trim (crop marks outside
it do not count) is a deliberate blank, a warning at most.  Any other page
must have text that decodes to readable characters through its fonts'
Unicode maps (ToUnicode, encodings), as a reader's copy and search do;
outlined, scanned or unmapped text is an error.  The decoding is the content
walker's, done once for every rule: running pypdf's own extract_text as well
would parse every page a second time and double the cost of the check.

Safe area ("except on purpose"): text within 0.25 in of the trim edge is an
error, with two deliberate cases lowered to warnings, so nothing near the
edge passes silently but a design choice never fails the build:
- text on a filled area (not white) that was drawn before it and bleeds off
  that same edge, e.g. a title or tab on a full-bleed band;
- small type (at most 85% of the body size), e.g. folios, running footers
  and page tabs placed in the margin.
Text that crosses the trim edge is always an error (it will be cut); text
wholly outside the trim (slug notes, job information) is ignored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .context import Document, clip, inches
from .records import Box, Fill, TextRun
from .report import ERROR, WARNING, CheckResult

SAFE = 18.0  # 0.25 in
SMALL = 0.85  # of the body size: running elements (folios, footers, tabs)
TOLERANCE = 0.05


def _intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _readable(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    good = sum(1 for c in chars if c != "\ufffd" and unicodedata.category(c) not in ("Co", "Cn", "Cc", "Cs"))
    return good / len(chars)


def check_extractable(doc: Document) -> Iterator[CheckResult]:
    for number, page in doc.numbered():
        content = doc.content(number)
        if content is None:
            continue
        trim = doc.trim(page)
        drawn = content.shaded or any(_intersects(box, trim) for box in content.painted)
        if not drawn:
            yield CheckResult("text-extractable", WARNING,
                              "the page is blank (nothing is drawn inside the trim): fine if deliberate, "
                              "e.g. to make the page count even", number)
            continue
        text = "".join(run.text for run in content.runs if run.visible)
        if not text.strip():
            yield CheckResult("text-extractable", ERROR,
                              "the page has no extractable text (only graphics, images or outlined text): "
                              "readers cannot search, copy or read it aloud; keep text as live text", number)
        elif _readable(text) < 0.5:
            yield CheckResult("text-extractable", ERROR,
                              f"the page's text does not extract as readable characters ('{clip(text, 24)}'): "
                              "its fonts lack a Unicode mapping (ToUnicode); re-export with fonts that keep it",
                              number)


def _near_sides(box: Box, trim: Box) -> dict[str, float]:
    gaps = {"left": box[0] - trim[0], "bottom": box[1] - trim[1], "right": trim[2] - box[2], "top": trim[3] - box[3]}
    return {side: gap for side, gap in gaps.items() if gap < SAFE - TOLERANCE}


def _on_bleeding_band(run: TextRun, sides: list[str], fills: list[Fill], trim: Box) -> bool:
    """A non-white fill under the text that runs off every edge the text is close to."""
    for fill in fills:
        b = fill.box
        if fill.white or fill.order > run.order:
            continue
        if not (b[0] <= run.box[0] + 0.5 and b[1] <= run.box[1] + 0.5
                and b[2] >= run.box[2] - 0.5 and b[3] >= run.box[3] - 0.5):
            continue
        reach = {"left": b[0] <= trim[0], "bottom": b[1] <= trim[1], "right": b[2] >= trim[2], "top": b[3] >= trim[3]}
        if all(reach[side] for side in sides):
            return True
    return False


def check_safe_area(doc: Document) -> Iterator[CheckResult]:
    body = doc.body_size() or 10.0
    for number, page in doc.numbered():
        content = doc.content(number)
        if content is None:
            continue
        trim = doc.trim(page)
        groups: dict[tuple[str, str, str], list[tuple[float, TextRun]]] = {}
        for run in content.runs:
            if not run.visible or not run.text.strip() or not _intersects(run.box, trim):
                continue
            near = _near_sides(run.box, trim)
            if not near:
                continue
            side = min(near, key=lambda s: near[s])
            gap = near[side]
            if gap < -TOLERANCE:
                key = (ERROR, side, "cut")
            elif _on_bleeding_band(run, list(near), content.fills, trim):
                key = (WARNING, side, "band")
            elif run.size <= body * SMALL:
                key = (WARNING, side, "small")
            else:
                key = (ERROR, side, "text")
            groups.setdefault(key, []).append((gap, run))
        for (severity, side, why), items in groups.items():
            gap, run = min(items, key=lambda item: item[0])
            count = f"{len(items)} pieces of text are" if len(items) > 1 else "text is"
            example = f"'{clip(run.text)}'"
            if why == "cut":
                message = (f"{count} across the trim edge ({side}) and will be cut, e.g. {example} "
                           f"reaches {inches(-gap)} past it: move it inside the page, 0.25 in from the edge")
            else:
                message = (f"{count} within 0.25 in of the trim edge ({side}), closest {example} at "
                           f"{inches(max(gap, 0.0))}")
                if why == "band":
                    message += ("; it sits on a band that bleeds off that edge, so it looks deliberate: make sure "
                                "the cut cannot touch it")
                elif why == "small":
                    message += ("; it is small type (a folio, footer or tab?), so it looks deliberate: keep "
                                "0.25 in from the edge to be safe")
                else:
                    message += ": the cut may touch it; move it in or widen the margin"
            yield CheckResult("print-text-safe-area", severity, message, number)
