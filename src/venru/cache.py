"""A cache of validated fact bases, so a big base is parsed once, not on every call.

- Lives in the user's cache directory ($XDG_CACHE_HOME, else ~/.cache, under venru/), never
  next to the data; keyed on the BLAKE2b digest of the file's bytes and venru's version, so an edit is
  always seen.
- JSON: reading it cannot run code. A corrupt, truncated or foreign file is ignored (and
  replaced on the next write); writes go to a temporary file that is renamed into place, so a
  concurrent reader sees the old file or the new one, never half of one.
- Only bases without problems are cached: an invalid base fails the same way every time.
- Any OSError (read-only or missing directory, full disk) just means no cache.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from venru import __version__, model

FORMAT = 3
KEEP = 16  # cache files kept; older ones are removed on write


def directory() -> Path:
    root = os.environ.get("XDG_CACHE_HOME")
    return (Path(root) if root else Path.home() / ".cache") / "venru"


def key(data: bytes) -> str:
    """The cache key of a fact base file's bytes (and of this venru's version and cache format)."""
    try:  # the BLAKE2 module alone: hashlib would load OpenSSL, 3 ms of every start-up
        from _blake2 import blake2b
    except ImportError:  # an interpreter without it
        from hashlib import blake2b
    return blake2b(f"{FORMAT}:{__version__}:".encode() + data, digest_size=32).hexdigest()


def read_part(digest: str, part: str) -> Any | None:
    """A cached part ('base', 'search') of the base with this key, or None if none can be trusted."""
    try:
        with open(directory() / f"{digest}.{part}.json", "rb") as handle:
            payload = json.loads(handle.read())
        if not isinstance(payload, dict) or payload.get("format") != FORMAT or payload.get("key") != digest:
            return None
        return payload["data"]
    except Exception:  # noqa: BLE001 - an unreadable, truncated or foreign cache is simply not used
        return None


def write_part(digest: str, part: str, data: Any) -> None:
    """Store a part atomically: a reader sees the old file or the new one, never half of one."""
    import tempfile

    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps({"format": FORMAT, "key": digest, "data": data}, ensure_ascii=False))
            Path(temporary).replace(folder / f"{digest}.{part}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder)
    except OSError:
        return


def read(digest: str, name: str) -> model.FactBase | None:
    """The cached, validated base with this key, or None."""
    plain = read_part(digest, "base")
    if plain is None:
        return None
    try:
        return _base_from_plain(plain, name, digest)
    except Exception:  # noqa: BLE001 - a damaged entry is rebuilt, never trusted
        return None


def write(base: model.FactBase) -> None:
    if base.key:
        write_part(base.key, "base", _base_to_plain(base))


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[KEEP:]:
        stale.unlink(missing_ok=True)


def _base_to_plain(base: model.FactBase) -> dict[str, Any]:
    from venru import spec

    records = []
    for record in base.records:
        plain = spec.to_plain(record)
        where = record.where or model.Location(file=base.path, line=0, column=0)
        plain["where"] = [where.line, where.column]
        records.append(plain)
    return {"sources": [spec.to_plain(source) for source in base.sources], "records": records}


def _base_from_plain(plain: dict[str, Any], name: str, digest: str) -> model.FactBase:
    from venru import spec

    records = []
    for item in plain["records"]:
        cls = model.RECORD_TYPES[model.Kind(item["kind"])]
        line, column = item["where"]
        records.append(spec.from_plain(cls, item, where=model.Location(file=name, line=line, column=column)))
    sources = tuple(spec.from_plain(model.Source, source) for source in plain["sources"])
    return model.FactBase(name, sources, tuple(records), digest)
