"""Bad manuscripts through the real CLI: one located line with a hint, exit 1, nothing written.

Each test builds a tiny brief in tmp_path (never the sample: it is slow and
the point is the message), runs `briefpress build` with click's CliRunner and
checks the whole contract: exit code, exactly one stderr line in the form
`path:line: [key 'k': ]error: message (hint: …)`, no traceback, nothing on
stdout, and the PDF that was at the output path before is still there
byte-for-byte with no temporary file beside it.
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefpress.cli import main

GOOD_FRONT = {
    "title": '"A Small Brief"',
    "publisher": '"Immigration Policy Center"',
    "date": '"February 2006"',
    "abstract": '"A short abstract."',
}
BODY = "The opening paragraph has a note.[^1]\n\n## A SECTION\n\nSome more text.\n\n[^1]: The note.\n"
OLD_PDF = b"%PDF-1.4\n% the good PDF from an earlier build\n%%EOF\n"
LINE_RE = re.compile(
    r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?:key '(?P<key>[^']+)': )?(?P<sev>error|warning): "
    r"(?P<msg>.+?) \(hint: (?P<hint>[^()]*(?:\([^()]*\)[^()]*)*)\)$"
)


# ---------------------------------------------------------------- helpers

def manuscript(front: dict[str, str] | None = None, body: str = BODY, *, drop: tuple[str, ...] = (),
               extra: str = "") -> str:
    """A brief.md text: the good front matter with some keys replaced, dropped or added."""
    keys = dict(GOOD_FRONT)
    keys.update(front or {})
    lines = [f"{k}: {v}" for k, v in keys.items() if k not in drop]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n" + body


def write_brief(root: Path, text: str | bytes, files: dict[str, bytes | str] | None = None) -> Path:
    """Write brief/brief.md and its files; return the brief folder."""
    folder = root / "brief"
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / "brief.md").write_bytes(data)
    for name, content in (files or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def png_bytes(size: tuple[int, int] = (40, 30), mode: str = "RGB", noise: bool = False, dpi: int = 0) -> bytes:
    from PIL import Image

    if noise:
        im = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        im = Image.new(mode, size, "white" if mode in ("RGB", "L") else 0)
    buf = io.BytesIO()
    im.save(buf, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid-looking PNG of a few bytes whose header claims width x height pixels (1-bit grey)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def figure_brief(root: Path, src: str, files: dict[str, bytes | str] | None = None, title: str = "") -> Path:
    """A brief whose line 8 is a figure paragraph pointing at `src`."""
    t = f' "{title}"' if title else ""
    body = f"Opening text.\n\n![Figure 1: The caption]({src}{t})\n\nMore text.\n"
    return write_brief(root, manuscript(body=body), files)


FIGURE_LINE = 10  # 6 front-matter lines + blank + opening + blank -> the figure is on line 10


@dataclass
class Outcome:
    result: Result
    out: Path

    @property
    def stderr_lines(self) -> list[str]:
        return [ln for ln in self.result.stderr.splitlines() if ln.strip()]


def run_build(target: Path | str, out: Path) -> Outcome:
    """`briefpress build TARGET -o OUT`, with OUT holding an earlier good PDF."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(OLD_PDF)
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(target), "-o", str(out)], env={"BRIEFPRESS_DEBUG": None})
    return Outcome(result, out)


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert "internal error" not in result.output, result.output


def assert_untouched(out: Path) -> None:
    assert out.read_bytes() == OLD_PDF, "a failed build changed the PDF at the output path"
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name], "a temporary file was left behind"


def expect_error(target: Path | str, tmp_path: Path, *, path: Path | str, line: int | None,
                 key: str | None = None, says: tuple[str, ...] = ()) -> re.Match[str]:
    """Build and check the failure contract; return the parsed message."""
    o = run_build(target, tmp_path / "out" / "brief.pdf")
    assert_no_traceback(o.result)
    assert o.result.exit_code == 1, (o.result.exit_code, o.result.output)
    assert o.result.stdout == "", "nothing but the error may be printed"
    assert len(o.stderr_lines) == 1, o.result.stderr
    msg = o.stderr_lines[0]
    m = LINE_RE.match(msg)
    assert m, f"not 'path:line: error: message (hint: …)': {msg}"
    assert m["sev"] == "error"
    assert m["path"] == str(path), msg
    assert (int(m["line"]) if m["line"] else None) == line, msg
    assert m["key"] == key, msg
    assert m["hint"].strip(), msg
    for word in says:
        assert word.lower() in msg.lower(), f"{word!r} not in {msg}"
    assert_untouched(o.out)
    return m


