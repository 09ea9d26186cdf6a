"""The JSON contract for scripts: field names and order per kind are pinned here."""

from __future__ import annotations

import json

import pytest

from tests.helpers import invoke_json

TAIL = ["keywords", "derived", "note", "evidence"]
KEYS = {
    "participant": ["id", "kind", "name", "aliases", "country", "side", "roles", "organizations", *TAIL],
    "organization": ["id", "kind", "name", "type", "aliases", "country", "description", "members", *TAIL],
    "account": ["id", "kind", "name", "platform", "display_name", "owner", "aliases", "description", *TAIL],
    "figure": [
        "id",
        "kind",
        "label",
        "value",
        "unit",
        "qualifier",
        "period",
        "compared_to",
        "claimed_by",
        "attribution",
        "topic",
        *TAIL,
    ],
    "topic": ["id", "kind", "label", "raised_by", "discussed_by", "reported_by", "attribution", "related", *TAIL],
    "quote": [
        "id",
        "kind",
        "speaker",
        "language",
        "medium",
        "text",
        "translation",
        "wording",
        "date",
        "account",
        "versions",
        "mentions",
        *TAIL,
    ],
    "event": ["id", "kind", "date", "label", "place", "participants", "related", *TAIL],
    "outcome": ["id", "kind", "label", "status", "by", "between", "topic", "date", "place", "related", *TAIL],
    "place": ["id", "kind", "name", "type", "aliases", "country", "located_in", "description", *TAIL],
}


@pytest.mark.parametrize(
    ("args", "kinds"),
    [
        (["who", "--all"], {"participant", "organization", "account"}),
        (["figures"], {"figure"}),
        (["topics"], {"topic"}),
        (["quotes"], {"quote"}),
        (["timeline"], {"event"}),
        (["outcomes"], {"outcome"}),
    ],
)
def test_keys_per_kind_are_stable(args: list[str], kinds: set[str]) -> None:
    records = invoke_json(*args, "--json")
    assert {r["kind"] for r in records} == kinds
    for record in records:
        assert list(record) == KEYS[record["kind"]]  # its own kind's keys, even among other kinds
        for evidence in record["evidence"]:
            assert list(evidence) == ["source", "paragraph", "quote", "translation", "start", "end"]
            assert evidence["end"] - evidence["start"] == len(evidence["quote"])


def test_places_and_search_results() -> None:
    place = invoke_json("show", "caracas", "--json")
    assert list(place)[:2] == ["id", "kind"] and place["kind"] == "place"
    hit = invoke_json("search", "Caracas", "--kind", "place", "--json")[0]
    assert hit["id"] == "caracas" and list(hit)[-2:] == ["score", "answer"] and isinstance(hit["score"], float)
    assert hit["answer"] == "city in Venezuela* (* derived)"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("args", [["trade"], ["Maduro"], ["Caracas"], ["trade", "--kind", "figure"]])
def test_search_results_have_their_own_kinds_keys_then_score_and_answer(fmt: str, args: list[str]) -> None:
    from tests.helpers import invoke

    out = invoke("search", *args, "--limit", "50", "--format", fmt).stdout
    hits = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    assert hits
    for hit in hits:
        assert list(hit) == [*KEYS[hit["kind"]], "score", "answer"]


def test_search_results_pass_the_schema_and_csv_has_each_field_once_with_the_common_ones_last() -> None:
    import jsonschema

    from tests.helpers import invoke

    schema = invoke_json("schema")
    result = {**schema["$defs"]["SearchResult"], "$defs": schema["$defs"]}
    hits = invoke_json("search", "Maduro trade Caracas", "--limit", "50", "--json")
    assert len({h["kind"] for h in hits}) >= 4
    for hit in hits:
        jsonschema.validate(hit, result)
    header = invoke("search", "trade", "--format", "csv").stdout.splitlines()[0].split(",")
    assert len(header) == len(set(header)) and header[:2] == ["id", "kind"]
    common = ["keywords", "derived", "note", "evidence_paragraphs", "evidence_quotes", "evidence_translations"]
    assert header[-8:] == [*common, "score", "answer"]
    figure = invoke("search", "trade", "--kind", "figure", "--format", "csv").stdout.splitlines()[0]
    assert figure.split(",") == [*KEYS["figure"][:-1], *common[3:], "score", "answer"]
