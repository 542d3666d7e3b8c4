"""The build, top to bottom: manuscript -> model -> layout -> PDF (-> check).

The PDF is written to a temporary file next to the target and renamed over
it only when everything succeeded, so a failed build never leaves a
half-written file or destroys the previous good one.
"""

from __future__ import annotations

import errno
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError, Warnings
from .model.nodes import Brief, Figure

if TYPE_CHECKING:
    from .stats import TypesetStats
    from .style.spec import LayoutSpec


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
          warnings: Warnings | None = None, check: bool = True) -> BuildResult:
    """Build one brief; with `check`, the PDF must pass its layout's preflight before it replaces `output`."""
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
    if fonts.missing:
        report_missing(fonts, brief.source.read_text(encoding="utf-8", errors="replace"), brief.source, warnings)
    stats = document_stats(doc)
    timings["layout"] = time.perf_counter() - t
    out = output if output is not None else default_output(target, spec.name if layout == spec.name else layout)
    _refuse_inputs(out, brief, spec)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(out, exc) from None
    tmp = temp_path(out)
    remove_stale_temps(out)
    t = time.perf_counter()
    try:
        try:
            render_pdf(doc, fonts, tmp, stats.to_json())
        except OSError as exc:
            if not _about_output(exc, out):
                raise
            raise write_error(out, exc) from None
        timings["render"] = time.perf_counter() - t
        if check:
            t = time.perf_counter()
            blank = {p.number for p in doc.pages if p.kind == "blank"}
            _preflight(tmp, out, spec.profile, warnings, blank, spec.output.tagged)
            timings["check"] = time.perf_counter() - t
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise write_error(out, exc) from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".x")):  # the PDF/X-4 step writes NAME.tmp.x
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
            except OSError:  # the folder went read-only under us: nothing more can be done
                pass
    return BuildResult(out, len(doc.pages), spec.name, warnings, timings, stats)


# The temporary file is '.NAME.PID.tmp' beside the output; NAME is cut so that the whole stays within the
# 255 bytes most file systems allow (an output name near that limit would otherwise fail only here).
MAX_TEMP_STEM = 200
TEMP_RE = re.compile(r"^\.(?P<stem>.*)\.(?P<pid>\d+)\.tmp(?:\.x)?$")
WRITE_HINTS = {
    errno.EROFS: "the file system is read-only: write the PDF elsewhere with -o",
    errno.EACCES: "you may not write there: choose another folder with -o, or change its permissions",
    errno.EPERM: "you may not write there: choose another folder with -o, or change its permissions",
    errno.ENOSPC: "the disk is full: free some space, or write elsewhere with -o",
    errno.EDQUOT: "the disk quota is used up: free some space, or write elsewhere with -o",
    errno.ENAMETOOLONG: "the name is too long for the file system: choose a shorter one with -o",
    errno.ENOTDIR: "a part of the path is a file, not a folder: choose another path with -o",
    errno.EEXIST: "a part of the path is a file, not a folder: choose another path with -o",
    errno.EISDIR: "the path is a folder: give a file name ending in .pdf with -o",
    errno.ELOOP: "the path has a symbolic-link loop: choose another path with -o",
}


def temp_path(out: Path) -> Path:
    return out.with_name(f".{out.name[:MAX_TEMP_STEM]}.{os.getpid()}.tmp")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid < 2**31  # PermissionError: a live process of another user
    return True


def remove_stale_temps(out: Path) -> None:
    """Delete the temporary files of earlier builds to `out` whose process is gone (killed with -9)."""
    stem = out.name[:MAX_TEMP_STEM]
    try:
        candidates = list(out.parent.iterdir())
    except OSError:
        return
    for path in candidates:
        m = TEMP_RE.match(path.name)
        if m is None or m["stem"] != stem:
            continue
        pid = int(m["pid"])
        if pid == os.getpid() or _pid_alive(pid):
            continue
        try:
            path.unlink()
        except OSError:
            pass


def _about_output(exc: OSError, out: Path) -> bool:
    """Whether an error from the renderer is about writing the output (not about reading a figure)."""
    if exc.filename is None:  # a failed write() (ENOSPC) names no file
        return True
    name = Path(str(exc.filename)).name
    return name == out.name or name.startswith(f".{out.name[:MAX_TEMP_STEM]}.")


def write_error(out: Path, exc: OSError) -> OutputError:
    cause = exc.strerror or str(exc) or type(exc).__name__
    hint = WRITE_HINTS.get(exc.errno or 0, "check the path, its folder's permissions and the free space")
    return OutputError(f"cannot write the PDF: {cause}", path=out, hint=hint)


def _refuse_inputs(out: Path, brief: Brief, spec: LayoutSpec) -> None:
    """The output must not be one of the build's own inputs: a typo in -o would destroy the manuscript."""
    inputs = [(brief.source, "the manuscript")]
    inputs += [(Path(b.path), f"figure file {b.label}") for b in brief.blocks if isinstance(b, Figure)]
    inputs += [(Path(f), "the layout file" if Path(f).suffix in (".yaml", ".yml") else "the ICC profile")
               for f in spec.files]
    try:
        target = out.resolve()
        exists = out.exists()
    except OSError as exc:
        raise write_error(out, exc) from None
    except (RuntimeError, ValueError) as exc:  # a symlink loop (before Python 3.13), a NUL in the name
        raise OutputError(f"cannot use this output path ({exc})", path=out, hint="give -o a new .pdf path") from None
    for path, what in inputs:
        try:
            same = path.resolve() == target or (exists and path.exists() and os.path.samefile(path, out))
        except (OSError, RuntimeError, ValueError):
            continue
        if same:
            raise OutputError(f"the output would overwrite {what}, an input of this build", path=out,
                              hint="give -o a new .pdf path, e.g. build/<brief>.pdf")


REPORTED_BY_LAYOUT = {"print-image-ppi"}  # preflight rules whose findings the layout already warned about


def _preflight(pdf: Path, shown_as: Path, profile: str, warnings: Warnings, blank: set[int],
               tagged: bool) -> None:
    """Run `briefpress check` on the new PDF: errors stop the build, warnings are reported.

    The blank page the layout adds before the back cover is deliberate, so its warning is not
    repeated; a low-resolution image was already reported by the layout as a warning naming its
    figure (a writer may knowingly print a screenshot), so it does not fail the build here, though
    `briefpress check` on its own reports it as the error a printer's preflight would.
    """
    from .check import ERROR, preflight
    from .errors import PreflightFailed

    report = preflight(pdf, profile, accessibility=tagged)  # a tagged build must pass the ua rules
    results = [r for r in report.results
               if not (r.id == "text-extractable" and r.page in blank) and r.id not in REPORTED_BY_LAYOUT]
    errors = [str(r) for r in results if r.severity == ERROR]
    for r in results:
        if r.severity != ERROR:
            warnings.warn(f"preflight: {r}", path=shown_as)
    if errors:
        raise PreflightFailed(shown_as, errors)


def build_all(content: Path = Path("content"), layouts: list[str] | None = None,
              build_dir: Path = Path("build"), proofs: bool = True) -> int:
    """Build (and so preflight) every brief under `content/` in every layout, and proof each PDF
    into build/proof/<pdf name>/; print one line per PDF; return an exit code."""
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
            if proofs:
                from .proof import make_proof

                proof = make_proof(result.pdf, build_dir / "proof" / result.pdf.stem, layout=name)
                print(f"proofed {result.pdf} -> {proof.index}")
    return 1 if failed else 0
