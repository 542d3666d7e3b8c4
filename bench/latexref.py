"""pdfLaTeX on the same briefs, timed in the same run: the yardstick issue 11 names.

The brief's body goes through pandoc to LaTeX (figures left out: pdfLaTeX would need them as PDF or
PNG, and our CSV charts are neither), wrapped in a two-column article with the packages a LaTeX
user would set such a brief with (Times, microtype, booktabs, hyperref).  One pdflatex pass, as a
writer's rebuild after an edit would be (footnotes need no second pass).  Needs `pandoc` and
`pdflatex` on PATH (Debian: `apt-get install pandoc texlive-latex-base texlive-latex-recommended
texlive-fonts-recommended`); without them the bench just leaves the reference out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import yaml

PREAMBLE = r"""\documentclass[twocolumn,10pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{mathptmx}
\usepackage[letterpaper,margin=0.75in]{geometry}
\usepackage{microtype}
\usepackage{longtable,booktabs,array,calc}
\usepackage{hyperref}
\providecommand{\tightlist}{}
\begin{document}
"""


def available() -> bool:
    return bool(shutil.which("pandoc") and shutil.which("pdflatex"))


def _tex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def write_tex(brief: Path, work: Path) -> Path:
    """`brief` (a folder with brief.md) as a LaTeX file in `work`, ready for pdflatex."""
    text = (brief / "brief.md").read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    meta = yaml.safe_load(front)
    body = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("!["))
    latex = subprocess.run(["pandoc", "-f", "markdown", "-t", "latex"], input=body, capture_output=True,
                           text=True, check=True).stdout
    title = (f"\\title{{{_tex_escape(str(meta.get('title', '')))}}}\\author{{{_tex_escape(str(meta.get('publisher', '')))}}}"
             f"\\date{{{_tex_escape(str(meta.get('date', '')))}}}\\maketitle\n")
    abstract = f"\\begin{{abstract}}\n{_tex_escape(str(meta.get('abstract', '')))}\n\\end{{abstract}}\n"
    out = work / f"{brief.name}.tex"
    out.write_text(PREAMBLE + title + abstract + latex + "\n\\end{document}\n", encoding="utf-8")
    return out


def run_once(tex: Path) -> tuple[float, float, float, int, str]:
    """One pdflatex pass: (wall s, cpu s, peak MB, exit code, log tail)."""
    cmd = ["pdflatex", "-interaction=batchmode", "-halt-on-error", tex.name]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=tex.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    log = tex.with_suffix(".log")
    tail = log.read_text(encoding="latin-1")[-600:] if log.exists() else ""
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, tail


def pages(tex: Path) -> int | None:
    log = tex.with_suffix(".log")
    m = re.search(r"Output written on .*?\((\d+) pages?", log.read_text(encoding="latin-1")) if log.exists() else None
    return int(m.group(1)) if m else None
