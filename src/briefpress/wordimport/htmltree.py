"""Mammoth's HTML as a small tree (stdlib html.parser), which is easier to write Markdown from than a token stream.

Mammoth writes well-formed, attribute-light HTML, so the tree builder only
needs to know the void elements and to close unclosed tags at the end.
Adjacent runs of the same emphasis (Word splits runs freely: <em>a</em><em>b</em>)
are merged, so the writer never emits `*a**b*`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "img", "hr"}
MERGEABLE = {"em", "strong", "i", "b", "u", "s", "sup", "sub"}


@dataclass
class Node:
    """An element: tag, attributes and children (text or nodes)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def cls(self) -> str:
        return self.attrs.get("class", "")

    def find_all(self, tag: str) -> list[Node]:
        """Every descendant element with this tag, in document order."""
        out: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    out.append(child)
                out.extend(child.find_all(tag))
        return out

    def text(self) -> str:
        """The plain text below this element."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _merge_runs(node: Node) -> None:
    merged: list[Node | str] = []
    for child in node.children:
        prev = merged[-1] if merged else None
        if (isinstance(child, Node) and isinstance(prev, Node) and child.tag in MERGEABLE
                and child.tag == prev.tag and child.attrs == prev.attrs):
            prev.children.extend(child.children)
        else:
            merged.append(child)
    node.children = merged
    for child in node.children:
        if isinstance(child, Node):
            _merge_runs(child)


def parse_html(html: str) -> Node:
    """The tree under a synthetic root element."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    _merge_runs(builder.root)
    return builder.root
