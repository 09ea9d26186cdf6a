"""A folder of fact base files read as one fact base, doing only the work its changes need.

The layout: every `*.yaml` file directly in the folder is one file of the base, read in the
order of its name (code point order); subfolders are not read (they hold the source texts,
`sources/` by convention) and neither are hidden files (`.name.yaml`, editors' temporary files).
Each file is a fact base of its own form (`sources:` and `records:`), naming its own sources
relative to the folder. Record ids and source ids are unique across the files, and a reference
may name a record of any file. Every problem carries its file and line.

The work: each file's validated records sit in the folder's database (`venru.store`), keyed by
the digest of the file and of the source texts it read. A run parses only the files whose
digests changed, then runs the checks across files on the stored ids and references.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from venru import cache, files, model, store
from venru.problem import Loaded, Problem

Progress = Callable[[int, int], None] | None
SUFFIX = ".yaml"


def listing(folder: Path) -> list[str]:
    """The names of the base's files in the folder, in the order they are read."""
    with os.scandir(folder) as found:
        names = [e.name for e in found if e.name.endswith(SUFFIX) and not e.name.startswith(".") and e.is_file()]
    return sorted(names)


def load_folder(shown: str, cache_dir: Path | None, limit: int, progress: Progress = None) -> Loaded:
    """The fact base of every `*.yaml` file in the folder `shown` (as the user named it), with
    its database in `cache_dir` if that is a safe cache folder, else in memory."""
    folder = Path(shown)
    try:
        names = listing(folder)
    except OSError as error:
        return Loaded(None, (Problem(shown, None, None, f"cannot list the folder: {error.strerror or error}"),))
    if not names:
        message = f"holds no {SUFFIX} fact base files (subfolders are not read)"
        return Loaded(None, (Problem(shown, None, None, message),))
    cache_folder = cache.safe_folder(cache_dir)
    if cache_folder is not None:
        for _ in range(2):
            try:
                return _load(shown, folder, names, cache_folder, limit, progress)
            except (sqlite3.DatabaseError, store.Corrupt):  # damaged: build it again, once
                store.remove(store.database_path(folder, cache_folder))
            except (sqlite3.Error, OSError):  # a full or read-only disk, a lock never released
                break
    return _load(shown, folder, names, None, limit, progress)


def _load(
    shown: str, folder: Path, names: list[str], cache_folder: Path | None, limit: int, progress: Progress
) -> Loaded:
    opened = store.Store.open(folder, cache_folder)
    opened.folder_name = shown
    try:
        rows = opened.files()
        stale: list[tuple[str, bytes | Problem, store.Stat | None]] = []
        touched: list[store.FileRow] = []
        with _stats(folder) as stat:
            unchanged = {name for name in names if name in rows and _trusted(stat, rows[name])}
        for name in names:
            if name in unchanged:
                continue
            row = rows.get(name)
            now = store.file_stat(os.path.join(folder, name))  # noqa: PTH118 - as in _stats
            data = files.read_bytes(str(folder / name), limit)
            if (
                row is not None
                and now is not None
                and not isinstance(data, Problem)
                and row.digest == cache.key(data)
                and all(_text_unchanged(folder, text, limit) for text in row.texts)
            ):
                texts = tuple(
                    t._replace(size=s.size, mtime=s.mtime) for t in row.texts for s in [_stat_of(folder, t.file)]
                )
                touched.append(row._replace(size=now.size, mtime=now.mtime, texts=texts))
                continue
            stale.append((name, data, now))
        listed = set(names)
        removed = [name for name in rows if name not in listed]
        if stale or removed or touched or opened.temporary is not None:
            stored = None if progress is None else lambda done: progress(done, len(stale))
            opened.update(_parse_all(folder, stale, limit), removed, touched, stored)
            rows = opened.files()
        across = opened.checked()
        if across is None:
            opened.db.execute("BEGIN IMMEDIATE")
            across = opened.check(names, _duplicate_sources(names, rows))
            opened.db.execute("COMMIT")
    except BaseException:
        opened.close()
        raise
    problems = [p for name in names for p in rows[name].problems()] + across
    if problems:
        opened.close()
        order = {name: i for i, name in enumerate(names)}
        problems.sort(key=lambda p: (order.get(p.file, 0), p.line or 0, p.column or 0))
        return Loaded(None, tuple(p._replace(file=str(Path(shown) / p.file)) for p in problems))

    def sources() -> tuple[model.Source, ...]:
        return tuple(source for name in names for source in rows[name].sources())

    def reload() -> list[model.Record]:
        every = [(n, files.read_bytes(str(folder / n), limit), None) for n in names]
        entries = list(_parse_all(folder, every, limit))
        return [store.record_of(row.plain, str(Path(shown) / e.name)) for e in entries for row in e.rows]

    paths = tuple(os.path.join(shown, n) for n in names)  # noqa: PTH118 - as in _stats
    base = store.IndexedBase(shown, sources, paths, opened, folder, limit, reload)
    return Loaded(base, ())


