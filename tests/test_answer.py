"""The one-line answer of each kind of record."""

from __future__ import annotations

import pytest

from tests.helpers import SHIPPED
from venru import answer, load, model, spec


@pytest.fixture(scope="module")
def base() -> model.FactBase:
    loaded = load.load(str(SHIPPED))
    assert loaded.base is not None
    return loaded.base


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        (
            "russian-tourists",
            "more than 15,000 tourists, in the past two months (reported; the article names no speaker)",
        ),
        ("trade-growth-2021", "50 percent, in 2021, according to Yuri Borisov"),
        # the article states the 20th anniversary, not the year 2022 nor the founding year 2002
        ("cian-anniversary-20", "20th anniversary, in 2022* (the article's own statement) (* derived)"),
        ("cian-founding-year", "2002* (* derived)"),
        (
            "maduro-tweet-event",
            "17 February 2022: Maduro tweets Venezuela's support for Russia against the threats of NATO",
        ),
        ("plasencia", "Foreign Minister of Venezuela* (* derived)"),
        ("maduro", "President of Venezuela"),
        ("trade-energy-finance", "discussed by both sides; reported by Nicolás Maduro"),
        ("geopolitics", "discussed by both sides*; reported by Nicolás Maduro* (* derived)"),
        ("strategic-agreements", "signed: Several strategic agreements between the two countries"),
        ("more-direct-flights", "proposed by Nicolás Maduro: More weekly direct flights between Moscow and Caracas"),
        ("maduro-nato-threats", "“Bedrohungen der NATO” — Nicolás Maduro"),
        ("cian-anniversary", "The commission's 20th founding anniversary this year (the article's own statement)"),
        ("nicolasmaduro", "twitter account of Nicolás Maduro"),
        ("caracas", "city in Venezuela* (* derived)"),  # the article says "die Hauptstadt", no country
    ],
)
def test_answers_read_naturally_with_names(base: model.FactBase, record_id: str, expected: str) -> None:
    assert answer.answer(base.by_id[record_id], answer.name_lookup(base)) == expected


def test_every_kind_has_an_answer_of_existing_fields() -> None:
    assert set(answer.ANSWERS) == {kind.value for kind in model.Kind}
    for kind, parts in answer.ANSWERS.items():
        names = {s.name for s in spec.fields_of(model.RECORD_TYPES[model.Kind(kind)])}
        assert {field for _, field in parts} <= names, kind


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (102, "102nd"),
        (111, "111th"),
    ],
)
def test_ordinals(n: int, text: str) -> None:
    assert answer.ordinal(n) == text


@pytest.mark.parametrize(
    ("date", "text"), [("2022-02-16", "16 February 2022"), ("2022-02", "February 2022"), ("2002", "2002")]
)
def test_natural_dates(date: str, text: str) -> None:
    assert answer.natural_date(date) == text


def test_units_and_numbers_read_naturally() -> None:
    def figure(value: float, unit: str, qualifier: str | None = None) -> model.Figure:
        return model.Figure(id="f", evidence=(), label_="x", value=value, unit=unit, qualifier=qualifier)

    assert answer.figure_value(figure(15000, "tourists", "more than")) == "more than 15,000 tourists"
    assert answer.figure_value(figure(2002, "founding year")) == "founded 2002"
    assert answer.figure_value(figure(2.5, "anniversary")) == "2.5 anniversary"
    assert answer.figure_value(figure(1234567.5, "euros", "about")) == "about 1,234,567.5 euros"
    assert answer.names_text(["A", "B", "C"]) == "A, B and C"
