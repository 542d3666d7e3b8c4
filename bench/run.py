#!/usr/bin/env python3
"""Time cold builds of briefs as a user runs them: a whole `briefpress build` process each time.

What a writer waits for is the process, imports included, so each run is a fresh
interpreter started in a subprocess.  For each brief (the sample, and a long
generated brief of about 70 pages) and each layout asked for, the build runs once
to warm the OS cache and the bytecode, then N times; we report the median wall
time (the figure to quote), min and max (the spread, which shows how much other
load on the machine disturbed the run), the median CPU time of the child (less
sensitive to other load), and the child's peak memory (max RSS, from os.wait4).

--against REV measures git revision REV in the same run: it is checked out into a
temporary `git worktree` under /tmp, run with this same interpreter with
PYTHONPATH=<worktree>/src and cwd=<worktree>, on the same input files.  Runs of the
two versions alternate (new, old, then old, new, ...) so that a drift in machine
load hits both alike; ratios new/old are printed for time and memory.

Results: a table on stdout, JSON in bench/results/<name>.json.  bench/results/latest.json
is committed as the reference figures (its history in git is the history of the
figures); other names are ignored by git.

Usage: python bench/run.py [-n 7] [--layout print --layout web | --layout all] [--against REV]
                           [--stages] [--pages 70] [--build-arg=--no-check] [--name NAME | --no-save]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SAMPLE = ROOT / "content" / "in-focus-2006-02"
TARGET_SAMPLE_S = 0.45  # the sample's cold print build with preflight, on the 2-core reference machine (issue 11)

# `python -m briefpress.cli` does not run anything (cli.py has no __main__ guard) and
# `python -m briefpress` only exists in newer revisions; this works for every revision.
# `run` (newer revisions) is what the installed `briefpress` script calls: main plus a fast exit.
LAUNCH = ("import sys; sys.argv[0] = 'briefpress'; from briefpress import cli; "
          "getattr(cli, 'run', cli.main)()")

sys.path.insert(0, str(ROOT / "bench"))


@dataclass
class Version:
    """A checkout of briefpress to run: the working tree ("new") or a git revision ("old")."""

    label: str
    root: Path
    rev: str

    def env(self) -> dict[str, str]:
        # PYTHONDONTWRITEBYTECODE (set in some CI and sandbox shells) would make every run compile all of
        # briefpress from source again: a user's install has its .pyc files, so the warm-up writes them
        env = {k: v for k, v in os.environ.items()
               if k not in ("BRIEFPRESS_DEBUG", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
        env["PYTHONPATH"] = str(self.root / "src")
        return env

    def check_import(self) -> None:
        """Make sure the child really imports this checkout's code (not an installed copy)."""
        out = subprocess.run([sys.executable, "-c", "import briefpress; print(briefpress.__file__)"],
                             cwd=self.root, env=self.env(), capture_output=True, text=True, check=True)
        where = Path(out.stdout.strip()).resolve()
        if not where.is_relative_to((self.root / "src").resolve()):
            raise SystemExit(f"{self.label}: briefpress imports from {where}, not from {self.root}/src")

    def layouts(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "layouts").glob("*.yaml"))


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Series:
    """All runs of one brief, in one layout, by one version."""

    bench: str
    layout: str
    version: str
    pages: int | None = None
    runs: list[Run] = field(default_factory=list)
    error: str | None = None
    note: str = ""

    def stat(self, key: str, how=statistics.median) -> float:  # type: ignore[no-untyped-def]
        return how(getattr(r, key) for r in self.runs)

    def summary(self) -> dict:
        if not self.runs:
            return {"bench": self.bench, "layout": self.layout, "version": self.version, "error": self.error}
        return {
            "bench": self.bench, "layout": self.layout, "version": self.version, "pages": self.pages,
            "runs": len(self.runs),
            "median_s": round(self.stat("wall"), 4), "min_s": round(self.stat("wall", min), 4),
            "max_s": round(self.stat("wall", max), 4),
            "cpu_median_s": round(self.stat("cpu"), 4),
            "peak_mb": round(self.stat("peak_mb"), 1), "peak_mb_max": round(self.stat("peak_mb", max), 1),
            "wall_s": [round(r.wall, 4) for r in self.runs],
            "error": self.error, "note": self.note,
        }


