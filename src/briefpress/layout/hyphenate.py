"""Where a word may be hyphenated: pyphen's patterns plus the house rules.

No hyphen in words shorter than `min_word` letters, in capitals-only words
(acronyms), in words with digits, or in URLs; at least `min_before` letters
before a hyphen and `min_after` after it.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_CORE_RE = re.compile(r"^([^\w]*)(\w+)([^\w]*)$", re.UNICODE)


class Hyphenator:
    def __init__(self, lang: str, min_word: int, min_before: int, min_after: int) -> None:
        import pyphen

        self.min_word = min_word
        code = pyphen.language_fallback(lang.replace("-", "_"))
        self.available = code is not None
        self._dic = pyphen.Pyphen(lang=code, left=min_before, right=min_after) if code else None
        self._cache: dict[str, tuple[int, ...]] = {}

    def points(self, word: str) -> tuple[int, ...]:
        """Offsets into `word` where a hyphen may be inserted."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result: tuple[int, ...] = ()
        m = WORD_CORE_RE.match(word)
        if self._dic is not None and m:
            lead, core, _trail = m.groups()
            if (len(core) >= self.min_word and core.isalpha() and not core.isupper()
                    and not (core[0].isupper() and core[1:].isupper())):
                result = tuple(len(lead) + p for p in self._dic.positions(core))
        self._cache[word] = result
        return result


@lru_cache(maxsize=8)
def hyphenator(lang: str, min_word: int, min_before: int, min_after: int) -> Hyphenator:
    return Hyphenator(lang, min_word, min_before, min_after)
