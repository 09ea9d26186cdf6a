"""Write a fact base to a SQLite database made for Datasette and sqlite-utils.

The tables follow the model through `spec`, so a new kind or field appears without edits here:

- `records` (id, kind, label, names, text): every record once; every reference points here,
  so Datasette shows a referenced record by its label. `records_fts` indexes names, labels,
  quotes and translations.
- one table per kind (`participant`, `figure`, ...): that kind's fields as columns, lists and
  nested objects as JSON, a single reference as a foreign key to `records`.
- `sources`, `paragraphs` (source, number, text), `evidence` (record, position, source,
  paragraph, quote, translation, char_start, char_end; `evidence_fts` over quote and
  translation) and `links` (from_id, field, to_id).

Beside the database goes Datasette metadata (`facts.db` -> `facts.metadata.json`): title,
source, a description of each table and column, label columns and facets.

The file is written to a temporary file in the target's folder and renamed into place, so PATH
holds the old export or the new one, never half of one. This module knows nothing of the
terminal; it reports trouble as `ExportError` and progress through a callback.
"""

from __future__ import annotations

import enum
import errno
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from venru import __version__, model, query, spec
from venru import sources as source_texts
from venru.settings import DEFAULT_MAX_BYTES

# 'venr' in the SQLite header's application id field: marks a file as a venru export, so a
# later run may replace it and nothing else gets overwritten by mistake.
APPLICATION_ID = 0x76656E72
SCHEMA_VERSION = 1  # PRAGMA user_version of the export; raised when tables change incompatibly
_HEADER = b"SQLite format 3\x00"

RESERVED_TABLES = ("records", "sources", "paragraphs", "evidence", "links")

Progress = Callable[[int, int], None]  # (done, total)


class ExportError(Exception):
    """The export could not be written; `message` says why, for the person who ran it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Written(NamedTuple):
    database: Path
    metadata: Path
    rows: dict[str, int]  # rows per table
    notes: tuple[str, ...]  # what the export had to leave out, and why


# ----------------------------------------------------------------------------- the target file


def metadata_path(database: Path) -> Path:
    """Where the Datasette metadata goes: `facts.db` -> `facts.metadata.json`."""
    return database.with_name(f"{database.stem}.metadata.json")


def is_export(path: Path) -> bool:
    """Whether `path` is a SQLite file that venru wrote (by the application id in its header)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return len(header) == 100 and header[:16] == _HEADER and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _is_metadata_export(path: Path) -> bool:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("about", "")).startswith("venru")


def check_target(database: Path, force: bool) -> None:
    """Refuse a target that is a folder, sits in a missing folder, or is a file venru did not write."""
    if str(database) == "-":
        raise ExportError("export writes a SQLite file, not standard output; give a file name, e.g. facts.db")
    if database.is_dir():
        raise ExportError(f"{database} is a directory; give a file name, e.g. {database / 'facts.db'}")
    folder = database.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {database}: folder {folder} does not exist")
    if force:
        return
    if database.exists() and not is_export(database):
        raise ExportError(f"{database} exists and is not a venru export; use --force to replace it")
    metadata = metadata_path(database)
    if metadata.exists() and not _is_metadata_export(metadata):
        raise ExportError(f"{metadata} exists and is not venru's Datasette metadata; use --force to replace it")


def _describe_os_error(error: OSError, target: Path | str) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {target}: no space left on the device"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write {target}: permission denied"
    if error.errno == errno.EROFS:
        return f"cannot write {target}: read-only file system"
    return f"cannot write {target}: {error.strerror or error}"


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside `target` that replaces it when the block ends without error and
    is removed when it does not (also on Ctrl-C)."""
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise ExportError(_describe_os_error(error, f"in folder {target.parent}")) from error
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        temporary.chmod(0o644 & ~_umask())
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(_describe_os_error(error, target)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def connect(path: Path) -> sqlite3.Connection:
    """The connection the export writes through (tests replace it to simulate a full disk)."""
    return sqlite3.connect(path)


# ----------------------------------------------------------------------------- columns


class Column(NamedTuple):
    name: str
    sql: str  # the column's declaration: type, NOT NULL, REFERENCES
    value: Callable[[Any], Any]  # model value -> SQLite value


def _json(value: Any) -> str:
    return json.dumps(spec.to_plain(value), ensure_ascii=False)


def _scalar(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _nullable(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


def _column(field: spec.FieldSpec) -> Column:
    tp = spec.optional_inner(field.type) or field.type
    not_null = " NOT NULL" if field.required else ""
    if spec.sequence_inner(tp) is not None:
        return Column(field.name, f"TEXT{not_null}", _json)  # a JSON array, which Datasette can facet
    if isinstance(tp, type) and issubclass(tp, model.Frozen):
        return Column(field.name, f"TEXT{not_null}", _nullable(_json))  # a JSON object
    if tp is model.Ref:
        return Column(field.name, f"TEXT{not_null} REFERENCES records(id)", _scalar)
    if tp is int:
        return Column(field.name, f"INTEGER{not_null}", _scalar)
    if tp is model.Number:
        return Column(field.name, f"NUMERIC{not_null}", _scalar)  # 50 stays an integer, 2.5 a real
    return Column(field.name, f"TEXT{not_null}", _scalar)


def kind_columns(cls: type[model.Record]) -> list[Column]:
    """The columns of a kind's table: its fields in output order, evidence in its own table."""
    columns = []
    for field in spec.fields_of(cls):
        if field.name == "evidence":
            continue
        columns.append(Column("id", "TEXT PRIMARY KEY", _scalar) if field.name == "id" else _column(field))
    return columns


