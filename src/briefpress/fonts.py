"""The embedded TrueType fonts: loading, measuring, and glyph fallback.

Fonts are read from fonts/ and registered with ReportLab under their file
stem.  Widths come from the fonts' own advance widths (the same numbers the
PDF viewer uses), cached per word because a brief measures the same words
thousands of times.  A character a font lacks is set in the first fallback
font that has it, so accents and symbols never print as empty boxes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .cache import cache_dir, store
from .errors import LayoutFileError, Warnings
from .resources import fonts_dir


@dataclass(frozen=True, slots=True)
class FontMetrics:
    ascent: float  # per 1 pt of size
    descent: float  # negative
    cap_height: float
    x_height: float


class FontBook:
    """All fonts of one build, looked up by file name (e.g. 'EBGaramond12-Regular.ttf')."""

    def __init__(self, fallback: list[str], warnings: Warnings | None = None) -> None:
        self._fonts: dict[str, TTFont] = {}
        self._widths: dict[str, dict[str, float]] = {}
        self._cmaps: dict[str, dict[int, int]] = {}
        self._kerning: dict[str, dict[str, int]] = {}
        self._fallback = fallback
        self._warnings = warnings
        self.missing: list[str] = []  # characters no font has, in order of first use
        self._coverage: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # caches that live as long as these fonts: a warm process (the preview) keeps one FontBook for
        # many builds, and the typesetter keeps set paragraphs and word items here (layout/typeset.py)
        self.shared: dict[object, object] = {}
        self._kerned: dict[tuple[str, str], list[tuple[str, int]]] = {}

    def renew(self, warnings: Warnings | None) -> None:
        """Start another build with these fonts: keep what was measured, forget what was reported."""
        self._warnings = warnings
        if self.missing:  # cached paragraphs would skip the lookups that report missing characters
            self.shared.clear()
        self.missing = []
        self._coverage.clear()  # split_coverage records missing characters as it goes

    def load(self, file: str) -> TTFont:
        font = self._fonts.get(file)
        if font is not None:
            return font
        path = fonts_dir() / file
        name = Path(file).stem
        try:
            font = pdfmetrics.getFont(name) if name in pdfmetrics.getRegisteredFontNames() else None
            if not isinstance(font, TTFont):
                font = _cached_ttfont(name, path)
                pdfmetrics.registerFont(font)
        except (TTFError, OSError) as exc:
            raise LayoutFileError(f"cannot load font {file}: {exc}", path=path,
                                  hint="fonts must be TrueType (glyf) .ttf files that allow embedding") from None
        self._fonts[file] = font
        self._widths[file] = {}
        self._cmaps[file] = font.face.charToGlyph
        return font

    def name(self, file: str) -> str:
        return self.load(file).fontName

    def metrics(self, file: str) -> FontMetrics:
        face = self.load(file).face
        cap = float(getattr(face, "capHeight", 700) or 700)
        return FontMetrics(face.ascent / 1000, face.descent / 1000, cap / 1000, cap * 0.66 / 1000)

    def width(self, text: str, file: str, size: float) -> float:
        """Advance width of `text` in points, kerning included."""
        cache = self._widths.get(file)
        if cache is None:
            self.load(file)
            cache = self._widths[file]
        w = cache.get(text)
        if w is None:
            w = self._fonts[file].stringWidth(text, 1.0)
            kern = self.kerning(file)
            if kern and len(text) > 1:
                w += sum(kern.get(text[i:i + 2], 0) for i in range(len(text) - 1)) / 1000
            cache[text] = w
        return w * size

    def kerning(self, file: str) -> dict[str, int]:
        """Pair kerning of a font in 1/1000 em, extracted by tools/extract_kerning.py (empty if none)."""
        table = self._kerning.get(file)
        if table is None:
            table = _kerning_table(fonts_dir() / "kerning" / (Path(file).stem + ".json"))
            self._kerning[file] = table
        return table

    def kerned(self, text: str, file: str) -> list[tuple[str, int]]:
        """`text` cut where kerning applies: (piece, kern after it in 1/1000 em), for drawing."""
        key = (file, text)
        known = self._kerned.get(key)
        if known is not None:
            return known
        kern = self.kerning(file)
        if not kern or len(text) < 2:
            return [(text, 0)]
        out: list[tuple[str, int]] = []
        start = 0
        for i in range(len(text) - 1):
            k = kern.get(text[i:i + 2])
            if k:
                out.append((text[start:i + 1], k))
                start = i + 1
        out.append((text[start:], 0))
        self._kerned[key] = out
        return out

    def has(self, file: str, char: str) -> bool:
        cmap = self._cmaps.get(file)
        if cmap is None:
            self.load(file)
            cmap = self._cmaps[file]
        return ord(char) in cmap

    def split_coverage(self, text: str, file: str) -> list[tuple[str, str]]:
        """Split text into (font file, text) pieces so every character has a glyph."""
        cmap = self._cmaps.get(file)
        if cmap is None:
            self.load(file)
            cmap = self._cmaps[file]
        key = (file, text)
        known = self._coverage.get(key)
        if known is not None:
            return known
        if all(ord(c) in cmap or c in " \u00a0\u00ad" for c in text):
            self._coverage[key] = [(file, text)]
            return self._coverage[key]
        pieces: list[tuple[str, str]] = []
        for ch in text:
            use = file
            if ord(ch) not in cmap and ch not in " \u00a0\u00ad":
                use = next((f for f in self._fallback if self.has(f, ch)), file)
                if use == file and ch not in self.missing:
                    self.missing.append(ch)  # reported once, with where it is, by report_missing()
            if pieces and pieces[-1][0] == use:
                pieces[-1] = (use, pieces[-1][1] + ch)
            else:
                pieces.append((use, ch))
        return pieces


def _kerning_table(path: Path) -> dict[str, int]:
    """A font's kerning pairs from its JSON file, through a marshal copy in the cache (a third of the time)."""
    import marshal

    try:
        stat = path.stat()
    except OSError:
        return {}
    cached = _font_cache_dir() / f"{path.stem}-kerning-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        table = marshal.loads(cached.read_bytes())
        if type(table) is dict and all(type(k) is str and type(v) is int for k, v in table.items()):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    try:
        table = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    except (OSError, ValueError, KeyError):
        return {}
    if type(table) is not dict:
        return {}
    store(cached, marshal.dumps(table))
    return table


