"""Swapping layouts: print (bleed, marks, CMYK, PDF/X) against web (RGB, links, bookmarks), and custom layouts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

import iccgen
from briefpress.cli import main
from briefpress.pipeline import build

BLEED = 9.0  # 0.125 in


def content_ops(reader: PdfReader) -> str:
    return "\n".join(p.get_contents().get_data().decode("latin-1") for p in reader.pages if p.get_contents() is not None)


def images(reader: PdfReader) -> list[dict]:
    found = []

    def walk(res) -> None:  # type: ignore[no-untyped-def]
        for _n, ref in ((res or {}).get("/XObject") or {}).items():
            xo = ref.get_object()
            if xo.get("/Subtype") == "/Image":
                found.append(xo)
            elif xo.get("/Subtype") == "/Form":
                walk(xo.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


# -- boxes ---------------------------------------------------------------------------------------

def test_print_pages_have_trim_and_bleed_boxes_and_room_for_marks(sample_pdf: Path) -> None:
    for page in PdfReader(str(sample_pdf)).pages:
        assert "/TrimBox" in page and "/BleedBox" in page
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert float(trim.width) == pytest.approx(612) and float(trim.height) == pytest.approx(792)
        assert float(trim.left) - float(bleed.left) == pytest.approx(BLEED)
        assert float(bleed.top) - float(trim.top) == pytest.approx(BLEED)
        assert float(bleed.left) > float(media.left)  # crop marks sit outside the bleed
        assert float(media.width) == pytest.approx(float(trim.width) + 2 * float(trim.left))


def test_print_draws_crop_marks_outside_the_bleed(sample_pdf: Path) -> None:
    reader = PdfReader(str(sample_pdf))
    page = reader.pages[1]
    trim = page.trimbox
    ops = page.get_contents().get_data().decode("latin-1")
    x = float(trim.left)
    # a vertical mark at the trim's left edge, starting beyond the bleed below the page
    marks = re.findall(rf"{x:g} ([\d.]+) m {x:g} ([\d.]+) l S", ops)
    assert marks, "no crop marks"
    assert any(float(y1) < float(trim.bottom) - BLEED and float(y2) < float(y1) for y1, y2 in marks)


def test_masthead_band_bleeds_off_the_page(sample_pdf: Path) -> None:
    reader = PdfReader(str(sample_pdf))
    ops = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(rf"-{BLEED:g} [\d.]+ [\d.]+ [\d.]+ re f", ops), "the band does not reach into the bleed"


def test_web_pages_have_no_bleed_and_no_marks(web_pdf: Path) -> None:
    for page in PdfReader(str(web_pdf)).pages:
        assert "/TrimBox" not in page and "/BleedBox" not in page
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612.0, 792.0)


# -- colour --------------------------------------------------------------------------------------

def test_print_uses_cmyk_only_and_black_text(sample_pdf: Path) -> None:
    reader = PdfReader(str(sample_pdf))
    ops = content_ops(reader)
    assert not re.search(r"\b(rg|RG)\b", ops), "DeviceRGB colour operators in a print PDF"
    assert b"/DeviceRGB" not in sample_pdf.read_bytes()
    # body text is drawn in pure black: every text object starts its colour with 0 0 0 1 k
    text_colours = set(re.findall(r"BT [^\n]*\n(?:[\d.]+ Tz\n)?([\d. ]+) k", ops))
    assert "0 0 0 1" in text_colours


def test_web_uses_rgb(web_pdf: Path) -> None:
    ops = content_ops(PdfReader(str(web_pdf)))
    assert re.search(r"\brg\b", ops)
    assert not re.search(r"[\d.]+ [\d.]+ [\d.]+ [\d.]+ k\b", ops)


@pytest.fixture(scope="module")
def photo_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief with one RGB photograph (300 ppi at 3 in) and one low-resolution image."""
    folder = tmp_path_factory.mktemp("photo")
    (folder / "figures").mkdir()
    im = Image.new("RGB", (900, 600))
    px = im.load()
    for x in range(900):
        for y in range(600):
            px[x, y] = ((x * 7) % 256, (y * 5) % 256, (x * y) % 256)
    im.save(folder / "figures" / "photo.png", dpi=(300, 300))
    Image.new("RGB", (150, 100), (200, 40, 40)).save(folder / "figures" / "small.png", dpi=(72, 72))
    (folder / "brief.md").write_text(
        "---\ntitle: Pictures\npublisher: Test Institute\ndate: May 2024\nabstract: Two pictures.\n---\n\n"
        "Some text before the figure.\n\n![Figure 1: A photograph.](figures/photo.png){alt=\"Noise\"}\n\n"
        "More text.\n\n![Figure 2: A small image.](figures/small.png){alt=\"A grey square\"}\n\nThe end.\n", encoding="utf-8")
    return folder