def _source_columns() -> list[Column]:
    columns = [_column(field) for field in spec.fields_of(model.Source)]
    return [Column("id", "TEXT PRIMARY KEY", _scalar) if c.name == "id" else c for c in columns]


def _evidence_fields() -> list[spec.FieldSpec]:
    return [f for f in spec.fields_of(model.Evidence) if f.name != "source" and not f.computed]  # offsets: char_*


def _names(record: model.Record) -> list[str]:
    """Every name a record goes by: label, aliases, handles and display names."""
    names = [record.label]
    for field in spec.fields_of(type(record)):
        if field.name in ("name", "aliases", "display_name"):
            value = getattr(record, field.attr)
            names.extend(value if isinstance(value, tuple) else [value] if value else [])
    return list(dict.fromkeys(names))


def _text(record: model.Record) -> list[str]:
    """The words a record carries beyond its names: quoted text, translations, evidence."""
    texts: list[str] = []
    for field in spec.fields_of(type(record)):
        if field.name in ("text", "translation", "description", "roles", "note"):
            value = getattr(record, field.attr)
            texts.extend(value if isinstance(value, tuple) else [value] if value else [])
    for evidence in record.evidence:
        texts.append(evidence.quote)
        if evidence.translation:
            texts.append(evidence.translation)
    return list(dict.fromkeys(t for t in texts if t != record.label))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(db: sqlite3.Connection, table: str, columns: list[str], extra: tuple[str, ...] = ()) -> None:
    db.execute(f"CREATE TABLE {_quoted(table)} ({', '.join([*columns, *extra])})")


def _insert(db: sqlite3.Connection, table: str, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" * len(names))
    db.executemany(f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, names))}) VALUES ({marks})", rows)


# ----------------------------------------------------------------------------- writing


def source_folder(base: model.FactBase) -> Path:
    """The folder a base's source files are relative to: the base file's own folder."""
    if base.path in ("-", "<stdin>"):
        return Path.cwd()
    return Path(base.path).parent


