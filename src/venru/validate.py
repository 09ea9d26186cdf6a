"""Validation: walk located YAML nodes along the model's fields, building records and problems.

Imported only when a file is parsed; a cached base never pays for it.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import math
import re
from collections.abc import Iterable
from typing import Any

from venru import model, parse, spec
from venru.load import Loaded
from venru.problem import Problem

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
_NON_FINITE = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.inf", "+.Inf", "-.Inf", "+.INF", "-.INF"}
_BOOLEANS = {"true", "false", "yes", "no", "on", "off", "y", "n"}


class _Invalid:
    """Marks a value that failed validation (its problem is already recorded)."""


INVALID: Any = _Invalid()


def _describe(node: Any) -> str:
    if isinstance(node, parse.Mapping):
        return "a mapping"
    if isinstance(node, parse.Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{shown!r}"


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def iso_date_problem(text: str) -> str | None:
    """Why `text` is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD), or None if it is one."""
    match = _DATE.match(text)
    if not match:
        return f"expected an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY), got {text!r}"
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        datetime.date(year or 1, month or 1, day or 1)
    except ValueError:
        return f"impossible date {text!r}"
    return None


class Builder:
    """Walks the located nodes along the model's fields, building records and collecting problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.record: str | None = None  # id of the record being built, for messages
        self.refs: list[tuple[str, Any, str, str | None]] = []  # (target id, node, path, record)
        self.ids_seen: set[str] = set()  # ids of every record, even those with problems

    def problem(self, node: Any, path: str, message: str) -> None:
        self.problems.append(Problem(self.name, node.line + 1, node.column + 1, message, path, self.record))

    # -- structure

    def document(self, root: Any) -> Loaded:
        if not isinstance(root, parse.Mapping):
            found = "a list" if isinstance(root, parse.Sequence) else f"a single value {_describe(root)}"
            self.problem(root, "", f"the fact base must be a mapping with 'sources' and 'records', got {found}")
            return Loaded(None, tuple(self.problems))
        fields = self.mapping_fields(root, "", {"sources", "source", "records"}, required={"records"})
        sources = self.sources(root, fields)
        records: list[model.Record] = []
        if "records" in fields:
            node = fields["records"]
            if isinstance(node, parse.Sequence):
                for index, item in enumerate(node.items):
                    record = self.record_node(item, f"records[{index}]")
                    if record is not INVALID:
                        records.append(record)
            else:
                self.problem(node, "records", f"expected a list of records, got {_describe(node)}")
        self.record = None
        self.cross_check(records)
        base = None
        if sources is not INVALID:
            base = model.FactBase(self.name, sources, tuple(records))
        return Loaded(base, tuple(sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0))))

    def sources(self, root: Any, fields: dict[str, Any]) -> Any:
        """The `sources:` list, or venru 0.1's single `source:` mapping as a list of one."""
        if "sources" in fields and "source" in fields:
            self.problem(fields["source"], "source", "give either 'sources' (a list) or 'source' (venru 0.1), not both")
            return INVALID
        if "source" in fields:
            legacy = self.value(fields["source"], model.LegacySource, "source")
            return INVALID if legacy is INVALID else (legacy.upgraded(),)
        if "sources" not in fields:
            self.problem(root, "", "missing required key 'sources'")
            return INVALID
        node = fields["sources"]
        sources = self.value(node, tuple[model.Source, ...], "sources")
        if sources is INVALID:
            return INVALID
        if not sources:
            self.problem(node, "sources", "needs at least one source")
            return INVALID
        first: dict[str, int] = {}
        for index, (source, item) in enumerate(zip(sources, node.items, strict=True)):
            if source.id in first:
                self.problem(
                    item,
                    f"sources[{index}].id",
                    f"duplicate source id '{source.id}' (first is sources[{first[source.id]}])",
                )
                sources = INVALID
            else:
                first[source.id] = index
        return sources

    def mapping_fields(self, node: Any, path: str, known: set[str], required: set[str]) -> dict[str, Any]:
        """Key -> value node of a mapping; reports non-text, repeated, unknown and missing keys."""
        fields: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key, value in node.pairs:
            if not isinstance(key, parse.Scalar):
                self.problem(key, path, "keys must be plain text")
                continue
            where = f"{path}.{key.value}" if path else key.value
            if key.value in fields:
                self.problem(key, where, f"key repeated in the same mapping (first on line {first_line[key.value]})")
                continue
            if key.value not in known:
                self.problem(key, where, f"unknown key '{key.value}'{_suggest(key.value, known)}")
                continue
            fields[key.value] = value
            first_line[key.value] = key.line + 1
        for missing in sorted(required - fields.keys()):
            self.problem(node, path, f"missing required key '{missing}'")
        return fields

    def record_node(self, node: Any, path: str) -> Any:
        self.record = None
        if not isinstance(node, parse.Mapping):
            self.problem(node, path, f"expected a record (a mapping), got {_describe(node)}")
            return INVALID
        keyed = {k.value: v for k, v in node.pairs if isinstance(k, parse.Scalar)}
        id_node = keyed.get("id")
        if isinstance(id_node, parse.Scalar) and not id_node.is_null:
            self.record = id_node.value
            self.ids_seen.add(id_node.value)
        kind_node = keyed.get("kind")
        kinds = [k.value for k in model.Kind]
        if kind_node is None:
            self.problem(node, path, f"missing required key 'kind' (one of: {', '.join(kinds)})")
            return INVALID
        if not isinstance(kind_node, parse.Scalar) or kind_node.value not in kinds:
            shown = _describe(kind_node)
            hint = _suggest(kind_node.value, kinds) if isinstance(kind_node, parse.Scalar) else ""
            self.problem(
                kind_node, f"{path}.kind", f"unknown kind {shown}{hint or ' (one of: ' + ', '.join(kinds) + ')'}"
            )
            return INVALID
        cls = model.RECORD_TYPES[model.Kind(kind_node.value)]
        return self.object_node(node, cls, path, extra_known={"kind"})

    def object_node(self, node: Any, cls: type, path: str, extra_known: frozenset[str] | set[str] = frozenset()) -> Any:
        if not isinstance(node, parse.Mapping):
            self.problem(node, path, f"expected a mapping, got {_describe(node)}")
            return INVALID
        specs = spec.fields_of(cls)
        known = {s.name for s in specs} | set(extra_known)
        fields = self.mapping_fields(node, path, known, {s.name for s in specs if s.required})
        kwargs: dict[str, Any] = {}
        ok = all(s.name in fields for s in specs if s.required)
        for field_spec in specs:
            if field_spec.name not in fields:
                continue
            value_node = fields[field_spec.name]
            value = self.value(value_node, field_spec.type, f"{path}.{field_spec.name}", field_spec.required)
            if field_spec.name == "evidence" and value == ():
                self.problem(value_node, f"{path}.evidence", "needs at least one {paragraph, quote} entry")
                value = INVALID
            if value is INVALID:
                ok = False
            elif value is not None:  # an explicit null on an optional field keeps its default
                kwargs[field_spec.attr] = value
        if not ok:
            return INVALID
        if issubclass(cls, model.Record):
            kwargs["where"] = model.Location(file=self.name, line=node.line + 1, column=node.column + 1)
        return cls(**kwargs)

    # -- values

    def value(self, node: Any, tp: Any, path: str, required: bool = True) -> Any:
        inner = spec.optional_inner(tp)
        if isinstance(node, parse.Scalar) and node.is_null:
            if inner is None and required:
                self.problem(node, path, "is required but empty")
                return INVALID
            return None
        if inner is not None:
            tp = inner
        item_type = spec.sequence_inner(tp)
        if item_type is not None:
            if not isinstance(node, parse.Sequence):
                self.problem(node, path, f"expected a list, got {_describe(node)}")
                return INVALID
            items = [self.value(item, item_type, f"{path}[{i}]") for i, item in enumerate(node.items)]
            return INVALID if any(v is INVALID for v in items) else tuple(items)
        if isinstance(tp, type) and issubclass(tp, model.Frozen):
            return self.object_node(node, tp, path)
        if not isinstance(node, parse.Scalar):
            self.problem(node, path, f"expected {_expected(tp)}, got {_describe(node)}")
            return INVALID
        return self.scalar(node, tp, path)

    def scalar(self, node: Any, tp: Any, path: str) -> Any:
        text: str = node.value
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            choices = [m.value for m in tp]
            if text in choices:
                return tp(text)
            hint = _suggest(text, choices) or f" (one of: {', '.join(choices)})"
            self.problem(node, path, f"unknown value {text!r}{hint}")
            return INVALID
        if tp is int or tp is model.Number:
            return self.number(node, tp, path)
        if tp is model.RecordId or tp is model.SourceId:
            if not _ID.match(text):
                self.problem(node, path, f"ids are lowercase letters and digits joined by '-', got {text!r}")
                return INVALID
        elif tp is model.Ref:
            self.refs.append((text, node, path, self.record))
        elif tp is model.Country:
            if not _COUNTRY.match(text):
                self.problem(node, path, f"expected an ISO 3166-1 alpha-2 country code like 'RU', got {text!r}")
                return INVALID
        elif tp is model.IsoDate:
            problem = iso_date_problem(text)
            if problem:
                self.problem(node, path, problem)
                return INVALID
        if not text.strip():
            self.problem(node, path, "is required but empty")
            return INVALID
        return text

    def number(self, node: Any, tp: Any, path: str) -> Any:
        text: str = node.value
        want = "a whole number" if tp is int else "a number"
        if not node.plain:
            self.problem(node, path, f"expected {want}, got the quoted text {text!r}; remove the quotes")
            return INVALID
        if text in _NON_FINITE:
            self.problem(node, path, f"expected a finite number, got {text!r}")
            return INVALID
        if text.lower() in _BOOLEANS:
            self.problem(node, path, f"expected {want}, got the boolean-like {text!r}")
            return INVALID
        digits = text.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            self.problem(
                node, path, f"leading zero in {text!r} is ambiguous (YAML 1.1 reads it as octal); write it without"
            )
            return INVALID
        if _INT.match(text):
            number: int | float = int(text)
            if tp is int and number < 0:
                self.problem(node, path, f"expected a number of 0 or more, got {text!r}")
                return INVALID
            return number
        if tp is model.Number and _FLOAT.match(text):
            value = float(text)
            if math.isfinite(value):
                return value
        self.problem(node, path, f"expected {want}, got {text!r}")
        return INVALID

    # -- the base as a whole

    def cross_check(self, records: list[model.Record]) -> None:
        first: dict[str, model.Record] = {}
        for record in records:
            if record.id in first:
                where = record.where
                previous = first[record.id].where
                line = previous.line if previous else "?"
                self.problems.append(
                    Problem(
                        self.name,
                        where.line if where else None,
                        where.column if where else None,
                        f"duplicate id '{record.id}' (first used on line {line})",
                        "id",
                        record.id,
                    )
                )
            else:
                first[record.id] = record
        known = set(first) | self.ids_seen
        for target, node, path, owner in self.refs:
            if target not in known:
                self.problems.append(
                    Problem(
                        self.name,
                        node.line + 1,
                        node.column + 1,
                        f"refers to '{target}', which is no record's id{_suggest(target, known)}",
                        path,
                        owner,
                    )
                )


def _expected(tp: Any) -> str:
    if tp is int:
        return "a whole number"
    if tp is model.Number:
        return "a number"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(m.value for m in tp)
    return "text"
