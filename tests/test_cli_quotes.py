from __future__ import annotations

from tests.conftest import invoke, invoke_json


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
