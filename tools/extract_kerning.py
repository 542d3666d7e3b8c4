#!/usr/bin/env python3
"""Extract pair kerning from the fonts in fonts/ into fonts/kerning/<font>.json.

ReportLab measures and draws TrueType text without kerning, and reading GPOS at
build time would need fontTools and cost time.  So kerning is extracted once,
here (a maintainer tool: `pip install fonttools`), for the characters a brief
uses (Latin, punctuation), and committed next to the fonts.  Values are in
thousandths of an em; briefpress applies them when measuring words and sets
them as TJ adjustments when drawing.

Usage: python tools/extract_kerning.py [fonts/X.ttf ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203A)]  # kept small: loaded per build


def wanted(cmap: dict[int, str]) -> dict[str, list[str]]:
    """glyph name -> characters mapped to it, for the characters briefs use."""
    out: dict[str, list[str]] = {}
    for lo, hi in RANGES:
        for code in range(lo, hi + 1):
            if code in cmap:
                out.setdefault(cmap[code], []).append(chr(code))
    return out


def value_x(record) -> int:  # type: ignore[no-untyped-def]
    v = getattr(record, "Value1", None)
    return int(getattr(v, "XAdvance", 0) or 0) if v is not None else 0


def pairs_from_gpos(font: TTFont, glyphs: dict[str, list[str]]) -> dict[str, int]:
    pairs: dict[tuple[str, str], int] = {}
    if "GPOS" not in font:
        return {}
    gpos = font["GPOS"].table
    lookups = set()
    for rec in gpos.FeatureList.FeatureRecord:
        if rec.FeatureTag == "kern":
            lookups.update(rec.Feature.LookupListIndex)
    for index in sorted(lookups):
        lookup = gpos.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:  # extension
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) != 2 and lookup.LookupType not in (2, 9):
                continue
            coverage = sub.Coverage.glyphs
            if sub.Format == 1:
                for first, pairset in zip(coverage, sub.PairSet):
                    if first not in glyphs:
                        continue
                    for rec in pairset.PairValueRecord:
                        if rec.SecondGlyph in glyphs:
                            pairs.setdefault((first, rec.SecondGlyph), value_x(rec))
            elif sub.Format == 2:
                class1 = sub.ClassDef1.classDefs
                class2 = sub.ClassDef2.classDefs
                for first in coverage:
                    if first not in glyphs:
                        continue
                    row = sub.Class1Record[class1.get(first, 0)]
                    for second in glyphs:
                        v = value_x(row.Class2Record[class2.get(second, 0)])
                        if v:
                            pairs.setdefault((first, second), v)
    return {f"{a}\t{b}": v for (a, b), v in pairs.items() if v}


def pairs_from_kern(font: TTFont, glyphs: dict[str, list[str]]) -> dict[str, int]:
    if "kern" not in font:
        return {}
    out: dict[str, int] = {}
    for table in font["kern"].kernTables:
        for (a, b), v in table.kernTable.items():
            if a in glyphs and b in glyphs and v:
                out.setdefault(f"{a}\t{b}", int(v))
    return out


def extract(path: Path) -> dict[str, object]:
    font = TTFont(str(path))
    upem = font["head"].unitsPerEm
    glyphs = wanted(font.getBestCmap())
    by_glyph = pairs_from_gpos(font, glyphs) or pairs_from_kern(font, glyphs)
    pairs: dict[str, int] = {}
    for key, value in by_glyph.items():
        a, b = key.split("\t")
        scaled = round(value * 1000 / upem)
        if not scaled:
            continue
        for ca in glyphs[a]:
            for cb in glyphs[b]:
                pairs[ca + cb] = scaled
    return {"font": path.name, "units": "1/1000 em", "pairs": dict(sorted(pairs.items()))}


def main(argv: list[str]) -> int:
    fonts = [Path(a) for a in argv] or sorted((ROOT / "fonts").glob("*.ttf"))
    out_dir = ROOT / "fonts" / "kerning"
    out_dir.mkdir(exist_ok=True)
    for path in fonts:
        data = extract(path)
        target = out_dir / (path.stem + ".json")
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"{path.name}: {len(data['pairs'])} pairs -> {target.relative_to(ROOT)}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
