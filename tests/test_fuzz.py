"""Fuzz the error contract: whatever the input, a build or a check exits 0 or 1, prints no traceback, never
says "internal error" (exit 3), writes nothing when it fails and leaves no temporary file.

Inputs are random front matters (types, control characters, surrogates, sizes), Markdown bodies built from
CommonMark constructs, layout overrides inside and outside their declared ranges, and damage to a good PDF.
Builds run in-process through click's CliRunner, for speed.  The profiles are in conftest.py: CI runs a
fixed seed; `pytest -m fuzz --hypothesis-profile=long` searches for new failures.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st

from briefpress.cli import main
from briefpress.model.meta import COLOPHON_KEYS, FRONT_MATTER_KEYS
from briefpress.style.spec import SECTIONS

pytestmark = pytest.mark.fuzz

OLD_PDF = b"%PDF-1.4\n% the good PDF from an earlier build\n%%EOF\n"
GOOD_FRONT = {"title": "A Small Brief", "publisher": "Immigration Policy Center", "date": "February 2006",
              "abstract": "A short abstract."}
BODY = "The opening paragraph has a note.[^1]\n\n## A SECTION\n\nSome more text.\n\n[^1]: The note.\n"
ERROR_LINE = re.compile(r"^.+?: (?:key '[^']*': )?error: .+$")
WARNING_LINE = re.compile(r"^.+?: (?:key '[^']*': )?warning: .+$")


def _png(size: tuple[int, int] = (60, 40), dpi: int = 300, mode: str = "RGB") -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new(mode, size).save(buf, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return buf.getvalue()


PNG = _png()
# figures of every shape: a column-wide photo, a page-wide one, a sliver each way, one at screen resolution
FIGURES = {"photo.png": PNG, "span.png": _png((2000, 700)), "wide.png": _png((4000, 3)),
           "tall.png": _png((3, 4000)), "screen.png": _png((300, 300), 0, "P"), "big.png": _png((1000, 1400))}
CSV = "year,value,other\n2000,1,2\n2001,3,1\n2002,2,5\n"


def check_contract(args: list[str], out: Path | None, what: str, explained: bool = False) -> Any:
    """Run the CLI in-process and assert the contract; return click's result."""
    result = CliRunner().invoke(main, args, env={"BRIEFPRESS_DEBUG": None})
    event(f"exit {result.exit_code}")
    if result.exit_code == 1 and os.environ.get("FUZZ_EVENTS"):  # what the failures were, for tuning
        first = next((ln for ln in result.stderr.splitlines() if "error:" in ln), "")
        event(re.sub(r"'[^']*'|\d+", "…", first.partition("error:")[2])[:70])
        for reason in [ln for ln in result.stderr.splitlines() if ln.startswith("  ")][:1]:
            event("preflight:" + re.sub(r"'[^']*'|\d+(\.\d+)?", "…", reason)[:90])
    detail = f"{what}\nexit {result.exit_code}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (detail, result.exc_info)
    assert result.exit_code in (0, 1), detail
    assert "Traceback" not in result.output and "internal error" not in result.output, detail
    assert "\x00" not in result.output and "\x1b" not in result.output, detail
    if out is not None:
        left = sorted(p.name for p in out.parent.iterdir() if p.name != out.name)
        assert left == [], (f"left behind: {left}", detail)
        if result.exit_code == 0:
            assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes() != OLD_PDF, detail
        else:
            assert out.read_bytes() == OLD_PDF, ("a failed build changed the output", detail)
            lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
            errors = [ln for ln in lines if ERROR_LINE.match(ln)]
            assert errors, detail
            for ln in lines:  # located warnings, the error, and a failed preflight's reasons, indented
                assert WARNING_LINE.match(ln) or ERROR_LINE.match(ln) or ln.startswith("  "), (ln, detail)
            if explained and "preflight failed" in result.stderr:
                # the PDF's faults must come from something the manuscript was warned about, by line
                assert any(re.match(r"^.+\.md(:\d+)?: (key '[^']*': )?warning:", ln) for ln in lines), \
                    ("a preflight refusal no manuscript warning explains", detail)
    return result


