"""Knuth-Plass line breaking, hyphenation and item building, on small hand-checked paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefpress.layout.hyphenate import Hyphenator
from briefpress.layout.items import INFINITY, Box, Frag, Glue, ItemBuilder, InlineStyle, Penalty
from briefpress.layout.linebreak import BreakParams, break_lines, greedy_breaks
from briefpress.model.nodes import NoteRef, Text

SPACE = Glue(3.0, 1.5, 1.0)  # a fixed-width "font": space 3, stretch 1.5, shrink 1


def word(width: float, text: str = "w") -> Box:
    return Box(width, (Frag(text, "F", 10.0),))


def paragraph(widths: list[float]) -> list:
    items: list = []
    for k, w in enumerate(widths):
        if k:
            items.append(Glue(SPACE.width, SPACE.stretch, SPACE.shrink))
        items.append(word(w, f"w{k}"))
    items += [Penalty(0, INFINITY), Glue(0, INFINITY, 0), Penalty(0, -INFINITY)]
    return items


def line_widths(items: list, breaks: list[int]) -> list[float]:
    """Natural width of each line: its boxes and inner glue (not the glue it breaks at)."""
    out, start = [], 0
    for b in breaks:
        out.append(sum(it.width for it in items[start:b]
                       if isinstance(it, Box) or (isinstance(it, Glue) and it.stretch < INFINITY)))
        start = b + 1
    return out


PARAMS = BreakParams(tolerance=10.0, pretolerance=-1, line_penalty=10, emergency_stretch=0)


def test_optimal_breaks_differ_from_greedy_and_are_better() -> None:
    # greedy fills line 1 (25+3+25+3+25+3+12 = 96 of 100) and leaves "40 40" loose beside a long last word;
    # the optimum moves the 12 down and sets both lines near their natural width
    items = paragraph([25, 25, 25, 12, 40, 30, 60])
    width = 100.0
    greedy = greedy_breaks(items, lambda n: width, PARAMS)
    optimal = break_lines(items, lambda n: width, PARAMS)
    assert optimal is not None
    assert optimal.breaks != greedy.breaks
    worst = lambda res: max(abs(r) for r in res.ratios[:-1])  # noqa: E731
    assert worst(optimal) < worst(greedy)
    assert all(-1 <= r <= PARAMS.tolerance for r in optimal.ratios)


def test_hand_computed_three_line_paragraph() -> None:
    # six words of 20 with space 3: two lines of three words are exactly 66 wide
    items = paragraph([20] * 6)
    res = break_lines(items, lambda n: 66.0, PARAMS)
    assert res is not None
    assert res.breaks == [5, 13]  # at the glue after the third word, and the final forced break
    assert res.ratios[0] == pytest.approx(0.0)


def test_drop_cap_lines_are_shorter() -> None:
    items = paragraph([18, 22, 15, 30, 12, 25, 20, 16, 28, 14, 19, 24, 17, 21])
    indent = 30.0

    def width(n: int) -> float:
        return 90.0 - indent if n < 3 else 90.0

    res = break_lines(items, width, PARAMS)
    assert res is not None and len(res.breaks) >= 4
    naturals = line_widths(items, res.breaks)
    for n, natural in enumerate(naturals[:-1]):
        assert -1 <= res.ratios[n] <= PARAMS.tolerance
        # the ratio reported is the one that makes the line exactly its measure
        spaces = sum(1 for it in items[(res.breaks[n - 1] + 1 if n else 0):res.breaks[n]] if isinstance(it, Glue))
        adjust = SPACE.stretch if res.ratios[n] >= 0 else SPACE.shrink
        assert natural + res.ratios[n] * adjust * spaces == pytest.approx(width(n))
    # the lines beside the cap really are set to the shorter measure
    assert max(naturals[:3]) <= 90.0 - indent + 3 * SPACE.shrink


def test_impossible_paragraph_is_reported_overfull() -> None:
    items = paragraph([30, 150, 20])  # a word wider than the measure
    res = break_lines(items, lambda n: 100.0, BreakParams(tolerance=2, pretolerance=1, emergency_stretch=5))
    assert res is not None
    assert res.overfull, "an impossible line must be reported"
    assert res.passes == 4


def test_impossible_paragraph_warns_with_its_text(tmp_path: Path) -> None:
    from briefpress.errors import Warnings
    from briefpress.fonts import FontBook
    from briefpress.layout.typeset import Shape, TypeSetter
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    warnings = Warnings()
    setter = TypeSetter(spec, FontBook(spec.fonts.fallback, warnings), "en-US", warnings)
    runs = (Text("Short words then Pneumonoultramicroscopicsilicovolcanoconiosisandmoreandmoreletters end."),)
    result = setter.set(runs, setter.inline_style("body"), Shape(60.0), 13.0, where=(tmp_path / "brief.md", 7))
    assert result is not None
    messages = [str(w) for w in warnings]
    assert any("brief.md:7" in m and "too long" in m and "volcano" in m for m in messages), messages


def test_never_more_consecutive_hyphens_than_allowed() -> None:
    # every word can only break at a hyphenation point: without the limit the optimum hyphenates every line
    items: list = []
    for k in range(12):
        if k:
            items.append(Glue(3, 1.5, 1))
        items += [word(20), Penalty(2, 50, True, Frag("-", "F", 10)), word(20)]
    items += [Penalty(0, INFINITY), Glue(0, INFINITY, 0), Penalty(0, -INFINITY)]
    params = BreakParams(tolerance=10, pretolerance=-1, max_hyphen_run=2, double_hyphen_demerits=0)
    res = break_lines(items, lambda n: 64.0, params)
    assert res is not None
    run = longest = 0
    for b in res.breaks:
        it = items[b]
        run = run + 1 if isinstance(it, Penalty) and it.flagged else 0
        longest = max(longest, run)
    assert 1 <= longest <= 2


def test_looseness_sets_a_paragraph_one_line_longer() -> None:
    items = paragraph([10, 8, 14, 6, 12, 9, 15, 7, 11, 13, 8, 10, 12, 6, 9, 14, 7, 11] * 4)
    params = BreakParams(tolerance=3.0, pretolerance=-1)
    normal = break_lines(items, lambda n: 110.0, params)
    longer = break_lines(items, lambda n: 110.0, params, looseness=1)
    assert normal is not None and longer is not None
    assert len(longer.breaks) == len(normal.breaks) + 1
    assert max(longer.ratios) <= 3.0
    shorter = break_lines(items, lambda n: 110.0, params, looseness=-1)
    assert shorter is not None and len(shorter.breaks) == len(normal.breaks) - 1


# -- items -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def builder() -> ItemBuilder:
    from briefpress.errors import Warnings
    from briefpress.fonts import FontBook
    from briefpress.style.load import load_layout

    spec = load_layout("print")
    fonts = FontBook(spec.fonts.fallback, Warnings())
    style = InlineStyle(spec.fonts.text, spec.fonts.text_italic, spec.fonts.text_bold, spec.fonts.text_bold, 10.5)
    return ItemBuilder(fonts, style, spec.breaking, Hyphenator("en-US", 6, 2, 3))


def test_note_reference_is_glued_to_the_word_before(builder: ItemBuilder) -> None:
    items = builder.build((Text("the first place. "), NoteRef(1, "1"), Text(" While")))
    ref = next(i for i, it in enumerate(items) if isinstance(it, Box) and it.note == 1)
    assert isinstance(items[ref - 1], Box), "nothing may come between a word and its note reference"
    assert items[ref - 1].frags[0].text == "place."
    # and the reference is raised and small
    frag = items[ref].frags[0]
    assert frag.rise > 0 and frag.size < 10.5


def test_hyphenation_rules(builder: ItemBuilder) -> None:
    hy = builder.hyph
    assert hy.points("undocumented")  # long words hyphenate
    assert all(p >= 2 and len("undocumented") - p >= 3 for p in hy.points("undocumented"))
    assert hy.points("reform") == () or all(p >= 2 for p in hy.points("reform"))
    assert hy.points("short") == ()  # fewer than 6 letters
    assert hy.points("NAFTA") == () and hy.points("UNESCO") == ()  # capitals-only words
    assert hy.points("2004-2005") == ()

    def hyphen_points(text: str) -> int:
        return sum(1 for it in builder.build((Text(text),)) if isinstance(it, Penalty) and it.hyphen is not None)

    # never in the last word of a paragraph
    assert hyphen_points("undocumented") == 0
    assert hyphen_points("undocumented and") == len(hy.points("undocumented"))
    assert hyphen_points("many undocumented") == 0


def test_urls_break_at_slashes_without_hyphens(builder: ItemBuilder) -> None:
    url = "https://www.example.org/research/reports/2006/very-long-path-name"
    items = builder.build((Text("see " + url + " today"),))
    url_penalties = [it for it in items if isinstance(it, Penalty) and it.cost < INFINITY and it.cost > -INFINITY]
    assert url_penalties and all(p.hyphen is None and not p.flagged for p in url_penalties)
    pieces = "".join(it.frags[0].text for it in items if isinstance(it, Box))
    assert url in pieces


def test_greedy_prefers_a_word_space_to_a_break_inside_a_url() -> None:
    # "aaaa bbbb|bbbb": the line fits up to the break inside the second word (a URL), but a space comes first
    items = [word(40), Glue(3, 1.5, 1), word(30), Penalty(0, 800.0), word(30)]
    items += [Penalty(0, INFINITY), Glue(0, INFINITY, 0), Penalty(0, -INFINITY)]
    res = greedy_breaks(items, lambda n: 80.0, PARAMS)
    assert res.breaks[0] == 1
