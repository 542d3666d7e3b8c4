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
    from .check import PreflightReport
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
    preflight: PreflightReport | None = None  # the build's own check of the written PDF (None with check=False)
    data: bytes | None = field(default=None, repr=False)  # the PDF's bytes, as written
    blank_pages: frozenset[int] = frozenset()
    profile: str = "print"
    tagged: bool = True


def default_output(brief_path: Path, layout_name: str, build_dir: Path = Path("build")) -> Path:
    folder = brief_path if brief_path.is_dir() else brief_path.parent
    slug = folder.name if (brief_path.is_dir() or brief_path.name == "brief.md") else brief_path.stem
    suffix = "" if layout_name == "print" else f"-{Path(layout_name).stem}"
    return build_dir / f"{slug}{suffix}.pdf"


def build(target: Path, layout: str = "print", output: Path | None = None,
          warnings: Warnings | None = None, check: bool = True, warm: WarmState | None = None) -> BuildResult:
    """Build one brief; with `check`, the PDF must pass its layout's preflight before it replaces `output`.

    `warm`: what a long-lived process (the preview) keeps between builds: the layout spec while its files
    are unchanged, and the fonts with their measured widths.  A warm build writes the same bytes as a
    cold one."""
    from .fonts import FontBook, report_missing
    from .layout.document import layout_document
    from .model.load import load_brief
    from .render.pdf import render_pdf
    from .stats import document_stats
    from .style.load import load_layout

    warnings = warnings if warnings is not None else Warnings()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    spec = warm.layout(layout) if warm is not None else load_layout(layout)
    brief = load_brief(target, warnings)
    timings["read"] = time.perf_counter() - t
    fonts = warm.fonts(spec, warnings) if warm is not None else FontBook(spec.fonts.fallback, warnings)
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
    blank = frozenset(p.number for p in doc.pages if p.kind == "blank")
    pages = len(doc.pages)
    report = None
    try:
        try:
            data = render_pdf(doc, fonts, tmp, stats.to_json())
        except OSError as exc:
            if not _about_output(exc, out):
                raise
            raise write_error(out, exc) from None
        if not isinstance(data, bytes):
            data = tmp.read_bytes()
        timings["render"] = time.perf_counter() - t
        del doc, brief  # the preflight reads only the PDF: a long brief's layout need not stay in memory
        if warm is None:
            del fonts  # with its cache of set paragraphs
        if check:
            t = time.perf_counter()
            report = _preflight(tmp, out, spec.profile, warnings, blank, spec.output.tagged, data)
            timings["check"] = time.perf_counter() - t
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise write_error(out, exc) from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".x")):  # (NAME.tmp.x: what older versions left)
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
            except OSError:  # the folder went read-only under us: nothing more can be done
                pass
    return BuildResult(out, pages, spec.name, warnings, timings, stats, report, data, blank,
                       spec.profile, spec.output.tagged)


class WarmState:
    """Caches a long-lived process keeps between builds (the preview): layout specs, keyed by their files'
    modification times, and one FontBook per layout's fallback list (fonts parsed once, widths kept)."""

    def __init__(self) -> None:
        self._layouts: dict[str, tuple[tuple, object]] = {}
        self._fonts: dict[tuple[str, ...], object] = {}

    def layout(self, layout: str):  # type: ignore[no-untyped-def]
        from .style.load import load_layout

        known = self._layouts.get(layout)
        if known is not None and known[0] == _layout_stamp(known[1]):
            return known[1]
        spec = load_layout(layout)
        self._layouts[layout] = (_layout_stamp(spec), spec)
        return spec

    def fonts(self, spec, warnings: Warnings):  # type: ignore[no-untyped-def]
        from .fonts import FontBook

        key = tuple(spec.fonts.fallback)
        book = self._fonts.get(key)
        if book is None:
            book = self._fonts[key] = FontBook(list(key), warnings)
        book.renew(warnings)
        return book


