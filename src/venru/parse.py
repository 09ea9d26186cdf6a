"""YAML text to a tree of located nodes, safely.

We read PyYAML's event stream instead of letting it construct objects, which gives us:

- nothing in a file can run code or build Python objects: there is no constructor at all;
- every scalar stays text until the schema says what it should be, so YAML 1.1 surprises
  (`NO` -> False, `015` -> 13, `12:30` -> 750, dates, `!!binary`, `!!set`) cannot happen;
- aliases, explicit tags and deep nesting are refused at the event that brings them, with its
  line, so "billion laughs" and tens of thousands of `[` cost nothing (PyYAML's composer
  recurses per level and its C version crashes the interpreter on deep input);
- half the memory of a composed node tree.
"""

from __future__ import annotations

from typing import Any

import yaml
import yaml.reader
from yaml import events

from venru.nodes import Mapping, Node, Scalar, Sequence

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml
    from yaml import Loader as _Parser  # type: ignore[assignment]

MAX_DEPTH = 64  # a fact base needs 5; anything deeper is a mistake or an attack

_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class ParseError(Exception):
    """The text is not a YAML document venru can read. Line and column are 0-based; `path` is
    where in the document it happened ('records[0]'), as far as the parser had got."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path


# PyYAML's wording of the syntax errors people make most, said in plain words for the person
# fixing the file (PyYAML's own words follow, for searching).
_PLAIN = {
    "mapping values are not allowed in this context": (
        "a 'key: value' where none can start: the line is indented more than the keys above it,"
        " or a value holds ': ' and needs quotes"
    ),
    "did not find expected '-' indicator": (
        "the line is indented less than the list items above it: line it up with them, or start a new item with '- '"
    ),
    "did not find expected key": (
        "the line does not line up with the keys above it: indent it as they are (with spaces), or"
        " quote a value that starts with a special character"
    ),
    "could not find expected ':'": (
        "a line with no 'key:' inside a mapping: give it its key, or quote a value that goes on over several lines"
    ),
    "found character '\\t' that cannot start any token": "a tab: YAML indents with spaces only",
    "found a tab character that violates indentation": "a tab: YAML indents with spaces only",
    "found character that cannot start any token": (
        "a character no YAML value can start with: a tab (YAML indents with spaces only), or a"
        " value starting with '@' or '`' that needs quotes"
    ),
    "did not find expected ',' or ']'": (
        "a list in [ ] that is not closed with ']', or whose items are not separated by ','"
    ),
    "did not find expected ',' or '}'": (
        "a mapping in { } that is not closed with '}', or whose pairs are not separated by ','"
    ),
}


def _where(stack: list[tuple[Mapping | Sequence, list[Node]]]) -> str:
    """The document path of the open collections: 'records[2].aliases' (a caller leaves out
    what is inside a flow collection: `[a, b` holds no path a person would write)."""
    path = ""
    for depth, (node, items) in enumerate(stack, 1):
        if isinstance(node, Sequence):
            if depth < len(stack):  # not the innermost list, which has no item being read
                path += f"[{len(items)}]"
        elif len(items) % 2 and isinstance(items[-1], Scalar):  # a key whose value is being read
            path += f".{items[-1].value}" if path else items[-1].value
    return path


def _tag_error(tag: str, mark: Any) -> ParseError:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return ParseError(f"tags are not allowed in a fact base, found {shown}", mark.line, mark.column)


def _anchor_error(anchor: str, mark: Any) -> ParseError:
    return ParseError(
        f"anchors (&{anchor}) are not allowed in a fact base: nothing may refer to them; remove '&{anchor}'",
        mark.line,
        mark.column,
    )


def parse(text: str) -> Node | None:
    """The single document in `text` as located nodes; None if it holds no document."""
    parser = _Parser(text)
    # A stack of open collections: (node, pending items).
    stack: list[tuple[Mapping | Sequence, list[Node]]] = []
    root: Node | None = None
    documents = 0
    flow_depth: int | None = None  # where the outermost open [ ] or { } is on the stack
    try:
        while True:
            event: Any = parser.get_event()
            if event is None:
                break
            kind = type(event)
            node: Node
            if kind is events.ScalarEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    raise _anchor_error(event.anchor, mark)
                if event.tag not in _STR_TAGS:
                    raise _tag_error(event.tag, mark)
                node = Scalar(event.value, event.implicit[0], mark.line, mark.column)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    raise _anchor_error(event.anchor, mark)
                if event.tag not in _COLLECTION_TAGS:
                    raise _tag_error(event.tag, mark)
                if len(stack) >= MAX_DEPTH:
                    raise ParseError(f"nesting deeper than {MAX_DEPTH} levels", mark.line, mark.column)
                if event.flow_style and flow_depth is None:
                    flow_depth = len(stack)
                if kind is events.MappingStartEvent:
                    stack.append((Mapping([], mark.line, mark.column), []))
                else:
                    stack.append((Sequence([], mark.line, mark.column), []))
                continue
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                node, items = stack.pop()
                if flow_depth == len(stack):
                    flow_depth = None
                if isinstance(node, Mapping):
                    node.pairs = list(zip(items[::2], items[1::2], strict=True))
                else:
                    node.items = items
            elif kind is events.AliasEvent:
                mark = event.start_mark
                raise ParseError(
                    f"aliases (*{event.anchor}) are not allowed in a fact base; write the value out",
                    mark.line,
                    mark.column,
                )
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise ParseError("more than one YAML document; a fact base is one document", mark.line, mark.column)
                continue
            else:  # stream and document ends
                continue
            if stack:
                stack[-1][1].append(node)
            else:
                root = node
    except yaml.MarkedYAMLError as error:
        where: Any = error.problem_mark or error.context_mark
        message = error.problem or str(error)
        if message in _PLAIN:
            message = f"{_PLAIN[message]} (YAML: {message})"
        elif error.context:
            message = f"{message} ({error.context})"
        line, column = (where.line, where.column) if where else (None, None)
        raise ParseError(
            message, line, column, _where(stack if flow_depth is None else stack[: flow_depth + 1])
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, with its offset
        start = error.position
        line = text.count("\n", 0, start)
        column = start - (text.rfind("\n", 0, start) + 1)
        message = f"character #x{error.character:04x} is not allowed in YAML ({error.reason}); write it as an escape"
        raise ParseError(message, line, column) from None
    except yaml.YAMLError as error:
        raise ParseError(" ".join(str(error).split())) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return root
