"""Validation: located YAML nodes in, typed records and every problem out.

Three kinds of rules, each in one place:

- **Scalar rules**: `SCALAR_CHECKS`, a table from a field's type (`model.Country`, `int`,
  `model.IsoDate`, ...) to a small function `check(node) -> value | Bad`. Enums need no entry.
  A new field type with a rule of its own adds one function and one entry.
- **Structure**: `_Walk` follows the model's field types (`spec.fields_of`) through mappings,
  lists and nested objects, and reports unknown, missing and repeated keys and wrong shapes. It
  holds no rule about a single type or about the base as a whole. The id of the record a
  problem belongs to is passed down explicitly.
- **Rules about the whole base**: `CHECKS`, a list of pure functions
  `check(draft: Draft) -> list[Problem]`. They run after the walk, over every source and record
  entry of the file, including entries that failed to build (so a duplicate id is reported
  whatever else is wrong with either record). `Draft` carries each entry's node, so a check
  can point at any line (`nodes.child(entry.node, "evidence")`), and the fact base's folder and
  size limit, for checks that read files beside it.

To add a rule about the whole base, write a function taking a `Draft` and returning problems,
append it to `CHECKS`, and add one inline-YAML case to `tests/test_validate.py`. Nothing else
changes. If a check needs something the walk does not record yet, add a field to `Draft`.

Imported only when a file is parsed; a cached base never pays for it.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from venru import model, spec
from venru import sources as texts
from venru.nodes import Mapping, Node, Scalar, Sequence, child, describe
from venru.problem import Loaded, Problem

# ----------------------------------------------------------------------------- scalar rules

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_THOUSANDS = re.compile(r"([-+]?)([0-9]+)\.([0-9]{3})\Z")  # '15.000': German for 15,000, or 15.0?
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
_NON_FINITE = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.inf", "+.Inf", "-.Inf", "+.INF", "-.INF"}
_BOOLEANS = {"true", "false", "yes", "no", "on", "off", "y", "n"}


class Bad(NamedTuple):
    """A scalar that breaks its type's rule, and the message for whoever fixes it."""

    message: str


# Returned for blank text; the walker words it for required and optional fields.
EMPTY = Bad("is required but empty")

ScalarCheck = Callable[[Scalar], Any]  # the value, or Bad


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


def check_text(node: Scalar) -> Any:
    return node.value if node.value.strip() else EMPTY


def check_id(node: Scalar) -> Any:
    text = node.value
    if not text.strip():
        return EMPTY
    if not _ID.match(text):
        return Bad(f"ids are lowercase letters and digits joined by '-', got {text!r}")
    return text


def check_country(node: Scalar) -> Any:
    text = node.value
    if not text.strip():
        return EMPTY
    if not _COUNTRY.match(text):
        return Bad(f"expected an ISO 3166-1 alpha-2 country code like 'RU', got {text!r}")
    return text


def check_date(node: Scalar) -> Any:
    if not node.value.strip():
        return EMPTY
    problem = iso_date_problem(node.value)
    return Bad(problem) if problem else node.value


def _number_problem(node: Scalar, want: str) -> str | None:
    """What keeps an unquoted scalar from being read as a number without guessing, if anything."""
    text = node.value
    if not node.plain:
        return f"expected {want}, got the quoted text {text!r}; remove the quotes"
    if text in _NON_FINITE:
        return f"expected a finite number, got {text!r}"
    if text.lower() in _BOOLEANS:
        return f"expected {want}, got the boolean-like {text!r}"
    digits = text.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return f"leading zero in {text!r} is ambiguous (YAML 1.1 reads it as octal); write it without"
    return None


def check_whole_number(node: Scalar) -> Any:
    problem = _number_problem(node, "a whole number")
    if problem:
        return Bad(problem)
    if not _INT.match(node.value):
        return Bad(f"expected a whole number, got {node.value!r}")
    number = int(node.value)
    if number < 0:
        return Bad(f"expected a number of 0 or more, got {node.value!r}")
    return number


