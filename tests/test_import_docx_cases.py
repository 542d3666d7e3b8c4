"""`briefpress import` on small Word files written by tests/docxgen.py: body features, hygiene warnings,
style maps and defaults."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from briefpress.cli import main
from docxgen import chart, image, link, make_docx, note_ref, para, run, table, text_box

WARNING_RE = re.compile(r"^(?P<where>.+?): (?:key '(?P<key>[^']+)': )?warning: (?P<msg>.+?) \(hint: (?P<hint>.+)\)$")


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env={"BRIEFPRESS_DEBUG": None})


def imported(tmp_path: Path, body: list[str], *extra_args: str | Path, **parts) -> tuple[str, list[str], Result]:  # type: ignore[no-untyped-def]
    docx = make_docx(tmp_path / "manuscript.docx", body, **parts)
    result = invoke("import", docx, "-o", tmp_path / "out", *extra_args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    text = (tmp_path / "out" / "brief.md").read_text(encoding="utf-8")
    return text, result.stderr.splitlines(), result


def body_of(text: str) -> str:
    return text.split("---\n", 2)[2]


# ---------------------------------------------------------------- body

def test_headings_lists_quotes_tables_links_and_emphasis(tmp_path: Path) -> None:
    text, _, _ = imported(tmp_path, [
        para("A Title", style="Title"),
        para("Plain, ", run("italic", italic=True), " and ", run("bold", bold=True), " with a ",
             link("rIdL1", "link"), " and a * star and 1_000 [brackets]."),
        para("First section", style="Heading 2"),
        para("Sub section", style="Heading 3"),
        para("Said once.", style="Quote"), para("Said twice.", style="Intense Quote"),
        para("Bullet a", num=(1, 0)), para("Bullet nested", num=(1, 1)), para("Bullet b", num=(1, 0)),
        para("Step one", num=(2, 0)), para("Step two", num=(2, 0)),
        table([["Head | one", "Head two"], ["a", "b"], ["c", ""]]),
        para("1986 was a year."),
    ], links={"rIdL1": "https://example.org/a b"})
    body = body_of(text)
    assert "Plain, *italic* and **bold** with a [link](https://example.org/a%20b) and a \\* star and 1\\_000 " \
           "\\[brackets\\]." in body
    assert "\n## First section\n\n### Sub section\n" in body  # Heading 2 is the top level here: it becomes ##
    assert "> Said once.\n>\n> Said twice." in body
    assert "- Bullet a\n  - Bullet nested\n- Bullet b" in body
    assert "1. Step one\n2. Step two" in body
    assert "| Head \\| one | Head two |\n| --- | --- |\n| a | b |\n| c |  |" in body
    assert "\n1986 was a year.\n" in body


def test_footnotes_and_endnotes_numbered_by_first_reference(tmp_path: Path) -> None:
    text, _, _ = imported(tmp_path, [
        para("T", style="Title"),
        para("First cites an endnote", note_ref("endnote", 7), " then a footnote", note_ref("footnote", 2), "."),
        para("Again the endnote", note_ref("endnote", 7), " and another footnote", note_ref("footnote", 1), "."),
    ], footnotes={1: ["Footnote one."], 2: ["Footnote two, first paragraph.", "Its second paragraph."]},
        endnotes={7: ["The endnote."]})
    body = body_of(text)
    assert "First cites an endnote[^1] then a footnote[^2]." in body
    assert "Again the endnote[^1] and another footnote[^3]." in body
    assert ("[^1]: The endnote.\n[^2]: Footnote two, first paragraph.\n\n    Its second paragraph.\n\n"
            "[^3]: Footnote one.") in body


def test_a_note_cited_in_a_heading_moves_to_the_paragraph_after_it(tmp_path: Path) -> None:
    text, lines, _ = imported(tmp_path, [
        para("T", style="Title"), para("Opening", note_ref("footnote", 1), "."),
        para("Section", note_ref("footnote", 2), style="Heading 1"), para("Its text", note_ref("footnote", 3), "."),
    ], footnotes={1: ["One."], 2: ["On the heading."], 3: ["Three."]})
    body = body_of(text)
    assert "Opening[^1].\n\n## Section\n\nIts text[^2].[^3]\n" in body
    assert "[^1]: One.\n[^2]: Three.\n[^3]: On the heading." in body
    assert any("the heading 'Section' cites a note" in line for line in lines)


def test_front_matter_from_core_properties_and_placeholders(tmp_path: Path) -> None:
    text, lines, _ = imported(tmp_path, [para("Only body text.")], core={
        "dc:title": "Core Title", "dc:creator": "Ann Author; Bob Writer", "dc:description": "Core abstract.",
        "dcterms:created": "2026-03-01T10:00:00Z"})
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert front == {"title": "Core Title", "authors": ["Ann Author", "Bob Writer"], "abstract": "Core abstract."}
    assert "# TODO publisher:" in text and "# TODO date:" in text and "created, 2026-03-01" in text
    keys = [WARNING_RE.match(line).group("key") for line in lines]  # type: ignore[union-attr]
    assert keys == ["publisher", "date"]


def test_style_map_extends_the_default_for_a_house_template(tmp_path: Path) -> None:
    (tmp_path / "house.map").write_text("p[style-name='Brief Title'] => p.bp-title:fresh\n", encoding="utf-8")
    text, _, _ = imported(tmp_path, [para("House Title", style="Brief Title"), para("Body.")],
                          "--style-map", tmp_path / "house.map")
    assert yaml.safe_load(text.split("---\n", 2)[1])["title"] == "House Title"
    assert "House Title" not in body_of(text)


def test_a_bad_style_map_line_is_one_error_naming_its_line(tmp_path: Path) -> None:
    (tmp_path / "house.map").write_text("p[style-name='A'] => p.bp-title:fresh\nnot a mapping\n", encoding="utf-8")
    docx = make_docx(tmp_path / "m.docx", [para("Body.")])
    result = invoke("import", docx, "--style-map", tmp_path / "house.map", "-o", tmp_path / "out")
    assert result.exit_code == 1 and not (tmp_path / "out").exists()
    assert result.stderr.splitlines() == [f"{tmp_path / 'house.map'}:2: error: mammoth cannot read the style mapping "
                                          "'not a mapping' (hint: write it as p[style-name='Word style'] => "
                                          "p.bp-title:fresh (see the mammoth style-map syntax))"]


def test_defaults_with_an_unknown_key_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text("publisher: IPC\npublsher: typo\n", encoding="utf-8")
    docx = make_docx(tmp_path / "m.docx", [para("Body.")])
    result = invoke("import", docx, "--defaults", tmp_path / "house.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and not (tmp_path / "out").exists()
    assert result.stderr.splitlines() == [f"{tmp_path / 'house.yaml'}: key 'publsher': error: unknown front-matter "
                                          "key 'publsher' (hint: did you mean 'publisher'?)"]


# ---------------------------------------------------------------- hygiene

def test_each_hygiene_problem_is_one_located_warning(tmp_path: Path) -> None:
    docx = tmp_path / "manuscript.docx"
    _, lines, _ = imported(tmp_path, [
        para("The Brief", style="Title"),
        para("1. Introduction", style="Heading 1"),
        para("Kept ", '<w:ins w:id="1" w:author="x">' + run("new words") + "</w:ins>",
             '<w:del w:id="2" w:author="x"><w:r><w:delText>old words</w:delText></w:r></w:del>', " end."),
        para("Commented text here", '<w:r><w:commentReference w:id="5"/></w:r>'),
        para(), para(),
        para("Host paragraph", text_box("Boxed text")),
        para("See the chart", chart()),
        para("II. Background", style="Heading 1"),
        para("Last words."),
        para("A note", note_ref("footnote", 1), "."),
    ], comments={5: ("Ann Editor", "Check this figure")}, header="In Focus running head",
        footnotes={1: [para("See ", '<w:del w:id="3" w:author="x"><w:r><w:delText>the old</w:delText></w:r></w:del>',
                            "the new source.")]})
    warnings = [WARNING_RE.match(line) for line in lines]
    assert all(warnings), lines
    got = [(w.group("where"), w.group("msg")) for w in warnings if w and not w.group("key")]  # type: ignore[union-attr]
    assert got == [
        (f"{docx}: paragraph 2 “1. Introduction”", "the heading starts with a typed number '1.'"),
        (f"{docx}: paragraph 3 “Kept new words end.”",
         "unaccepted tracked change: inserted “new words” (kept), deleted “old words” (left out)"),
        (f"{docx}: paragraph 4 “Commented text here”",
         "a comment by Ann Editor (“Check this figure”) was left out of the brief"),
        (f"{docx}: paragraph 5 (empty, after “Commented text here”)", "empty paragraph used as spacing was left out"),
        (f"{docx}: paragraph 7 “Host paragraph”",
         "a text box (“Boxed text”) is not part of the text flow; its text was left out"),
        (f"{docx}: paragraph 8 “See the chart”", "a Word chart is not a picture and was left out"),
        (f"{docx}: paragraph 9 “II. Background”", "the heading starts with a typed number 'II.'"),
        (f"{docx}: footnote “See the new source.”", "unaccepted tracked change: deleted “the old” (left out)"),
        (str(docx), "the header “In Focus running head” was left out"),
    ]
    hints = " ".join(w.group("hint") for w in warnings if w)  # type: ignore[union-attr]
    assert "Accept All Changes" in hints and "figures/figure-N.csv" in hints


def test_a_clean_document_has_no_hygiene_warnings(tmp_path: Path) -> None:
    _, lines, _ = imported(tmp_path, [para("T", style="Title"), para("2005 in review", style="Heading 1"),
                                      para("U.S. Policy", style="Heading 2"), para("Body text."), para("More."),
                                      para()],
                           "--defaults", _defaults(tmp_path))
    assert lines == []


def _defaults(tmp_path: Path) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text('publisher: "IPC"\ndate: "May 2006"\nabstract: "A."\n', encoding="utf-8")
    return path


# ---------------------------------------------------------------- figures

def _png(colour: str) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(buf, "PNG")
    return buf.getvalue()


def test_figure_captions_after_before_or_missing_and_images_kept(tmp_path: Path) -> None:
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    text, lines, result = imported(tmp_path, [
        para("T", style="Title"),
        para(image("rIdI1", "Red square")), para("Figure 1. The red one", style="Caption"),
        para("Chart 2: The blue one, caption first", style="Caption"), para(image("rIdI2", "blue.png")),
        para("Text around ", image("rIdI3", "A green square"), " an inline picture."),
        para("After the inline picture."),
        para(image("rIdI4")), para("An animation", style="Caption"),
    ], images={"rIdI1": ("a.png", _png("red")), "rIdI2": ("b.png", _png("blue")),
               "rIdI3": ("c.png", _png("green")), "rIdI4": ("d.gif", gif)})
    body = body_of(text)
    assert '![Figure 1: The red one](figures/figure-1.png){alt="Red square"}' in body
    assert "![Chart 2: The blue one, caption first](figures/figure-2.png)\n\n" in body  # a file name is no alt text
    assert ("Text around an inline picture.\n\n![Figure 3: A green square](figures/figure-3.png)\n\n"
            "After the inline picture.") in body
    assert "![Figure 4: An animation](figures/figure-4.gif)" in body
    out = tmp_path / "out" / "figures"
    assert (out / "figure-1.png").read_bytes() == _png("red") and (out / "figure-4.gif").read_bytes() == gif
    messages = [WARNING_RE.match(line).group("msg") for line in lines]  # type: ignore[union-attr]
    assert "figure 3 has no Caption paragraph after it; its alt text was used as the caption" in messages
    assert "figure 4 is a GIF image, which briefpress cannot print" in messages
    assert "4 figures" in result.stdout


def test_language_from_the_document_and_notes_in_the_front_matter(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "m.docx", [
        para("Der Titel", note_ref("footnote", 1), style="Title"),
        para("Eine Zusammenfassung", note_ref("footnote", 2), ".", style="Abstract"),
        para("Der Text", note_ref("footnote", 3), "."),
    ], footnotes={1: ["Zum Titel."], 2: ["Zur Zusammenfassung."], 3: ["Zum Text."]})
    with zipfile.ZipFile(docx) as zf:  # a German document: its default language in styles.xml
        styles = zf.read("word/styles.xml").replace(
            b"<w:style ", b'<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="de-DE"/></w:rPr></w:rPrDefault>'
                          b"</w:docDefaults><w:style ", 1)
    rewrite(docx, "word/styles.xml", styles)
    result = invoke("import", docx, "-o", tmp_path / "out")
    text = (tmp_path / "out" / "brief.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert front == {"title": "Der Titel", "abstract": "Eine Zusammenfassung.", "lang": "de-DE"}
    assert body_of(text).strip() == "Der Text[^1].\n\n[^1]: Zum Text."
    assert "a note on the title was left out: the front matter cannot hold notes" in result.stderr
    assert "a note on the abstract was left out" in result.stderr


def rewrite(docx: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(docx) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts[name] = data
    with zipfile.ZipFile(docx, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)


def test_a_link_the_build_would_refuse_keeps_its_words_only(tmp_path: Path) -> None:
    text, lines, _ = imported(tmp_path, [para("See ", link("rIdL1", "the draft"), " and ", link("rIdL2", "IPC"), ".")],
                              links={"rIdL1": "file:///C:/Users/ann/draft.docx", "rIdL2": "mailto:ipc@ailf.org"})
    assert "See the draft and [IPC](mailto:ipc@ailf.org)." in body_of(text)
    assert any("a link to 'file:///C:/Users/ann/draft.docx' was left out (the words are kept)" in line
               for line in lines)


def test_what_a_generator_writes_into_the_properties_is_not_taken(tmp_path: Path) -> None:
    text, _, _ = imported(tmp_path, [para("Title", style="Title"), para("Body.")],
                          core={"dc:creator": "python-docx", "dc:description": "generated by python-docx"})
    assert yaml.safe_load(text.split("---\n", 2)[1]) == {"title": "Title"}


def test_an_unmapped_style_that_names_a_brief_part_is_reported(tmp_path: Path) -> None:
    docx = tmp_path / "manuscript.docx"
    _, lines, _ = imported(tmp_path, [para("House Title", style="Brief Title"), para("Body.", style="List Paragraph")])
    assert [line for line in lines if "style map" in line] == [
        f"{docx}: warning: the Word style 'Brief Title' is not in the style map; its paragraphs became plain "
        "paragraphs (hint: map it with --style-map, e.g. p[style-name='Brief Title'] => p.bp-title:fresh "
        "(or bp-author, bp-abstract, bp-caption, blockquote > p:fresh))"]
