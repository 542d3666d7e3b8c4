"""The back cover: the colophon from the front matter.

About text on the left, contact blocks on the right, other publications and
copyright at the foot.  Without a colophon the back cover carries the
publisher's name and the contact lines of the masthead.
"""

from __future__ import annotations

from ..errors import Warnings
from ..model.nodes import Brief, Colophon, Text
from ..model.structure import part_id
from .cover import text_lines
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
                            role="colophon", node="back.publisher"))
    series = meta.series.upper() if spec.cover.series_uppercase else meta.series
    items.append(PlacedText(right, H - band + spec.cover.masthead_foot + 4, series, f.display, spec.cover.publisher_size * 1.4, "paper",
                            align="right", role="colophon", node="back.series"))

    about_w = geo.text_width * c.about_width
    side_w = geo.text_width * c.contact_width
    side_x = right - side_w
    top = H - band - c.space
    y = top
    if col.about_heading:
        for line in text_lines(setter, (Text(col.about_heading),), f.sans_bold, c.heading_size,
                               c.heading_size * 1.25, about_w, "accent"):
            items.append(PlacedLine(left, y, line, "colophon", node="back.about_heading"))
            y -= c.heading_size * 1.25
        y -= c.text_leading * 0.5
    style = setter.inline_style("colophon")
    from ..source.markdown import split_urls

    for k, text in enumerate(col.about):
        shape = Shape(about_w, first_indent=0.0)
        result = setter.set(tuple(split_urls(text, False, False, None)), style, shape, c.text_leading)
        assert result is not None
        for line in result.lines:
            items.append(PlacedLine(left, y, line, "colophon", node=part_id("back.about", k)))
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
    for k, block in enumerate(blocks):
        items.append(PlacedRule(side_x, ys + c.contact_size * 1.4, side_x + side_w * 0.3,
                                ys + c.contact_size * 1.4, 1.5, "accent"))
        for j, text in enumerate(block):
            font = f.sans_bold if j == 0 else f.sans
            for line in text_lines(setter, tuple(split_urls(text, False, False, None)), font, c.contact_size,
                                   c.contact_leading, side_w):
                items.append(PlacedLine(side_x, ys, line, "colophon", node=part_id("back.contact", k)))
                ys -= c.contact_leading
        ys -= c.contact_leading * 1.6

    # the foot is measured bottom up, and drawn top down so that it reads in order
    y = spec.page.margin_bottom + c.small_size
    foot: list[Placed] = []
    if col.copyright:
        foot.append(PlacedText(left, y, col.copyright, f.sans, c.small_size, "muted", role="colophon",
                               node="back.copyright"))
        y += c.small_size * 1.6
    if col.other_publications:
        y += c.small_size
        lines = text_lines(setter, tuple(split_urls(col.other_publications, False, False, None)), f.sans_bold,
                           c.small_size * 1.15, c.small_size * 1.5, geo.text_width, "accent")
        for line in reversed(lines):
            foot.append(PlacedLine(left, y, line, "colophon", node="back.other"))
            y += c.small_size * 1.5
        foot.append(PlacedRule(left, y + 2, right, y + 2, 0.5, "rule"))
        y += 8
    items.extend(reversed(foot))
    if min(about_bottom, ys) < y:
        warnings.warn("the colophon is too long for the back cover and overlaps its foot",
                      path=brief.source, key="colophon", hint="shorten the about text or the contact blocks")
    return items