def check_number(node: Scalar) -> Any:
    problem = _number_problem(node, "a number")
    if problem:
        return Bad(problem)
    text = node.value
    if _INT.match(text):
        return int(text)
    thousands = _THOUSANDS.match(text)
    if thousands:
        sign, whole, part = thousands.groups()
        as_thousands = f"{sign}{int(whole + part)}"
        as_decimal = f"{sign}{whole}.{part.rstrip('0') or '0'}"
        if as_decimal == text:  # '1.234': no shorter decimal spelling; a fourth digit makes it clear
            as_decimal += "0"
        return Bad(
            f"{text!r} is ambiguous (German writes {as_thousands} as {text}); "
            f"write {as_thousands} for the whole number or {as_decimal} for the decimal"
        )
    if _FLOAT.match(text):
        value = float(text)
        if math.isfinite(value):
            return value
    return Bad(f"expected a number, got {text!r}")


SCALAR_CHECKS: dict[Any, ScalarCheck] = {
    str: check_text,
    model.Ref: check_text,  # whether the id exists is a rule about the whole base: `dangling_references`
    model.RecordId: check_id,
    model.SourceId: check_id,
    model.Country: check_country,
    model.IsoDate: check_date,
    int: check_whole_number,
    model.Number: check_number,
}


def _enum_check(tp: type[enum.Enum]) -> ScalarCheck:
    choices = [member.value for member in tp]

    def check(node: Scalar) -> Any:
        if node.value in choices:
            return tp(node.value)
        hint = _suggest(node.value, choices) or f" (one of: {', '.join(choices)})"
        return Bad(f"unknown value {node.value!r}{hint}")

    return check


