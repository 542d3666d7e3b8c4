"""The one error type of the Word import: a located line, like every briefpress error."""

from __future__ import annotations

from ..errors import BriefpressError


class WordImportError(BriefpressError):
    """The Word file cannot be imported (or the output cannot be written); names the file and the fix."""
