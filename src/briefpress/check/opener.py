"""Open a PDF for checking or proofing, turning every way a file can be unusable into one sentence.

A missing file, a directory, an empty file, something that is not a PDF
(a PNG renamed .pdf), a file cut short, an encrypted file or one pypdf cannot
parse all become `Unreadable` with a message that says what to do.  pypdf's
own warnings and log lines (about repaired cross-reference tables and the
like) are collected instead of printed, so the CLI output stays one line per
finding and pytest's warnings-as-errors never sees them.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAX_PDF_BYTES = 2 * 2**30  # 2 GiB: far beyond any brief, and a bound on what is read into memory
EOF_WINDOW = 2048  # readers look for %%EOF near the end; Acrobat allows 1024 bytes of trailing junk

_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (a Word or EPUB file?)",
    b"%!PS": "a PostScript file",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"<!DOCTYPE": "an HTML page",
    b"<html": "an HTML page",
    b"{\\rtf": "an RTF document",
}


ENCRYPTED = "the PDF is encrypted (password or permissions set); save it without security for print and checking"
ENCRYPT_RE = re.compile(rb"/Encrypt\s*(\d+\s+\d+\s+R|<<)")


class Unreadable(Exception):
    """The file cannot be checked; the message is one line for the user."""


def read_pdf_bytes(path: Path, data: bytes | None = None) -> bytes:
    """The file's bytes, after the checks that need no parser: exists, is a file, not empty, is a PDF, is whole.

    `data`: the file's bytes when the caller has them already (a build that has just written them)."""
    if data is None:
        data = _read_file(path)
    return _check_bytes(data)


def _read_file(path: Path) -> bytes:
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:  # a name the system cannot even look up
        raise Unreadable(f"cannot read the file ({exc})") from None
    if not exists:
        raise Unreadable("file not found")
    if is_dir:
        raise Unreadable("is a directory, not a PDF file")
    try:
        st = path.stat()
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):  # a pipe would block for ever, a device (/dev/zero) never end
        raise Unreadable("not a regular file (a pipe, a device or a socket); give the PDF file itself")
    if st.st_size > MAX_PDF_BYTES:
        raise Unreadable(f"the file is {st.st_size / 2**30:.1f} GiB, larger than the {MAX_PDF_BYTES // 2**30} GiB "
                         "briefpress checks; is this the right file?")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PDF_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_PDF_BYTES:  # it grew while being read
        raise Unreadable(f"the file is larger than the {MAX_PDF_BYTES // 2**30} GiB briefpress checks")
    return data


def _check_bytes(data: bytes) -> bytes:
    if not data:
        raise Unreadable("the file is empty (0 bytes); build or export it again")
    head = data[:1024]
    if b"%PDF-" not in head:
        kind = next((name for sig, name in _SIGNATURES.items() if data.lstrip()[:len(sig)].lower() == sig.lower()),
                    None)
        what = f"it is {kind}" if kind else "there is no %PDF- header"
        raise Unreadable(f"not a PDF file ({what})")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise Unreadable(f"the PDF is truncated (no %%EOF at the end, {len(data)} bytes); "
                         "the file was cut short: build, export or download it again")
    return data


class PypdfLog(logging.Handler):
    """Keeps the messages pypdf logs while it repairs a damaged file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a log line must never break the check
            text = str(record.msg)
        if text not in self.messages:
            self.messages.append(text)


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[PypdfLog]:
    """Route pypdf's log lines and Python warnings into a list for the duration of a check."""
    logger = logging.getLogger("pypdf")
    handler = PypdfLog()
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler
        for w in caught:
            text = str(w.message)
            if text not in handler.messages:
                handler.messages.append(text)
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = old_propagate, old_level


def open_reader(path: Path, data: bytes | None = None) -> Any:
    """A pypdf PdfReader with every page reachable, or Unreadable.  Call inside `quiet_pypdf()`."""
    from pypdf import PdfReader

    data = read_pdf_bytes(path, data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure is the same finding for the user
        if ENCRYPT_RE.search(data[-65536:]) or type(exc).__name__ in ("DependencyError", "FileNotDecryptedError"):
            # pypdf needs the cryptography package for AES; the finding is the encryption, not a missing package
            raise Unreadable(ENCRYPTED) from None
        raise Unreadable(f"cannot parse the PDF ({_short(exc)}); export it again") from None
    try:
        encrypted = reader.is_encrypted
    except Exception:  # noqa: BLE001
        encrypted = False
    if encrypted:
        raise Unreadable(ENCRYPTED)
    try:
        count = len(reader.pages)
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in ("DependencyError", "FileNotDecryptedError"):
            raise Unreadable(ENCRYPTED) from None
        raise Unreadable(f"cannot find the pages of the PDF ({_short(exc)}); export it again") from None
    if count == 0:
        raise Unreadable("the PDF has no pages")
    return reader


def _short(exc: BaseException) -> str:
    """An exception as a short printable phrase (parser messages quote raw bytes of the file)."""
    text = "".join(c if c.isprintable() else " " for c in str(exc))
    text = " ".join(text.split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


short_error = _short
