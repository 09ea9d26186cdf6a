from __future__ import annotations

import json

import pytest

from tests.helpers import invoke, invoke_json


def test_quotes_have_original_and_translation() -> None:
    quotes = {q["id"]: q for q in invoke_json("quotes", "--json")}
    tweet = quotes["maduro-tweet-support"]
    assert tweet["speaker"] == "maduro" and tweet["language"] == "es" and tweet["date"] == "2022-02-17"
    assert tweet["text"].startswith("La hermana nación Rusia")
    # "La hermana nación" is "the sister nation", not "our"; "pacifista" is pacifist
    assert (
        tweet["translation"].startswith("The sister nation Russia")
        and "a pacifist and sovereign" in tweet["translation"]
    )
    assert tweet["wording"] == "own" and tweet["account"] == "nicolasmaduro"


def test_filters_by_language_and_speaker() -> None:
    assert [q["id"] for q in invoke_json("quotes", "--lang", "es", "--json")] == [
        "borisov-our-task-es",
        "embassy-tweet-cian",
        "maduro-tweet-support",
    ]


def test_speaker_finds_every_version_of_a_statement() -> None:
    """The outlet's German rendering and the embassy's Spanish tweet quoting Borisov are both his."""
    found = {q["id"]: q for q in invoke_json("quotes", "--speaker", "borisov", "--json")}
    assert list(found) == ["borisov-our-task", "borisov-our-task-es"]
    german, spanish = found["borisov-our-task"], found["borisov-our-task-es"]
    assert (german["language"], german["wording"], german["versions"]) == ("de", "rendering", ["borisov-our-task-es"])
    assert (spanish["language"], spanish["wording"], spanish["account"]) == ("es", "rendering", "embajadarusaven")
    assert spanish["versions"] == ["borisov-our-task"]
    # the date, the link and the wording are inferred, and say so
    assert [d["field"] for d in german["derived"]] == ["date", "versions", "wording"]
    # the account's own tweet is the account's, not Borisov's
    assert [q["id"] for q in invoke_json("quotes", "--speaker", "embajadarusaven", "--json")] == [
        "borisov-our-task-es",
        "embassy-tweet-cian",
    ]


def test_german_quotes_of_maduro_are_the_outlets_rendering() -> None:
    quotes = {q["id"]: q for q in invoke_json("quotes", "--speaker", "maduro", "--json")}
    assert {i for i, q in quotes.items() if q["wording"] == "rendering"} == {
        "maduro-strategic-level",
        "maduro-hegemonic-empires",
        "maduro-nato-threats",
    }
    assert quotes["maduro-nato-threats"]["versions"] == ["maduro-tweet-support"]
    assert quotes["maduro-tweet-support"]["versions"] == ["maduro-nato-threats"]


def test_table_shows_english() -> None:
    assert "Our task is to put" in invoke("quotes", "--speaker", "borisov").stdout


@pytest.mark.parametrize("lang", ["es", "ES", "Spanish", "Spanisch", "español"])
def test_lang_takes_codes_and_names(lang: str) -> None:
    assert [q["id"] for q in invoke_json("quotes", "--lang", lang, "--json")] == [
        "borisov-our-task-es",
        "embassy-tweet-cian",
        "maduro-tweet-support",
    ]


@pytest.mark.parametrize(
    ("who", "ids"),
    [("Maduro", 4), ("nicolas", 4), ("@NicolasMaduro", 1), ("Borissow", 2), ("embassy", 2), ("@EmbajadaRusaVen", 2)],
)
def test_speaker_takes_a_name_or_an_account(who: str, ids: int) -> None:
    assert len(invoke_json("quotes", "--speaker", who, "--json")) == ids


@pytest.mark.parametrize("lang", ["fr", "French", "Französisch", "francés"])
def test_a_known_language_no_quote_is_in_is_an_empty_result_as_a_country_is(lang: str) -> None:
    result = invoke("quotes", "--lang", lang, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == [] and result.stderr == ""
    assert invoke("who", "--country", "Deutschland", "--json").exit_code == 0


def test_an_unknown_language_is_a_usage_error() -> None:
    result = invoke("quotes", "--lang", "Frnch")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "venru: --lang: 'Frnch' is neither a language code nor a language name; did you mean 'French'?"
        " (quotes are in de (German), es (Spanish), en (English))\n"
    )
    assert invoke("quotes", "--lang", "xx").exit_code == 2


def test_an_organization_finds_the_quotes_posted_from_its_account() -> None:
    # @EmbajadaRusaVen is the Russian embassy's account: its tweet, and Borisov's words it posted
    ids = [q["id"] for q in invoke_json("quotes", "--speaker", "embassy", "--json")]
    assert ids == ["borisov-our-task-es", "embassy-tweet-cian"]


FIELDS = "id,date,speaker,wording,medium,account,versions"


def test_fields_table_keeps_names_whole_and_names_other_versions_by_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide enough (125 columns), a table with every name on one line; the other version of
    a statement by its id, not by its translation, which would read as this quote's own."""
    monkeypatch.setenv("COLUMNS", "125")
    lines = invoke("quotes", "--fields", FIELDS).stdout.splitlines()
    assert lines[0].split() == FIELDS.split(",")
    rows = {line.split()[0]: line for line in lines[2:] if line[:1].isalpha()}
    assert len(rows) == len(invoke_json("quotes", "--json"))  # one line per quote
    german = rows["borisov-our-task"]
    assert "Yuri Borisov" in german and german.split()[-1] == "borisov-our-task-es*"
    assert "@EmbajadaRusaVen" in rows["borisov-our-task-es"] and "Nicolás Maduro" in rows["maduro-tweet-support"]
    assert "Our task is to turn" not in "\n".join(lines)  # the Spanish version's translation


def test_fields_too_many_for_the_width_print_blocks_with_nothing_broken() -> None:
    out = invoke("quotes", "--fields", FIELDS).stdout  # 80 columns
    first = out.split("\n\n")[0].splitlines()
    assert [line.split(":")[0] for line in first] == FIELDS.split(",")
    assert first[2].split() == ["speaker:", "Yuri", "Borisov"] and first[-1].split() == [
        "versions:",
        "borisov-our-task-es*",
    ]