@contextmanager
def _stats(folder: Path) -> Iterator[Callable[[str], store.Stat | None]]:
    """The stat of a path in the folder. A warm run of 2,000 files takes 4,000 of them: with the
    folder open and the path relative to it, neither joined nor walked from the root, they take
    a third less time (os.path, not pathlib, where it must join: parsing paths was a third of a
    warm run)."""
    handle = None
    if os.stat in os.supports_dir_fd:
        with suppress(OSError):
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if handle is None:
            yield lambda path: store.file_stat(os.path.join(folder, path))  # noqa: PTH118
        else:
            yield lambda path: store.file_stat(path, handle)
    finally:
        if handle is not None:
            os.close(handle)


def _trusted(stat: Callable[[str], store.Stat | None], row: store.FileRow) -> bool:
    """The file and its source texts unchanged since they were hashed, by their stats."""
    return store.trusted(stat(row.name), row.size, row.mtime, row.checked) and all(
        store.trusted(stat(text.file), text.size, text.mtime, text.checked) for text in row.texts
    )


def _stat_of(folder: Path, file: str) -> store.Stat:
    return store.file_stat(str(folder / file)) or store.Stat(-1, -1)


def _text_unchanged(folder: Path, text: store.Text, limit: int) -> bool:
    from venru import sources

    read = sources.read(folder, text.file, limit)
    if isinstance(read, sources.Unreadable):
        return text.digest == ""
    return cache.key(read.data) == text.digest


def _duplicate_sources(names: Sequence[str], rows: dict[str, store.FileRow]) -> list[Problem]:
    first: dict[str, str] = {}
    found = []
    for name in names:
        for source in rows[name].sources():
            if source.id in first:
                message = f"duplicate source id '{source.id}' (first used in {first[source.id]})"
                found.append(Problem(name, None, None, message, "sources"))
            else:
                first[source.id] = name
    return found


# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 32


def _parse_all(
    folder: Path, stale: Sequence[tuple[str, bytes | Problem, store.Stat | None]], limit: int
) -> Iterator[store.Entry]:
    """Each file parsed and checked on its own, in order: in worker processes, one per core,
    when there are many (the first run of a big folder), else here. Each is handed over as soon
    as it is ready, so that it is stored while the workers parse the next files (on the first
    run of the 100,000-record folder, storing took a fifth of the time after the parse)."""
    jobs = [(folder, name, data, now, limit) for name, data, now in stale]
    workers = min(os.cpu_count() or 1, 8)
    pool = None
    if len(jobs) >= PARALLEL_FROM and workers > 1:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():  # a worker starts in a millisecond
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield from map(_parse_job, jobs) if pool is None else pool.map(_parse_job, jobs, chunksize=8)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _parse_job(job: tuple[Path, str, bytes | Problem, store.Stat | None, int]) -> store.Entry:
    return _parse(*job)


def _parse(folder: Path, name: str, data: bytes | Problem, now: store.Stat | None, limit: int) -> store.Entry:
    """One file checked on its own; problems and locations carry its bare name."""
    from venru import parse, validate

    label = name
    nothing = store.Stat(-1, -1)

    def failed(problem: Problem) -> store.Entry:
        return store.Entry(name, now or nothing, "", (), (), (problem._replace(file=label),), (), (), (), ())

    if isinstance(data, Problem):
        return failed(data)
    digest = cache.key(data)
    text = files.decode(data, label)
    if isinstance(text, Problem):
        return failed(text)._replace(digest=digest)
    try:
        root = parse.parse(text)
    except parse.ParseError as error:
        line = None if error.line is None else error.line + 1
        column = None if error.column is None else error.column + 1
        return failed(Problem(label, line, column, error.message))._replace(digest=digest)
    if root is None:
        what = "is empty" if not text.strip() else "holds no YAML document (only comments)"
        return failed(Problem(label, None, None, f"{what}; expected a mapping with 'sources' and 'records'"))._replace(
            digest=digest
        )
    part = validate.part(root, label, folder, limit)
    base = part.loaded.base
    sources = tuple(base.sources) if base is not None else ()
    texts = []
    for source in sources:
        read = part.texts.get(source.file)
        seen = store.file_stat(str(folder / source.file))
        if read is None or seen is None:
            texts.append(store.Text(source.file, -1, -1, 0, ""))
        else:
            texts.append(store.Text(source.file, seen.size, seen.mtime, 0, cache.key(read)))
    records = tuple(base.records) if base is not None and not part.loaded.problems else ()
    rows, terms = store.rows_of(records)
    return store.Entry(
        name,
        now or nothing,
        digest,
        tuple(texts),
        sources,
        part.loaded.problems,
        rows,
        part.ids,
        part.references,
        terms,
    )