def _font_cache_dir() -> Path:
    return cache_dir() / "fonts"


def _cached_ttfont(name: str, path: Path) -> TTFont:
    """ReportLab's TTFont for a font file, its parsed tables kept in a cache file (marshal, never pickle:
    plain data only) so that a build does not parse every font again; keyed by ReportLab's version and
    the font file's size and date.  Anything unexpected, and the font is parsed as usual."""
    import marshal

    import reportlab
    from reportlab.pdfbase import ttfonts

    try:
        stat = path.stat()
        cached = _font_cache_dir() / f"{path.stem}-{reportlab.Version}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    except OSError:
        return TTFont(name, str(path))
    face = None
    try:
        state = marshal.loads(cached.read_bytes())
        if type(state) is dict and state.get("filename") == str(path) and type(state.get("_ttf_data")) is bytes:
            face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
            names = state.pop("__names__")
            face.__dict__.update(state)
            for key, (raw, ustr) in names.items():
                value = bytes.__new__(ttfonts.TTFNameBytes, raw)
                value.ustr = ustr
                setattr(face, key, value)
            units = face.unitsPerEm
            face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        face = None
    if face is None:
        font = TTFont(name, str(path))
        try:
            state = dict(font.face.__dict__)
            del state["_pdfScale"]
            names = {k: (bytes(v), v.ustr) for k, v in state.items() if isinstance(v, ttfonts.TTFNameBytes)}
            for k in names:
                del state[k]
            state["__names__"] = names
            store(cached, marshal.dumps(state))
        except (ValueError, KeyError, AttributeError):
            pass  # a face we cannot store: no cache, just slower
        return font
    real = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *_a, **_k: face  # type: ignore[assignment,misc]
    try:
        return TTFont(name, str(path))
    finally:
        ttfonts.TTFontFace = real  # type: ignore[misc]


def report_missing(fonts: FontBook, source_text: str, path: object, warnings: Warnings) -> None:
    """One warning for all characters no font could set, at the manuscript line of the first one."""
    if not fonts.missing:
        return
    first = min((source_text.find(ch) for ch in fonts.missing if ch in source_text), default=-1)
    line = source_text.count("\n", 0, first) + 1 if first >= 0 else None
    shown = fonts.missing[:8]
    chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in shown) + (" …" if len(fonts.missing) > 8 else "")
    count = len(fonts.missing)
    warnings.warn(f"{count} character{'s' if count > 1 else ''} in no font, printed as boxes: {chars}",
                  path=str(path), line=line,
                  hint="add a TrueType font that has them to fonts/ and to fonts.fallback in the layout")
