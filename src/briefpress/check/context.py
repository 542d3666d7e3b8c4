"""The PDF under check as the rules see it: pages, boxes, walked content and sizes, each read once.

Reading a damaged page or content stream does not stop the check: the page
is skipped by the rules that need it and the damage becomes a
`pdf-readable` finding naming the page.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .opener import short_error
from .records import Box, PageContent, TextRun
from .report import ERROR, WARNING, CheckResult

POINTS_PER_INCH = 72.0


def inches(points: float) -> str:
    return f"{points / POINTS_PER_INCH:.3f} in"


def clip(text: str, limit: int = 40) -> str:
    """A quotable piece of page text for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dominant_size(runs: list[TextRun]) -> float | None:
    """The type size that carries the most characters (the body size)."""
    weights: Counter[float] = Counter()
    for run in runs:
        if run.visible and run.size > 0:
            weights[round(run.size, 1)] += len(run.text.strip())
    return weights.most_common(1)[0][0] if weights else None


class Document:
    def __init__(self, path: Path, reader: Any, profile: str) -> None:
        from .content import Walker

        self.path = path
        self.reader = reader
        self.profile = profile
        self.problems: list[CheckResult] = []
        self._walker = Walker(reader)
        self._content: dict[int, PageContent | None] = {}
        self.pages: list[Any | None] = []
        for i in range(len(reader.pages)):
            try:
                self.pages.append(reader.pages[i])
            except Exception as exc:  # noqa: BLE001 - a page object that cannot be read
                self.pages.append(None)
                self._problem(i + 1, f"the page cannot be read ({short_error(exc)}); export the PDF again")
        self._body_size: float | None = None
        self._body_known = False

    def _problem(self, number: int, message: str, severity: str = ERROR) -> None:
        self.problems.append(CheckResult("pdf-readable", severity, message, number))

    def numbered(self) -> list[tuple[int, Any]]:
        """(1-based page number, page) for every page that could be read."""
        return [(i + 1, p) for i, p in enumerate(self.pages) if p is not None]

    def content(self, number: int) -> PageContent | None:
        """What page `number` draws, or None when its content stream cannot be parsed."""
        if number not in self._content:
            page = self.pages[number - 1]
            result: PageContent | None = None
            if page is not None:
                try:
                    result = self._walker.walk(page)
                except Exception as exc:  # noqa: BLE001
                    self._problem(number, f"the page's content stream cannot be parsed ({short_error(exc)}); "
                                          "export the PDF again")
                if result is not None and result.problems:
                    self._problem(number, "parts of the page could not be read: " + "; ".join(result.problems[:3]),
                                  WARNING)
            self._content[number] = result
        return self._content[number]

    def body_size(self) -> float | None:
        """The document's body type size, from every page's text."""
        if not self._body_known:
            runs = [r for n, _p in self.numbered() for r in (self.content(n) or PageContent()).runs]
            self._body_size = dominant_size(runs)
            self._body_known = True
        return self._body_size

    @staticmethod
    def box(page: Any, name: str) -> Box | None:
        """A page box as (x0, y0, x1, y1) when the page itself sets it, else None."""
        raw = page.get(name)
        if raw is None:
            return None
        try:
            values = [float(v) for v in raw.get_object()]
        except (TypeError, ValueError):
            return None
        if len(values) != 4:
            return None
        x0, y0, x1, y1 = values
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    @staticmethod
    def media(page: Any, which: str = "mediabox") -> Box:
        """MediaBox or CropBox with pypdf's inheritance and defaults; US Letter when it is unusable."""
        try:
            m = getattr(page, which)
            x0, y0, x1, y1 = float(m.left), float(m.bottom), float(m.right), float(m.top)
            return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
        except Exception:  # noqa: BLE001
            return 0.0, 0.0, 612.0, 792.0

    def trim(self, page: Any) -> Box:
        """The finished page: TrimBox, else CropBox, else MediaBox (the PDF defaults)."""
        return self.box(page, "/TrimBox") or self.media(page, "cropbox")
