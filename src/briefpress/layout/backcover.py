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

    from .cover import _Fitter

    fit = _Fitter(setter, brief, spec.cover.min_scale)
    ink = spec.cover.masthead_color
    band = c.band_height
    items.append(PlacedRect(-bleed, H - band, W + 2 * bleed, band + bleed, spec.cover.band_color))
    # publisher left, series right on one baseline of the band: both measured (issue 10)
    series = meta.series.upper() if spec.cover.series_uppercase else meta.series
    series_font = spec.font(spec.cover.series_font)
    series_size = fit.one_line("series", series, series_font, c.series_size, geo.text_width / 2)
    series_w = setter.fonts.width(series, series_font, series_size)
    pub_font = spec.font(spec.cover.publisher_font)
    pub_w = geo.text_width - series_w - spec.cover.field_gap
    pub_size = fit.size(meta.publisher, pub_font, c.publisher_size, pub_w)
    if pub_size is not None:
        items.append(PlacedText(left, H - band + c.band_baseline, meta.publisher, pub_font, pub_size, ink,
                                role="colophon", node="back.publisher"))
    else:  # wraps at the smallest size allowed, upwards from the band's baseline
        small = c.publisher_size * spec.cover.min_scale
        lines, size, lead = fit.lines("publisher", (Text(meta.publisher),), pub_font, small, small * 1.1, pub_w, ink)
        first = H - band + c.band_baseline + (len(lines) - 1) * lead
        if first + size * 0.75 > H - 4:
            raise fit.fail("publisher", "the publisher's name is too long for the back cover's band",
                           "shorten the publisher's name")
        for k, line in enumerate(lines):
            items.append(PlacedLine(left, first - k * lead, line, "colophon", node="back.publisher"))
    items.append(PlacedText(right, H - band + c.band_baseline, series, series_font, series_size, ink,
                            align="right", role="colophon", node="back.series"))

    about_w = geo.text_width * c.about_width
    side_w = geo.text_width * c.contact_width
    side_x = right - side_w
    top = H - band - c.space
    y = top
    if col.about_heading:
        lines, _size, lead = fit.lines("colophon.about_heading", (Text(col.about_heading),), f.sans_bold,
                                       c.heading_size, c.heading_size * 1.25, about_w, "accent")
        for line in lines:
            items.append(PlacedLine(left, y, line, "colophon", node="back.about_heading"))
            y -= lead
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
    single = tuple(v for v in (col.address, col.phone and c.phone_label.format(phone=col.phone),
                               col.fax and c.fax_label.format(fax=col.fax), col.email, col.website) if v)
    if single:
        blocks.insert(0, (meta.publisher,) + single)
    if not blocks and not col.about and meta.contact:
        blocks.append((meta.publisher,) + meta.contact)
    ys = top
    for k, block in enumerate(blocks):
        if c.contact_rule > 0:
            items.append(PlacedRule(side_x, ys + c.contact_size * 1.4, side_x + side_w * 0.3,
                                    ys + c.contact_size * 1.4, c.contact_rule, "accent"))
        for j, text in enumerate(block):
            font = f.sans_bold if j == 0 else f.sans
            key = f"colophon.contacts.{k - 1 if single else k}" if (k or not single) else "colophon"
            lines, _size, lead = fit.lines(key, tuple(split_urls(text, False, False, None)), font,
                                           c.contact_size, c.contact_leading, side_w, "text")
            for line in lines:
                items.append(PlacedLine(side_x, ys, line, "colophon", node=part_id("back.contact", k)))
                ys -= lead
        ys -= c.contact_leading * 1.6

    # the foot is measured bottom up, and drawn top down so that it reads in order
    y = spec.page.margin_bottom + c.small_size
    foot: list[Placed] = []
    if col.copyright:
        size = fit.one_line("colophon.copyright", col.copyright, f.sans, c.small_size, geo.text_width)
        foot.append(PlacedText(left, y, col.copyright, f.sans, size, "muted", role="colophon",
                               node="back.copyright"))
        y += c.small_size * 1.6
    if col.other_publications:
        y += c.small_size
        lines, _size, lead = fit.lines("colophon.other_publications",
                                       tuple(split_urls(col.other_publications, False, False, None)), f.sans,
                                       c.small_size * 1.15, c.small_size * 1.5, geo.text_width, "accent")
        for line in reversed(lines):
            foot.append(PlacedLine(left, y, line, "colophon", node="back.other"))
            y += lead
        if c.other_label:  # the label says what the line is (issue 10: it was printed with none)
            label = text_lines(setter, (Text(c.other_label),), f.sans_bold, c.small_size * 1.15,
                               c.small_size * 1.5, geo.text_width, "accent")
            for line in reversed(label):
                foot.append(PlacedLine(left, y, line, "colophon", node="back.other"))
                y += c.small_size * 1.5
        foot.append(PlacedRule(left, y + 2, right, y + 2, 0.5, "rule"))
        y += 8
    items.extend(reversed(foot))
    if min(about_bottom, ys) < y:
        warnings.warn("the colophon is too long for the back cover and overlaps its foot",
                      path=brief.source, key="colophon", hint="shorten the about text or the contact blocks")
    return items
