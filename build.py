#!/usr/bin/env python3
"""Build every brief under content/ in every shipped layout into build/, preflight and proof them.

Usage: python build.py [LAYOUT ...]   (default: every layout in layouts/)
PDFs go to build/<brief>[-<layout>].pdf, proofs (PNG pages, contact sheet, index.html) to build/proof/.
"""

import sys

from briefpress.pipeline import build_all

if __name__ == "__main__":
    sys.exit(build_all(layouts=sys.argv[1:] or None))
