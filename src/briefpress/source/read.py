"""Read a manuscript file as text, refusing what is not a text manuscript."""

from __future__ import annotations

from pathlib import Path

from ..errors import ManuscriptError

MAX_MANUSCRIPT_BYTES = 20 * 1024 * 1024  # a brief is text; anything larger is a mistake


def resolve_manuscript(target: Path) -> Path:
    """A brief folder means its brief.md; a file means itself."""
    if target.is_dir():
        candidate = target / "brief.md"
        if not candidate.is_file():
            raise ManuscriptError(
                "no brief.md in this folder", path=target,
                hint="a brief is a folder holding brief.md and its figures/",
            )
        return candidate
    if not target.exists():
        raise ManuscriptError("no such file or folder", path=target,
                              hint="give a brief folder (content/<slug>) or its brief.md")
    return target


def read_manuscript_text(path: Path) -> str:
    """Return the manuscript's text (UTF-8, BOM and CRLF tolerated)."""
    try:
        size = path.stat().st_size
        if size > MAX_MANUSCRIPT_BYTES:
            raise ManuscriptError(f"file is {size // 1024 // 1024} MB, too large for a manuscript",
                                  path=path, hint="is this the right file?")
        data = path.read_bytes()
    except OSError as exc:
        raise ManuscriptError(f"cannot read file: {exc.strerror}", path=path) from None
    if not data.strip():
        raise ManuscriptError("the manuscript is empty", path=path,
                              hint="start with a '---' front-matter block, then the text")
    if b"\x00" in data[:8192]:
        raise ManuscriptError("this is a binary file, not a Markdown manuscript", path=path,
                              hint="save the brief as plain UTF-8 text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ManuscriptError(f"byte 0x{data[exc.start]:02x} is not valid UTF-8", path=path, line=line,
                              hint="save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
