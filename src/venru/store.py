"""The on-disk index of a folder fact base: one SQLite database, so that a warm query reads only
the rows it needs (`show ID` one record, `who NAME` the matching names, `search` the postings
of its words) instead of decoding the whole base.

Where and what. `<cache folder>/<digest of the folder's real path>.folder.sqlite`, in the folder
and under the safety rules of `venru.cache`. Inside, everything is keyed by content: each fact
base file's row holds the BLAKE2b digest of its bytes and of every source text it read, and
its records, ids, references and search postings are replaced when a digest changes. So
after editing one file of a thousand only that file is parsed again, and the checks across
files (duplicate ids, references) run on the stored ids and references.

Tables (the JSON of a record is `spec.to_plain` plus `where`, as in the JSON cache):

- `files(name, size, mtime, checked, digest, texts, sources, problems)`: one row per file, with
  the stat of the file and of its source texts when they were last hashed; a warm run reads
  them all, so they are kept short;
- `file_words(file, words)`: the index words of each file's records, whose postings change with it;
- `records(n, id, kind, file, seq, names, length, plain)`: `names` folded, for `who NAME`;
- `ids(file, id, line, col, path)`, `refs(file, target, line, col, path, record)`: every record
  entry's id and every reference, also of entries with problems, for the checks across files;
- `postings(word, letters, data)`: one row per word of the whole folder, so that a query reads one
  row per word however many files hold it. `data` packs, for each record holding the word in
  the order of `n`, its number, the word's field-weighted count, the record's BM25 length and
  its kind, as BM25 needs them (`POSTING`, 21 bytes). `letters` is the word's length, 0 for a
  number, so that a typo is looked for among the words of about its length only. When files
  change, only the rows of their words are rewritten: the postings of the old records taken
  out, those of the new ones appended (`Store.update`);
  `terms(term, word)`: each word's stems (`search.terms_of_word`), so no query stems the vocabulary;
- `meta(name, value)`: format, venru version, record count and total length, and the problems
  across files of the current set of files.

Safety, as for the JSON cache: the database is opened only if it is a regular file owned by the
user (not a symlink) in a safe cache folder. A new database is built in a temporary file that
is renamed into place; later changes are SQLite transactions (its write-ahead log, beside the
database, makes each one all-or-nothing), taken with `BEGIN IMMEDIATE`, so two runs building
at once wait for each other and the second finds the work done. A database SQLite cannot read, or whose rows are not
exactly what venru writes, is removed and rebuilt; the run that finds it answers from the files.

Files whose size and modification time are unchanged are trusted without hashing them (as git
does), unless they changed within a second of being hashed ("racy" files are hashed again).
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import stat
import struct
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from venru import __version__, cache, model, search, spec
from venru.fold import fold
from venru.problem import Problem

FORMAT = 3
KEEP = 8  # folder databases kept; older ones are removed
DATABASE = re.compile(r"[0-9a-f]{64}\.folder\.sqlite\Z")
RACY_NS = 1_000_000_000  # a file changed this close to its hashing is hashed again
BUSY_MS = 120_000  # how long a run waits for another one's write

SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
    checked INTEGER NOT NULL, digest TEXT NOT NULL, texts TEXT NOT NULL, sources TEXT NOT NULL,
    problems TEXT NOT NULL);
CREATE TABLE file_words(file TEXT PRIMARY KEY, words TEXT NOT NULL);
CREATE TABLE records(n INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL,
    seq INTEGER NOT NULL, names TEXT NOT NULL, length REAL NOT NULL, plain TEXT NOT NULL);
CREATE INDEX records_id ON records(id);
CREATE INDEX records_kind ON records(kind, file, seq);
CREATE INDEX records_file ON records(file, seq);
CREATE INDEX records_names ON records(names);
CREATE TABLE ids(file TEXT NOT NULL, id TEXT NOT NULL, line INTEGER, col INTEGER, path TEXT);
CREATE INDEX ids_file ON ids(file);
CREATE INDEX ids_id ON ids(id);
CREATE TABLE refs(file TEXT NOT NULL, target TEXT NOT NULL, line INTEGER, col INTEGER, path TEXT, record TEXT);
CREATE INDEX refs_file ON refs(file);
CREATE INDEX refs_target ON refs(target);
CREATE TABLE postings(word TEXT PRIMARY KEY, letters INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX postings_letters ON postings(letters, word);
CREATE TABLE terms(term TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY(term, word)) WITHOUT ROWID;
"""


