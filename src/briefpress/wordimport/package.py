"""Open a .docx and refuse, with the fix, everything that is not a plain Word document.

A .docx is a zip of XML parts.  Files that look like one but are not (an old
.doc, a password-protected file, which Word stores as an OLE compound file, a
macro-enabled .docm, a damaged download) are refused here, before mammoth
sees them, so the user gets one line saying what to do rather than a
traceback from deep inside a zip or XML reader.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from .errors import WordImportError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAIN_PART = "word/document.xml"
MAX_BYTES = 200_000_000  # a Word manuscript is a few MB; more is not a brief (and would exhaust memory)
MAX_UNPACKED = 1_000_000_000  # beyond this the zip is a decompression bomb, not a manuscript
SAVE_AS_DOCX = "open it in Word and use File > Save As > Word Document (.docx)"


@dataclass(frozen=True)
class DocxPackage:
    """The bytes of a validated .docx and the names of its parts."""

    path: Path
    data: bytes
    names: frozenset[str]

    def part(self, name: str) -> bytes | None:
        """The bytes of one part, or None when the package does not have it."""
        if name not in self.names:
            return None
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            return zf.read(name)

    def xml(self, name: str) -> ET.Element | None:
        """One XML part parsed, or None when absent; a part that is not XML is a damaged file."""
        data = self.part(name)
        if data is None:
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise _damaged(self.path, f"its part {name} is not well-formed XML ({exc})") from None


def _damaged(path: Path, why: str) -> WordImportError:
    return WordImportError(f"the Word file is damaged: {why}", path=path,
                           hint=f"{SAVE_AS_DOCX} again, or ask the writer for a new copy")


def _read(path: Path) -> bytes:
    if not path.exists():
        raise WordImportError("file not found", path=path, hint="check the name and the folder")
    if path.is_dir():
        raise WordImportError("is a folder, not a Word file", path=path, hint="give the .docx file itself")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WordImportError(f"the file is {size // 1_000_000} MB, too large for a brief", path=path,
                              hint="compress the pictures in Word (File > Compress Pictures) and save again")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WordImportError(f"cannot be read ({exc.strerror})", path=path,
                              hint="check the file's permissions") from None


def _refuse_ole(path: Path, data: bytes) -> None:
    """OLE compound files: an encrypted .docx, or a Word 97-2003 .doc."""
    if ENCRYPTED_MARK in data:
        raise WordImportError("the Word file is password-protected (encrypted)", path=path,
                              hint="open it in Word, remove the password (File > Info > Protect Document > "
                                   "Encrypt with Password, clear the box), save, and import again")
    raise WordImportError("is an old Word 97-2003 document (.doc), not a .docx", path=path, hint=SAVE_AS_DOCX)


def _check_suffix(path: Path, data: bytes) -> None:
    suffix = path.suffix.lower()
    if data[:8] == OLE_MAGIC:
        _refuse_ole(path, data)
    if suffix in (".docm", ".dotm"):
        raise WordImportError("is a macro-enabled Word file (.docm)", path=path,
                              hint="save it without macros: File > Save As > Word Document (.docx)")
    if data[:4] != ZIP_MAGIC:
        if not data:
            raise WordImportError("the file is empty", path=path, hint="save the manuscript from Word again")
        if suffix == ".docx":
            raise _damaged(path, "it is not a zip archive, as every .docx is (another kind of file renamed, "
                                 "or a broken download)")
        raise WordImportError(f"is not a Word .docx file (its name ends in '{suffix or 'nothing'}')", path=path,
                              hint=SAVE_AS_DOCX)
    if suffix not in (".docx", ".dotx"):
        raise WordImportError(f"is not a Word .docx file (its name ends in '{suffix or 'nothing'}')", path=path,
                              hint="give a .docx file; " + SAVE_AS_DOCX)


def open_docx(path: Path) -> DocxPackage:
    """Read and validate `path`; raise WordImportError naming the file and the fix."""
    data = _read(path)
    _check_suffix(path, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
            bad = zf.testzip() if unpacked <= MAX_UNPACKED else None
            names = frozenset(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise _damaged(path, f"the zip archive cannot be read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends: still a damaged file
        raise _damaged(path, f"the zip archive cannot be read ({type(exc).__name__}: {exc})") from None
    if unpacked > MAX_UNPACKED:
        raise WordImportError(f"the Word file unpacks to {unpacked // 1_000_000} MB, too large for a brief", path=path,
                              hint="compress the pictures in Word (File > Compress Pictures) and save again")
    if bad is not None:
        raise _damaged(path, f"its part {bad} is corrupt")
    if "word/vbaProject.bin" in names or any(n.endswith("vbaProject.bin") for n in names):
        raise WordImportError("is a macro-enabled Word file (it holds VBA macros)", path=path,
                              hint="save it without macros: File > Save As > Word Document (.docx)")
    if MAIN_PART not in names:
        raise WordImportError("is a zip archive but not a Word document (it has no word/document.xml)", path=path,
                              hint=SAVE_AS_DOCX)
    package = DocxPackage(path, data, names)
    package.xml(MAIN_PART)  # a document that is not XML is damaged: say so before mammoth trips over it
    return package
