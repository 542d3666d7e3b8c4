"""The cover's top: masthead band, title block with contacts, abstract box.

Returns the placed items and the height where the body's columns begin, so
the body starts on the cover as In Focus does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ManuscriptError
from ..model.nodes import Brief, Inline, Text
from .geometry import Geometry
from .items import InlineStyle
from .lines import Line
from .page import Anchor, Frame, Placed, PlacedLine, PlacedRect, PlacedText
from .typeset import Shape, TypeSetter


@dataclass
class CoverTop:
    items: list[Placed]
    columns_top: float
    frames: list[Frame]
    anchors: list[Anchor]


def text_lines(setter: TypeSetter, runs: tuple[Inline, ...], font: str, size: float, leading: float,
               width: float, color: str = "text", bold_font: str | None = None,
               key: tuple[Path, str] | None = None) -> tuple[Line, ...]:
    """Ragged lines of furniture text (titles, contacts), unhyphenated; `key` (manuscript, front-matter
    key) names the value in the warning about a word too long for its line."""
    style = InlineStyle(font, font, bold_font or font, bold_font or font, size, color=color, link_color=color)
    result = setter.set(runs, style, Shape(width), leading, justify=False, hyphenate=False)
    assert result is not None
    overfull = [ln for ln in result.lines if ln.overfull]
    if key is not None and overfull:
        text = overfull[0].text.strip()
        setter.warnings.warn(f"a word is too long for its line and runs past it: '{text[:60]}'", path=key[0],
                             key=key[1], hint="shorten it, or add a soft hyphen (U+00AD) where it may break")
    return result.lines


def check_room(setter: TypeSetter, source: Path, key: str, texts: list[tuple[str, str, float]], room: float) -> None:
    """Warn, naming `key`, when single-line texts (text, font, size) set side by side need more than `room`."""
    need = sum(setter.fonts.width(t, font, size) for t, font, size in texts if t) + 12.0 * (len(texts) - 1)
    if need > room:
        setter.warnings.warn(f"'{key}' is too long for its line and runs past it or into the text beside it "
                             f"({need / 72:.2f} in where {room / 72:.2f} in fit)", path=source, key=key,
                             hint="shorten it")


def compose_cover(brief: Brief, setter: TypeSetter, geo: Geometry) -> CoverTop:
    spec = setter.spec
    c = spec.cover
    f = spec.fonts
    meta = brief.meta
    W, H = geo.width, geo.height
    bleed = spec.page.bleed
    left = geo.left(1)
    right = left + geo.text_width
    items: list[Placed] = []

    # masthead band, bleeding off the top and both sides
    band_bottom = H - c.band_height
    items.append(PlacedRect(-bleed, band_bottom, W + 2 * bleed, c.band_height + bleed, "accent"))
    y = H - c.masthead_top - c.publisher_size * 0.72
    items.append(PlacedText(left, y, meta.publisher, f.sans_bold, c.publisher_size, "paper", role="masthead"))
    if meta.division:
        y -= c.division_size * 1.9
        items.append(PlacedText(left, y, meta.division, f.sans_italic, c.division_size, "paper", role="masthead"))
    series = meta.series.upper() if c.series_uppercase else meta.series
    items.append(PlacedText(right, band_bottom + c.masthead_foot, series, f.display, c.series_size, "paper", align="right",
                            role="masthead"))
    dateline = meta.date
    if meta.volume or meta.issue:
        parts = [f"Volume {meta.volume}" if meta.volume else "", f"Issue {meta.issue}" if meta.issue else ""]
        dateline += " · " + ", ".join(p for p in parts if p)
    items.append(PlacedText(left, band_bottom + c.masthead_foot, dateline, f.sans_bold, c.date_size, "paper", role="masthead"))
    room_top = geo.text_width * (1 - c.contact_width) if meta.contact else geo.text_width
    check_room(setter, brief.source, "publisher", [(meta.publisher, f.sans_bold, c.publisher_size)], room_top)
    check_room(setter, brief.source, "division", [(meta.division or "", f.sans_italic, c.division_size)], room_top)
    check_room(setter, brief.source, "series" if len(series) > len(dateline) else "date",
               [(dateline, f.sans_bold, c.date_size), (series, f.display, c.series_size)], geo.text_width)

    # contact lines in the band's top right corner, opposite the publisher
    contact_w = geo.text_width * c.contact_width
    yc = H - c.masthead_top - c.contact_size * 0.74
    from ..source.markdown import split_urls

    for text in meta.contact:
        for line in text_lines(setter, tuple(split_urls(text, False, False, None)), f.sans, c.contact_size,
                               c.contact_leading, contact_w, "paper", key=(brief.source, "contact")):
            items.append(PlacedLine(right - line.natural, yc, line, "contact"))
            yc -= c.contact_leading
    series_top = band_bottom + c.masthead_foot + c.series_size * 0.75  # the series name's capitals
    if meta.contact and yc + c.contact_leading - c.contact_size * 0.25 < series_top:
        raise ManuscriptError(f"the {len(meta.contact)} contact lines do not fit in the masthead band beside the "
                              "series name", path=brief.source, key="contact",
                              hint="give fewer or shorter contact lines; the sample has three")

    # title block, full width under the band
    title_w = geo.text_width * c.title_width
    top = band_bottom - c.space
    y = top - c.title_size * 0.74
    for line in text_lines(setter, (Text(meta.title),), spec.font(c.title_font), c.title_size, c.title_leading,
                           title_w, "accent", key=(brief.source, "title")):
        items.append(PlacedLine(left, y, line, "title"))
        y -= c.title_leading
    y += c.title_leading - c.title_size * 0.74
    if meta.subtitle:
        y -= c.subtitle_size * 1.3
        for line in text_lines(setter, (Text(meta.subtitle),), f.text_italic, c.subtitle_size,
                               c.subtitle_size * 1.25, title_w, key=(brief.source, "subtitle")):
            items.append(PlacedLine(left, y, line, "subtitle"))
            y -= c.subtitle_size * 1.25
        y += c.subtitle_size * 1.25 - c.subtitle_size * 0.7
    if meta.authors:
        y -= c.authors_size * 1.8
        names = list(meta.authors)
        by = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        for line in text_lines(setter, (Text("By " + by),), f.sans_bold, c.authors_size, c.authors_size * 1.3,
                               title_w, "muted", key=(brief.source, "authors")):
            items.append(PlacedLine(left, y, line, "authors"))
            y -= c.authors_size * 1.3
        y += c.authors_size * 1.3 - c.authors_size * 0.7
    block_bottom = y - 6

    # the abstract in a tinted box, opening with a drop cap
    box_top = block_bottom - c.space
    pad = c.abstract_padding
    inner = geo.text_width - 2 * pad - c.abstract_rule
    style = setter.inline_style("abstract")
    y = box_top - pad - c.abstract_size * 0.72
    lines_out: list[PlacedLine] = []
    for k, para in enumerate(meta.abstract):
        dropcap = spec.dropcap.lines if (k == 0 and spec.dropcap.lines) else 0
        shape = Shape(inner, first_indent=spec.text.indent if k else 0.0, dropcap_lines=dropcap)
        result = setter.set(para.inlines, style, shape, c.abstract_leading, where=(brief.source, para.line))
        assert result is not None
        lines = list(result.lines)
        for line in lines:
            lines_out.append(PlacedLine(left + c.abstract_rule + pad, y, line, "abstract"))
            y -= c.abstract_leading
        y -= max(0, result.min_lines - len(lines)) * c.abstract_leading
    box_bottom = y + c.abstract_leading - c.abstract_size * 0.28 - pad
    if box_bottom < geo.bottom:  # the box would run into the bottom margin, or off the page
        raise ManuscriptError(f"the title block and the abstract are {(geo.bottom - box_bottom) / 72:.2f} in too "
                              "long for the cover", path=brief.source,
                              line=meta.abstract[0].line if meta.abstract else None, key="abstract",
                              hint="shorten the abstract: the cover holds it with the title and the start of the text")
    items.append(PlacedRect(left, box_bottom, geo.text_width, box_top - box_bottom, "tint"))
    if c.abstract_rule > 0:
        items.append(PlacedRect(left, box_bottom, c.abstract_rule, box_top - box_bottom, "accent"))
    items.extend(lines_out)
    frames = [Frame(left, box_bottom, geo.text_width, box_top - box_bottom, "box")]
    return CoverTop(items, box_bottom - c.space, frames, [])
