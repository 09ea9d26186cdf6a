"""A fact base file's bytes and text, read safely: a size limit, UTF-8 only, and whatever keeps a
file from being read as a problem value, never an exception. Used by `load` (one file) and
`folder` (a folder of files).
"""

from __future__ import annotations

import sys

from venru import settings
from venru.problem import Problem

STDIN = "-"  # the path that names standard input


def read_bytes(path: str, limit: int = settings.DEFAULT_MAX_BYTES) -> bytes | Problem:
    """The file's bytes (at most `limit`), or the problem that keeps us from reading them."""
    name = "<stdin>" if path == STDIN else path
    too_big = Problem(
        name,
        None,
        None,
        f"larger than the limit of {limit} bytes; "
        f"set {settings.MAX_BYTES_VARIABLE} to a higher number of bytes to load it",
    )
    from venru.sources import read_at_most

    if path == STDIN:
        data = read_at_most(sys.stdin.buffer, limit)
        return too_big if data is None else data
    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, limit)
    except FileNotFoundError:
        return Problem(name, None, None, "no such file")
    except IsADirectoryError:
        return Problem(name, None, None, "is a directory, not a fact base file")
    except PermissionError:
        return Problem(name, None, None, "permission denied: cannot read the file")
    except OSError as error:
        return Problem(name, None, None, f"cannot read the file: {error.strerror or error}")
    return too_big if data is None else data


def decode(data: bytes, name: str) -> str | Problem:
    """UTF-8 text (a byte-order mark is dropped); UTF-16 and invalid bytes are problems."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 2 and (data[0] == 0 or data[1] == 0)):
        return Problem(name, None, None, "is encoded as UTF-16; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return Problem(name, line, column, f"not valid UTF-8: byte 0x{data[start]:02x} at offset {start}")