def md_path(folder: Path) -> Path:
    return folder / "brief.md"


# ---------------------------------------------------------------- the output file

def test_failed_render_keeps_the_old_pdf_and_leaves_no_temporary_file(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import briefpress.render.pdf as pdf

    written: list[Path] = []

    def half_written(doc, fonts, path, *rest):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"%PDF-1.4\n half a file")
        written.append(Path(path))
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf, "render_pdf", half_written)
    o = run_build(write_brief(tmp_path, manuscript()), tmp_path / "out" / "brief.pdf")
    assert o.result.exit_code != 0
    assert written and written[0] != o.out, "the renderer must write to a temporary file"
    assert_untouched(o.out)


def test_failed_build_creates_no_build_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_brief(tmp_path, manuscript(drop=("title",)))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "brief"], env={"BRIEFPRESS_DEBUG": None})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{Path('brief') / 'brief.md'}:2: key 'title': error:"), result.stderr
    assert not (tmp_path / "build").exists()
    assert folder.exists()


# ---------------------------------------------------------------- the file itself

def test_path_that_does_not_exist(tmp_path: Path) -> None:
    expect_error(tmp_path / "nope", tmp_path, path=tmp_path / "nope", line=None, says=("no such file",))


def test_folder_without_brief_md(tmp_path: Path) -> None:
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "Brief.MD.txt").write_text("x")
    m = expect_error(folder, tmp_path, path=folder, line=None, says=("no brief.md",))
    assert "Brief.MD.txt" in m["hint"]


def test_empty_manuscript(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, b"")
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("empty",))


def test_whitespace_only_manuscript(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, " \n\t\n  \r\n\n")
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("empty",))


def test_binary_file_named_brief_md(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, png_bytes())
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("binary", "PNG"))


def test_utf16_manuscript(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript().encode("utf-16"))
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("UTF-16", "UTF-8"))


def test_latin1_manuscript_names_the_line(tmp_path: Path) -> None:
    text = manuscript(body="Opening.\n\nThe caf\u00e9 is open.\n")
    folder = write_brief(tmp_path, text.encode("latin-1"))
    expect_error(folder, tmp_path, path=md_path(folder), line=10, says=("UTF-8", "0xe9", "caf"))


def test_control_character_in_text(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(body="Opening.\n\nA bell \x07 rings.\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=10, says=("U+0007",))


# ---------------------------------------------------------------- front matter: shape

def test_missing_front_matter(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, "Just text.\n")
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("no front matter",))


def test_first_line_not_exactly_dashes(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, "--- title\n" + manuscript()[4:])
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("'---'",))