def _statements(start: str) -> list[str]:
    return [statement.strip() for statement in SCHEMA.split(";") if statement.strip().startswith(start)]


_KINDS = tuple(model.Kind)
_KIND_NUMBER = {kind: number for number, kind in enumerate(_KINDS)}
_CLASSES = {kind.value: cls for kind, cls in model.RECORD_TYPES.items()}
# One posting: record number, field-weighted count, the record's length, its kind's number.
POSTING = struct.Struct("<IddB")
_NUMBER = struct.Struct("<I")


class Corrupt(Exception):
    """The database is not one venru wrote: it is removed and rebuilt."""


class _Changes:
    """What one `Store.update` does to the postings, gathered over its files so that each word's
    row is rewritten once."""

    def __init__(self) -> None:
        self.gone: set[int] = set()  # numbers of the records removed
        self.words: set[str] = set()  # the words of those records
        self.added: dict[str, bytearray] = {}  # the postings of the new records, by word


class Stat(NamedTuple):
    size: int
    mtime: int  # nanoseconds


class Text(NamedTuple):
    """A source text a file read, as it was when hashed."""

    file: str  # as the fact base file names it
    size: int  # -1 for a file that could not be read
    mtime: int
    checked: int  # when it was hashed (ns)
    digest: str  # "" for a file that could not be read


class FileRow(NamedTuple):
    name: str
    size: int
    mtime: int
    checked: int  # when it was hashed (ns)
    digest: str
    texts: tuple[Text, ...]
    sources_json: str  # decoded by `sources()` only when a query needs them
    problems_json: str

    def sources(self) -> tuple[model.Source, ...]:
        try:
            return tuple(spec.from_plain(model.Source, s) for s in json.loads(self.sources_json))
        except (ValueError, TypeError) as error:
            raise Corrupt(f"a files row: {error}") from None

    def problems(self) -> tuple[Problem, ...]:
        """With the file's bare name; callers prefix the folder."""
        if self.problems_json == "[]":
            return ()
        try:
            return tuple(Problem(*p) for p in json.loads(self.problems_json))
        except (ValueError, TypeError) as error:
            raise Corrupt(f"a files row: {error}") from None


class Entry(NamedTuple):
    """One parsed file, ready to store."""

    name: str
    stat: Stat
    digest: str
    texts: tuple[Text, ...]
    sources: tuple[model.Source, ...]
    problems: tuple[Problem, ...]
    rows: tuple[Row, ...]  # its records, ready to store (none when it has problems)
    ids: tuple[tuple[str, int, int, str], ...]
    references: tuple[tuple[str, int, int, str, str | None], ...]
    terms: tuple[tuple[str, str], ...]  # (term, word) for each index word of its records


class Row(NamedTuple):
    """A record as the database holds it, worked out where the file is parsed (in a worker
    process, for many files)."""

    id: str
    kind: str
    names: str  # its names and aliases, folded, one a line
    length: float  # search.weighted_words summed: its BM25 length
    plain: str  # spec.to_plain JSON, with `where`: [line, column]
    words: tuple[tuple[str, float], ...]  # search.weighted_words


def rows_of(records: Iterable[model.Record]) -> tuple[tuple[Row, ...], tuple[tuple[str, str], ...]]:
    """The rows of records, and the (term, word) pairs of their index words."""
    rows = []
    vocabulary: set[str] = set()
    for record in records:
        weighted = search.weighted_words(record)
        plain = spec.to_plain(record)
        where = record.where
        plain["where"] = [where.line, where.column] if where else [0, 0]
        names = "\n".join(fold(text) for text in _names(record))
        text = json.dumps(plain, ensure_ascii=False)
        rows.append(Row(record.id, record.kind.value, names, sum(weighted.values()), text, tuple(weighted.items())))
        vocabulary.update(weighted)
    terms = tuple((term, word) for word in sorted(vocabulary) for term in search.terms_of_word(word))
    return tuple(rows), terms


