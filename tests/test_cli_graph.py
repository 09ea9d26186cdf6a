"""`venru graph` and `venru timeline --format mermaid` from the command line; the README's picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import readme_graph
from tests.helpers import VENRU, invoke
from tests.test_graph import need_dot, parse_mermaid, svg_texts
from venru import exitcodes
from venru.cli import TimelineFormat
from venru.render import Format


def test_graph_prints_mermaid_by_default() -> None:
    result = invoke("graph")
    assert result.exit_code == 0 and result.stderr == ""
    nodes, edges = parse_mermaid(result.stdout)
    labels = {label for label, _ in nodes.values()}
    assert {"Yuri Borisov", "Nicolás Maduro", "Caracas"} <= labels
    assert ("n_borisov", "organizations", "n_cian") in edges
    assert not {kind for _, kind in nodes.values()} & {"figure", "quote", "account"}


def test_graph_around_a_name_with_depth() -> None:
    one = parse_mermaid(invoke("graph", "--around", "Juri Borissow").stdout)[0]
    assert "n_borisov" in one and "n_trade_growth_2021" in one  # a figure he claimed: every kind near him
    two = parse_mermaid(invoke("graph", "--around", "borisov", "--depth", "2").stdout)[0]
    assert set(one) < set(two)
    assert list(parse_mermaid(invoke("graph", "--around", "borisov", "--depth", "0").stdout)[0]) == ["n_borisov"]


def test_graph_kind_filter() -> None:
    nodes, _ = parse_mermaid(invoke("graph", "--kind", "place").stdout)
    assert {kind for _, kind in nodes.values()} == {"place"}


def test_graph_unknown_record_is_a_usage_error() -> None:
    result = invoke("graph", "--around", "borisof")
    assert result.exit_code == exitcodes.USAGE
    assert result.stdout == ""
    assert result.stderr == (
        "venru: --around: no record matches 'borisof'; did you mean borisov (participant: Yuri Borisov)?\n"
    )


def test_graph_dot_format_is_drawn_by_graphviz() -> None:
    need_dot()
    from venru import graph

    source = invoke("graph", "--format", "dot", "--around", "maduro").stdout
    assert source.startswith('digraph "venru" {')
    nodes, _ = svg_texts(graph.run_dot(source, "svg"))
    assert nodes["maduro"] == "Nicolás Maduro"


def test_graph_svg_and_png() -> None:
    need_dot()
    svg = invoke("graph", "--format", "svg")
    assert svg.exit_code == 0, svg.stderr
    nodes, _ = svg_texts(svg.stdout_bytes)
    assert nodes["borisov"] == "Yuri Borisov"
    png = invoke("graph", "--format", "png", "--kind", "participant")
    assert png.exit_code == 0 and png.stdout_bytes.startswith(b"\x89PNG\r\n\x1a\n")


def test_graph_without_graphviz_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = invoke("graph", "--format", "svg")
    assert result.exit_code == exitcodes.TOOL_MISSING and result.stdout == ""
    assert result.stderr.startswith("venru: Graphviz's 'dot' program is not on PATH; install Graphviz")
    assert "apt-get install graphviz" in result.stderr and "--format dot" in result.stderr


def test_timeline_mermaid() -> None:
    result = invoke("timeline", "--format", "mermaid", "--since", "2022-02-17")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "timeline" and lines[1].startswith("    title Timeline – Russia and Venezuela")
    assert lines[2:] == ["    2022-02-17 : Maduro tweets Venezuela's support for Russia against the threats of NATO"]


def test_timeline_offers_every_listing_format_and_mermaid() -> None:
    assert {f.value for f in TimelineFormat} == {f.value for f in Format} | {"mermaid"}
    for fmt in Format:
        assert invoke("timeline", "--format", fmt.value).exit_code == 0


def test_readme_embeds_the_current_graph() -> None:
    text = readme_graph.README.read_text(encoding="utf-8")
    assert readme_graph.current(text) == readme_graph.block(), (
        f"The README's Mermaid graph is out of date; regenerate it with: {readme_graph.COMMAND}"
    )


def test_png_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess

    leader, follower = pty.openpty()
    venru = VENRU
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [str(venru), "graph", "--format", "png"], stdout=follower, stderr=subprocess.PIPE, env=env, timeout=60
    )
    os.close(follower)
    os.close(leader)
    assert done.returncode == exitcodes.USAGE
    assert (
        done.stderr
        == b"venru: PNG is binary and stdout is a terminal; redirect it: venru graph --format png > graph.png\n"
    )