def test_front_matter_not_closed(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript().replace("---\n\n", "\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=1, says=("not closed",))


def test_front_matter_closed_with_dots_is_accepted(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript().replace("---\n\n", "...\n\n"))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert o.result.exit_code == 0, o.result.output


def test_invalid_yaml_names_its_line(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript({"date": '"February 2006', "abstract": "x"}))
    expect_error(folder, tmp_path, path=md_path(folder), line=4, says=("invalid front matter", "quote"))


@pytest.mark.parametrize(("extra", "line", "says"), [
    ("colophon:\n\tcopyright: x\n", 7, "'\\t'"),
    ("? [a, b]\n: x\n", 6, "unhashable key"),
    ("keywords: [a, b\n", 6, "not closed"),
])
def test_invalid_yaml_other_shapes(tmp_path: Path, extra: str, line: int, says: str) -> None:
    folder = write_brief(tmp_path, manuscript(extra=extra))
    expect_error(folder, tmp_path, path=md_path(folder), line=line, says=(says,))


def test_invalid_yaml_colon_in_plain_value(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript({"title": "NAFTA: Labor: Migration"}))
    expect_error(folder, tmp_path, path=md_path(folder), line=2, says=("invalid front matter", "quote"))


def test_front_matter_is_a_list(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, "---\n- title\n- publisher\n---\n\nText.\n")
    expect_error(folder, tmp_path, path=md_path(folder), line=2, says=("mapping",))


def test_front_matter_is_a_plain_string(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, "---\nA Title\n---\n\nText.\n")
    expect_error(folder, tmp_path, path=md_path(folder), line=2, says=("mapping",))


def test_empty_front_matter(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, "---\n# only a comment\n---\n\nText.\n")
    expect_error(folder, tmp_path, path=md_path(folder), line=2, says=("empty",))


def test_duplicate_key(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra='title: "Another"\n'))
    expect_error(folder, tmp_path, path=md_path(folder), line=6, key="title",
                 says=("twice", "line 2"))


# ---------------------------------------------------------------- front matter: keys and types

def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript({"abstarct": '"typo"'}, drop=("abstract",)))
    m = expect_error(folder, tmp_path, path=md_path(folder), line=5, key="abstarct", says=("unknown",))
    assert "abstract" in m["hint"]


def test_unknown_colophon_key(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra='colophon:\n  copyrigth: "(c) 2006"\n'))
    m = expect_error(folder, tmp_path, path=md_path(folder), line=7, key="colophon.copyrigth",
                     says=("unknown colophon key",))
    assert "copyright" in m["hint"]


@pytest.mark.parametrize("key", ["title", "publisher", "date", "abstract"])
def test_missing_required_key(tmp_path: Path, key: str) -> None:
    folder = write_brief(tmp_path, manuscript(drop=(key,)))
    m = expect_error(folder, tmp_path, path=md_path(folder), line=2, key=key, says=("missing required",))
    assert f"{key}:" in m["hint"]


