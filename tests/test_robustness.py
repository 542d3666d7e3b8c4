"""Failures found from outside (issue 13), each through the CLI: exit 0 with a warning, or exit 1 with one
located line; never a traceback, never exit 3, never output left behind."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import iccgen
from briefpress.cli import main
from test_bad_input import (BODY, LINE_RE, OLD_PDF, assert_no_traceback, assert_untouched, expect_error, manuscript,
                            md_path, run_build, write_brief)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "in-focus-2006-02"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"BRIEFPRESS_DEBUG": None})
    assert_no_traceback(result)
    return result.exit_code, result.stdout, result.stderr


def build_ok(folder: Path, out: Path, *extra: str) -> str:
    code, _stdout, stderr = invoke("build", str(folder), "-o", str(out), *extra)
    assert code == 0, stderr
    return stderr


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


# ---------------------------------------------------------------- 1, 2, 16: front-matter values

@pytest.mark.parametrize(("value", "code"), [
    (r'"bell \a x"', "U+0007"), (r'"\0"', "U+0000"), (r'"escape \e"', "U+001B"), (r'"\uffff"', "U+FFFF"),
    (r'"next \x85 line"', "U+0085"), (r'"\U0010FFFF"', "U+10FFFF"),
])
def test_yaml_escapes_of_control_characters_are_located_errors(tmp_path: Path, value: str, code: str) -> None:
    folder = write_brief(tmp_path, manuscript({"title": value}))
    expect_error(folder, tmp_path, path=md_path(folder), line=2, key="title", says=(code,))


@pytest.mark.parametrize("key", ["title", "publisher", "abstract"])
def test_lone_surrogate_is_a_located_error(tmp_path: Path, key: str) -> None:
    folder = write_brief(tmp_path, manuscript({key: r'"\ud800 x"'}))
    line = {"title": 2, "publisher": 3, "abstract": 5}[key]
    expect_error(folder, tmp_path, path=md_path(folder), line=line, key=key, says=("surrogate", "U+D800"))


def test_control_character_in_a_list_item_names_its_line(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra='authors:\n  - "Jane Doe"\n  - "Bad \\a Name"\n'))
    expect_error(folder, tmp_path, path=md_path(folder), line=8, key="authors", says=("U+0007",))


def test_megabyte_cover_field_is_a_located_error(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript({"subtitle": '"' + "x" * 1_000_000 + '"'}))
    expect_error(folder, tmp_path, path=md_path(folder), line=6, key="subtitle", says=("characters long",))


def test_thousands_of_authors_is_a_located_error(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript({"authors": "[" + ", ".join(["a"] * 5000) + "]"}))
    expect_error(folder, tmp_path, path=md_path(folder), line=6, key="authors", says=("items",))


# ---------------------------------------------------------------- 3: the output is never an input

@pytest.mark.parametrize("target", ["brief.md", "figures/data.csv", "ours.yaml"])
def test_output_onto_an_input_is_refused(tmp_path: Path, target: str) -> None:
    body = "Opening text.\n\n![Figure 1: A chart](figures/data.csv)\n\nMore text.\n"
    folder = write_brief(tmp_path, manuscript(body=body), {"figures/data.csv": "year,value\n2000,1\n2001,2\n"})
    (folder / "ours.yaml").write_text("extends: print\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    out = folder / target
    code, stdout, stderr = invoke("build", str(folder), "-o", str(out), "--layout", str(folder / "ours.yaml"))
    assert code == 1 and stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{out}: error: the output would overwrite"), stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert leftovers(out.parent) == []


def test_output_onto_the_manuscript_through_another_path_is_refused(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript())
    (tmp_path / "link.pdf").symlink_to(folder / "brief.md")
    code, _out, stderr = invoke("build", str(folder), "-o", str(tmp_path / "link.pdf"))
    assert code == 1 and "would overwrite the manuscript" in stderr
    assert (folder / "brief.md").read_text(encoding="utf-8") == manuscript()


# ---------------------------------------------------------------- 4: a note cited inside a note

def test_note_cited_only_inside_a_note_is_set_after_it(tmp_path: Path) -> None:
    body = ("Opening text cites a note.[^a] Then another.[^c]\n\n"
            "[^a]: The first note cites a second.[^b]\n\n[^b]: Cited only in a note.\n\n[^c]: The third.\n")
    folder = write_brief(tmp_path, manuscript(body=body))
    for layout in ("print", "web"):
        out = tmp_path / f"{layout}.pdf"
        build_ok(folder, out, "--layout", layout)
        text = pdf_text(out).replace("f irst", "first")
        first, second, third = (text.index(s) for s in ("1. The first", "2. Cited only", "3. The third"))
        assert first < second < third, text
        assert "Then another.3" in text, text


def test_inline_notes_are_set(tmp_path: Path) -> None:
    body = "Opening text^[An inline note.] and a note.[^1]\n\n[^1]: A note with its own^[Inline, in a note.]\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    for layout in ("print", "web"):
        out = tmp_path / f"{layout}.pdf"
        build_ok(folder, out, "--layout", layout)
        text = pdf_text(out)
        assert "1. An inline note." in text and "3. Inline, in a note." in text, text


def test_note_cited_only_by_an_uncited_note_is_a_warning(tmp_path: Path) -> None:
    body = "Opening text.\n\n[^x]: Cites itself.[^x]\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    stderr = build_ok(folder, tmp_path / "o.pdf")
    assert re.search(r"brief\.md:10: warning: footnote \[\^x\] is cited only inside notes", stderr), stderr


# ---------------------------------------------------------------- 5, 6: write errors, temporary files

def _fail_open(monkeypatch: pytest.MonkeyPatch, folder: Path, err: int, on_write: bool = False,
               suffix: str = "") -> None:
    """Make every open() for writing in `folder` fail with `err` (at open, or at the first write)."""
    real_open = builtins.open

    class Full(io.BufferedWriter):
        def write(self, data):  # type: ignore[no-untyped-def]
            self.close()  # writers that fail mid-write do not always close (ReportLab does not)
            raise OSError(err, os.strerror(err))

    def fake(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if (isinstance(file, (str, Path)) and any(c in mode for c in "wax") and Path(file).parent == folder
                and str(file).endswith(suffix)):
            if on_write:
                return Full(real_open(file, "wb", buffering=0))
            raise OSError(err, os.strerror(err), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake)


@pytest.mark.parametrize(("err", "on_write", "cause"), [
    (errno.EROFS, False, "Read-only file system"),
    (errno.EACCES, False, "Permission denied"),
    (errno.ENOSPC, True, "No space left on device"),
])
def test_write_errors_are_one_line_naming_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int,
                                                   on_write: bool, cause: str) -> None:
    folder = write_brief(tmp_path, manuscript())
    out = tmp_path / "out" / "brief.pdf"
    out.parent.mkdir()
    out.write_bytes(OLD_PDF)
    _fail_open(monkeypatch, out.parent, err, on_write)
    code, stdout, stderr = invoke("build", str(folder), "-o", str(out))
    monkeypatch.undo()
    assert code == 1 and stdout == "", stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert LINE_RE.match(lines[0]) and lines[0].startswith(f"{out}: error: cannot write the PDF: {cause}"), stderr
    assert_untouched(out)


def test_name_too_long_and_parent_that_is_a_file(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript())
    (tmp_path / "afile").write_text("x")
    for out in (tmp_path / ("n" * 300 + ".pdf"), tmp_path / "afile" / "brief.pdf"):
        code, _stdout, stderr = invoke("build", str(folder), "-o", str(out))
        assert code == 1, stderr
        assert len(stderr.splitlines()) == 1 and stderr.startswith(f"{out}: error: cannot write the PDF"), stderr
    assert leftovers(tmp_path) == []


def test_output_name_near_the_limit_still_builds(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript())
    out = tmp_path / ("n" * 250 + ".pdf")  # its temporary name would be too long if not shortened
    build_ok(folder, out)
    assert out.is_file() and leftovers(tmp_path) == []


def test_full_disk_in_the_pdfx_step_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_brief(tmp_path, manuscript())
    (tmp_path / "press.icc").write_bytes(iccgen.cmyk_profile())
    layout = tmp_path / "press.yaml"
    layout.write_text("extends: print\noutput:\n  output_intent: press.icc\n  output_condition: TEST39\n")
    out = tmp_path / "out" / "brief.pdf"
    out.parent.mkdir()
    out.write_bytes(OLD_PDF)
    # the PDF/X-4 step works on the bytes in memory now; the one write is the temporary file's
    _fail_open(monkeypatch, out.parent, errno.ENOSPC, on_write=True, suffix=".tmp")
    code, _stdout, stderr = invoke("build", str(folder), "-o", str(out), "--layout", str(layout))
    monkeypatch.undo()
    assert code == 1 and "No space left on device" in stderr, stderr
    assert_untouched(out)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript())
    out = tmp_path / "out" / "brief.pdf"
    out.parent.mkdir()
    dead = _dead_pid()
    stale = [out.parent / f".brief.pdf.{dead}.tmp", out.parent / f".brief.pdf.{dead}.tmp.x"]
    alive = out.parent / f".brief.pdf.{os.getppid()}.tmp"  # a build still running in another process
    other = out.parent / f".other.pdf.{dead}.tmp"  # another output's: not ours to touch
    for p in stale + [alive, other]:
        p.write_bytes(b"half")
    build_ok(folder, out)
    assert leftovers(out.parent) == sorted([alive.name, other.name])


SLOW_RENDER = """
import sys, time
from pathlib import Path
import briefpress.render.pdf as pdf
real = pdf.render_pdf
marker = Path(sys.argv[1])
def slow(doc, fonts, target, *rest):
    real(doc, fonts, target, *rest)
    marker.write_text("rendered")
    time.sleep(60)
