"""Front matter: safe YAML, with the line of every key kept for messages.

Front matter is a handful of text values, lists and one mapping, so the loader
refuses everything YAML can do beyond that, each with the line it is on:

- explicit tags (`!!python/object/apply:…`, `!!binary`, `!!set`): the safe
  loader already refuses the code-running ones, but a refused tag should read
  as "not allowed here", and the harmless ones would print as `b'…'` or `{…}`;
- aliases (`*name`): the only use in front matter is an exponential "billion
  laughs" expansion or a self-referencing value;
- nesting deeper than any brief needs: PyYAML composes recursively, so a
  thousand `[` would end in a RecursionError;
- duplicate keys: YAML keeps the last silently, and a writer's first value
  would vanish.

Numbers and dates are kept as written (`volume: 1.10` is not `1.1`, `issue:
010` is not octal 8, `date: 2006-02-30` is text, not a crash in `datetime`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ManuscriptError

MAX_DEPTH = 8  # colophon -> contacts -> block -> line is 4; leave room, stop long before recursion limits
ALLOWED_TAGS = {"tag:yaml.org,2002:str"}
YAML_HINT = "fix the YAML syntax (quote values that contain ': ' or start with a special character)"


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # "key", "parent.key" or "key.0" (list item) -> 1-based line in the manuscript
    first_line: int

    def line_of(self, key: str) -> int:
        while key and key not in self.lines:
            key = key.rpartition(".")[0]
        return self.lines.get(key, self.first_line)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses tags, aliases and deep nesting while composing, and keeps scalars as text."""

    def __init__(self, stream: str, path: Path, offset: int) -> None:
        super().__init__(stream)
        self.bp_path = path
        self.bp_offset = offset
        self.bp_depth = 0
        self.bp_keys: list[str] = []  # the mapping keys above the node being composed, for messages

    def _refuse(self, message: str, mark: yaml.Mark | None, hint: str) -> ManuscriptError:
        line = mark.line + self.bp_offset if mark is not None else self.bp_offset
        key = ".".join(self.bp_keys) or None
        return ManuscriptError(message, path=self.bp_path, line=line, key=key, hint=hint)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:  # type: ignore[override]
        # PyYAML passes a mapping value's key node as `index`
        keyed = isinstance(parent, yaml.MappingNode) and isinstance(index, yaml.ScalarNode)
        if keyed:
            self.bp_keys.append(str(index.value))
        try:
            return self._compose_checked(parent, index)
        finally:
            if keyed:
                self.bp_keys.pop()

    def _compose_checked(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise self._refuse(f"YAML alias '*{event.anchor}' is not allowed in front matter", event.start_mark,
                               "write the value out in full instead of referring to an '&anchor'")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ALLOWED_TAGS:
            raise self._refuse(f"YAML tag '{_short_tag(tag)}' is not allowed in front matter", event.start_mark,
                               f"remove '{_short_tag(tag)}'; front matter holds plain text, lists and mappings only")
        self.bp_depth += 1
        try:
            if self.bp_depth > MAX_DEPTH:
                raise self._refuse(f"front matter is nested more than {MAX_DEPTH} levels deep", event.start_mark,
                                   "front matter holds text, lists of text and the colophon mapping; "
                                   "check the brackets and indentation")
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.bp_depth -= 1


def _as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(node.value)


for _tag in ("int", "float", "timestamp"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_written)


def _collect_lines(node: yaml.Node, prefix: str, offset: int, out: dict[str, int], path: Path) -> None:
    """Record the line of every key and list item, and refuse duplicate keys (YAML keeps the last silently)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + offset
            if key_node.value in seen:
                raise ManuscriptError(f"'{key_node.value}' appears twice (first on line {seen[key_node.value]})",
                                      path=path, line=line, key=key,
                                      hint="keep one of the two; YAML would silently use the last")
            seen[key_node.value] = line
            out.setdefault(key, line)
            _collect_lines(value_node, key + ".", offset, out, path)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out.setdefault(f"{prefix}{i}", item.start_mark.line + offset)
            _collect_lines(item, f"{prefix}{i}.", offset, out, path)


def parse_front_matter(text: str, path: Path, first_line: int) -> FrontMatter:
    """Parse the YAML between the `---` lines; `first_line` is the file line of its first line."""
    offset = first_line  # yaml lines are 0-based
    try:
        loader = _Loader(text, path, offset)
        try:
            node = loader.get_single_node()
            lines: dict[str, int] = {}
            if node is not None:
                _collect_lines(node, "", offset, lines, path)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = YAML_HINT
        at_end = "end of stream" in problem or "<stream end>" in problem
        if at_end and exc.context and exc.context_mark is not None:
            # YAML ran on to the end looking for a closing quote or bracket; the mistake is where it opened
            mark = exc.context_mark
            if "quoted scalar" in exc.context:
                problem, hint = "a quoted value is not closed", "add the closing quote"
            elif "flow" in exc.context:
                problem, hint = "a '[…]' or '{…}' value is not closed", "add the closing bracket"
        line = mark.line + offset if mark else first_line
        raise ManuscriptError(f"invalid front matter: {problem}", path=path, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise ManuscriptError(f"invalid front matter: {' '.join(str(exc).split())}", path=path, line=first_line,
                              hint=YAML_HINT) from None
    except RecursionError:  # a safety net: compose_node's depth limit should stop this first
        raise ManuscriptError("front matter is nested too deeply", path=path, line=first_line,
                              hint="check the brackets and indentation") from None
    if data is None:
        raise ManuscriptError("the front matter is empty", path=path, line=first_line,
                              hint="add at least title, publisher, date and abstract")
    if not isinstance(data, dict):
        raise ManuscriptError("the front matter must be a mapping of 'key: value' lines", path=path,
                              line=first_line, hint="write one 'key: value' per line, e.g. 'title: \"…\"'")
    return FrontMatter(data=data, lines=lines, first_line=first_line)
