"""Knuth-Plass optimal line breaking, with TeX's passes, and a greedy first-fit.

Pure: works on Box/Glue/Penalty items and a line-width function, imports no
PDF code.  The passes follow TeX: first without hyphenation at a strict
tolerance (most paragraphs of a good text set fine that way, and it keeps
hyphens rare), then with hyphenation, then with emergency stretch, and last
with no tolerance limit at all, where an overfull line is reported rather
than silently printed.

Costs (from Knuth & Plass, "Breaking Paragraphs into Lines", 1981, and TeX's
defaults): badness = 100 |r|^3; demerits = (line_penalty + badness)^2 plus the
squared penalty, plus extra demerits for consecutive hyphens, for a hyphen on
the second-to-last line, and for adjacent lines of very different tightness.
On top of TeX, a hard limit on consecutive hyphenated lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .adjust import seen_ratio, stretch_ratio
from .items import INFINITY, Box, Glue, Item, Penalty

MAX_BADNESS = 10000.0  # TeX's "infinitely bad"
AWFUL = 1e12  # demerits of a line accepted only because nothing else fits


@dataclass(frozen=True)
class BreakParams:
    tolerance: float = 2.0
    pretolerance: float = 1.0
    line_penalty: float = 10.0
    double_hyphen_demerits: float = 10000.0
    final_hyphen_demerits: float = 5000.0
    fitness_demerits: float = 10000.0
    emergency_stretch: float = 6.0
    max_hyphen_run: int = 2
    expansion: float = 0.0  # glyphs may be widened or narrowed by this fraction (font expansion)
    letterspacing: float = 0.0  # most extra space between two glyphs of a loose line, pt (layout.adjust)
    # badness of a shrunk line is multiplied by this: a tight line looks worse than a loose one of the same
    # ratio, since the shrink is the smaller amount and the eye reads words running together (issue 10)
    shrink_badness: float = 1.0
    # extra demerits for a paragraph whose last line is one word of at most runt_letters letters (a runt)
    runt_demerits: float = 0.0
    runt_letters: int = 5


@dataclass
class BreakResult:
    breaks: list[int]  # index of the item each line ends at
    ratios: list[float]  # adjustment ratio of each line
    overfull: list[int] = field(default_factory=list)  # line numbers that could not be made to fit
    passes: int = 1
    demerits: float = 0.0
    runt: bool = False  # the last line is one short word (see BreakParams.runt_demerits)


class _Node:
    __slots__ = ("pos", "line", "fitness", "total", "prev", "run", "ratio", "after", "flagged")

    def __init__(self, pos: int, line: int, fitness: int, total: float, prev: _Node | None, run: int,
                 ratio: float, after: int, flagged: bool) -> None:
        self.pos = pos
        self.line = line
        self.fitness = fitness
        self.total = total
        self.prev = prev
        self.run = run  # consecutive hyphenated lines ending here
        self.ratio = ratio
        self.after = after  # first item of the next line
        self.flagged = flagged


def _fitness(r: float) -> int:
    if r < -0.5:
        return 0
    if r <= 0.5:
        return 1
    if r <= 1.0:
        return 2
    return 3


def break_lines(items: Sequence[Item], width: Callable[[int], float], params: BreakParams,
                looseness: int = 0) -> BreakResult | None:
    """Best breaks for `items`, trying TeX's passes in turn; `width(n)` is the measure of line n.

    With `looseness` (+1 or -1) the paragraph is set one line longer or shorter, or None is returned
    when that cannot be done within the tolerance.
    """
    totals = _Totals(items, params)  # the same for every pass

    def attempt(tolerance: float, hyphenate: bool, emergency: float, last_resort: bool = False) -> BreakResult | None:
        return _knuth_plass(items, width, params, tolerance, hyphenate, emergency, looseness, last_resort, totals)

    if looseness:
        # only a setting as good as an ordinary one is worth a longer or shorter paragraph
        res = attempt(params.tolerance, True, 0.0)
        if res is not None:
            res.passes = 2
        return res
    if params.pretolerance >= 0:
        res = attempt(params.pretolerance, False, 0.0)
        if res is not None:
            res.passes = 1
            if not res.runt:
                return res
            # the unhyphenated pass ends on a runt: a hyphenated setting may avoid it (issue 10); the
            # cheaper of the two wins, the runt's demerits counted
            res2 = attempt(params.tolerance, True, 0.0)
            if res2 is not None and res2.demerits < res.demerits:
                res2.passes = 2
                return res2
            return res
    res = attempt(params.tolerance, True, 0.0)
    if res is not None:
        res.passes = 2
        return res
    if params.emergency_stretch > 0:
        res = attempt(params.tolerance, True, params.emergency_stretch)
        if res is not None:
            res.passes = 3
            return res
    res = attempt(float("inf"), True, params.emergency_stretch, last_resort=True)
    if res is None:
        if looseness:
            return None
        raise AssertionError("the last-resort pass always finds breaks")
    res.passes = 4
    return res


class _Totals:
    """Running totals before each item: width, glue stretch, shrink (the glyphs' included), glyph width,
    glyph count and word spaces, so a line's stretch is judged as layout.adjust will set it (the glyphs'
    and the letters' shares capped)."""

    def __init__(self, items: Sequence[Item], p: BreakParams) -> None:
        n = len(items)
        self.width = sw = [0.0] * (n + 1)
        self.stretch = sy = [0.0] * (n + 1)
        self.shrink = sz = [0.0] * (n + 1)
        self.boxes = sb = [0.0] * (n + 1)
        self.chars = sc = [0] * (n + 1)
        self.spaces = sg = [0] * (n + 1)
        self.e, self.ls = p.expansion, p.letterspacing
        self._reach: dict[float, list[float]] = {}
        w = y = z = bx = 0.0
        chars = spaces = 0
        e = p.expansion
        for i, it in enumerate(items):
            sw[i], sy[i], sz[i], sb[i], sc[i], sg[i] = w, y, z, bx, chars, spaces
            if type(it) is Box:
                w += it.width
                bx += it.width
                chars += it.chars  # type: ignore[union-attr]
                z += it.width * e
            elif type(it) is Glue:
                w += it.width
                y += it.stretch  # type: ignore[union-attr]
                z += it.shrink  # type: ignore[union-attr]
                spaces += it.stretch < INFINITY  # type: ignore[union-attr]
        sw[n], sy[n], sz[n], sb[n], sc[n], sg[n] = w, y, z, bx, chars, spaces

    def reach(self, t: float) -> list[float]:
        """Running totals of the most a line can stretch at glue ratio t (layout.adjust: the glyphs' share
        up to ratio 1, the letters' from 1 to 2, the glue's all along); kept, as passes share tolerances."""
        known = self._reach.get(t)
        if known is None:
            a, c = min(t, 1.0) * self.e, min(1.0, max(0.0, t - 1.0)) * self.ls
            known = self._reach[t] = [t * y + a * bx + c * ch for y, bx, ch in zip(self.stretch, self.boxes,
                                                                                   self.chars)]
        return known

    def stretched(self, s: int, b: int, pw: float, gap: float, extra: float, seen: bool = True) -> float:
        """The glue ratio of the line from item s to a break at b that is `gap` short (layout.adjust), or
        with `seen` how loose it looks, its letterspacing counted in its word gaps."""
        glue = self.stretch[b] - self.stretch[s] + extra
        letters = max(0, self.chars[b] - self.chars[s] - (0 if pw else 1)) * self.ls  # a break's hyphen: a glyph
        r = stretch_ratio(gap, glue, (self.boxes[b] - self.boxes[s] + pw) * self.e, letters)
        return seen_ratio(r, glue, self.spaces[b] - self.spaces[s], self.ls) if seen else r


def _knuth_plass(items: Sequence[Item], width: Callable[[int], float], p: BreakParams, tolerance: float,
                 hyphenate: bool, emergency: float, looseness: int, last_resort: bool,
                 totals: _Totals | None = None) -> BreakResult | None:
    n = len(items)
    totals = totals if totals is not None else _Totals(items, p)
    sw, sy, sz, sb, sc, sg = totals.width, totals.stretch, totals.shrink, totals.boxes, totals.chars, totals.spaces
    e, ls = p.expansion, p.letterspacing
    # an upper bound of the slack a line can take within the tolerance (the letters' share counted for every
    # glyph, one more than it has): the emergency stretch at that ratio, and a break's hyphen expanding
    reach = totals.reach(tolerance) if tolerance < INFINITY else None
    reach_extra = tolerance * emergency + 1e-9
    reach_pw = min(1.0, tolerance) * e

    # where the next line starts after a break at i: skip glue and penalties
    def after(i: int) -> int:
        j = i + 1
        while j < n and not isinstance(items[j], Box):
            it = items[j]
            if isinstance(it, Penalty) and it.cost <= -INFINITY:
                break
            j += 1
        return j

    # line numbers matter only while line widths differ; beyond that, merge nodes as TeX does
    easy_line = 0
    widths = [width(k) for k in range(12)]
    for k in range(1, 12):
        if widths[k] != widths[k - 1]:
            easy_line = k + 1
    n_widths = len(widths)
    w_rest = widths[-1]
    track_lines = looseness != 0

    # the legal breakpoints: (index, penalty, width at the break, flagged)
    points: list[tuple[int, float, float, bool]] = []
    prev_box = False
    for b, item in enumerate(items):
        if isinstance(item, Box):
            prev_box = True
            continue
        if isinstance(item, Glue):
            if prev_box:
                points.append((b, 0.0, 0.0, False))
        elif item.cost < INFINITY and (hyphenate or item.hyphen is None):
            points.append((b, item.cost, item.width, item.flagged))
        prev_box = False

    def runt(s: int, b: int) -> bool:
        """Is the line from item s to the paragraph's end at b one short word (issue 10)?"""
        letters = 0
        for k in range(s, b):
            it = items[k]
            if isinstance(it, Glue) and it.stretch < INFINITY:
                return False  # a word space: more than one word
            if isinstance(it, Box):
                letters += sum(ch.isalnum() for fr in it.frags if fr.rise <= 0 for ch in fr.text)  # not a note ref
        return 0 < letters <= p.runt_letters

    start = _Node(0, 0, 1, 0.0, None, 0, 0.0, 0, False)
    active: list[_Node] = [start]  # in order of where their next line starts (survivors keep it)
    # the last place a line narrower than the rest (a drop cap's, an indented first line's) may start
    narrow_until = 0 if easy_line > 1 else -1
    tol = tolerance
    lp = p.line_penalty
    max_run = p.max_hyphen_run
    for b, pen, pw, flagged in points:
        forced = pen <= -INFINITY
        candidates: dict[tuple[int, int, int], _Node] = {}
        survivors: list[_Node] = []
        best_dead: tuple[float, _Node] | None = None
        for index, a in enumerate(active):
            s = a.after
            line_no = a.line
            target = widths[line_no] if line_no < n_widths else w_rest
            natural = sw[b] - sw[s] + pw
            if natural < target:
                # the hot loop: most lines tried are far too short; one look at the most the line could take
                # within the tolerance rejects them before the exact judgement (layout.adjust)
                gap = target - natural
                if reach is not None and gap > reach[b] - reach[s] + reach_extra + reach_pw * pw:
                    if s > narrow_until and not forced:
                        # every later node starts its line later, at the full measure: all too short too
                        survivors.extend(active[index:])
                        break
                    r = tol + 1.0
                else:  # Totals.stretched, inlined
                    glue = sy[b] - sy[s] + emergency
                    first = glue + (sb[b] - sb[s] + pw) * e
                    if gap <= first:
                        r = gap / first
                    else:
                        glyphs = sc[b] - sc[s] - (0 if pw else 1)
                        second = glue + (glyphs * ls if glyphs > 0 else 0.0)
                        rest = gap - first
                        if rest <= second:
                            r = 1.0 + rest / second
                        else:
                            r = 2.0 + (rest - second) / glue if glue > 0 else INFINITY
                        if ls and glue > 0 and r < INFINITY:  # adjust.seen_ratio
                            r += min(1.0, r - 1.0) * ls * (sg[b] - sg[s]) / glue
            elif natural > target:
                shrink = sz[b] - sz[s]
                r = (target - natural) / shrink if shrink > 0 else -INFINITY
            else:
                r = 0.0
            if r < -1.0 or forced:
                if r < -1.0 and (best_dead is None or r > best_dead[0]):
                    best_dead = (r, a)
            else:
                survivors.append(a)
            if r < -1.0 or r > tol:
                continue
            if flagged and a.flagged and a.run >= max_run:
                continue
            badness = 100.0 * abs(r) ** 3 if r < 10 else MAX_BADNESS
            if r < 0:
                badness *= p.shrink_badness
            if badness > MAX_BADNESS:
                badness = MAX_BADNESS
            d = (lp + badness) ** 2
            if pen > 0:
                d += pen * pen
            elif not forced and pen < 0:
                d -= pen * pen
            if flagged and a.flagged:
                d += p.double_hyphen_demerits
            elif forced and a.flagged:
                d += p.final_hyphen_demerits
            if forced and p.runt_demerits and b == n - 1 and a.line > 0 and runt(s, b):
                d += p.runt_demerits
            fit = _fitness(r)
            if abs(fit - a.fitness) > 1:
                d += p.fitness_demerits
            total = a.total + d
            run = a.run + 1 if flagged else 0
            line_key = line_no + 1 if (track_lines or line_no + 1 < easy_line) else easy_line
            key = (fit, line_key, run)
            old = candidates.get(key)
            if old is None or total < old.total:
                candidates[key] = _Node(b, line_no + 1, fit, total, a, run, r, 0, flagged)
        if not survivors and not candidates and last_resort and best_dead is not None:
            # nothing fits: accept an overfull line rather than fail (reported to the writer)
            r, a = best_dead
            candidates[(1, a.line + 1, 0)] = _Node(b, a.line + 1, 1, a.total + AWFUL, a, 0, r, 0, flagged)
        active = survivors
        if candidates:
            nxt = after(b)
            for node in candidates.values():
                node.after = nxt
                active.append(node)
                if node.line < easy_line - 1:
                    narrow_until = nxt
        if not active:
            return None
    finals = [a for a in active if a.pos == n - 1]
    if not finals:
        return None
    best = min(finals, key=lambda a: a.total)
    if looseness:
        wanted = best.line + looseness
        same = [a for a in finals if a.line == wanted]
        if not same:
            return None
        best = min(same, key=lambda a: a.total)
    breaks: list[int] = []
    ratios: list[float] = []
    overfull: list[int] = []
    node: _Node | None = best
    while node is not None and node.prev is not None:
        breaks.append(node.pos)
        ratios.append(_set_ratio(node, items, width, totals))
        if node.ratio < -1.0:
            overfull.append(node.line - 1)
        node = node.prev
    breaks.reverse()
    ratios.reverse()
    start_last = best.prev.after if best.prev is not None else 0
    is_runt = bool(p.runt_demerits) and len(breaks) > 1 and runt(start_last, n - 1)
    return BreakResult(breaks, ratios, sorted(overfull), demerits=best.total, runt=is_runt)


def _set_ratio(node: _Node, items: Sequence[Item], width: Callable[[int], float], totals: _Totals) -> float:
    """The glue's ratio of a chosen line as lines.set_lines sets it: without the emergency stretch, and
    not as loose as it looks (the breaker judged it with its letterspacing counted, see _Totals)."""
    if node.ratio <= 0 or node.prev is None:
        return node.ratio
    s, b = node.prev.after, node.pos
    end = items[b]
    pw = end.width if isinstance(end, Penalty) else 0.0
    gap = width(node.line - 1) - (totals.width[b] - totals.width[s] + pw)
    return totals.stretched(s, b, pw, gap, 0.0, seen=False)


def greedy_breaks(items: Sequence[Item], width: Callable[[int], float], params: BreakParams) -> BreakResult:
    """First fit: fill each line as far as it will go, as ReportLab and word processors do."""
    breaks: list[int] = []
    ratios: list[float] = []
    overfull: list[int] = []
    line = 0
    start = 0
    n = len(items)
    last_ok: tuple[int, float] | None = None
    last_cheap: tuple[int, float] | None = None
    nat = stretch = shrink = 0.0
    i = 0
    prev_box = False
    while i < n:
        it = items[i]
        if isinstance(it, Box):
            nat += it.width
            stretch += it.width * params.expansion
            shrink += it.width * params.expansion
            prev_box = True
            i += 1
            continue
        is_break = (isinstance(it, Glue) and prev_box) or (isinstance(it, Penalty) and it.cost < INFINITY)
        prev_box = False
        if is_break:
            pw = it.width if isinstance(it, Penalty) else 0.0
            target = width(line)
            total = nat + pw
            if total <= target:
                r = (target - total) / stretch if stretch > 0 else (0.0 if total == target else INFINITY)
            else:
                r = (target - total) / shrink if shrink > 0 else -INFINITY
            forced = isinstance(it, Penalty) and it.cost <= -INFINITY
            if r >= -1.0:
                last_ok = (i, r)
                if not isinstance(it, Penalty) or it.flagged or it.hyphen is not None:
                    last_cheap = (i, r)
            if r < -1.0 or forced:
                if r < -1.0 and (last_cheap or last_ok) is not None:
                    # a word space or a hyphenation point, if the line has one, before a break inside
                    # a URL or after a slash or dash, which first fit would otherwise always take
                    brk, ratio = last_cheap or last_ok  # type: ignore[misc]
                elif forced and r >= -1.0:
                    brk, ratio = i, r
                else:
                    brk, ratio = i, r
                    overfull.append(line)
                breaks.append(brk)
                ratios.append(ratio)
                line += 1
                # restart measuring after the break
                start = brk + 1
                while start < n and not isinstance(items[start], Box) and not (
                        isinstance(items[start], Penalty) and items[start].cost <= -INFINITY):  # type: ignore[union-attr]
                    start += 1
                if brk == n - 1:
                    break
                i = start
                nat = stretch = shrink = 0.0
                last_ok = last_cheap = None
                prev_box = False
                continue
        if isinstance(it, Glue):
            nat += it.width
            stretch += it.stretch
            shrink += it.shrink
        i += 1
    if not breaks or breaks[-1] != n - 1:
        breaks.append(n - 1)
        ratios.append(0.0)
    return BreakResult(breaks, ratios, overfull)