pdf.render_pdf = slow
from briefpress.cli import main
sys.argv = ["briefpress", "build", sys.argv[2], "-o", sys.argv[3]]
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_a_build_removes_the_temporary_file(tmp_path: Path, signum: int) -> None:
    folder = write_brief(tmp_path, manuscript())
    out = tmp_path / "out" / "brief.pdf"
    out.parent.mkdir()
    out.write_bytes(OLD_PDF)
    marker = tmp_path / "rendered"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_RENDER, str(marker), str(folder), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), proc.communicate()
    assert leftovers(out.parent), "the temporary file should exist while the build runs"
    proc.send_signal(signum)
    _stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    assert stderr.strip() == f"{folder}: build interrupted by {signal.Signals(signum).name}; no PDF was written"
    assert_untouched(out)


# ---------------------------------------------------------------- 8, 9: links and figure paths

def test_link_to_a_missing_anchor_is_a_warning(tmp_path: Path) -> None:
    body = "Opening text with [a link](#nowhere) in it.\n\n## A HEADING\n\nSee [the heading](#section-1).\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    out = tmp_path / "web.pdf"
    stderr = build_ok(folder, out, "--layout", "web")
    assert re.search(r"brief\.md:8: warning: link target '#nowhere' is no anchor", stderr), stderr
    assert "section-1" not in stderr
    assert "a link" in pdf_text(out)


