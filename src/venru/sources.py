"""Source texts: numbered paragraphs, safe reading, verbatim quotes, sentences and coverage.

The paragraph rule, defined here once and the same for every source: the text is split into
lines as `str.splitlines` does; a line that holds more than whitespace is a paragraph; its text
is the line with each run of whitespace made one space and none at either end. The first such
line (the title) is paragraph 0, the following ones are paragraphs 1 to N.

A quote stands in a paragraph when it is a substring of that paragraph's text, code point for
code point: nothing is folded, not case, not accents, not quotation marks.

This module knows nothing of YAML, the fact base's records or the terminal; the loader calls it
and turns what it reports into located problems.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from venru.model import Frozen

# Patterns are kept as text and compiled by `re` on first use (it caches them): a cached run,
# which needs none of them, saves the ~0.7 ms their compilation costs.
# Control characters a source text may not hold: C0 except tab, line feed and carriage return; DEL; C1.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def paragraphs(text: str) -> tuple[str, ...]:
    """The numbered paragraphs of a text: index 0 is the title line, 1..N the body's non-empty lines."""
    # `str.split()` splits at exactly the characters the regex `\s` matches (str.isspace), and is
    # five times faster than `re.sub(r"\s+", " ", line).strip()`, the external checker's rule.
    return tuple(" ".join(words) for line in text.splitlines() if (words := line.split()))


# ----------------------------------------------------------------------------- reading safely


class Text(Frozen):
    """A source file as read: its bytes (for the cache key) and its numbered paragraphs."""

    data: bytes
    paragraphs: tuple[str, ...]


class Unreadable(Frozen):
    """Why a source file cannot be used; `message` names the file as the fact base gives it."""

    message: str


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


BASE_FOLDER = "the fact base's folder"  # what source paths are relative to, as messages say it


def stdin_folder(folder: Path) -> str:
    """What source paths are relative to, as messages say it, for a fact base read from stdin."""
    return f"the current folder, {folder}, as the fact base comes from stdin"


def resolve(folder: Path, file: str, where: str = BASE_FOLDER) -> Path | Unreadable:
    """Where `file` (relative to the fact base's folder) is, or why it is refused; messages
    name that folder as `where` says (`stdin_folder` for a base read from stdin).

    Refused before anything is opened: an absolute path, a path that `..` leads out of the
    folder, and a path that a symbolic link leads out of it. Nothing outside is read or named.
    """
    shown = repr(file)
    if not file.strip():
        return Unreadable(message=f"source file is empty; give a path relative to {where}")
    if "\x00" in file:
        return Unreadable(message=f"source file {shown} contains a NUL character")
    if PurePosixPath(file).is_absolute() or PureWindowsPath(file).is_absolute() or PureWindowsPath(file).drive:
        return Unreadable(message=f"source file {shown} is an absolute path; give a path relative to {where}")
    root = os.path.realpath(folder)
    if not _inside(os.path.normpath(Path(root, file)), root):
        return Unreadable(message=f"source file {shown} is outside {where} ('..' leads out of it)")
    real = os.path.realpath(Path(root, file))
    if not _inside(real, root):
        return Unreadable(message=f"source file {shown} is a symbolic link that leads outside {where}")
    return Path(real)


CHUNK = 1 << 24  # bytes read at a time when a stream's size is not known


