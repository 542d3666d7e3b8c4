"""The mammoth style map: which Word paragraph styles mean which brief parts.

Mammoth already maps Heading 1-6, lists, bold, italic, links and notes.  We
add the front-matter styles (Title, Subtitle, Author, Date, Abstract, as Word
and pandoc name them) as classed paragraphs the writer lifts into the YAML,
quotes as block quotes, and captions as classed paragraphs the writer joins to
the image before them.  A house template adds its own lines with --style-map.
"""

from __future__ import annotations

from pathlib import Path

from .errors import WordImportError

DEFAULT_STYLE_MAP = """\
p[style-name='Title'] => p.bp-title:fresh
p[style-name='Subtitle'] => p.bp-subtitle:fresh
p[style-name='Author'] => p.bp-author:fresh
p[style-name='Authors'] => p.bp-author:fresh
p[style-name='Date'] => p.bp-date:fresh
p[style-name='Abstract'] => p.bp-abstract:fresh
p[style-name='Abstract Title'] => p.bp-drop:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Caption'] => p.bp-caption:fresh
p[style-name='Image Caption'] => p.bp-caption:fresh
p[style-name='Figure Caption'] => p.bp-caption:fresh
p[style-name='Captioned Figure'] => p:fresh
p[style-name='Table Caption'] => p:fresh
r[style-name='Strong'] => strong
r[style-name='Emphasis'] => em
"""
MAX_STYLE_MAP_BYTES = 100_000


def load_style_map(path: Path | None) -> str:
    """The default style map, extended by the user's file (whose lines come first and so win)."""
    if path is None:
        return DEFAULT_STYLE_MAP
    try:
        if path.stat().st_size > MAX_STYLE_MAP_BYTES:
            raise WordImportError("the style map is too large to be a style map", path=path,
                                  hint="a style map is a few lines such as "
                                       "p[style-name='Brief Title'] => p.bp-title:fresh")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WordImportError("style map file not found", path=path, hint="check the name and the folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WordImportError(f"the style map cannot be read ({exc})", path=path,
                              hint="save it as UTF-8 text, one mapping a line") from None
    return text.rstrip("\n") + "\n" + DEFAULT_STYLE_MAP


def style_map_line(style_map_path: Path, bad_mapping: str) -> int | None:
    """The line of the user's style map that mammoth did not understand, for the error message."""
    try:
        lines = style_map_path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        if line.strip() and line.strip() == bad_mapping.strip():
            return number
    return None
