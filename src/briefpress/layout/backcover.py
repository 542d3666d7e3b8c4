"""The back cover: the colophon from the front matter.

About text on the left, contact blocks on the right, other publications and
copyright at the foot.  Without a colophon the back cover carries the
publisher's name and the contact lines of the masthead.
"""

from __future__ import annotations

from ..errors import Warnings
from ..model.nodes import Brief, Colophon, Text
from .cover import check_room, text_lines
from .geometry import Geometry
from .page import Placed, PlacedLine, PlacedRect, PlacedRule, PlacedText
from .typeset import Shape, TypeSetter


def compose_back(brief: Brief, setter: TypeSetter, geo: Geometry, page_number: int,
                 warnings: Warnings) -> list[Placed]:
    spec = setter.spec
    c = spec.colophon
    f = spec.fonts
    meta = brief.meta
    col = meta.colophon or Colophon()
    W, H = geo.width, geo.height
    bleed = spec.page.bleed
    left = geo.left(page_number)
    right = left + geo.text_width
    items: list[Placed] = []

    band = c.band_height
    items.append(PlacedRect(-bleed, H - band, W + 2 * bleed, band + bleed, "accent"))
    items.append(PlacedText(left, H - band + spec.cover.masthead_foot + 4, meta.publisher, f.sans_bold, spec.cover.publisher_size, "paper",
                            role="colophon"))
    series = meta.series.upper() if spec.cover.series_uppercase else meta.series
    items.append(PlacedText(right, H - band + spec.cover.masthead_foot + 4, series, f.display, spec.cover.publisher_size * 1.4, "paper",
                            align="right", role="colophon"))

    check_room(setter, brief.source, "series" if len(series) > len(meta.publisher) else "publisher",
               [(meta.publisher, f.sans_bold, spec.cover.publisher_size),
                (series, f.display, spec.cover.publisher_size * 1.4)], geo.text_width)
    about_w = geo.text_width * c.about_width
    side_w = geo.text_width * c.contact_width
    side_x = right - side_w
    top = H - band - c.space
    y = top
    if col.about_heading:
        for line in text_lines(setter, (Text(col.about_heading),), f.sans_bold, c.heading_size,
                               c.heading_size * 1.25, about_w, "accent", key=(brief.source, "colophon.about_heading")):
            items.append(PlacedLine(left, y, line, "colophon"))
            y -= c.heading_size * 1.25
        y -= c.text_leading * 0.5
    style = setter.inline_style("colophon")
    from ..source.markdown import split_urls

    for text in col.about:
        shape = Shape(about_w, first_indent=0.0)
        result = setter.set(tuple(split_urls(text, False, False, None)), style, shape, c.text_leading)
        assert result is not None
        for line in result.lines:
            items.append(PlacedLine(left, y, line, "colophon"))
            y -= c.text_leading
        y -= c.text_leading * 0.5
    about_bottom = y

    blocks: list[tuple[str, ...]] = list(col.contacts)
    single = tuple(v for v in (col.address, col.phone and f"Phone: {col.phone}", col.fax and f"Fax: {col.fax}",
                               col.email, col.website) if v)
    if single:
        blocks.insert(0, (meta.publisher,) + single)
    if not blocks and not col.about and meta.contact:
        blocks.append((meta.publisher,) + meta.contact)
    ys = top
    for block in blocks:
        items.append(PlacedRule(side_x, ys + c.contact_size * 1.4, side_x + side_w * 0.3,
                                ys + c.contact_size * 1.4, 1.5, "accent"))
        for j, text in enumerate(block):
            font = f.sans_bold if j == 0 else f.sans
            for line in text_lines(setter, tuple(split_urls(text, False, False, None)), font, c.contact_size,
                                   c.contact_leading, side_w, key=(brief.source, "colophon")):
                items.append(PlacedLine(side_x, ys, line, "colophon"))
                ys -= c.contact_leading
        ys -= c.contact_leading * 1.6

    y = spec.page.margin_bottom + c.small_size
    foot: list[str] = [t for t in (col.copyright,) if t]
    for text in reversed(foot):
        if setter.fonts.width(text, f.sans, c.small_size) > geo.text_width:  # one line, set as it is
            warnings.warn("the copyright line is wider than the page's text and runs past it", path=brief.source,
                          key="colophon.copyright", hint="shorten it to one line")
        items.append(PlacedText(left, y, text, f.sans, c.small_size, "muted", role="colophon"))
        y += c.small_size * 1.6
    if col.other_publications:
        y += c.small_size
        lines = text_lines(setter, tuple(split_urls(col.other_publications, False, False, None)), f.sans_bold,
                           c.small_size * 1.15, c.small_size * 1.5, geo.text_width, "accent",
                           key=(brief.source, "colophon.other_publications"))
        for line in reversed(lines):
            items.append(PlacedLine(left, y, line, "colophon"))
            y += c.small_size * 1.5
        items.append(PlacedRule(left, y + 2, right, y + 2, 0.5, "rule"))
        y += 8
    if min(about_bottom, ys) < y:
        warnings.warn("the colophon is too long for the back cover and overlaps its foot",
                      path=brief.source, key="colophon", hint="shorten the about text or the contact blocks")
    return items
