"""A cache of validated fact bases, so a big base is parsed once, not on every call.

What it stores: JSON entries named `<digest>.<part>.json`, where the digest is the BLAKE2b of
the fact base's bytes, venru's version and the cache format, so an edit is always seen. It
lives in the user's cache folder ($XDG_CACHE_HOME, else ~/.cache, under venru/), never next to
the data. Only bases without problems are cached: an invalid base fails the same way every time.

Threat model. The cache folder is a place where another local user, or a file that came from
someone else, could try to make venru print something the fact base does not say, hang, eat
memory, or delete files. So the cache trusts nothing it did not write for this user:

- The folder is used only if it is a real folder (not a symlink) owned by the current user and
  not writable by group or others, and every folder above it (as written and as resolved) is
  owned by that user or root and not writable by others unless sticky, like /tmp; so no other
  user can swap it or anything in it. venru creates missing folders with mode 0700 whatever the
  umask, and never creates the home folder. Anything else: no cache (`refusal()` says why).
- An entry is opened without following a symlink and without blocking (a FIFO cannot hang the
  run); only a regular file of bounded size, owned by the user, is read.
- An entry that decodes but does not have exactly the shape and types venru writes is a miss:
  the caller rebuilds it (see `spec.from_plain`); nothing from it is printed.
- Writes go to a temporary file that is renamed into place, with SIGINT, SIGTERM and SIGHUP held
  back while the file exists, so a reader sees the old entry or the new one, and no interrupted
  run leaves a temporary file behind. Temporary files of a killed run are removed once stale.
- Pruning deletes only names venru writes (`ENTRY`, and stale `TEMPORARY`), never another
  program's files and never another run's temporary file that is still being written.

What a local user *can* do: make venru run without a cache (for instance by creating a folder
in a shared /tmp before you do) - slower, never wrong. Anyone who can write as you, or as root,
is outside this model. Every failure of the cache (read-only disk, full disk, foreign files)
just means no cache.

The folder comes from the run's settings (`settings.default_cache_folder` works it out from the
environment); every function here takes it as an argument.

Reusable parts (also for per-file caches): `safe_folder` (`refusal` says why not), `read_entry`,
`write_entry_atomic`, `prune`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from venru import __version__, model

FORMAT = 5
KEEP = 16  # entries kept; older ones are removed on write
# The names venru writes: `<64 hex digits>.<part>.json`. Nothing else is ever pruned.
ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z][a-z0-9-]*\.json\Z")
TEMPORARY_PREFIX = ".venru-tmp-"
# Temporary files, also those of venru 0.1 (`.tmp-XXXXXXXX.json`), removed once older than this.
TEMPORARY = re.compile(r"(?:\.venru-tmp-[a-z0-9_]+|\.tmp-[a-z0-9_]{8}\.json)\Z")
STALE_SECONDS = 3600  # a temporary file untouched this long belongs to a run that was killed
ENTRY_LIMIT_FACTOR = 16  # an entry may be this many times the fact base size limit, at most
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class Unsafe(Exception):
    """The folder must not be used as a cache; the message says why."""


# ----------------------------------------------------------------------------- the folder


def safe_folder(folder: Path | None, *, create: bool = True) -> Path | None:
    """`folder` if it is safe to use as a cache (creating it, mode 0700, if `create`), else None."""
    return folder if folder is not None and refusal(folder, create=create) is None else None


def refusal(folder: Path, *, create: bool = False) -> str | None:
    """Why `folder` cannot be used as a cache, or None if it can (for --debug)."""
    try:
        _check(folder, create)
    except Unsafe as unsafe:
        return f"not using the cache folder {folder}: {unsafe}; running without a cache"
    except OSError as error:
        return f"cannot use the cache folder {folder}: {error.strerror or error}; running without a cache"
    return None


def _check(folder: Path, create: bool) -> None:
    if not folder.is_absolute():
        raise Unsafe("it is not an absolute path")
    existing = next(p for p in _prefixes(folder) if os.path.lexists(p))
    if existing != folder:
        if not create:
            raise Unsafe("it does not exist")
        _check_above(existing)  # before creating anything
        _create(folder, existing)
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode):
        raise Unsafe("it is a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        raise Unsafe("it is not a folder")
    if info.st_uid != os.geteuid():
        raise Unsafe(f"it is owned by uid {info.st_uid}, not by you (uid {os.geteuid()})")
    if info.st_mode & 0o022:
        raise Unsafe(f"it is writable by {_who_writes(info.st_mode)} (mode {stat.S_IMODE(info.st_mode):04o})")
    _check_above(folder.parent)


def _check_above(path: Path) -> None:
    """Every folder from `path` up, as written and as resolved, is owned by this user or root,
    and writable by nobody else unless sticky (like /tmp): nobody else can rename what is in it."""
    chain = {*_prefixes(Path(os.path.normpath(path))), *_prefixes(path.resolve())}
    for parent in sorted(chain, key=lambda p: len(p.parts)):
        info = parent.stat()
        if info.st_uid not in (0, os.geteuid()):
            raise Unsafe(f"the folder {parent} above it is owned by uid {info.st_uid}")
        if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
            raise Unsafe(f"the folder {parent} above it is writable by {_who_writes(info.st_mode)}")


def _prefixes(path: Path) -> list[Path]:
    return [path, *path.parents]


def _who_writes(mode: int) -> str:
    return " and ".join(who for who, bit in (("group", 0o020), ("others", 0o002)) if mode & bit)


def _create(folder: Path, existing: Path) -> None:
    """Create the folders below `existing` down to `folder`, each with mode 0700 whatever the umask."""
    missing = [p for p in _prefixes(folder) if len(p.parts) > len(existing.parts)]
    for path in reversed(missing):
        try:
            path.mkdir(0o700)
        except FileExistsError:
            continue  # a concurrent run made it; _check still looks at what it is
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fchmod(fd, 0o700)  # the umask may have taken bits away
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------- entries


def read_entry(folder: Path, name: str, limit: int) -> bytes | None:
    """The bytes of the entry `name` in a safe `folder`, or None unless it is a regular file of
    at most `limit` bytes owned by this user. Never follows a symlink, never blocks on a FIFO."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(folder / name, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or info.st_uid != os.geteuid():
            return None
        chunks = []
        remaining = info.st_size + 1  # one byte more shows a file that grew past its size
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP: they take effect when the block is done."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    except (AttributeError, OSError, ValueError):  # no signal masks here: clean-up still runs
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_entry_atomic(folder: Path, name: str, data: bytes) -> bool:
    """Store `data` as the entry `name`: a reader sees the old entry or the new one, never half
    of one, and no temporary file outlives this call. False if it could not be written."""
    import tempfile

    with _signals_held():
        try:
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX)  # mode 0600
        except OSError:
            return False
        renamed = False
        try:
            os.fchmod(fd, 0o600)  # mkstemp asks for 0600, but the umask may have taken bits away
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(temporary).replace(folder / name)
            renamed = True
        except OSError:
            pass
        finally:
            if not renamed:
                _remove(Path(temporary))
        return renamed


