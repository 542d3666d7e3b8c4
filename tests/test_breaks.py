"""Where lines may and may not break: hyphenation exceptions, soft hyphens, zero-width spaces, ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpress.errors import Warnings
from briefpress.layout.hyphenate import Hyphenator, exception_points
from briefpress.layout.nobreak import NBSP, tie
from briefpress.model.nodes import Text


def test_exceptions_come_before_the_patterns() -> None:
    assert exception_points(("Gua-na-jua-to", "NAFTA")) == {"guanajuato": (3, 5, 8), "nafta": ()}
    h = Hyphenator("en-US", 6, 2, 3, ("Gua-na-jua-to", "infor-mation"))
    assert h.points("Guanajuato,") == (3, 5, 8)
    assert h.points("information") == (5,)
    assert Hyphenator("en-US", 6, 2, 3, ("information",)).points("information") == ()
    assert Hyphenator("en-US", 6, 2, 3).points("information")  # the patterns would break it


def test_ties() -> None:
    assert tie("under §§ 21061-21062 of") == f"under §§{NBSP}21061-21062 of"
    assert tie("15 km and 20 % and 12 months") == f"15{NBSP}km and 20{NBSP}% and 12 months"


def _setter():  # type: ignore[no-untyped-def]
    from briefpress.fonts import FontBook
    from briefpress.layout.typeset import TypeSetter
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    warnings = Warnings()
    return TypeSetter(spec, FontBook(spec.fonts.fallback, warnings), "en-US", warnings, ("NAFTA",))


@pytest.mark.parametrize("text, never", [
    ("aaa bbb ccc ddd eee under §§ 21061-21062 fff ggg hhh iii jjj kkk lll", ("§§", "21061-")),
    ("aaa bbb ccc ddd eee fff it is 15 km away from ggg hhh iii jjj kkk", ("15",)),
])
def test_ties_never_end_a_line(text: str, never: tuple[str, ...]) -> None:
    from briefpress.layout.typeset import Shape

    setter = _setter()
    style = setter.inline_style("body")
    for width in range(60, 200, 7):
        result = setter.set((Text(text),), style, Shape(float(width)), 13.0, justify=False)
        assert result is not None
        for line in result.lines[:-1]:
            assert not line.text.rstrip().endswith(never), (width, line.text)


def test_soft_hyphens_print_only_at_a_line_end_and_zwsp_breaks() -> None:
    from briefpress.layout.typeset import Shape

    setter = _setter()
    style = setter.inline_style("body")
    word = "Gua\u00adna\u00adjua\u00adto"
    result = setter.set((Text(f"in {word} and {word} again"),), style, Shape(1000.0), 13.0, justify=False)
    assert result is not None and "Guanajuato and Guanajuato" in result.lines[0].text
    narrow = setter.set((Text(f"in {word}"),), style, Shape(30.0), 13.0, justify=False)
    assert narrow is not None and len(narrow.lines) > 2 and any(ln.hyphen for ln in narrow.lines[1:-1])
    assert "".join(ln.text for ln in narrow.lines).replace("\u00ad", "").replace(" ", "") == "inGuanajuato"
    zw = setter.set((Text("see averyveryverylongword\u200bthatgoeson here"),), style, Shape(70.0), 13.0,
                    justify=False, hyphenate=False)
    assert zw is not None
    texts = [ln.text.strip() for ln in zw.lines]
    assert "averyveryverylongword" in texts and any(t.startswith("thatgoeson") for t in texts), texts
    assert "\u200b" not in "".join(ln.text for ln in zw.lines)


def test_front_matter_hyphenation_reaches_the_setter(tmp_path: Path) -> None:
    from briefpress.model.load import load_brief

    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "brief.md").write_text('---\ntitle: T\npublisher: P\ndate: D\nabstract: A\n'
                                     'hyphenation: ["Gua-na-jua-to", "NAFTA"]\n---\n\nText.\n', encoding="utf-8")
    assert load_brief(folder, Warnings()).meta.hyphenation == ("Gua-na-jua-to", "NAFTA")


def test_words_after_numbers_are_not_units() -> None:
    assert tie("in 1994 in Mexico, 5 million and 12 more") == "in 1994 in Mexico, 5 million and 12 more"
