"""Word -> HTML with mammoth, keeping each embedded image's bytes, type and alt text.

Images are not inlined as data: URIs; each becomes `src="image:K"` and its
bytes are kept in order, so the writer can name the file after the figure
number it gives the image.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import WordImportError
from .package import DocxPackage
from .stylemap import style_map_line

BAD_MAPPING = "Did not understand this style mapping, so ignored it: "
UNRECOGNISED_RE = re.compile(r"^Unrecognised paragraph style: (.*) \(Style ID: [^)]*\)$")
# Unmapped styles whose names say they are a brief part a house style map should name
MEANINGFUL_RE = re.compile(r"title|author|byline|date|abstract|summary|quot|caption|heading", re.I)


@dataclass(frozen=True)
class EmbeddedImage:
    """One picture from the document: its bytes, MIME type and Word alt text."""

    data: bytes
    content_type: str
    alt: str


@dataclass(frozen=True)
class Converted:
    """Mammoth's HTML and the images it refers to as image:K."""

    html: str
    images: tuple[EmbeddedImage, ...]
    unmapped_styles: tuple[str, ...] = ()  # paragraph styles that name a brief part but are not in the map


def to_html(package: DocxPackage, style_map: str, style_map_path: Path | None = None) -> Converted:
    """Run mammoth; a style-map line it cannot read is an error naming that line."""
    import mammoth

    images: list[EmbeddedImage] = []

    def keep(image: Any) -> dict[str, str]:
        with image.open() as stream:
            data = stream.read()
        images.append(EmbeddedImage(data, image.content_type or "", (image.alt_text or "").strip()))
        return {"src": f"image:{len(images) - 1}"}

    try:
        result = mammoth.convert_to_html(io.BytesIO(package.data), style_map=style_map,
                                         convert_image=mammoth.images.img_element(keep))
    except Exception as exc:  # noqa: BLE001 - mammoth on a malformed part: a damaged file, not a traceback
        raise WordImportError(f"the Word file cannot be converted ({type(exc).__name__}: {exc})",
                              path=package.path,
                              hint="open it in Word, save it as a new .docx and import again") from None
    for message in result.messages:
        if message.message.startswith(BAD_MAPPING) and style_map_path is not None:
            mapping = message.message[len(BAD_MAPPING):]
            raise WordImportError(f"mammoth cannot read the style mapping '{mapping.strip()}'", path=style_map_path,
                                  line=style_map_line(style_map_path, mapping),
                                  hint="write it as p[style-name='Word style'] => p.bp-title:fresh "
                                       "(see the mammoth style-map syntax)")
    unmapped = [m.group(1) for m in (UNRECOGNISED_RE.match(msg.message) for msg in result.messages) if m]
    return Converted(result.value, tuple(images), tuple(dict.fromkeys(s for s in unmapped if MEANINGFUL_RE.search(s))))
