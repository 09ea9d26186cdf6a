"""The records of a fact base: small, frozen, typed.

This module knows nothing of YAML, JSON or the terminal. The loader fills these classes,
the query module selects them, the render module prints them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar, NewType

# Field types with a meaning beyond `str`: the loader validates them and the JSON Schema
# describes them.
RecordId = NewType("RecordId", str)  # lowercase words joined by '-': 'trade-growth-2021'
Ref = NewType("Ref", str)  # the id of another record in the same fact base
Country = NewType("Country", str)  # ISO 3166-1 alpha-2: 'RU', 'VE'
IsoDate = NewType("IsoDate", str)  # ISO 8601 calendar date, possibly reduced: '2022-02-16', '2022-02', '2002'
Number = NewType("Number", float)  # int or float in YAML and JSON; never nan, inf or a boolean


class Kind(enum.Enum):
    PARTICIPANT = "participant"
    ORGANIZATION = "organization"
    ACCOUNT = "account"
    PLACE = "place"
    TOPIC = "topic"
    FIGURE = "figure"
    QUOTE = "quote"
    EVENT = "event"


class Side(enum.Enum):
    RUSSIA = "russia"
    VENEZUELA = "venezuela"


class Language(enum.Enum):
    DE = "de"
    ES = "es"
    EN = "en"


class Medium(enum.Enum):
    STATEMENT = "statement"
    TWEET = "tweet"


class OrganizationType(enum.Enum):
    COMMISSION = "commission"
    DELEGATION = "delegation"
    GOVERNMENT = "government"
    ALLIANCE = "alliance"
    BLOC = "bloc"


class PlaceType(enum.Enum):
    COUNTRY = "country"
    CITY = "city"
    BUILDING = "building"
    REGION = "region"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record stands in its file; 1-based like an editor's line:column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Evidence:
    paragraph: int  # 0 is the article's title line, 1 to 10 its non-empty body lines
    quote: str  # verbatim excerpt of that paragraph


@dataclass(frozen=True, slots=True)
class Derivation:
    """Marks a fact that the article implies rather than states."""

    # `from` in YAML and JSON; `from` is a Python keyword.
    sources: tuple[Ref, ...]
    method: str


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    title_en: str
    language: Language
    date: IsoDate
    article: str
    paragraphs: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    KIND: ClassVar[Kind]

    id: RecordId
    evidence: tuple[Evidence, ...]
    keywords: tuple[str, ...] = ()  # search terms in the article's languages
    derived: Derivation | None = None
    note: str | None = None
    where: Location | None = field(default=None, compare=False)  # not part of the data

    @property
    def kind(self) -> Kind:
        return self.KIND

    @property
    def label(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant(Record):
    KIND: ClassVar[Kind] = Kind.PARTICIPANT

    name: str
    aliases: tuple[str, ...]
    country: Country
    side: Side
    roles: tuple[str, ...]
    organizations: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Organization(Record):
    KIND: ClassVar[Kind] = Kind.ORGANIZATION

    name: str
    type: OrganizationType
    aliases: tuple[str, ...] = ()
    country: Country | None = None
    description: str | None = None
    members: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Account(Record):
    KIND: ClassVar[Kind] = Kind.ACCOUNT

    name: str  # the handle, '@EmbajadaRusaVen'
    platform: str
    display_name: str | None = None
    owner: Ref | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Place(Record):
    KIND: ClassVar[Kind] = Kind.PLACE

    name: str
    type: PlaceType
    aliases: tuple[str, ...] = ()
    country: Country | None = None
    located_in: Ref | None = None
    description: str | None = None

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic(Record):
    KIND: ClassVar[Kind] = Kind.TOPIC

    label_: str  # `label` in YAML and JSON
    raised_by: tuple[Ref, ...]
    related: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.label_


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(Record):
    KIND: ClassVar[Kind] = Kind.FIGURE

    label_: str
    value: Number
    unit: str
    qualifier: str | None = None  # 'more than', 'about'
    period: str | None = None  # the time the number covers, in the article's terms
    compared_to: str | None = None
    claimed_by: Ref | None = None
    topic: Ref | None = None

    @property
    def label(self) -> str:
        return self.label_


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote(Record):
    KIND: ClassVar[Kind] = Kind.QUOTE

    speaker: Ref
    language: Language
    medium: Medium
    text: str  # as the article gives it
    translation: str  # English
    date: IsoDate | None = None
    account: Ref | None = None
    mentions: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.translation


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Record):
    KIND: ClassVar[Kind] = Kind.EVENT

    date: IsoDate
    label_: str
    place: Ref | None = None
    participants: tuple[Ref, ...] = ()
    related: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.label_


RECORD_TYPES: dict[Kind, type[Record]] = {
    cls.KIND: cls for cls in (Participant, Organization, Account, Place, Topic, Figure, Quote, Event)
}

# Python attribute names that differ from the names in YAML and JSON.
RENAMED = {"label_": "label", "sources": "from"}


@dataclass(frozen=True, slots=True)
class FactBase:
    path: str  # where it was loaded from, as the user named it
    source: Source
    records: tuple[Record, ...]
    key: str | None = field(default=None, compare=False)  # content digest, names its cache entries
    by_id: dict[str, Record] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {r.id: r for r in self.records})
