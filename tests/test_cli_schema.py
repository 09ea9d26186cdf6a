from __future__ import annotations

import json

import jsonschema

from tests.helpers import invoke, invoke_json


def test_schema_accepts_the_shipped_base_and_rejects_a_typo() -> None:
    schema = json.loads(invoke("schema").stdout)
    data = invoke_json("who", "--json")  # records as JSON, the contract
    for record in data:
        record_schema = {**schema["$defs"]["Participant"], "$defs": schema["$defs"]}
        jsonschema.validate(record, record_schema)
    bad = dict(data[0], nmae="x")
    try:
        jsonschema.validate(bad, {**schema["$defs"]["Participant"], "$defs": schema["$defs"]})
    except jsonschema.ValidationError as error:
        assert "nmae" in error.message
    else:
        raise AssertionError("a typo key passed the schema")


def test_schema_lists_every_kind() -> None:
    schema = invoke_json("schema")
    kinds = {d["properties"]["kind"]["const"] for d in schema["$defs"].values() if "kind" in d["properties"]}
    assert kinds == {"participant", "organization", "account", "place", "topic", "figure", "quote", "event", "outcome"}


def test_schema_describes_sources_and_computed_evidence_fields() -> None:
    schema = invoke_json("schema")
    evidence = schema["$defs"]["Evidence"]["properties"]
    assert list(evidence) == ["source", "paragraph", "quote", "translation", "start", "end"]
    assert evidence["start"]["readOnly"] is True and evidence["end"]["readOnly"] is True
    assert "start" not in schema["$defs"]["Evidence"]["required"]
    assert set(schema["$defs"]["Source"]["properties"]) == {
        "id",
        "title",
        "title_en",
        "language",
        "date",
        "file",
        "publisher",
        "url",
    }
    assert schema["properties"]["sources"]["items"] == {"$ref": "#/$defs/Source"}
    for record in invoke_json("figures", "--json"):
        jsonschema.validate(record, {**schema["$defs"]["Figure"], "$defs": schema["$defs"]})


def test_schema_describes_search_results_and_expanded_references() -> None:
    from tests.helpers import invoke_json

    defs = invoke_json("schema")["$defs"]
    assert defs["SearchResult"]["required"] == ["score", "answer"]
    assert defs["Named"]["required"] == ["id", "name"]
    hit = invoke_json("search", "trade", "--json", "--limit", "1")[0]
    assert set(defs["SearchResult"]["properties"]) <= set(hit)
