"""Check a figure's file and read what layout needs from it.

Images are opened with Pillow (size, resolution, colour mode) and refused when
they are missing, outside the brief's folder, not really images, or so large
that decoding them could exhaust memory.  CSV files become ChartData.

Errors about where the file is, or about an image, name the manuscript line
of the figure; errors about the contents of a CSV name the CSV file's own
line and column, which is where the writer has to go to fix them.
"""

from __future__ import annotations

import csv
import io
import math
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
# A chart value beyond this is a unit mistake (and its axis labels would not fit); scale the column instead.
MAX_CHART_VALUE = 1e15
FIGURE_LABEL_RE = re.compile(r"^\s*((?:Figure|Fig\.|Chart|Table|Map)\s+[\w.-]+)\s*[:.–—-]\s*(.*)$", re.S)
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# "1,200" and "12,345,678.5" are thousands separators; "1,5" (a decimal comma) is not a number we guess at.
GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]+):", re.I)  # two letters at least: C:\ is a Windows path
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
FIGURE_HINT = "save the file into the brief's figures/ folder and link to it"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_figure(alt: str, src: str, title: str, line: int, manuscript: Path, count: int) -> Figure:
    folder = manuscript.parent.resolve()
    where = {"path": manuscript, "line": line}
    if not src:
        raise ManuscriptError("figure has no file", hint="write ![Figure N: caption](figures/file.png)", **where)
    bad = CONTROL_RE.search(src)
    if bad:  # '%00' in the Markdown becomes a NUL, which no file name can hold
        raise ManuscriptError(f"figure path '{_shorten(src)}' holds the control character U+{ord(bad.group()):04X}",
                              hint="remove it (a '%00' or '%0A' in a path is a character no file name has)", **where)
    scheme = SCHEME_RE.match(src)
    if scheme:
        what = ("a web address; briefpress does not download figures" if scheme.group(1).lower() in ("http", "https")
                else f"a '{scheme.group(1)}:' address, not a file in the brief's folder")
        raise ManuscriptError(f"figure '{_shorten(src)}' is {what}", hint=FIGURE_HINT, **where)
    try:
        target = (folder / src).resolve()
        inside = target.is_relative_to(folder)
        exists, is_dir, present = target.is_file(), target.is_dir(), target.exists()
    except (OSError, RuntimeError, ValueError) as exc:  # name too long, symlink loop (RuntimeError before Python 3.13)
        raise ManuscriptError(f"figure path '{_shorten(src)}' cannot be used ({exc})", hint=FIGURE_HINT,
                              **where) from None
    if not inside:
        what = "is absolute" if Path(src).is_absolute() else "leaves the brief's folder"
        raise ManuscriptError(f"figure path '{_shorten(src, 120)}' {what}",
                              hint="copy the file into the brief's figures/ folder and give the path from the "
                                   "brief's folder, e.g. figures/figure-1.png", **where)
    if is_dir:
        raise ManuscriptError(f"figure path '{src}' is a folder, not a file",
                              hint="name the file, e.g. figures/figure-1.png", **where)
    if not exists and present:
        raise ManuscriptError(f"figure path '{src}' is not a regular file",
                              hint="give a PNG, JPEG, TIFF or CSV file", **where)
    if not exists:
        raise ManuscriptError(f"figure file '{src}' not found",
                              hint=f"check the name; files in the folder: {_nearby(target)}", **where)
    m = FIGURE_LABEL_RE.match(alt)
    label, caption = (m.group(1), m.group(2).strip()) if m else (f"Figure {count}", alt.strip())
    suffix = target.suffix.lower()
    if suffix == ".csv":
        style = "line" if title.strip().lower() == "line" else "bar"
        chart = read_chart(target, manuscript.parent / src, style)
        return Figure(count, caption, label, target, line, chart=chart)
    if suffix in IMAGE_SUFFIXES:
        return Figure(count, caption, label, target, line, image=read_image(target, src, manuscript, line))
    raise ManuscriptError(f"figure '{src}' has an unsupported type '{suffix or 'none'}'",
                          hint="use a PNG, JPEG or TIFF image, or a CSV file for a chart", **where)


def _nearby(target: Path) -> str:
    parent = target.parent
    try:
        names = sorted(p.name for p in parent.iterdir())[:8] if parent.is_dir() else []
    except OSError:
        return "(folder not readable)"
    return ", ".join(names) if names else "(folder missing)" if not parent.is_dir() else "(folder empty)"


