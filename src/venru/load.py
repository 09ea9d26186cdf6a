"""Read a fact base: bytes -> located YAML nodes -> typed records, with every problem found.

`load()` returns the fact base *and* the list of problems; it never stops at the first one and
never raises for anything wrong in the file. It never writes to the file it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from venru import model, settings
from venru.files import STDIN, decode, read_bytes
from venru.problem import Loaded, Problem

# Re-exported: where loading starts when no fact base is named.
bundled_path = settings.bundled_path


def folder_of(path: str) -> Path:
    """The folder a fact base's source files are relative to: its own, or the current one for stdin."""
    return Path.cwd() if path == STDIN else Path(path).parent


def load(path: str, run: settings.Settings | None = None, progress: Callable[[int, int], None] | None = None) -> Loaded:
    """Load and validate the fact base at `path` ('-' for standard input, or a folder of
    `*.yaml` files: `venru.folder`), and verify every evidence quote against the source texts
    it names; with the cache and size limit of `run` (without `run`: no cache and the default
    limit). `progress(done, total)` hears of the files parsed in a folder."""
    if path != STDIN and Path(path).is_dir():
        from venru import folder as folders

        limit = run.max_bytes if run else settings.DEFAULT_MAX_BYTES
        return folders.load_folder(path, run.cache if run else None, limit, progress=progress)
    name = "<stdin>" if path == STDIN else path
    limit = run.max_bytes if run else settings.DEFAULT_MAX_BYTES
    cache_folder = run.cache if run else None
    data = read_bytes(path, limit)
    if isinstance(data, Problem):
        return Loaded(None, (data,))
    from venru import cache

    digest = cache.key(data)
    folder = folder_of(path)
    if cache_folder is not None:
        cached = cache.read(cache_folder, digest, name, cache.entry_limit(limit))
        if cached is not None:
            paragraphs = _unchanged_texts(cached, folder, limit)
            if paragraphs is not None and _quotes_stand(cached, paragraphs):
                return Loaded(
                    model.FactBase(name, cached.sources, cached.records, digest, paragraphs, cached.texts_key), ()
                )
    loaded = load_bytes(data, name, limit)
    if loaded.base is None or loaded.problems:
        return loaded  # problems are never cached: an invalid base fails the same way every time
    base = loaded.base
    base = model.FactBase(name, base.sources, base.records, digest, base.paragraphs, base.texts_key)
    if cache_folder is not None:
        cache.write(cache_folder, base)
    return Loaded(base, ())


def _quotes_stand(base: model.FactBase, paragraphs: dict[str, tuple[str, ...]]) -> bool:
    """Whether every quote of a cached base stands where its evidence says (source, paragraph,
    offsets): the cache is not trusted to say so, and checking costs a slice per quote."""
    for record in base.records:
        for evidence in record.evidence:
            texts = paragraphs.get(evidence.source or "")
            if texts is None or evidence.start is None or evidence.end is None:
                return False
            if (
                evidence.paragraph >= len(texts)
                or texts[evidence.paragraph][evidence.start : evidence.end] != evidence.quote
            ):
                return False
    return True


def _unchanged_texts(base: model.FactBase, folder: Path, limit: int) -> dict[str, tuple[str, ...]] | None:
    """The paragraphs of a cached base's sources if their bytes are those it was verified against."""
    from venru import cache, sources

    found = []
    for source in base.sources:
        data = sources.read_bytes(folder, source.file, limit)  # as safely as on the first run
        if isinstance(data, sources.Unreadable):
            return None
        found.append((source, data))
    if cache.texts_key([(s.file, data) for s, data in found]) != base.texts_key:
        return None
    # The very bytes the quotes were verified against: valid UTF-8 without control characters.
    return {s.id: sources.paragraphs(data.decode("utf-8-sig")) for s, data in found}


def load_bytes(data: bytes, name: str, limit: int = settings.DEFAULT_MAX_BYTES) -> Loaded:
    """Validate a fact base's bytes; `name` is the file problems carry, `limit` the size limit
    for the files read beside it."""
    text = decode(data, name)
    if isinstance(text, Problem):
        return Loaded(None, (text,))
    from venru import parse

    try:
        root = parse.parse(text)
    except parse.ParseError as error:
        line = None if error.line is None else error.line + 1
        column = None if error.column is None else error.column + 1
        return Loaded(None, (Problem(name, line, column, error.message, error.path),))
    if root is None:
        what = "is empty" if not text.strip() else "holds no YAML document (only comments)"
        return Loaded(None, (Problem(name, None, None, f"{what}; expected a mapping with 'sources' and 'records'"),))
    from venru import validate

    return validate.document(root, name, folder_of(STDIN if name == "<stdin>" else name), limit)
