"""Every key a layout file may hold, declared once with its type, default and meaning.

The loader validates layout files against these declarations and the
documentation in layouts/README.md is checked against them, so a key cannot
exist in code without being documented or vice versa.  Defaults are neutral;
the In Focus design itself lives in layouts/print.yaml.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from typing import Any

from .values import Color


def opt(kind: str, default: Any, doc: str, choices: tuple[str, ...] = (), lo: float | None = None,
        hi: float | None = None) -> Any:
    """Declare a layout key: `kind` is length|number|int|bool|text|words|color|colors|font|fonts|choice.

    `lo` and `hi` bound a length (in points), number or int: beyond them a value is a typo or a unit
    mistake, and would break the layout (a 12-line drop cap, a space shrink of 100%).
    """
    meta = {"kind": kind, "doc": doc, "choices": choices, "lo": lo, "hi": hi}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: default.copy(), metadata=meta)
    return field(default=default, metadata=meta)


BLACK = Color(cmyk=(0.0, 0.0, 0.0, 1.0))
WHITE = Color(cmyk=(0.0, 0.0, 0.0, 0.0))


@dataclass(frozen=True)
class PageSpec:
    width: float = opt("length", 612.0, "Trim width of the page.", lo=144, hi=2592)
    height: float = opt("length", 792.0, "Trim height of the page.", lo=144, hi=2592)
    margin_top: float = opt("length", 54.0, "Space above the text area on body pages.", lo=0, hi=720)
    margin_bottom: float = opt("length", 54.0, "Space below the text area (the footer sits in it).", lo=0, hi=720)
    margin_inner: float = opt("length", 54.0, "Margin on the binding side (left on odd pages).", lo=0, hi=720)
    margin_outer: float = opt("length", 54.0, "Margin on the outside edge.", lo=0, hi=720)
    bleed: float = opt("length", 0.0, "Bleed beyond the trim on every side (0 for screen PDFs).", lo=0, hi=36)
    crop_marks: bool = opt("bool", False, "Draw crop marks outside the bleed.")
    even_pages: bool = opt("bool", True, "Make the page count even with a blank page before the back cover (for "
                                         "the press; screens need none).")
    mark_length: float = opt("length", 18.0, "Length of each crop mark.", lo=0, hi=72)
    mark_offset: float = opt("length", 3.0, "Gap between the bleed edge and the start of a crop mark.", lo=0, hi=36)
    mark_width: float = opt("length", 0.25, "Stroke width of crop marks.", lo=0, hi=4)


@dataclass(frozen=True)
class ColumnSpec:
    count: int = opt("int", 2, "Number of text columns.", lo=1, hi=12)
    gutter: float = opt("length", 18.0, "Space between columns.", lo=0, hi=144)
    balance_last_page: bool = opt("bool", True, "Balance the columns of the last text page.")


@dataclass(frozen=True)
class OutputSpec:
    color_space: str = opt("choice", "cmyk", "Colour space of everything drawn: cmyk for press, rgb for screens.",
                           ("cmyk", "rgb"))
    links: bool = opt("bool", False, "Clickable note references, back-links and URLs.")
    print_urls: bool = opt("bool", False, "Print an inline link's address in parentheses after its words "
                                          "(paper cannot be clicked).")
    outline: bool = opt("bool", False, "PDF bookmarks of the sections, shown when the file opens.")
    page_labels: bool = opt("bool", False, "PDF page labels (cover, 2, 3, …, back cover).")
    image_max_ppi: float = opt("number", 0.0, "Downsample images above this resolution at placed size (0: never).",
                               lo=0, hi=2400)
    image_min_ppi: float = opt("number", 300.0, "Warn about images below this resolution at placed size.",
                               lo=0, hi=2400)
    jpeg_quality: int = opt("int", 0, "Re-encode photographic images as JPEG at this quality (0: keep lossless).",
                            lo=0, hi=100)
    output_intent: str = opt("text", "", "ICC output profile (path, relative to the layout file) for a PDF/X-4 "
                                         "output intent; empty for none.")
    output_condition: str = opt("text", "", "Output condition identifier of the output intent, e.g. FOGRA39.")
    tagged: bool = opt("bool", True, "Tagged PDF (PDF/UA-1): a structure tree from the manuscript, content in "
                                     "reading order, furniture as artifacts.")
    note_link_text: str = opt("text", "Note {number}", "What a screen reader says for a note reference link "
                                                       "({number} is the note's number).")
    back_link_text: str = opt("text", "Back to the reference of note {number}",
                              "What a screen reader says for a note number's link back to the text.")


@dataclass(frozen=True)
class FontSpec:
    text: str = opt("font", "EBGaramond12-Regular.ttf", "Body text.")
    text_italic: str = opt("font", "EBGaramond12-Italic.ttf", "Italic in body text.")
    text_bold: str = opt("font", "EBGaramond12-Bold.ttf", "Bold in body text.")
    text_bold_italic: str = opt("font", "EBGaramond12-Bold.ttf", "Bold italic in body text.")
    small: str = opt("font", "EBGaramond08-Regular.ttf", "Small text: footnotes (an optical size for small type).")
    small_italic: str = opt("font", "EBGaramond08-Italic.ttf", "Italic in small text.")
    sans: str = opt("font", "Lato-Regular.ttf", "Furniture: masthead lines, captions, footer.")
    sans_italic: str = opt("font", "Lato-Italic.ttf", "Italic furniture.")
    sans_bold: str = opt("font", "Lato-Bold.ttf", "Headings and labels.")
    sans_bold_italic: str = opt("font", "Lato-BoldItalic.ttf", "Bold italic furniture.")
    display: str = opt("font", "Lato-Black.ttf", "The series name in the masthead.")
    fallback: list[str] = opt("fonts", ["EBGaramond12-Regular.ttf", "Lato-Regular.ttf"],
                              "Fonts tried, in order, for characters a font lacks.")


FONT_ROLES = tuple(f.name for f in fields(FontSpec) if f.name != "fallback")


@dataclass(frozen=True)
class ColorSpec:
    text: Color = opt("color", BLACK, "Body text (print: black only).")
    accent: Color = opt("color", BLACK, "Masthead, headings, drop caps, rules.")
    tint: Color = opt("color", Color(cmyk=(0.0, 0.0, 0.0, 0.1)), "Background of the abstract box.")
    muted: Color = opt("color", Color(cmyk=(0.0, 0.0, 0.0, 0.7)), "Footer, captions' secondary text.")
    rule: Color = opt("color", BLACK, "Note separator and thin rules.")
    paper: Color = opt("color", WHITE, "Text set on accent backgrounds.")
    link: Color = opt("color", BLACK, "Link text (web layouts may colour it).")
    chart: list[Color] = opt("colors", [BLACK], "Chart series colours, in order.")


@dataclass(frozen=True)
class TextSpec:
    font: str = opt("choice", "text", "Font role of body text.", FONT_ROLES)
    size: float = opt("length", 10.0, "Type size.", lo=4, hi=72)
    leading: float = opt("length", 12.0, "Baseline-to-baseline distance; every column sits on this grid.", lo=4, hi=144)
    indent: float = opt("length", 12.0, "First-line indent of paragraphs that follow a paragraph.", lo=0, hi=144)
    paragraph_space: int = opt("int", 0, "Blank grid lines between paragraphs.", lo=0, hi=4)
    align: str = opt("choice", "justify", "Alignment of body text.", ("justify", "left"))


@dataclass(frozen=True)
class BreakSpec:
    method: str = opt("choice", "optimal", "Line breaking: optimal (Knuth-Plass) or greedy (first fit).",
                      ("optimal", "greedy"))
    hyphenate: bool = opt("bool", True, "Hyphenate in the brief's language.")
    tolerance: float = opt("number", 2.0, "Largest stretch ratio of a line before emergency measures.", lo=0.1, hi=100)
    pretolerance: float = opt("number", 1.0, "Stretch ratio allowed in the first, unhyphenated pass (<0: skip it).",
                              lo=-1, hi=100)
    line_penalty: float = opt("number", 10.0, "Added to every line's badness (TeX \\linepenalty).", lo=0, hi=10000)
    hyphen_penalty: float = opt("number", 50.0, "Penalty for breaking at a hyphenation point.", lo=0, hi=10000)
    explicit_hyphen_penalty: float = opt("number", 50.0, "Penalty for breaking after a hyphen or dash in the text.",
                                         lo=0, hi=10000)
    double_hyphen_demerits: float = opt("number", 10000.0, "Extra demerits for two hyphenated lines in a row.",
                                        lo=0, hi=1e7)
    final_hyphen_demerits: float = opt("number", 5000.0, "Extra demerits for a hyphen on the second-to-last line.",
                                       lo=0, hi=1e7)
    fitness_demerits: float = opt("number", 10000.0, "Extra demerits for a tight line next to a loose one.",
                                  lo=0, hi=1e7)
    emergency_stretch: float = opt("length", 6.0, "Extra stretch per line allowed in the last pass.", lo=0, hi=72)
    expansion: float = opt("number", 0.0, "Font expansion: glyphs may be widened or narrowed by up to this fraction "
                                          "to even out word spacing (pdfTeX's microtype; 0.02 is invisible).")
    letterspacing: float = opt("number", 0.0, "Letterspacing of a loose line: once the spaces have stretched "
                                              "by their stretch and the glyphs by their expansion, letters may "
                                              "spread by up to this much (in em) as the spaces stretch on, so a "
                                              "hard line (narrow measure, long words, a URL) does not gape; 0 "
                                              "for none.", lo=0, hi=0.05)
    max_word_gap: float = opt("number", 0.0, "The widest word gap (space plus letterspacing, in em) a justified "
                                             "line may show: a line the breaker cannot avoid that would gape more "
                                             "(it must end before a long word no pattern can break) letterspaces "
                                             "on, up to letterspacing_rescue, until its gaps are this wide; 0 for "
                                             "no limit.", lo=0, hi=2)
    letterspacing_rescue: float = opt("number", 0.0, "The most letterspacing (in em) a line may take to keep its "
                                                     "word gaps within max_word_gap; at most a few hundredths.",
                                      lo=0, hi=0.08)
    word_space: str = opt("choice", "font", "Word space of a paragraph set in the text italic (quotes, the "
                                            "abstract): font (the italic's own space) or text (the roman's, so "
                                            "every paragraph has the body's word space).", ("font", "text"))
    space_stretch: float = opt("number", 0.5, "Interword stretch, as a fraction of the space width.", lo=0, hi=5)
    space_shrink: float = opt("number", 0.33, "Interword shrink, as a fraction of the space width.", lo=0, hi=0.9)
    shrink_badness: float = opt("number", 1.0, "Badness of a tightened line is multiplied by this (>1: the breaker "
                                               "prefers a slightly loose line to a tight one).")
    runt_demerits: float = opt("number", 0.0, "Extra demerits for a paragraph whose last line is a single short "
                                              "word (a runt).")
    runt_letters: int = opt("int", 5, "A last line of one word of at most this many letters is a runt.")
    protrusion: str = opt("text", "", "Optical margin alignment: characters that hang into the margin at a "
                                      "justified line's start or end, as 'char=amount' pairs (in em) separated by "
                                      "spaces, e.g. '-=0.2 ,=0.12'; empty for none.")
    min_word: int = opt("int", 6, "Shortest word that may be hyphenated.", lo=1, hi=40)
    min_before: int = opt("int", 2, "Fewest letters before a hyphen.", lo=1, hi=10)
    min_after: int = opt("int", 3, "Fewest letters after a hyphen.", lo=1, hi=10)
    max_hyphen_run: int = opt("int", 2, "Most consecutive hyphenated lines allowed.", lo=0, hi=20)
    exceptions: list[str] = opt("words", [], "Hyphenation exceptions, applied before the patterns: "
                                             "'Gua-na-jua-to' breaks only there, a word without hyphens never "
                                             "breaks (a brief adds its own with the front-matter key hyphenation).")
    orphans: int = opt("int", 2, "Fewest lines of a paragraph left at a column foot.", lo=1, hi=10)
    widows: int = opt("int", 2, "Fewest lines of a paragraph carried to a column top.", lo=1, hi=10)
    loosen: bool = opt("bool", True, "Re-break a paragraph one line longer or shorter to avoid a widow, orphan or "
                                     "short column.")


@dataclass(frozen=True)
class DropCapSpec:
    lines: int = opt("int", 3, "Lines the drop cap spans (0 turns drop caps off).", lo=0, hi=8)
    font: str = opt("choice", "text", "Font role of the drop cap.", FONT_ROLES)
    color: str = opt("choice", "accent", "Colour of the drop cap.", ("text", "accent", "muted"))
    gap: float = opt("length", 2.0, "Space between the cap and the text beside it.", lo=0, hi=36)
    short: str = opt("choice", "smaller", "A paragraph shorter than the cap: smaller (the cap spans the lines the "
                                          "paragraph has; a one-line paragraph gets none) or none (no cap). Either "
                                          "way no hole is left under the cap.", ("smaller", "none"))


@dataclass(frozen=True)
class HeadingSpec:
    font: str = opt("choice", "sans_bold", "Font role of section heads.", FONT_ROLES)
    size: float = opt("length", 10.0, "Type size of section heads.", lo=4, hi=72)
    leading: float = opt("length", 12.0, "Leading of section heads.", lo=4, hi=144)
    uppercase: bool = opt("bool", True, "Set section heads in capitals.")
    color: str = opt("choice", "accent", "Colour of section heads.", ("text", "accent", "muted"))
    space_before: float = opt("length", 12.0, "Space above a section head (rounded up to the grid).", lo=0, hi=144)
    space_after: float = opt("length", 4.0, "Space below a section head (rounded up to the grid).", lo=0, hi=144)
    keep_lines: int = opt("int", 2, "Lines of the section kept in the same column as its head.", lo=0, hi=10)
    sub_font: str = opt("choice", "sans_bold", "Font role of ### sub-heads.", FONT_ROLES)
    sub_size: float = opt("length", 9.0, "Type size of ### sub-heads.", lo=4, hi=72)


@dataclass(frozen=True)
class QuoteSpec:
    font: str = opt("choice", "text", "Font role of block quotes.", FONT_ROLES)
    size: float = opt("length", 9.5, "Type size of block quotes (they keep the body leading).", lo=4, hi=72)
    indent_left: float = opt("length", 12.0, "Left indent of block quotes.", lo=0, hi=144)
    indent_right: float = opt("length", 12.0, "Right indent of block quotes.", lo=0, hi=144)
    space: int = opt("int", 1, "Blank grid lines above and below a block quote.", lo=0, hi=4)


@dataclass(frozen=True)
class ListSpec:
    indent: float = opt("length", 14.0, "Hanging indent of list items.", lo=0, hi=144)
    nested_indent: float = opt("length", 14.0, "Further indent of the items of a list nested in a list item.")
    bullet: str = opt("text", "•", "Bullet of unordered lists.")
    nested_bullet: str = opt("text", "–", "Bullet of a nested unordered list.")
    space: int = opt("int", 1, "Blank grid lines above and below a list.")


@dataclass(frozen=True)
class NoteSpec:
    font: str = opt("choice", "small", "Font role of footnote texts.", FONT_ROLES)
    size: float = opt("length", 7.5, "Type size of footnote texts.", lo=4, hi=36)
    leading: float = opt("length", 9.0, "Leading of footnote texts.", lo=4, hi=72)
    number_width: float = opt("length", 9.0, "Width of the hanging note number.", lo=0, hi=72)
    gap: float = opt("length", 9.0, "Least space between the text and the note separator.", lo=0, hi=72)
    separator_length: float = opt("length", 54.0, "Length of the rule above the notes.", lo=0, hi=1000)
    separator_width: float = opt("length", 0.4, "Thickness of that rule.", lo=0, hi=10)
    separator_space: float = opt("length", 5.0, "Space between the rule and the first note.", lo=0, hi=72)
    note_space: float = opt("length", 1.5, "Extra space between notes.", lo=0, hi=36)
    ref_scale: float = opt("number", 0.62, "Size of reference numbers in the text, as a fraction of the text size.", lo=0.3, hi=1.0)
    ref_rise: float = opt("number", 0.36, "Raise of reference numbers, as a fraction of the text size.", lo=0, hi=1.0)
    number_font: str = opt("choice", "text", "Font role of note numbers, in the text and before each note: one "
                                             "with lining figures (Lato's) keeps '11' from reading like 'ıı' in "
                                             "old-style figures.", FONT_ROLES)
    min_lines: int = opt("int", 2, "Lines of a note that must sit with its reference before the rest may continue.", lo=1, hi=20)
    max_share: float = opt("number", 0.5, "Largest part of a column's height a note split across columns may take.", lo=0.1, hi=0.9)


@dataclass(frozen=True)
class FigureSpec:
    caption_font: str = opt("choice", "sans", "Font role of captions.", FONT_ROLES)
    label_font: str = opt("choice", "sans_bold", "Font role of the 'Figure N:' label.", FONT_ROLES)
    caption_size: float = opt("length", 7.5, "Type size of captions.", lo=4, hi=36)
    caption_leading: float = opt("length", 9.5, "Leading of captions.", lo=4, hi=72)
    caption_gap: float = opt("length", 4.0, "Space between the figure and its caption.", lo=0, hi=72)
    space: int = opt("int", 1, "Blank grid lines above and below a figure.", lo=0, hi=4)
    chart_aspect: float = opt("number", 0.72, "Chart height as a fraction of its width.", lo=0.1, hi=3)
    chart_font: str = opt("choice", "sans", "Font role of chart labels.", FONT_ROLES)
    chart_size: float = opt("length", 6.5, "Type size of chart labels.", lo=3, hi=36)
    frame: bool = opt("bool", True, "Draw a thin accent rule above figures.")
    max_height: float = opt("number", 0.6, "Tallest a figure may be, as a fraction of the text area's height "
                                           "(taller ones are scaled down).", lo=0.1, hi=1.0)


@dataclass(frozen=True)
class TableSpec:
    font: str = opt("choice", "sans", "Font role of table cells.", FONT_ROLES)
    header_font: str = opt("choice", "sans_bold", "Font role of the header row (the heading face).", FONT_ROLES)
    number_font: str = opt("choice", "sans", "Font role of numeric cells: a face whose default digits are tabular "
                                             "lining, so that columns of figures line up (Lato's are; EB Garamond's "
                                             "are proportional old-style).", FONT_ROLES)
    size: float = opt("length", 8.0, "Type size of table cells (rows keep the body leading: the baseline grid).")
    min_size: float = opt("length", 6.5, "Smallest size a table may be set in to fit the full measure.")
    padding: float = opt("length", 4.0, "Space left and right of each cell's text.")
    heavy_rule: float = opt("length", 0.8, "Thickness of the rules above and below the table (booktabs).")
    light_rule: float = opt("length", 0.4, "Thickness of the rule under the header row.")
    rule_color: str = opt("choice", "rule", "Colour of the table rules.", ("text", "accent", "rule", "muted"))
    space: int = opt("int", 1, "Blank grid lines above and below a table (dropped at a column top or foot).")
    column_max_columns: int = opt("int", 4, "Tables with more columns than this are set across both columns.")
    full_width: bool = opt("bool", True, "Widen a table to the whole measure (extra width shared by content).")
    split_rows: int = opt("int", 2, "Fewest body rows left on either side of a split.")
    continued: str = opt("text", "(continued)", "Added after 'Table N' on the caption of a split table's later "
                                                "parts.")
    wide_place: str = opt("choice", "top", "Where a table or figure set across both columns goes: top or foot of "
                                           "the page.", ("top", "foot"))
    source_size: float = opt("length", 7.0, "Type size of the source or notes line under a table.")


@dataclass(frozen=True)
class CoverSpec:
    band_height: float = opt("length", 110.0, "Height of the accent masthead band (from the top trim edge).",
                             lo=0, hi=1440)
    masthead_top: float = opt("length", 22.0, "From the top trim edge to the top of the publisher and contact lines.",
                              lo=0, hi=720)
    masthead_foot: float = opt("length", 16.0, "From the band's foot to the baseline of the series name and date.",
                               lo=0, hi=720)
    contact_width: float = opt("number", 0.46, "Width of the contact lines in the band, as a fraction of the text "
                                               "width.", lo=0.1, hi=1.0)
    title_width: float = opt("number", 0.82, "Width of the title block, as a fraction of the text width.",
                             lo=0.1, hi=1.0)
    publisher_size: float = opt("length", 15.0, "Publisher name in the masthead.", lo=4, hi=144)
    division_size: float = opt("length", 7.5, "Division line under the publisher.", lo=4, hi=144)
    series_size: float = opt("length", 46.0, "Series name ('IN FOCUS').", lo=4, hi=288)
    series_uppercase: bool = opt("bool", True, "Set the series name in capitals.")
    date_size: float = opt("length", 9.0, "Date and volume/issue line.", lo=4, hi=144)
    contact_size: float = opt("length", 7.0, "Contact lines under the masthead.", lo=4, hi=72)
    contact_leading: float = opt("length", 9.0, "Leading of contact lines.", lo=4, hi=144)
    title_font: str = opt("choice", "sans_bold", "Font role of the title.", FONT_ROLES)
    title_size: float = opt("length", 19.0, "Type size of the title.", lo=4, hi=144)
    title_leading: float = opt("length", 22.0, "Leading of the title.", lo=4, hi=288)
    subtitle_size: float = opt("length", 12.0, "Type size of the subtitle.", lo=4, hi=144)
    authors_size: float = opt("length", 9.5, "Type size of the author line.", lo=4, hi=144)
    abstract_font: str = opt("choice", "text_italic", "Font role of the abstract.", FONT_ROLES)
    abstract_size: float = opt("length", 11.0, "Type size of the abstract.", lo=4, hi=72)
    abstract_leading: float = opt("length", 14.0, "Leading of the abstract.", lo=4, hi=144)
    abstract_padding: float = opt("length", 12.0, "Padding inside the abstract box.", lo=0, hi=144)
    abstract_rule: float = opt("length", 3.0, "Thickness of the accent rule on the box's left edge (0: none).", lo=0, hi=72)
    space: float = opt("length", 14.0, "Vertical space between cover blocks.", lo=0, hi=288)
    # issue 10: the rest of the cover's design, and its words, so a layout (a French brief) can say its own
    band_color: str = opt("choice", "accent", "Colour of the masthead band.", ("text", "accent", "muted", "tint"))
    masthead_color: str = opt("choice", "paper", "Colour of the text on the band.", ("text", "accent", "muted",
                                                                                  "paper"))
    publisher_font: str = opt("choice", "sans_bold", "Font role of the publisher name.", FONT_ROLES)
    division_font: str = opt("choice", "sans_italic", "Font role of the division line.", FONT_ROLES)
    division_gap: float = opt("length", 14.25, "From the publisher's baseline to the division's.")
    date_font: str = opt("choice", "sans_bold", "Font role of the date and volume/issue line.", FONT_ROLES)
    series_font: str = opt("choice", "display", "Font role of the series name.", FONT_ROLES)
    contact_font: str = opt("choice", "sans", "Font role of the contact lines.", FONT_ROLES)
    field_gap: float = opt("length", 12.0, "Least space between two cover fields side by side (publisher and "
                                           "contacts, date line and series).")
    min_scale: float = opt("number", 0.8, "A cover field too wide for its place is set smaller, down to this "
                                          "fraction of its size, before it wraps; beyond that the build stops.")
    title_color: str = opt("choice", "accent", "Colour of the title.", ("text", "accent", "muted"))
    subtitle_font: str = opt("choice", "text_italic", "Font role of the subtitle.", FONT_ROLES)
    subtitle_leading: float = opt("length", 15.0, "Leading of the subtitle.")
    authors_font: str = opt("choice", "sans_bold", "Font role of the author line.", FONT_ROLES)
    authors_leading: float = opt("length", 12.35, "Leading of the author line.")
    authors_color: str = opt("choice", "muted", "Colour of the author line.", ("text", "accent", "muted"))
    date_separator: str = opt("text", " · ", "Between the date and the volume/issue.")
    volume_label: str = opt("text", "Volume {volume}", "The volume; {volume} is the front matter's.")
    issue_label: str = opt("text", "Issue {issue}", "The issue; {issue} is the front matter's.")
    issue_separator: str = opt("text", ", ", "Between volume and issue.")
    by_label: str = opt("text", "By {authors}", "The author line; {authors} is the names.")
    author_separator: str = opt("text", ", ", "Between authors' names.")
    last_author_separator: str = opt("text", " and ", "Before the last author's name.")


@dataclass(frozen=True)
class FooterSpec:
    font: str = opt("choice", "sans", "Font role of the running footer.", FONT_ROLES)
    size: float = opt("length", 7.5, "Type size of the running footer and folio.", lo=4, hi=36)
    text: str = opt("text", "{publisher} · {series} · {date}", "Running footer; {publisher}, {series}, {date}, "
                                                              "{title} are replaced.")
    baseline: float = opt("length", 30.0, "Distance of the footer baseline above the bottom trim edge.", lo=0, hi=720)
    rule: bool = opt("bool", True, "Draw a hairline above the footer.")


@dataclass(frozen=True)
class ColophonSpec:
    band_height: float = opt("length", 60.0, "Height of the accent band at the top of the back cover.", lo=0, hi=1440)
    space: float = opt("length", 40.0, "Space between the band and the about text.", lo=0, hi=720)
    about_width: float = opt("number", 0.6, "Width of the about text, as a fraction of the text width.", lo=0.1, hi=1.0)
    contact_width: float = opt("number", 0.32, "Width of the contact blocks at the right, as a fraction of the text "
                                               "width.")
    heading_size: float = opt("length", 11.0, "Heading of the about text.", lo=4, hi=144)
    text_size: float = opt("length", 9.5, "About text.", lo=4, hi=72)
    text_leading: float = opt("length", 13.0, "Leading of the about text.", lo=4, hi=144)
    contact_size: float = opt("length", 8.5, "Contact blocks.", lo=4, hi=72)
    contact_leading: float = opt("length", 11.0, "Leading of contact blocks.", lo=4, hi=144)
    small_size: float = opt("length", 7.5, "Other publications and copyright.", lo=4, hi=72)
    publisher_size: float = opt("length", 15.0, "Publisher name in the band.")
    series_size: float = opt("length", 21.0, "Series name in the band.")
    band_baseline: float = opt("length", 20.0, "From the band's foot to the baseline of its publisher and series.")
    contact_rule: float = opt("length", 1.5, "Thickness of the accent rule over each contact block (0: none).")
    phone_label: str = opt("text", "Phone: {phone}", "The phone line of the contact block.")
    fax_label: str = opt("text", "Fax: {fax}", "The fax line of the contact block.")
    other_label: str = opt("text", "Other publications", "Label over the other publications (empty: none).")


SECTIONS: dict[str, type] = {
    "page": PageSpec, "columns": ColumnSpec, "output": OutputSpec, "fonts": FontSpec, "colors": ColorSpec,
    "text": TextSpec, "breaking": BreakSpec, "dropcap": DropCapSpec, "heading": HeadingSpec, "quote": QuoteSpec,
    "lists": ListSpec, "notes": NoteSpec, "figure": FigureSpec, "table": TableSpec, "cover": CoverSpec, "footer": FooterSpec,
    "colophon": ColophonSpec,
}


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    source: str
    description: str
    profile: str  # "print" or "web": which preflight rules apply
    page: PageSpec
    columns: ColumnSpec
    output: OutputSpec
    fonts: FontSpec
    colors: ColorSpec
    text: TextSpec
    breaking: BreakSpec
    dropcap: DropCapSpec
    heading: HeadingSpec
    quote: QuoteSpec
    lists: ListSpec
    notes: NoteSpec
    figure: FigureSpec
    cover: CoverSpec
    footer: FooterSpec
    colophon: ColophonSpec
    table: TableSpec = TableSpec()
    resolved_paths: dict[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()  # every file the layout was read from: itself, the layouts it extends, its ICC

    @property
    def output_intent_path(self) -> str:
        """The ICC profile's path; relative names are resolved against the file that gave them."""
        return self.resolved_paths.get("output.output_intent", self.output.output_intent)

    def color(self, role: str) -> Color:
        return getattr(self.colors, role)  # type: ignore[no-any-return]

    def font(self, role: str) -> str:
        return getattr(self.fonts, role)  # type: ignore[no-any-return]


TOP_LEVEL_KEYS = {"extends": "Name or path of a layout this one starts from; only differing keys need be given.",
                  "description": "One line shown by `briefpress layouts`.",
                  "profile": "print or web: which preflight rules `briefpress check` applies."}


def all_keys() -> list[tuple[str, str, str]]:
    """(dotted key, kind, doc) for every layout key, for documentation and its test."""
    out = [(k, "text", doc) for k, doc in TOP_LEVEL_KEYS.items()]
    for section, cls in SECTIONS.items():
        assert is_dataclass(cls)
        for f in fields(cls):
            default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
            kind = f.metadata["kind"]
            if f.metadata.get("choices"):
                kind += " (" + " | ".join(f.metadata["choices"]) + ")"
            lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
            if lo is not None or hi is not None:
                unit = " pt" if kind == "length" else ""
                kind += f", {lo:g}–{hi:g}{unit}" if lo is not None and hi is not None else \
                    f", ≥ {lo:g}{unit}" if lo is not None else f", ≤ {hi:g}{unit}"
            del default
            out.append((f"{section}.{f.name}", kind, f.metadata["doc"]))
    return out
