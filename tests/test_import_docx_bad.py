"""Word files `briefpress import` refuses: one line naming the file and the fix, exit 1, nothing written,
no traceback."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefpress.cli import main
from docxgen import make_docx, para

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "docx" / "in-focus-2006-02.docx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
ERROR_RE = re.compile(r"^(?P<path>.+?): error: (?P<msg>.+?) \(hint: (?P<hint>.+)\)$")


def with_part(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(FIXTURE) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        dst.writestr(name, data)
    return buf.getvalue()


def corrupt_member() -> bytes:
    data = bytearray(FIXTURE.read_bytes())
    at = data.find(b"word/document.xml") + 200  # inside the compressed document, before the central directory
    data[at:at + 40] = bytes(40)
    return bytes(data)


def no_body(tmp_path: Path) -> bytes:
    return make_docx(tmp_path / "src.docx", [para("Only a Title", style="Title"), para(), para("")]).read_bytes()


CASES = {
    "text file": ("notes.txt", lambda tmp: b"just some text\n", "is not a Word .docx file", "Save As"),
    "empty docx": ("brief.docx", lambda tmp: b"", "the file is empty", "save the manuscript"),
    "not a zip": ("brief.docx", lambda tmp: b"%PDF-1.4 not a word file", "the Word file is damaged", "new copy"),
    "truncated zip": ("brief.docx", lambda tmp: FIXTURE.read_bytes()[:3000], "the Word file is damaged", "new copy"),
    "corrupt member": ("brief.docx", lambda tmp: corrupt_member(), "the Word file is damaged", "new copy"),
    "password": ("brief.docx", lambda tmp: OLE + "EncryptedPackage".encode("utf-16-le") + bytes(64),
                 "password-protected", "Encrypt with Password"),
    "old doc": ("brief.doc", lambda tmp: OLE, "old Word 97-2003 document (.doc)", "Save As"),
    "docm name": ("brief.docm", lambda tmp: FIXTURE.read_bytes(), "macro-enabled", "without macros"),
    "vba inside": ("brief.docx", lambda tmp: with_part("word/vbaProject.bin", b"macros"), "macro-enabled",
                   "without macros"),
    "zip not word": ("brief.docx", lambda tmp: _zip({"hello.txt": b"hi"}), "not a Word document", "Save As"),
    "bad xml": ("brief.docx", lambda tmp: with_part("word/document.xml", b"<w:document"), "damaged", "new copy"),
    "no body text": ("brief.docx", no_body, "has no body text", "write the brief's text"),
}


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("case", list(CASES))
def test_bad_word_file_is_one_line_exit_1_nothing_written(case: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    name, make, message, hint = CASES[case]
    work = tmp_path / "work"
    work.mkdir()
    (work / name).write_bytes(make(tmp_path))
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["import", name], env={"BRIEFPRESS_DEBUG": None})
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    m = ERROR_RE.match(lines[0])
    assert m and m.group("path") == name, lines[0]
    assert message in m.group("msg") and hint in m.group("hint"), lines[0]
    assert "Traceback" not in result.output and result.stdout == ""
    assert sorted(p.name for p in work.iterdir()) == [name]  # no content/ folder, no temporary folder


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(tmp_path / "nope.docx"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{tmp_path / 'nope.docx'}: error: file not found "
                                          "(hint: check the name and the folder)"]
    assert not (tmp_path / "out").exists()


def test_a_failed_import_with_force_keeps_the_existing_brief(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.md").write_text("the good brief\n", encoding="utf-8")
    (tmp_path / "bad.docx").write_bytes(FIXTURE.read_bytes()[:3000])
    result = CliRunner().invoke(main, ["import", str(tmp_path / "bad.docx"), "-o", str(out), "--force"])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert (out / "brief.md").read_text(encoding="utf-8") == "the good brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx", "out"]


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(FIXTURE), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{tmp_path / 'out'}: error: the output is a file, not a folder "
                                          "(hint: give a folder with -o, e.g. -o content/my-brief)"]


def test_output_named_as_a_markdown_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(FIXTURE), "-o", str(tmp_path / "x" / "brief.md")])
    assert result.exit_code == 0 and (tmp_path / "x" / "brief.md").is_file()
    result = CliRunner().invoke(main, ["import", str(FIXTURE), "-o", str(tmp_path / "y.md")])
    assert result.exit_code == 1 and not (tmp_path / "y.md").exists()
    assert result.stderr.splitlines() == [f"{tmp_path / 'y.md'}: error: the output must be a brief folder, not a file "
                                          "(hint: give a folder with -o, e.g. -o content/my-brief; brief.md is "
                                          "written inside it)"]
