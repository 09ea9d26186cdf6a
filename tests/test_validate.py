"""Validation, one rule at a time: a small inline fact base per rule, the exact message and line:col.

BASE is valid. Each case changes one line of it (or adds one) and pins every problem reported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from venru import load, model, validate
from venru.problem import Problem

BASE = """\
sources:
  - id: article
    title: Titel
    title_en: Title
    language: de
    date: "2022-02"
    file: a.txt
records:
  - id: borisov
    kind: participant
    name: Yuri Borisov
    aliases: []
    country: RU
    side: russia
    roles: [Deputy]
    evidence: [{paragraph: 1, quote: Borissow}]
  - id: trade
    kind: figure
    label: Trade growth
    value: 50
    unit: percent
    claimed_by: borisov
    evidence: [{paragraph: 1, quote: um 50 Prozent}]
"""
# The source text the quotes come from, so that checks of the quotes find them.
ARTICLE = "Titel\nJuri Borissow sagte, der Handel sei um 50 Prozent gewachsen.\n"

Check = Callable[[str], list[str]]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """Load a fact base written to facts.yaml (beside its source text) and return its problems
    as people see them, with the file named as it is in the folder."""

    def problems(text: str) -> list[str]:
        (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
        (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
        loaded = load.load(str(tmp_path / "facts.yaml"))
        return [str(p).removeprefix(f"{tmp_path}/") for p in loaded.problems]

    return problems


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def test_base_is_valid(check: Check) -> None:
    assert check(BASE) == []


# ----------------------------------------------------------------------------- scalar rules


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: Yuri Borisov", 'name: ""', "11:11: records[0].name: is required but empty"),
        ("name: Yuri Borisov", "name:", "11:10: records[0].name: is required but empty"),
        (
            "id: trade",
            "id: Trade Growth",
            "17:9: records[1].id: ids are lowercase letters and digits joined by '-', got 'Trade Growth'",
        ),
        (
            "country: RU",
            "country: Russia",
            "13:14: records[0].country: expected an ISO 3166-1 alpha-2 country code like 'RU', got 'Russia'",
        ),
        (
            'date: "2022-02"',
            "date: 16.02.2022",
            "6:11: sources[0].date: expected an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY), got '16.02.2022'",
        ),
        ('date: "2022-02"', "date: 2022-02-30", "6:11: sources[0].date: impossible date '2022-02-30'"),
        (
            "paragraph: 1, quote: Borissow",
            "paragraph: -1, quote: Borissow",
            "16:28: records[0].evidence[0].paragraph: expected a number of 0 or more, got '-1'",
        ),
        (
            "paragraph: 1, quote: Borissow",
            "paragraph: 1.5, quote: Borissow",
            "16:28: records[0].evidence[0].paragraph: expected a whole number, got '1.5'",
        ),
        (
            "value: 50",
            "value: '50'",
            "20:12: records[1].value: expected a number, got the quoted text '50'; remove the quotes",
        ),
        ("value: 50", "value: .nan", "20:12: records[1].value: expected a finite number, got '.nan'"),
        ("value: 50", "value: yes", "20:12: records[1].value: expected a number, got the boolean-like 'yes'"),
        (
            "value: 50",
            "value: 015",
            "20:12: records[1].value: leading zero in '015' is ambiguous (YAML 1.1 reads it as octal); "
            "write it without",
        ),
        ("value: 50", "value: fifty", "20:12: records[1].value: expected a number, got 'fifty'"),
        ("side: russia", "side: rusia", "14:11: records[0].side: unknown value 'rusia'; did you mean 'russia'?"),
        ("side: russia", "side: west", "14:11: records[0].side: unknown value 'west' (one of: russia, venezuela)"),
    ],
    ids=[
        "text-empty",
        "text-null",
        "id",
        "country",
        "date-form",
        "date-impossible",
        "whole-number-negative",
        "whole-number-fraction",
        "number-quoted",
        "number-non-finite",
        "number-boolean",
        "number-leading-zero",
        "number-words",
        "enum-typo",
        "enum-unknown",
    ],
)
def test_scalar_rule(check: Check, old: str, new: str, expected: str) -> None:
    assert check(edit(old, new)) == [f"facts.yaml:{expected}"]


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        ("15.000", "(German writes 15000 as 15.000); write 15000 for the whole number or 15.0 for the decimal"),
        ("1.500", "(German writes 1500 as 1.500); write 1500 for the whole number or 1.5 for the decimal"),
        ("-2.125", "(German writes -2125 as -2.125); write -2125 for the whole number or -2.1250 for the decimal"),
    ],
)
def test_number_with_three_decimals_is_ambiguous(check: Check, value: str, fix: str) -> None:
    """The article writes fifteen thousand as 15.000; YAML reads it as 15.0."""
    assert check(edit("value: 50", f"value: {value}")) == [
        f"facts.yaml:20:12: records[1].value: {value!r} is ambiguous {fix}"
    ]


@pytest.mark.parametrize("value", ["15.5", "15.25", "15.0000", "1.5e3", "0.75"])
def test_other_decimals_are_numbers(tmp_path: Path, check: Check, value: str) -> None:
    assert check(edit("value: 50", f"value: {value}")) == []
    loaded = load.load(str(tmp_path / "facts.yaml"))
    assert loaded.base is not None
    figure = loaded.base.by_id["trade"]
    assert isinstance(figure, model.Figure) and figure.value == float(value)


def test_optional_reference_left_empty_is_one_problem(tmp_path: Path, check: Check) -> None:
    assert check(edit("claimed_by: borisov", 'claimed_by: ""')) == [
        "facts.yaml:22:17: records[1].claimed_by: is empty; give a value or leave the key out"
    ]
    [problem] = load.load(str(tmp_path / "facts.yaml")).problems
    assert problem.record == "trade"


def test_optional_field_given_as_null_keeps_its_default(tmp_path: Path, check: Check) -> None:
    assert check(edit("claimed_by: borisov", "claimed_by: ~")) == []
    loaded = load.load(str(tmp_path / "facts.yaml"))
    assert loaded.base is not None
    figure = loaded.base.by_id["trade"]
    assert isinstance(figure, model.Figure) and figure.claimed_by is None


def test_every_field_type_of_the_model_has_a_scalar_rule() -> None:
    """A new scalar type in the model without an entry in SCALAR_CHECKS fails here, not on a user's file."""
    from venru import spec

    def scalar_types(tp: object) -> list[object]:
        inner = spec.optional_inner(tp) or tp
        item = spec.sequence_inner(inner)
        if item is not None:
            return scalar_types(item)
        if isinstance(inner, type) and issubclass(inner, model.Frozen):
            return [t for f in spec.fields_of(inner) for t in scalar_types(f.type)]
        return [inner]

    classes = [*model.RECORD_TYPES.values(), model.Source, model.LegacySource]
    for tp in {t for cls in classes for f in spec.fields_of(cls) for t in scalar_types(f.type)}:
        assert callable(validate.scalar_check(tp)), tp


