"""How a justified line takes up its slack: glyph expansion, letterspacing, word spaces.

One model, used by the line breaker (to judge a line as it will be set) and by the line setter
(to set it), so the two never disagree about how loose a line comes out.  Stretching, in order:

1. the word spaces and the glyphs (font expansion, up to `expansion` of their width) stretch
   together, in proportion, until the glyphs reach their limit: glue ratio 1;
2. then the spaces go on stretching together with the letters' spacing (up to `letterspacing` em
   between every two glyphs), again in proportion, until the letterspacing reaches its limit:
   glue ratio 2;
3. past that only the spaces stretch;
4. a line whose word gaps would still come out wider than `max_gap` (a line that must end before a
   long word no pattern can break) letterspaces on, up to `rescue` em, until its gaps are `max_gap`:
   a little more spacing between letters reads better than a hole between words.  The breaker
   does not count on this (it judges such a line loose and avoids it where it can); only the lines
   it cannot avoid are rescued.

Letterspacing is thus never used on a line that the spaces and expansion can set at up to their
normal stretch; it only keeps a hard line (a narrow measure, long words, a URL) from gaping
(issue 10).  Shrinking: the glyphs narrow first, up to the expansion limit, then the spaces shrink
(tight spaces read as words run together); letters are never set closer.
"""

from __future__ import annotations

from dataclasses import dataclass

from .items import INFINITY


@dataclass(frozen=True, slots=True)
class Slack:
    """What one line has to absorb its slack with, in points."""

    gap: float  # measure minus natural width (negative: too wide)
    glue_stretch: float
    glue_shrink: float
    boxes: float  # natural width of the glyphs
    letter_gaps: int  # places between two glyphs where letterspacing may go
    glue: float = 0.0  # natural width of the word spaces
    spaces: int = 0  # how many word spaces


@dataclass(frozen=True, slots=True)
class Adjustment:
    ratio: float  # the glue's adjustment ratio (stretch if >= 0, shrink if < 0)
    scale: float = 1.0  # horizontal glyph scale
    track: float = 0.0  # extra advance after every glyph, pt


def stretch_ratio(gap: float, glue: float, glyphs: float, letters: float) -> float:
    """The glue's ratio for a line `gap` short: `glyphs` and `letters` are the most the expansion and the
    letterspacing can add (see the module docstring); INFINITY when nothing can fill it."""
    first = glue + glyphs
    if gap <= first:
        return gap / first if first > 0 else (0.0 if gap <= 0 else INFINITY)
    rest = gap - first
    second = glue + letters
    if rest <= second:
        return 1.0 + rest / second if second > 0 else INFINITY
    return 2.0 + (rest - second) / glue if glue > 0 else INFINITY


def seen_ratio(ratio: float, glue: float, spaces: int, letterspacing: float) -> float:
    """How loose a line with glue ratio `ratio` looks: its word gaps are its spaces and the letterspacing
    after each word's last glyph, counted as the glue ratio that would give gaps that wide.  The breaker
    judges lines by this, so a letterspaced line is never taken for tighter than it looks."""
    if ratio <= 1.0 or not letterspacing or not spaces or glue <= 0:
        return ratio
    return ratio + min(1.0, ratio - 1.0) * letterspacing * spaces / glue


def adjust(s: Slack, expansion: float, letterspacing: float, max_gap: float = 0.0,
           rescue: float = 0.0) -> Adjustment:
    """Set one justified line: the glyph scale, letterspacing and glue ratio that make it its measure.
    `max_gap` and `rescue` (points): the widest word gap, and the letterspacing that may go on to keep
    a line within it (step 4 of the module docstring); 0 for none."""
    adj = _adjust(s, expansion, letterspacing)
    if rescue > letterspacing and max_gap > 0 and s.spaces and adj.ratio > 1.0 and s.glue_stretch > 0:
        return _rescued(s, adj, max_gap, rescue)
    return adj


def _rescued(s: Slack, adj: Adjustment, max_gap: float, rescue: float) -> Adjustment:
    """`adj` with more letterspacing, if its word gaps are wider than `max_gap`: the track t that makes
    them max_gap solves  boxes*scale + letter_gaps*t + spaces*(max_gap - t) = measure."""
    spaces_w = s.glue + adj.ratio * s.glue_stretch
    if spaces_w / s.spaces + adj.track <= max_gap or s.letter_gaps <= s.spaces:
        return adj
    measure = s.gap + s.boxes + s.glue
    track = (measure - s.boxes * adj.scale - s.spaces * max_gap) / (s.letter_gaps - s.spaces)
    track = min(rescue, max(adj.track, track))
    spaces_w = measure - s.boxes * adj.scale - s.letter_gaps * track
    return Adjustment((spaces_w - s.glue) / s.glue_stretch, adj.scale, track)


def _adjust(s: Slack, expansion: float, letterspacing: float) -> Adjustment:
    if s.gap < 0:
        scale = 1.0 - min(expansion, -s.gap / s.boxes) if s.boxes else 1.0
        rest = s.gap + s.boxes * (1.0 - scale)
        return Adjustment(rest / s.glue_shrink if s.glue_shrink else 0.0, scale)
    glyphs = s.boxes * expansion
    letters = s.letter_gaps * letterspacing
    r = stretch_ratio(s.gap, s.glue_stretch, glyphs, letters)
    if r >= INFINITY:  # no glue, and more slack than expansion and letterspacing take: set it as far as they go
        return Adjustment(0.0, 1.0 + expansion, letterspacing if s.letter_gaps else 0.0)
    if r <= 1.0:
        return Adjustment(r, 1.0 + r * expansion)
    track = min(1.0, r - 1.0) * letterspacing
    return Adjustment(r, 1.0 + expansion, track)
