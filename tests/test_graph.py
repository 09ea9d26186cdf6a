"""Graph selection, Mermaid structure and escaping, DOT drawn by the real Graphviz."""

from __future__ import annotations

import html
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import SHIPPED
from venru import graph, load, model, query

# A base whose labels hold everything that could break a diagram: quotation marks, brackets,
# braces, pipes, '#', entity look-alikes, HTML, backslashes, colons, '%%', Cyrillic, Arabic, an
# emoji; ids that are Mermaid and DOT keywords.
HOSTILE = """\
sources:
  - id: art
    title: Titel
    title_en: Title
    language: de
    date: "2022-02"
    file: article.txt
records:
  - id: end
    kind: participant
    name: 'Юрий "Юра" Борисов [RU] {x}'
    aliases: [Борисов]
    country: RU
    side: russia
    roles: ['<b>Chef</b> & Leiter']
    organizations: [graph, subgraph]
    evidence: [{paragraph: 1, quote: Борисов}]
  - id: graph
    kind: organization
    name: 'لجنة "CIAN" (مشتركة) #2; <i>a|b</i> ; c: d %% e \\\\ f `g`'
    type: commission
    evidence: [{paragraph: 1, quote: CIAN}]
  - id: subgraph
    kind: organization
    name: 'node -> edge --> "x" ]] [[ ])'
    type: delegation
    evidence: [{paragraph: 1, quote: CIAN}]
  - id: node
    kind: event
    date: "2022-02-16"
    label: 'Treffen: "Caracas" #1; [Mi] 😀 ; 100% & <mehr> : ende'
    participants: [end]
    evidence: [{paragraph: 1, quote: trafen}]
  - id: later
    kind: event
    date: "2022-02-17"
    label: 'Second day'
    related: [node]
    evidence: [{paragraph: 1, quote: trafen}]
"""
ARTICLE = "Titel\nБорисов und CIAN trafen sich.\n"


@pytest.fixture(scope="module")
def shipped() -> model.FactBase:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None
    return loaded.base


@pytest.fixture
def hostile(tmp_path: Path) -> model.FactBase:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "facts.yaml").write_text(HOSTILE, encoding="utf-8")
    loaded = load.load(str(tmp_path / "facts.yaml"))
    assert loaded.base is not None, loaded.problems
    assert not loaded.problems
    return loaded.base


def need_dot() -> None:
    """Graphviz must be there under CI (.ci/run installs it); elsewhere its absence skips."""
    if shutil.which("dot") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Graphviz's dot is missing under CI; .ci/run should have installed it")
        pytest.skip("Graphviz's dot is not installed")


# ----------------------------------------------------------------------------- Mermaid checks

_NODE = re.compile(r'    (n_\w+)\["([^"]*)"\]:::(\w+)')
_EDGE = re.compile(r'    (n_\w+) -->\|"([^"]*)"\| (n_\w+)')
_CLASS = re.compile(r"    classDef (\w+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}")
_ENTITY = re.compile(r"#(\d+);")


def unescape(text: str) -> str:
    """What Mermaid shows for a label: its `#NN;` codes read back as characters."""
    return _ENTITY.sub(lambda m: chr(int(m.group(1))), text)


def check_label(text: str) -> None:
    """No character that could end the label, start an entity or a Markdown string, or be read as HTML."""
    assert not set('"<>&`\n') & set(text), text
    assert "#" not in _ENTITY.sub("", text), text