def record_of(plain: str, file: str) -> model.Record:
    """The record a row's JSON holds, located in `file`; Corrupt if it is not exactly what venru writes."""
    try:
        item = json.loads(plain)
        cls = _CLASSES[item.pop("kind")]
        line, column = item.pop("where")
        location = model.Location(file=file, line=line, column=column)
        record: model.Record = spec.from_plain(cls, item, where=location)
        return record
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise Corrupt(f"a record: {error}") from None


def file_stat(path: str, folder: int | None = None) -> Stat | None:
    """The stat of `path`, relative to the open folder `folder` if given (no path to join)."""
    try:
        info = os.stat(path, dir_fd=folder)
    except OSError:
        return None
    return Stat(info.st_size, info.st_mtime_ns)


def trusted(stat_now: Stat | None, size: int, mtime: int, checked: int) -> bool:
    """Unchanged since it was hashed, by its stat, and not changed in the same second."""
    if size == -1:
        return stat_now is None  # still missing
    return stat_now is not None and stat_now == (size, mtime) and mtime < checked - RACY_NS


# ----------------------------------------------------------------------------- opening


def database_path(folder: Path, cache_folder: Path) -> Path:
    return cache_folder / f"{cache.key(str(folder.resolve()).encode())}.folder.sqlite"


def _connect(path: Path | str, *, existing: bool = False, wal: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit); `existing` never creates."""
    from urllib.parse import quote

    target = f"file:{quote(str(path))}?mode=rw" if existing else f"file:{quote(str(path))}"
    connection = sqlite3.connect(target, isolation_level=None, timeout=BUSY_MS / 1000, uri=True)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    # A write-ahead log: readers never wait for a writer, and a commit needs no flush to disk. A
    # power cut may lose the last commits, never consistency; and this is a cache.
    # A database being built (`wal=False`) has no journal at all: if the run dies, it is dropped.
    connection.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'OFF'}")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _ours(path: Path) -> bool:
    """A regular file owned by this user, not a symlink (the folder is checked by `cache`)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid()


def remove(path: Path) -> None:
    for name in (path, *(Path(f"{path}-{end}") for end in ("journal", "wal", "shm"))):
        with suppress(OSError):
            name.unlink()