def _layout_stamp(spec) -> tuple:  # type: ignore[no-untyped-def]
    """Modification times of the files a layout was read from (its `extends:` chain and ICC profile)."""
    from .resources import layouts_dir

    source = Path(spec.source)
    paths = sorted({source, *source.parent.glob("*.yaml"), *layouts_dir().glob("*.yaml")})
    if getattr(spec, "output_intent_path", None):
        paths.append(Path(spec.output_intent_path))
    stamp = []
    for p in paths:
        try:
            st = p.stat()
            stamp.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            stamp.append((str(p), None, None))
    return tuple(stamp) if paths else (object(),)  # unknown sources: never reused


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


def _preflight(pdf: Path, shown_as: Path, profile: str, warnings: Warnings, blank: frozenset[int],
               tagged: bool, data: bytes | None = None) -> PreflightReport:
    """Run `briefpress check` on the new PDF: errors stop the build, warnings are reported.

    The blank page the layout adds before the back cover is deliberate, so its warning is not
    repeated; a low-resolution image was already reported by the layout as a warning naming its
    figure (a writer may knowingly print a screenshot), so it does not fail the build here, though
    `briefpress check` on its own reports it as the error a printer's preflight would.
    """
    from .check import ERROR, preflight
    from .errors import PreflightFailed

    report = preflight(pdf, profile, accessibility=tagged, data=data)  # a tagged build must pass the ua rules
    results = build_findings(report, blank)
    errors = [str(r) for r in results if r.severity == ERROR]
    for r in results:
        if r.severity != ERROR:
            warnings.warn(f"preflight: {r}", path=shown_as)
    if errors:
        raise PreflightFailed(shown_as, errors)
    return report


def build_findings(report: PreflightReport, blank: frozenset[int]) -> list:  # type: ignore[type-arg]
    """The preflight findings a build reports (the deliberate blank page and low-ppi images left out)."""
    return [r for r in report.results
            if not (r.id == "text-extractable" and r.page in blank) and r.id not in REPORTED_BY_LAYOUT]


def build_all(content: Path = Path("content"), layouts: list[str] | None = None,
              build_dir: Path = Path("build"), proofs: bool = True, jobs: int | None = None) -> int:
    """Build (and so preflight) every brief under `content/` in every layout, and proof each PDF
    into build/proof/<pdf name>/; print one line per PDF; return an exit code.

    The briefs × layouts are built in a pool of processes, one per core (`jobs`), and reported in
    the same order whatever finishes first; each proof reuses its build's preflight report."""
    from .style.load import available_layouts

    names = layouts or list(available_layouts())
    briefs = sorted(p.parent for p in content.glob("*/brief.md"))
    if not briefs:
        print(f"no briefs found under {content}/ (each brief is a folder holding brief.md)")
        return 1
    tasks = [(folder, name, build_dir, proofs) for folder in briefs for name in names]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    if workers == 1:
        outcomes = [_build_task(*t) for t in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_build_task, *t) for t in tasks]
            outcomes = []
            for future in futures:  # in submission order: the output does not depend on timing
                ok, lines = future.result()
                for line in lines:
                    print(line, flush=True)
                outcomes.append((ok, []))
    failed = 0
    for ok, lines in outcomes:
        for line in lines:
            print(line)
        failed += not ok
    return 1 if failed else 0


def _build_task(folder: Path, name: str, build_dir: Path, proofs: bool) -> tuple[bool, list[str]]:
    """One brief in one layout (built, then proofed): (succeeded, lines to print)."""
    from .errors import BriefpressError

    lines: list[str] = []
    try:
        result = build(folder, layout=name, output=default_output(folder, name, build_dir))
    except BriefpressError as exc:
        return False, [str(exc)]
    lines += [str(w) for w in result.warnings]
    lines.append(f"wrote {result.pdf} ({result.pages} pages, layout {name})")
    if proofs:
        from .proof import make_proof

        try:
            proof = make_proof(result.pdf, build_dir / "proof" / result.pdf.stem, layout=name,
                               report=result.preflight)
        except BriefpressError as exc:
            return False, lines + [str(exc)]
        lines.append(f"proofed {result.pdf} -> {proof.index}")
    return True, lines
