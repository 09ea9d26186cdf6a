"""The JSON contract for scripts: field names and order per kind are pinned here."""

from __future__ import annotations

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
        if args[0] == "who":  # mixed kinds share one header, so fields of other kinds are null
            assert set(KEYS[record["kind"]]) <= set(record)
        else:
            assert list(record) == KEYS[record["kind"]]
        for evidence in record["evidence"]:
            assert list(evidence) == ["source", "paragraph", "quote", "translation", "start", "end"]
            assert evidence["end"] - evidence["start"] == len(evidence["quote"])


def test_places_and_search_results() -> None:
    place = invoke_json("show", "caracas", "--json")
    assert list(place)[:2] == ["id", "kind"] and place["kind"] == "place"
    hit = invoke_json("search", "Caracas", "--kind", "place", "--json")[0]
    assert hit["id"] == "caracas" and list(hit)[-2:] == ["score", "answer"] and isinstance(hit["score"], float)
    assert hit["answer"] == "city in Venezuela* (* derived)"