def scalar_check(tp: Any) -> ScalarCheck:
    """The rule for scalars of type `tp`; a type without one is a bug in the model."""
    if tp in SCALAR_CHECKS:
        return SCALAR_CHECKS[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        check = SCALAR_CHECKS[tp] = _enum_check(tp)
        return check
    raise TypeError(f"no scalar check for {tp!r}; add one to validate.SCALAR_CHECKS")


def _expected(tp: Any) -> str:
    if tp is int:
        return "a whole number"
    if tp is model.Number:
        return "a number"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(m.value for m in tp)
    return "text"


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# ----------------------------------------------------------------------------- what the walk finds


def _id_node(node: Node) -> Scalar | None:
    """The `id` of a mapping as written, if it has one."""
    found = child(node, "id")
    return found if isinstance(found, Scalar) and not found.is_null else None


class SourceEntry(NamedTuple):
    """One source as found in the file, built or not."""

    node: Node
    path: str  # 'sources[0]', or 'source' for venru 0.1's single mapping
    source: model.Source | None  # None when the entry has problems of its own

    @property
    def id_node(self) -> Scalar | None:
        return _id_node(self.node)


class RecordEntry(NamedTuple):
    """One item of `records` as found in the file, built or not."""

    node: Node
    path: str  # 'records[3]'
    record: model.Record | None  # None when the entry has problems of its own

    @property
    def id_node(self) -> Scalar | None:
        return _id_node(self.node)


class Reference(NamedTuple):
    """A field value that names another record: `claimed_by: borisov`."""

    target: str
    node: Scalar
    path: str  # 'records[3].claimed_by'
    record: str | None  # the id of the record that holds it


class Draft(NamedTuple):
    """Everything the walk found, for the rules about the whole base."""

    file: str  # the name problems carry
    folder: Path  # the fact base's folder (the current one for stdin): where its source texts are
    max_bytes: int  # the size limit for files read beside the base
    sources: tuple[SourceEntry, ...]
    records: tuple[RecordEntry, ...]
    references: tuple[Reference, ...]
    # each built source's text by id, read once (safely, inside `folder`) before the checks run
    texts: dict[str, texts.Text | texts.Unreadable]


def _at(draft: Draft, node: Node, path: str, message: str, record: str | None) -> Problem:
    return Problem(draft.file, node.line + 1, node.column + 1, message, path, record)


# ----------------------------------------------------------------------------- rules about the whole base


def duplicate_source_ids(draft: Draft) -> list[Problem]:
    first: dict[str, int] = {}
    found = []
    for index, entry in enumerate(draft.sources):
        node = entry.id_node
        if node is None:
            continue
        if node.value in first:
            message = f"duplicate source id '{node.value}' (first is sources[{first[node.value]}])"
            found.append(_at(draft, node, f"{entry.path}.id", message, None))
        else:
            first[node.value] = index
    return found


def duplicate_ids(draft: Draft) -> list[Problem]:
    """Every repeated record id, whatever else is wrong with either record."""
    first: dict[str, int] = {}  # id -> line it is first used on
    found = []
    for entry in draft.records:
        node = entry.id_node
        if node is None:
            continue
        if node.value in first:
            message = f"duplicate id '{node.value}' (first used on line {first[node.value]})"
            found.append(_at(draft, node, f"{entry.path}.id", message, node.value))
        else:
            first[node.value] = node.line + 1
    return found


def dangling_references(draft: Draft) -> list[Problem]:
    known = {node.value for entry in draft.records if (node := entry.id_node) is not None}
    return [
        _at(
            draft,
            ref.node,
            ref.path,
            f"refers to '{ref.target}', which is no record's id{_suggest(ref.target, known)}",
            ref.record,
        )
        for ref in draft.references
        if ref.target not in known
    ]


def evidence_present(draft: Draft) -> list[Problem]:
    """Every record rests on at least one quote (a missing `evidence` key is a missing key)."""
    found = []
    for entry in draft.records:
        evidence = child(entry.node, "evidence")
        if isinstance(evidence, Sequence) and not evidence.items:
            node = entry.id_node
            message = "needs at least one {paragraph, quote} entry"
            found.append(_at(draft, evidence, f"{entry.path}.evidence", message, node.value if node else None))
    return found


# -- grounding: every quote against the source texts the base ships


class Quoted(NamedTuple):
    """One evidence entry as written, whether or not its record could be built."""

    node: Mapping  # the entry: problems point at its line
    path: str  # 'records[3].evidence[0]'
    record: str | None
    source: str | None  # the source id, as written or, when left out, the only source's
    paragraph: int | None  # None when it is not a whole number (the walk reports that)
    quote: str | None  # None when missing or empty (the walk reports that)


def _source_ids(draft: Draft) -> list[str]:
    ids = [
        entry.source.id if entry.source else (node.value if (node := entry.id_node) else None)
        for entry in draft.sources
    ]
    return list(dict.fromkeys(i for i in ids if i is not None))  # a repeated id is reported on its own


def evidence_of(draft: Draft, entry: RecordEntry) -> list[Quoted]:
    evidence = child(entry.node, "evidence")
    if not isinstance(evidence, Sequence):
        return []
    ids = _source_ids(draft)
    id_node = entry.id_node
    found = []
    for index, item in enumerate(evidence.items):
        if not isinstance(item, Mapping):
            continue
        source_node, paragraph_node, quote_node = child(item, "source"), child(item, "paragraph"), child(item, "quote")
        source = ids[0] if len(ids) == 1 else None
        if isinstance(source_node, Scalar) and not source_node.is_null:
            source = source_node.value
        paragraph = check_whole_number(paragraph_node) if isinstance(paragraph_node, Scalar) else None
        quote = quote_node.value if isinstance(quote_node, Scalar) and quote_node.value.strip() else None
        if quote is not None and len(quote) > model.MAX_TEXT:
            quote = None  # reported by the walk; too long to look for
        found.append(
            Quoted(
                item,
                f"{entry.path}.evidence[{index}]",
                id_node.value if id_node else None,
                source,
                None if isinstance(paragraph, Bad) else paragraph,
                quote,
            )
        )
    return found


def source_files_readable(draft: Draft) -> list[Problem]:
    """Each source's file is inside the base's folder, readable, UTF-8, within the size limit."""
    found = []
    for entry in draft.sources:
        text = draft.texts.get(entry.source.id) if entry.source else None
        if isinstance(text, texts.Unreadable):
            key = "article" if entry.path == "source" else "file"  # venru 0.1 named it `article`
            node = child(entry.node, key) or entry.node
            found.append(_at(draft, node, f"{entry.path}.{key}", text.message, None))
    return found


def quotes_verbatim(draft: Draft) -> list[Problem]:
    """Each evidence entry names a source the base has (it may leave it out when there is one),
    a paragraph that source has, and a quote that stands there code point for code point."""
    ids = _source_ids(draft)
    found: list[Problem] = []
    if not ids:
        return found  # the header is unusable, and reported
    for entry in draft.records:
        for quoted in evidence_of(draft, entry):
            where = quoted.path
            if quoted.source is None:
                message = f"the fact base has {len(ids)} sources ({', '.join(ids)}); name the one this quote is from"
                found.append(_at(draft, quoted.node, f"{where}.source", message, quoted.record))
                continue
            if quoted.source not in ids:
                hint = _suggest(quoted.source, ids) or f"; the sources are: {', '.join(ids)}"
                message = f"refers to source '{quoted.source}', which is no source's id{hint}"
                found.append(_at(draft, quoted.node, f"{where}.source", message, quoted.record))
                continue
            text = draft.texts.get(quoted.source)
            if not isinstance(text, texts.Text) or quoted.paragraph is None or quoted.quote is None:
                continue  # an unreadable file or a bad field is reported once, where it is
            if quoted.paragraph >= len(text.paragraphs):
                message = (
                    f"paragraph {quoted.paragraph} does not exist: "
                    f"source '{quoted.source}' has paragraphs 0 to {len(text.paragraphs) - 1}"
                )
                found.append(_at(draft, quoted.node, f"{where}.paragraph", message, quoted.record))
                continue
            problem = texts.quote_problem(text.paragraphs, quoted.paragraph, quoted.quote)
            if problem:
                found.append(_at(draft, quoted.node, f"{where}.quote", problem, quoted.record))
    return found


def quote_texts_verbatim(draft: Draft) -> list[Problem]:
    """A quote record's `text` stands verbatim in one of its evidence paragraphs."""
    found = []
    for entry in draft.records:
        kind, text_node = child(entry.node, "kind"), child(entry.node, "text")
        if not (isinstance(kind, Scalar) and kind.value == model.Kind.QUOTE.value and isinstance(text_node, Scalar)):
            continue
        places: list[tuple[texts.Text, int]] = []
        for quoted in evidence_of(draft, entry):
            text = draft.texts.get(quoted.source or "")
            if not isinstance(text, texts.Text) or quoted.paragraph is None or quoted.paragraph >= len(text.paragraphs):
                places = []  # that entry has a problem of its own
                break
            places.append((text, quoted.paragraph))
        if not places or any(texts.locate(t.paragraphs[n], text_node.value) for t, n in places):
            continue
        numbers = list(dict.fromkeys(n for _, n in places))
        message = f"text not found in its evidence paragraph{'s' if len(numbers) > 1 else ''} "
        message += ", ".join(str(n) for n in numbers)
        first, number = places[0]
        miss = texts.near_miss(first.paragraphs[number], text_node.value)
        if miss is not None:
            message += f'; closest: "{miss.passage}" differs at character {miss.differs_at}'
        id_node = entry.id_node
        found.append(_at(draft, text_node, f"{entry.path}.text", message, id_node.value if id_node else None))
    return found


def sources_cited(draft: Draft) -> list[Problem]:
    """Every source is quoted by at least one evidence entry (in a base that has records)."""
    cited = {quoted.source for entry in draft.records for quoted in evidence_of(draft, entry)}
    found: list[Problem] = []
    if not draft.records:
        return found
    for entry in draft.sources:
        node = entry.id_node
        if entry.source is not None and node is not None and entry.source.id not in cited:
            message = f"source '{entry.source.id}' is cited by no evidence entry"
            found.append(_at(draft, node, f"{entry.path}.id", message, None))
    return found


# -- truth: derived fields, attribution, versions

_NOT_DERIVABLE = {"id", "kind", "keywords", "derived", "note", "evidence"}


def derived_fields(draft: Draft) -> list[Problem]:
    """Each `derived` entry names a field of its kind that the record sets, once."""
    found = []
    for entry in draft.records:
        record, items = entry.record, child(entry.node, "derived")
        if record is None or not isinstance(items, Sequence):
            continue
        attrs = {s.name: s.attr for s in spec.fields_of(type(record)) if s.name not in _NOT_DERIVABLE}
        names = set(attrs)
        seen: set[str] = set()
        for index, (item, derivation) in enumerate(zip(items.items, record.derived, strict=False)):
            node = child(item, "field") or item
            path = f"{entry.path}.derived[{index}].field"
            name = derivation.field
            if name not in names:
                message = f"a {record.kind.value} has no field '{name}' that can be derived{_suggest(name, names)}"
            elif getattr(record, attrs[name]) in (None, (), ""):
                message = f"marks '{name}' as derived, but the record gives no {name}"
            elif name in seen:
                message = f"'{name}' is marked derived twice"
            else:
                seen.add(name)
                continue
            found.append(_at(draft, node, path, message, record.id))
    return found


def attribution_consistent(draft: Draft) -> list[Problem]:
    """`attribution: speaker` names the speaker; `unnamed` and `outlet` name none. Left out, it
    says nothing (venru 0.1 bases); the shipped base gives it wherever nobody is named."""
    found = []
    for entry in draft.records:
        record = entry.record
        if isinstance(record, model.Figure):
            named, fields = record.claimed_by is not None, "claimed_by"
        elif isinstance(record, model.Topic):
            named, fields = bool(record.raised_by or record.reported_by), "raised_by or reported_by"
        else:
            continue
        if record.attribution is None:  # venru 0.1 bases: nothing said either way
            continue
        speaker = record.attribution is model.Attribution.SPEAKER
        if named == speaker:
            continue
        node = child(entry.node, "attribution") or entry.id_node or entry.node
        if speaker:
            message = (
                f"names no speaker: give {fields}, or set attribution: unnamed (reported speech, "
                "no speaker named) or outlet (the article's own statement)"
            )
        else:
            message = f"attribution: {record.attribution.value} says no speaker is named, but {fields} names one"
        found.append(_at(draft, node, f"{entry.path}.attribution", message, record.id))
    return found


def versions_are_quotes(draft: Draft) -> list[Problem]:
    """A quote's `versions` are other quotes, and list it back."""
    quotes: dict[str, model.Quote] = {e.record.id: e.record for e in draft.records if isinstance(e.record, model.Quote)}
    found = []
    for entry in draft.records:
        record = entry.record
        if not isinstance(record, model.Quote):
            continue
        items = child(entry.node, "versions")
        for index, target in enumerate(record.versions):
            node = items.items[index] if isinstance(items, Sequence) and index < len(items.items) else None
            other = quotes.get(target)
            if str(target) == str(record.id):
                message = "a quote is not a version of itself"
            elif other is None:
                if not any(e.record is not None and str(e.record.id) == target for e in draft.records):
                    continue  # dangling_references reports it
                message = f"'{target}' is not a quote"
            elif str(record.id) not in {str(v) for v in other.versions}:
                message = f"'{target}' does not list '{record.id}' among its versions; link both ways"
            else:
                continue
            found.append(_at(draft, node or entry.node, f"{entry.path}.versions[{index}]", message, record.id))
    return found


Check = Callable[[Draft], list[Problem]]

# The rules about the whole base, run in this order; append new ones here.
CHECKS: list[Check] = [
    duplicate_source_ids,
    duplicate_ids,
    dangling_references,
    evidence_present,
    source_files_readable,
    quotes_verbatim,
    quote_texts_verbatim,
    sources_cited,
    derived_fields,
    attribution_consistent,
    versions_are_quotes,
]


def anchor(base: model.FactBase, found: dict[str, texts.Text]) -> model.FactBase:
    """The base with each evidence entry's source id and its quote's offsets filled in, and each
    source's paragraphs: for a base whose quotes all stand where they say (no problems)."""
    only = base.sources[0].id if len(base.sources) == 1 else ""
    records = []
    for record in base.records:
        evidence = []
        for entry in record.evidence:
            source = entry.source or only
            start, end = texts.locate(found[source].paragraphs[entry.paragraph], entry.quote) or (None, None)
            evidence.append(_replace(entry, source=source, start=start, end=end))
        records.append(_replace(record, evidence=tuple(evidence)))
    from venru import cache

    texts_key = cache.texts_key([(s.file, found[s.id].data) for s in base.sources])
    paragraphs: dict[str, tuple[str, ...]] = {source.id: found[source.id].paragraphs for source in base.sources}
    return model.FactBase(base.path, base.sources, tuple(records), base.key, paragraphs, texts_key)


def _replace(value: Any, **changes: Any) -> Any:
    fields = {name: getattr(value, name) for name, _, _ in value.FIELDS}
    return type(value)(**(fields | changes))


# ----------------------------------------------------------------------------- the walk


class _Invalid:
    """Marks a value that failed validation (its problem is already recorded)."""


INVALID: Any = _Invalid()


def document(root: Node, file: str, folder: Path, max_bytes: int) -> Loaded:
    """The fact base in `root` and every problem with it; `file` is the name problems carry."""
    return _checked(root, file, folder, max_bytes, CHECKS)[0]


# The rules a file of a folder base cannot decide alone: `venru.folder` runs them across files.
ACROSS_FILES: tuple[Check, ...] = (dangling_references,)


class Part(NamedTuple):
    """One file of a folder base, checked on its own: every rule but `ACROSS_FILES`, plus what
    `venru.folder` needs to run those across the files."""

    loaded: Loaded
    ids: tuple[tuple[str, int, int, str], ...]  # (id, line, column, path) of each record entry with an id
    references: tuple[tuple[str, int, int, str, str | None], ...]  # (target, line, column, path, record)
    texts: dict[str, bytes]  # the bytes of each source file read, by the name the file gives it


def part(root: Node, file: str, folder: Path, max_bytes: int) -> Part:
    """`document` for one file of a folder base (public, for `venru.folder`)."""
    loaded, draft = _checked(root, file, folder, max_bytes, [c for c in CHECKS if c not in ACROSS_FILES])
    if draft is None:
        return Part(loaded, (), (), {})
    ids = tuple(
        (node.value, node.line + 1, node.column + 1, f"{entry.path}.id")
        for entry in draft.records
        if (node := entry.id_node) is not None
    )
    refs = tuple((r.target, r.node.line + 1, r.node.column + 1, r.path, r.record) for r in draft.references)
    read = {
        e.source.file: t.data
        for e in draft.sources
        if e.source and isinstance(t := draft.texts.get(e.source.id), texts.Text)
    }
    return Part(loaded, ids, refs, read)


def _checked(root: Node, file: str, folder: Path, max_bytes: int, checks: list[Check]) -> tuple[Loaded, Draft | None]:
    walk = _Walk(file)
    if not isinstance(root, Mapping):
        found = "a list" if isinstance(root, Sequence) else f"a single value {describe(root)}"
        walk.problem(root, "", f"the fact base must be a mapping with 'sources' and 'records', got {found}", None)
        return Loaded(None, tuple(walk.problems)), None
    fields = walk.mapping_fields(root, "", {"sources", "source", "records"}, {"records"}, None)
    sources = walk.sources(root, fields)
    records: list[RecordEntry] = []
    if "records" in fields:
        node = fields["records"]
        if isinstance(node, Sequence) and len(node.items) > model.MAX_RECORDS:
            message = f"{len(node.items):,} records are more than the limit of {model.MAX_RECORDS:,}"
            walk.problem(node, "records", message, None)
            return Loaded(None, tuple(walk.problems)), None
        if isinstance(node, Sequence):
            records = [walk.record_entry(item, f"records[{index}]") for index, item in enumerate(node.items)]
        else:
            walk.problem(node, "records", f"expected a list of records, got {describe(node)}", None)
    where = texts.stdin_folder(folder) if file == "<stdin>" else texts.BASE_FOLDER
    read: dict[str, texts.Text | texts.Unreadable] = {  # the first of two sources with one id wins
        e.source.id: texts.read(folder, e.source.file, max_bytes, where) for e in reversed(sources or ()) if e.source
    }
    draft = Draft(file, folder, max_bytes, tuple(sources or ()), tuple(records), tuple(walk.references), read)
    problems = walk.problems + [problem for check in checks for problem in check(draft)]
    base = None
    if sources is not None and all(entry.source is not None for entry in sources):
        built = tuple(entry.source for entry in sources if entry.source is not None)
        base = model.FactBase(file, built, tuple(entry.record for entry in records if entry.record is not None))
        if not problems:
            base = anchor(base, {k: v for k, v in read.items() if isinstance(v, texts.Text)})
    return Loaded(base, tuple(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))), draft


