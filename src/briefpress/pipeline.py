"""The build, top to bottom: manuscript -> model -> layout -> PDF (-> check).

The PDF is written to a temporary file next to the target and renamed over
it only when everything succeeded, so a failed build never leaves a
half-written file or destroys the previous good one.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Warnings

if TYPE_CHECKING:
    from .stats import TypesetStats


@dataclass
class BuildResult:
    pdf: Path
    pages: int
    layout: str
    warnings: Warnings
    timings: dict[str, float] = field(default_factory=dict)
    stats: TypesetStats | None = None


def default_output(brief_path: Path, layout_name: str, build_dir: Path = Path("build")) -> Path:
    folder = brief_path if brief_path.is_dir() else brief_path.parent
    slug = folder.name if (brief_path.is_dir() or brief_path.name == "brief.md") else brief_path.stem
    suffix = "" if layout_name == "print" else f"-{Path(layout_name).stem}"
    return build_dir / f"{slug}{suffix}.pdf"


def build(target: Path, layout: str = "print", output: Path | None = None,
          warnings: Warnings | None = None) -> BuildResult:
    from .fonts import FontBook, report_missing
    from .layout.document import layout_document
    from .model.load import load_brief
    from .render.pdf import render_pdf
    from .stats import document_stats
    from .style.load import load_layout

    warnings = warnings if warnings is not None else Warnings()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    spec = load_layout(layout)
    brief = load_brief(target, warnings)
    timings["read"] = time.perf_counter() - t
    fonts = FontBook(spec.fonts.fallback, warnings)
    t = time.perf_counter()
    doc = layout_document(brief, spec, fonts, warnings)
    timings.update(doc.timings)
    report_missing(fonts, brief.source.read_text(encoding="utf-8", errors="replace"), brief.source, warnings)
    stats = document_stats(doc)
    timings["layout"] = time.perf_counter() - t
    out = output if output is not None else default_output(target, spec.name if layout == spec.name else layout)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    t = time.perf_counter()
    try:
        render_pdf(doc, fonts, tmp, stats.to_json())
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    timings["render"] = time.perf_counter() - t
    return BuildResult(out, len(doc.pages), spec.name, warnings, timings, stats)


def build_all(content: Path = Path("content"), layouts: list[str] | None = None,
              build_dir: Path = Path("build")) -> int:
    """Build every brief under `content/` in every layout; print one line per PDF; return an exit code."""
    from .errors import BriefpressError
    from .style.load import available_layouts

    names = layouts or list(available_layouts())
    briefs = sorted(p.parent for p in content.glob("*/brief.md"))
    if not briefs:
        print(f"no briefs found under {content}/ (each brief is a folder holding brief.md)")
        return 1
    failed = 0
    for folder in briefs:
        for name in names:
            try:
                result = build(folder, layout=name, output=default_output(folder, name, build_dir))
            except BriefpressError as exc:
                failed += 1
                print(exc)
                continue
            for w in result.warnings:
                print(w)
            print(f"wrote {result.pdf} ({result.pages} pages, layout {name})")
    return 1 if failed else 0