def prune(folder: Path, keep: int = KEEP, entry: re.Pattern[str] = ENTRY) -> None:
    """Keep the `keep` newest entries whose names match `entry`; remove stale temporary files.

    Files with other names, folders and symlinks are left alone.
    """
    import time

    now = time.time()
    entries: list[tuple[float, str]] = []
    try:
        with os.scandir(folder) as found:
            for item in found:
                is_entry = entry.match(item.name) is not None
                if not is_entry and not TEMPORARY.match(item.name):
                    continue
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if not stat.S_ISREG(info.st_mode):
                    continue
                if is_entry:
                    entries.append((info.st_mtime, item.name))
                elif now - info.st_mtime > STALE_SECONDS:
                    _remove(folder / item.name)
    except OSError:
        return
    entries.sort(reverse=True)
    for _, name in entries[keep:]:
        _remove(folder / name)


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


# ----------------------------------------------------------------------------- parts of a base


def key(data: bytes) -> str:
    """The cache key of a fact base file's bytes (and of this venru's version and cache format)."""
    try:  # the BLAKE2 module alone: hashlib would load OpenSSL, 3 ms of every start-up
        from _blake2 import blake2b
    except ImportError:  # an interpreter without it
        from hashlib import blake2b
    return blake2b(f"{FORMAT}:{__version__}:".encode() + data, digest_size=32).hexdigest()