class _Walk:
    """Follows the model's field types through the nodes, building objects; collects the
    problems and the references it meets."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.references: list[Reference] = []

    def problem(self, node: Node, path: str, message: str, record: str | None) -> None:
        self.problems.append(Problem(self.file, node.line + 1, node.column + 1, message, path, record))

    # -- structure

    def sources(self, root: Mapping, fields: dict[str, Node]) -> list[SourceEntry] | None:
        """The `sources:` list, or venru 0.1's single `source:` mapping as a list of one; None
        when the header itself is unusable."""
        if "sources" in fields and "source" in fields:
            message = "give either 'sources' (a list) or 'source' (venru 0.1), not both"
            self.problem(fields["source"], "source", message, None)
            return None
        if "source" in fields:
            node = fields["source"]
            legacy = self.value(node, model.LegacySource, "source", None)
            return [SourceEntry(node, "source", None if legacy is INVALID else legacy.upgraded())]
        if "sources" not in fields:
            self.problem(root, "", "missing required key 'sources'", None)
            return None
        node = fields["sources"]
        if not isinstance(node, Sequence):
            self.problem(node, "sources", f"expected a list, got {describe(node)}", None)
            return None
        if not node.items:
            self.problem(node, "sources", "needs at least one source", None)
            return None
        entries = []
        for index, item in enumerate(node.items):
            source = self.value(item, model.Source, f"sources[{index}]", None)
            entries.append(SourceEntry(item, f"sources[{index}]", None if source is INVALID else source))
        return entries

    def mapping_fields(
        self, node: Mapping, path: str, known: set[str], required: set[str], record: str | None
    ) -> dict[str, Node]:
        """Key -> value node of a mapping; reports non-text, repeated, unknown and missing keys."""
        fields: dict[str, Node] = {}
        first_line: dict[str, int] = {}
        for key, value in node.pairs:
            if not isinstance(key, Scalar):
                self.problem(key, path, "keys must be plain text", record)
                continue
            where = f"{path}.{key.value}" if path else key.value
            if key.value in fields:
                message = f"key repeated in the same mapping (first on line {first_line[key.value]})"
                self.problem(key, where, message, record)
                continue
            if key.value not in known:
                self.problem(key, where, f"unknown key '{key.value}'{_suggest(key.value, known)}", record)
                continue
            fields[key.value] = value
            first_line[key.value] = key.line + 1
        for missing in sorted(required - fields.keys()):
            self.problem(node, path, f"missing required key '{missing}'", record)
        return fields

    def record_entry(self, node: Node, path: str) -> RecordEntry:
        if not isinstance(node, Mapping):
            self.problem(node, path, f"expected a record (a mapping), got {describe(node)}", None)
            return RecordEntry(node, path, None)
        id_node = _id_node(node)
        record = id_node.value if id_node is not None else None
        kind_node = child(node, "kind")
        kinds = [k.value for k in model.Kind]
        if kind_node is None:
            self.problem(node, path, f"missing required key 'kind' (one of: {', '.join(kinds)})", record)
            return RecordEntry(node, path, None)
        if not isinstance(kind_node, Scalar) or kind_node.value not in kinds:
            hint = _suggest(kind_node.value, kinds) if isinstance(kind_node, Scalar) else ""
            message = f"unknown kind {describe(kind_node)}{hint or ' (one of: ' + ', '.join(kinds) + ')'}"
            self.problem(kind_node, f"{path}.kind", message, record)
            return RecordEntry(node, path, None)
        cls = model.RECORD_TYPES[model.Kind(kind_node.value)]
        built = self.object_node(node, cls, path, record, extra_known={"kind"})
        return RecordEntry(node, path, None if built is INVALID else built)

    def object_node(
        self, node: Node, cls: type, path: str, record: str | None, extra_known: frozenset[str] | set[str] = frozenset()
    ) -> Any:
        if not isinstance(node, Mapping):
            self.problem(node, path, f"expected a mapping, got {describe(node)}", record)
            return INVALID
        specs = [s for s in spec.fields_of(cls) if not s.computed]  # computed fields are output only
        known = {s.name for s in specs} | set(extra_known)
        fields = self.mapping_fields(node, path, known, {s.name for s in specs if s.required}, record)
        kwargs: dict[str, Any] = {}
        ok = all(s.name in fields for s in specs if s.required)
        for field_spec in specs:
            if field_spec.name not in fields:
                continue
            where = f"{path}.{field_spec.name}"
            value = self.value(fields[field_spec.name], field_spec.type, where, record, field_spec.required)
            if value is INVALID:
                ok = False
            elif value is not None:  # an explicit null on an optional field keeps its default
                kwargs[field_spec.attr] = value
        if not ok:
            return INVALID
        if issubclass(cls, model.Record):
            kwargs["where"] = model.Location(file=self.file, line=node.line + 1, column=node.column + 1)
        return cls(**kwargs)

    # -- values

    def value(self, node: Node, tp: Any, path: str, record: str | None, required: bool = True) -> Any:
        inner = spec.optional_inner(tp)
        if isinstance(node, Scalar) and node.is_null:
            if inner is None and required:
                self.problem(node, path, "is required but empty", record)
                return INVALID
            return None
        if inner is not None:
            tp = inner
        item_type = spec.sequence_inner(tp)
        if item_type is not None:
            if item_type is model.Derivation and isinstance(node, Mapping):
                message = (
                    "venru 0.1's record-wide 'derived' mapping: mark each field the article only implies, "
                    "as a list: derived: [{field: NAME, method: HOW, from: [IDS]}]"
                )
                self.problem(node, path, message, record)
                return INVALID
            if not isinstance(node, Sequence):
                self.problem(node, path, f"expected a list, got {describe(node)}", record)
                return INVALID
            items = [self.value(item, item_type, f"{path}[{i}]", record) for i, item in enumerate(node.items)]
            return INVALID if any(v is INVALID for v in items) else tuple(items)
        if isinstance(tp, type) and issubclass(tp, model.Frozen):
            return self.object_node(node, tp, path, record)
        if not isinstance(node, Scalar):
            self.problem(node, path, f"expected {_expected(tp)}, got {describe(node)}", record)
            return INVALID
        if len(node.value) > model.MAX_TEXT:
            message = f"a text of {len(node.value):,} characters is longer than the limit of {model.MAX_TEXT:,}"
            self.problem(node, path, message, record)
            return INVALID
        result = scalar_check(tp)(node)
        if isinstance(result, Bad):
            optional = inner is not None or not required
            message = "is empty; give a value or leave the key out" if result is EMPTY and optional else result.message
            self.problem(node, path, message, record)
            return INVALID
        if tp is model.Ref:
            self.references.append(Reference(result, node, path, record))
        return result
