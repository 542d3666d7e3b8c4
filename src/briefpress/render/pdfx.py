"""PDF/X-4: the output intent and the Info keys that go with it, written by ReportLab as it saves.

ReportLab has no API for OutputIntents, but its catalog takes any PDF object, so the press
profile goes in as one more stream and nothing reads and rewrites the finished file (that second
pass with pypdf cost a third of a second per build).  The profile is compressed once and kept in
the cache.  The XMP packet that repeats dates, ids and the PDF/X version is made by `xmp`.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

from ..cache import cached_bytes
from .info import record_info
from .xmp import PDFX_VERSION, PressIds


def _compressed_profile(icc: Path) -> bytes:
    """The profile's bytes, Flate-compressed, from the cache when the file has not changed."""
    stat = icc.stat()
    key = hashlib.md5(str(icc.resolve()).encode()).hexdigest()[:12]
    name = f"icc-{key}-{stat.st_size}-{stat.st_mtime_ns}-{zlib.ZLIB_VERSION}.z"
    return cached_bytes(name, lambda: zlib.compress(icc.read_bytes()))


def _xmp_date(canvas) -> str:  # type: ignore[no-untyped-def]
    """The document's creation date (the Info dictionary's) in XMP form."""
    stamp = canvas._doc._timeStamp
    y, mo, d, h, mi, s = stamp.YMDhms
    sign = "-" if stamp.dhh < 0 else "+"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{sign}{abs(stamp.dhh):02d}:{abs(stamp.dmm):02d}"


def add_output_intent(canvas, icc: Path, condition: str, identity: str) -> PressIds:  # type: ignore[no-untyped-def]
    """Give `canvas`'s document a PDF/X-4 output intent for the CMYK profile `icc`.

    `identity` is what makes this document this document (a digest of its pages): the
    XMP document id is derived from it, so the same input gives the same id.  Returns the ids the
    XMP packet must repeat.
    """
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    profile = PDFStream(PDFDictionary({"N": 4, "Filter": PDFName("FlateDecode")}), _compressed_profile(icc))
    name = condition or icc.stem
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(name),
        "OutputCondition": PDFString(name),
        "RegistryName": PDFString("http://www.color.org"),
        "Info": PDFString(name),
        "DestOutputProfile": canvas._doc.Reference(profile),
    })
    catalog = canvas._doc.Catalog
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]  # the keys the catalog writes
    catalog.OutputIntents = PDFArray([canvas._doc.Reference(intent)])
    record_info(canvas, "GTS_PDFXVersion", PDFString(PDFX_VERSION))  # ReportLab writes /Trapped /False itself
    digest = hashlib.md5(identity.encode("utf-8")).hexdigest()
    return PressIds(_xmp_date(canvas), f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}")
