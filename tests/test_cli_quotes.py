from __future__ import annotations

import pytest

from tests.helpers import invoke, invoke_json


def test_quotes_have_original_and_translation() -> None:
    quotes = {q["id"]: q for q in invoke_json("quotes", "--json")}
    tweet = quotes["maduro-tweet-support"]
    assert tweet["speaker"] == "maduro" and tweet["language"] == "es" and tweet["date"] == "2022-02-17"
    assert tweet["text"].startswith("La hermana nación Rusia") and tweet["translation"].startswith("Our sister nation")


def test_filters_by_language_and_speaker() -> None:
    assert [q["id"] for q in invoke_json("quotes", "--lang", "es", "--json")] == [
        "embassy-tweet-cian",
        "maduro-tweet-support",
    ]
    assert [q["id"] for q in invoke_json("quotes", "--speaker", "borisov", "--json")] == ["borisov-our-task"]


def test_table_shows_english() -> None:
    assert "Our task is to put" in invoke("quotes", "--speaker", "borisov").stdout


@pytest.mark.parametrize("lang", ["es", "ES", "Spanish", "Spanisch", "español"])
def test_lang_takes_codes_and_names(lang: str) -> None:
    assert [q["id"] for q in invoke_json("quotes", "--lang", lang, "--json")] == [
        "embassy-tweet-cian",
        "maduro-tweet-support",
    ]


@pytest.mark.parametrize(("who", "ids"), [("Maduro", 4), ("nicolas", 4), ("@NicolasMaduro", 1), ("Borissow", 1)])
def test_speaker_takes_a_name_or_an_account(who: str, ids: int) -> None:
    assert len(invoke_json("quotes", "--speaker", who, "--json")) == ids


def test_an_unknown_language_is_a_usage_error() -> None:
    result = invoke("quotes", "--lang", "French")
    assert result.exit_code == 2
    assert result.stderr == (
        "venru: --lang: 'French' is not one of the languages of quotes: de (German), es (Spanish), en (English)\n"
    )
