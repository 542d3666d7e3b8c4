"""`briefpress import` on Word files, through the real CLI.

The pandoc fixture (tests/fixtures/docx/, made by tools/make_docx_fixtures.py
from the sample brief) is imported once and built once: the brief.md must
carry the sample's front matter, headings, notes and figures, and the PDF the
sample's words.  Small documents written by tests/docxgen.py cover the body
features (endnotes, lists, tables, quotes), the hygiene warnings and the
style map.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from pypdf import PdfReader

from briefpress.cli import main


ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "docx" / "in-focus-2006-02.docx"
ORIGINAL = ROOT / "content" / "in-focus-2006-02" / "brief.md"
ALT_TEXT = "Bar chart: U.S. trade with Canada and Mexico rises from 343 to 790 billion dollars between 1994 and 2005"
DEFAULTS = """\
series: "In Focus"
publisher: "Immigration Policy Center"
division: "A division of the American Immigration Law Foundation"
contact: ["918 F Street, NW, 6th Floor; Washington, DC 20004"]
"""
WARNING_RE = re.compile(r"^(?P<where>.+?): (?:key '(?P<key>[^']+)': )?warning: (?P<msg>.+?) \(hint: (?P<hint>.+)\)$")


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env={"BRIEFPRESS_DEBUG": None})


def split_brief(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def note_texts(body: str) -> list[str]:
    return [m.group(2) for m in re.finditer(r"^\[\^(\d+)\]: (.*)$", body, re.M)]


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9]+", text.lower()))


def recall(original: Counter[str], got: Counter[str]) -> float:
    return sum(min(n, got[w]) for w, n in original.items()) / sum(original.values())


def original_words() -> Counter[str]:
    front, body = split_brief(ORIGINAL)
    body = re.sub(r"\[\^\d+\]:?", " ", body)
    body = re.sub(r"\]\([^)]*\)", " ", body)  # figure paths and their "line" title
    return words(f"{front['title']} {front['abstract']} {body}")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    root = tmp_path_factory.mktemp("import")
    (root / "house.yaml").write_text(DEFAULTS, encoding="utf-8")
    result = invoke("import", FIXTURE, "-o", root / "brief", "--defaults", root / "house.yaml")
    return root / "brief", result


@pytest.fixture(scope="module")
def built(imported: tuple[Path, Result]) -> Path:
    folder, _ = imported
    os.environ["SOURCE_DATE_EPOCH"] = "1138752000"
    pdf = folder.parent / "imported.pdf"
    result = invoke("build", folder, "-o", pdf)
    assert result.exit_code == 0, result.output
    return pdf


# ---------------------------------------------------------------- the pandoc fixture

def test_import_succeeds_and_says_what_it_wrote(imported: tuple[Path, Result]) -> None:
    folder, result = imported
    assert result.exit_code == 0, result.output
    assert f"wrote {folder / 'brief.md'} (5 headings, 23 notes, 2 figures)" in result.stdout
    assert "Traceback" not in result.output


def test_front_matter_from_word_styles_and_defaults(imported: tuple[Path, Result]) -> None:
    front, _ = split_brief(imported[0] / "brief.md")
    original, _ = split_brief(ORIGINAL)
    assert front["title"] == original["title"]
    assert front["subtitle"] == "Why a labor accord belongs in North American integration"
    assert front["authors"] == ["Immigration Policy Center staff"]
    assert front["date"] == "February 2006"
    assert front["abstract"] == original["abstract"]
    assert front["publisher"] == "Immigration Policy Center"  # from --defaults
    assert front["division"] == original["division"]


def test_same_headings_as_the_original(imported: tuple[Path, Result]) -> None:
    _, body = split_brief(imported[0] / "brief.md")
    _, original = split_brief(ORIGINAL)
    assert re.findall(r"^#+ .*$", body, re.M) == re.findall(r"^#+ .*$", original, re.M)


def test_same_notes_in_the_same_order(imported: tuple[Path, Result]) -> None:
    _, body = split_brief(imported[0] / "brief.md")
    _, original = split_brief(ORIGINAL)
    assert note_texts(body) == note_texts(original)
    refs = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    assert refs == list(range(1, 24))


def test_figures_with_captions_alt_text_and_image_files(imported: tuple[Path, Result]) -> None:
    folder, _ = imported
    _, body = split_brief(folder / "brief.md")
    _, original = split_brief(ORIGINAL)
    captions = re.findall(r"^!\[(.*)\]\(figures/figure-\d\.csv", original, re.M)
    assert re.findall(r"^!\[(.*)\]\((figures/figure-\d\.png)\)(?:\{alt=\"[^\"]*\"\})?$", body, re.M) == [
        (captions[0], "figures/figure-1.png"), (captions[1], "figures/figure-2.png")]
    assert f'(figures/figure-1.png){{alt="{ALT_TEXT}"}}\n' in body
    assert body.count("{alt=") == 1  # figure 2's alt text is its caption: nothing to carry over
    with zipfile.ZipFile(FIXTURE) as zf:
        media = sorted(zf.read(n) for n in zf.namelist() if n.startswith("word/media/"))
    files = sorted((folder / "figures").iterdir())
    assert [f.name for f in files] == ["figure-1.png", "figure-2.png"]
    assert sorted(f.read_bytes() for f in files) == media


def test_body_words_quotes_and_dashes_kept(imported: tuple[Path, Result]) -> None:
    _, body = split_brief(imported[0] / "brief.md")
    body = re.sub(r"\[\^\d+\]:?", " ", body)
    assert "“comprehensive strategy”" in body and "integration—the" not in body  # abstract is in the YAML
    assert "boundary—and includes" in body and "North America’s collective" in body
    assert "prevent\\[ing\\]" in body  # a literal bracket stays literal
    front, _ = split_brief(imported[0] / "brief.md")
    assert recall(original_words(), words(f"{front['title']} {front['abstract']} {body}")) >= 0.995


def test_imported_brief_builds_with_the_original_words_and_notes(built: Path) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(built).pages)
    text = re.sub(r"(\w)[-\xad]\n(\w)", r"\1\2", text)  # words hyphenated at a line end (a soft hyphen)
    assert recall(original_words(), words(text)) >= 0.99
    for note in ("Doris Meissner, “A New Deal with Mexico,”", "Joseph Stiglitz, Globalization and its Discontents"):
        assert " ".join(note.split()) in " ".join(text.split())
    assert "NAFTA, North American Economic Integration" in text


def test_without_defaults_the_build_names_the_missing_key(tmp_path: Path) -> None:
    result = invoke("import", FIXTURE, "-o", tmp_path / "b")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and WARNING_RE.match(lines[0]) and "key 'publisher'" in lines[0]
    assert "# TODO publisher:" in (tmp_path / "b" / "brief.md").read_text(encoding="utf-8")
    build = invoke("build", tmp_path / "b", "-o", tmp_path / "b.pdf")
    assert build.exit_code == 1
    assert build.stderr.strip().splitlines() == [
        f"{tmp_path / 'b' / 'brief.md'}:2: key 'publisher': error: missing required front-matter key 'publisher' "
        "(hint: add a line 'publisher: …' to the front matter)"]


def test_default_folder_is_content_slug_and_is_never_overwritten(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("import", FIXTURE).exit_code == 0
    folder = tmp_path / "content" / "nafta-north-american-economic-integration-and-labor-migration"
    brief = folder / "brief.md"
    brief.write_text("edited by hand\n", encoding="utf-8")
    again = invoke("import", FIXTURE)
    assert again.exit_code == 1 and len(again.stderr.splitlines()) == 1
    assert "is already there and is not overwritten (hint: import with --force" in again.stderr
    assert brief.read_text(encoding="utf-8") == "edited by hand\n"
    (folder / "figures" / "stale.png").write_bytes(b"x")
    assert invoke("import", FIXTURE, "--force").exit_code == 0
    assert brief.read_text(encoding="utf-8").startswith("---\n")
    assert not (folder / "figures" / "stale.png").exists()
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == [folder.name]  # no temporary folders


def test_word_alt_text_reaches_the_tagged_pdf(built: Path) -> None:
    from pdftree import elements

    alts = [str(e.obj["/Alt"]) for e in elements(PdfReader(built)) if e.role == "/Figure"]
    assert alts[0] == ALT_TEXT
