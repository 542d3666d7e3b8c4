"""What the speed work must not change: the preflight's own content-stream reader gives the walker what
pypdf's does; reading a manuscript stays linear in its notes; the archive build's order is fixed.
(The speed targets themselves are in bench/, not in timed tests.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpress.check.content import Walker
from briefpress.check.opener import open_reader, quiet_pypdf
from briefpress.check.tokens import ContentSyntaxError, operations

from conftest import ROOT

TYPST = ROOT / "tests" / "fixtures" / "other-tools" / "typst-tagged.pdf"


def walk_both(pdf: Path) -> tuple[list, list]:
    with quiet_pypdf():
        reader = open_reader(pdf)
        return ([Walker(reader, "pypdf").walk(p) for p in reader.pages],
                [Walker(reader, "fast").walk(p) for p in reader.pages])


@pytest.mark.parametrize("which", ["sample_pdf", "web_pdf"])
def test_fast_content_reader_gives_the_same_records_as_pypdf(which: str, request: pytest.FixtureRequest) -> None:
    slow, fast = walk_both(request.getfixturevalue(which))
    assert fast == slow
    assert all(page.mcids for page in fast) and not any(page.unmarked or page.mark_problems for page in fast)


def test_fast_content_reader_on_another_tools_pdf() -> None:
    """Typst writes hex strings for two-byte fonts; pypdf's ContentStream hands those back with a stray
    byte-order mark (its text reads '\ufffdA heading'), the tokenizer reads the bytes as written."""
    slow, fast = walk_both(TYPST)
    for s, f in zip(slow, fast, strict=True):
        for name in ("images", "colours", "fills", "painted", "mcids", "unmarked", "unmarked_count", "mark_problems"):
            assert getattr(f, name) == getattr(s, name), name
        assert [r.text for r in f.runs] == [r.text.replace("\ufffd", "") for r in s.runs]
    assert fast[0].runs[0].text == "A heading"


def test_tokenizer_reads_pdf_syntax() -> None:
    data = (b"% a comment\n/P <</MCID 3 /Alt (x)>> BDC q 1 0 0 1 -2.5 .5 cm\n"
            b"BT /F1#2B0 9 Tf [(a\\(b\\)) -250 (c(d)e) <0041 42>] TJ (\\101\\n\\\nz) Tj ET Q EMC\n"
            b"/Artifact BMC 0 0 1 1 re f EMC BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI Q true false null n")
    ops = operations(data)
    assert [op for _o, op in ops] == [b"BDC", b"q", b"cm", b"BT", b"Tf", b"TJ", b"Tj", b"ET", b"Q", b"EMC", b"BMC",
                                      b"re", b"f", b"EMC", b"INLINE IMAGE", b"Q", b"n"]
    assert ops[0][0] == ["/P", {"/MCID": 3, "/Alt": b"x"}]
    assert ops[2][0] == [1, 0, 0, 1, -2.5, 0.5]
    assert ops[4][0] == ["/F1+0", 9]
    assert ops[5][0] == [[b"a(b)", -250, b"c(d)e", b"\x00AB"]]
    assert ops[6][0] == [b"A\nz"]
    assert ops[14][0]["settings"] == {"/W": 2, "/H": 1, "/CS": "/G", "/BPC": 8}
    assert ops[14][0]["data"] == b"\x00\xff"
    assert ops[16][0] == [True, False, None]
    for bad in (b"[1 2", b"1 2]", b"<</A 1] >>", b"(open", b"[1 Tj]"):
        with pytest.raises(ContentSyntaxError):
            operations(bad)


def test_reading_600_notes_looks_each_definition_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each note's definition line used to be found by scanning every line (quadratic in the notes); now
    one pass indexes them all, and the lines are still right."""
    import briefpress.source.markdown as md
    from briefpress.errors import Warnings

    calls = []
    real = md._definition_lines
    monkeypatch.setattr(md, "_definition_lines", lambda lines: calls.append(len(lines)) or real(lines))
    n = 600
    body = "\n\n".join(f"Sentence {i} cites a note.[^n{i}]" for i in range(n))
    notes = "\n\n".join(f"[^n{i}]: Note {i}." for i in range(n))
    text = body + "\n\n" + notes + "\n"
    parsed = md.parse_body(text, Path("brief.md"), "en-US", Warnings())
    assert len(calls) == 1
    assert len(parsed.notes) == n
    first_note_line = 2 * n + 1
    lines = sorted(note.line for note in parsed.notes.values())
    assert lines == [first_note_line + 2 * i for i in range(n)]


