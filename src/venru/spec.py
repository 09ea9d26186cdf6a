"""The shape of each record as YAML, JSON and the JSON Schema see it.

One description, read from the record classes in `model`, drives the loader's validation, the
JSON output, the cache and `venru schema`, so the four cannot drift apart.
"""

from __future__ import annotations

import enum
import math
import re
import types
import typing
from typing import Any, NamedTuple

from venru import model


class FieldSpec(NamedTuple):
    name: str  # in YAML and JSON
    attr: str  # on the Python object
    type: Any  # a resolved type hint
    required: bool
    computed: bool = False  # filled in by the loader: in JSON output, never read from a fact base


_FIELDS: dict[type, tuple[FieldSpec, ...]] = {}


def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """The data fields of a record class in output order: id, kind's own fields, then the common tail."""
    if cls not in _FIELDS:
        _FIELDS[cls] = _read_fields(cls)
    return _FIELDS[cls]


def _read_fields(cls: type) -> tuple[FieldSpec, ...]:
    fields: tuple[tuple[str, Any, Any], ...] = getattr(cls, "FIELDS", ())
    computed: frozenset[str] = getattr(cls, "COMPUTED", frozenset())
    specs = [
        FieldSpec(model.RENAMED.get(name, name), name, tp, default is model.MISSING, name in computed)
        for name, tp, default in fields
        if name != "where"
    ]
    if issubclass(cls, model.Record):
        tail = ("keywords", "derived", "note", "evidence")
        head = [s for s in specs if s.name == "id"]
        own = [s for s in specs if s.name not in tail and s.name != "id"]
        common = sorted((s for s in specs if s.name in tail), key=lambda s: tail.index(s.name))
        specs = head + own + common
    return tuple(specs)


