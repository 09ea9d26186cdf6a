from __future__ import annotations

import csv
import io

import pytest

from tests.helpers import invoke, invoke_json


def test_json_results_are_records_with_a_score_best_first() -> None:
    results = invoke_json("search", "How much did trade grow in 2021?", "--json")
    assert results[0]["id"] == "trade-growth-2021" and results[0]["value"] == 50
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert len(results) <= 10


def test_german_and_typo_queries() -> None:
    assert invoke_json("search", "Erdölminister", "--json")[0]["id"] == "el-aissami"
    assert invoke_json("search", "borisof", "--json", "--limit", "1")[0]["id"] == "borisov"


def test_limit_and_kind() -> None:
    results = invoke_json("search", "Maduro", "--kind", "quote", "--limit", "2", "--json")
    assert len(results) == 2 and {r["kind"] for r in results} == {"quote"}


def test_table_shows_kind_id_label_and_answer() -> None:
    result = invoke("search", "Erdölminister")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split()
    assert header == ["Kind", "ID", "Label", "Answer"]
    assert "el-aissami" in result.stdout and "Oil Minister of Venezuela" in result.stdout


def test_wide_table_shows_the_matched_words_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    result = invoke("search", "Erdölminister")
    assert result.stdout.splitlines()[0].split() == ["Kind", "ID", "Label", "Answer", "Match"]
    assert "Erdölminister" in result.stdout


def test_csv_has_score_column() -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("search", "tourists", "-f", "csv", "--fields", "id,score").stdout)))
    assert rows[0]["id"] == "russian-tourists" and float(rows[0]["score"]) > 0


def test_empty_query_is_a_usage_error() -> None:
    result = invoke("search", "   ")
    assert result.exit_code == 2 and result.stdout == ""
    assert "the search query is empty" in result.stderr


def test_no_match_is_an_empty_array_and_a_note_with_a_next_step() -> None:
    result = invoke("search", "qqqqqqqq xxxxxxxxx", "--json")
    assert result.exit_code == 0 and result.stdout == "[]\n"
    assert result.stderr == (
        "venru: nothing matches 'qqqqqqqq xxxxxxxxx'; try other words or another language, or browse: "
        "venru who, venru topics, venru list KIND\n"
    )


@pytest.mark.parametrize("query", ["Putin", "Trump", "Biden", "nothing here"])
def test_a_name_the_article_lacks_matches_nothing(query: str) -> None:
    result = invoke("search", query)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith(f"venru: nothing matches '{query}'")


def test_stop_words_only_say_so() -> None:
    result = invoke("search", "Wie viele?")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (
        "venru: 'Wie viele?' has only common words (stop words), which search leaves out; "
        "add a name or a subject, e.g. venru search 'trade 2021'\n"
    )


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many tourists?", "figure"),
        ("Wie viele Touristen?", "figure"),
        ("¿Cuántos turistas?", "figure"),
        ("Who tweeted?", "account"),
        ("When did Maduro tweet?", "event"),
        ("¿Dónde está Miraflores?", "place"),
    ],
)
def test_question_words_favour_the_kind_that_answers(question: str, kind: str) -> None:
    assert invoke_json("search", question, "--json")[0]["kind"] == kind