def test_print_converts_images_to_cmyk_and_web_keeps_rgb_downsampled(photo_brief: Path, tmp_path: Path) -> None:
    printed = build(photo_brief, layout="print", output=tmp_path / "p.pdf")
    web = build(photo_brief, layout="web", output=tmp_path / "w.pdf")
    p_images = images(PdfReader(str(printed.pdf)))
    w_images = images(PdfReader(str(web.pdf)))
    assert p_images and all(im["/ColorSpace"] == "/DeviceCMYK" for im in p_images)
    assert w_images and all(im["/ColorSpace"] == "/DeviceRGB" for im in w_images)
    big_print = max(int(im["/Width"]) for im in p_images)
    big_web = max(int(im["/Width"]) for im in w_images)
    assert big_print == 900 and big_web <= 3 * 150 + 10  # 3 in at 150 ppi
    assert web.pdf.stat().st_size < printed.pdf.stat().st_size


def test_low_resolution_image_is_a_warning_naming_the_figure(photo_brief: Path, tmp_path: Path) -> None:
    result = build(photo_brief, layout="print", output=tmp_path / "p.pdf")
    messages = [str(w) for w in result.warnings]
    assert any("Figure 2" in m and "72 ppi" in m and "300" in m for m in messages), messages
    assert not any("Figure 1" in m for m in messages)


# -- navigation ----------------------------------------------------------------------------------

def test_web_note_references_link_to_their_notes_and_back(web_pdf: Path) -> None:
    reader = PdfReader(str(web_pdf))
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    internal = 0
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            dest = a.get("/Dest")
            if dest is not None:
                internal += 1
                target = page_of[dest[0].idnum]
                assert target == i, "a note link leaves its page: notes sit on the page of their reference"
    assert internal >= 2 * 23  # every reference to its note, every note back to its reference


def test_web_urls_are_clickable(web_pdf: Path) -> None:
    reader = PdfReader(str(web_pdf))
    uris = {a.get_object()["/A"]["/URI"] for p in reader.pages for a in (p.get("/Annots") or [])
            if "/A" in a.get_object()}
    assert "https://www.ailf.org" in uris and "https://www.immigrationpolicy.org" in uris
    assert "mailto:ipc@ailf.org" in uris


def test_web_outline_lists_the_sections_and_opens_with_it(web_pdf: Path) -> None:
    reader = PdfReader(str(web_pdf))
    titles = [o.title for o in reader.outline]
    assert titles[0].startswith("NAFTA, North American")  # the cover
    assert titles[1] == "LABOR MIGRATION AND ECONOMIC INTEGRATION"
    assert len(titles) == 6
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/OpenAction"][0].idnum == reader.pages[0].indirect_reference.idnum
    labels = [reader.page_labels[i] for i in range(len(reader.pages))]
    assert labels[0] == "Cover" and labels[1] == "2" and labels[-1] == "Back cover"


def test_print_has_no_links_or_outline(sample_pdf: Path) -> None:
    reader = PdfReader(str(sample_pdf))
    assert not any(p.get("/Annots") for p in reader.pages)
    assert not reader.outline


def test_web_metadata_and_size(web_pdf: Path, sample_pdf: Path) -> None:
    reader = PdfReader(str(web_pdf))
    assert reader.metadata.title.startswith("NAFTA")
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    assert web_pdf.stat().st_size < sample_pdf.stat().st_size


# -- custom layouts ------------------------------------------------------------------------------

