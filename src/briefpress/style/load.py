"""Read a layout file (with `extends:` inheritance) and validate it into a LayoutSpec.

A layout is found by name in layouts/ or by path.  Every key is checked
against style.spec: unknown keys, wrong types and impossible geometry are one
error naming the layout file, the line and the key.
"""

from __future__ import annotations

import re

from dataclasses import fields
from pathlib import Path
from typing import Any

import math
import string

import yaml

from ..errors import LayoutFileError
from ..resources import fonts_dir, layouts_dir
from .spec import SECTIONS, TOP_LEVEL_KEYS, LayoutSpec
from .values import parse_color, parse_length

Origin = tuple[Path, int]  # file and line a value came from
# Control characters, lone surrogates and noncharacters: YAML's escapes can put them in a text value.
TEXT_BAD_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
MIN_MAGNITUDE = 1e-6  # smallest nonzero number or length a layout value may be
MAX_TEXT_CHARS = 500  # a footer line, a bullet, an output condition
# The names footer.text may use, as {name}; anything else would fail only when a page is set.
FOOTER_FIELDS = ("publisher", "series", "date", "title")


def available_layouts() -> dict[str, str]:
    """Shipped layout names -> their one-line description."""
    out = {}
    for path in sorted(layouts_dir().glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            out[path.stem] = str(data.get("description", "")) if isinstance(data, dict) else ""
        except (OSError, yaml.YAMLError):
            out[path.stem] = "(unreadable)"
    return out


def find_layout(name_or_path: str, relative_to: Path | None = None) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or "/" in name_or_path or "\\" in name_or_path:
        if not candidate.is_absolute() and relative_to is not None and not candidate.exists():
            candidate = relative_to / candidate
        if candidate.is_file():
            return candidate
        raise LayoutFileError("layout file not found", path=name_or_path,
                              hint="give a path to a .yaml layout, or one of: " + ", ".join(available_layouts()))
    shipped = layouts_dir() / f"{name_or_path}.yaml"
    if shipped.is_file():
        return shipped
    raise LayoutFileError(f"unknown layout '{name_or_path}'",
                          hint="available layouts: " + ", ".join(available_layouts()))


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutFileError(f"cannot read layout file: {exc}", path=path) from None
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise LayoutFileError(f"invalid YAML: {exc.problem or exc.context}", path=path,
                              line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise LayoutFileError("a layout file must be a mapping of sections", path=path, line=1)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        _duplicates(node, "", path)
        for k, v in node.value:
            lines[str(k.value)] = k.start_mark.line + 1
            if isinstance(v, yaml.MappingNode):
                _duplicates(v, f"{k.value}.", path)
                for k2, _v2 in v.value:
                    lines[f"{k.value}.{k2.value}"] = k2.start_mark.line + 1
    return data, lines


def _duplicates(node: yaml.MappingNode, prefix: str, path: Path) -> None:
    """YAML keeps the last of two equal keys silently; in a layout the first value would vanish."""
    seen: dict[str, int] = {}
    for k, _v in node.value:
        key, line = str(k.value), k.start_mark.line + 1
        if key in seen:
            raise LayoutFileError(f"'{prefix}{key}' appears twice (first on line {seen[key]})", path=path, line=line,
                                  key=f"{prefix}{key}", hint="keep one of the two; YAML would silently use the last")
        seen[key] = line


def _merged(path: Path, seen: tuple[Path, ...]) -> tuple[dict[str, Any], dict[str, Origin]]:
    """The layout's values after inheritance, and where each dotted key was written."""
    resolved = path.resolve()
    if resolved in seen:
        raise LayoutFileError("layouts extend each other in a cycle", path=path, key="extends")
    data, lines = _read(path)
    origin = {key: (path, line) for key, line in lines.items()}
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data, origin
    if not isinstance(parent_name, str):
        raise LayoutFileError("must name a layout", path=path, line=lines.get("extends"), key="extends")
    try:
        parent_path = find_layout(parent_name, relative_to=path.parent)
    except LayoutFileError as exc:
        raise LayoutFileError(exc.diagnostic.message, path=path, line=lines.get("extends"), key="extends",
                              hint=exc.diagnostic.hint) from None
    base, base_origin = _merged(parent_path, seen + (resolved,))
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    base_origin.update(origin)
    return base, base_origin


def load_layout(name_or_path: str) -> LayoutSpec:
    path = find_layout(name_or_path)
    data, origin = _merged(path, ())

    def fail(key: str, message: str, hint: str | None = None) -> LayoutFileError:
        where = origin.get(key) or origin.get(key.partition(".")[0]) or (path, None)
        return LayoutFileError(message, path=where[0], line=where[1], key=key, hint=hint)

    for key in data:
        if key not in SECTIONS and key not in TOP_LEVEL_KEYS:
            raise fail(str(key), f"unknown layout key '{key}'", "known sections: " + ", ".join(SECTIONS))
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        given = data.get(name) or {}
        if not isinstance(given, dict):
            raise fail(name, "must be a mapping of keys", f"write '{name}:' and indented 'key: value' lines")
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, raw in given.items():
            full = f"{name}.{key}"
            if key not in known:
                import difflib

                close = difflib.get_close_matches(str(key), list(known), n=1)
                raise fail(full, f"unknown layout key '{full}'",
                           f"did you mean '{name}.{close[0]}'?" if close else "see layouts/README.md")
            try:
                values[key] = _convert(known[key].metadata, raw)
            except ValueError as exc:
                raise fail(full, f"wrong value {raw!r}: {exc}", "see layouts/README.md for what it takes") from None
        sections[name] = cls(**values)
    profile = data.get("profile", "print")
    if profile not in ("print", "web"):
        raise fail("profile", f"unknown profile {profile!r}", "use print or web")
    resolved: dict[str, str] = {}
    icc = sections["output"].output_intent
    if icc:
        base = origin.get("output.output_intent", (path, None))[0]
        resolved["output.output_intent"] = str((base.parent / icc).resolve())
    files = tuple(sorted({str(p) for p, _line in origin.values()} | {str(path)} | set(resolved.values())))
    spec = LayoutSpec(name=path.stem, source=str(path), description=str(data.get("description", "")),
                      profile=profile, resolved_paths=resolved, files=files, **sections)
    _check_geometry(spec, fail)
    return spec


def _in_range(meta: Any, value: float, unit: str = "") -> float:
    lo, hi = meta.get("lo"), meta.get("hi")
    if not math.isfinite(value):
        raise ValueError("expected a finite number")

    def shown(v: float) -> str:
        text = f"{v:g}"
        return f"{text} pt ({v / 72:g} in)" if unit == "pt" and v >= 72 else f"{text} pt" if unit == "pt" else text

    if 0 < abs(value) < MIN_MAGNITUDE:  # 5e-324 and its like: divided by, they overflow to infinity
        raise ValueError(f"must be 0 or at least {MIN_MAGNITUDE:g}")
    if lo is not None and value < lo:
        raise ValueError(f"must be at least {shown(lo)}")
    if hi is not None and value > hi:
        raise ValueError(f"must be at most {shown(hi)}")
    return value


def _convert(meta: Any, raw: Any) -> Any:
    kind = meta["kind"]
    if kind == "length":
        value = parse_length(raw)
        if value < 0:
            raise ValueError("must not be negative")
        return _in_range(meta, value, "pt")
    if kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError("expected a number")
        return _in_range(meta, float(raw))
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError("expected a whole number")
        if raw < 0:
            raise ValueError("must not be negative")
        _in_range(meta, raw)
        return raw
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ValueError("expected true or false")
        return raw
    if kind == "text":
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise ValueError("expected text")
        text = str(raw)
        bad = TEXT_BAD_RE.search(text)
        if bad:
            raise ValueError(f"holds the invisible character U+{ord(bad.group()):04X}; delete it")
        if len(text) > MAX_TEXT_CHARS:
            raise ValueError(f"is {len(text)} characters long, more than the {MAX_TEXT_CHARS} a layout text may have")
        return text
    if kind == "words":
        if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
            raise ValueError("expected a list of words")
        return [str(v).strip() for v in raw]
    if kind == "choice":
        if raw not in meta["choices"]:
            raise ValueError("expected one of " + ", ".join(meta["choices"]))
        return raw
    if kind == "color":
        return parse_color(raw)
    if kind == "colors":
        if not isinstance(raw, list) or not raw:
            raise ValueError("expected a list of colours")
        return [parse_color(v) for v in raw]
    if kind == "font":
        return _font_file(raw)
    if kind == "fonts":
        if not isinstance(raw, list):
            raise ValueError("expected a list of font files")
        return [_font_file(v) for v in raw]
    raise AssertionError(kind)


def _font_file(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.lower().endswith(".ttf"):
        raise ValueError("expected a TrueType file name ending in .ttf, from fonts/")
    if not (fonts_dir() / raw).is_file():
        shipped = ", ".join(sorted(p.name for p in fonts_dir().glob("*.ttf")))
        raise ValueError(f"no font file {raw} in fonts/ (available: {shipped})")
    return raw


def _check_geometry(spec: LayoutSpec, fail: Any) -> None:
    page = spec.page
    text_width = page.width - page.margin_inner - page.margin_outer
    text_height = page.height - page.margin_top - page.margin_bottom
    if text_width <= 0:
        raise fail("page.margin_inner", f"margins ({page.margin_inner:.0f} + {page.margin_outer:.0f} pt) "
                   f"leave no room on a {page.width:.0f} pt wide page", "reduce the margins")
    if text_height <= 0:
        raise fail("page.margin_top", "top and bottom margins leave no room for text", "reduce the margins")
    cols = spec.columns
    if cols.count < 1:
        raise fail("columns.count", "there must be at least one column")
    col_width = (text_width - cols.gutter * (cols.count - 1)) / cols.count
    if col_width < 72:
        raise fail("columns.count", f"{cols.count} columns with a {cols.gutter:.0f} pt gutter are "
                   f"{col_width:.0f} pt wide; a column needs at least 72 pt", "use fewer columns or a smaller gutter")
    for key in ("text.size", "text.leading", "notes.size", "notes.leading", "heading.size", "heading.leading"):
        section, _, name = key.partition(".")
        if getattr(getattr(spec, section), name) <= 0:
            raise fail(key, "must be greater than zero")
    if spec.text.leading < spec.text.size * 0.9:
        raise fail("text.leading", "leading is smaller than the type size; lines would overlap",
                   "use a leading of about 1.2 times the type size")
    if spec.text.leading * 6 > text_height:
        raise fail("text.leading", "fewer than six lines fit in a column")
    for pair in spec.breaking.protrusion.split():
        if not re.fullmatch(r".=(0|0?\.\d+|1(\.0*)?)", pair):
            raise fail("breaking.protrusion", f"'{pair}' is not a character and an amount in em",
                       "write pairs such as '-=0.2 ,=0.12', separated by spaces, amounts from 0 to 1")
    _check_placeholders(spec, fail)
    for key, band in (("cover.band_height", spec.cover.band_height),
                      ("colophon.band_height", spec.colophon.band_height)):
        # the band holds the masthead; under it the cover's title or the back cover's text must still fit
        if band > page.height / 2:
            raise fail(key, f"a {band:g} pt band is more than half of the {page.height:g} pt page height; "
                       "the text under it would run past the trim", f"use at most {page.height / 2:g} pt")
    if spec.cover.masthead_top >= spec.cover.band_height > 0 or spec.cover.masthead_foot >= spec.cover.band_height > 0:
        raise fail("cover.masthead_top" if spec.cover.masthead_top >= spec.cover.band_height else "cover.masthead_foot",
                   f"the masthead's lines would leave the {spec.cover.band_height:g} pt band",
                   "make cover.band_height larger or the masthead insets smaller")
    if spec.output.output_intent:
        icc = Path(spec.output_intent_path)
        if not icc.is_file():
            raise fail("output.output_intent", f"ICC profile {spec.output.output_intent} not found",
                       "give the path of a CMYK output profile relative to the layout file")
        head = icc.read_bytes()[:128]
        if len(head) < 128 or head[36:40] != b"acsp" or head[16:20] != b"CMYK":
            raise fail("output.output_intent", f"{spec.output.output_intent} is not a CMYK ICC profile",
                       "use the printer's CMYK output profile (e.g. a FOGRA39 or GRACoL .icc)")
        if spec.output.color_space != "cmyk":
            raise fail("output.output_intent", "an output intent needs output.color_space: cmyk")


# Layout texts filled in from the brief, and the placeholders each may use.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "footer.text": FOOTER_FIELDS,
    "output.note_link_text": ("number",), "output.back_link_text": ("number",),
    "cover.volume_label": ("volume",), "cover.issue_label": ("issue",), "cover.by_label": ("authors",),
    "colophon.phone_label": ("phone",), "colophon.fax_label": ("fax",),
}


def _check_placeholders(spec: Any, fail: Any) -> None:
    """Each text of PLACEHOLDERS may use only its own placeholders; a literal brace is written '{{'."""
    for key, known in PLACEHOLDERS.items():
        section, _, name = key.partition(".")
        text = getattr(getattr(spec, section), name)
        hint = "use " + ", ".join("{" + f + "}" for f in known) + "; write '{{' and '}}' for a brace"
        try:
            used = [(f, fs, conv) for _lit, f, fs, conv in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            raise fail(key, f"cannot be read: {exc}", hint) from None
        for field, format_spec, conversion in used:
            if field not in known:
                raise fail(key, f"unknown placeholder {{{field}}}", hint)
            if format_spec or conversion:
                raise fail(key, f"placeholder {{{field}}} may not have a format or conversion", hint)
