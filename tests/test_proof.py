"""`briefpress proof`: page images, contact sheet, report and visual diff of a built brief."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

import check_pdfs as make
from briefpress.cli import main
from briefpress.proof import make_proof

DPI = 30  # small images keep the suite fast


def _pixels(points: float) -> set[int]:
    exact = points * DPI / 72
    return {math.floor(exact), math.ceil(exact), round(exact)}


def _not_blank(path: Path) -> bool:
    from PIL import Image

    with Image.open(path) as im:
        grey = im.convert("L")
        dark = sum(grey.histogram()[:128])
        return grey.getextrema()[0] < 100 and dark > 0.005 * grey.width * grey.height


@pytest.fixture(scope="module")
def print_proof(sample_pdf: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_proof(sample_pdf, tmp_path_factory.mktemp("proof") / "nested" / "out", dpi=DPI, guides=True)


def test_every_page_is_rendered_at_mediabox_size(print_proof, sample_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from pypdf import PdfReader

    reader = PdfReader(str(sample_pdf))
    assert [p.name for p in print_proof.pages] == [f"page-{n:03d}.png" for n in range(1, len(reader.pages) + 1)]
    for path, page in zip(print_proof.pages, reader.pages):
        with Image.open(path) as im:
            assert im.width in _pixels(float(page.mediabox.width))
            assert im.height in _pixels(float(page.mediabox.height))
        assert _not_blank(path), path.name


def test_contact_sheet_and_report(print_proof, sample_pdf: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from pypdf import PdfReader

    out = print_proof.out_dir
    with Image.open(out / "contact-sheet.png") as sheet:
        assert sheet.width > 200 and sheet.height > 100
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'src="contact-sheet.png"' in html and 'src="page-001.png"' in html
    assert str(out) not in html  # relative links only: the folder can be moved
    assert "Preflight" in html and "OK" in html
    stats = PdfReader(str(sample_pdf)).metadata.get("/BriefpressStats")
    if stats is None:
        assert "not recorded" in html
    else:
        key = next(iter(json.loads(str(stats))))
        assert f"<th>{key}</th>" in html
    meta = json.loads((out / "proof.json").read_text())
    assert meta["dpi"] == DPI and meta["guides"] is True


def test_spreads_are_as_a_reader_holds_them() -> None:
    from briefpress.proof.contact import spreads

    assert spreads(6) == [(None, 1), (2, 3), (4, 5), (6, None)]
    assert spreads(5) == [(None, 1), (2, 3), (4, 5)]


def test_web_page_is_letter_at_chosen_resolution(tmp_path: Path) -> None:
    from PIL import Image

    result = make_proof(make.web_pdf(tmp_path / "w.pdf"), tmp_path / "out", dpi=DPI)
    with Image.open(result.pages[0]) as im:
        assert im.size == (round(612 * DPI / 72), round(792 * DPI / 72))
    assert result.diff is None and result.preflight.ok


def _proof_of_brief(brief_dir: Path, tmp_path: Path, name: str, change: tuple[str, str] | None = None):  # type: ignore[no-untyped-def]
    from briefpress.pipeline import build

    if change:
        md = brief_dir / "brief.md"
        text = md.read_text(encoding="utf-8")
        assert text.count(change[0]) == 1
        md.write_text(text.replace(*change), encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    build(brief_dir, layout="print", output=pdf)
    return pdf


def test_diff_finds_a_one_word_change(sample_pdf: Path, brief_dir: Path, tmp_path: Path) -> None:
    before = make_proof(sample_pdf, tmp_path / "before", dpi=DPI)
    changed = _proof_of_brief(brief_dir, tmp_path, "changed", ("The dominant neo-liberal", "The prevailing neo-liberal"))
    after = make_proof(changed, tmp_path / "after", dpi=DPI, against=before.out_dir)
    diff = after.diff
    assert diff is not None and 2 in diff.changed_pages  # the word is on page 2
    page2 = diff.pages[1]
    assert 0 < page2.changed < 0.2 and (tmp_path / "after" / page2.image).is_file()
    assert diff.added == () and diff.removed == ()
    data = json.loads((tmp_path / "after" / "diff.json").read_text())
    assert 2 in data["changed_pages"] and data["pages"][1]["changed_pixels"] == page2.changed_pixels
    assert "Changes" in (tmp_path / "after" / "index.html").read_text(encoding="utf-8")


def test_identical_rebuild_shows_no_change(sample_pdf: Path, brief_dir: Path, tmp_path: Path) -> None:
    again = _proof_of_brief(brief_dir, tmp_path, "again")
    result = make_proof(again, tmp_path / "again", dpi=DPI, against=sample_pdf)  # against a PDF, not a proof
    assert result.diff is not None and result.diff.changed_pages == []
    assert all(p.changed_pixels == 0 for p in result.diff.pages)
    assert not list((tmp_path / "again").glob("diff-*.png"))


def test_added_pages_are_reported(tmp_path: Path) -> None:
    two = make_proof(make.web_pdf(tmp_path / "two.pdf", pages=2), tmp_path / "two", dpi=DPI)
    four = make_proof(make.web_pdf(tmp_path / "four.pdf", pages=4), tmp_path / "four", dpi=DPI, against=two.out_dir)
    assert four.diff is not None and four.diff.added == (3, 4) and four.diff.removed == ()
    back = make_proof(make.web_pdf(tmp_path / "two.pdf", pages=2), tmp_path / "back", dpi=DPI,
                      against=four.out_dir)
    assert back.diff is not None and back.diff.removed == (3, 4)


def test_cli_proof_writes_report_and_shows_progress(sample_pdf: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["proof", str(sample_pdf), "-o", str(tmp_path / "p"), "--dpi", str(DPI)])
    assert result.exit_code == 0, result.output
    assert "index.html" in result.stdout
    assert "rendering" in result.stderr  # the progress bar: the sample has more than 4 pages
    short = CliRunner().invoke(main, ["proof", str(make.web_pdf(tmp_path / "w.pdf")), "-o", str(tmp_path / "q"),
                                      "--dpi", str(DPI)])
    assert short.exit_code == 0 and "rendering" not in short.stderr


@pytest.mark.parametrize("kind", ["garbage", "truncated", "png", "directory", "missing", "encrypted"])
def test_bad_input_is_a_one_line_error(tmp_path: Path, kind: str) -> None:
    source = make.web_pdf(tmp_path / "source.pdf")
    target = tmp_path / f"{kind}.pdf"
    if kind == "garbage":
        target.write_bytes(bytes(range(256)) * 20)
    elif kind == "truncated":
        target.write_bytes(source.read_bytes()[:4000])
    elif kind == "png":
        target.write_bytes(make.png_bytes())
    elif kind == "directory":
        target.mkdir()
    elif kind == "encrypted":
        make.encrypted(source, target)
    result = CliRunner().invoke(main, ["proof", str(target), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(target) in lines[0] and "error" in lines[0]


def test_bad_against_is_a_one_line_error(sample_pdf: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["proof", str(sample_pdf), "-o", str(tmp_path / "out"), "--dpi", str(DPI),
                                       "--against", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "page-NNN.png" in result.output and "Traceback" not in result.output