class Store:
    """An open folder database: on disk in the cache folder, or in memory without a cache."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, temporary: Path | None = None) -> None:
        self.db = connection
        self.path = path
        self.temporary = temporary  # where a new database is built, until `update` renames it
        self.folder_name = ""  # prefixed to file names in locations
        self.indexed = True  # False for a new database until `update` has filled it

    @classmethod
    def open(cls, folder: Path, cache_folder: Path | None) -> Store:
        """The folder's database; a new one (built in place of a missing or unusable one) is
        empty until `update` fills it. In memory when there is no cache folder."""
        if cache_folder is None:
            return cls.new(_connect(":memory:"), None)
        path = database_path(folder, cache_folder)
        if os.path.lexists(path):
            if _ours(path):
                try:
                    store = cls(_connect(path, existing=True), path)
                    store._check_meta()
                    return store
                except (sqlite3.Error, Corrupt):
                    pass
            remove(path)  # venru's own name: not a database venru wrote for this user
        return cls.new(None, path)

    @classmethod
    def new(cls, connection: sqlite3.Connection | None, path: Path | None) -> Store:
        """A store with the schema. On disk, it is built in a temporary file, renamed into place
        by `update` once it holds the files: readers never see a half-built database."""
        if connection is None:
            assert path is not None
            import tempfile

            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=cache.TEMPORARY_PREFIX)
            os.close(handle)
            Path(temporary).chmod(0o600)
            connection = _connect(temporary, wal=False)
            store = cls(connection, path, Path(temporary))
        else:
            store = cls(connection, path)
        connection.execute("BEGIN")
        for statement in _statements("CREATE TABLE"):
            connection.execute(statement)
        store.indexed = False
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("format", str(FORMAT)), ("version", __version__), ("records", "0"), ("length", "0")],
        )
        connection.execute("COMMIT")
        return store

    def _check_meta(self) -> None:
        meta = dict(self.db.execute("SELECT name, value FROM meta"))
        if meta.get("format") != str(FORMAT) or meta.get("version") != __version__:
            raise Corrupt("another format")

    def close(self) -> None:
        self.db.close()
        if self.temporary is not None:
            remove(self.temporary)

    def discard(self) -> None:
        """Remove a database found unusable while reading it; the next run builds a new one."""
        self.db.close()
        if self.path is not None and self.temporary is None:
            remove(self.path)

    # ------------------------------------------------------------------------- files

    def files(self) -> dict[str, FileRow]:
        rows = {}
        for name, size, mtime, checked, digest, texts, sources, problems in self.db.execute(
            "SELECT name, size, mtime, checked, digest, texts, sources, problems FROM files"
        ):
            try:
                rows[name] = FileRow(
                    name, size, mtime, checked, digest, tuple(map(Text._make, json.loads(texts))), sources, problems
                )
            except (ValueError, TypeError) as error:
                raise Corrupt(f"a files row: {error}") from None
        return rows

    def update(
        self,
        entries: Iterable[Entry],
        removed: Iterable[str],
        touched: Iterable[FileRow],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Store parsed files, forget removed ones, record new stats of unchanged ones; one
        transaction, which waits for another run's. A file another run stored meanwhile with
        the same digest is not written again."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            current = {
                name: (digest, [text[-1] for text in json.loads(texts)])
                for name, digest, texts in db.execute("SELECT name, digest, texts FROM files")
            }
            changes = _Changes()
            for name in removed:
                self._forget(name, changes)
            for done, entry in enumerate(entries):
                if progress is not None:
                    progress(done)
                if current.get(entry.name) == (entry.digest, [t.digest for t in entry.texts]) and entry.digest:
                    continue
                if self.indexed:  # a new database has nothing to forget (nor the indexes to find it)
                    self._forget(entry.name, changes)
                self._insert(entry, changes)
            self._write_postings(changes)
            if not self.indexed:  # once the rows are in: sorting them beats updating at each insert
                for statement in _statements("CREATE INDEX"):
                    db.execute(statement)
            now = time.time_ns()
            db.executemany(
                "UPDATE files SET size = ?, mtime = ?, checked = ?, texts = ? WHERE name = ? AND digest = ?",
                [(row.size, row.mtime, now, _texts(row.texts, now), row.name, row.digest) for row in touched],
            )
            count, total = db.execute("SELECT count(*), coalesce(sum(length), 0) FROM records").fetchone()
            db.executemany(
                "UPDATE meta SET value = ? WHERE name = ?", [(str(count), "records"), (repr(total), "length")]
            )
            db.execute("DELETE FROM meta WHERE name = 'checked'")
            db.execute("COMMIT")
            self.indexed = True
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        if self.temporary is not None:  # a new database: in place, whole
            assert self.path is not None
            self.db.close()
            self.temporary.replace(self.path)
            self.temporary = None
            self.db = _connect(self.path, existing=True)
            cache.prune(self.path.parent, KEEP, DATABASE)

    def _forget(self, name: str, changes: _Changes) -> None:
        """Remove a file's rows; the postings of its records are taken out by `_write_postings`."""
        db = self.db
        row = db.execute("SELECT words FROM file_words WHERE file = ?", (name,)).fetchone()
        if row is not None:
            try:
                changes.words.update(json.loads(row[0]))
            except (ValueError, TypeError) as error:
                raise Corrupt(f"a file_words row: {error}") from None
            changes.gone.update(n for (n,) in db.execute("SELECT n FROM records WHERE file = ?", (name,)))
        for table in ("files", "file_words", "ids", "refs"):
            db.execute(f"DELETE FROM {table} WHERE {'name' if table == 'files' else 'file'} = ?", (name,))
        db.execute("DELETE FROM records WHERE file = ?", (name,))

    def _insert(self, entry: Entry, changes: _Changes) -> None:
        db = self.db
        name = entry.name
        words: set[str] = set()
        rows = []
        next_n = db.execute("SELECT coalesce(max(n), 0) + 1 FROM records").fetchone()[0]
        added = changes.added
        pack = POSTING.pack
        for seq, row in enumerate(entry.rows):
            n = next_n + seq
            kind = _KIND_NUMBER[model.Kind(row.kind)]
            for word, weight in row.words:
                posting = pack(n, weight, row.length, kind)
                if word in added:
                    added[word] += posting
                else:
                    added[word] = bytearray(posting)
                words.add(word)
            rows.append((n, row.id, row.kind, name, seq, row.names, row.length, row.plain))
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT OR IGNORE INTO terms VALUES (?, ?)", entry.terms)
        db.executemany("INSERT INTO ids VALUES (?, ?, ?, ?, ?)", [(name, *item) for item in entry.ids])
        db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)", [(name, *item) for item in entry.references])
        db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                entry.stat.size,
                entry.stat.mtime,
                time.time_ns(),
                entry.digest,
                _texts(entry.texts, time.time_ns()),
                json.dumps([spec.to_plain(s) for s in entry.sources], ensure_ascii=False),
                json.dumps([list(p) for p in entry.problems], ensure_ascii=False),
            ),
        )
        db.execute("INSERT INTO file_words VALUES (?, ?)", (name, json.dumps(sorted(words), ensure_ascii=False)))

    def _write_postings(self, changes: _Changes) -> None:
        """Rewrite the rows of the words whose postings changed: the postings of forgotten
        records taken out, those of new records appended (their numbers are higher, so a row
        stays in the order of `n`)."""
        db = self.db
        words = sorted(changes.words | changes.added.keys())
        old: dict[str, bytes] = {}
        if db.execute("SELECT 1 FROM postings LIMIT 1").fetchone() is not None:  # a new database has none
            for start in range(0, len(words), 500):
                chunk = words[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                old.update(db.execute(f"SELECT word, data FROM postings WHERE word IN ({marks})", chunk))
        gone = changes.gone
        low, high = (min(gone), max(gone)) if gone else (0, -1)
        kept, emptied = [], []
        for word in words:
            data = old.get(word, b"")
            if type(data) is not bytes or len(data) % POSTING.size:
                raise Corrupt(f"the postings of {word!r}")
            if gone and data:
                data = _without(data, gone, low, high)
            data += changes.added.get(word, b"")
            if data:
                kept.append((word, 0 if word.isdigit() else len(word), data))
            else:
                emptied.append((word,))
        db.executemany("DELETE FROM postings WHERE word = ?", emptied)
        db.executemany("INSERT OR REPLACE INTO postings VALUES (?, ?, ?)", kept)

    # ------------------------------------------------------------------------- checks across files

    def checked(self) -> list[Problem] | None:
        """The problems across files found for the stored files, or None if not checked yet."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'checked'").fetchone()
        if row is None:
            return None
        try:
            return [Problem(*p) for p in json.loads(row[0])]
        except (ValueError, TypeError):
            raise Corrupt("the checks across files") from None

    def check(self, order: Sequence[str], found: list[Problem]) -> list[Problem]:
        """`found` and the duplicate ids across files and references to no record, with the
        files' bare names; stored, so an unchanged folder is not checked again."""
        rank = {name: i for i, name in enumerate(order)}
        found = list(found)
        duplicates = self.db.execute(
            "SELECT id, file, line, col, path FROM ids WHERE id IN "
            "(SELECT id FROM ids GROUP BY id HAVING count(DISTINCT file) > 1)"
        ).fetchall()
        by_id: dict[str, list[tuple[Any, ...]]] = {}
        for row in sorted(duplicates, key=lambda r: (rank.get(r[1], 0), r[2] or 0)):
            by_id.setdefault(row[0], []).append(row)
        for record_id, uses in by_id.items():
            first = uses[0]
            seen = {first[1]}
            for _, file, line, column, path in uses[1:]:
                if file in seen:
                    continue  # a repeat inside one file is reported by that file's own check
                seen.add(file)
                message = f"duplicate id '{record_id}' (first used in {first[1]} on line {first[2]})"
                found.append(Problem(file, line, column, message, path, record_id))
        dangling = self.db.execute(
            "SELECT file, target, line, col, path, record FROM refs WHERE target NOT IN (SELECT id FROM ids)"
        ).fetchall()
        if dangling:
            import difflib

            known = [row[0] for row in self.db.execute("SELECT DISTINCT id FROM ids")]
            for number, (file, target, line, column, path, record) in enumerate(dangling):
                close = difflib.get_close_matches(target, known, n=1, cutoff=0.8) if number < 20 else []
                hint = f"; did you mean '{close[0]}'?" if close else ""
                message = f"refers to '{target}', which is no record's id in any file of the folder{hint}"
                found.append(Problem(file, line, column, message, path, record))
        found.sort(key=lambda p: (rank.get(p.file, 0), p.line or 0, p.column or 0))
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('checked', ?)",
            (json.dumps([list(p) for p in found], ensure_ascii=False),),
        )
        return found

    # ------------------------------------------------------------------------- reading records

    def count(self) -> tuple[int, float]:
        meta = dict(self.db.execute("SELECT name, value FROM meta WHERE name IN ('records', 'length')"))
        try:
            return int(meta["records"]), float(meta["length"])
        except (KeyError, ValueError):
            raise Corrupt("no record count") from None

    def records(self, where: str = "", arguments: Sequence[Any] = ()) -> list[tuple[int, model.Record]]:
        """(n, record) for the rows that match, in the base's order (file name, then file order)."""
        query = f"SELECT n, file, plain FROM records {where} ORDER BY file, seq"
        return [(n, self._record(file, plain)) for n, file, plain in self.db.execute(query, arguments)]

    def _record(self, file: str, plain: str) -> model.Record:
        return record_of(plain, str(Path(self.folder_name) / file))