# ----------------------------------------------------------------------------- structure


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    name: Yuri Borisov\n",
            "    nmae: Yuri Borisov\n",
            [
                "9:5: records[0]: missing required key 'name'",
                "11:5: records[0].nmae: unknown key 'nmae'; did you mean 'name'?",
            ],
        ),
        ("    country: RU\n", "", ["9:5: records[0]: missing required key 'country'"]),
        (
            "    unit: percent\n",
            "    unit: percent\n    unit: prozent\n",
            ["22:5: records[1].unit: key repeated in the same mapping (first on line 21)"],
        ),
        ("    unit: percent\n", "    unit: percent\n    [a]: b\n", ["22:5: records[1]: keys must be plain text"]),
        ("roles: [Deputy]", "roles: Deputy", ["15:12: records[0].roles: expected a list, got 'Deputy'"]),
        ("name: Yuri Borisov", "name: [Yuri]", ["11:11: records[0].name: expected text, got a list"]),
        ("value: 50", "value: {a: 1}", ["20:12: records[1].value: expected a number, got a mapping"]),
        (
            "evidence: [{paragraph: 1, quote: Borissow}]",
            "evidence: [Borissow]",
            ["16:16: records[0].evidence[0]: expected a mapping, got 'Borissow'"],
        ),
        (
            "    kind: figure\n",
            "",
            [
                "17:5: records[1]: missing required key 'kind' (one of: participant, organization, account, place, "
                "topic, figure, quote, event, outcome)"
            ],
        ),
        ("kind: figure", "kind: figur", ["18:11: records[1].kind: unknown kind 'figur'; did you mean 'figure'?"]),
        (
            "  - id: trade\n",
            "  - just text\n  - id: trade\n",
            ["17:5: records[1]: expected a record (a mapping), got 'just text'"],
        ),
    ],
    ids=[
        "unknown-key",
        "missing-key",
        "repeated-key",
        "non-text-key",
        "list-expected",
        "text-expected",
        "number-expected",
        "mapping-expected",
        "missing-kind",
        "unknown-kind",
        "record-not-a-mapping",
    ],
)
def test_structure(check: Check, old: str, new: str, expected: list[str]) -> None:
    assert check(edit(old, new)) == [f"facts.yaml:{e}" for e in expected]


