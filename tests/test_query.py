"""Finding records by id, name or alias; the filters of the listing commands."""

from __future__ import annotations

import pytest

from tests.helpers import SHIPPED
from venru import load, model, query


@pytest.fixture(scope="module")
def base() -> model.FactBase:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None
    return loaded.base


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("borisov", "borisov"),
        ("Borissow", "borisov"),
        ("Yuri Borisov", "borisov"),
        ("  JURI BORISSOW ", "borisov"),
        ("nicolas", "maduro"),  # Maduro's name and his account both match; the account stands for its owner
        ("Nicolás Maduro", "maduro"),  # a person's name beats an account's display name
        ("@NicolasMaduro", "nicolasmaduro"),  # an account's own name beats a person's alias
        ("aissami", "el-aissami"),  # the start of a word inside a name
    ],
)
def test_find_by_id_name_or_alias_in_any_spelling(base: model.FactBase, wanted: str, expected: str) -> None:
    found = query.find(base, wanted, query.AGENTS)
    assert found.record is not None and found.record.id == expected


def test_find_within_kinds(base: model.FactBase) -> None:
    assert query.find(base, "Caracas", (model.Kind.PLACE,)).record == base.by_id["caracas"]
    assert query.find(base, "borisov", (model.Kind.PLACE,)).record is None


def test_a_name_of_several_records_is_ambiguous(base: model.FactBase) -> None:
    found = query.find(base, "russian")
    assert found.record is None
    assert [r.id for r in found.ambiguous] == ["russian-delegation", "russian-government", "russian-embassy"]
    # the organization's own name beats the events whose labels mention a delegation
    assert query.find(base, "delegation").record == base.by_id["russian-delegation"]


def test_no_match_suggests_the_closest_records(base: model.FactBase) -> None:
    found = query.find(base, "borisof", query.AGENTS)
    assert found.record is None and [r.id for r in found.suggestions][:1] == ["borisov"]
    assert query.find(base, "zzzzzz").suggestions == ()


def test_partial_names_start_at_a_word(base: model.FactBase) -> None:
    assert query.find(base, "isov", query.AGENTS).record is None


def test_filters_take_ids(base: model.FactBase) -> None:
    assert [r.id for r in query.figures(base, claimed_by="borisov")] == ["trade-growth-2021"]
    assert [r.id for r in query.topics(base, raised_by="borisov")] == ["bilateral-development"]
    assert [r.id for r in query.quotes(base, speaker="nicolasmaduro")] == ["maduro-tweet-support"]


def test_timeline_on_and_place_within(base: model.FactBase) -> None:
    assert [e.id for e in query.timeline(base, on="2022-02-17")] == ["maduro-tweet-event"]
    assert len(query.timeline(base, on="2022-02")) == 4
    at_caracas = [e.id for e in query.timeline(base, place="caracas")]
    assert at_caracas == ["caracas-meeting", "maduro-receives-delegation"]  # the palace is in it


def test_listing_every_kind(base: model.FactBase) -> None:
    for kind in model.Kind:
        assert list(query.listing(base, kind)) == [r for r in base.records if r.kind is kind]
    assert [r.id for r in query.listing(base, model.Kind.PLACE, country="VE")] == [
        "venezuela",
        "caracas",
        "miraflores-palace",
    ]
    assert [r.id for r in query.listing(base, model.Kind.ORGANIZATION, "otan")] == ["nato"]


def test_country_aliases_come_from_codes_and_country_places(base: model.FactBase) -> None:
    pairs = set(query.country_aliases(base))
    assert {("RU", "RU"), ("Russland", "RU"), ("Rusia", "RU"), ("Venezuela", "VE")} <= pairs