def parse_mermaid(text: str) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str]]]:
    """(nodes: id -> (label, class), edges), asserting the structure line by line."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, tuple[str, str]] = {}
    edges: list[tuple[str, str, str]] = []
    classes: set[str] = set()
    for line in lines[1:]:
        if node := _NODE.fullmatch(line):
            assert node.group(1) not in nodes, f"{node.group(1)} declared twice"
            check_label(node.group(2))
            nodes[node.group(1)] = (unescape(node.group(2)), node.group(3))
        elif edge := _EDGE.fullmatch(line):
            check_label(edge.group(2))
            assert edge.group(1) in nodes and edge.group(3) in nodes, f"edge to an undeclared node: {line}"
            edges.append((edge.group(1), unescape(edge.group(2)), edge.group(3)))
        elif klass := _CLASS.fullmatch(line):
            classes.add(klass.group(1))
        else:
            raise AssertionError(f"not a node, edge or class line: {line!r}")
    assert {c for _, c in nodes.values()} == classes
    return nodes, edges


# ----------------------------------------------------------------------------- selection


def test_whole_base_leaves_out_figures_quotes_and_accounts(shipped: model.FactBase) -> None:
    picture = graph.select(shipped)
    kinds = {r.kind for r in picture.nodes}
    assert kinds == {r.kind for r in shipped.records} - graph.LEFT_OUT_BY_DEFAULT
    ids = {r.id for r in picture.nodes}
    assert all(e.source in ids and e.target in ids for e in picture.edges)
    expected = {(r.id, f, t) for r in picture.nodes for f, t in query.refs(r) if t in ids and t != r.id}
    assert set(picture.edges) == expected


def test_around_a_record_follows_links_both_ways(shipped: model.FactBase) -> None:
    borisov = shipped.by_id["borisov"]
    outgoing, incoming = query.links(shipped, borisov)
    picture = graph.select(shipped, around=borisov, depth=1)
    assert {r.id for r in picture.nodes} == {"borisov"} | {link.record.id for link in (*outgoing, *incoming)}
    assert [r.id for r in graph.select(shipped, around=borisov, depth=0).nodes] == ["borisov"]
    wider = graph.select(shipped, around=borisov, depth=2)
    assert {r.id for r in picture.nodes} < {r.id for r in wider.nodes}


def test_kinds_choose_the_nodes(shipped: model.FactBase) -> None:
    picture = graph.select(shipped, kinds=[model.Kind.PARTICIPANT, model.Kind.TOPIC])
    assert {r.kind for r in picture.nodes} == {model.Kind.PARTICIPANT, model.Kind.TOPIC}
    assert ("maduro" in {e.target for e in picture.edges}) and all(
        shipped.by_id[e.source].kind is model.Kind.TOPIC for e in picture.edges
    )


def test_short_labels_cut_at_a_word() -> None:
    assert graph.short("Yuri Borisov") == "Yuri Borisov"
    cut = graph.short("word " * 30)
    assert len(cut) <= graph.MAX_LABEL and cut.endswith("word…")
    assert graph.short("a\nb\t c") == "a b c"


# ----------------------------------------------------------------------------- Mermaid


def test_mermaid_of_the_shipped_base_is_well_formed(shipped: model.FactBase) -> None:
    picture = graph.select(shipped)
    nodes, edges = parse_mermaid(graph.mermaid(picture))
    assert len(nodes) == len(picture.nodes) and len(edges) == len(picture.edges)
    assert ("Yuri Borisov", "participant") in nodes.values()


def test_mermaid_escapes_hostile_labels(hostile: model.FactBase) -> None:
    picture = graph.select(hostile)
    nodes, edges = parse_mermaid(graph.mermaid(picture))
    assert sorted(label for label, _ in nodes.values()) == sorted(graph.short(r.label) for r in hostile.records)
    assert set(nodes) == {"n_end", "n_graph", "n_subgraph", "n_node", "n_later"}
    assert ("n_end", "organizations", "n_graph") in edges and ("n_later", "related", "n_node") in edges


def test_mermaid_ids_stay_unique() -> None:
    records = [
        model.Place(id=model.RecordId(i), name="x", type=model.PlaceType.CITY, evidence=()) for i in ("a-b", "a_b", "ü")
    ]
    assert graph._mermaid_ids(records) == {"a-b": "n_a_b", "a_b": "n_a_b_2", "ü": "n__"}


def test_timeline_mermaid(hostile: model.FactBase) -> None:
    events = query.timeline(hostile)
    text = graph.timeline_mermaid(events, 'Title: "x" #1')
    lines = text.splitlines()
    assert lines[0] == "timeline"
    assert lines[1] == "    title Title#58; #34;x#34; #35;1"
    periods = [line.split(" : ")[0].strip() for line in lines[2:]]
    assert periods == ["2022-02-16", "2022-02-17"]
    for line in lines[2:]:
        _, *texts = line.split(" : ")
        for piece in texts:
            assert ":" not in piece and "%" not in piece and "#" not in _ENTITY.sub("", piece)
            check_label(piece)
    first = lines[2].split(" : ")[1]
    assert unescape(first) == graph.short(hostile.by_id["node"].label, 80)


# ----------------------------------------------------------------------------- Graphviz


def svg_texts(svg: bytes) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(node title -> label text, [(edge title, label text)]) from Graphviz's SVG."""
    ns = {"svg": "http://www.w3.org/2000/svg"}
    root = ET.fromstring(svg)
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        title = group.find("svg:title", ns)
        texts = ["".join(t.itertext()) for t in group.iter("{http://www.w3.org/2000/svg}text")]
        if group.get("class") == "node" and title is not None:
            nodes[html.unescape(title.text or "")] = " ".join(texts)
        elif group.get("class") == "edge" and title is not None:
            edges.append((html.unescape(title.text or ""), " ".join(texts)))
    return nodes, edges


def test_dot_is_drawn_by_graphviz_with_every_label(shipped: model.FactBase) -> None:
    need_dot()
    picture = graph.select(shipped)
    nodes, edges = svg_texts(graph.run_dot(graph.dot(picture), "svg"))
    assert nodes == {r.id: graph.short(r.label) for r in picture.nodes}
    assert sorted(edges) == sorted((f"{e.source}->{e.target}", e.field) for e in picture.edges)


def test_dot_keeps_hostile_labels_intact(hostile: model.FactBase) -> None:
    need_dot()
    picture = graph.select(hostile)
    source = graph.dot(picture)
    nodes, _ = svg_texts(graph.run_dot(source, "svg"))
    assert nodes == {r.id: graph.short(r.label) for r in picture.nodes}
    assert graph.run_dot(source, "png").startswith(b"\x89PNG\r\n\x1a\n")


def test_dot_string_escapes() -> None:
    assert graph.dot_string('say "hi" \\n') == '"say \\"hi\\" \\\\n"'
    assert graph.dot_string("a\nb") == '"a b"'


def test_missing_dot_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(graph.GraphvizError) as raised:
        graph.run_dot("digraph {}", "svg")
    assert "not on PATH" in raised.value.message and "apt-get install graphviz" in raised.value.message


def test_failing_dot_reports_its_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    need_dot()
    with pytest.raises(graph.GraphvizError) as raised:
        graph.run_dot("digraph { this is not dot", "svg")
    assert raised.value.message.startswith("Graphviz's 'dot' failed: ")