def optional_inner(tp: Any) -> Any | None:
    """`X` for `X | None`, else None."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return None


def sequence_inner(tp: Any) -> Any | None:
    """`X` for `tuple[X, ...]`, else None."""
    if typing.get_origin(tp) is tuple:
        return typing.get_args(tp)[0]
    return None


def holds_ids(tp: Any) -> bool:
    """Whether a field of this type refers to other records: `Ref`, `Ref | None` or `tuple[Ref, ...]`."""
    return (optional_inner(tp) or tp) is model.Ref or sequence_inner(tp) is model.Ref


def to_plain(value: Any) -> Any:
    """A record (or any model value) as JSON-ready Python: dicts in field order, enums as values."""
    if isinstance(value, model.Record):
        out: dict[str, Any] = {"id": value.id, "kind": value.kind.value}
        for spec in fields_of(type(value))[1:]:
            out[spec.name] = to_plain(getattr(value, spec.attr))
        return out
    if isinstance(value, model.Frozen):
        return {spec.name: to_plain(getattr(value, spec.attr)) for spec in fields_of(type(value))}
    if isinstance(value, tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


class ShapeError(ValueError):
    """Plain data that is not exactly what `to_plain` writes (a damaged or foreign cache entry)."""


def from_plain(cls: type[Any], data: Any, **extra: Any) -> Any:
    """Rebuild a model object from `to_plain` output we wrote ourselves (the cache).

    Trusts nothing: every key must be there and no other, and every value must have exactly
    the field's type (a number for a Number, an id for a Ref, a known value for an enum);
    otherwise `ShapeError`, and the caller rebuilds from the fact base.
    """
    if cls not in _CONVERTERS:
        _CONVERTERS[cls] = tuple((s.name, s.attr, _converter(s.type)) for s in fields_of(cls))
    converters = _CONVERTERS[cls]
    if type(data) is not dict or len(data) != len(converters):
        raise ShapeError(f"not the fields of a {cls.__name__}")
    try:
        kwargs = {attr: convert(data[name]) for name, attr, convert in converters}
    except KeyError as missing:
        raise ShapeError(f"{cls.__name__} without {missing}") from None
    return cls(**kwargs, **extra)


def references(value: Any) -> list[str]:
    """The ids a record (or any model value) refers to, in field order."""
    cls = type(value)
    if cls not in _REFERRING:
        _REFERRING[cls] = tuple(
            (field.attr, holds_ids(field.type))
            for field in fields_of(cls)
            if holds_ids(field.type) or _nests(field.type)
        )
    found: list[str] = []
    for attr, is_ref in _REFERRING[cls]:
        item = getattr(value, attr)
        if item is None:
            continue
        items = item if isinstance(item, tuple) else (item,)
        if is_ref:
            found.extend(items)
        else:
            for nested in items:
                found.extend(references(nested))
    return found


def _nests(tp: Any) -> bool:
    """Whether a field of this type holds model objects: `X`, `X | None` or `tuple[X, ...]`."""
    inner = optional_inner(tp) or sequence_inner(tp) or tp
    return isinstance(inner, type) and issubclass(inner, model.Frozen)


_REFERRING: dict[type, tuple[tuple[str, bool], ...]] = {}
_CONVERTERS: dict[type, tuple[tuple[str, str, Any], ...]] = {}

_PATTERNS = {
    model.RecordId: re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z"),
    model.SourceId: re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z"),
    model.Ref: re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z"),
    model.Country: re.compile(r"[A-Z]{2}\Z"),
    model.IsoDate: re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?\Z"),
}


def _text(value: Any) -> str:
    if type(value) is not str or len(value) > model.MAX_TEXT:
        raise ShapeError("expected a text of at most MAX_TEXT characters")
    return value


def _matching(pattern: re.Pattern[str]) -> Any:
    def convert(value: Any) -> str:
        if type(value) is not str or len(value) > model.MAX_TEXT or not pattern.match(value):
            raise ShapeError(f"expected text matching {pattern.pattern}")
        return value

    return convert


def _number(value: Any) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ShapeError("expected a finite number")
    return value  # type: ignore[no-any-return]


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ShapeError("expected a whole number of at least 0")
    return value


def _converter(tp: Any) -> Any:
    """A function from JSON-plain data to the model value of type `tp`, chosen once per field;
    it raises ShapeError for anything of another type."""
    inner = optional_inner(tp)
    if inner is not None:
        convert = _converter(inner)
        return lambda value: None if value is None else convert(value)
    item = sequence_inner(tp)
    if item is not None:
        convert_item = _converter(item)

        def sequence(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise ShapeError("expected a list")
            if convert_item is _text:  # the common case, checked in one pass
                if not all(type(v) is str and len(v) <= model.MAX_TEXT for v in value):
                    raise ShapeError("expected a list of text")
                return tuple(value)
            return tuple(convert_item(v) for v in value)

        return sequence
    if tp in _PATTERNS:
        return _matching(_PATTERNS[tp])
    if tp is model.Number:
        return _number
    if tp is str:
        return _text
    if tp is int:
        return _count
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        by_value = {member.value: member for member in tp}

        def member(value: Any) -> Any:
            if type(value) is not str or value not in by_value:
                raise ShapeError(f"expected one of {', '.join(by_value)}")
            return by_value[value]

        return member
    if isinstance(tp, type) and issubclass(tp, model.Frozen):
        return lambda value: from_plain(tp, value)
    raise TypeError(f"no cache converter for {tp!r}")  # a bug in the model, not in the data


# ----------------------------------------------------------------------------- JSON Schema

_NEWTYPE_SCHEMAS: dict[Any, dict[str, Any]] = {
    model.RecordId: {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    model.SourceId: {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "the id of a source"},
    model.Ref: {"type": "string", "description": "the id of another record"},
    model.Country: {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"},
    model.IsoDate: {
        "type": "string",
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD",
    },
    model.Number: {"type": "number"},
}


def _type_schema(tp: Any) -> dict[str, Any]:
    if tp in _NEWTYPE_SCHEMAS:
        return dict(_NEWTYPE_SCHEMAS[tp])
    inner = optional_inner(tp)
    if inner is not None:
        return {"anyOf": [_type_schema(inner), {"type": "null"}]}
    item = sequence_inner(tp)
    if item is not None:
        return {"type": "array", "items": _type_schema(item)}
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer", "minimum": 0}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and issubclass(tp, model.Frozen):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # a bug in the model, not in the data


def _object_schema(cls: type, kind: model.Kind | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    for spec in fields_of(cls):
        props[spec.name] = _type_schema(spec.type)
        if spec.computed:
            props[spec.name] |= {"readOnly": True, "description": "computed by venru; never written in a fact base"}
        if spec.required:
            required.append(spec.name)
        if kind is not None and spec.name == "id":
            props["kind"] = {"const": kind.value}
            required.append("kind")
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a fact base file (and of each record in venru's JSON output)."""
    defs: dict[str, Any] = {
        name: _object_schema(cls) for name, cls in (("Evidence", model.Evidence), ("Derivation", model.Derivation))
    }
    defs["Source"] = _object_schema(model.Source)
    defs["LegacySource"] = {
        **_object_schema(model.LegacySource),
        "description": "venru 0.1's single source; loaded as a base with one source",
    }
    for kind, cls in model.RECORD_TYPES.items():
        defs[cls.__name__] = _object_schema(cls, kind)
    # Not part of a fact base: what `search --json` and `--expand` add to records in venru's output.
    scored = {
        "score": {"type": "number", "description": "BM25 relevance; results come best first"},
        "answer": {"type": "string", "description": "what the record answers, with names, not ids"},
    }
    per_kind = []
    for kind, cls in model.RECORD_TYPES.items():
        own = _object_schema(cls, kind)
        per_kind.append({**own, "properties": {**own["properties"], **scored}, "required": [*own["required"], *scored]})
    defs["SearchResult"] = {
        "description": (
            "venru search --json: the fields of a record of its own kind only (see its definition), then its"
            " score and its answer in one line"
        ),
        "type": "object",
        "properties": scored,
        "required": list(scored),
        "oneOf": per_kind,
    }
    defs["Named"] = {
        "description": "--expand: a reference as the referenced record's id and name",
        "type": "object",
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
        "required": ["id", "name"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://venru.invalid/facts.schema.json",
        "title": "venru fact base",
        "type": "object",
        "properties": {
            "sources": {"type": "array", "items": {"$ref": "#/$defs/Source"}, "minItems": 1},
            "source": {"$ref": "#/$defs/LegacySource"},
            "records": {
                "type": "array",
                "items": {"oneOf": [{"$ref": f"#/$defs/{c.__name__}"} for c in model.RECORD_TYPES.values()]},
            },
        },
        "required": ["records"],
        "oneOf": [{"required": ["sources"]}, {"required": ["source"]}],
        "additionalProperties": False,
        "$defs": defs,
    }