def test_archive_build_reports_in_a_fixed_order(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from briefpress.pipeline import build_all

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1138752000")
    content = tmp_path / "content"
    for name in ("b-second", "a-first"):
        shutil.copytree(ROOT / "content" / "in-focus-2006-02", content / name)
    code = build_all(content, ["print", "web"], tmp_path / "build", proofs=False, jobs=2)
    assert code == 0
    wrote = [line for line in capsys.readouterr().out.splitlines() if line.startswith("wrote")]
    assert wrote == [f"wrote {tmp_path / 'build' / name}.pdf (6 pages, layout {layout})"
                     for name, layout in (("a-first", "print"), ("a-first-web", "web"),
                                          ("b-second", "print"), ("b-second-web", "web"))]


def test_builds_from_the_font_and_pattern_caches_write_the_same_bytes(tmp_path: Path) -> None:
    """The first build parses fonts, kerning and hyphenation patterns and fills the cache; the second reads
    them from it: the two PDFs are byte-identical."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1138752000", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    outs = []
    for k in range(2):
        out = tmp_path / f"{k}.pdf"
        subprocess.run([sys.executable, "-m", "briefpress", "build", str(ROOT / "content" / "in-focus-2006-02"),
                        "-o", str(out), "--no-check"], cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=120)
        outs.append(out.read_bytes())
        if k == 0:
            cached = sorted(p.suffix for p in (tmp_path / "cache" / "briefpress").rglob("*.marshal"))
            assert len(cached) >= 8, cached  # fonts, kerning, patterns
    assert outs[0] == outs[1]


def test_fast_path_reads_what_the_general_reader_reads(sample_pdf: Path) -> None:
    """Streams ReportLab writes take the one-pass path; what only the general reader handles (a nested
    string, an inline image) falls back to it, with the same result either way."""
    from briefpress.check.tokens import _fast_operations, _general_operations, _Slow, page_data

    with quiet_pypdf():
        reader = open_reader(sample_pdf)
        for page in reader.pages:
            data = page_data(page)
            assert _fast_operations(data) == _general_operations(data)
    for data in (b"BT (c(d)e) Tj ET", b"BI /W 1 /H 1 ID \x00 EI Q", b"[1 2", b"1 2 ] re"):
        with pytest.raises(_Slow):
            _fast_operations(data)
    tricky = b"/P <</MCID 3>> BDC [(a\\)) -2 <41 42>] TJ (x\\\ny) Tj /N#20x 1.5 -.5 Td EMC \n \t"
    assert _fast_operations(tricky) == _general_operations(tricky)


def test_a_damaged_cache_file_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The compressed press profile comes from the cache; a damaged cache file is not embedded."""
    from briefpress.cache import cached_bytes

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []

    def make() -> bytes:
        made.append(1)
        return b"profile bytes" * 100

    assert cached_bytes("x.z", make) == b"profile bytes" * 100
    assert cached_bytes("x.z", make) == b"profile bytes" * 100 and len(made) == 1  # from the cache
    path = tmp_path / "briefpress" / "x.z"
    path.write_bytes(path.read_bytes()[:-7])  # cut short, as a full disk or a crash might leave it
    assert cached_bytes("x.z", make) == b"profile bytes" * 100 and len(made) == 2