def test_records_must_be_a_list(check: Check) -> None:
    text = BASE[: BASE.index("records:")] + "records: {}\n"
    assert check(text) == ["facts.yaml:8:10: records: expected a list of records, got a mapping"]


# ----------------------------------------------------------------------------- rules about the whole base


def test_duplicate_id(check: Check) -> None:
    assert check(edit("id: trade", "id: borisov")) == [
        "facts.yaml:17:9: records[1].id: duplicate id 'borisov' (first used on line 9)"
    ]


def test_duplicate_id_is_reported_whatever_else_is_wrong_with_either_record(check: Check) -> None:
    text = edit("id: trade", "id: borisov").replace("country: RU", "country: Russia").replace("value: 50", "value: x")
    assert check(text) == [
        "facts.yaml:13:14: records[0].country: expected an ISO 3166-1 alpha-2 country code like 'RU', got 'Russia'",
        "facts.yaml:17:9: records[1].id: duplicate id 'borisov' (first used on line 9)",
        "facts.yaml:20:12: records[1].value: expected a number, got 'x'",
    ]


def test_duplicate_source_id(check: Check) -> None:
    second = "  - id: article\n    title: B\n    title_en: B\n    language: de\n    date: '2022'\n    file: a.txt\n"
    assert check(edit("records:\n", second + "records:\n")) == [
        "facts.yaml:8:9: sources[1].id: duplicate source id 'article' (first is sources[0])"
    ]


def test_dangling_reference(check: Check) -> None:
    assert check(edit("claimed_by: borisov", "claimed_by: borisof")) == [
        "facts.yaml:22:17: records[1].claimed_by: refers to 'borisof', which is no record's id; did you mean 'borisov'?"
    ]


def test_reference_to_a_record_with_problems_is_not_dangling(check: Check) -> None:
    assert check(edit("country: RU", "country: Russia")) == [
        "facts.yaml:13:14: records[0].country: expected an ISO 3166-1 alpha-2 country code like 'RU', got 'Russia'"
    ]


def test_evidence_present(check: Check) -> None:
    assert check(edit("evidence: [{paragraph: 1, quote: Borissow}]", "evidence: []")) == [
        "facts.yaml:16:15: records[0].evidence: needs at least one {paragraph, quote} entry"
    ]


