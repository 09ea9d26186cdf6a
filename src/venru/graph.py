"""Pictures of a fact base: who is linked to what, as Mermaid or Graphviz DOT; the dated events
as a Mermaid timeline.

Nodes are records named by their labels, edges are the references between them, labelled with
the field that holds them. The references come from `query.refs`, which reads them through
`spec`, so a new kind or reference field appears here without edits. Layout is left to Mermaid
and Graphviz; SVG and PNG come from Graphviz's own `dot`.

Text from the data is escaped for each format: Mermaid labels use Mermaid's numeric entity
codes (`#34;` for a quotation mark), DOT labels are double-quoted strings with backslash
escapes. Quotation marks, brackets, pipes, `#`, `<`, `>` and any script are safe in both.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from venru import model, query

# Left out of the whole-base picture unless asked for with --kind: many small records that would
# bury the people, organizations, places, topics and events. Every other kind, including kinds
# added later, is drawn.
LEFT_OUT_BY_DEFAULT = frozenset({model.Kind.FIGURE, model.Kind.QUOTE, model.Kind.ACCOUNT})
MAX_LABEL = 60  # characters; longer labels are cut at a word boundary with …

# One fill colour per kind, in the model's order; more kinds than colours cycle through them.
_FILLS = ("#dbeafe", "#fef3c7", "#e0e7ff", "#dcfce7", "#fce7f3", "#ffedd5", "#f3e8ff", "#e5e7eb", "#ccfbf1")


class Edge(NamedTuple):
    source: str  # the id of the record that refers
    field: str  # the field that holds the reference, as in YAML and JSON
    target: str  # the id of the record referred to


class Graph(NamedTuple):
    nodes: tuple[model.Record, ...]  # in the fact base's order
    edges: tuple[Edge, ...]  # in the fact base's order, between nodes only, without repeats


def _all_edges(base: model.FactBase) -> list[Edge]:
    edges = (Edge(r.id, field, target) for r in base.records for field, target in query.refs(r))
    return list(dict.fromkeys(e for e in edges if e.target in base.by_id and e.target != e.source))


def select(
    base: model.FactBase,
    *,
    around: model.Record | None = None,
    depth: int = 1,
    kinds: Collection[model.Kind] | None = None,
) -> Graph:
    """The records to draw and the references between them.

    Without `kinds`, every kind but LEFT_OUT_BY_DEFAULT (every kind at all around a record).
    With `around`, the records within `depth` references of it, whichever way they point.
    """
    if kinds:
        wanted = set(kinds)
    elif around is not None:
        wanted = set(model.Kind)
    else:
        wanted = set(model.Kind) - LEFT_OUT_BY_DEFAULT
    kept: set[str] = {r.id for r in base.records if r.kind in wanted}
    edges = [e for e in _all_edges(base) if e.source in kept and e.target in kept]
    if around is not None:
        kept.add(around.id)
        edges = [e for e in _all_edges(base) if e.source in kept and e.target in kept]
        neighbours: dict[str, set[str]] = {}
        for edge in edges:
            neighbours.setdefault(edge.source, set()).add(edge.target)
            neighbours.setdefault(edge.target, set()).add(edge.source)
        distance: dict[str, int] = {around.id: 0}
        queue: deque[str] = deque([around.id])
        while queue:
            current = queue.popleft()
            if distance[current] == depth:
                continue
            for other in sorted(neighbours.get(current, ())):
                if other not in distance:
                    distance[other] = distance[current] + 1
                    queue.append(other)
        kept = set(distance)
        edges = [e for e in edges if e.source in kept and e.target in kept]
    return Graph(tuple(r for r in base.records if r.id in kept), tuple(edges))


def short(label: str, limit: int = MAX_LABEL) -> str:
    """A label on one line, cut at a word boundary with … when longer than `limit` characters."""
    text = " ".join(label.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _fill(kind: model.Kind) -> str:
    return _FILLS[list(model.Kind).index(kind) % len(_FILLS)]


def _kinds_of(nodes: Iterable[model.Record]) -> list[model.Kind]:
    present = {r.kind for r in nodes}
    return [k for k in model.Kind if k in present]


# ----------------------------------------------------------------------------- Mermaid

# Mermaid reads `#NN;` as the character with that code in every diagram type. In a quoted
# flowchart label these characters would end the label, start an entity or a Markdown string, or
# be read as HTML; brackets, pipes and colons are safe there. In a timeline, text is not quoted:
# `: ` separates events, `#` and `%%` start comments.
_LABEL_ESCAPES = {c: f"#{ord(c)};" for c in '"#<>&`'}
_TIMELINE_ESCAPES = {c: f"#{ord(c)};" for c in '"#<>&`:;%'}


def mermaid_text(text: str, escapes: dict[str, str] = _LABEL_ESCAPES) -> str:
    """Text safe inside a quoted Mermaid label (or, with _TIMELINE_ESCAPES, a timeline), on one line."""
    return "".join(escapes.get(c, c) for c in " ".join(text.split()))


def _mermaid_ids(nodes: Sequence[model.Record]) -> dict[str, str]:
    """Mermaid node ids: letters, digits and _ only, never a keyword such as `end`, never repeated."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for record in nodes:
        name = "n_" + re.sub(r"[^A-Za-z0-9]", "_", record.id)
        unique, number = name, 2
        while unique in taken:
            unique, number = f"{name}_{number}", number + 1
        taken.add(unique)
        ids[record.id] = unique
    return ids


def mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: one declaration per node, one arrow per reference."""
    ids = _mermaid_ids(graph.nodes)
    lines = ["flowchart LR"]
    for record in graph.nodes:
        lines.append(f'    {ids[record.id]}["{mermaid_text(short(record.label))}"]:::{record.kind.value}')
    for edge in graph.edges:
        lines.append(f'    {ids[edge.source]} -->|"{mermaid_text(edge.field)}"| {ids[edge.target]}')
    for kind in _kinds_of(graph.nodes):
        lines.append(f"    classDef {kind.value} fill:{_fill(kind)},stroke:#555555,color:#111111")
    return "\n".join(lines) + "\n"


def timeline_mermaid(events: Sequence[model.Record], title: str) -> str:
    """A Mermaid timeline: one period per date, oldest first, its events in the given order."""
    lines = ["timeline", f"    title {mermaid_text(title, _TIMELINE_ESCAPES)}"]
    by_date: dict[str, list[str]] = {}
    for record in events:
        date = str(getattr(record, "date", None) or "undated")
        by_date.setdefault(date, []).append(mermaid_text(short(record.label, 80), _TIMELINE_ESCAPES))
    for date, labels in by_date.items():
        lines.append(f"    {mermaid_text(date, _TIMELINE_ESCAPES)} : " + " : ".join(labels))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- Graphviz


def dot_string(text: str) -> str:
    """A DOT double-quoted string on one line: backslashes and quotation marks escaped."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(graph: Graph, name: str = "venru") -> str:
    """A Graphviz digraph: records as rounded boxes filled by kind, references as labelled arrows."""
    font = dot_string("Helvetica,Arial,sans-serif")
    lines = [
        f"digraph {dot_string(name)} {{",
        f"    graph [rankdir=LR, fontname={font}];",
        f'    node [shape=box, style="rounded,filled", fontname={font}, fontsize=11];',
        f'    edge [fontname={font}, fontsize=9, color="#666666", fontcolor="#444444"];',
    ]
    for record in graph.nodes:
        lines.append(
            f"    {dot_string(record.id)} [label={dot_string(short(record.label))}, "
            f'fillcolor="{_fill(record.kind)}", tooltip={dot_string(f"{record.kind.value} {record.id}")}];'
        )
    for edge in graph.edges:
        lines.append(f"    {dot_string(edge.source)} -> {dot_string(edge.target)} [label={dot_string(edge.field)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


class GraphvizError(Exception):
    """Graphviz's `dot` is missing or failed; `message` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


INSTALL_HINT = (
    "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz), or print DOT with --format dot"
)


def run_dot(source: str, image_format: str) -> bytes:
    """The picture Graphviz's `dot` draws from DOT `source`, as SVG or PNG bytes."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizError(f"Graphviz's 'dot' program is not on PATH; {INSTALL_HINT}")
    try:
        done = subprocess.run(
            [program, f"-T{image_format}"], input=source.encode("utf-8"), capture_output=True, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GraphvizError(f"Graphviz's 'dot' could not run: {error}") from error
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphvizError(f"Graphviz's 'dot' failed: {reason[0] if reason else f'exit {done.returncode}'}")
    return done.stdout
