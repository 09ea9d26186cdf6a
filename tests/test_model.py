"""The frozen record base: keyword fields with defaults, equality and hashing by value, no mutation."""

from __future__ import annotations

from typing import ClassVar

import pytest

from venru import model


class Point(model.Frozen):
    x: int
    y: int = 0
    tag: str | None = None
    SCALE: ClassVar[int] = 10  # a class variable, not a field


class Labelled(Point):
    label: str = ""
    UNCOMPARED: ClassVar[frozenset[str]] = frozenset({"label"})


def test_fields_come_from_annotations_in_order_base_classes_first() -> None:
    assert [name for name, _, _ in Labelled.FIELDS] == ["x", "y", "tag", "label"]
    assert Point(x=1).y == 0 and Point(x=1).tag is None


def test_missing_and_unknown_fields_are_errors() -> None:
    with pytest.raises(TypeError, match="Point: missing field 'x'"):
        Point(y=1)
    with pytest.raises(TypeError, match=r"Point: unknown fields \['z'\]"):
        Point(x=1, z=2)


def test_equal_by_value_and_hash_alike() -> None:
    a, b, c = Point(x=1, y=2), Point(x=1, y=2), Point(x=1, y=3)
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert len({a, b, c}) == 2


def test_different_classes_with_the_same_values_differ() -> None:
    assert Point(x=1) != Labelled(x=1)
    assert Point(x=1).__eq__("x") is NotImplemented


def test_uncompared_fields_are_left_out_of_equality_and_hash() -> None:
    a, b = Labelled(x=1, label="a"), Labelled(x=1, label="b")
    assert a == b and hash(a) == hash(b)


def test_immutable() -> None:
    point = Point(x=1)
    with pytest.raises(AttributeError, match="Point is frozen"):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match="Point is frozen"):
        del point.x
    assert point.x == 1


def test_repr_shows_every_field() -> None:
    assert repr(Point(x=1, tag="a")) == "Point(x=1, y=0, tag='a')"


def test_a_record_is_equal_wherever_it_stands_in_its_file() -> None:
    def figure(line: int) -> model.Figure:
        return model.Figure(
            id=model.RecordId("f"),
            evidence=(model.Evidence(paragraph=1, quote="q"),),
            label_="F",
            value=model.Number(1.0),
            unit="u",
            where=model.Location(file="a.yaml", line=line, column=3),
        )

    assert figure(1) == figure(9) and hash(figure(1)) == hash(figure(9))
    assert figure(1).where != figure(9).where
    assert {figure(1), figure(9)} == {figure(1)}