def build_once(version: Version, brief: Path, layout: str, out: Path,
               extra: tuple[str, ...] = ()) -> tuple[Run, int, str]:
    """One cold build in a fresh interpreter: (time and memory, exit code, output)."""
    cmd = [sys.executable, "-c", LAUNCH, "build", str(brief), "-o", str(out), "--layout", layout, *extra]
    with tempfile.TemporaryFile("w+") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=version.root, env=version.env(), stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage: no deltas to take
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux
    return run, proc.returncode, output


def pages_of(output: str) -> int | None:
    m = re.search(r"\((\d+) pages", output)
    return int(m.group(1)) if m else None


@dataclass
class Bench:
    name: str
    brief: Path


def measure(versions: list[Version], benches: list[Bench], layouts: list[str], n: int,
            work: Path, extra: tuple[str, ...] = (), accept_preflight_failure: bool = False,
            latex: dict[str, Path] | None = None) -> list[Series]:
    """Warm up once, then n rounds; within a round every (bench, layout) runs each version,
    the versions' order alternating from round to round.  `latex`: a .tex file per bench, timed
    with pdflatex in the same rounds (the reference, as version "pdflatex", layout print)."""
    series: dict[tuple[str, str, str], Series] = {}
    for name in latex or {}:
        series[(name, "print", "pdflatex")] = Series(name, "print", "pdflatex")
    for b in benches:
        for layout in layouts:
            for v in versions:
                s = Series(b.name, layout, v.label)
                if layout not in v.layouts():
                    s.error = f"layout {layout!r} does not exist in {v.label} ({v.rev})"
                series[(b.name, layout, v.label)] = s
    for round_no in range(n + 1):  # round 0 is the warm-up
        order = versions if round_no % 2 == 0 else versions[::-1]
        for b in benches:
            for layout in layouts:
                for v in order:
                    s = series[(b.name, layout, v.label)]
                    if s.error:
                        continue
                    out = work / f"{b.name}-{layout}-{v.label}.pdf"
                    run, code, output = build_once(v, b.brief, layout, out, extra)
                    refused = accept_preflight_failure and code == 1 and "preflight failed" in output
                    if refused:  # built and checked in full, then refused: its time and memory still count
                        s.note = "preflight refused the PDF (a layout fault in both versions); built and checked in full"
                    elif code != 0 or not out.is_file():
                        s.error = f"exit code {code}: {output.strip()[-1500:]}"
                        s.runs.clear()
                        continue
                    s.pages = pages_of(output)
                    if round_no:
                        s.runs.append(run)
        for name, tex in (latex or {}).items():
            _latex_run(series[(name, "print", "pdflatex")], tex, round_no > 0)
        done = "warm-up" if round_no == 0 else f"round {round_no}/{n}"
        print(f"  {done} done", file=sys.stderr, flush=True)
    return list(series.values())


def _latex_run(s: Series, tex: Path, keep: bool) -> None:
    """One pdflatex pass of the reference into `s` (kept unless it is the warm-up)."""
    import latexref

    if s.error:
        return
    wall, cpu, peak, code, tail = latexref.run_once(tex)
    if code != 0:
        s.error = f"pdflatex exit code {code}: {tail.strip()[-300:]}"
        s.runs.clear()
        return
    s.pages = latexref.pages(tex)
    if keep:
        s.runs.append(Run(wall, cpu, peak))


def typesetting(benches: list[Bench], work: Path) -> list[dict]:
    """The typesetting figures (issue 10) the new version stored in each print PDF (/BriefpressStats)."""
    from pypdf import PdfReader

    out = []
    for b in benches:
        pdf = work / f"{b.name}-print-new.pdf"
        try:
            raw = PdfReader(str(pdf)).metadata.get("/BriefpressStats")
            out.append({"bench": b.name, **json.loads(str(raw))})
        except Exception:  # noqa: BLE001 - a failed or older build: no figures, not a failed bench
            continue
    return out


def typesetting_table(entries: list[dict]) -> str:
    rows = []
    for e in entries:
        justified = max(1, e.get("justified_lines", 0))
        short = sum(1 for u in e.get("unfilled_lines", ()) if u > 1) - e.get("heading_short", 0) \
            - e.get("note_short", 0)  # the columns the rules leave short are not counted
        rows.append([e["bench"], "print", "new", str(e.get("pages")), f"{e.get('space_p99_em', 0):.3f}",
                     str(e.get("loose_lines")), str(e.get("tight_lines")),
                     f"{100 * e.get('snug_lines', 0) / justified:.1f}%", str(e.get("hyphenated_lines")),
                     str(e.get("longest_hyphen_run")), str(e.get("runts")), str(short),
                     str(e.get("overfull_lines"))])
    return "typesetting (issue 10 targets: p99 <= 0.40 em, 0 loose, 0 < 0.15 em, <= 2 % < 0.18 em, runs <= 2,\n" \
           "runts <= 1 per 10 pages, columns short by more than a line only where forced, 0 overfull)\n" + table(
               rows, ["bench", "layout", "version", "pages", "p99 em", "loose", "<0.15", "<0.18", "hyphens", "run",
                      "runts", "short cols", "overfull"])