def write(
    base: model.FactBase,
    database: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Written:
    """Export `base` to `database` and its Datasette metadata beside it; raise `ExportError`.
    `max_bytes` is the size limit for the source texts read."""
    check_target(database, force)
    texts: dict[str, tuple[str, ...]] = dict(base.paragraphs)  # the loader's, for a verified base
    notes: list[str] = []
    for source in base.sources:
        if source.id in texts:
            continue
        text = source_texts.read(source_folder(base), source.file, max_bytes)
        if isinstance(text, source_texts.Unreadable):
            notes.append(f"source {source.id}: {text.message}; its paragraphs and quote offsets are left out")
        else:
            texts[source.id] = text.paragraphs
    metadata = metadata_path(database)
    # The database is renamed into place first, then its metadata: neither is ever half-written.
    with _replacing(metadata) as temporary_metadata:
        temporary_metadata.write_text(
            json.dumps(datasette_metadata(base, database), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        with _replacing(database) as temporary:
            try:
                db = connect(temporary)
                try:
                    rows = _fill(db, base, texts, progress)
                    db.commit()
                finally:
                    db.close()
            except sqlite3.Error as error:
                if "full" in str(error):
                    raise ExportError(f"cannot write {database}: no space left on the device ({error})") from error
                raise ExportError(f"cannot write {database}: {error}") from error
    return Written(database, metadata, rows, tuple(notes))


def _fill(
    db: sqlite3.Connection, base: model.FactBase, texts: dict[str, tuple[str, ...]], progress: Progress | None
) -> dict[str, int]:
    """Create and fill every table; the rows per table."""
    db.execute("PRAGMA journal_mode = OFF")  # a failed export is thrown away whole, so no journal
    db.execute("PRAGMA synchronous = OFF")  # the finished file is fsynced before it is renamed
    db.execute("PRAGMA foreign_keys = ON")  # every row is checked as it goes in
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    counts = _write_sources(db, base, texts)
    counts |= _write_records(db, base)
    counts |= _write_evidence_and_links(db, base, texts, progress)
    for table, column in (("evidence", "record"), ("links", "from_id"), ("links", "to_id"), ("paragraphs", "source")):
        db.execute(f"CREATE INDEX {table}_{column} ON {table}({_quoted(column)})")
    # Full text: external-content FTS5 tables, which Datasette finds by their content= table.
    db.execute('CREATE VIRTUAL TABLE records_fts USING fts5(label, names, text, content="records")')
    db.execute("INSERT INTO records_fts (rowid, label, names, text) SELECT rowid, label, names, text FROM records")
    db.execute('CREATE VIRTUAL TABLE evidence_fts USING fts5(quote, translation, content="evidence")')
    db.execute("INSERT INTO evidence_fts (rowid, quote, translation) SELECT rowid, quote, translation FROM evidence")
    return counts


def _write_sources(db: sqlite3.Connection, base: model.FactBase, texts: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """`sources` (the Source fields) and `paragraphs` (source, number, text)."""
    fields = spec.fields_of(model.Source)
    columns = _source_columns()
    _create(db, "sources", [f"{_quoted(c.name)} {c.sql}" for c in columns])
    _create(
        db,
        "paragraphs",
        ['"source" TEXT NOT NULL REFERENCES sources(id)', '"number" INTEGER NOT NULL', '"text" TEXT NOT NULL'],
        ('PRIMARY KEY ("source", "number")',),
    )
    rows = [tuple(c.value(getattr(s, f.attr)) for c, f in zip(columns, fields, strict=True)) for s in base.sources]
    _insert(db, "sources", [c.name for c in columns], rows)
    numbered = [(s.id, number, text) for s in base.sources for number, text in enumerate(texts.get(s.id, ()))]
    _insert(db, "paragraphs", ["source", "number", "text"], numbered)
    return {"sources": len(rows), "paragraphs": len(numbered)}


def _write_records(db: sqlite3.Connection, base: model.FactBase) -> dict[str, int]:
    """`records` (every record once, the target of every reference) and one table per kind."""
    _create(
        db,
        "records",
        ['"id" TEXT PRIMARY KEY', '"kind" TEXT NOT NULL', '"label" TEXT NOT NULL', '"names" TEXT', '"text" TEXT'],
    )
    _insert(
        db,
        "records",
        ["id", "kind", "label", "names", "text"],
        [(r.id, r.kind.value, r.label, "\n".join(_names(r)), "\n".join(_text(r))) for r in base.records],
    )
    counts = {"records": len(base.records)}
    by_kind: dict[model.Kind, list[model.Record]] = {}
    for record in base.records:
        by_kind.setdefault(record.kind, []).append(record)
    for kind, cls in model.RECORD_TYPES.items():
        if kind.value in RESERVED_TABLES:  # a bug in the model, not in the data
            raise ValueError(f"kind {kind.value!r} clashes with a table of the export")
        columns = kind_columns(cls)
        attrs = {f.name: f.attr for f in spec.fields_of(cls)}
        _create(db, kind.value, [f"{_quoted(c.name)} {c.sql}" for c in columns])
        records = by_kind.get(kind, [])
        rows = [tuple(c.value(getattr(r, attrs[c.name])) for c in columns) for r in records]
        _insert(db, kind.value, [c.name for c in columns], rows)
        counts[kind.value] = len(rows)
    return counts


def _write_evidence_and_links(
    db: sqlite3.Connection, base: model.FactBase, texts: dict[str, tuple[str, ...]], progress: Progress | None
) -> dict[str, int]:
    """`evidence` (each quote with its source, paragraph and offsets) and `links` (every reference)."""
    fields = _evidence_fields()
    _create(
        db,
        "evidence",
        [
            '"record" TEXT NOT NULL REFERENCES records(id)',
            '"position" INTEGER NOT NULL',
            '"source" TEXT NOT NULL REFERENCES sources(id)',
            *(f"{_quoted(c.name)} {c.sql}" for c in map(_column, fields)),
            '"char_start" INTEGER',
            '"char_end" INTEGER',
        ],
        ('PRIMARY KEY ("record", "position")',),
    )
    _create(
        db,
        "links",
        [
            '"from_id" TEXT NOT NULL REFERENCES records(id)',
            '"field" TEXT NOT NULL',
            '"to_id" TEXT NOT NULL REFERENCES records(id)',
        ],
    )
    evidence_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[str, str, str]] = []
    for done, record in enumerate(base.records, start=1):
        for position, evidence in enumerate(record.evidence, start=1):
            source_id = str(evidence.source or base.sources[0].id)
            span = _span(evidence, texts.get(source_id, ()))
            values = (_scalar(getattr(evidence, f.attr)) for f in fields)
            evidence_rows.append((record.id, position, source_id, *values, *(span or (None, None))))
        link_rows.extend((record.id, field, target) for field, target in query.refs(record) if target in base.by_id)
        if progress is not None:
            progress(done, len(base.records))
    names = ["record", "position", "source", *(f.name for f in fields), "char_start", "char_end"]
    _insert(db, "evidence", names, evidence_rows)
    _insert(db, "links", ["from_id", "field", "to_id"], link_rows)
    return {"evidence": len(evidence_rows), "links": len(link_rows)}


def _span(evidence: model.Evidence, paragraphs: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the quote stands in its paragraph: the loader's offsets, else found in the text."""
    if evidence.start is not None and evidence.end is not None:
        return evidence.start, evidence.end
    if 0 <= evidence.paragraph < len(paragraphs):
        return source_texts.locate(paragraphs[evidence.paragraph], evidence.quote)
    return None


# ----------------------------------------------------------------------------- Datasette metadata

# What a kind's table holds; a kind not named here gets a description from its name.
_KIND_DESCRIPTIONS = {
    "participant": "People at the talks, with country, side and roles.",
    "organization": "Governments, delegations, commissions and alliances.",
    "account": "Social media accounts whose posts the article quotes.",
    "place": "Places the article names.",
    "topic": "Subjects discussed, and who raised them.",
    "figure": "Numbers the article gives, with unit, period and who claimed them.",
    "quote": "Quoted statements and tweets, with English translations.",
    "event": "Dated events, with place and participants.",
}

# What a field means where its name and type do not say it all; a test checks that each
# name is a field of the model (tests/test_export.py), so this table cannot drift from it.
FIELD_NOTES = {
    "id": "The record's id, as in venru show ID",
    "name": "The name in English",
    "aliases": "Other spellings and names in the article",
    "roles": "Offices and functions",
    "side": "Which side of the talks",
    "organizations": "Organizations the person belongs to",
    "members": "Members of the organization",
    "platform": "Where the account posts",
    "display_name": "The account's display name",
    "owner": "Who runs the account",
    "located_in": "The larger place this one lies in",
    "label": "A short description in English",
    "raised_by": "Who raised the topic",
    "related": "Related records",
    "value": "The number",
    "unit": "What the number counts",
    "qualifier": "'more than', 'about', ...",
    "period": "The time the number covers, in the article's terms",
    "compared_to": "What the number is compared with",
    "claimed_by": "Who gave the number",
    "topic": "The topic the number belongs to",
    "speaker": "Who said it",
    "medium": "Spoken statement or tweet",
    "text": "The words as the article gives them",
    "translation": "English translation",
    "account": "The account that posted it",
    "mentions": "Records the quote mentions",
    "place": "Where it happened",
    "participants": "Who took part",
    "date": "When",
    "keywords": "Search terms in German, Spanish and English",
    "derived": "The fields the article implies rather than states: each with how it follows and what it rests on",
    "discussed_by": "Who the article says discussed the topic",
    "reported_by": "Who the article says reported that the topic was discussed",
    "attribution": "speaker (named), unnamed (reported speech, no speaker named) or outlet (the article's own voice)",
    "wording": "own (the speaker's own words) or rendering (someone else's rendering of them)",
    "versions": "Quotes that give the same statement in another language",
    "status": "agreed, announced, proposed or signed, as the article gives it",
    "by": "Who agreed, announced, proposed or signed it",
    "between": "The parties it binds or concerns",
    "note": "An editor's note",
    "description": "A short description",
    "country": "Country",
    "language": "Language",
    "type": "What sort of thing it is",
    "paragraph": "Paragraph number: 0 is the title line, 1 to N the body's non-empty lines",
    "quote": "Verbatim excerpt of that paragraph",
    "title": "Title in the source's language",
    "title_en": "Title in English",
    "file": "The text's file, relative to the fact base",
    "publisher": "Who published it",
    "url": "Where it was published",
}


def _type_note(tp: Any) -> str:
    inner = spec.optional_inner(tp)
    if inner is not None:
        return _type_note(inner)
    item = spec.sequence_inner(tp)
    if item is model.Ref:
        return "JSON array of record ids (one row each in links)"
    if item is not None:
        return "JSON array"
    if tp is model.Ref:
        return "record id, foreign key to records"
    if tp is model.Country:
        return "ISO 3166-1 alpha-2 code"
    if tp is model.IsoDate:
        return "ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(m.value for m in tp)
    if isinstance(tp, type) and issubclass(tp, model.Frozen):
        return "JSON object with " + ", ".join(f.name for f in spec.fields_of(tp))
    return ""


def _describe(field: spec.FieldSpec) -> str:
    parts = [FIELD_NOTES.get(field.name, ""), _type_note(field.type)]
    return "; ".join(p for p in parts if p) or field.name


def _facets(cls: type) -> list[Any]:
    """Columns worth faceting: closed vocabularies, countries, single references, and arrays of references."""
    facets: list[Any] = []
    for field in spec.fields_of(cls):
        tp = spec.optional_inner(field.type) or field.type
        if (isinstance(tp, type) and issubclass(tp, enum.Enum)) or tp in (model.Country, model.Ref):
            facets.append(field.name)
        elif spec.sequence_inner(tp) is model.Ref:
            facets.append({"array": field.name})
    return facets


def _label_column(cls: type[model.Record], records: list[model.Record]) -> str:
    """The column that holds a kind's label: the field whose value is the label in every record."""
    candidates = [f for f in spec.fields_of(cls) if f.type is str]
    for field in candidates:
        if records and all(getattr(r, field.attr) == r.label for r in records):
            return field.name
    names = [f.name for f in candidates]
    return next((n for n in ("label", "name") if n in names), "id")


def datasette_metadata(base: model.FactBase, database: Path) -> dict[str, Any]:
    """Datasette's metadata.json for the export at `database`."""
    first = base.sources[0]
    tables: dict[str, Any] = {
        "records": {
            "description": "Every record once, whatever its kind; references in other tables point here. "
            "Search covers names, labels, quotes and translations.",
            "label_column": "label",
            "facets": ["kind"],
            "columns": {
                "id": FIELD_NOTES["id"],
                "kind": "The kind of record; its own table has the kind's fields",
                "label": "Name or short description",
                "names": "Every name and spelling, one a line",
                "text": "Quoted text, translations and evidence, one a line",
            },
        },
        "sources": {
            "description": "The articles the fact base rests on.",
            "label_column": "title_en",
            "facets": ["language"],
            "columns": {f.name: _describe(f) for f in spec.fields_of(model.Source)},
        },
        "paragraphs": {
            "description": "The numbered paragraphs of each source, as venru counts them.",
            "facets": ["source"],
            "columns": {
                "source": "The source's id",
                "number": FIELD_NOTES["paragraph"],
                "text": "The paragraph, its white space made single spaces",
            },
        },
        "evidence": {
            "description": "The verbatim quotes each record rests on, with the paragraph they stand in.",
            "facets": ["source", "paragraph"],
            "columns": {
                "record": "The record this evidence is for",
                "position": "1 for the record's first piece of evidence, 2 for the next, ...",
                "source": "The source's id",
                **{f.name: _describe(f) for f in _evidence_fields()},
                "char_start": "Where the quote starts in the paragraph's text (0-based character offset)",
                "char_end": "Where the quote ends in the paragraph's text (exclusive)",
            },
        },
        "links": {
            "description": "Every reference from one record to another, one row each.",
            "facets": ["field"],
            "columns": {
                "from_id": "The record that refers",
                "field": "The field that holds the reference",
                "to_id": "The record referred to",
            },
        },
    }
    for kind, cls in model.RECORD_TYPES.items():
        records = [r for r in base.records if r.kind is kind]
        tables[kind.value] = {
            "description": _KIND_DESCRIPTIONS.get(kind.value, f"Records of kind {kind.value}."),
            "label_column": _label_column(cls, records),
            "facets": _facets(cls),
            "columns": {f.name: _describe(f) for f in spec.fields_of(cls) if f.name != "evidence"},
        }
    title = f"venru: {first.title_en}" if len(base.sources) == 1 else f"venru: {len(base.sources)} sources"
    metadata: dict[str, Any] = {
        "title": title,
        "description": f"{len(base.records)} records, each with the verbatim quotes it rests on; "
        f"exported by venru {__version__} from {Path(base.path).name}.",
        "about": f"venru {__version__}",
        "source": "; ".join(s.publisher or s.title for s in base.sources),
    }
    if first.url:
        metadata["source_url"] = first.url
    metadata["databases"] = {database.stem: {"tables": tables}}
    return metadata
