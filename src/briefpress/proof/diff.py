"""Visual diff of a proof against an earlier proof directory or PDF, page by page.

A pixel has changed when any colour channel differs by more than THRESHOLD
(out of 255), which ignores nothing a reader could see but tolerates
re-encoding noise.  Each changed page gets diff-NNN.png: the new page faded,
with the changed pixels (slightly thickened to be findable) in red.  Pages
of different pixel sizes are compared on a white canvas of the larger size.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PdfCheckError

THRESHOLD = 16
PAGE_FILE = re.compile(r"^page-(\d{3,})\.png$")


@dataclass(frozen=True)
class PageDiff:
    page: int
    changed: float          # share of the page's pixels that changed, 0..1
    changed_pixels: int
    size_changed: bool
    image: str | None       # diff-NNN.png in the proof directory, None when nothing changed


@dataclass(frozen=True)
class DiffSummary:
    against: str
    dpi: int
    threshold: int
    pages: tuple[PageDiff, ...]
    added: tuple[int, ...]
    removed: tuple[int, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed_pages(self) -> list[int]:
        return [p.page for p in self.pages if p.changed_pixels]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["changed_pages"] = self.changed_pages
        data["pages"] = [dict(p, changed=round(p["changed"], 6)) for p in data["pages"]]
        return data

    def summary(self) -> str:
        changed = [p for p in self.pages if p.changed_pixels]
        detail = ", ".join(f"page {p.page}: {p.changed:.2%}" + (" (size changed)" if p.size_changed else "")
                           for p in changed[:10])
        if len(changed) > 10:
            detail += f", … ({len(changed) - 10} more)"
        text = f"diff against {self.against}: {len(changed)} of {len(self.pages)} pages changed"
        text += f" ({detail})" if detail else ""
        moves = []
        if self.added:
            moves.append("pages added: " + ", ".join(map(str, self.added)))
        if self.removed:
            moves.append("pages removed: " + ", ".join(map(str, self.removed)))
        text += "; " + "; ".join(moves) if moves else "; no pages added or removed"
        return text + "".join(f" (note: {n})" for n in self.notes)


class Earlier:
    """The proof to compare with: page images from a proof directory, or rendered from a PDF on demand."""

    def __init__(self, source: Path, dpi: int) -> None:
        self.source = source
        self.dpi = dpi
        self.guides: bool | None = None
        self.count = 0
        self._files: dict[int, Path] = {}
        self._pdf: Any = None
        if source.is_dir():
            self._files = {int(m.group(1)): source / name for name in (p.name for p in source.iterdir())
                           if (m := PAGE_FILE.match(name))}
            if not self._files:
                raise PdfCheckError("no page-NNN.png images in this directory", path=source,
                                    hint="give an earlier proof directory or an earlier PDF")
            self.count = max(self._files)
            self._read_meta(source / "proof.json")
        else:
            from ..check.opener import Unreadable, read_pdf_bytes
            from .render import open_pdfium

            try:
                read_pdf_bytes(source)
            except Unreadable as exc:
                raise PdfCheckError(str(exc), path=source, hint="--against takes a proof directory or a PDF") \
                    from None
            self._context = open_pdfium(source)
            self._pdf = self._context.__enter__()
            self.count = len(self._pdf)

    def _read_meta(self, meta: Path) -> None:
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        old_dpi = data.get("dpi") if isinstance(data, dict) else None
        if isinstance(old_dpi, int) and old_dpi != self.dpi:
            raise PdfCheckError(f"the earlier proof was rendered at {old_dpi} dpi, this one at {self.dpi} dpi",
                                path=self.source, hint=f"proof again with --dpi {old_dpi}")
        if isinstance(data.get("guides"), bool):
            self.guides = data["guides"]

    def image(self, number: int) -> Any | None:
        """The earlier page `number` as an RGB image, or None when it has no such page."""
        if number > self.count:
            return None
        if self._pdf is not None:
            from .render import render_page

            return render_page(self._pdf, number - 1, self.dpi)[0]
        path = self._files.get(number)
        if path is None:
            return None
        from PIL import Image

        try:
            with Image.open(path) as im:
                return im.convert("RGB")
        except OSError:
            raise PdfCheckError(f"cannot read {path.name} of the earlier proof", path=self.source) from None

    def close(self) -> None:
        if self._pdf is not None:
            self._context.__exit__(None, None, None)
            self._pdf = None


def compare(new: Any, old: Any, number: int, out_dir: Path) -> PageDiff:
    """Count changed pixels of one page and write its highlight image when something changed."""
    from PIL import Image, ImageChops, ImageFilter

    size = (max(new.width, old.width), max(new.height, old.height))
    resized = new.size != old.size
    if resized:
        a, b = Image.new("RGB", size, "white"), Image.new("RGB", size, "white")
        a.paste(new, (0, 0))
        b.paste(old, (0, 0))
        new, old = a, b
    r, g, bl = ImageChops.difference(new, old).split()
    mask = ImageChops.lighter(ImageChops.lighter(r, g), bl).point(lambda v: 255 if v > THRESHOLD else 0)
    changed = mask.histogram()[255]
    name = None
    if changed:
        faded = new.convert("L").point(lambda v: 255 - round((255 - v) * 0.4)).convert("RGB")
        faded.paste(Image.new("RGB", size, (230, 0, 0)), mask=mask.filter(ImageFilter.MaxFilter(3)))
        name = f"diff-{number:03d}.png"
        faded.save(out_dir / name)
    return PageDiff(number, changed / (size[0] * size[1]), changed, resized, name)


def write_summary(summary: DiffSummary, out_dir: Path) -> Path:
    target = out_dir / "diff.json"
    target.write_text(json.dumps(summary.as_dict(), indent=2) + "\n", encoding="utf-8")
    return target
