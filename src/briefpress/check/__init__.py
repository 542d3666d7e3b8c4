"""Preflight of a finished PDF with pypdf: `preflight(path, profile)` -> PreflightReport.

Every rule has a stable id, a default severity and a message that says where
(page, font, image) and how to fix it; see report.RULES for the list and
each rule module's docstring for what it checks and where it stops.

`PreflightReport.to_json()` gives this structure (schema 1):

    {
      "schema": 1,                      # bumped only for incompatible changes
      "file": "build/x.pdf",            # the path as given
      "profile": "print" | "web" | "unknown",   # unknown: unreadable file, no profile given
      "pages": 6 | null,                # null when the file could not be read
      "ok": true,                       # no result has severity "error"
      "errors": 0, "warnings": 2,       # counts of results by severity
      "rules": ["pdf-readable", ...],   # rule ids that ran for this profile
      "results": [                      # sorted by page (whole-file results first), then rule
        {"id": "print-no-rgb", "severity": "warning", "page": 3 | null, "message": "..."}
      ]
    }

pypdf is imported only when a check runs, so importing this package is cheap.
"""

from __future__ import annotations

from .preflight import PROFILES, preflight
from .report import ERROR, RULES, WARNING, CheckResult, PreflightReport

__all__ = ["ERROR", "PROFILES", "RULES", "WARNING", "CheckResult", "PreflightReport", "preflight"]