def test_figure_path_with_an_encoded_nul(tmp_path: Path) -> None:
    body = "Opening text.\n\n![Figure 1: The caption](figures/a%00b.png)\n\nMore text.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    expect_error(folder, tmp_path, path=md_path(folder), line=10, says=("U+0000",))


# ---------------------------------------------------------------- 10, 14, 15: check

def test_check_refuses_a_named_pipe_and_a_device_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero")):
        proc = subprocess.run([sys.executable, "-m", "briefpress.cli", "check", str(target)], capture_output=True,
                              text=True, timeout=30)
        assert proc.returncode == 1, proc.stderr
        assert "not a regular file" in proc.stderr and "[pdf-readable]" in proc.stderr


def test_check_has_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefpress.check.opener as opener

    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n")
    monkeypatch.setattr(opener, "MAX_PDF_BYTES", 1024)
    code, stdout, _stderr = invoke("check", "--json", str(big))
    report = json.loads(stdout)
    assert code == 1 and report["results"][0]["id"] == "pdf-readable" and "larger than" in stdout


def test_check_json_on_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4\n%%EOF\n")
    real_open = builtins.open

    def denied(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file) == str(secret):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "access", lambda *a, **k: False)  # what a non-root user sees
    monkeypatch.setattr(builtins, "open", denied)
    code, stdout, _stderr = invoke("check", "--json", str(secret))
    monkeypatch.undo()
    report = json.loads(stdout)
    assert code == 1 and report["pages"] is None and report["profile"] == "unknown"
    assert report["results"][0]["id"] == "pdf-readable" and "Permission denied" in report["results"][0]["message"]