def test_custom_layout_extends_print_with_another_accent(tmp_path: Path) -> None:
    from conftest import SAMPLE

    layout = tmp_path / "ours.yaml"
    # the charts have their own palette (navy first in print): a green edition sets both
    layout.write_text('extends: print\ndescription: "green edition"\ncolors:\n  accent: cmyk(80, 0, 60, 20)\n'
                      '  chart:\n    - cmyk(80, 0, 60, 20)\n    - cmyk(0, 55, 100, 5)\n', encoding="utf-8")
    result = build(SAMPLE, layout=str(layout), output=tmp_path / "ours.pdf")
    ops = content_ops(PdfReader(str(result.pdf)))
    assert "0.8 0 0.6 0.2 k" in ops
    assert "1 0.68 0 0.42 k" not in ops  # the print accent is gone everywhere
    page = PdfReader(str(result.pdf)).pages[0]
    assert "/TrimBox" in page  # everything else still comes from print


def test_layouts_command_lists_shipped_layouts() -> None:
    result = CliRunner().invoke(main, ["layouts"])
    assert result.exit_code == 0
    assert re.search(r"^print\s+In Focus for the press", result.output, re.M)
    assert re.search(r"^web\s+In Focus for screens", result.output, re.M)


def test_layout_reference_documents_every_key() -> None:
    from briefpress.style.spec import all_keys

    readme = (Path(__file__).resolve().parent.parent / "layouts" / "README.md").read_text(encoding="utf-8")
    for key, _kind, _doc in all_keys():
        assert f"`{key}`" in readme, f"{key} is not documented in layouts/README.md"
    documented = set(re.findall(r"^\| `([a-z_.]+)`", readme, re.M))
    assert documented == {k for k, _t, _d in all_keys()}


@pytest.mark.parametrize("body, key, words", [
    ("extends: print\npage:\n  margn_top: 1in\n", "page.margn_top", "did you mean 'page.margin_top'"),
    ("extends: print\ncolumns:\n  count: two\n", "columns.count", "whole number"),
    ("extends: print\ncolumns:\n  count: 12\n", "columns.count", "72 pt"),
    ("extends: print\npage:\n  margin_inner: 5in\n  margin_outer: 4in\n", "page.margin_inner", "no room"),
    ("extends: print\npage:\n  margin_top: -1in\n", "page.margin_top", "negative"),
    ("extends: print\ncolors:\n  accent: blue\n", "colors.accent", "cmyk("),
    ("extends: print\nfonts:\n  text: Comic.ttf\n", "fonts.text", "no font file"),
    ("extends: nosuch\n", "extends", "available layouts: print, web"),
    ("extends: print\nsidebar: true\n", "sidebar", "unknown layout key"),
])
def test_bad_layout_is_one_clear_error(tmp_path: Path, body: str, key: str, words: str) -> None:
    from conftest import SAMPLE

    layout = tmp_path / "bad.yaml"
    layout.write_text(body, encoding="utf-8")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--layout", str(layout), "-o", str(out)])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "Traceback" not in message and len(message.splitlines()) == 1
    assert "bad.yaml" in message and f"'{key}'" in message and words in message, message
    assert not out.exists()


def test_unknown_layout_name_lists_the_available_ones(tmp_path: Path) -> None:
    from conftest import SAMPLE

    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--layout", "glossy", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "unknown layout 'glossy'" in result.output and "print, web" in result.output


# -- PDF/X-4 -------------------------------------------------------------------------------------

def test_output_intent_makes_a_pdfx4_file(tmp_path: Path, photo_brief: Path) -> None:
    (tmp_path / "press.icc").write_bytes(iccgen.cmyk_profile())
    layout = tmp_path / "press.yaml"
    layout.write_text("extends: print\noutput:\n  output_intent: press.icc\n  output_condition: TEST39\n",
                      encoding="utf-8")
    result = build(photo_brief, layout=str(layout), output=tmp_path / "x.pdf")
    reader = PdfReader(str(result.pdf))
    root = reader.trailer["/Root"]
    intents = root["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "TEST39"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data()[36:40] == b"acsp"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    assert reader.metadata["/Trapped"] == "/False"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert b"Pictures" in xmp
    assert all(im["/ColorSpace"] == "/DeviceCMYK" for im in images(reader))
    assert reader.pdf_header >= "%PDF-1.6"


def test_output_intent_must_be_a_cmyk_profile(tmp_path: Path) -> None:
    from conftest import SAMPLE

    (tmp_path / "fake.icc").write_bytes(b"not a profile" * 20)
    layout = tmp_path / "press.yaml"
    layout.write_text("extends: print\noutput:\n  output_intent: fake.icc\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--layout", str(layout), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "not a CMYK ICC profile" in result.output
