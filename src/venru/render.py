"""Everything venru prints: one `render` switch over the formats, cards, problems.

Only this module imports rich, and only when a table or card is drawn: the JSON, JSON Lines
and CSV paths never load it. Text from the data is never read as Rich markup, and control
characters in it are shown escaped in tables and cards, never sent to the terminal raw.
"""

from __future__ import annotations

import enum
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from venru import answer, model, spec
from venru.answer import NameOf

if TYPE_CHECKING:
    from rich.console import Console

    from venru.problem import Problem
    from venru.query import Link, Passage
    from venru.search import Hit
    from venru.settings import Settings
    from venru.sources import Coverage

NARROW = 60  # below this many columns, tables become `key: value` blocks (and above, where a table would break words)


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


# ----------------------------------------------------------------------------- text safety

# Characters that are invisible or reorder text on a terminal, so that what a person sees is
# not what the data says: bidi embeddings, overrides, isolates and marks, zero-width spaces and
# joiners, line and paragraph separators, invisible operators, the BOM, the soft hyphen,
# interlinear annotations and tag characters.
INVISIBLE = (
    0x00AD,
    0x061C,
    0x180E,
    *range(0x200B, 0x2010),
    0x2028,
    0x2029,
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
    0xFEFF,
    *range(0xFFF9, 0xFFFC),
    *range(0xE0000, 0xE0080),
)
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({c: f"\\u{c:04x}" if c <= 0xFFFF else f"\\U{c:08x}" for c in INVISIBLE})


def _json_escape(c: int) -> str:
    if c <= 0xFFFF:
        return f"\\u{c:04x}"
    high, low = divmod(c - 0x10000, 0x400)  # a UTF-16 surrogate pair, as JSON spells astral characters
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def _char_class(codes: list[int]) -> str:
    """A regex character class of these code points, as ranges (a search with ranges is ~50x
    faster over a big document than str.translate or a class of single characters)."""
    parts, start = [], 0
    for i, code in enumerate(codes):
        if i + 1 == len(codes) or codes[i + 1] != code + 1:
            parts.append(f"{re.escape(chr(codes[start]))}-{re.escape(chr(code))}")
            start = i + 1
    return "[" + "".join(parts) + "]"


_JSON_ESCAPES = {chr(c): _json_escape(c) for c in [*range(0x80, 0xA0), *INVISIBLE]}
_JSON_UNSAFE = re.compile(_char_class(sorted(map(ord, _JSON_ESCAPES))))


def clean(text: str) -> str:
    """Text safe for a terminal: control, bidi and invisible characters shown as escapes
    (`\\x1b`, `\\u202e`, `\\U000e0041`)."""
    return text.translate(_CONTROL)


def shown(text: str) -> str:
    """`clean` text for a table or card, cut after `model.MAX_TEXT` characters: every single text
    is within that limit, but a long list joined into one cell need not be."""
    if len(text) > model.MAX_TEXT:
        text = f"{text[: model.MAX_TEXT]}… ({len(text) - model.MAX_TEXT:,} more characters; --json shows all)"
    return clean(text)


def to_json(value: Any, indent: int | None = 2) -> str:
    """RFC 8259 JSON that is safe on a terminal: C1 control, bidi and invisible characters are
    written as `\\uXXXX` escapes too (they can only occur inside strings), so the text decodes
    to the same values but shows nothing hidden."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match[0]], text)


def write_text(text: str, stream: IO[str] | None = None) -> None:
    """Write as UTF-8 whatever the locale, when the stream has a byte buffer (stdout has)."""
    stream = stream or sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)


# ----------------------------------------------------------------------------- fields


def plain(
    record: model.Record, score: float | None = None, name_of: NameOf | None = None, expand: bool = False
) -> dict[str, Any]:
    """A record as JSON-ready data; search adds its `score` and `answer` (with `name_of`), and
    `expand` turns each reference into {"id", "name"}."""
    out: dict[str, Any] = spec.to_plain(record)
    if expand:
        names = name_of or answer.same_id
        for field_spec in spec.fields_of(type(record)):
            if spec.holds_ids(field_spec.type) and out[field_spec.name] is not None:
                value = out[field_spec.name]
                refs = value if isinstance(value, list) else [value]
                named = [{"id": ref, "name": names(ref)} for ref in refs]
                out[field_spec.name] = named if isinstance(value, list) else named[0]
        for item in out.get("derived") or []:
            item["from"] = [{"id": ref, "name": names(ref)} for ref in item["from"]]
    if score is not None:
        out["score"] = score
        out["answer"] = answer.answer(record, name_of or answer.same_id)
    return out


SCORED = ("score", "answer")  # what search adds to a record, after its own fields


def field_names(kinds: Iterable[model.Kind], scored: bool = False) -> list[str]:
    """The output fields of records of these kinds, in output order, without repeats: `id`,
    `kind`, each kind's own fields, then the fields every record has (`keywords` ... `evidence`),
    then with `scored` what search adds. One kind gives exactly its JSON keys; several give the
    one CSV header they share."""
    common = [f.name for f in spec.fields_of(model.Record)[1:]]
    names: dict[str, None] = {"id": None, "kind": None}
    for kind in kinds:
        for field_spec in spec.fields_of(model.RECORD_TYPES[kind])[1:]:
            if field_spec.name not in common:
                names[field_spec.name] = None
    names.update(dict.fromkeys(common))
    if scored:
        names.update(dict.fromkeys(SCORED))
    return list(names)


# A spreadsheet runs a cell that starts with one of these as a formula; CSV cells of text that
# do are written with a leading apostrophe, which spreadsheets show as text (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell: lists of text joined with '; ', nested objects as compact JSON, control
    characters escaped (a CSV often ends up on a terminal), formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(value)
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            text = "; ".join(str(v) for v in value)
        else:
            text = to_json(value, indent=None)
    elif isinstance(value, dict):
        text = to_json(value, indent=None)
    else:
        text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return clean(text)


def _csv_item(item: dict[str, Any]) -> dict[str, Any]:
    """A record's plain data for CSV: evidence as plain columns (paragraphs, quotes, translations)."""
    if "evidence" not in item:
        return item
    out = {k: v for k, v in item.items() if k != "evidence"}
    evidence = item["evidence"] or []
    out["evidence_paragraphs"] = "; ".join(str(e["paragraph"]) for e in evidence)
    out["evidence_quotes"] = "\n".join(e["quote"] for e in evidence)  # one line per quote
    out["evidence_translations"] = "\n".join(e.get("translation") or "" for e in evidence)
    return out