def _good_pdf(tmp_path: Path, layout: str = "print") -> Path:
    out = tmp_path / f"good-{layout}.pdf"
    if not out.exists():
        build_ok(write_brief(tmp_path / f"src-{layout}", manuscript()), out, "--layout", layout)
    return out


def test_aes256_encrypted_pdf_is_reported_as_encrypted(tmp_path: Path) -> None:
    data = _good_pdf(tmp_path).read_bytes()
    at = data.index(b"<<", data.rindex(b"trailer")) + 2
    encrypt = (b" /Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /P -1028 /O <" + b"11" * 48 + b"> /U <"
               + b"22" * 48 + b"> /OE <" + b"33" * 32 + b"> /UE <" + b"44" * 32 + b"> /Perms <" + b"55" * 16
               + b"> /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF >> ")
    aes = tmp_path / "aes.pdf"
    aes.write_bytes(data[:at] + encrypt + data[at:])
    code, _stdout, stderr = invoke("check", str(aes))
    assert code == 1 and "encrypted" in stderr and "cryptography" not in stderr, stderr


def test_font_program_that_does_not_decompress_fails_font_embedded(tmp_path: Path) -> None:
    data = bytearray(_good_pdf(tmp_path).read_bytes())
    m = re.search(rb"/Length1 \d+", data)
    assert m
    start = data.index(b"stream", m.end()) + 7
    for i in range(start + 40, start + 80):
        data[i] ^= 0x5A
    bad = tmp_path / "badfont.pdf"
    bad.write_bytes(bytes(data))
    code, stdout, _stderr = invoke("check", str(bad))
    assert code == 1, stdout
    assert re.search(r"error: font \S+ \(TrueType\) is embedded but cannot be read .*does not decompress.*"
                     r"\[font-embedded\]", stdout), stdout


def test_web_links_hint_has_no_triple_slash(tmp_path: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(_good_pdf(tmp_path, "web")))
    link = Link(rect=(100, 100, 200, 120), url="https://example.org")
    link[NameObject("/A")] = DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                               NameObject("/URI"): TextStringObject("/url")})
    writer.add_annotation(page_number=1, annotation=link)
    bad = tmp_path / "links.pdf"
    with open(bad, "wb") as fh:
        writer.write(fh)
    code, stdout, _stderr = invoke("check", str(bad), "--profile", "web")
    assert code == 1 and "'https://url'" in stdout and "https:///" not in stdout, stdout


def test_messages_escape_control_characters(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra='"bad\\0key\\e[31m": x\n'))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert o.result.exit_code == 1
    assert "\x00" not in o.result.stderr and "\x1b" not in o.result.stderr
    assert "bad\\x00key\\x1b[31m" in o.result.stderr, o.result.stderr


# ---------------------------------------------------------------- 11: notes-on-page, per column

