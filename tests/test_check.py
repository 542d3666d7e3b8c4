"""`briefpress check`: passes the sample brief, fails each rule on a PDF made to break it, never crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import check_pdfs as make
from briefpress.check import preflight
from briefpress.cli import main


def ids(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.id for r in report.results if r.severity == "error"}


@pytest.fixture(scope="module")
def web_sample(tmp_path_factory: pytest.TempPathFactory, sample_pdf: Path) -> Path:
    from conftest import ROOT, SAMPLE

    from briefpress.pipeline import build

    if not (ROOT / "layouts" / "web.yaml").is_file():
        pytest.skip("no web layout yet")
    out = tmp_path_factory.mktemp("web") / "web.pdf"
    build(SAMPLE, layout="web", output=out)
    return out


def test_sample_print_passes(sample_pdf: Path) -> None:
    report = preflight(sample_pdf)
    assert report.profile == "print"  # chosen because the pages have TrimBoxes
    assert report.ok, "\n".join(map(str, report.results))
    assert report.errors == 0 and report.pages and report.pages % 2 == 0


def test_sample_web_passes(web_sample: Path) -> None:
    report = preflight(web_sample)
    assert report.profile == "web"
    assert report.ok, "\n".join(map(str, report.results))


def test_web_pdf_fails_as_print(web_sample: Path) -> None:
    assert {"print-trimbox", "print-bleedbox", "print-no-rgb"} <= ids(preflight(web_sample, "print"))


def test_made_pdfs_pass_when_nothing_is_broken(tmp_path: Path) -> None:
    assert preflight(make.print_pdf(tmp_path / "p.pdf")).ok
    assert preflight(make.web_pdf(tmp_path / "w.pdf")).ok


def test_unembedded_font(tmp_path: Path) -> None:
    report = preflight(make.print_pdf(tmp_path / "helvetica.pdf", helvetica=True))
    (result,) = [r for r in report.results if r.id == "font-embedded"]
    assert result.severity == "error" and "Helvetica" in result.message and result.page == 1


def test_rgb_image_in_print(tmp_path: Path) -> None:
    from PIL import Image

    pdf = make.print_pdf(tmp_path / "rgb.pdf", image=Image.new("RGB", (400, 400), (200, 0, 0)))
    report = preflight(pdf)
    assert ids(report) == {"print-no-rgb"}
    assert any("image" in r.message and r.page == 1 for r in report.results)


def test_rgb_text_colour_in_print(tmp_path: Path) -> None:
    assert ids(preflight(make.print_pdf(tmp_path / "rgbtext.pdf", rgb_text=True))) == {"print-no-rgb"}


def test_low_resolution_image(tmp_path: Path) -> None:
    from PIL import Image

    pdf = make.print_pdf(tmp_path / "lowres.pdf", image=Image.new("CMYK", (72, 72), (0, 60, 0, 0)), placed=72)
    report = preflight(pdf)
    assert ids(report) == {"print-image-ppi"}
    assert "72 ppi" in report.results[0].message


def test_image_at_300_ppi_passes(tmp_path: Path) -> None:
    from PIL import Image

    pdf = make.print_pdf(tmp_path / "hires.pdf", image=Image.new("CMYK", (300, 300), (0, 60, 0, 0)), placed=72)
    assert preflight(pdf).ok


def test_missing_trimbox(tmp_path: Path) -> None:
    report = preflight(make.print_pdf(tmp_path / "notrim.pdf", trim_on=(1,)))
    assert report.profile == "print"
    trim = [r for r in report.results if r.id == "print-trimbox"]
    assert trim and trim[0].page == 2


def test_no_trimbox_anywhere_checks_as_web_unless_told(tmp_path: Path) -> None:
    pdf = make.print_pdf(tmp_path / "notrim.pdf", trim_on=())
    assert preflight(pdf).profile == "web"
    assert {"print-trimbox", "print-bleedbox"} <= ids(preflight(pdf, "print"))


def test_text_too_close_to_the_trim_edge(tmp_path: Path) -> None:
    body = preflight(make.print_pdf(tmp_path / "edge.pdf", edge_text="body"))
    assert ids(body) == {"print-text-safe-area"}
    folio = preflight(make.print_pdf(tmp_path / "folio.pdf", edge_text="folio"))
    assert folio.ok and any(r.id == "print-text-safe-area" for r in folio.results)  # small type: a warning


def test_odd_page_count(tmp_path: Path) -> None:
    assert ids(preflight(make.print_pdf(tmp_path / "odd.pdf", pages=3))) == {"page-count-even"}


def test_broken_goto_link(tmp_path: Path) -> None:
    pdf = make.add_link(make.web_pdf(tmp_path / "goto.pdf"), {"/S": "/GoTo", "/D": "nowhere"})
    report = preflight(pdf)
    assert ids(report) == {"web-links"}
    assert "nowhere" in report.results[0].message


def test_uri_without_scheme(tmp_path: Path) -> None:
    pdf = make.add_link(make.web_pdf(tmp_path / "uri.pdf"), {"/S": "/URI", "/URI": "www.example.org"})
    report = preflight(pdf)
    assert ids(report) == {"web-links"}
    assert "https://www.example.org" in report.results[0].message  # says how to fix it


def test_web_without_outline_or_links(tmp_path: Path) -> None:
    report = preflight(make.web_pdf(tmp_path / "bare.pdf", outline=False, links=False))
    assert ids(report) == {"web-outline"}
    assert any(r.id == "web-links" and r.severity == "warning" for r in report.results)


def test_note_on_the_page_of_its_reference(tmp_path: Path) -> None:
    same = preflight(make.notes_pdf(tmp_path / "same.pdf", note_page=1))
    assert not [r for r in same.results if r.id == "notes-on-page"]
    report = preflight(make.notes_pdf(tmp_path / "off.pdf", note_page=2))
    (result,) = [r for r in report.results if r.id == "notes-on-page"]
    assert result.severity == "error"
    assert result.page == 1 and "note 1 is on page 2" in result.message


def test_blank_page_is_a_warning_but_a_page_without_text_fails(tmp_path: Path) -> None:
    blank = preflight(make.blank_page_pdf(tmp_path / "blank.pdf"))
    assert blank.ok
    assert [(r.id, r.page) for r in blank.results] == [("text-extractable", 2)]
    graphic = preflight(make.blank_page_pdf(tmp_path / "graphic.pdf", graphic_only=True))
    assert ids(graphic) == {"text-extractable"}


BAD_FILES = {
    "garbage": lambda p, src: p.write_bytes(bytes(range(256)) * 20),
    "truncated": lambda p, src: p.write_bytes(src.read_bytes()[: src.stat().st_size // 2]),
    "png": lambda p, src: p.write_bytes(make.png_bytes()),
    "empty": lambda p, src: p.write_bytes(b""),
    "encrypted": lambda p, src: make.encrypted(src, p),
    "no-xref": lambda p, src: p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"),
}


@pytest.mark.parametrize("kind", [*BAD_FILES, "directory", "missing"])
def test_unreadable_files_are_one_line_errors(tmp_path: Path, kind: str) -> None:
    target = tmp_path / f"{kind}.pdf"
    if kind == "directory":
        target.mkdir()
    elif kind in BAD_FILES:
        BAD_FILES[kind](target, make.web_pdf(tmp_path / "source.pdf"))
    report = preflight(target)
    assert not report.ok and [r.id for r in report.results] == ["pdf-readable"]
    result = CliRunner().invoke(main, ["check", str(target)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "[pdf-readable]" in lines[0] and str(target) in lines[0]


def test_damaged_pdfs_never_crash(tmp_path: Path) -> None:
    import random

    data = make.print_pdf(tmp_path / "src.pdf", image=None).read_bytes()
    rng = random.Random(7)
    target = tmp_path / "damaged.pdf"
    for _ in range(25):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        target.write_bytes(bytes(damaged))
        report = preflight(target)  # must not raise
        assert all(r.severity in ("error", "warning") for r in report.results)


def test_cli_exit_codes_and_text(sample_pdf: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check", str(sample_pdf)])
    assert ok.exit_code == 0, ok.output
    assert "OK (print profile" in ok.output
    bad = runner.invoke(main, ["check", str(make.print_pdf(tmp_path / "h.pdf", helvetica=True))])
    assert bad.exit_code == 1
    assert "[font-embedded]" in bad.output and "FAILED" in bad.output


def test_json_output_is_the_documented_structure(tmp_path: Path) -> None:
    pdf = make.print_pdf(tmp_path / "h.pdf", helvetica=True)
    result = CliRunner().invoke(main, ["check", str(pdf), "--json", "--profile", "print"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"schema", "file", "profile", "pages", "ok", "errors", "warnings", "rules", "results"}
    assert data["schema"] == 1 and data["profile"] == "print" and data["pages"] == 2 and data["ok"] is False
    assert data["errors"] == 1 and "font-embedded" in data["rules"]
    assert data["results"] == [{"id": "font-embedded", "severity": "error", "page": 1,
                                "message": data["results"][0]["message"]}]
    missing = json.loads(CliRunner().invoke(main, ["check", str(tmp_path / "nope.pdf"), "--json"]).stdout)
    assert missing["pages"] is None and missing["results"][0]["id"] == "pdf-readable"


def test_result_lines_say_where(tmp_path: Path) -> None:
    report = preflight(make.print_pdf(tmp_path / "h.pdf", helvetica=True))
    line = str(report.results[0])
    assert line.startswith("page 1: error: font Helvetica") and line.endswith("[font-embedded]")
    assert "\n" not in line