def test_a_check_appended_to_the_list_runs_and_its_problems_are_sorted_in(
    check: Check, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How issues add rules: one function `check(draft) -> list[Problem]` appended to CHECKS."""

    def no_trade(draft: validate.Draft) -> list[Problem]:
        return [
            Problem(draft.file, entry.node.line + 1, entry.node.column + 1, "no trade here", entry.path)
            for entry in draft.records
            if entry.id_node is not None and entry.id_node.value == "trade"
        ]

    monkeypatch.setattr(validate, "CHECKS", [*validate.CHECKS, no_trade])
    assert check(edit("country: RU", "country: Russia")) == [
        "facts.yaml:13:14: records[0].country: expected an ISO 3166-1 alpha-2 country code like 'RU', got 'Russia'",
        "facts.yaml:17:5: records[1]: no trade here",
    ]


# -- truth: derived fields, attribution, versions


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    derived: [{field: value, method: '2022 - 20'}]\n",
            [],
            id="derived-field-ok",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    derived: [{field: vaule, method: '2022 - 20'}]\n",
            [
                "23:23: records[1].derived[0].field: a figure has no field 'vaule' that can be derived; "
                "did you mean 'value'?"
            ],
            id="derived-unknown-field",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    derived: [{field: period, method: 'the year before'}]\n",
            ["23:23: records[1].derived[0].field: marks 'period' as derived, but the record gives no period"],
            id="derived-field-not-set",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    derived: [{field: unit, method: a}, {field: unit, method: b}]\n",
            ["23:49: records[1].derived[1].field: 'unit' is marked derived twice"],
            id="derived-twice",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    derived: [{field: evidence, method: a}]\n",
            ["23:23: records[1].derived[0].field: a figure has no field 'evidence' that can be derived"],
            id="derived-evidence",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    derived: {from: [borisov], method: 2022 - 20}\n",
            [
                "23:14: records[1].derived: venru 0.1's record-wide 'derived' mapping: mark each field the article "
                "only implies, as a list: derived: [{field: NAME, method: HOW, from: [IDS]}]"
            ],
            id="derived-0.1-mapping",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    attribution: unnamed\n",
            [],
            id="attribution-unnamed-ok",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    claimed_by: borisov\n    attribution: unnamed\n",
            ["23:18: records[1].attribution: attribution: unnamed says no speaker is named, but claimed_by names one"],
            id="attribution-unnamed-but-named",
        ),
        pytest.param(
            "    claimed_by: borisov\n",
            "    attribution: speaker\n",
            [
                "22:18: records[1].attribution: names no speaker: give claimed_by, or set attribution: unnamed "
                "(reported speech, no speaker named) or outlet (the article's own statement)"
            ],
            id="attribution-speaker-unnamed",
        ),
    ],
)
def test_truth_rules(check: Check, old: str, new: str, expected: list[str]) -> None:
    assert check(edit(old, new)) == [f"facts.yaml:{e}" for e in expected]


QUOTES = """\
  - id: de
    kind: quote
    speaker: borisov
    language: de
    medium: statement
    wording: rendering
    text: Borissow
    translation: Borisov
    versions: [es]
    evidence: [{paragraph: 1, quote: Borissow}]
  - id: es
    kind: quote
    speaker: borisov
    language: es
    medium: tweet
    text: Borissow
    translation: Borisov
    versions: [de]
    evidence: [{paragraph: 1, quote: Borissow}]
"""


def test_versions_link_both_ways(check: Check) -> None:
    assert check(BASE + QUOTES) == []
    one_way = QUOTES.replace("    versions: [de]\n", "")
    assert check(BASE + one_way) == [
        "facts.yaml:32:16: records[2].versions[0]: 'es' does not list 'de' among its versions; link both ways"
    ]
    not_a_quote = QUOTES.replace("versions: [de]", "versions: [de, trade]")
    assert check(BASE + not_a_quote) == ["facts.yaml:41:20: records[3].versions[1]: 'trade' is not a quote"]
