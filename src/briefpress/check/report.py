"""Results of a preflight: one frozen record per finding, and the report that sums them up.

Kept free of pypdf so that importing the results (for the CLI, the build
step or the proof report) costs nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

SCHEMA = 1  # bump when the JSON structure changes incompatibly

# Every rule: id -> (default severity, profiles it runs in, what it checks).  Results of a rule can be
# lowered to a warning in the cases each rule documents; ids never change once published.
RULES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "pdf-readable": (ERROR, ("print", "web"), "the file is a complete, unencrypted PDF that can be parsed"),
    "font-embedded": (ERROR, ("print", "web"), "every font is embedded"),
    "font-subset": (WARNING, ("print", "web"), "every embedded font is a subset (ABCDEF+ name prefix)"),
    "page-count-even": (ERROR, ("print", "web"), "the page count is even (warning in web)"),
    "page-size-consistent": (ERROR, ("print", "web"), "every page has the same trim size"),
    "print-trimbox": (ERROR, ("print",), "every page has a TrimBox inside its MediaBox"),
    "print-bleedbox": (ERROR, ("print",), "every page has a BleedBox"),
    "print-bleed-size": (ERROR, ("print",), "the bleed reaches at least 0.125 in beyond the trim on every side"),
    "print-no-rgb": (ERROR, ("print",), "nothing is painted in DeviceRGB (content streams and images)"),
    "print-image-ppi": (ERROR, ("print",), "every image has at least 300 ppi at its placed size"),
    "print-text-safe-area": (ERROR, ("print",), "no text within 0.25 in of the trim edge, except on purpose"),
    "web-outline": (ERROR, ("web",), "the PDF has bookmarks and each one leads to a page"),
    "web-links": (ERROR, ("web",), "links exist and every link target is valid"),
    "meta-title": (ERROR, ("print", "web"), "the document info has a title"),
    "meta-author": (WARNING, ("print", "web"), "the document info has an author"),
    "meta-lang": (ERROR, ("print", "web"), "the catalog names the language (/Lang)"),
    "text-extractable": (ERROR, ("print", "web"), "every page that is not blank has extractable text"),
    "notes-on-page": (ERROR, ("print", "web"), "every note reference has its note on the same page"),
    "ua-tagged": (ERROR, ("ua",), "the PDF is tagged: /MarkInfo /Marked true and a structure tree"),
    "ua-untagged-content": (ERROR, ("ua",), "everything painted is tagged content or an artifact, never nested"),
    "ua-struct-parents": (ERROR, ("ua",), "every MCID has exactly one parent element, found through the "
                                         "ParentTree"),
    "ua-heading-order": (ERROR, ("ua",), "the first heading is H1 and no heading level is skipped"),
    "ua-figure-alt": (ERROR, ("ua",), "every Figure element has alternative text"),
    "ua-note-id": (ERROR, ("ua",), "every Note element has a unique /ID"),
    "ua-link-tagged": (ERROR, ("ua",), "every link annotation has /Contents and belongs to a Link element"),
    "ua-tabs": (ERROR, ("ua",), "pages with annotations order them by structure (/Tabs /S)"),
    "ua-lang": (ERROR, ("ua",), "the catalog names the document language"),
    "ua-display-title": (ERROR, ("ua",), "viewers show the document title (DisplayDocTitle)"),
    "ua-xmp-pdfuaid": (ERROR, ("ua",), "XMP metadata with dc:title and pdfuaid:part 1"),
}


def rules_for(profile: str | set[str]) -> list[str]:
    """Rule ids that run in a profile (or any of a set of profiles), in report order."""
    wanted = {profile} if isinstance(profile, str) else profile
    return [rule for rule, (_sev, profiles, _doc) in RULES.items()
            if rule == "pdf-readable" or wanted & set(profiles)]


@dataclass(frozen=True)
class CheckResult:
    """One finding: which rule, how bad, where (1-based page or None for the whole file), what to do."""

    id: str
    severity: str
    message: str
    page: int | None = None

    def __str__(self) -> str:
        # a finding grouped over several pages already starts "pages 1, 2, …:"
        where = f"page {self.page}: " if self.page is not None and not self.message.startswith("pages ") else ""
        from ..errors import printable

        return printable(f"{where}{self.severity}: {self.message} [{self.id}]")

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "severity": self.severity, "page": self.page, "message": self.message}


@dataclass(frozen=True)
class PreflightReport:
    """Everything `check` found in one PDF; `ok` means no errors (warnings allowed)."""

    file: str
    profile: str
    pages: int | None
    results: tuple[CheckResult, ...] = field(default_factory=tuple)
    rules: tuple[str, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.results if r.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if r.severity == WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "file": self.file,
            "profile": self.profile,
            "pages": self.pages,
            "ok": self.ok,
            "errors": self.errors,
            "warnings": self.warnings,
            "rules": list(self.rules),
            "results": [r.as_dict() for r in self.results],
        }

    def to_json(self, indent: int | None = 2) -> str:
        # non-ASCII stays readable, but a lone surrogate (from an undecodable file name) cannot be written
        # to a UTF-8 stream: it is escaped as JSON allows
        text = json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)
        return "".join(c if not "\ud800" <= c <= "\udfff" else f"\\u{ord(c):04x}" for c in text)

    def summary(self) -> str:
        pages = f"{self.pages} pages, " if self.pages is not None else ""
        verdict = "OK" if self.ok else "FAILED"
        from ..errors import printable

        return printable(f"{self.file}: {verdict} ({self.profile} profile, {pages}{self.errors} errors, "
                         f"{self.warnings} warnings)")

    def __str__(self) -> str:
        return self.summary()


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def grouped(rule: str, severity: str, problems: dict[str, list[int]]) -> Iterator[CheckResult]:
    """One result per distinct message, naming every page it applies to."""
    for message, pages in problems.items():
        if len(pages) == 1:
            yield CheckResult(rule, severity, message, pages[0])
        else:
            yield CheckResult(rule, severity, f"pages {page_list(pages)}: {message}", pages[0])


def page_list(pages: list[int], limit: int = 8) -> str:
    """'1, 2, 5' or '1, 2, 3, … (12 pages)' for messages that name several pages."""
    pages = sorted(set(pages))
    shown = ", ".join(str(p) for p in pages[:limit])
    return shown if len(pages) <= limit else f"{shown}, … ({len(pages)} pages)"