def read_at_most(handle: BinaryIO, limit: int) -> bytes | None:
    """All of `handle`'s bytes, or None if there are more than `limit`. Memory follows what is
    read, never the limit, so a limit of a petabyte is fine: a regular file is read in one call
    of its own size, a pipe in chunks."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (AttributeError, OSError, ValueError):  # not a file with a descriptor
        size = 0
    chunks: list[bytes] = []
    total = 0
    want = min(limit, size) + 1 if size else min(limit + 1, CHUNK)
    while True:
        chunk = handle.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
        want = min(limit + 1 - total, CHUNK)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read(folder: Path, file: str, limit: int, where: str = BASE_FOLDER) -> Text | Unreadable:
    """A source file's text, read only if it is safely inside `folder`, a regular file, within
    `limit` bytes, UTF-8 (a byte-order mark is dropped) and free of control characters."""
    data = read_bytes(folder, file, limit, where)
    if isinstance(data, Unreadable):
        return data
    text = decode(data, repr(file))
    if isinstance(text, Unreadable):
        return text
    return Text(data=data, paragraphs=paragraphs(text))


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, which has no symlink races of this kind
_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)


def read_bytes(folder: Path, file: str, limit: int, where: str = BASE_FOLDER) -> bytes | Unreadable:
    """A source file's bytes, read only if it is safely inside `folder`, a regular file and
    within `limit` bytes."""
    path = resolve(folder, file, where)
    if isinstance(path, Unreadable):
        return path
    shown = repr(file)
    try:
        # Opened without following a link and without blocking, then examined through the open
        # descriptor: a file swapped for a link, a FIFO or a device after `resolve` is not read.
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW | _NON_BLOCKING)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            os.close(fd)
            if stat.S_ISDIR(info.st_mode):
                return Unreadable(message=f"source file {shown} is a directory")
            if not stat.S_ISREG(info.st_mode):  # a FIFO or a device could block or never end
                return Unreadable(message=f"source file {shown} is not a regular file")
            return Unreadable(message=f"source file {shown} is larger than the limit of {limit} bytes")
        with open(fd, "rb") as handle:  # takes over the descriptor and closes it
            data = read_at_most(handle, limit)
    except FileNotFoundError:
        return Unreadable(message=f"source file {shown} not found (paths are relative to {where})")
    except PermissionError:
        return Unreadable(message=f"source file {shown} cannot be read: permission denied")
    except OSError as error:
        return Unreadable(message=f"source file {shown} cannot be read: {error.strerror or error}")
    if data is None:
        return Unreadable(message=f"source file {shown} is larger than the limit of {limit} bytes")
    return data


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def decode(data: bytes, shown: str) -> str | Unreadable:
    """UTF-8 text without control characters; a byte-order mark is dropped."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 2 and (data[0] == 0 or data[1] == 0)):
        return Unreadable(message=f"source file {shown} is encoded as UTF-16; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return Unreadable(
            message=f"source file {shown} is not valid UTF-8: byte 0x{data[start]:02x} at line {line}, column {column}"
        )
    control = re.search(_CONTROL, text)
    if control:
        line, column = _line_column(text, control.start())
        character = f"U+{ord(control.group()):04X}"
        return Unreadable(
            message=f"source file {shown} holds the control character {character} at line {line}, column {column}"
        )
    return text


# ----------------------------------------------------------------------------- quotes


def locate(paragraph: str, quote: str) -> tuple[int, int] | None:
    """The character offsets [start, end) of the first place `quote` stands verbatim in `paragraph`."""
    if not quote:
        return None
    start = paragraph.find(quote)
    return None if start < 0 else (start, start + len(quote))


class NearMiss(Frozen):
    passage: str  # the paragraph around the first difference, with … where it is cut
    differs_at: int  # 1-based: the first character of the quote that the paragraph does not have there


def _common_prefix(a: str, a_start: int, b: str, b_start: int) -> int:
    n = 0
    limit = min(len(a) - a_start, len(b) - b_start)
    while n < limit and a[a_start + n] == b[b_start + n]:
        n += 1
    return n


