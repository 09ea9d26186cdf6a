from __future__ import annotations

import pytest

from tests.helpers import invoke, invoke_json


def test_events_oldest_first_with_iso_dates() -> None:
    events = invoke_json("timeline", "--json")
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert events[0]["id"] == "caracas-meeting" and events[-1]["id"] == "maduro-tweet-event"


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--since", "2022-02-17"], ["maduro-tweet-event"]),
        (
            ["--until", "2022-02-16"],
            ["caracas-meeting", "maduro-receives-delegation", "embassy-tweet-event"],
        ),
        (["--since", "2022-03"], []),
    ],
)
def test_date_filters(args: list[str], ids: list[str]) -> None:
    assert [e["id"] for e in invoke_json("timeline", *args, "--json")] == ids


def test_bad_date_is_a_usage_error() -> None:
    result = invoke("timeline", "--since", "2022-02-30")
    assert result.exit_code == 2 and "impossible date '2022-02-30'" in result.stderr


def test_table_lists_dates() -> None:
    out = invoke("timeline").stdout
    assert out.index("2022-02-16") < out.index("2022-02-17")


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--on", "2022-02-17"], ["maduro-tweet-event"]),
        (
            ["--on", "2022"],
            [
                "caracas-meeting",
                "maduro-receives-delegation",
                "embassy-tweet-event",
                "maduro-tweet-event",
            ],
        ),
        (["--place", "Miraflores-Palast"], ["maduro-receives-delegation"]),
        (
            ["--place", "caracas", "--on", "2022-02-16"],
            ["caracas-meeting", "maduro-receives-delegation"],
        ),
    ],
)
def test_on_and_place(args: list[str], ids: list[str]) -> None:
    assert [e["id"] for e in invoke_json("timeline", *args, "--json")] == ids


def test_since_after_until_is_a_usage_error() -> None:
    result = invoke("timeline", "--since", "2022-02-17", "--until", "2022-02-16")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "venru: --since 2022-02-17 is after --until 2022-02-16; no event can be in both\n"


def test_unknown_place_is_a_usage_error() -> None:
    result = invoke("timeline", "--place", "Moskva")
    assert result.exit_code == 2
    assert result.stderr == "venru: --place: no place matches 'Moskva'; did you mean moscow (place: Moscow)?\n"
