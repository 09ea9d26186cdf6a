"""The answer a record gives, as one line a person reads: '50 percent, in 2021, according to Yuri Borisov'.

Pure functions over records: references become names through a `name_of` function, numbers
and dates read naturally. What each kind answers is one line of the ANSWERS table.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

from venru import model, spec

NameOf = Callable[[str], str]  # a record id -> the name people read

# kind -> the parts of its answer, each (format, field); a part whose field is empty is left out.
ANSWERS: dict[str, tuple[tuple[str, str], ...]] = {
    "participant": (("{}", "roles"),),
    "organization": (("{}", "description"),),
    "account": (("{} account", "platform"), (" of {}", "owner")),
    "place": (("{}", "type"), (" in {}", "located_in")),
    "topic": (("raised by {}", "raised_by"), ("discussed by {}", "discussed_by"), ("reported by {}", "reported_by")),
    "figure": (("{}", "value"), (", in {}", "period"), (", according to {}", "claimed_by")),
    "quote": (("“{}”", "text"), (" — {}", "speaker")),
    "event": (("{}", "date"), (": {}", "label")),
    "outcome": (("{}", "status"), (" by {}", "by"), (": {}", "label")),
}

# What an answer adds when the article names nobody for a claim (`attribution`). It speaks of
# what the article states, so an answer whose main part is derived (a figure's value the
# article implies) leaves it out: nobody states that value.
ATTRIBUTION_PHRASES = {
    model.Attribution.UNNAMED: "reported; the article names no speaker",
    model.Attribution.OUTLET: "the article's own statement",
}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# How a number reads with its unit; {n} is the number with thousands separators, {year} the
# bare number, {nth} the ordinal. Units not listed read '{n} {unit}'.
UNIT_PHRASES = {
    "anniversary": "{nth} anniversary",
    "year": "{year}",
    "founding year": "founded {year}",
    "percent": "{n} percent",
}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 20th."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def number_text(value: float) -> str:
    """15000 -> '15,000'; 2.5 -> '2.5'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def figure_value(record: model.Figure) -> str:
    """'more than 15,000 tourists', '50 percent', '20th anniversary', '2002'."""
    value = record.value
    whole = int(value) if float(value).is_integer() else None
    phrase = UNIT_PHRASES.get(record.unit.casefold(), "{n} {unit}")
    if whole is None and ("{nth}" in phrase or "{year}" in phrase):
        phrase = "{n} {unit}"
    text = phrase.format(
        n=number_text(value), year=str(whole), nth=ordinal(whole) if whole is not None else "", unit=record.unit
    )
    return f"{record.qualifier} {text}" if record.qualifier else text


def natural_date(date: str) -> str:
    """'2022-02-16' -> '16 February 2022', '2022-02' -> 'February 2022', '2002' -> '2002'."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = MONTHS[int(parts[1]) - 1]
        if len(parts) == 3 and parts[2].isdigit():
            return f"{int(parts[2])} {month} {parts[0]}"
        return f"{month} {parts[0]}"
    return date


def names_text(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(names)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def field_text(record: model.Record, field: str, name_of: NameOf, natural_dates: bool = True) -> str:
    """One field of a record as a person reads it: names for references, natural numbers and
    dates (ISO dates with `natural_dates` False), lists joined; '' when the field is empty or
    the record has no such field."""
    found = {s.name: s for s in spec.fields_of(type(record))}.get(field)
    if found is None:
        return ""
    value: Any = getattr(record, found.attr)
    if value is None or value == () or value == "":
        return ""
    if spec.holds_ids(found.type):
        return names_text(name_of(ref) for ref in (value if isinstance(value, tuple) else (value,)))
    if isinstance(record, model.Figure) and field == "value":
        return figure_value(record)
    inner = spec.optional_inner(found.type) or found.type
    if inner is model.IsoDate:
        return natural_date(value) if natural_dates else str(value)
    if isinstance(value, tuple):
        if value and isinstance(value[0], model.Evidence):
            return "; ".join(f"¶{e.paragraph} “{e.quote}”" for e in value)
        if value and isinstance(value[0], model.Derivation):
            return "; ".join(f"{d.field}: {d.method}" for d in value)
        return "; ".join(str(v.value if isinstance(v, enum.Enum) else v) for v in value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def answer(record: model.Record, name_of: NameOf) -> str:
    """What the record answers, in one line; its label for a kind without an ANSWERS entry.
    A part the article only implies ends in '*', and the answer then says '(* derived)'; a
    claim with no named speaker, or the article's own, says so unless its main part is derived."""
    parts = ANSWERS.get(record.kind.value)
    shown_parts = []
    marked = False
    for form, field in parts or ():
        shown = field_text(record, field, name_of)
        if not shown:
            continue
        if record.derivation(field) is not None:
            shown, marked = shown + "*", True
        shown_parts.append(form.format(shown))
    # topic parts read as a list: 'discussed by both sides; reported by Nicolás Maduro'
    text = ("; " if record.kind is model.Kind.TOPIC else "").join(shown_parts) or record.label
    phrase = ATTRIBUTION_PHRASES.get(getattr(record, "attribution", None))  # type: ignore[arg-type]
    main = parts[0][1] if parts else None  # the field the answer is about: a figure's value
    if phrase and not (main is not None and record.derivation(main) is not None):
        text += f" ({phrase})"
    return f"{text} (* derived)" if marked else text


def same_id(ref: str) -> str:
    """The `name_of` that keeps ids, for output without a fact base at hand."""
    return ref


def name_lookup(base: model.FactBase) -> NameOf:
    """The `name_of` function of a base: a record's label, or the id itself when it is unknown."""

    def name_of(ref: str) -> str:
        record = base.by_id.get(ref)
        return record.label if record is not None else ref

    return name_of