def _without(data: bytes, gone: set[int], low: int, high: int) -> bytes:
    """A row's postings without those of the records `gone`, numbered from `low` to `high`.
    A row is in the order of `n`, and a file's records are numbered in one stretch, so only
    the stretch from `low` to `high` is looked at, found by bisection: after editing one file,
    a common word's row is cut, not read posting by posting."""
    size = POSTING.size
    start, end = _first(data, low), _first(data, high + 1)
    if start == end:
        return data
    number = _NUMBER.unpack_from
    middle = b"".join(data[at : at + size] for at in range(start, end, size) if number(data, at)[0] not in gone)
    return data[:start] + middle + data[end:]


def _first(data: bytes, n: int) -> int:
    """The offset of the first posting in `data` numbered `n` or more (its length if none)."""
    size, number = POSTING.size, _NUMBER.unpack_from
    low, high = 0, len(data) // size
    while low < high:
        middle = (low + high) // 2
        if number(data, middle * size)[0] < n:
            low = middle + 1
        else:
            high = middle
    return low * size


def _texts(texts: Iterable[Text], checked: int) -> str:
    return json.dumps([list(t._replace(checked=checked)) for t in texts])


def _names(record: model.Record) -> list[str]:
    names = [record.label, record.id, *getattr(record, "aliases", ())]
    display = getattr(record, "display_name", None)
    return [*names, display] if display else names


