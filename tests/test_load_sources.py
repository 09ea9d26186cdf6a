"""The fact base's `sources:` header, and venru 0.1's single `source:` mapping."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.helpers import MINIMAL, SHIPPED
from venru import load, model

LEGACY_HEADER = """\
source:
  title: Titel
  title_en: Title
  language: de
  date: "2022-02"
  article: article.txt
  paragraphs: title is 0
"""
NEW_HEADER = """\
sources:
  - id: tass-2022-02
    title: Titel
    title_en: Title
    language: de
    date: "2022-02"
    file: article.txt
    publisher: TASS
"""
RECORDS = MINIMAL[MINIMAL.index("records:") :]


def test_shipped_base_names_its_source() -> None:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None
    [source] = loaded.base.sources
    assert source.id == "russland-venezuela-2022-02"
    assert source.file == "sources/russland-venezuela-2022-02.txt"
    assert source.title.startswith("Russland und Venezuela") and source.language is model.Language.DE


def test_sources_list_loads(write_yaml: Callable[[str], str]) -> None:
    loaded = load.load(write_yaml(NEW_HEADER + RECORDS))
    assert loaded.problems == ()
    assert loaded.base is not None
    assert [(s.id, s.file, s.publisher, s.url) for s in loaded.base.sources] == [
        ("tass-2022-02", "article.txt", "TASS", None)
    ]


def test_legacy_source_loads_as_one_source(write_yaml: Callable[[str], str]) -> None:
    loaded = load.load(write_yaml(LEGACY_HEADER + RECORDS))
    assert loaded.problems == ()
    assert loaded.base is not None
    [source] = loaded.base.sources
    assert (source.id, source.file, source.title, source.date) == ("article", "article.txt", "Titel", "2022-02")


def test_cached_base_keeps_its_sources(write_yaml: Callable[[str], str]) -> None:
    path = write_yaml(NEW_HEADER + RECORDS)
    first, second = load.load(path), load.load(path)
    assert first.base is not None and second.base is not None
    assert second.base.sources == first.base.sources


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            NEW_HEADER + LEGACY_HEADER + RECORDS,
            ["{f}:10:3: source: give either 'sources' (a list) or 'source' (venru 0.1), not both"],
        ),
        (RECORDS, ["{f}:1:1: missing required key 'sources'"]),
        ("sources: []\n" + RECORDS, ["{f}:1:10: sources: needs at least one source"]),
        (
            "sources:\n  title: x\n" + RECORDS,
            ["{f}:2:3: sources: expected a list, got a mapping"],
        ),
        (
            NEW_HEADER.replace("id: tass-2022-02", "id: TASS 2022"),
            ["{f}:2:9: sources[0].id: ids are lowercase letters and digits joined by '-', got 'TASS 2022'"],
        ),
        (
            NEW_HEADER.replace("    file: article.txt\n", "") + RECORDS,
            ["{f}:2:5: sources[0]: missing required key 'file'"],
        ),
    ],
)
def test_header_problems_leave_no_base(write_yaml: Callable[[str], str], text: str, expected: list[str]) -> None:
    path = write_yaml(text if "records:" in text else text + RECORDS)
    loaded = load.load(path)
    assert [str(p) for p in loaded.problems] == [e.format(f=path) for e in expected]
    assert loaded.base is None
