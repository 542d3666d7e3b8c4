"""The cover's top: masthead band, title block with contacts, abstract box.

Returns the placed items and the height where the body's columns begin, so
the body starts on the cover as In Focus does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ManuscriptError
from ..model.nodes import Brief, Inline, Text
from ..model.structure import part_id
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


class _Fitter:
    """Every cover field is measured (issue 10): a field too wide for its place is set smaller, down to
    `min_scale` of its size, or wraps; when it still cannot fit, the build stops naming its front-matter key."""

    def __init__(self, setter: TypeSetter, brief: Brief, min_scale: float) -> None:
        self.setter = setter
        self.brief = brief
        self.min_scale = min_scale

    def fail(self, key: str, what: str, hint: str) -> ManuscriptError:
        return ManuscriptError(f"does not fit on the cover: {what}", path=self.brief.source,
                               line=self.brief.meta.line_of(key), key=key, hint=hint)

    def size(self, text: str, font: str, size: float, width: float) -> float | None:
        """The size `text` fits `width` at on one line: `size`, or smaller down to the limit; None beyond it."""
        w = self.setter.fonts.width(text, font, size)
        if w <= width:
            return size
        fitted = size * width / w * 0.999
        return fitted if fitted >= size * self.min_scale else None

    def one_line(self, key: str, text: str, font: str, size: float, width: float) -> float:
        fitted = self.size(text, font, size, width)
        if fitted is None:
            raise self.fail(key, f"'{text[:60]}' is too wide for its line even at "
                            f"{self.min_scale:.0%} of its size", "shorten it")
        return fitted

    def lines(self, key: str, runs: tuple[Inline, ...], font: str, size: float, leading: float, width: float,
              color: str, bold_font: str | None = None) -> tuple[tuple[Line, ...], float, float]:
        """Wrapped lines in `width`; a word too long for the measure makes the whole field smaller, within
        the limit.  Returns the lines, the size and the leading used."""
        scale = 1.0
        while True:
            lines = text_lines(self.setter, runs, font, size * scale, leading * scale, width, color, bold_font)
            worst = max((ln.natural / ln.measure for ln in lines if ln.measure), default=0.0)
            if worst <= 1.0 + 1e-6:
                return lines, size * scale, leading * scale
            scale = min(scale * 0.97, scale / worst)
            if scale < self.min_scale:
                raise self.fail(key, "a word of it is too long for its measure even at "
                                f"{self.min_scale:.0%} of its size", "shorten the word or URL, "
                                "or break it with a hyphen")


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
    meta = brief.meta
    W, H = geo.width, geo.height
    bleed = spec.page.bleed
    left = geo.left(1)
    right = left + geo.text_width
    items: list[Placed] = []
    fit = _Fitter(setter, brief, c.min_scale)
    ink = c.masthead_color

    # masthead band, bleeding off the top and both sides; its fields in reading order: publisher and
    # division, the contact lines opposite them, then the band's foot, date line and series
    band_bottom = H - c.band_height
    items.append(PlacedRect(-bleed, band_bottom, W + 2 * bleed, c.band_height + bleed, c.band_color))
    contact_w = geo.text_width * c.contact_width if meta.contact else 0.0
    # the publisher and division share the band's top with the contact lines: they have what the contacts leave
    name_w = geo.text_width - contact_w - (c.field_gap if meta.contact else 0.0)
    series_cap = c.series_size * setter.fonts.metrics(spec.font(c.series_font)).cap_height
    band_floor = band_bottom + c.masthead_foot + series_cap + c.field_gap / 2  # the series' top, with room
    y = H - c.masthead_top - c.publisher_size * 0.72
    pub_font = spec.font(c.publisher_font)
    pub_size = fit.size(meta.publisher, pub_font, c.publisher_size, name_w)
    if pub_size is not None:
        items.append(PlacedText(left, y, meta.publisher, pub_font, pub_size, ink, role="masthead",
                                node="masthead.publisher"))
    else:  # wraps, at the smallest size allowed
        lines, size, lead = fit.lines("publisher", (Text(meta.publisher),), pub_font,
                                      c.publisher_size * c.min_scale, c.publisher_size * c.min_scale * 1.1, name_w,
                                      ink)
        for k, line in enumerate(lines):
            items.append(PlacedLine(left, y - k * lead, line, "masthead", node="masthead.publisher"))
        y -= (len(lines) - 1) * lead
    if meta.division:
        y -= c.division_gap
        div_font = spec.font(c.division_font)
        size = fit.one_line("division", meta.division, div_font, c.division_size, name_w)
        items.append(PlacedText(left, y, meta.division, div_font, size, ink, role="masthead",
                                node="masthead.division"))
    if y < band_floor:
        raise fit.fail("publisher" if not meta.division else "division", "the publisher and division lines run "
                       "into the series name", "shorten the publisher's name or the division line")

    # contact lines in the band's top right corner, opposite the publisher
    yc = H - c.masthead_top - c.contact_size * 0.74
    from ..source.markdown import split_urls

    for k, text in enumerate(meta.contact):
        lines, _size, lead = fit.lines(f"contact.{k}", tuple(split_urls(text, False, False, None)),
                                       spec.font(c.contact_font), c.contact_size, c.contact_leading, contact_w, ink)
        for line in lines:
            items.append(PlacedLine(right - line.natural, yc, line, "contact", node=part_id("masthead.contact", k)))
            yc -= lead
    if meta.contact and yc + c.contact_leading - c.contact_size * 0.3 < band_floor:
        raise fit.fail(f"contact.{len(meta.contact) - 1}", "the contact lines run into the series name",
                       "use fewer or shorter contact lines")

    dateline = meta.date
    if meta.volume or meta.issue:
        parts = [c.volume_label.format(volume=meta.volume) if meta.volume else "",
                 c.issue_label.format(issue=meta.issue) if meta.issue else ""]
        dateline += c.date_separator + c.issue_separator.join(p for p in parts if p)
    date_font = spec.font(c.date_font)
    date_size = fit.one_line("date", dateline, date_font, c.date_size, geo.text_width / 2)
    date_w = setter.fonts.width(dateline, date_font, date_size)
    items.append(PlacedText(left, band_bottom + c.masthead_foot, dateline, date_font, date_size, ink,
                            role="masthead", node="masthead.date"))
    series = meta.series.upper() if c.series_uppercase else meta.series
    series_font = spec.font(c.series_font)
    series_size = fit.one_line("series", series, series_font, c.series_size, geo.text_width - date_w - c.field_gap)
    items.append(PlacedText(right, band_bottom + c.masthead_foot, series, series_font, series_size, ink,
                            align="right", role="masthead", node="masthead.series"))

    # title block, full width under the band
    title_w = geo.text_width * c.title_width
    top = band_bottom - c.space
    lines, size, lead = fit.lines("title", (Text(meta.title),), spec.font(c.title_font), c.title_size,
                                  c.title_leading, title_w, c.title_color)
    y = top - size * 0.74
    for line in lines:
        items.append(PlacedLine(left, y, line, "title", node="title"))
        y -= lead
    y += lead - size * 0.74
    if meta.subtitle:
        lines, size, lead = fit.lines("subtitle", (Text(meta.subtitle),), spec.font(c.subtitle_font),
                                      c.subtitle_size, c.subtitle_leading, title_w, "text")
        y -= size * 1.3
        for line in lines:
            items.append(PlacedLine(left, y, line, "subtitle", node="subtitle"))
            y -= lead
        y += lead - size * 0.7
    if meta.authors:
        names = list(meta.authors)
        by = names[0] if len(names) == 1 else c.author_separator.join(names[:-1]) + c.last_author_separator + names[-1]
        lines, size, lead = fit.lines("authors", (Text(c.by_label.format(authors=by)),), spec.font(c.authors_font),
                                      c.authors_size, c.authors_leading, title_w, c.authors_color)
        y -= size * 1.8
        for line in lines:
            items.append(PlacedLine(left, y, line, "authors", node="authors"))
            y -= lead
        y += lead - size * 0.7
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
            lines_out.append(PlacedLine(left + c.abstract_rule + pad, y, line, "abstract",
                                        node=part_id("abstract", k)))
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
