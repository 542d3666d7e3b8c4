"""Front matter: safe YAML, with the line of every key kept for messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ManuscriptError


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # "key" or "parent.key" -> 1-based line in the manuscript
    first_line: int

    def line_of(self, key: str) -> int:
        while key and key not in self.lines:
            key = key.rpartition(".")[0]
        return self.lines.get(key, self.first_line)


def _collect_lines(node: yaml.Node, prefix: str, offset: int, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = f"{prefix}{key_node.value}"
                out.setdefault(key, key_node.start_mark.line + offset)
                _collect_lines(value_node, key + ".", offset, out)


def parse_front_matter(text: str, path: Path, first_line: int) -> FrontMatter:
    """Parse the YAML between the `---` lines; `first_line` is the file line of its first line."""
    offset = first_line  # yaml lines are 0-based
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else first_line
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "fix the YAML syntax (quote values that contain ': ' or start with a special character)"
        if "constructor" in problem or "tag" in problem:
            problem = f"YAML tag not allowed: {problem}"
            hint = "remove the '!!' tag; front matter holds plain text, lists and mappings only"
        raise ManuscriptError(f"invalid front matter: {problem}", path=path, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise ManuscriptError(f"invalid front matter: {exc}", path=path, line=first_line) from None
    if data is None:
        raise ManuscriptError("the front matter is empty", path=path, line=first_line,
                              hint="add at least title, publisher, date and abstract")
    if not isinstance(data, dict):
        raise ManuscriptError("the front matter must be a mapping of 'key: value' lines",
                              path=path, line=first_line)
    lines: dict[str, int] = {}
    _collect_lines(node, "", offset, lines)
    return FrontMatter(data=data, lines=lines, first_line=first_line)