def build_in_tmp(text: bytes, layout_yaml: str | None = None, layout: str = "print") -> None:
    """Build `text` as brief.md, with every figure file the fuzz may name, and check the contract.

    With a shipped layout, a preflight refusal must be explained by a located warning; a random layout
    may be refused for its own sake (web without bookmarks), which names the PDF and page."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "brief"
        (folder / "figures").mkdir(parents=True)
        (folder / "brief.md").write_bytes(text)
        for name, data in FIGURES.items():
            (folder / "figures" / name).write_bytes(data)
        (folder / "figures" / "data.csv").write_text(CSV, encoding="utf-8")
        out = root / "out" / "brief.pdf"
        out.parent.mkdir()
        out.write_bytes(OLD_PDF)
        args = ["build", str(folder), "-o", str(out), "--layout", layout]
        if layout_yaml is not None:
            (root / "ours.yaml").write_text(layout_yaml, encoding="utf-8", errors="surrogatepass")
            args[-1] = str(root / "ours.yaml")
        shown = text.decode("utf-8", "replace")[:3000] + (f"\n--- layout:\n{layout_yaml}" if layout_yaml else "")
        check_contract(args, out, shown, explained=layout_yaml is None)


def document(front: str, body: str) -> bytes:
    return f"---\n{front}---\n\n{body}".encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- front matter

NASTY = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u00ad", "\u200b", "\u202e", "\ud800", "\udfff",
                         "\ufeff", "\uffff", "\U0010ffff", "\t", "\n", "\r", "\u2028", "{", "}", "%", "\\", "'",
                         '"', ":", "#", "&", "*", "!", "|", ">", "[", "]", "é", "中", "😀", "\u0301"])
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.text(min_size=1, max_size=6), NASTY), max_size=10).map("".join),
    st.sampled_from([0, 1, 299, 499, 500, 501, 4999, 5001, 20001, 200_000]).map(lambda n: "x" * n),
)
SCALAR = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                     max_leaves=8)
KEY = st.one_of(st.sampled_from(list(FRONT_MATTER_KEYS)), st.text(max_size=10))
COLOPHON = st.dictionaries(st.one_of(st.sampled_from(list(COLOPHON_KEYS)), st.text(max_size=6)),
                           st.one_of(TEXT, st.lists(st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=3)),
                           max_size=4)


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    """Mostly a good front matter with a few keys changed, so that many builds get past the model."""
    data: dict[Any, Any] = dict(GOOD_FRONT)
    if draw(st.integers(0, 5)) == 0:  # drop a required key
        data.pop(draw(st.sampled_from(sorted(GOOD_FRONT))), None)
    for _ in range(draw(st.integers(0, 3))):  # a known key with a text value, nasty or not
        key = draw(st.sampled_from([k for k in FRONT_MATTER_KEYS if k != "colophon"]))
        plain = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
        value = draw(st.one_of(plain, plain, TEXT, st.lists(st.one_of(plain, TEXT), max_size=4)))
        data[key] = value if key != "lang" or draw(st.booleans()) else draw(st.sampled_from(["fr", "de-DE", "xx"]))
    if draw(st.integers(0, 3)) == 0:  # anything at all
        data.update(draw(st.dictionaries(KEY, VALUE, max_size=3)))
    if draw(st.booleans()):
        data["colophon"] = draw(COLOPHON)
    if draw(st.integers(0, 4)) == 0:  # not what a YAML dumper writes: raw lines
        lines = draw(st.lists(st.one_of(st.text(max_size=30), NASTY), max_size=6))
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "\n".join(lines) + "\n"
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False, width=10**6)


@given(front_matters())
def test_fuzz_front_matter(front: str) -> None:
    build_in_tmp(document(front, BODY))


# ---------------------------------------------------------------- Markdown bodies

WORD = st.one_of(st.sampled_from(["policy", "migration", "Mexico", "U.S.-Mexico", "1994–2005", "www.ailf.org",
                                  "https://example.org/a/very/long/path_with_underscores?x=1&y=2", "ipc@ailf.org",
                                  "Donau\u00addampf\u00adschiff", "alpha\u200bbeta", "Straße", "naïve", "中文",
                                  "😀", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "\\*", "**", "_", "`", "<b>", "<!-- x -->",
                                  "[^1]", "[^2]", "[^x]", "\u00a0", "a" * 120, "Über", "l'État", "“quoted”",
                                  "--", "...", "(c)", "1.", "#", "+", "|", "> not a quote", "^[an inline note]",
                                  "^[note with [^1] inside]", "<https://autolink.org>", "<x@y.org>", "[ref link][ref]",
                                  "[ref]", "~~strike~~", "<span>", "\\", "\\[", "&copy;", "![img](figures/photo.png)"]),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12))
LINK = st.one_of(st.sampled_from(["https://example.org", "#nowhere", "#section-1", "#note-1", "#", "",
                                  "mailto:x@y.org", "/relative", "www.x.org", "%00", "https://x.org/a b"]),
                 st.sampled_from(["https://example.org", "#section-1"]),
                 st.sampled_from(["javascript:alert(1)", "file:///etc/passwd"]))  # refused: an error
IMAGE = st.one_of(st.sampled_from([f"figures/{name}" for name in FIGURES] + ["figures/data.csv",
                                                                             'figures/data.csv "line"']),
                  st.sampled_from(["figures/missing.png", "../brief.md", "figures/a%00b.png", "figures",
                                   "https://x.org/a.png", "/etc/passwd", "figures/%2e%2e/brief.md", ""]))


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        w = draw(WORD)
        style = draw(st.integers(0, 9))
        if style == 1:
            w = f"*{w}*"
        elif style == 2:
            w = f"**{w}**"
        elif style == 3:
            w = f"`{w}`"
        elif style == 4:
            w = f"[{w}]({draw(LINK)})"
        elif style == 5:
            w += draw(st.sampled_from(["[^1]", "[^2]", "[^n]", "  \n", "\\\n"]))
        parts.append(w)
    return " ".join(parts)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 13))
    text = draw(inline())
    if kind == 0:
        return "#" * draw(st.integers(1, 7)) + " " + draw(st.sampled_from([text, "", "[^1]", "  "]))
    if kind == 1:
        return "\n".join("> " * draw(st.integers(1, 3)) + draw(inline()) for _ in range(draw(st.integers(1, 3))))
    if kind == 2:
        marker = draw(st.sampled_from(["-", "*", "1.", "3)", "+"]))
        return "\n".join("  " * draw(st.integers(0, 2)) + f"{marker} {draw(inline())}"
                         for _ in range(draw(st.integers(1, 4))))
    if kind == 3:
        return f"```{draw(st.sampled_from(['', 'python']))}\n{text}\n```"
    if kind == 4:
        return f"[^{draw(st.sampled_from(['1', '2', 'x', 'n']))}]: {text}"
    if kind == 5:
        return f"![{draw(st.sampled_from(['Figure 1: A chart', 'Chart 2. Trade', '', 'x']))}]({draw(IMAGE)})"
    if kind == 6:
        return draw(st.sampled_from(["---", "***", "| a | b |\n| - | - |\n| 1 | 2 |", "<div>html</div>",
                                     f"{text}\n===", f"{text}\n---", "[ref]: https://x.org", "    indented code"]))
    return text


@given(st.lists(block(), max_size=10), st.booleans(), st.sampled_from(["print", "web"]))
def test_fuzz_markdown_body(blocks: list[str], define_notes: bool, layout: str) -> None:
    front = yaml.safe_dump(GOOD_FRONT, sort_keys=False)
    body = "\n\n".join(blocks) + "\n"
    if define_notes:  # most briefs define the notes they cite
        body += "".join(f"\n[^{label}]: A note for {label}.\n" for label in ("1", "2", "x", "n")
                        if f"[^{label}]" in body and f"[^{label}]:" not in body)
    build_in_tmp(document(front, body), layout=layout)


# ---------------------------------------------------------------- layout overrides

def _options() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{section}.{f.name}", dict(f.metadata)) for section, cls in SECTIONS.items() for f in fields(cls)]


OPTIONS = _options()


@st.composite
def option_value(draw: st.DrawFn, meta: dict[str, Any]) -> Any:
    kind, lo, hi = meta["kind"], meta.get("lo"), meta.get("hi")
    if draw(st.integers(0, 9)) == 0:  # a wrong type
        return draw(st.one_of(st.text(max_size=8), st.booleans(), st.lists(st.integers(), max_size=2), st.none(),
                              st.floats(allow_nan=True, allow_infinity=True)))
    if kind in ("length", "number", "int"):
        low = lo if lo is not None else 0
        high = hi if hi is not None else 1000
        inside = (st.integers(int(low), int(high)) if kind == "int"
                  else st.floats(low, high, allow_nan=False))
        outside = st.sampled_from([low - 1, high + 1, -5, 1e9, 0])
        value = draw(st.one_of(inside, inside, inside, inside, inside, outside))
        if kind == "int":
            return int(value)
        if kind == "length" and draw(st.booleans()):
            return f"{value / 72:g}in"
        return value
    if kind == "bool":
        return draw(st.booleans())
    if kind == "choice":
        return draw(st.one_of(st.sampled_from(meta["choices"]), st.text(max_size=6)))
    if kind == "text":
        return draw(st.one_of(st.sampled_from(["{title}", "{volume}", "{", "}", "{{x}}", "{0}", "{title!r}", "",
                                               "• ", "–", "\x07", "x" * 600]), st.text(max_size=10)))
    if kind in ("color",):
        return draw(st.sampled_from(["cmyk(0, 0, 0, 100)", "#1f3a5f", "rgb(300, 0, 0)", "gray(50)", "red",
                                     "cmyk(1,2,3)"]))
    if kind == "colors":
        return draw(st.sampled_from([["#000000"], [], ["cmyk(0,0,0,100)", "#ff0000"], "x"]))
    if kind in ("font", "fonts"):
        return draw(st.sampled_from(["Lato-Bold.ttf", "missing.ttf", "x.otf", ["Lato-Regular.ttf"], []]))
    return None


@st.composite
def layout_files(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=3, unique_by=lambda o: o[0]))
    sections: dict[str, dict[str, Any]] = {}
    for key, meta in chosen:
        section, _, name = key.partition(".")
        if key == "output.output_intent":
            continue  # an ICC profile path: tested in test_layouts.py
        sections.setdefault(section, {})[name] = draw(option_value(meta))
    data: dict[str, Any] = {"extends": draw(st.sampled_from(["print", "web"])), **sections}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@given(layout_files())
def test_fuzz_layout_overrides(layout_yaml: str) -> None:
    front = yaml.safe_dump(GOOD_FRONT, sort_keys=False)
    body = ("Opening text with a note.[^1] " + "More words in the body text. " * 30 + "\n\n## A HEADING\n\n"
            + "Another paragraph of text, long enough to fill some lines. " * 20 + "\n\n> A quote.\n\n- an item\n\n"
            "![Figure 1: A chart](figures/data.csv)\n\n[^1]: The note.\n")
    build_in_tmp(document(front, body), layout_yaml=layout_yaml)


# ---------------------------------------------------------------- damaged PDFs given to check

_GOOD: dict[str, bytes] = {}


def good_pdf(layout: str) -> bytes:
    if layout not in _GOOD:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "brief"
            (folder / "figures").mkdir(parents=True)
            (folder / "figures" / "photo.png").write_bytes(PNG)
            (folder / "brief.md").write_bytes(document(yaml.safe_dump(GOOD_FRONT), BODY + "\n![Figure 1: A photo]"
                                                       "(figures/photo.png)\n\nSee https://example.org.\n"))
            out = Path(tmp) / "good.pdf"
            result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--layout", layout])
            assert result.exit_code == 0, result.output
            _GOOD[layout] = out.read_bytes()
    return _GOOD[layout]


TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"/FlateDecode", b"/Length", b"xref", b"trailer", b"/Root",
          b"/Pages", b"/Kids", b"/Font", b"/FontFile2", b"/MediaBox", b"/TrimBox", b"R", b"<<", b">>", b"[", b"]",
          b"%%EOF", b"startxref", b"/Annots", b"/Dest", b"/URI", b"/Count"]


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, bytes]:
    layout = draw(st.sampled_from(["print", "web"]))
    data = bytearray(good_pdf(layout))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 6))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == 0:  # truncate
            del data[pos:]
        elif kind == 1:  # flip bytes
            for i in range(pos, min(len(data), pos + draw(st.integers(1, 64)))):
                data[i] ^= draw(st.integers(1, 255))
        elif kind == 2:  # insert junk
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif kind == 3:  # delete a range
            del data[pos:pos + draw(st.integers(1, 2000))]
        elif kind == 4:  # break or swap a token
            old, new = draw(st.sampled_from(TOKENS)), draw(st.sampled_from(TOKENS + [b"", b"0", b"-1", b"99999"]))
            at = bytes(data).find(old, pos)
            if at >= 0:
                data[at:at + len(old)] = new
        elif kind == 5:  # change a number
            m = re.compile(rb"\d+").search(bytes(data), pos)
            if m:
                data[m.start():m.end()] = draw(st.sampled_from([b"0", b"-1", b"4294967296", b"99999999", b"1.5"]))
        else:  # append junk after %%EOF
            data += draw(st.binary(max_size=200))
    return draw(st.sampled_from(["", "print", "web"])), bytes(data)


@given(damage(), st.booleans())
def test_fuzz_damaged_pdf_check(damaged: tuple[str, bytes], as_json: bool) -> None:
    profile, data = damaged
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "damaged.pdf"
        pdf.write_bytes(data)
        args = ["check", str(pdf)] + (["--profile", profile] if profile else []) + (["--json"] if as_json else [])
        result = check_contract(args, None, f"{len(data)} bytes, profile {profile or 'auto'}")
        if as_json:
            report = json.loads(result.stdout)
            assert report["ok"] == (result.exit_code == 0)
            if report["pages"] is None:
                assert [r["id"] for r in report["results"]] == ["pdf-readable"]
        elif result.exit_code == 1 and "[pdf-readable]" in result.stderr:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