def near_miss(paragraph: str, quote: str) -> NearMiss | None:
    """The passage of `paragraph` closest to a quote that does not stand in it, or None when
    nothing in it is close. The quote is aligned where the longest run of its first characters
    matches (or, when its start is off, of its last ones); it then differs from the paragraph at
    its first unequal character."""
    if not quote or not paragraph:
        return None
    best_prefix, prefix_at = 0, 0
    for start in range(len(paragraph)):
        if paragraph[start] == quote[0]:
            run = _common_prefix(quote, 0, paragraph, start)
            if run > best_prefix:
                best_prefix, prefix_at = run, start
    best_suffix, suffix_end = 0, 0
    reversed_quote, reversed_paragraph = quote[::-1], paragraph[::-1]
    for start in range(len(paragraph)):
        if reversed_paragraph[start] == reversed_quote[0]:
            run = _common_prefix(reversed_quote, 0, reversed_paragraph, start)
            if run > best_suffix:
                best_suffix, suffix_end = run, len(paragraph) - start
    enough = min(8, max(3, len(quote) // 2))
    if max(best_prefix, best_suffix) < enough:
        return None
    if best_prefix >= enough:  # the start of the quote is right: it differs where the run ends
        differs = best_prefix
        where = prefix_at + best_prefix
    else:  # the start is off: align the end, then find where the quote's first characters fit best
        aligned = suffix_end - len(quote)
        window = range(max(0, aligned - len(quote) // 2), min(len(paragraph), aligned + len(quote) // 2 + 1))
        start = max(window, key=lambda s: (_common_prefix(quote, 0, paragraph, s), -abs(s - aligned)))
        if _common_prefix(quote, 0, paragraph, start) >= 3:  # fewer is chance, not alignment
            differs = _common_prefix(quote, 0, paragraph, start)
            where = start + differs
        else:
            skipped = max(0, -aligned)
            differs = skipped + _common_prefix(quote, skipped, paragraph, aligned + skipped)
            where = aligned + differs
    return NearMiss(passage=_excerpt(paragraph, where), differs_at=differs + 1)


def _excerpt(paragraph: str, at: int, width: int = 16) -> str:
    """About two words either side of `at`, cut at word boundaries, with … where cut."""
    start = max(0, at - width)
    while start > 0 and not paragraph[start - 1].isspace():
        start -= 1
        if at - start > 2 * width:  # one very long word: cut inside it
            break
    end = min(len(paragraph), at + width)
    while end < len(paragraph) and not paragraph[end].isspace():
        end += 1
        if end - at > 2 * width:
            break
    text = paragraph[start:end].strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(paragraph) else "")


def quote_problem(found_in: Sequence[str], number: int, quote: str) -> str | None:
    """Why `quote` does not stand in paragraph `number` of a source with paragraphs `found_in`,
    with a hint where one helps; None when it stands there."""
    if not 0 <= number < len(found_in):
        last = len(found_in) - 1
        return f"paragraph {number} does not exist: the source has paragraphs 0 to {last}"
    if locate(found_in[number], quote) is not None:
        return None
    elsewhere = [i for i, text in enumerate(found_in) if locate(text, quote) is not None]
    if elsewhere:
        return f"quote not found in paragraph {number}; it stands in paragraph {elsewhere[0]}"
    miss = near_miss(found_in[number], quote)
    if miss is None:
        return f"quote not found in paragraph {number}"
    return f'quote not found in paragraph {number}; closest: "{miss.passage}" differs at character {miss.differs_at}'


# ----------------------------------------------------------------------------- sentences


# A sentence ends at . ! ? or … (with any closing quotation marks or brackets after it) that is
# followed by white space and then something other than a lower-case letter.
_END = r"[.!?…]+[\"'”’»«)\]]*(?=\s+\S)"
_ORDINAL = r"(?:^|\s)[0-9]{1,3}\.$"  # '16. Februar', '20. Gründungstag': not an end
_INITIAL = r"(?:^|\s)\w\.$"  # 'J. Borissow', 'z.' of 'z. B.'
_ABBREVIATIONS = frozenset(
    {"bzw.", "ca.", "dr.", "ggf.", "inkl.", "nr.", "prof.", "sog.", "usw.", "vgl.", "z.b.", "u.a.", "d.h."}
    | {"sr.", "sra.", "dra.", "etc.", "mr.", "mrs.", "ms.", "st.", "vs."}
)


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """The [start, end) character offsets of each sentence of a paragraph.

    A full stop after a number of one to three digits ('16. Februar'), after a single letter,
    or after a common abbreviation does not end a sentence; neither does one followed by a
    lower-case letter ('la verdad. pic.twitter.com/…').
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(_END, paragraph):
        end = match.end()
        following = paragraph[end:].lstrip()
        if following[:1].islower():
            continue
        before = paragraph[start : match.start() + 1]
        if match.group().startswith(".") and len(match.group()) == 1:
            word = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
            if re.search(_ORDINAL, before) or re.search(_INITIAL, before) or word in _ABBREVIATIONS:
                continue
        spans.append((start, end))
        start = end + (len(paragraph[end:]) - len(following))
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return spans


class Sentence(Frozen):
    paragraph: int
    start: int
    end: int
    text: str


class Coverage(Frozen):
    sentences: int
    uncovered: tuple[Sentence, ...]  # in text order

    @property
    def covered(self) -> int:
        return self.sentences - len(self.uncovered)


def coverage(found_in: Sequence[str], quoted: Iterable[tuple[int, int, int]]) -> Coverage:
    """The sentences that no quoted span touches. `quoted` holds (paragraph, start, end) spans;
    a sentence is touched when it shares at least one character with one of them."""
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for number, start, end in quoted:
        by_paragraph.setdefault(number, []).append((start, end))
    total = 0
    uncovered: list[Sentence] = []
    for number, text in enumerate(found_in):
        spans = by_paragraph.get(number, [])
        for start, end in sentences(text):
            total += 1
            if not any(s < end and e > start for s, e in spans):
                uncovered.append(Sentence(paragraph=number, start=start, end=end, text=text[start:end]))
    return Coverage(sentences=total, uncovered=tuple(uncovered))
