"""make_proof: page images, guides, contact sheet, diff and the HTML report for one PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PdfCheckError


@dataclass(frozen=True)
class ProofResult:
    out_dir: Path
    pages: list[Path]
    contact_sheet: Path
    index: Path
    preflight: Any                  # check.PreflightReport
    diff: Any | None = None         # diff.DiffSummary when `against` was given
    stats: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


def _read_source(pdf: Path) -> tuple[dict[str, Any] | None, str | None]:
    """Fail early, in one line, on a file that is no usable PDF; return its typesetting figures."""
    from ..check.opener import Unreadable, open_reader, quiet_pypdf
    from .report import read_stats

    with quiet_pypdf():
        try:
            reader = open_reader(pdf)
        except Unreadable as exc:
            raise PdfCheckError(str(exc), path=pdf) from None
        return read_stats(reader)


def _prepare(out_dir: Path, pdf: Path, against: Path | None) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise PdfCheckError("the output must be a directory, and this is a file", path=out_dir)
    if against is not None and against.exists() and against.resolve() == out_dir.resolve():
        raise PdfCheckError("--against is the output directory itself", path=against,
                            hint="write the new proof to another directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PdfCheckError(f"cannot create the output directory ({exc.strerror or exc})", path=out_dir) from None
    for stale in list(out_dir.glob("page-*.png")) + list(out_dir.glob("diff-*.png")):
        stale.unlink()  # left from a longer document: they would pass for pages of this one
    for name in ("diff.json",):
        (out_dir / name).unlink(missing_ok=True)


def make_proof(pdf: Path, out_dir: Path, dpi: int = 100, guides: bool = False, layout: str | None = None,
               against: Path | None = None,
               progress: Callable[[int, int], None] | None = None, report: Any | None = None) -> ProofResult:
    """Render `pdf` into `out_dir` (page-NNN.png, contact-sheet.png, index.html, proof.json, diff files).

    `report`: the PreflightReport of this very file when the caller has it (a build has just checked it),
    so the proof does not check it again.

    `progress(done, total)` is called after each page.  Raises PdfCheckError (one line) for unusable input.
    """
    from ..check import preflight
    from .contact import contact_sheet, thumb_height, thumbnail
    from .diff import DiffSummary, Earlier, compare, write_summary
    from .guides import draw_guides, fits, layout_for_guides
    from .render import open_pdfium, render_page
    from .report import write_index

    pdf, out_dir = Path(pdf), Path(out_dir)
    against = Path(against) if against is not None else None
    if dpi < 1 or dpi > 1200:
        raise PdfCheckError(f"a resolution of {dpi} dpi is out of range", hint="use 10 to 600 dpi")
    stats, stats_raw = _read_source(pdf)
    _prepare(out_dir, pdf, against)
    notes: list[str] = []
    earlier = Earlier(against, dpi) if against is not None else None
    pages: list[Path] = []
    thumbs: list[Any] = []
    page_diffs = []
    try:
        with open_pdfium(pdf) as doc:
            total = len(doc)
            spec, note = None, None
            for page_index in range(total):
                image, geometry = render_page(doc, page_index, dpi)
                number = page_index + 1
                if guides and page_index == 0:
                    spec, note = layout_for_guides(layout, geometry.trim is not None)
                    if note:
                        notes.append(note)
                    if spec is not None and not fits(spec, geometry):
                        notes.append(f"no margins or columns drawn: layout '{spec.name}' is "
                                     f"{spec.page.width:g} × {spec.page.height:g} pt, not this PDF's trim size")
                shown = draw_guides(image, geometry, number, spec) if guides else image
                target = out_dir / f"page-{number:03d}.png"
                shown.save(target)
                pages.append(target)
                trim_px = geometry.box_pixels(geometry.trim) if geometry.trim and not geometry.rotation else None
                thumbs.append(thumbnail(image, trim_px, thumb_height(total)))
                if earlier is not None:
                    old = earlier.image(number)
                    if old is not None:
                        mine = shown if earlier.guides else image
                        page_diffs.append(compare(mine, old, number, out_dir))
                if progress is not None:
                    progress(number, total)
    finally:
        if earlier is not None:
            earlier.close()
    sheet = contact_sheet(thumbs, out_dir / "contact-sheet.png")
    diff = None
    if earlier is not None:
        diff_notes: tuple[str, ...] = ()
        if earlier.guides and not guides:
            diff_notes = ("the earlier proof has guides and this one does not: the guides count as changes",)
        diff = DiffSummary(str(against), dpi, _threshold(), tuple(page_diffs),
                           tuple(range(earlier.count + 1, len(pages) + 1)),
                           tuple(range(len(pages) + 1, earlier.count + 1)), diff_notes)
        write_summary(diff, out_dir)
    report = report if report is not None else preflight(pdf)
    (out_dir / "proof.json").write_text(json.dumps({"source": pdf.name, "pages": len(pages), "dpi": dpi,
                                                    "guides": guides}, indent=2) + "\n", encoding="utf-8")
    index = write_index(out_dir, title=pdf.name, pages=pages, dpi=dpi, guides=guides, report=report, diff=diff,
                        stats=stats, stats_raw=stats_raw, notes=notes)
    return ProofResult(out_dir, pages, sheet, index, report, diff, stats, notes)


def _threshold() -> int:
    from .diff import THRESHOLD

    return THRESHOLD
