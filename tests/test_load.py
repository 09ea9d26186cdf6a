"""The loader: every validation problem with its exact message and line; the shipped base."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.helpers import MINIMAL, SHIPPED
from venru import load, model


def problems_of(path: str) -> list[str]:
    loaded = load.load(path)
    return [str(p) for p in loaded.problems]


def test_minimal_base_loads(write_yaml: Callable[[str], str]) -> None:
    loaded = load.load(write_yaml(MINIMAL))
    assert loaded.problems == ()
    assert loaded.base is not None
    assert [r.id for r in loaded.base.records] == ["borisov", "trade-growth-2021"]
    figure = loaded.base.by_id["trade-growth-2021"]
    assert isinstance(figure, model.Figure)
    assert figure.value == 50 and figure.where is not None and figure.where.line == 19


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    name: Yuri Borisov\n",
            "    nmae: Yuri Borisov\n",
            [
                "{f}:9:5: records[0]: missing required key 'name'",
                "{f}:11:5: records[0].nmae: unknown key 'nmae'; did you mean 'name'?",
            ],
        ),
        ("    country: RU\n", "", ["{f}:9:5: records[0]: missing required key 'country'"]),
        ("    value: 50\n", "    value: fifty\n", ["{f}:22:12: records[1].value: expected a number, got 'fifty'"]),
        (
            "    value: 50\n",
            "    value: '50'\n",
            ["{f}:22:12: records[1].value: expected a number, got the quoted text '50'; remove the quotes"],
        ),
        (
            "    roles: [Deputy Prime Minister]\n",
            "    roles: Deputy Prime Minister\n",
            ["{f}:15:12: records[0].roles: expected a list, got 'Deputy Prime Minister'"],
        ),
        (
            "  - id: trade-growth-2021\n",
            "  - id: borisov\n",
            ["{f}:19:9: records[1].id: duplicate id 'borisov' (first used on line 9)"],
        ),
        (
            "    claimed_by: borisov\n",
            "    claimed_by: borisof\n",
            ["{f}:24:17: records[1].claimed_by: refers to 'borisof', which is no record's id; did you mean 'borisov'?"],
        ),
        (
            '    date: "2022-02"\n',
            "    date: 2022-02-30\n",
            ["{f}:6:11: sources[0].date: impossible date '2022-02-30'"],
        ),
        (
            "    unit: percent\n",
            "    unit: percent\n    unit: prozent\n",
            ["{f}:24:5: records[1].unit: key repeated in the same mapping (first on line 23)"],
        ),
        (
            "    side: russia\n",
            "    side: rusia\n",
            ["{f}:14:11: records[0].side: unknown value 'rusia'; did you mean 'russia'?"],
        ),
        (
            "    kind: figure\n",
            "    kind: figur\n",
            ["{f}:20:11: records[1].kind: unknown kind 'figur'; did you mean 'figure'?"],
        ),
        ("    name: Yuri Borisov\n", "    name: [Yuri\n", None),
    ],
    ids=[
        "typo-key",
        "missing",
        "wrong-type",
        "quoted-number",
        "scalar-for-list",
        "duplicate-id",
        "unknown-ref",
        "impossible-date",
        "repeated-key",
        "enum",
        "kind",
        "syntax",
    ],
)
def test_each_problem_is_reported_with_its_line(
    write_yaml: Callable[[str], str], old: str, new: str, expected: list[str] | None
) -> None:
    assert old in MINIMAL
    path = write_yaml(MINIMAL.replace(old, new, 1))
    found = problems_of(path)
    if expected is None:  # a YAML syntax error: one problem with a line
        assert len(found) == 1 and found[0].startswith(
            f"{path}:12:12: records[0].name: a list in [ ] that is not closed"
        ), found
        return
    assert found == [e.format(f=path) for e in expected]


def test_all_problems_are_reported_not_only_the_first(write_yaml: Callable[[str], str]) -> None:
    text = MINIMAL.replace("country: RU", "country: Russia").replace("value: 50", "value: .nan")
    found = problems_of(write_yaml(text))
    assert len(found) == 2
    assert "expected an ISO 3166-1 alpha-2 country code like 'RU', got 'Russia'" in found[0]
    assert "expected a finite number, got '.nan'" in found[1]


def test_yaml_1_1_surprises_keep_their_text(write_yaml: Callable[[str], str]) -> None:
    text = MINIMAL.replace("country: RU", "country: NO").replace("[Juri Borissow]", "[yes, '015', 12:30, 2022-02-16]")
    loaded = load.load(write_yaml(text))
    assert loaded.problems == ()
    assert loaded.base is not None
    borisov = loaded.base.by_id["borisov"]
    assert isinstance(borisov, model.Participant)
    assert borisov.country == "NO"
    assert borisov.aliases == ("yes", "015", "12:30", "2022-02-16")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("015", "leading zero in '015' is ambiguous (YAML 1.1 reads it as octal); write it without"),
        ("true", "expected a number, got the boolean-like 'true'"),
        (".inf", "expected a finite number, got '.inf'"),
        ("12:30", "expected a number, got '12:30'"),
    ],
)
def test_numbers_are_never_guessed(write_yaml: Callable[[str], str], value: str, message: str) -> None:
    path = write_yaml(MINIMAL.replace("value: 50", f"value: {value}"))
    assert problems_of(path) == [f"{path}:22:12: records[1].value: {message}"]


def test_shipped_base_is_valid_and_complete() -> None:
    loaded = load.load(str(SHIPPED))
    assert loaded.problems == ()
    assert loaded.base is not None
    people = {r.id: r for r in loaded.base.records if isinstance(r, model.Participant)}
    assert {pid: p.country for pid, p in people.items()} == {
        "borisov": "RU",
        "maduro": "VE",
        "rodriguez": "VE",
        "plasencia": "VE",
        "el-aissami": "VE",
    }
    assert "Juri Borissow" in people["borisov"].aliases and "Borísov" in people["borisov"].aliases
    figures = {r.id: r for r in loaded.base.records if isinstance(r, model.Figure)}
    assert (figures["trade-growth-2021"].value, figures["trade-growth-2021"].unit) == (50, "percent")
    assert figures["trade-growth-2021"].claimed_by == "borisov"
    assert (figures["russian-tourists"].value, figures["russian-tourists"].qualifier) == (15000, "more than")
    assert (figures["cian-anniversary-20"].value, figures["cian-anniversary-20"].unit) == (20, "anniversary")
    derived = figures["cian-founding-year"]
    marked = derived.derivation("value")
    assert derived.value == 2002 and marked is not None and marked.sources == ("cian-anniversary-20",)
    assert derived.derivation("unit") is None  # only the value is derived


def test_every_record_has_evidence_in_article_paragraphs() -> None:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None
    for record in loaded.base.records:
        assert record.evidence, record.id
        assert all(0 <= e.paragraph <= 10 and len(e.quote.split()) >= 1 for e in record.evidence), record.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (  # a key indented more than the keys above it
            "records:\n  - id: x\n    kind: participant\n     name: y\n",
            "4:10: records[0]: a 'key: value' where none can start: the line is indented more than the keys"
            " above it, or a value holds ': ' and needs quotes (YAML: mapping values are not allowed in this context)",
        ),
        (  # a key indented less than the list item it belongs to
            "records:\n  - id: x\n    note: a\n   name: b\n",
            "4:4: records: the line is indented less than the list items above it: line it up with them, or start"
            " a new item with '- ' (YAML: did not find expected '-' indicator)",
        ),
        (
            "records:\n  - id: x\n    note: a\tb\n\tname: y\n",
            "4:1: records[0].note: a tab: YAML indents with spaces only"
            " (YAML: found a tab character that violates indentation)",
        ),
    ],
    ids=["indented-more", "indented-less", "tab"],
)
def test_a_yaml_syntax_error_says_where_and_what_in_plain_words(
    write_yaml: Callable[[str], str], text: str, message: str
) -> None:
    path = write_yaml(text)
    loaded = load.load(path)
    assert loaded.base is None and [str(p) for p in loaded.problems] == [f"{path}:{message}"]
