"""Read a manuscript file as text, refusing what is not a text manuscript.

Every refusal names the file and a line (line 1 for problems with the file as
a whole) so that an editor can jump to it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ManuscriptError

MAX_MANUSCRIPT_BYTES = 20 * 1024 * 1024  # a brief is text; anything larger is a mistake
# What a file that is not text usually is, by its first bytes: named so the writer knows what they passed.
MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (a Word .docx is one)",
    b"\xd0\xcf\x11\xe0": "an old Word/Excel document", b"{\\rtf": "an RTF document",
    b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image",
}
BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
# C0 controls other than tab and newline, DEL, and C1 controls: invisible in editors, boxes in print.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def resolve_manuscript(target: Path) -> Path:
    """A brief folder means its brief.md; a file means itself."""
    if target.is_dir():
        candidate = target / "brief.md"
        if not candidate.is_file():
            raise ManuscriptError("no brief.md in this folder", path=target, hint=_folder_hint(target))
        return candidate
    if not target.exists():
        raise ManuscriptError("no such file or folder", path=target,
                              hint="give a brief folder (content/<slug>) or its brief.md")
    if not target.is_file():  # a pipe or a device would block or never end when read
        raise ManuscriptError("not a regular file", path=target,
                              hint="give a brief folder (content/<slug>) or its brief.md")
    return target


def _folder_hint(folder: Path) -> str:
    """Point at the file the writer probably meant (a misspelt or differently cased brief.md)."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        names = []
    likely = [n for n in names if n.lower().endswith(".md") or "brief" in n.lower()][:3]
    if likely:
        return f"rename {', '.join(likely)} to brief.md, or pass that file itself"
    return "a brief is a folder holding brief.md and its figures/"


def read_manuscript_text(path: Path) -> str:
    """Return the manuscript's text (UTF-8, BOM and CRLF tolerated)."""
    try:
        size = path.stat().st_size
        if size > MAX_MANUSCRIPT_BYTES:
            raise ManuscriptError(f"file is {size // 1024 // 1024} MB, too large for a manuscript",
                                  path=path, line=1, hint="is this the right file?")
        data = path.read_bytes()
    except OSError as exc:
        raise ManuscriptError(f"cannot read file: {exc.strerror or exc}", path=path,
                              hint="check that the file exists and that you may read it") from None
    for bom, name in BOMS.items():
        if data.startswith(bom):
            raise ManuscriptError(f"the file is saved as {name}, not UTF-8", path=path, line=1,
                                  hint="save the brief as UTF-8 text (in most editors: Save As, Encoding: UTF-8)")
    if not data.strip():
        raise ManuscriptError("the manuscript is empty", path=path, line=1,
                              hint="start with a '---' front-matter block, then the text")
    if b"\x00" in data[:8192]:
        kind = next((name for magic, name in MAGIC.items() if data.startswith(magic)), "a binary file")
        raise ManuscriptError(f"this is {kind}, not a Markdown manuscript", path=path, line=1,
                              hint="save the brief as plain UTF-8 text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, exc.start, path) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_controls(text, path)
    return text


def _not_utf8(data: bytes, pos: int, path: Path) -> ManuscriptError:
    """Name the line, column and the text around the bad byte: 'caf\ufffd' is easier to find than an offset."""
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    line_bytes = data[start:end if end >= 0 else len(data)]
    shown = line_bytes.decode("utf-8", errors="replace").strip()
    if len(shown) > 60:
        col_chars = len(data[start:pos].decode("utf-8", errors="replace"))
        lo = max(0, col_chars - 30)
        shown = ("…" if lo else "") + shown[lo:lo + 60] + "…"
    line = data[:pos].count(b"\n") + 1
    column = len(data[start:pos].decode("utf-8", errors="replace")) + 1
    return ManuscriptError(
        f"byte 0x{data[pos]:02x} at column {column} is not valid UTF-8, in '{shown}'", path=path, line=line,
        hint="save the file as UTF-8 (it looks like Latin-1 or Windows-1252)")


def _check_controls(text: str, path: Path) -> None:
    m = CONTROL_RE.search(text)
    if m is None:
        return
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    raise ManuscriptError(
        f"invisible control character U+{ord(m.group()):04X} at column {column}", path=path, line=line,
        hint="delete it (it often comes from copying text out of a PDF or a word processor)")