def test_three_narrow_columns_pass_notes_on_page(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from longbrief import write_long_brief
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = write_long_brief(tmp_path / "long", pages=20, seed=0)  # the old check failed 4 notes here
    layout = tmp_path / "three.yaml"
    layout.write_text("extends: print\ncolumns:\n  count: 3\n  gutter: 0.2in\n", encoding="utf-8")
    out = tmp_path / "three.pdf"
    code, stdout, stderr = invoke("build", str(folder), "-o", str(out), "--layout", str(layout), "--stats")
    assert code == 0, stderr
    assert "0 notes off page" in stdout
    code, stdout, _ = invoke("check", str(out))
    assert code == 0 and "error" not in stdout.replace("0 errors", ""), stdout


def test_note_line_level_with_body_text_in_the_other_column(tmp_path: Path) -> None:
    """A note line on the same baseline as body text in the next column is still a note line."""
    from briefpress.check.notes import _page_notes
    from briefpress.check.records import TextRun

    def run(text: str, size: float, x: float, y: float, rise: float = 0.0, width: float = 0.0) -> TextRun:
        width = width or len(text) * size * 0.5
        return TextRun(text, "F", size, x, y, rise, (x, y - 0.2 * size, x + width, y + 0.8 * size), True, 0)

    runs = []
    col2 = 54 + 160 + 14.4  # a 0.2 in gutter: narrower than 1.5 em of body type
    for k in range(20):  # two columns of body text, 10.5 pt on 13 pt leading
        runs.append(run("justified body text of the first column", 10.5, 54, 700 - 13 * k, width=160))
        if k < 19:
            runs.append(run("justified body text of the second column", 10.5, col2, 700 - 13 * k, width=160))
    runs.append(run("7", 6.5, col2 + 150, 700, rise=3.8))  # the reference, in the second column
    # its note at the foot of the second column, level with the last body line of the first
    runs.append(run("7. A note that ends short.", 7.6, col2, 700 - 13 * 19))
    refs, notes = _page_notes(runs, 10.5)
    assert refs == [7] and notes == [7]


# ---------------------------------------------------------------- 12: page limit

def test_page_limit_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefpress.layout.document as document

    monkeypatch.setattr(document, "MAX_PAGES", 3)
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    out = tmp_path / "out" / "s.pdf"
    o = run_build(folder, out)
    assert o.result.exit_code == 1, o.result.output
    m = LINE_RE.match(o.result.stderr.strip())
    assert m and m["path"] == str(folder / "brief.md") and m["line"] and "more than 3 pages" in m["msg"]
    assert_untouched(out)


# ---------------------------------------------------------------- 13: soft hyphens, zero-width spaces

def test_soft_hyphens_and_zero_width_spaces_break_without_glyphs(tmp_path: Path) -> None:
    compound = "Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesell\u00adschafts\u00adkapit\u00e4ns\u00adwitwe"
    chain = "\u200b".join(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "iota", "kappa", "lambda"])
    para = f"Some words and then a long one {compound} and {chain} follow here. "
    folder = write_brief(tmp_path, manuscript(body=para * 8 + "\n"))
    out = tmp_path / "o.pdf"
    code, stdout, stderr = invoke("build", str(folder), "-o", str(out), "--stats")
    assert code == 0, stderr
    assert "0 overfull" in stdout, stdout
    text = pdf_text(out)
    assert "\u200b" not in text
    lines = [ln.rstrip(" ") for ln in text.split("\n")]
    # hyphens only at line ends, and only where a soft hyphen was: drawn as the soft hyphen's glyph, so
    # that extraction and screen readers join the word again (a tagged PDF's line-end hyphen)
    for line in lines:
        assert "-" not in line.replace("U.S.-", "") and "\u00ad" not in line[:-1], line
    broken = [ln for ln in lines if ln.endswith("\u00ad")]
    assert broken, "the compound should have broken at one of its soft hyphens"
    joined = "".join(ln[:-1] if ln.endswith("\u00ad") else ln + " " for ln in lines)
    assert compound.replace("\u00ad", "") in joined


def test_warnings_are_printed_before_a_preflight_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefpress.check as check
    from briefpress.check.report import ERROR, CheckResult, PreflightReport

    def failing(path, profile=None, accessibility=None, data=None):  # type: ignore[no-untyped-def]
        return PreflightReport(str(path), "print", 2, (CheckResult("meta-title", ERROR, "no title", None),),
                               ("meta-title",))

    monkeypatch.setattr(check, "preflight", failing)
    body = BODY + "\n[^9]: Never cited.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert o.result.exit_code == 1
    lines = o.stderr_lines
    assert "warning: footnote [^9] is defined but never referenced" in lines[0], lines
    assert "preflight failed" in lines[1] and "no title" in lines[2], lines
    assert_untouched(o.out)


# ---------------------------------------------------------------- 17: layout files

