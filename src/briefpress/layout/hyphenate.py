"""Where a word may be hyphenated: exceptions, then pyphen's patterns plus the house rules.

Exceptions come from the layout (`breaking.exceptions`) and the brief's front matter (`hyphenation`), as
TeX's hyphenation exceptions: "Gua-na-jua-to" allows exactly those breaks, a word written without
hyphens ("NAFTA") never breaks; they match the word in any case and before the patterns are asked.

Otherwise no hyphen in words shorter than `min_word` letters, in capitals-only words
(acronyms), in words with digits, or in URLs; at least `min_before` letters
before a hyphen and `min_after` after it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..cache import cache_dir, store

WORD_CORE_RE = re.compile(r"^([^\w]*)(\w+)([^\w]*)$", re.UNICODE)


class Hyphenator:
    def __init__(self, lang: str, min_word: int, min_before: int, min_after: int,
                 exceptions: tuple[str, ...] = ()) -> None:
        import pyphen

        self.min_word = min_word
        self.exceptions = exception_points(exceptions)
        code = pyphen.language_fallback(lang.replace("-", "_"))
        self.available = code is not None
        if code:
            _preload_patterns(code)
        self._dic = pyphen.Pyphen(lang=code, left=min_before, right=min_after) if code else None
        self._cache: dict[str, tuple[int, ...]] = {}

    def points(self, word: str) -> tuple[int, ...]:
        """Offsets into `word` where a hyphen may be inserted."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result: tuple[int, ...] = ()
        m = WORD_CORE_RE.match(word)
        known = self.exceptions.get(m.group(2).lower()) if m and self.exceptions else None
        if known is not None and m:
            result = tuple(len(m.group(1)) + p for p in known)
        elif self._dic is not None and m:
            lead, core, _trail = m.groups()
            if (len(core) >= self.min_word and core.isalpha() and not core.isupper()
                    and not (core[0].isupper() and core[1:].isupper())):
                result = tuple(len(lead) + p for p in self._dic.positions(core))
        self._cache[word] = result
        return result


def exception_points(words: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """"Gua-na-jua-to" -> {"guanajuato": (3, 5, 8)}."""
    out: dict[str, tuple[int, ...]] = {}
    for written in words:
        parts = written.strip().split("-")
        points, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            points.append(at)
        out["".join(parts).lower()] = tuple(points)
    return out


@lru_cache(maxsize=8)
def hyphenator(lang: str, min_word: int, min_before: int, min_after: int,
               exceptions: tuple[str, ...] = ()) -> Hyphenator:
    return Hyphenator(lang, min_word, min_before, min_after, exceptions)


def _preload_patterns(code: str) -> None:
    """Give pyphen its parsed patterns from a cache file: parsing a .dic file costs ~70 ms per build.

    Uses pyphen's own module cache (`hdcache`); if pyphen's internals ever differ, it simply parses
    the file as usual.  The cache file is marshal data (plain dicts, tuples and ints; never pickle),
    checked for its shape when read, and keyed by pyphen's version and the dictionary file's size
    and date, so a new dictionary is parsed afresh.
    """
    import marshal

    import pyphen

    try:
        path = pyphen.LANGUAGES[code]
        if path in pyphen.hdcache:
            return
        stat = path.stat()
        name = f"{code}-{getattr(pyphen, 'VERSION', '0')}-{stat.st_size}-{int(stat.st_mtime)}.marshal"
        cached = cache_dir() / name
        try:
            patterns = marshal.loads(cached.read_bytes())
            if type(patterns) is not dict or not patterns:
                raise ValueError("not a pattern table")
            for k, v in patterns.items():
                if not (type(k) is str and type(v) is tuple and len(v) == 2 and type(v[1]) is tuple):
                    raise ValueError("not a pattern table")
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns = patterns
            hd.cache = {}
            hd.maxlen = max(len(k) for k in hd.patterns)
        except (OSError, ValueError, TypeError, EOFError):
            hd = pyphen.HyphDict(path)
            if all(type(x) is int for _s, values in hd.patterns.values() for x in values):
                store(cached, marshal.dumps({k: (s, tuple(v)) for k, (s, v) in hd.patterns.items()}))
        pyphen.hdcache[path] = hd
    except (AttributeError, KeyError):
        return
