#!/usr/bin/env python3
"""Build every brief under content/ in every shipped layout into build/.

Usage: python build.py [LAYOUT ...]   (default: every layout in layouts/)
"""

import sys

from briefpress.pipeline import build_all

if __name__ == "__main__":
    sys.exit(build_all(layouts=sys.argv[1:] or None))
