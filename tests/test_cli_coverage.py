from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import MINIMAL, invoke, invoke_json
from tests.test_grounding import two_sources


def test_shipped_base_covers_every_sentence() -> None:
    report = invoke_json("coverage", "--json")
    assert report == {
        "sentences": 29,
        "covered": 29,
        "percent": 100.0,
        "sources": [{"id": "russland-venezuela-2022-02", "sentences": 29, "covered": 29}],
        "uncovered": [],
    }
    assert invoke("coverage").stdout == "29 of 29 sentences covered by evidence (100 %)\n"


def test_uncovered_sentences_of_a_small_base(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(MINIMAL)
    report = invoke_json("--data", path, "coverage", "--json")
    assert (report["sentences"], report["covered"], report["percent"]) == (29, 2, 6.9)
    first = report["uncovered"][0]
    assert first == {
        "source": "article",
        "paragraph": 0,
        "start": 0,
        "end": 90,
        "text": "date 2022-02 Russland und Venezuela bauen strategische Partnerschaft im Militärbereich aus",
    }
    texts = [u["text"] for u in report["uncovered"]]
    assert not any("Juri Borissow" in t or "um 50 Prozent" in t for t in texts)  # the two quoted sentences
    table = invoke("--data", path, "coverage").stdout
    assert table.endswith("2 of 29 sentences covered by evidence (6.9 %)\n")
    assert table.startswith("¶    Sentence no evidence quotes")


def test_two_sources(tmp_path: Path) -> None:
    path = two_sources(tmp_path)
    report = invoke_json("--data", path, "coverage", "--json")
    assert report["sources"] == [
        {"id": "article", "sentences": 29, "covered": 2},
        {"id": "second", "sentences": 4, "covered": 1},
    ]
    only = invoke_json("--data", path, "coverage", "second", "--json")
    assert [u["text"] for u in only["uncovered"]] == [
        "Segunda fuente",
        "El comercio creció mucho.",
        "Nadie lo esperaba.",
    ]
    assert invoke("--data", path, "coverage", "third").exit_code == 1
