"""Country and language names in English, German and Spanish, to codes.

`--country Russland` and `--lang Spanish` mean `RU` and `es`. Codes pass through without any
lookup; a name is looked up in Babel's CLDR data (loaded only then, about 70 ms) and in the
fact base's own country places (name and aliases), so a base can add spellings of its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import NamedTuple

from venru.fold import fold

LOCALES = ("en", "de", "es")  # the languages whose names venru understands


class Named(NamedTuple):
    code: str | None  # the code a name or code stands for, None when nothing matched
    suggestions: tuple[str, ...] = ()  # close names, when nothing matched


def _cldr(attribute: str) -> dict[str, tuple[str, str]]:
    """Folded name -> (code, name), from Babel's `territories` or `languages` in each of LOCALES."""
    from babel import Locale

    names: dict[str, tuple[str, str]] = {}
    for locale in LOCALES:
        table: dict[str, str] = getattr(Locale.parse(locale), attribute)
        for code, name in table.items():
            names.setdefault(fold(name), (code, name))
    return names


def _resolve(text: str, names: dict[str, tuple[str, str]]) -> Named:
    key = fold(text.strip())
    if key in names:
        return Named(names[key][0])
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.75)
    return Named(None, tuple(dict.fromkeys(names[name][1] for name in close)))


def country(text: str, aliases: Iterable[tuple[str, str]] = ()) -> Named:
    """The ISO 3166-1 alpha-2 code of a country code or name ('ru', 'Russland', 'Rusia').

    `aliases` are (name, code) pairs the fact base adds, such as its country places; their
    codes are known without a lookup.
    """
    pairs = list(aliases)
    stripped = text.strip()
    if stripped.upper() in {code for _, code in pairs}:
        return Named(stripped.upper())
    names = {fold(name): (code, name) for name, code in pairs}
    codes = set()
    for key, (code, name) in _cldr("territories").items():
        if len(code) == 2 and code.isalpha():  # '150' is a region, not a country
            names.setdefault(key, (code, name))
            codes.add(code)
    if stripped.upper() in codes:
        return Named(stripped.upper())
    return _resolve(stripped, names)


def language(text: str, codes: Iterable[str] | None = None, known: Iterable[str] = ()) -> Named:
    """The code among `codes` (default: every language CLDR names, 'fr' and 'French' too) of a
    language code or name ('es', 'Spanish', 'Spanisch', 'español'); the `known` codes pass
    without loading CLDR.

    A language that is not among `codes`, or no language, resolves to nothing, with close names.
    """
    allowed = list(codes) if codes is not None else None
    stripped = text.strip()
    if stripped.casefold() in (allowed if allowed is not None else list(known)):
        return Named(stripped.casefold())
    languages = {
        key: (code, name)
        for key, (code, name) in _cldr("languages").items()
        if (code in allowed if allowed is not None else code.isalpha() and code.islower())
    }
    if allowed is None and stripped.casefold() in {code for code, _ in languages.values()}:
        return Named(stripped.casefold())
    return _resolve(stripped, languages)


def language_name(code: str, locale: str = "en") -> str:
    """'es' -> 'Spanish'."""
    from babel import Locale

    return str(Locale.parse(locale).languages.get(code, code))