# ----------------------------------------------------------------------------- the base and its index


class _ById(Mapping[str, model.Record]):
    def __init__(self, base: IndexedBase) -> None:
        self.base = base

    def __getitem__(self, key: str) -> model.Record:
        found = self.base.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.base.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter([r.id for r in self.base.records])

    def __len__(self) -> int:
        return len(self.base.records)


class _Paragraphs(Mapping[str, tuple[str, ...]]):
    """Each source's paragraphs, read from its file when a query first asks for them."""

    def __init__(self, folder: Path, base: model.FactBase, max_bytes: int) -> None:
        self.folder, self.base, self.max_bytes = folder, base, max_bytes
        self.read: dict[str, tuple[str, ...]] = {}

    @property
    def sources(self) -> dict[str, model.Source]:
        return {s.id: s for s in self.base.sources}

    def __getitem__(self, key: str) -> tuple[str, ...]:
        if key not in self.read:
            from venru import sources

            text = sources.read(self.folder, self.sources[key].file, self.max_bytes)
            self.read[key] = text.paragraphs if isinstance(text, sources.Text) else ()
        return self.read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.sources)

    def __bool__(self) -> bool:
        return True  # without reading the sources to count them

    def __len__(self) -> int:
        return len(self.sources)


class IndexedBase(model.FactBase):
    """A folder base that answers from its database; `records` reads them all, once. If the
    database proves unusable on the way, it is removed and the answers come from the files."""

    def __init__(
        self,
        path: str,
        sources: Callable[[], tuple[model.Source, ...]],
        files: tuple[str, ...],
        store: Store,
        folder: Path,
        max_bytes: int,
        reload: Callable[[], Sequence[model.Record]],
    ) -> None:
        self._read_sources = sources  # decoded when a query first asks
        self._sources: tuple[model.Source, ...] | None = None
        super().__init__(path, (), (), paragraphs=_Paragraphs(folder, self, max_bytes))
        self.files = files
        self.store = store
        self._all: tuple[model.Record, ...] | None = None
        self._reload = reload  # every record, from the files
        self._damaged = False

    @property
    def sources(self) -> tuple[model.Source, ...]:
        if self._sources is None:
            self._sources = self._read_sources()
        return self._sources

    @sources.setter
    def sources(self, value: tuple[model.Source, ...]) -> None:
        self._sources = value or None

    def damaged(self) -> None:
        if not self._damaged:
            self._damaged = True
            self.store.discard()

    def _ask(self, where: str, arguments: Sequence[Any] = ()) -> list[model.Record] | None:
        """The matching records from the database, or None once it proved unusable."""
        if self._damaged:
            return None
        try:
            return [record for _, record in self.store.records(where, arguments)]
        except (sqlite3.Error, Corrupt):
            self.damaged()
            return None

    @property
    def records(self) -> Sequence[model.Record]:
        if self._all is None:
            found = self._ask("")
            self._all = tuple(found if found is not None else self._reload())
        return self._all

    @property
    def by_id(self) -> Mapping[str, model.Record]:
        return _ById(self)

    def get(self, record_id: str) -> model.Record | None:
        found = self._ask("WHERE id = ?", (record_id,))
        if found is None:
            return next((r for r in self.records if r.id == record_id), None)
        return found[0] if found else None

    def of_kinds(self, kinds: Iterable[model.Kind]) -> Sequence[model.Record]:
        values = [kind.value for kind in kinds]
        found = self._ask(f"WHERE kind IN ({', '.join('?' * len(values))})", values)
        return super().of_kinds(kinds) if found is None else found

    def named(self, folded: str) -> Sequence[model.Record]:
        # scans the narrow index of names, not the table of records (a fifth of the time at 100,000)
        found = self._ask(
            "WHERE n IN (SELECT n FROM records INDEXED BY records_names WHERE instr(names, ?) > 0)", (folded,)
        )
        return self.records if found is None else found

    def referring_to(self, record_id: str) -> Sequence[model.Record]:
        found = self._ask("WHERE (file, id) IN (SELECT file, record FROM refs WHERE target = ?)", (record_id,))
        return self.records if found is None else found

    def own_index(self) -> search.Index | None:
        if self._damaged:
            return None
        try:
            count, total = self.store.count()
        except (sqlite3.Error, Corrupt):
            self.damaged()
            return None
        return SqlIndex(self, count, total)