def stages(versions: list[Version], benches: list[Bench], layouts: list[str], work: Path,
           extra: tuple[str, ...] = ()) -> list[dict]:
    """One more build of each with --timings: where the time goes inside the process."""
    out: list[dict] = []
    for b in benches:
        for layout in layouts:
            for v in versions:
                if layout not in v.layouts():
                    continue
                run, code, output = build_once(v, b.brief, layout, work / "stages.pdf", ("--timings", *extra))
                times = {m.group(1): float(m.group(2)) / 1000
                         for m in re.finditer(r"^\s+(\S[^\n]*?)\s+([\d.]+) ms\s*$", output, re.M)}
                out.append({"bench": b.name, "layout": layout, "version": v.label, "wall_s": round(run.wall, 4),
                            "stages_s": {k: round(t, 4) for k, t in times.items()},
                            "error": None if code == 0 else output.strip()[-300:]})
    return out


# -- reporting --------------------------------------------------------------------------------------
def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "  ".join(str(x).rjust(w) if i >= 3 else str(x).ljust(w)  # noqa: E731
                               for i, (x, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def report(series: list[Series], versions: list[Version]) -> tuple[str, list[dict]]:
    rows = []
    errors = []
    for s in series:
        if not s.runs:
            errors.append(f"{s.bench} {s.layout} {s.version}: {s.error}")
            rows.append([s.bench, s.layout, s.version, "-", "-", "-", "-", "-", "-", "-",
                         f"failed, see note {len(errors)}" if s.error and "exit code" in s.error
                         else (s.error or "")[:60]])
            continue
        med = s.stat("wall")
        spread = (s.stat("wall", max) - s.stat("wall", min)) / med * 100
        rows.append([s.bench, s.layout, s.version, str(s.pages), f"{med:.3f}", f"{s.stat('wall', min):.3f}",
                     f"{s.stat('wall', max):.3f}", f"{spread:.0f}%", f"{s.stat('cpu'):.3f}",
                     f"{s.stat('peak_mb'):.1f}", "refused by preflight" if s.note else ""])
    text = table(rows, ["bench", "layout", "version", "pages", "median s", "min s", "max s", "spread",
                        "cpu s", "peak MB", "note"])
    for k, error in enumerate(errors, 1):
        text += f"\n\nnote {k}: {error}"
    ratios: list[dict] = []
    if len(versions) == 2:
        by = {(s.bench, s.layout, s.version): s for s in series}
        rrows = []
        for s in series:
            if s.version != "new":
                continue
            old = by.get((s.bench, s.layout, "old"))
            if not (s.runs and old and old.runs):
                continue
            r = {"bench": s.bench, "layout": s.layout,
                 "time": s.stat("wall") / old.stat("wall"), "cpu": s.stat("cpu") / old.stat("cpu"),
                 "memory": s.stat("peak_mb") / old.stat("peak_mb"),
                 "pages_new": s.pages, "pages_old": old.pages}
            ratios.append({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()})
            rrows.append([s.bench, s.layout, f"{s.pages}/{old.pages}", f"{r['time']:.3f}", f"{r['cpu']:.3f}",
                          f"{r['memory']:.3f}"])
        if rrows:
            text += "\n\nnew / old (below 1: new is faster or smaller)\n" + table(
                rrows, ["bench", "layout", "pages n/o", "time", "cpu", "memory"])
    by = {(s.bench, s.layout, s.version): s for s in series}
    lrows = []
    for s in series:
        ref = by.get((s.bench, "print", "pdflatex"))
        if s.version == "new" and s.layout == "print" and s.runs and ref and ref.runs:
            r = s.stat("wall") / ref.stat("wall")
            ratios.append({"bench": s.bench, "layout": "print", "against": "pdflatex", "time": round(r, 3),
                           "pages_new": s.pages, "pages_pdflatex": ref.pages})
            lrows.append([s.bench, f"{s.pages}/{ref.pages}", f"{s.stat('wall'):.3f}", f"{ref.stat('wall'):.3f}",
                          f"{r:.2f}"])
    if lrows:
        text += "\n\nnew / pdfLaTeX, same rounds (print layout; pdfLaTeX without the figures)\n" + table(
            lrows, ["bench", "pages n/tex", "new s", "pdflatex s", "ratio"])
    sample = by.get(("sample", "print", "new"))
    if sample and sample.runs:
        med = sample.stat("wall")
        ref = by.get(("sample", "print", "pdflatex"))
        limit, what = ((ref.stat("wall"), "pdfLaTeX's time, measured in this run") if ref and ref.runs
                       else (TARGET_SAMPLE_S, "pdfLaTeX's time on the reference machine"))
        verdict = "met" if med <= limit else "MISSED"
        text += (f"\n\ntarget: sample, print, cold build at or under {limit:.3f} s ({what}): {verdict} "
                 f"({med:.3f} s median)")
    return text, ratios


def extras_report(extras: list[dict], series: list[Series], versions: list[Version]) -> tuple[str, list[dict]]:
    """Warm edit, preview latency and archive pool, one line per version, and ratios new/old."""
    rows = []
    for e in extras:
        if e.get("error"):
            rows.append([e["bench"], e["version"], "-", "-", "error: " + e["error"][:80]])
            continue
        if e["bench"] == "preview":
            rows.append(["edit -> pdf", e["version"], f"{e['edit_to_pdf_s']:.3f}", "", e["how"]])
            rows.append(["edit -> pixels", e["version"], f"{e['edit_to_pixels_s']:.3f}", "", e["how"]])
        else:
            rows.append([e["bench"], e["version"], f"{e['median_s']:.3f}", "",
                         e.get("how", f"build.py, {e.get('cpus')} cores")])
    text = table(rows, ["what", "version", "median s", "", "how"])
    ratios: list[dict] = []
    by = {(e["bench"], e["version"]): e for e in extras if not e.get("error")}
    if len(versions) == 2:
        lines = []
        for bench, key in (("warm-edit", "median_s"), ("preview", "edit_to_pdf_s"), ("preview", "edit_to_pixels_s"),
                           ("archive", "median_s")):
            new, old = by.get((bench, "new")), by.get((bench, "old"))
            if new and old:
                r = round(new[key] / old[key], 3)
                name = bench if bench != "preview" else f"preview {key[:-2].replace('_', ' ')}"
                ratios.append({"bench": name, "layout": "print", "time": r})
                lines.append(f"  {name:<28} {r:.3f}")
        if lines:
            text += "\n\nnew / old\n" + "\n".join(lines)
    return text, ratios


def stage_table(entries: list[dict]) -> str:
    names: list[str] = []
    for e in entries:
        names += [k for k in e["stages_s"] if k not in names]
    rows = [[e["bench"], e["layout"], e["version"], f"{e['wall_s']:.3f}",
             *[f"{e['stages_s'][k] * 1000:.0f}" if k in e["stages_s"] else "-" for k in names]]
            for e in entries]
    return "stages, one run each with --timings (ms; 'wall s' includes start-up and imports)\n" + table(
        rows, ["bench", "layout", "version", "wall s", *names])


# -- set-up -----------------------------------------------------------------------------------------
def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def describe_tree() -> str:
    """HEAD, marked +dirty when the code, layouts or fonts differ from it."""
    head = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--", "src", "layouts", "fonts")
    return head + ("+dirty" if dirty else "")


def machine() -> dict:
    return {
        "platform": platform.platform(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "python": platform.python_version(), "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--runs", type=int, default=7, help="timed runs per build (default 7)")
    parser.add_argument("--layout", action="append", dest="layouts",
                        help="layout to time (repeatable; 'all' for every layout in layouts/; default print)")
    parser.add_argument("--against", metavar="REV", help="also time git revision REV, interleaved, and print ratios")
    parser.add_argument("--stages", action="store_true", help="one extra run with --timings per build")
    parser.add_argument("--pages", type=int, default=70, help="size of the long generated brief (default 70)")
    parser.add_argument("--build-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for every `briefpress build`, e.g. --build-arg=--no-check")
    parser.add_argument("--name", help="results file bench/results/NAME.json (default: latest, "
                        "or against-REV with --against)")
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    parser.add_argument("--no-extras", action="store_true",
                        help="only the cold builds: no warm edit, preview latency, archive pool or 130-page memory")
    parser.add_argument("--no-latex", action="store_true",
                        help="leave out the pdfLaTeX reference (timed when pandoc and pdflatex are on PATH)")
    parser.add_argument("--extra-runs", type=int, default=5, help="runs of the warm edit and preview (default 5)")
    parser.add_argument("--memory-pages", type=int, default=130, help="pages of the brief for the memory figure")
    args = parser.parse_args(argv)

    from longbrief import write_long_brief

    new = Version("new", ROOT, describe_tree())
    layouts = args.layouts or ["print"]
    if "all" in layouts:
        layouts = new.layouts()
    versions = [new]
    worktree: Path | None = None
    with tempfile.TemporaryDirectory(prefix="briefpress-bench-") as tmp:
        work = Path(tmp)
        try:
            if args.against:
                sha = git("rev-parse", "--verify", f"{args.against}^{{commit}}")
                worktree = Path(tempfile.mkdtemp(prefix="briefpress-old-", dir="/tmp")) / "tree"
                git("worktree", "add", "--detach", str(worktree), sha)
                versions.append(Version("old", worktree, f"{args.against} ({sha[:7]})"))
            for v in versions:
                v.check_import()
            long_brief = write_long_brief(work / f"long-brief-{args.pages}", pages=args.pages, seed=0)
            benches = [Bench("sample", SAMPLE), Bench(f"long{args.pages}", long_brief)]
            print(f"timing {', '.join(f'{v.label}={v.rev}' for v in versions)}: {len(benches)} briefs x "
                  f"{len(layouts)} layout(s), 1 warm-up + {args.runs} runs each", file=sys.stderr)
            before = machine()
            started = time.time()
            extra = tuple(args.build_arg)
            latex: dict[str, Path] = {}
            if not args.no_latex:
                import latexref

                if latexref.available():
                    latex = {b.name: latexref.write_tex(b.brief, work) for b in benches}
                else:
                    print("  no pandoc/pdflatex: the pdfLaTeX reference is left out", file=sys.stderr)
            series = measure(versions, benches, layouts, args.runs, work, extra, latex=latex)
            setting = typesetting(benches, work) if "print" in layouts else []
            stage_entries = stages(versions, benches, layouts, work, extra) if args.stages else []
            extras: list[dict] = []
            if not args.no_extras:
                import extras as ex

                print("  extras: 130-page memory, warm edit, preview, archive pool", file=sys.stderr, flush=True)
                big = write_long_brief(work / f"long-brief-{args.memory_pages}", pages=args.memory_pages, seed=0)
                series += measure(versions, [Bench(f"long{args.memory_pages}", big)], ["print"], 2, work, extra,
                                  accept_preflight_failure=True)
                for v in versions:
                    extras.append(ex.warm_edit(v, SAMPLE, work, args.extra_runs, LAUNCH))
                for v in versions:
                    extras.append(ex.preview_latency(v, SAMPLE, work, args.extra_runs, LAUNCH))
                extras += ex.archive(versions, 2)
            after_load = [round(x, 2) for x in os.getloadavg()]
        finally:
            if worktree is not None:
                subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT,
                               capture_output=True)
                shutil.rmtree(worktree.parent, ignore_errors=True)
                subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)

    text, ratios = report(series, versions)
    if not args.no_extras:
        etext, eratios = extras_report(extras, series, versions)
        text += "\n\n" + etext
        ratios += eratios
    if setting:
        text += "\n\n" + typesetting_table(setting)
    print(text)
    if stage_entries:
        print("\n" + stage_table(stage_entries))
    print(f"\nload average (1 min) before/after: {before['load_avg_1_5_15'][0]} / {after_load[0]}; "
          f"{time.time() - started:.0f} s in all")
    if not args.no_save:
        name = args.name or ("latest" if not args.against else "against-" + re.sub(r"[^\w.-]+", "_", args.against))
        RESULTS.mkdir(parents=True, exist_ok=True)
        result = {
            "name": name,
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": {**before, "load_avg_after_1_5_15": after_load},
            "versions": {v.label: v.rev for v in versions},
            "runs": args.runs, "warmup": 1, "long_brief_pages_asked": args.pages, "build_args": args.build_arg,
            "results": [s.summary() for s in series],
            "ratios_new_over_old": ratios,
            "stages": stage_entries,
            "typesetting": setting,
            "extras": extras if not args.no_extras else [],
            "target": {"sample_print_cold_s": TARGET_SAMPLE_S},
        }
        path = RESULTS / f"{name}.json"
        tmp_path = path.with_suffix(".json.tmp")
        tmp_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp_path, path)
        print(f"wrote {path.relative_to(ROOT)}")
    failed = [s for s in series if s.error and "does not exist" not in s.error]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
