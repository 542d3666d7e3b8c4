"""A progress bar on stderr for the CLI, shown only for documents long enough to wait for (over 4 pages)."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

import click

MIN_PAGES = 5


class ProgressBar:
    """Pass `update` as make_proof's `progress` callback; the bar appears on the first call if it is worth it."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None
        self._done = 0

    def __enter__(self) -> ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        if total < MIN_PAGES:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)
            self._bar = None
