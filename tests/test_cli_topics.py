from __future__ import annotations

import pytest

from tests.helpers import invoke, invoke_json


def test_topics_cover_the_article() -> None:
    ids = {t["id"] for t in invoke_json("topics", "--json")}
    assert {
        "military-cooperation",
        "joint-exercises",
        "trade-energy-finance",
        "geopolitics",
        "multipolar-world",
        "support-against-nato",
        "covid-19-help",
        "economic-contacts",
        "tourism-direct-flights",
        "transit-tourists",
        "cian-anniversary",
        "military-review",
        "bilateral-development",
    } <= ids


def test_raised_by_filter() -> None:
    ids = [t["id"] for t in invoke_json("topics", "--raised-by", "borisov", "--json")]
    # he spoke before the anniversary, but his quote does not mention it; "ever deeper" is Maduro's
    assert ids == ["bilateral-development"]


def test_markdown_output() -> None:
    lines = invoke("topics", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "| ID | Topic | Raised by | Discussed by | Reported by |"
    assert "| geopolitics | Geopolitics |  | both sides\\* | Nicolás Maduro\\* |" in lines
    assert (
        "| transit-tourists | More and more tourists from other Latin American countries fly to Moscow via Caracas"
        " |  |  | (no speaker named) |" in lines
    )
    assert lines[-1] == "\\* derived: the article implies this value; venru show ID says how"  # not a list item


@pytest.mark.parametrize("who", ["borisov", "Borissow", "Yuri Borisov", "juri borissow"])
def test_raised_by_takes_an_id_name_or_alias(who: str) -> None:
    ids = [t["id"] for t in invoke_json("topics", "--raised-by", who, "--json")]
    assert ids == ["bilateral-development"]


def test_raised_by_matching_nobody_is_a_usage_error_with_a_suggestion() -> None:
    result = invoke("topics", "--raised-by", "Borisow", "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "venru: --raised-by: no participant, organization or account matches 'Borisow'; "
        "did you mean borisov (participant: Yuri Borisov)?\n"
    )


def test_raised_by_matching_several_is_a_usage_error_listing_them() -> None:
    result = invoke("topics", "--raised-by", "russian")
    assert result.exit_code == 2
    assert result.stderr == (
        "venru: --raised-by: 'russian' matches 3 records: russian-delegation (organization: Russian government "
        "delegation); russian-government (organization: Russian government); russian-embassy (organization: "
        "Russian embassy in Venezuela); give one of the ids\n"
    )


@pytest.mark.parametrize(
    ("option", "field", "given", "record"),
    [
        ("--discussed-by", "discussed_by", "both-sides", "both-sides"),
        ("--discussed-by", "discussed_by", "die Seiten", "both-sides"),
        ("--reported-by", "reported_by", "maduro", "maduro"),
        ("--raised-by", "raised_by", "Nicolás Maduro", "maduro"),
    ],
)
def test_each_topic_filter_keeps_exactly_the_topics_naming_that_record(
    option: str, field: str, given: str, record: str
) -> None:
    every = invoke_json("topics", "--json")
    kept = [t["id"] for t in invoke_json("topics", option, given, "--json")]
    assert kept == [t["id"] for t in every if record in t[field]]
    assert kept  # the shipped base has topics for each of these


def test_topic_filters_combine() -> None:
    both = {t["id"] for t in invoke_json("topics", "--discussed-by", "both-sides", "--json")}
    reported = {t["id"] for t in invoke_json("topics", "--reported-by", "maduro", "--json")}
    combined = [
        t["id"] for t in invoke_json("topics", "--discussed-by", "both-sides", "--reported-by", "maduro", "--json")
    ]
    assert set(combined) == both & reported
    assert "trade-energy-finance" in both


def test_discussed_by_matching_nobody_is_a_usage_error() -> None:
    result = invoke("topics", "--discussed-by", "nobody-at-all")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("venru: --discussed-by: no participant, organization or account matches")