@pytest.mark.parametrize(("yaml_text", "line", "key", "says"), [
    ('footer:\n  text: "{volume}"\n', 3, "footer.text", "{volume}"),
    ('footer:\n  text: "{title"\n', 3, "footer.text", "cannot be read"),
    ('footer:\n  text: "{0}"\n', 3, "footer.text", "{0}"),
    ('footer:\n  text: "{title.upper}"\n', 3, "footer.text", "placeholder"),
    ("page:\n  width: 5in\npage:\n  width: 6in\n", 4, "page", "twice"),
    ("page:\n  width: 5in\n  width: 6in\n", 4, "page.width", "twice"),
    ("dropcap:\n  lines: 12\n", 3, "dropcap.lines", "at most"),
    ("breaking:\n  space_shrink: 1.5\n", 3, "breaking.space_shrink", "at most"),
    ("breaking:\n  space_stretch: 5.0e-324\n", 3, "breaking.space_stretch", "at least"),  # found by the fuzz
    ("text:\n  size: 0.5pt\n", 3, "text.size", "at least"),
    ("cover:\n  band_height: 9in\n", 3, "cover.band_height", "trim"),
    ("colophon:\n  band_height: 8in\n", 3, "colophon.band_height", "trim"),
    ('footer:\n  text: "\\a"\n', 3, "footer.text", "U+0007"),
])
def test_bad_layout_values_are_located_errors(tmp_path: Path, yaml_text: str, line: int, key: str,
                                              says: str) -> None:
    layout = tmp_path / "bad.yaml"
    layout.write_text("extends: print\n" + yaml_text, encoding="utf-8")
    folder = write_brief(tmp_path, manuscript())
    out = tmp_path / "out" / "o.pdf"
    out.parent.mkdir()
    out.write_bytes(OLD_PDF)
    code, stdout, stderr = invoke("build", str(folder), "-o", str(out), "--layout", str(layout))
    assert code == 1 and stdout == "", stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    m = LINE_RE.match(lines[0])
    assert m, lines[0]
    assert (m["path"], m["line"], m["key"]) == (str(layout), str(line), key), lines[0]
    assert says in m["msg"], lines[0]
    assert_untouched(out)


def test_footer_braces_and_known_placeholders_build(tmp_path: Path) -> None:
    layout = tmp_path / "ok.yaml"
    layout.write_text('extends: print\nfooter:\n  text: "{{{title}}} · {date}"\n', encoding="utf-8")
    out = tmp_path / "o.pdf"
    body = "\n\n".join(["Some text for the body pages, long enough to reach a page with a footer."] * 120)
    build_ok(write_brief(tmp_path, manuscript(body=body + "\n")), out, "--layout", str(layout))
    assert "{A Small Brief}" in pdf_text(out)


# ---------------------------------------------------------------- 18: a body of headings only

