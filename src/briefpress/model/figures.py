"""Check a figure's file and read what layout needs from it.

Images are opened with Pillow (size, resolution, colour mode) and refused when
they are missing, outside the brief's folder, not really images, or so large
that decoding them could exhaust memory.  CSV files become ChartData.
"""

from __future__ import annotations

import csv
import io
import re
import warnings as _pywarnings
from pathlib import Path

from ..errors import ManuscriptError
from .nodes import ChartData, Figure, ImageInfo

IMAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}
# Safety limit, not a design choice: 40 Mpx is a 300 ppi image of 17 x 26 in,
# far larger than any brief figure; larger files are treated as decompression bombs.
MAX_IMAGE_PIXELS = 40_000_000
MAX_CSV_BYTES = 1_000_000
FIGURE_LABEL_RE = re.compile(r"^\s*((?:Figure|Fig\.|Chart|Table|Map)\s+[\w.-]+)\s*[:.–—-]\s*(.*)$", re.S)
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def resolve_figure(alt: str, src: str, title: str, line: int, manuscript: Path, count: int) -> Figure:
    folder = manuscript.parent.resolve()
    where = {"path": manuscript, "line": line}
    if not src:
        raise ManuscriptError("figure has no file", hint="write ![Figure N: caption](figures/file.png)", **where)
    if re.match(r"^[a-z][a-z0-9+.-]*://", src, re.I):
        raise ManuscriptError(f"figure '{src}' is a web address; briefpress does not download figures",
                              hint="save the file into the brief's figures/ folder and link to it", **where)
    target = (folder / src).resolve()
    if not target.is_relative_to(folder):
        raise ManuscriptError(f"figure path '{src}' leaves the brief's folder",
                              hint="copy the file into the brief's figures/ folder", **where)
    if not target.is_file():
        raise ManuscriptError(f"figure file '{src}' not found",
                              hint=f"check the name; files in the folder: {_nearby(target)}", **where)
    m = FIGURE_LABEL_RE.match(alt)
    label, caption = (m.group(1), m.group(2).strip()) if m else (f"Figure {count}", alt.strip())
    suffix = target.suffix.lower()
    if suffix == ".csv":
        style = "line" if title.strip().lower() == "line" else "bar"
        chart = read_chart(target, src, style, manuscript, line)
        return Figure(count, caption, label, target, line, chart=chart)
    if suffix in IMAGE_SUFFIXES:
        return Figure(count, caption, label, target, line, image=read_image(target, src, manuscript, line))
    raise ManuscriptError(f"figure '{src}' has an unsupported type '{suffix or 'none'}'",
                          hint="use a PNG, JPEG or TIFF image, or a CSV file for a chart", **where)


def _nearby(target: Path) -> str:
    parent = target.parent
    names = sorted(p.name for p in parent.iterdir())[:8] if parent.is_dir() else []
    return ", ".join(names) if names else "(folder missing)"


def read_image(target: Path, src: str, manuscript: Path, line: int) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    where = {"path": manuscript, "line": line}
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with _pywarnings.catch_warnings():
            _pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(target) as im:
                fmt = im.format or ""
                width, height = im.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                im.verify()
            with Image.open(target) as im:  # verify() leaves the file unusable; decode once for real
                im.load()
                dpi = im.info.get("dpi")
                mode = im.mode
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ManuscriptError(
            f"figure '{src}' is too large to open safely (more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels)",
            hint="resize it to the size it is printed at, 300 ppi", **where) from None
    except UnidentifiedImageError:
        raise ManuscriptError(f"figure '{src}' is not a readable image",
                              hint="export it again as PNG, JPEG or TIFF", **where) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ManuscriptError(f"figure '{src}' is damaged or truncated ({exc})",
                              hint="export it again as PNG, JPEG or TIFF", **where) from None
    if fmt not in ("PNG", "JPEG", "TIFF", "MPO"):
        raise ManuscriptError(f"figure '{src}' is a {fmt or 'unknown'} file, not PNG, JPEG or TIFF",
                              hint="export it as PNG, JPEG or TIFF", **where)
    dpi_pair = (float(dpi[0]), float(dpi[1])) if dpi and dpi[0] and dpi[1] else None
    return ImageInfo(width, height, dpi_pair, mode, fmt)


def _number(cell: str) -> float | None:
    text = cell.strip().replace(",", "").replace("_", "").replace("\u202f", "").replace(" ", "")
    text = text.rstrip("%").lstrip("$€£")
    return float(text) if NUMBER_RE.match(text) else None


def read_chart(target: Path, src: str, style: str, manuscript: Path, line: int) -> ChartData:
    raw = target.read_bytes()
    if len(raw) > MAX_CSV_BYTES:
        raise ManuscriptError(f"chart data '{src}' is larger than a chart can show",
                              path=manuscript, line=line, hint="summarise the data to at most a few hundred rows")
    if b"\x00" in raw:
        raise ManuscriptError("chart data is a binary file, not CSV", path=target,
                              hint="export the table as CSV (comma-separated text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManuscriptError("chart data is not UTF-8 text", path=target, hint="save the CSV as UTF-8") from None
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise ManuscriptError("chart data needs a header row and at least one data row", path=target, line=1,
                              hint="first row: headers; first column: category labels; then numeric columns")
    header = [h.strip() for h in rows[0]]
    if len(header) < 2:
        raise ManuscriptError("chart data needs at least two columns (labels and one numeric series)",
                              path=target, line=1, hint="separate columns with commas")
    categories: list[str] = []
    columns: list[list[float]] = [[] for _ in header[1:]]
    for lineno, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            raise ManuscriptError(f"row has {len(row)} columns, the header has {len(header)}", path=target,
                                  line=lineno, hint="give every row one value per header column")
        categories.append(row[0].strip())
        for col, cell in enumerate(row[1:]):
            value = _number(cell)
            if value is None:
                raise ManuscriptError(f"value '{cell.strip()}' in column '{header[col + 1]}' is not a number",
                                      path=target, line=lineno, hint="chart columns after the first hold numbers only")
            columns[col].append(value)
    return ChartData(tuple(categories), tuple(header[1:]), tuple(tuple(c) for c in columns), style, header[0])