def read_image(target: Path, src: str, manuscript: Path, line: int) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    where = {"path": manuscript, "line": line}
    try:
        with target.open("rb"):
            pass
    except OSError as exc:
        raise ManuscriptError(f"cannot read figure file '{src}': {exc.strerror or exc}",
                              hint="check the file's permissions", **where) from None
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
    except MemoryError:
        raise ManuscriptError(f"figure '{src}' needs more memory to decode than is available",
                              hint="resize it to the size it is printed at, 300 ppi", **where) from None
    except Exception as exc:  # noqa: BLE001 - Pillow's decoders raise OSError, SyntaxError, ValueError,
        # EOFError, struct.error, zlib.error, IndexError… on damaged files; all mean the same to the writer
        raise ManuscriptError(f"figure '{src}' is damaged or truncated ({_shorten(str(exc) or type(exc).__name__)})",
                              hint="export it again as PNG, JPEG or TIFF", **where) from None
    if fmt not in ("PNG", "JPEG", "TIFF", "MPO"):
        raise ManuscriptError(f"figure '{src}' is a {fmt or 'unknown'} file, not PNG, JPEG or TIFF",
                              hint="export it as PNG, JPEG or TIFF", **where)
    dpi_pair = _dpi(dpi)
    return ImageInfo(width, height, dpi_pair, mode, fmt)


def _dpi(dpi: object) -> tuple[float, float] | None:
    """The image's resolution if it is a usable one; nonsense (0, NaN, a rational gone wrong) means 'not given'."""
    try:
        x, y = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    return (x, y) if math.isfinite(x) and math.isfinite(y) and x > 0 and y > 0 else None


def _number(cell: str) -> float | None:
    text = cell.strip().replace("_", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    text = text.rstrip("%").lstrip("$€£")
    if "," in text:
        if not GROUPED_RE.match(text):
            return None
        text = text.replace(",", "")
    return float(text) if NUMBER_RE.match(text) else None


def read_chart(target: Path, shown: Path, style: str) -> ChartData:
    """Read a CSV chart; `shown` is the CSV's path as the writer knows it, for messages."""
    try:
        raw = target.read_bytes()
    except OSError as exc:
        raise ManuscriptError(f"cannot read chart data: {exc.strerror or exc}", path=shown,
                              hint="check the file's permissions") from None
    if len(raw) > MAX_CSV_BYTES:
        raise ManuscriptError(f"chart data is {len(raw) // 1024} KB, larger than a chart can show", path=shown,
                              line=1, hint="summarise the data to at most a few hundred rows")
    if not raw.strip():
        raise ManuscriptError("chart data is empty", path=shown, line=1,
                              hint="first row: headers; first column: category labels; then numeric columns")
    if b"\x00" in raw:
        raise ManuscriptError("chart data is a binary file, not CSV", path=shown, line=1,
                              hint="export the table as CSV (comma-separated text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManuscriptError(f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", path=shown,
                              line=raw[: exc.start].count(b"\n") + 1, hint="save the CSV as UTF-8") from None
    rows = _rows(text, shown)
    if not rows:
        raise ManuscriptError("chart data is empty", path=shown, line=1,
                              hint="first row: headers; first column: category labels; then numeric columns")
    header_line, header_row = rows[0]
    header = [h.strip() for h in header_row]
    if len(header) < 2:
        hint = ("this file separates columns with ';'; export it with commas" if ";" in header_row[0]
                else "separate columns with commas")
        raise ManuscriptError("chart data needs at least two columns (labels and one numeric series)",
                              path=shown, line=header_line, hint=hint)
    if len(rows) < 2:
        raise ManuscriptError("chart data has a header row but no data row", path=shown, line=header_line,
                              hint="add one row per category: its label, then one number per column")
    categories: list[str] = []
    columns: list[list[float]] = [[] for _ in header[1:]]
    for lineno, row in rows[1:]:
        if len(row) != len(header):
            raise ManuscriptError(f"row has {len(row)} columns, the header has {len(header)}", path=shown,
                                  line=lineno, hint="give every row one value per header column")
        categories.append(row[0].strip())
        for col, cell in enumerate(row[1:]):
            value = _number(cell)
            name = f"column {col + 2} ('{header[col + 1]}')" if header[col + 1] else f"column {col + 2}"
            if value is None:
                raise ManuscriptError(f"value '{_shorten(cell.strip())}' in {name} is not a number", path=shown,
                                      line=lineno, hint="chart columns after the first hold numbers only, "
                                      "with a point for decimals (1234.5 or 1,234.5)")
            if not math.isfinite(value) or abs(value) > MAX_CHART_VALUE:
                raise ManuscriptError(f"value '{_shorten(cell.strip())}' in {name} is too large to chart",
                                      path=shown, line=lineno, hint="give the column in larger units "
                                      "(e.g. millions) and say so in its header")
            columns[col].append(value)
    return ChartData(tuple(categories), tuple(header[1:]), tuple(tuple(c) for c in columns), style, header[0])


def _rows(text: str, shown: Path) -> list[tuple[int, list[str]]]:
    """Non-blank CSV rows with the file line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            raise ManuscriptError(f"chart data cannot be read as CSV: {exc}", path=shown, line=start,
                                  hint="check the quotes and commas on this line") from None
        if any(c.strip() for c in row):
            rows.append((start, row))