def test_body_of_a_heading_only(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(body="## ONLY A HEADING\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=8, says=("no text",))


# ---------------------------------------------------------------- found while fuzzing: the cover's limits

def test_abstract_too_long_for_the_cover_is_a_located_error(tmp_path: Path) -> None:
    abstract = '"' + " ".join(["The abstract goes on and on about policy."] * 130) + '"'
    folder = write_brief(tmp_path, manuscript({"abstract": abstract}))
    expect_error(folder, tmp_path, path=md_path(folder), line=5, key="abstract", says=("too long for the cover",))


def test_too_many_contact_lines_for_the_masthead_is_an_error(tmp_path: Path) -> None:
    contact = "[" + ", ".join(['"918 F Street, NW, 6th Floor; Washington, DC 20004"'] * 12) + "]"
    folder = write_brief(tmp_path, manuscript({"contact": contact}))
    expect_error(folder, tmp_path, path=md_path(folder), line=6, key="contact.11", says=("contact lines",))


def test_two_references_in_a_row_are_not_read_as_one_number(tmp_path: Path) -> None:
    body = "Text cites a note twice[^1] [^1] and two notes at once.[^1][^2]\n\n[^1]: A note.\n\n[^2]: B note.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    out = tmp_path / "o.pdf"
    stderr = build_ok(folder, out)
    assert "notes-on-page" not in stderr, stderr
    assert "twice1,1" in pdf_text(out) and "once.1,2" in pdf_text(out)


def test_links_without_a_scheme(tmp_path: Path) -> None:
    body = "Text [a](www.x.org), [b](/relative), [c](x@y.org), [d](), [e](https:///x).\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    out = tmp_path / "web.pdf"
    stderr = build_ok(folder, out, "--layout", "web")
    warned = re.findall(r"brief\.md:8: warning: link target '([^']*)' is not a web or e-mail address", stderr)
    assert warned == ["/relative", "", "https:///x"], stderr
    uris = [str(a.get_object()["/A"]["/URI"]) for page in PdfReader(str(out)).pages
            for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert "https://www.x.org" in uris and "mailto:x@y.org" in uris, uris


def test_xmp_of_a_pdfx_build_is_well_formed(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    (tmp_path / "press.icc").write_bytes(iccgen.cmyk_profile())
    layout = tmp_path / "press.yaml"
    layout.write_text("extends: print\noutput:\n  output_intent: press.icc\n  output_condition: TEST39\n")
    folder = write_brief(tmp_path, manuscript({"title": '"Trade <&> \\"quotes\\" \u00e9 \U0001f600"',
                                               "abstract": '"Tabs\\tand ]]> and --> too."'}))
    out = tmp_path / "x.pdf"
    build_ok(folder, out, "--layout", str(layout))
    xmp = PdfReader(str(out)).trailer["/Root"]["/Metadata"].get_object().get_data()
    root = ET.fromstring(xmp.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
    assert "Trade <&>" in "".join(root.itertext())


def test_line_too_long_warning_comes_before_the_preflight_refusal(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(body="Text " + "a" * 400 + " more.\n"))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert o.result.exit_code == 1
    lines = o.stderr_lines
    assert re.match(rf"{re.escape(str(md_path(folder)))}:8: warning: line too long for its column", lines[0]), lines
    assert "preflight failed" in lines[1] and "[print-text-safe-area]" in lines[2], lines
    assert_untouched(o.out)


def test_column_figures_after_a_page_wide_figure_stay_inside_the_margins(tmp_path: Path) -> None:
    """Found by trying many figures: a column figure forced into a column shortened by a page-wide figure
    ran into the bottom margin (its caption 0.1 in from the trim)."""
    from PIL import Image

    figures = {}
    for name, size, mode, dpi in [("wide.png", (4000, 3), "RGB", 300), ("tall.png", (3, 4000), "RGB", 300),
                                  ("a.png", (300, 300), "RGB", 0), ("b.png", (300, 300), "P", 0),
                                  ("c.png", (300, 300), "LA", 0), ("d.png", (300, 300), "L", 0),
                                  ("e.tif", (300, 300), "1", 0)]:
        buf = io.BytesIO()
        Image.new(mode, size).save(buf, "TIFF" if name.endswith(".tif") else "PNG",
                                   **({"dpi": (dpi, dpi)} if dpi else {}))
        figures[f"figures/{name}"] = buf.getvalue()
    body = "Text.\n\n" + "\n\n".join(f"![Figure {i}: {n}]({n})" for i, n in enumerate(figures, 1)) + "\n\nEnd.\n"
    folder = write_brief(tmp_path, manuscript(body=body), figures)
    stderr = build_ok(folder, tmp_path / "o.pdf")
    assert "trim edge" not in stderr, stderr


@pytest.mark.parametrize(("front", "key"), [
    ({"title": '"' + "x" * 120 + '"'}, "title"),
    ({"series": '"' + "Series " * 12 + '"'}, "series"),
    ({"publisher": '"' + "Center " * 40 + '"'}, "publisher"),
])
def test_cover_lines_too_long_are_errors_naming_the_key(tmp_path: Path, front: dict[str, str], key: str) -> None:
    """Found by the fuzz: a preflight refusal ('text across the trim') that no manuscript message explained.
    A field that cannot fit even at the smallest size the layout allows stops the build at its key's line."""
    folder = write_brief(tmp_path, manuscript(front))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert_no_traceback(o.result)
    assert o.result.exit_code == 1 and o.out.read_bytes() == OLD_PDF  # the earlier PDF is untouched
    assert re.match(rf"{re.escape(str(md_path(folder)))}:\d+: key '{key}': error: does not fit on the cover",
                    o.stderr_lines[-1]), o.stderr_lines