def _csv_names(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        out += ["evidence_paragraphs", "evidence_quotes", "evidence_translations"] if name == "evidence" else [name]
    return out


# ----------------------------------------------------------------------------- tables


class Column(NamedTuple):
    header: str
    get: Callable[[Any], str]  # the cell's text, from a row: a `Shown` record or hit
    main: bool = False  # the column that takes the room left and wraps
    wrap: bool = True  # False for short codes and ids, which must never be broken
    ids: bool = False  # True for a column of ids in text ('a; b'): wraps between them, never inside one
    styled: Callable[[Any], Any] | None = None  # the cell as Rich Text, where a table highlights part of it
    field: str | None = None  # the record field it shows, so a derived value can be marked


# Marks a table cell whose value the article implies rather than states; the footnote explains.
DERIVED_MARK = "*"
DERIVED_NOTE = "* derived: the article implies this value; venru show ID says how"


def _cell_of(column: Column, row: Shown) -> str:
    """The cell's text, with DERIVED_MARK when it shows a field the article only implies."""
    text = column.get(row)
    if column.field is not None and text and row.record.derivation(column.field):
        return text + DERIVED_MARK
    return text


class Shown(NamedTuple):
    """A row of a table for people: a record, how to name the records it refers to, and the
    search hit it came from."""

    record: model.Record
    name_of: NameOf = answer.same_id
    hit: Hit | None = None


def figure_value(record: model.Record) -> str:
    """'more than 15,000 tourists', '50 percent', '20th anniversary'."""
    return answer.figure_value(record) if isinstance(record, model.Figure) else ""


class FieldText:
    """A table cell: a record's field as people read it (names for references, natural numbers,
    ISO dates, lists joined). Keeps the field's name, so a test can check that every column names
    a real field."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name  # the field, as in JSON

    def __call__(self, row: Shown) -> str:
        name = self.name
        if name == "id":
            return row.record.id
        if name == "kind":
            return row.record.kind.value
        if name in ("score", "answer") and row.hit is not None:
            return f"{row.hit.score:g}" if name == "score" else answer.answer(row.record, row.name_of)
        name_of = answer.same_id if name in QUOTE_REFS else row.name_of
        return answer.field_text(row.record, name, name_of, natural_dates=False)


# Fields that refer to quotes only (validation checks it). A quote's name is its English text,
# which in another quote's row would read as that quote's own words: tables show these by id.
QUOTE_REFS = frozenset({"versions"})


def _field(header: str, name: str, **options: Any) -> Column:
    return Column(header, FieldText(name), field=name, **options)


def _attributed(name: str) -> Callable[[Shown], str]:
    """Who said it (the field `name`), or that the article names nobody or speaks itself."""
    get = FieldText(name)

    def attributed(row: Shown) -> str:
        attribution = getattr(row.record, "attribution", None)
        if attribution is model.Attribution.UNNAMED:
            return "(no speaker named)"
        if attribution is model.Attribution.OUTLET:
            return "(the article)"
        return get(row)

    return attributed


_SAID_BY = frozenset({"claimed_by", "reported_by"})  # fields whose emptiness `attribution` explains


def _label(row: Shown) -> str:
    return row.record.label


def _original(row: Shown) -> str:
    return getattr(row.record, "text", "")


def _original_and_english(row: Shown) -> str:
    """A quote as the article gives it, its English translation below."""
    text, english = getattr(row.record, "text", ""), row.record.label
    return text if text == english else f"{text}\n→ {english}"


ANSWER_CELL = 240  # characters of an answer a table shows at most; json gives it whole


def _answer(row: Shown) -> str:
    text = answer.answer(row.record, row.name_of)
    if len(text) <= ANSWER_CELL:
        return text
    cut = text[:ANSWER_CELL].rsplit(" ", 1)[0] or text[:ANSWER_CELL]
    return cut + " …"


# Columns that hold ids and codes: never broken.
_CODES = frozenset({"id", "kind", "country", "side", "language", "medium", "date", "score", "type", "platform"})

_ID = Column("ID", FieldText("id"), wrap=False)
_COLUMNS: dict[model.Kind | None, list[Column]] = {
    model.Kind.PARTICIPANT: [
        _ID,
        Column("Name", _label),
        _field("Country", "country", wrap=False),
        _field("Side", "side", wrap=False),
        _field("Roles", "roles", main=True),
    ],
    model.Kind.FIGURE: [
        _ID,
        _field("Value", "value"),
        Column("Figure", _label, main=True),
        _field("Period", "period"),
        Column("Claimed by", _attributed("claimed_by"), field="claimed_by"),
    ],
    model.Kind.TOPIC: [
        _ID,
        Column("Topic", _label, main=True),
        _field("Raised by", "raised_by"),
        _field("Discussed by", "discussed_by"),
        Column("Reported by", _attributed("reported_by"), field="reported_by"),
    ],
    model.Kind.QUOTE: [
        _ID,
        _field("Date", "date", wrap=False),
        _field("Speaker", "speaker"),
        _field("Lang", "language", wrap=False),
        Column("Quote, and in English", _original_and_english, main=True),
    ],
    model.Kind.EVENT: [
        _field("Date", "date", wrap=False),
        _ID,
        Column("Event", _label, main=True),
        _field("Place", "place"),
    ],
    model.Kind.OUTCOME: [
        _ID,
        _field("Status", "status", wrap=False),
        Column("Outcome", _label, main=True),
        _field("By", "by"),
    ],
    None: [
        _ID,
        _field("Kind", "kind", wrap=False),
        Column("Name", _label, main=True),
        _field("Country", "country", wrap=False),
    ],
}
# From this width on, a quote's original and its translation stand side by side.
WIDE = 120
_WIDE_QUOTE_COLUMNS = [
    *_COLUMNS[model.Kind.QUOTE][:-1],
    Column("Quote", _original, main=True),
    Column("English", _label, main=True),
]


def _hit_snippet(row: Shown) -> str:
    return row.hit.snippet if row.hit else ""


def _highlight(row: Shown) -> Any:
    from rich.text import Text

    hit = row.hit
    assert hit is not None
    text = Text(shown(hit.snippet))
    if shown(hit.snippet) == hit.snippet:  # escapes shift offsets; then show it plain
        for start, end in hit.spans:
            text.stylize("bold reverse", start, end)
    return text


# Search results: the answer each record gives; from WIDE columns on, the matched words too.
_SEARCH_COLUMNS = [
    _field("Kind", "kind", wrap=False),
    _ID,
    Column("Label", _label),
    Column("Answer", _answer, main=True),
]
_MATCH = Column("Match", _hit_snippet, styled=_highlight)


def _columns_for(kinds: Sequence[model.Kind], width: int, fields: Sequence[str] | None = None) -> list[Column]:
    """The table columns of a listing: the chosen fields, else the kind's own columns."""
    if fields:  # who said it reads as in the kind's own columns: '(no speaker named)', '(the article)'
        return [
            Column(name, _attributed(name), field=name)
            if name in _SAID_BY
            else _field(name, name, wrap=name not in _CODES, ids=name in QUOTE_REFS)
            for name in fields
        ]
    if len(kinds) == 1 and kinds[0] is model.Kind.QUOTE and width >= WIDE:
        return _WIDE_QUOTE_COLUMNS
    if len(kinds) == 1 and kinds[0] in _COLUMNS:
        return _COLUMNS[kinds[0]]
    return _COLUMNS[None]


def _terminal_width() -> int:
    """The terminal's width, as Rich works it out but without COLUMNS; 80 when there is none."""
    for fd in (0, 1, 2):
        try:
            columns = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        if columns:
            return columns
    return 80


def make_console(run: Settings | None = None, stream: IO[str] | None = None) -> Console:
    """The one place consoles are built: the run's width (else the terminal's) and colour setting.

    NO_COLOR means no escape code at all, not only no colour: Rich's own `no_color` drops colours
    but keeps bold, dim and italic; with no colour system it writes every style as plain text."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1, the "not found" code; the CLI ends a closed pipe with exit 0.
            self.quiet = True
            raise BrokenPipeError(32, "the reader of the output has gone")

    return _Console(
        file=stream or sys.stdout,
        # Explicit, so that Rich does not read a COLUMNS the run's settings found unusable (0, 'abc').
        width=(run.width or _terminal_width()) if run else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        no_color=(run.no_color or None) if run else None,
        color_system=None if run and run.no_color else "auto",
    )


def _table(rows: list[list[Any]], columns: list[Column], console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[cell if isinstance(cell, Text) else Text(shown(cell)) for cell in row] for row in rows]
    widths = _widths(columns, cells, console.width) if console.width >= NARROW else None
    if widths is None:  # too narrow for a table that breaks no id or short word: blocks
        _blocks(cells, columns, console)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column.header, width=width, overflow="fold", no_wrap=not column.wrap)
    for row in cells:
        table.add_row(*row)
    console.print(table)


SHORT = 16  # a column no wider than this (a name, a date, a status) is not wrapped while others can give
# The fewest characters a table leaves its main column (roles, a label, a quote, the answer), or
# its natural width if less; a terminal too narrow for that, with every other column's longest
# word whole, gets blocks instead. Names (the other columns' values) stay whole only beyond it.
MAIN_MIN = 22
# A column whose longest value is no longer than this holds names or short phrases ('Yuri Borisov',
# 'the past two months', 'more than 15,000 tourists'): it gets at least half of that width, so no
# name takes more than about two lines.
PHRASE = 25
# A word up to this long (a name, a handle like @EmbajadaRusaVen, 'Intergovernmental') is never
# broken: a table keeps it whole or gives way to blocks. Only longer words (links) may be broken.
WHOLE_WORD = 20


def _whole(column: Column, cells: Iterable[Any]) -> int:
    """The narrowest a column can be without breaking what must stay whole: its whole cells for
    ids and codes; else its longest word up to WHOLE_WORD characters (any length for a column of
    ids), the words of its header included."""
    from rich.cells import cell_len

    texts = [c.plain for c in cells]
    if not column.wrap:
        return max([len(column.header)] + [cell_len(line) for text in texts for line in text.splitlines()])
    words = [cell_len(w) for text in [column.header, *texts] for w in text.split()]
    return max([1] + [n for n in words if column.ids or n <= WHOLE_WORD])


def _lines_of(cell: Any) -> list[int]:
    from rich.cells import cell_len

    return [cell_len(line) for line in cell.plain.splitlines()] or [0]


def _widths(columns: list[Column], cells: list[list[Any]], total: int) -> list[int] | None:
    """Column widths for `total` terminal columns, from the content, with no cap per column;
    None when no table that wide keeps every id, code and short word whole, or leaves the main
    column MAIN_MIN characters (then: blocks).

    Ids and codes get their full width and are never broken, nor is any word up to WHOLE_WORD
    characters. When every column fits at its natural width, nothing wraps. Otherwise each
    wrapping column keeps at least its longest word, and the main column at least MAIN_MIN (or
    its natural width, if less). What is left keeps names whole, shortest first: each value of the
    other columns (a name, a period, '(no speaker named)') gets its whole width where the main
    column keeps its minimum, and the main column takes the rest. Without a main column (--fields),
    the room is shared in proportion to how much more each column would need.
    """
    count = len(columns)
    natural = [max([len(c.header)] + [row[i].cell_len for row in cells]) for i, c in enumerate(columns)]
    whole = [_whole(c, [row[i] for row in cells]) for i, c in enumerate(columns)]
    room = total - 3 * (count - 1)  # a divider and two spaces of padding between columns
    fixed = [i for i, c in enumerate(columns) if not c.wrap]
    flexible = [i for i, c in enumerate(columns) if c.wrap]
    widths = list(natural)
    left = room - sum(natural[i] for i in fixed)
    if sum(natural[i] for i in flexible) <= left:
        return widths
    if sum(whole[i] for i in flexible) > left:
        return None
    main = [i for i in flexible if columns[i].main]
    if main:
        return _names_whole(columns, cells, natural, whole, widths, flexible, main, left)
    # A long word (a link) longer than an even share of the room is broken rather than squeezing the others.
    words = [max([1] + [len(w) for row in cells for w in row[i].plain.split()]) for i in range(count)]
    floors = {i: max(whole[i], min(natural[i], words[i], left // len(flexible))) for i in flexible}
    if sum(floors.values()) > left:
        floors = {i: whole[i] for i in flexible}
    for i in flexible:  # a short column stays whole where there is room: 'Nicolás Maduro' is not worth a wrap
        short = natural[i] <= max(left // (2 * len(flexible)), SHORT)
        if short and sum(floors.values()) - floors[i] + natural[i] <= left:
            floors[i] = natural[i]
    for i in flexible:
        widths[i] = floors[i]
    _share_out(widths, natural, flexible, left - sum(floors.values()))
    return widths


def _share_out(
    widths: list[int], natural: list[int], flexible: list[int], spare: int, first: Sequence[int] = ()
) -> None:
    """Give `spare` characters to the `flexible` columns, in proportion to how much more each
    would need to reach its natural width; what rounding leaves goes to the `first` columns,
    then to those that need the most."""
    need = {i: natural[i] - widths[i] for i in flexible}
    total_need = sum(need.values()) or 1
    share = {i: min(need[i], spare * need[i] // total_need) for i in flexible}
    for i in flexible:
        widths[i] += share[i]
    spare -= sum(share.values())
    for i in sorted(flexible, key=lambda i: (i not in first, widths[i] - natural[i])):
        give = min(spare, natural[i] - widths[i])
        widths[i] += give
        spare -= give


def _names_whole(
    columns: list[Column],
    cells: list[list[Any]],
    natural: list[int],
    whole: list[int],
    widths: list[int],
    flexible: list[int],
    main: list[int],
    left: int,
) -> list[int] | None:
    """`_widths` of a table with a main column, when not everything fits: None when the main
    column cannot keep its minimum; else names whole, shortest first, and the rest to the main."""
    floor = {i: min(natural[i], max(MAIN_MIN, whole[i])) for i in main}
    others = [i for i in flexible if i not in main]
    for i in others:
        widths[i] = max(whole[i], (natural[i] + 1) // 2 if natural[i] <= PHRASE else 0)
    spare = left - sum(widths[i] for i in others) - sum(floor.values())
    if spare < 0:
        return None
    values = sorted(
        (length, i) for i in others for length in {n for row in cells for n in _lines_of(row[i])} if length <= PHRASE
    )
    for length, i in values:  # each name whole where the main column keeps its minimum
        cost = length - widths[i]
        if 0 < cost <= spare:
            widths[i] = length
            spare -= cost
    for i in main:
        widths[i] = floor[i]
    # The rest as needed, a long label beside the main column too; what rounding leaves, main first.
    _share_out(widths, natural, flexible, spare, first=main)
    return widths


MIN_LABEL = 8  # the narrowest the `Header:` column of blocks gets to leave room for an id


def _blocks(cells: list[list[Any]], columns: list[Column], console: Console) -> None:
    """Narrow terminals: each row as `Header: value` lines, wrapped lines indented under the value.
    A long header wraps rather than leave an id or a short word too little room."""
    from rich.table import Table
    from rich.text import Text

    headers = [f"{c.header}:" for c in columns]
    keep = max(_whole(c, [row[i] for row in cells]) for i, c in enumerate(columns))
    label = min(max(len(h) for h in headers), max(console.width - 1 - keep, MIN_LABEL))
    for number, row in enumerate(cells):
        if number:
            console.print()
        if console.width < 40:  # too narrow to indent: one `Header: value` line each, folded
            for header, cell in zip(headers, row, strict=True):
                line = Text(f"{header} ", style="bold")
                line.append(cell)
                console.print(line, overflow="fold")
            continue
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", width=label, overflow="fold")
        grid.add_column(overflow="fold")
        for header, cell in zip(headers, row, strict=True):
            grid.add_row(header, cell)
        console.print(grid)


# Markdown syntax in the data is shown, not rendered: no HTML, no links or images, no emphasis.
_MARKDOWN = {ord(c): "\\" + c for c in "\\`*_[]<>&|~"} | {ord("\n"): " "}


def _markdown(rows: list[list[str]], headers: list[str]) -> str:
    def escape(text: str) -> str:
        return clean(text.translate(_MARKDOWN))

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- the switch


def render(
    records: Sequence[model.Record],
    fmt: Format,
    *,
    kinds: Sequence[model.Kind],
    fields: Sequence[str] | None = None,
    run: Settings | None = None,
    stream: IO[str] | None = None,
    name_of: NameOf | None = None,
    expand: bool = False,
) -> None:
    """Print a listing of records in one format. People read the names of referenced records
    (`name_of`), scripts their ids, or both with `expand`."""
    names = list(fields) if fields else field_names(kinds)
    items = [plain(r, name_of=name_of, expand=expand) for r in records]
    rows = [Shown(r, name_of or answer.same_id) for r in records]
    _listing(items, names, rows, kinds, fields, None, fmt, run, stream)


def hits(
    found: Sequence[Hit],
    fmt: Format,
    *,
    kinds: Sequence[model.Kind],
    fields: Sequence[str] | None = None,
    run: Settings | None = None,
    stream: IO[str] | None = None,
    name_of: NameOf | None = None,
    expand: bool = False,
) -> None:
    """Print search results in one format: records with their score and answer; tables show
    the answer, and the matched words where there is room."""
    names = list(fields) if fields else field_names(kinds, scored=True)
    items = [plain(h.record, h.score, name_of, expand) for h in found]
    rows = [Shown(h.record, name_of or answer.same_id, h) for h in found]
    _listing(items, names, rows, kinds, fields, _SEARCH_COLUMNS, fmt, run, stream)


def _listing(
    items: list[dict[str, Any]],
    names: list[str],
    rows: Sequence[Shown],
    kinds: Sequence[model.Kind],
    fields: Sequence[str] | None,
    columns: list[Column] | None,
    fmt: Format,
    run: Settings | None,
    stream: IO[str] | None,
) -> None:
    """The switch: `items` (plain, with the fields `names`) for scripts, `rows` in columns for people.
    JSON and JSON Lines give each record its own kind's keys (or just `fields`); CSV has one
    header, so a record there has empty cells for the fields of other kinds."""
    own = fmt in (Format.JSON, Format.JSONL) and not fields
    if _rows_out(items if own else [{n: item.get(n) for n in names} for item in items], fmt, stream, names):
        return
    console = make_console(run, stream) if fmt is not Format.MARKDOWN else None
    width = console.width if console is not None else WIDE
    if fields:
        columns = _columns_for(kinds, width, fields)
    elif columns is None:
        columns = _columns_for(kinds, width)
    elif width >= WIDE:
        columns = [*columns, _MATCH]
    texts = [[_cell_of(c, row) for c in columns] for row in rows]
    marked = any(c.field and cell.endswith(DERIVED_MARK) for row in texts for c, cell in zip(columns, row, strict=True))
    if console is None:
        write_text(_markdown(texts, [c.header for c in columns]) + (f"\n\\{DERIVED_NOTE}\n" if marked else ""), stream)
        return
    if not rows:
        print("no matching records", file=sys.stderr)
        return
    if not fields:  # a column empty in every row takes no room in a table
        kept = [i for i, c in enumerate(columns) if any(row[i] for row in texts)]
        columns = [columns[i] for i in kept]
        texts = [[row[i] for i in kept] for row in texts]
    cells = [
        [c.styled(row) if c.styled else text for c, text in zip(columns, texts_of_row, strict=True)]
        for row, texts_of_row in zip(rows, texts, strict=True)
    ]
    _table(cells, columns, console)
    if marked:
        from rich.text import Text

        console.print(Text(DERIVED_NOTE, style="dim"), overflow="fold")


# ----------------------------------------------------------------------------- one record


def card_plain(
    record: model.Record,
    outgoing: Sequence[Link],
    incoming: Sequence[Link],
    name_of: NameOf | None = None,
    expand: bool = False,
) -> dict[str, Any]:
    out = plain(record, name_of=name_of, expand=expand)
    out["links"] = {
        "refers_to": [{"field": link.field, "id": link.record.id} for link in outgoing],
        "referred_by": [{"field": link.field, "id": link.record.id} for link in incoming],
    }
    if expand:
        for group in out["links"].values():
            for link in group:
                link["name"] = (name_of or answer.same_id)(link["id"])
    return out


# Fields a card leaves out because another row shows them already: a figure's value reads
# 'more than 15,000 tourists', with its qualifier and unit.
_SHOWN_ELSEWHERE = {model.Kind.FIGURE: frozenset({"qualifier", "unit"})}


def card(
    record: model.Record,
    outgoing: Sequence[Link],
    incoming: Sequence[Link],
    fmt: Format,
    run: Settings | None = None,
    stream: IO[str] | None = None,
    passages: Sequence[Passage] | None = None,
    name_of: NameOf | None = None,
    expand: bool = False,
    verbose: bool = False,
) -> None:
    """One record as json or a card (table); with `passages` (show --context), each quote in its
    whole paragraph. A card names referenced records, shows each value once, and its search
    keywords only when `verbose`."""
    if fmt is Format.JSON:
        out = card_plain(record, outgoing, incoming, name_of, expand)
        if passages is not None:
            out["evidence"] = context_plain(passages)
        write_text(to_json(out) + "\n", stream)
        return
    from rich.text import Text

    # A quote the card refers to (versions, derived from) by its id: its name is its text, which
    # would read as this record's own words.
    quotes = {link.record.id for link in outgoing if link.record.kind is model.Kind.QUOTE}
    people_names = name_of or answer.same_id

    def names(ref: str) -> str:
        return ref if ref in quotes else people_names(ref)

    console = make_console(run, stream)
    title = Text(f"{shown(record.label)}", style="bold")
    title.append(f"  ({record.kind.value} {record.id})", style="dim")
    console.print(title, overflow="fold")
    rows: list[tuple[str, str]] = []
    skip = {"id", "evidence"} | _SHOWN_ELSEWHERE.get(record.kind, frozenset())
    if not verbose:
        skip.add("keywords")
    seen = {record.label}
    for field_spec in spec.fields_of(type(record)):
        if field_spec.name in skip:
            continue
        if field_spec.name == "derived":
            for item in record.derived:
                rests = f" (from {answer.names_text(names(ref) for ref in item.sources)})" if item.sources else ""
                rows.append((f"{item.field} {DERIVED_MARK}", f"derived: {item.method}{rests}"))
            continue
        text = answer.field_text(record, field_spec.name, names)
        if not text or text in seen:
            continue
        seen.add(text)
        rows.append((field_spec.name, text + (DERIVED_MARK if record.derivation(field_spec.name) else "")))
    if record.where is not None:
        rows.append(("defined at", str(record.where)))
    console.print(_grid(rows, console.width))
    if passages is not None:
        contexts(passages, console)
    else:
        _evidence(record, console, seen)
    for heading, group in (("refers to", outgoing), ("referred to by", incoming)):
        if group:
            console.print(Text(heading, style="bold"))
            links = [(f"  {link.record.id}", f"{link.record.label} ({link.field})") for link in group]
            console.print(_grid(links, console.width))


def _evidence(record: model.Record, console: Console, seen: set[str] | None = None) -> None:
    """Each evidence quote under its paragraph number, its translation below it unless the card
    shows that text already; wrapped lines stay under the quote."""
    from rich.text import Text

    console.print(Text("evidence", style="bold"))
    rows = []
    for evidence in record.evidence:
        text = f"“{evidence.quote}”"
        if evidence.translation and evidence.translation not in (seen or set()):
            text += f"\n{evidence.translation}"
        rows.append((f"  ¶{evidence.paragraph}", text))
    console.print(_grid(rows, console.width))


def info(details: dict[str, Any], fmt: Format, run: Settings | None = None, stream: IO[str] | None = None) -> None:
    """`venru info` as json or a `name  value` grid (table)."""
    if fmt is Format.JSON:
        write_text(to_json(details) + "\n", stream)
        return
    rows: list[tuple[str, str]] = []
    for name, value in details.items():
        if name == "files":
            rows += [("file", str(file)) for file in value] if len(value) > 1 else []  # one file: it is the path
        elif name == "sources":
            rows += [("source", f"{s['id']}: {s['title']} ({s['language']}, {s['date']}; {s['file']})") for s in value]
        elif isinstance(value, dict):
            rows.append((name, ", ".join(f"{k} {v}" for k, v in value.items())))
        else:
            rows.append((name, str(value)))
    console = make_console(run, stream)
    console.print(_grid(rows, console.width))


def _grid(rows: Iterable[tuple[str, str]], width: int) -> Any:
    """A borderless `name  value` grid for a terminal `width` wide; values wrap, names never do.
    A path too long for its line breaks after a `/`, not inside a name."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    rows = list(rows)
    room = width - max([0] + [cell_len(name) for name, _ in rows]) - 2
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in rows:
        grid.add_row(name, Text(_paths_broken(shown(value), room)))
    return grid


def _paths_broken(text: str, room: int) -> str:
    """`text` with each word longer than `room` that holds a `/` (a path, a link) put on lines
    of its own, broken after a `/` where it must be: `/work/data/` and `facts.yaml`, not
    `/work/data/fa` and `cts.yaml`. A part longer than the room is left to fold."""
    if room < 1 or "/" not in text:
        return text

    def broken(match: re.Match[str]) -> str:
        word = match[0]
        if len(word) <= room or "/" not in word:
            return word
        lines = [""]
        for part in re.split(r"(?<=/)", word):
            if lines[-1] and len(lines[-1]) + len(part) > room:
                lines.append("")
            lines[-1] += part
        return "\n".join(line for line in lines if line)

    return re.sub(r"\S+", broken, text)


def validation(
    found: Sequence[Problem], records: int, fmt: Format, stream: IO[str] | None = None, errors: IO[str] | None = None
) -> None:
    """`venru validate`: json, the report on stdout; table, `ok: N records` on stdout or every
    problem on stderr."""
    if fmt is Format.JSON:
        report = {"ok": not found, "records": records, "problems": [p.to_plain() for p in found]}
        write_text(to_json(report) + "\n", stream)
    elif found:
        problems(found, errors)
    else:
        print(f"ok: {records} records", file=stream or sys.stdout)


def problems(found: Sequence[Problem], stream: IO[str] | None = None) -> None:
    """Problems one per line in the `file:line:col: message` form editors jump to."""
    stream = stream or sys.stderr
    for problem in found:
        print(clean(str(problem)), file=stream)


# ----------------------------------------------------------------------------- progress


@contextmanager
def progress(
    description: str, run: Settings | None = None, stream: IO[str] | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A `(done, total)` callback that draws a progress bar on stderr when stderr is a terminal
    and the run allows escape codes (no NO_COLOR: a bar redraws itself with them); None
    otherwise, so pipes and logs get nothing."""
    stream = stream or sys.stderr
    if not stream.isatty() or (run is not None and run.no_color):
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(clean(description), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@contextmanager
def progress_after(
    description: str, run: Settings | None = None, seconds: float = 1.0, stream: IO[str] | None = None
) -> Iterator[Callable[[int, int], None]]:
    """A `(done, total)` callback that shows a progress bar on stderr once the work has taken
    `seconds`, and only when stderr is a terminal and the run allows escape codes: quick runs,
    pipes and NO_COLOR see nothing."""
    import time

    stream = stream or sys.stderr
    start = time.monotonic()
    shown: list[Any] = []  # the bar and its task, once shown
    quiet = run is not None and run.no_color

    def advance(done: int, total: int) -> None:
        if not shown:
            if quiet or done >= total or time.monotonic() - start < seconds or not stream.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(file=stream), transient=True)
            bar.start()
            shown.extend([bar, bar.add_task(clean(description), total=total)])
        shown[0].update(shown[1], completed=done, total=total)

    try:
        yield advance
    finally:
        if shown:
            shown[0].stop()


# ----------------------------------------------------------------------------- sources


def _rows_out(
    items: list[dict[str, Any]], fmt: Format, stream: IO[str] | None, names: Sequence[str] | None = None
) -> bool:
    """Write plain rows as json, jsonl or csv (its header: `names`, else the first row's keys);
    False for the formats people read."""
    if fmt is Format.JSON:
        write_text(to_json(items) + "\n", stream)
    elif fmt is Format.JSONL:
        write_text("".join(to_json(item, indent=None) + "\n" for item in items), stream)
    elif fmt is Format.CSV:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out)
        header = list(names) if names is not None else list(items[0]) if items else []
        writer.writerow(_csv_names(header))
        writer.writerows([_cell(v) for v in _csv_item(item).values()] for item in items)
        write_text(out.getvalue(), stream)
    else:
        return False
    return True


_PARAGRAPH_COLUMNS = [Column("¶", str, wrap=False), Column("Text", str, main=True)]  # cells come precomputed


def paragraphs(
    source_id: str,
    numbered: Sequence[tuple[int, str]],
    fmt: Format,
    run: Settings | None = None,
    stream: IO[str] | None = None,
) -> None:
    """A source's numbered paragraphs: `venru source`."""
    items = [{"source": source_id, "paragraph": n, "text": text} for n, text in numbered]
    if _rows_out(items, fmt, stream):
        return
    rows: list[list[Any]] = [[str(n), text] for n, text in numbered]
    if fmt is Format.MARKDOWN:
        write_text(_markdown(rows, ["¶", "Text"]), stream)
        return
    _table(rows, _PARAGRAPH_COLUMNS, make_console(run, stream))


def _marked(passage: Passage) -> str:
    text = passage.text
    return f"{text[: passage.start]}«{text[passage.start : passage.end]}»{text[passage.end :]}"


def _highlighted(passage: Passage, console: Console) -> Any:
    """The paragraph with its quote in bold on a terminal with colour, else between « and »."""
    from rich.text import Text

    plain_text = clean(passage.text)
    if console.color_system is None or console.no_color or plain_text != passage.text:
        return Text(clean(_marked(passage)))
    text = Text(plain_text)
    text.stylize("bold", passage.start, passage.end)
    return text


def context_plain(passages: Sequence[Passage]) -> list[dict[str, Any]]:
    """Evidence entries as JSON with `context`: the whole paragraph (`context[start:end]` is the quote)."""
    return [spec.to_plain(p.evidence) | {"context": p.text} for p in passages]


def contexts(passages: Sequence[Passage], console: Console) -> None:
    """Each evidence entry's whole paragraph, the quote highlighted, for `show --context`."""
    from rich.padding import Padding
    from rich.text import Text

    console.print(Text("evidence in context", style="bold"))
    for passage in passages:
        head = Text(f"  ¶{passage.evidence.paragraph}", style="bold")
        head.append(Text(clean(f"  {passage.source.id}"), style="dim"))
        console.print(head, overflow="fold")
        console.print(Padding(_highlighted(passage, console), (0, 0, 0, 4)))
        if passage.evidence.translation:
            console.print(Padding(Text(clean(passage.evidence.translation), style="italic"), (0, 0, 0, 4)))


def citation_plain(citation: Passage) -> dict[str, Any]:
    source = citation.source
    return {
        "quote": citation.evidence.quote,
        "translation": citation.evidence.translation,
        "source": source.id,
        "title": source.title,
        "title_en": source.title_en,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
        "paragraph": citation.evidence.paragraph,
        "text": citation_text(citation),
    }


def _credit(citation: Passage) -> str:
    source = citation.source
    title = source.title if source.title == source.title_en else f"{source.title} ({source.title_en})"
    parts = [title, source.publisher, source.date, source.url, f"¶{citation.evidence.paragraph}"]
    return ", ".join(p for p in parts if p)


def citation_text(citation: Passage) -> str:
    """“Quote” (English translation) — Title (English title), publisher, date, url, ¶N"""
    evidence = citation.evidence
    translation = f" ({evidence.translation})" if evidence.translation else ""
    return f"“{evidence.quote}”{translation} — {_credit(citation)}"


def citation_markdown(citation: Passage) -> str:
    """A Markdown block quote: the quote, its translation in italics, then the credit line."""

    def escape(text: str) -> str:
        text = clean(text).replace("\\", "\\\\")
        for special in "*_`[]<>#|":
            text = text.replace(special, "\\" + special)
        return text

    lines = [f"> {escape(citation.evidence.quote)}"]
    if citation.evidence.translation:
        lines += [">", f"> *{escape(citation.evidence.translation)}*"]
    lines += [">", f"> — {escape(_credit(citation))}"]
    return "\n".join(lines) + "\n"


def citations(found: Sequence[Passage], fmt: Format, stream: IO[str] | None = None) -> None:
    """`show --cite`: one citation per evidence entry, ready to paste."""
    if fmt in (Format.JSON, Format.JSONL, Format.CSV):
        _rows_out([citation_plain(c) for c in found], fmt, stream)
    elif fmt is Format.MARKDOWN:
        write_text("\n".join(citation_markdown(c) for c in found), stream)
    else:
        write_text("".join(clean(citation_text(c)) + "\n" for c in found), stream)


def coverage_plain(results: Sequence[tuple[model.Source, Coverage]]) -> dict[str, Any]:
    total = sum(c.sentences for _, c in results)
    covered = sum(c.covered for _, c in results)
    return {
        "sentences": total,
        "covered": covered,
        "percent": round(100 * covered / total, 1) if total else 100.0,
        "sources": [{"id": s.id, "sentences": c.sentences, "covered": c.covered} for s, c in results],
        "uncovered": [
            {"source": s.id, "paragraph": u.paragraph, "start": u.start, "end": u.end, "text": u.text}
            for s, c in results
            for u in c.uncovered
        ],
    }


def coverage(
    results: Sequence[tuple[model.Source, Coverage]],
    fmt: Format,
    run: Settings | None = None,
    stream: IO[str] | None = None,
) -> None:
    """`venru coverage`: the sentences no evidence quote touches, then how many are covered."""
    report = coverage_plain(results)
    if fmt is Format.JSON:
        write_text(to_json(report) + "\n", stream)
        return
    console = make_console(run, stream)
    several = len(results) > 1
    columns = [Column("Source", str, wrap=False)] if several else []
    columns += [Column("¶", str, wrap=False), Column("Sentence no evidence quotes", str, main=True)]
    rows: list[list[Any]] = [
        [*([u["source"]] if several else []), str(u["paragraph"]), u["text"]] for u in report["uncovered"]
    ]
    if rows:
        _table(rows, columns, console)
    console.print(
        f"{report['covered']} of {report['sentences']} sentences covered by evidence ({report['percent']:g} %)",
        markup=False,
    )
