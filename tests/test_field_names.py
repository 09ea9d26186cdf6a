"""Field names written as text in the code (search weights, table columns, filters) are real
fields of the model, so a renamed field cannot silently drop out of search, tables or filters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import venru
from venru import model, render, search

RECORD_CLASSES = list(model.RECORD_TYPES.values())


def attributes(cls: type[model.Record]) -> set[str]:
    """The names a record of this class answers: its fields and the properties every record has."""
    return {name for name, _, _ in cls.FIELDS} | {"kind", "label"}


EVERY_ATTRIBUTE = set().union(*(attributes(cls) for cls in RECORD_CLASSES))


@pytest.mark.parametrize("name", [name for name, _ in search._WEIGHTS] + list(search._SNIPPET_FIELDS))
def test_search_fields_exist(name: str) -> None:
    assert name in EVERY_ATTRIBUTE


@pytest.mark.parametrize("kind", list(render._COLUMNS), ids=lambda k: k.value if k else "mixed")
def test_table_columns_name_fields_of_their_kind(kind: model.Kind | None) -> None:
    classes = [model.RECORD_TYPES[kind]] if kind else RECORD_CLASSES
    named = [c.get.name for c in render._COLUMNS[kind] if isinstance(c.get, render.FieldText)]
    assert named  # the check below has something to check
    for name in named:
        assert any(name in attributes(cls) for cls in classes), name


def getattr_names(module: Path) -> list[str]:
    """The attribute names a module reads from a record by text: getattr(record, "name", ...)."""
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in ("record", "r", "other")
            and isinstance(node.args[1], ast.Constant)
        ):
            found.append(str(node.args[1].value))
    return found


MODULES = sorted(Path(venru.__file__).parent.glob("*.py"))


def test_filters_and_other_reads_by_name_use_real_fields() -> None:
    names = {(module.stem, name) for module in MODULES for name in getattr_names(module)}
    assert ("query", "country") in names  # the scan finds the filters
    assert [(m, n) for m, n in sorted(names) if n not in EVERY_ATTRIBUTE] == []


@pytest.mark.parametrize("name", sorted(render.QUOTE_REFS))
def test_fields_shown_by_id_are_references_and_checked_to_be_quotes(name: str) -> None:
    from venru import spec, validate

    assert name in attributes(model.Quote)
    [found] = [f for f in spec.fields_of(model.Quote) if f.name == name]
    assert spec.holds_ids(found.type)
    assert validate.versions_are_quotes in validate.CHECKS  # the rule that they refer to quotes only
