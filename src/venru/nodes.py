"""Located YAML nodes: what `parse` builds and `validate` walks.

Plain classes with no YAML behind them, so the validator and its checks can use them without
loading PyYAML. Lines and columns are 0-based, as PyYAML's marks; problems add 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(slots=True)
class Scalar:
    value: str
    plain: bool  # unquoted: may be read as a number or null when the schema wants one
    line: int
    column: int

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(slots=True)
class Mapping:
    pairs: list[tuple[Node, Node]]
    line: int
    column: int


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


Node: TypeAlias = Scalar | Mapping | Sequence


def child(node: Node, key: str) -> Node | None:
    """The value of `key` in a mapping node (the first, if the key is repeated); None if absent."""
    if isinstance(node, Mapping):
        for name, value in node.pairs:
            if isinstance(name, Scalar) and name.value == key:
                return value
    return None


def describe(node: Node) -> str:
    """What a node holds, for messages: 'a mapping', 'a list', 'nothing', or the quoted text."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{shown!r}"