@pytest.mark.parametrize(
    ("key", "value", "line", "says"),
    [
        ("title", '["A", "B"]', 2, "must be text"),
        ("title", "yes", 2, "must be text"),
        ("title", '""', 2, "empty"),
        ("title", "!!binary aGVsbG8=", 2, "tag"),
        ("authors", "{first: Ann, last: Lee}", 6, "list"),
        ("authors", "[Ann, [Bob, Cy]]", 6, "must be text"),
        ("colophon", '"all rights reserved"', 6, "mapping"),
        ("lang", "12", 6, "language tag"),
        ("lang", "english_US", 6, "language tag"),
        ("contact", "{a: b}", 6, "list"),
    ],
)
def test_wrong_type(tmp_path: Path, key: str, value: str, line: int, says: str) -> None:
    front = {key: value}
    folder = write_brief(tmp_path, manuscript(front) if key in GOOD_FRONT else manuscript(extra=f"{key}: {value}\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=line, key=key, says=(says,))


def test_wrong_type_in_a_list_names_the_item_line(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra="authors:\n  - Ann Lee\n  - [Bob, Cy]\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=8, key="authors", says=("must be text",))


def test_colophon_contacts_wrong_shape(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra="colophon:\n  contacts: \"one line\"\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=7, key="colophon.contacts", says=("list",))


def test_numbers_keep_their_written_form(tmp_path: Path) -> None:
    """`volume: 1.10` must not print as 1.1, nor `issue: 010` as 8 (YAML 1.1 octal)."""
    from briefpress.errors import Warnings
    from briefpress.model.load import load_brief

    folder = write_brief(tmp_path, manuscript({"date": "2006-02-30"}, extra="volume: 1.10\nissue: 010\n"))
    meta = load_brief(folder, Warnings()).meta
    assert (meta.volume, meta.issue, meta.date) == ("1.10", "010", "2006-02-30")


# ---------------------------------------------------------------- YAML that attacks

@pytest.mark.parametrize("value", ['!!python/object/apply:os.system ["echo hi"]', "!!python/name:os.system"])
def test_yaml_tag_that_runs_code_is_refused(tmp_path: Path, value: str, capfd: pytest.CaptureFixture[str]) -> None:
    folder = write_brief(tmp_path, manuscript(extra=f"series: {value}\n"))
    m = expect_error(folder, tmp_path, path=md_path(folder), line=6, key="series", says=("tag", "not allowed"))
    assert "!!python/" in m["msg"]
    assert "hi" not in capfd.readouterr().out


def test_yaml_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ["keywords:", '  - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    folder = write_brief(tmp_path, manuscript(extra="\n".join(lines) + "\n"))
    start = time.perf_counter()
    expect_error(folder, tmp_path, path=md_path(folder), line=8, key="keywords", says=("alias '*a0'",))
    assert time.perf_counter() - start < 3


def test_yaml_recursive_alias(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra="colophon: &c\n  about: *c\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=7, key="colophon.about", says=("alias",))


def test_yaml_deep_nesting(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(extra="keywords: " + "[" * 5000 + "]" * 5000 + "\n"))
    start = time.perf_counter()
    expect_error(folder, tmp_path, path=md_path(folder), line=6, key="keywords", says=("nested",))
    assert time.perf_counter() - start < 3


# ---------------------------------------------------------------- body

def test_footnote_reference_without_definition(tmp_path: Path) -> None:
    body = "Opening.\n\nFirst line of a paragraph\nsecond line has the bad one.[^7]\n\n[^1]: Not used.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    expect_error(folder, tmp_path, path=md_path(folder), line=11, says=("[^7]", "no definition"))


def test_footnote_reference_in_the_abstract(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript({"abstract": '"An abstract.[^1]"'}))
    expect_error(folder, tmp_path, path=md_path(folder), line=5, key="abstract", says=("footnote",))


def test_footnote_defined_but_never_referenced_is_a_warning(tmp_path: Path) -> None:
    body = "Opening.[^1]\n\n[^1]: Used.\n\n[^spare]: Never used.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert_no_traceback(o.result)
    assert o.result.exit_code == 0, o.result.output
    assert o.stderr_lines == [
        f"{md_path(folder)}:12: warning: footnote [^spare] is defined but never referenced; it is not printed "
        "(hint: add [^spare] where the note belongs, or delete the definition)"
    ]
    assert o.out.read_bytes().startswith(b"%PDF") and o.out.read_bytes() != OLD_PDF
    assert sorted(p.name for p in o.out.parent.iterdir()) == ["brief.pdf"]


def test_footnote_defined_twice(tmp_path: Path) -> None:
    body = "Opening.[^1]\n\n```\n[^1]: in code, not a definition\n```\n\n[^1]: First.\n\n[^1]: Second.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    expect_error(folder, tmp_path, path=md_path(folder), line=16, says=("[^1]", "twice", "line 14"))


def test_empty_heading(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(body="Opening.\n\n##\n\nText.\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=10, says=("heading has no text",))


def test_footnote_reference_in_a_heading(tmp_path: Path) -> None:
    body = "Opening.\n\n## A HEADING[^1]\n\nText.\n\n[^1]: Note.\n"
    folder = write_brief(tmp_path, manuscript(body=body))
    expect_error(folder, tmp_path, path=md_path(folder), line=10, says=("heading",))


def test_image_inside_a_paragraph(tmp_path: Path) -> None:
    body = "Opening.\n\nSome text\nand ![Figure 1: x](figures/a.png) inline.\n"
    folder = write_brief(tmp_path, manuscript(body=body), {"figures/a.png": png_bytes()})
    expect_error(folder, tmp_path, path=md_path(folder), line=11, says=("stand alone",))


@pytest.mark.parametrize("target", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_link_with_a_refused_scheme(tmp_path: Path, target: str) -> None:
    folder = write_brief(tmp_path, manuscript(body=f"Opening.\n\nSee\n[this]({target}) now.\n"))
    expect_error(folder, tmp_path, path=md_path(folder), line=11, says=(target.split(":")[0] + ":", "link"))


@pytest.mark.parametrize(("body", "says"), [
    ("Opening.\n\n- item one\n  > quoted in a list\n", "a quote inside a list item"),
    ("Opening.\n\n> intro\n> - an item\n", "a list inside a quote"),
    ("Opening.[^1]\n\n[^1]: Note.\n    - an item\n", "a list inside a footnote"),
    ("Opening.[^1]\n\n[^1]: Note.\n    > quoted\n", "a quote inside a footnote"),
])
def test_container_the_model_would_drop(tmp_path: Path, body: str, says: str) -> None:
    """These used to lose their text from the PDF without a word."""
    folder = write_brief(tmp_path, manuscript(body=body))
    expect_error(folder, tmp_path, path=md_path(folder), line=11, says=(says, "not supported"))


def test_code_block_in_a_list_item_is_kept() -> None:
    from briefpress.errors import Warnings
    from briefpress.model.nodes import ListBlock, Text
    from briefpress.source.markdown import parse_body

    body = parse_body("- item\n\n  ```\n  kept code\n  ```\n", Path("brief.md"), "en", Warnings())
    (block,) = body.blocks
    assert isinstance(block, ListBlock)
    assert "kept code" in [r.text for p in block.items[0] for r in p.inlines if isinstance(r, Text)]


def test_deeply_nested_quotes_and_lists(tmp_path: Path) -> None:
    body = "Opening.\n\n" + "> " * 3000 + "deep\n\n" + "".join("  " * i + "- item\n" for i in range(300))
    folder = write_brief(tmp_path, manuscript(body=body))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert_no_traceback(o.result)
    assert o.result.exit_code in (0, 1), o.result.output


# ---------------------------------------------------------------- figures: where the file is

def test_missing_image(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures/figure-9.png", {"figures/figure-1.png": png_bytes()})
    m = expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("figure-9.png", "not found"))
    assert "figure-1.png" in m["hint"]


@pytest.mark.parametrize("src", ["../outside.png", "figures/../../outside.png"])
def test_image_path_leaving_the_folder(tmp_path: Path, src: str) -> None:
    (tmp_path / "outside.png").write_bytes(png_bytes())
    folder = figure_brief(tmp_path, src)
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("leaves the brief's folder",))


def test_image_absolute_path(tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(png_bytes())
    folder = figure_brief(tmp_path, str(tmp_path / "outside.png"))
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE,
                 says=(str(tmp_path / "outside.png"), "is absolute"))


def test_image_symlink_loop(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures/a.png")
    (folder / "figures").mkdir()
    (folder / "figures" / "a.png").symlink_to(folder / "figures" / "b.png")
    (folder / "figures" / "b.png").symlink_to(folder / "figures" / "a.png")
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("figures/a.png",))


def test_image_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures/" + "x" * 300 + ".png")
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("xxxx",))


def test_image_that_is_a_pipe(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures/a.png")
    (folder / "figures").mkdir()
    os.mkfifo(folder / "figures" / "a.png")
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("not a regular file",))


def test_manuscript_that_is_a_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "brief.md")
    expect_error(tmp_path / "brief.md", tmp_path, path=tmp_path / "brief.md", line=None,
                 says=("not a regular file",))


def test_image_symlink_pointing_outside(tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(png_bytes())
    folder = figure_brief(tmp_path, "figures/link.png")
    (folder / "figures").mkdir()
    (folder / "figures" / "link.png").symlink_to(tmp_path / "outside.png")
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("leaves the brief's folder",))


@pytest.mark.parametrize("src", ["https://example.org/fig.png", "http://example.org/fig.png",
                                 "data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd"])
def test_image_url(tmp_path: Path, src: str) -> None:
    folder = figure_brief(tmp_path, src)
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("figures/ folder",))


def test_image_path_is_a_folder(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures")
    (folder / "figures").mkdir()
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("folder",))


# ---------------------------------------------------------------- figures: what the file is

def test_fake_image(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures/a.png", {"figures/a.png": "this is text, not a PNG\n"})
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("a.png", "not a readable image"))


def test_empty_image(tmp_path: Path) -> None:
    folder = figure_brief(tmp_path, "figures/a.png", {"figures/a.png": b""})
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("a.png",))


def test_truncated_png(tmp_path: Path) -> None:
    data = png_bytes((120, 120), noise=True)
    folder = figure_brief(tmp_path, "figures/a.png", {"figures/a.png": data[: len(data) // 2]})
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("a.png", "damaged"))


def test_png_with_bad_checksum(tmp_path: Path) -> None:
    data = bytearray(png_bytes((60, 60), noise=True))
    data[40] ^= 0xFF  # inside the first IDAT chunk
    folder = figure_brief(tmp_path, "figures/a.png", {"figures/a.png": bytes(data)})
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("a.png",))


def test_unreadable_image(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    folder = figure_brief(tmp_path, "figures/a.png", {"figures/a.png": png_bytes()})
    (folder / "figures" / "a.png").chmod(0)
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("a.png", "cannot read"))


@pytest.mark.parametrize("name", ["a.png", "a.csv"])
def test_unreadable_figure_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The same as test_unreadable_image, for runs as root (where chmod 0 does not stop reading)."""
    folder = figure_brief(tmp_path, f"figures/{name}", {f"figures/{name}": png_bytes() if name.endswith("png")
                                                         else "Year,Exports\n1994,1\n"})
    real_open = Path.open

    def guarded(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    shown = md_path(folder) if name.endswith("png") else folder / "figures" / name
    expect_error(folder, tmp_path, path=shown, line=FIGURE_LINE if name.endswith("png") else None,
                 says=("Permission denied",))


@pytest.mark.parametrize("size", [(30000, 30000), (7000, 7000), (2**31 - 1, 1)])
def test_decompression_bomb(tmp_path: Path, size: tuple[int, int]) -> None:
    folder = figure_brief(tmp_path, "figures/bomb.png", {"figures/bomb.png": png_claiming(*size)})
    start = time.perf_counter()
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("bomb.png", "too large"))
    assert time.perf_counter() - start < 3


@pytest.mark.parametrize("name", ["a.gif", "a.svg", "a.pdf", "a.webp", "a"])
def test_unsupported_figure_type(tmp_path: Path, name: str) -> None:
    folder = figure_brief(tmp_path, f"figures/{name}", {f"figures/{name}": b"GIF89a...."})
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("unsupported type",))


def test_gif_named_png(tmp_path: Path) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("P", (10, 10)).save(buf, "GIF")
    folder = figure_brief(tmp_path, "figures/a.png", {"figures/a.png": buf.getvalue()})
    expect_error(folder, tmp_path, path=md_path(folder), line=FIGURE_LINE, says=("GIF",))


# ---------------------------------------------------------------- figures: chart data

def csv_error(tmp_path: Path, csv_text: str | bytes, *, line: int | None, says: tuple[str, ...]) -> re.Match[str]:
    folder = figure_brief(tmp_path, "figures/data.csv", {"figures/data.csv": csv_text})
    return expect_error(folder, tmp_path, path=folder / "figures" / "data.csv", line=line, says=says)


def test_csv_non_numeric_names_line_and_column(tmp_path: Path) -> None:
    csv_text = "Year,Exports,Imports\n1994,10,12\n\n1995,n/a,13\n"
    csv_error(tmp_path, csv_text, line=4, says=("'n/a'", "column 2", "Exports"))


def test_csv_ragged_row(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year,Exports\n1994,10\n1995,11,12\n", line=3, says=("3 columns", "header has 2"))


def test_csv_empty(tmp_path: Path) -> None:
    csv_error(tmp_path, "", line=1, says=("empty",))


def test_csv_header_only(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year,Exports\n", line=1, says=("data row",))


def test_csv_one_column(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year\n1994\n", line=1, says=("two columns",))


def test_csv_decimal_comma_is_not_read_as_thousands(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year,Rate\n1994,\"1,5\"\n", line=2, says=("'1,5'", "not a number"))


def test_csv_quoted_cell_over_two_lines_keeps_line_numbers(tmp_path: Path) -> None:
    csv_error(tmp_path, 'Year,Exports\n"Nineteen\nninety-four",1\n1995,x\n', line=4, says=("'x'",))


def test_csv_infinite_value(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year,Exports\n1994,1e400\n", line=2, says=("1e400",))


def test_csv_not_utf8(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year,Exports\nCaf\u00e9,1\n".encode("latin-1"), line=2, says=("UTF-8",))


def test_csv_field_too_large_for_the_csv_module(tmp_path: Path) -> None:
    csv_error(tmp_path, "Year,Exports\n" + "x" * 200_000 + ",1\n", line=2, says=("data.csv",))


def test_csv_binary(tmp_path: Path) -> None:
    csv_error(tmp_path, png_bytes(), line=1, says=("binary",))


# ---------------------------------------------------------------- real process

@pytest.mark.parametrize("kind", ["tag", "bomb", "latin1"])
def test_real_process_prints_one_line_and_no_traceback(tmp_path: Path, kind: str) -> None:
    if kind == "tag":
        folder = write_brief(tmp_path, manuscript(extra='series: !!python/object/apply:os.system ["echo hi"]\n'))
    elif kind == "bomb":
        folder = figure_brief(tmp_path, "figures/b.png", {"figures/b.png": png_claiming(30000, 30000)})
    else:
        folder = write_brief(tmp_path, manuscript(body="Caf\u00e9.\n").encode("latin-1"))
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD_PDF)
    env = {k: v for k, v in os.environ.items() if k != "BRIEFPRESS_DEBUG"}
    # the console script: `python -m briefpress.cli` runs nothing (cli.py has no __main__ guard)
    script = Path(sys.executable).with_name("briefpress")
    proc = subprocess.run([str(script), "build", str(folder), "-o", str(out)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and LINE_RE.match(lines[0]), proc.stderr
    assert out.read_bytes() == OLD_PDF


# ---------------------------------------------------------------- a good brief still builds

def test_good_brief_with_accents_long_url_and_many_notes(tmp_path: Path) -> None:
    url = "https://www.example.org/" + "/".join(f"segment-{i}-with-words" for i in range(25)) + "?q=caf%C3%A9"
    refs = " ".join(f"Sentence {i} about the Zócalo in México, São Paulo and Kraków.[^{i}]" for i in range(1, 41))
    notes = "\n".join(f"[^{i}]: Note {i}: see Niño, façade, Ærøskøbing, {url}" for i in range(1, 41))
    body = (f"Opening with «quotes», “curly” ones and an em dash — then a long address {url} here.\n\n"
            f"## SECTION ÉTÉ\n\n{refs}\n\n![Figure 1: Trade, café exports](figures/café.csv)\n\n"
            f"![Figure 2: A picture](figures/pic.png){{alt=\"Grey noise\"}}\n\n{notes}\n")
    front = {"title": '"Économie, migration et «frontières»"', "abstract": '"Résumé: ça marche."'}
    folder = write_brief(tmp_path, manuscript(front, body=body, extra='authors: ["José Núñez", "Zoë Ødegård"]\n'),
                         {"figures/café.csv": "Année,Exports (€),Imports\n1994,\"1,200\",12%\n1995,13.5,-2\n",
                          "figures/pic.png": png_bytes((300, 200), noise=True, dpi=300)})
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert_no_traceback(o.result)
    assert o.result.exit_code == 0, o.result.output
    assert o.result.stderr == ""
    assert o.out.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in o.out.parent.iterdir()) == ["brief.pdf"]


# ---------------------------------------------------------------- found outside this test's files

def test_missing_glyph_warning_names_path_and_line(tmp_path: Path) -> None:
    folder = write_brief(tmp_path, manuscript(body="Opening.\n\nA character no font has: \u4e2d.\n"))
    o = run_build(folder, tmp_path / "out" / "brief.pdf")
    assert o.result.exit_code == 0, o.result.output
    assert len(o.stderr_lines) == 1  # one warning, however many characters are missing
    for line in o.stderr_lines:
        m = LINE_RE.match(line)
        assert m and m["path"] == str(md_path(folder)) and m["line"] == "10", line
        assert "U+4E2D" in line
