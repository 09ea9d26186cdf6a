from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import invoke, invoke_json
from tests.test_grounding import two_sources

SOURCE = "russland-venezuela-2022-02"


def test_table_of_one_paragraph() -> None:
    result = invoke("source", "--paragraph", "3")
    assert result.exit_code == 0
    assert result.stdout == (
        "¶   Text                                                                        \n" + "─" * 80 + "\n"
        '3   "Unsere Aufgabe ist es, die bilaterale Entwicklung im gesamten umfangreichen\n'
        '    Spektrum der Zusammenarbeit in die Tat umzusetzen."                         \n'
    )


def test_json_lists_every_paragraph_title_first() -> None:
    paragraphs = invoke_json("source", "--json")
    assert [p["paragraph"] for p in paragraphs] == list(range(11))
    assert {p["source"] for p in paragraphs} == {SOURCE}
    assert paragraphs[0]["text"].startswith("date 2022-02 Russland und Venezuela")
    assert invoke_json("source", SOURCE, "-p", "9", "--json") == [paragraphs[9]]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("jsonl", '{"source": "russland-venezuela-2022-02", "paragraph": 7, "text": "Zugleich kündigte Maduro'),
        ("csv", 'source,paragraph,text\nrussland-venezuela-2022-02,7,"Zugleich kündigte Maduro'),
        ("markdown", "| ¶ | Text |\n|---|---|\n| 7 | Zugleich kündigte Maduro"),
    ],
)
def test_every_format(fmt: str, expected: str) -> None:
    result = invoke("source", "-p", "7", "--format", fmt)
    assert result.exit_code == 0 and result.stdout.startswith(expected)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["source", "-p", "11"], 1, f"venru: paragraph 11 does not exist: {SOURCE} has paragraphs 0 to 10\n"),
        (["source", "russland"], 1, f"venru: no source 'russland'; the sources are: {SOURCE}\n"),
        (
            ["source", "russland-venezuela-2022-20"],
            1,
            f"venru: no source 'russland-venezuela-2022-20'; did you mean '{SOURCE}'?\n",
        ),
    ],
)
def test_unknown_source_or_paragraph(args: list[str], code: int, message: str) -> None:
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


def test_two_sources_need_an_id(tmp_path: Path) -> None:
    path = two_sources(tmp_path)
    result = invoke("--data", path, "source")
    assert result.exit_code == 2
    assert result.stderr == "venru: the fact base has 2 sources (article, second); name one\n"
    second = json.loads(invoke("--data", path, "source", "second", "--json").stdout)
    assert [p["text"] for p in second] == [
        "Segunda fuente",
        "El comercio creció mucho. Nadie lo esperaba.",
        "Los turistas llegaron en febrero.",
    ]