class SqlIndex(search.Index):
    """search.Index's BM25 over the database's postings: reads only the query's words."""

    def __init__(self, base: IndexedBase, count: int, total: float) -> None:
        super().__init__([], {}, [])
        self.base = base
        self.db = base.store.db
        self.count = count
        self.average = total / count if count and total else 1.0
        self.known: dict[int, tuple[float, model.Kind]] = {}

    def _size(self) -> int:
        return self.count

    def _postings(self, word: str) -> list[tuple[int, float]]:
        out = []
        known = self.known
        kinds = len(_KINDS)
        try:
            for (data,) in self.db.execute("SELECT data FROM postings WHERE word = ?", (word,)):
                if type(data) is not bytes or len(data) % POSTING.size:
                    raise ValueError("postings venru did not write")
                for n, weight, length, kind in POSTING.iter_unpack(data):
                    if not (kind < kinds and 0 <= weight < math.inf and 0 <= length < math.inf):
                        raise ValueError("a posting venru did not write")
                    known[n] = (length, _KINDS[kind])
                    out.append((n, weight))
        except (sqlite3.Error, ValueError) as error:
            self.base.damaged()
            raise spec.ShapeError(str(error)) from None
        return out

    def _kind(self, number: int) -> model.Kind:
        return self.known[number][1]

    def _length(self, number: int) -> float:
        return self.known[number][0]

    def _record(self, number: int) -> model.Record:
        try:
            found = self.base.store.records("WHERE n = ?", (number,))
        except (sqlite3.Error, Corrupt) as error:
            self.base.damaged()
            raise spec.ShapeError(str(error)) from None
        if not found:
            self.base.damaged()
            raise spec.ShapeError("a posting of no record")
        return found[0][1]

    def _words_of_term(self, term: str) -> list[str]:
        query = "SELECT word FROM terms t WHERE term = ? AND EXISTS (SELECT 1 FROM postings p WHERE p.word = t.word)"
        try:
            return [word for (word,) in self.db.execute(query, (term,))]
        except sqlite3.Error as error:
            raise spec.ShapeError(str(error)) from None

    def _near(self, word: str) -> list[str]:
        shortest, longest = search.typo_lengths(word)
        return sorted(self._words("letters BETWEEN ? AND ?", (max(1, shortest), longest)))  # as the rows

    def _containing(self, word: str) -> list[str]:
        return self._words("letters >= ? AND instr(word, ?) > 0", (max(1, len(word)), word))

    def _known(self, words: Iterable[str]) -> frozenset[str]:
        """Looked up by the words' keys: no pass over the vocabulary."""
        wanted = sorted(words)
        found: set[str] = set()
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                query = f"SELECT word FROM postings WHERE word IN ({marks}) AND letters > 0"
                found.update(word for (word,) in self.db.execute(query, chunk))
        except sqlite3.Error as error:
            raise spec.ShapeError(str(error)) from None
        return frozenset(found)

    def _words(self, where: str, arguments: Sequence[Any]) -> list[str]:
        """The vocabulary words (never numbers) that match. As one string, which takes a third
        of the time of 15,000 rows: a word has no space."""
        query = f"SELECT group_concat(word, ' ') FROM postings INDEXED BY postings_letters WHERE {where}"
        try:
            (words,) = self.db.execute(query, arguments).fetchone()
        except sqlite3.Error as error:
            raise spec.ShapeError(str(error)) from None
        return words.split(" ") if isinstance(words, str) else []

    def _ranked(self, scores: dict[int, float], limit: int | None) -> list[tuple[int, float]]:
        """Best first; equal scores in the base's order (file name, then place in the file),
        looked up for the records that tie at the cut only."""
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if limit is not None and len(ranked) > limit:
            cut = ranked[limit - 1][1]
            ranked = [item for item in ranked if item[1] >= cut]
        numbers = [n for n, _ in ranked]
        order: dict[int, tuple[str, int]] = {}
        try:
            for start in range(0, len(numbers), 500):
                chunk = numbers[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                for n, file, seq in self.db.execute(f"SELECT n, file, seq FROM records WHERE n IN ({marks})", chunk):
                    order[n] = (file, seq)
        except sqlite3.Error as error:
            raise spec.ShapeError(str(error)) from None
        ranked.sort(key=lambda item: (-item[1], order.get(item[0], ("", 0))))
        return ranked if limit is None else ranked[:limit]