def texts_key(texts: list[tuple[str, bytes]]) -> str:
    """The key of the source texts a base reads: each file's name and bytes, in order. A cached
    base is used only while the texts it was verified against are unchanged."""
    return key(b"".join(f"{len(name)}:{name}:{len(data)}:".encode() + data for name, data in texts))


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON venru writes")


def read_part(folder: Path, digest: str, part: str, limit: int) -> Any | None:
    """A cached part ('base', 'search') of the base with this key in the cache `folder`, or None
    if none can be trusted. `limit` is the largest entry size in bytes worth reading."""
    safe = safe_folder(folder, create=False)
    if safe is None or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return None
    raw = read_entry(safe, f"{digest}.{part}.json", limit)
    if raw is None:
        return None
    try:
        payload = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, NaN, or absurdly deep
        return None
    if (
        not isinstance(payload, dict)
        or payload.keys() != {"format", "key", "data"}
        or payload["format"] != FORMAT
        or payload["key"] != digest
    ):
        return None
    return payload["data"]


def write_part(folder: Path, digest: str, part: str, data: Any) -> None:
    """Store a part atomically in the cache `folder`, then prune old entries."""
    safe = safe_folder(folder)
    if safe is None:
        return
    encoded = json.dumps({"format": FORMAT, "key": digest, "data": data}, ensure_ascii=False, allow_nan=False)
    if write_entry_atomic(safe, f"{digest}.{part}.json", encoded.encode("utf-8")):
        prune(safe)


def entry_limit(max_bytes: int) -> int:
    """The largest cache entry worth reading for a fact base size limit of `max_bytes`."""
    return ENTRY_LIMIT_FACTOR * max_bytes


def read(folder: Path, digest: str, name: str, limit: int) -> model.FactBase | None:
    """The cached, validated base with this key, or None (a damaged entry is rebuilt)."""
    plain = read_part(folder, digest, "base", limit)
    if plain is None:
        return None
    try:
        return _base_from_plain(plain, name, digest)
    except Exception:  # noqa: BLE001 - spec.from_plain checks every type; whatever else is wrong is a miss
        return None


def write(folder: Path, base: model.FactBase) -> None:
    if base.key:
        write_part(folder, base.key, "base", _base_to_plain(base))


def _base_to_plain(base: model.FactBase) -> dict[str, Any]:
    from venru import spec

    records = []
    for record in base.records:
        plain = spec.to_plain(record)
        where = record.where or model.Location(file=base.path, line=0, column=0)
        plain["where"] = [where.line, where.column]
        records.append(plain)
    return {
        "sources": [spec.to_plain(source) for source in base.sources],
        "texts": base.texts_key,
        "records": records,
    }


def _base_from_plain(plain: Any, name: str, digest: str) -> model.FactBase:
    from venru import spec

    if (
        not isinstance(plain, dict)
        or plain.keys() != {"sources", "texts", "records"}
        or type(plain["texts"]) is not str
    ):
        raise spec.ShapeError("not a cached base")
    kinds = {kind.value: cls for kind, cls in model.RECORD_TYPES.items()}
    records = []
    if type(plain["records"]) is not list or type(plain["sources"]) is not list or not plain["sources"]:
        raise spec.ShapeError("not a cached base")
    for item in plain["records"]:
        if type(item) is not dict:
            raise spec.ShapeError("a record is not an object")
        cls = kinds.get(item.get("kind"))  # type: ignore[arg-type]
        where = item.get("where")
        if cls is None or type(where) is not list or len(where) != 2 or not all(_count(n) for n in where):
            raise spec.ShapeError("a record without a known kind or its place")
        fields = {k: v for k, v in item.items() if k not in ("kind", "where")}
        location = model.Location(file=name, line=where[0], column=where[1])
        records.append(spec.from_plain(cls, fields, where=location))
    ids = {record.id for record in records}
    if len(ids) != len(records):
        raise spec.ShapeError("two records share an id")
    for record in records:
        for ref in spec.references(record):
            if ref not in ids:
                raise spec.ShapeError(f"a reference to {ref!r}, which is no record's id")
    sources = tuple(spec.from_plain(model.Source, source) for source in plain["sources"])
    return model.FactBase(name, sources, tuple(records), digest, texts_key=plain["texts"])


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0
