#!/usr/bin/env python3
"""Build every brief under content/ in every shipped layout into build/, preflight and proof them.

Usage: python build.py [-j N] [LAYOUT ...]   (default: every layout in layouts/, one process per core)
PDFs go to build/<brief>[-<layout>].pdf, proofs (PNG pages, contact sheet, index.html) to build/proof/.
The briefs x layouts are built in parallel; the output lines come in the same order every time.
"""

import sys

from briefpress.pipeline import build_all

if __name__ == "__main__":
    args = sys.argv[1:]
    jobs = None
    if len(args) >= 2 and args[0] == "-j":
        jobs, args = int(args[1]), args[2:]
    sys.exit(build_all(layouts=args or None, jobs=jobs))
