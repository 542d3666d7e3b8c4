"""One error type for everything a user can get wrong, and a sink for warnings.

Every message names where the problem is (file and line, or file and key) and
what to do about it, on one line, so that an editor can act on it without
reading a traceback.  Only the CLI prints; library code raises or collects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Characters that must never reach a terminal as they are: C0/C1 controls (a NUL, an escape sequence),
# lone surrogates (printing them fails), line and paragraph separators, bidirectional overrides (they
# reorder what is shown) and noncharacters.  Messages quote what the writer wrote, so they are escaped
# here, where every diagnostic is formatted.
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069"
                             "\ufdd0-\ufdef\ufffe\uffff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every character that could corrupt a terminal or a log written as an escape (\\x00)."""
    return _UNPRINTABLE_RE.sub(_escape, str(text))


def _where(path: Path | str | None, line: int | None, key: str | None) -> str:
    parts = []
    if path is not None:
        parts.append(str(path))
    if line is not None:
        parts.append(str(line))
    where = ":".join(parts)
    if key:
        where = f"{where}: key '{key}'" if where else f"key '{key}'"
    return where


@dataclass(frozen=True)
class Diagnostic:
    """A located message: `path:line: key 'k': message (hint)`."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    key: str | None = None
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = _where(self.path, self.line, self.key)
        text = f"{where}: {self.severity}: {self.message}" if where else f"{self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return printable(text)


class BriefpressError(Exception):
    """A problem the user can fix; carries one located diagnostic."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.diagnostic = Diagnostic(message, path, line, key, hint)
        super().__init__(str(self.diagnostic))


class ManuscriptError(BriefpressError):
    """The brief (front matter, Markdown, figures) is wrong."""


class LayoutFileError(BriefpressError):
    """A layout file is wrong or cannot be found."""


class OutputError(BriefpressError):
    """The PDF cannot be written where it was asked for."""


class PdfCheckError(BriefpressError):
    """A PDF given to `check` or `proof` cannot be read."""


class PreflightFailed(BriefpressError):
    """The PDF a build made failed its preflight; the reasons are one line each."""

    def __init__(self, path: Path | str, reasons: list[str]) -> None:
        super().__init__(f"preflight failed, the PDF was not written: {len(reasons)} error(s)", path=path,
                         hint="fix the causes below, or build with --no-check to write it anyway")
        self.reasons = reasons

    def __str__(self) -> str:
        return "\n".join([str(self.diagnostic)] + [f"  {printable(r)}" for r in self.reasons])


class BuildInterrupted(BaseException):
    """A signal (SIGTERM, SIGINT, SIGHUP) stopped the build; raised from the handler so that cleanup runs.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class Warnings:
    """Collects the problems briefpress worked around, for the CLI to print."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        diag = Diagnostic(message, path, line, key, hint, severity="warning")
        if diag not in self.items:
            self.items.append(diag)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
