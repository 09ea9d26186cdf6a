"""The records of a fact base: small, frozen, typed.

This module knows nothing of YAML, JSON or the terminal. The loader fills these classes,
the query module selects them, the render module prints them.
"""

# No `from __future__ import annotations` here: field types stay real objects, so `spec` reads
# them without typing.get_type_hints, which costs start-up time.
import enum
import inspect
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, NewType, dataclass_transform

# Field types with a meaning beyond `str`: the loader validates them and the JSON Schema
# describes them.
RecordId = NewType("RecordId", str)  # lowercase words joined by '-': 'trade-growth-2021'
SourceId = NewType("SourceId", str)  # the id of a source text, written like a record id
Ref = NewType("Ref", str)  # the id of another record in the same fact base
Country = NewType("Country", str)  # ISO 3166-1 alpha-2: 'RU', 'VE'
IsoDate = NewType("IsoDate", str)  # ISO 8601 calendar date, possibly reduced: '2022-02-16', '2022-02', '2002'
Number = NewType("Number", float)  # int or float in YAML and JSON; never nan, inf or a boolean

# Limits that keep the work of every command bounded, whatever the file (README, "Bounded
# work"); the validator reports a fact base over them as a problem, with its line.
MAX_TEXT = 100_000  # characters in one text value: a table or card of one takes ~0.1 s
MAX_RECORDS = 1_000_000  # records in one fact base


MISSING: Any = object()  # marks a field without a default


def _is_classvar_text(annotation: Any) -> bool:
    """A class variable in a module with `from __future__ import annotations`, where annotations stay text."""
    return isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar"))


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Frozen:
    """Immutable records with keyword-only fields, like `@dataclass(frozen=True, kw_only=True)`.

    `dataclasses` generates and compiles code for every class, about 1 ms each, which is a
    fifth of venru's whole start-up budget; this base reads the annotations once per class and
    needs no code generation. Fields are the class's annotations (ClassVar excluded), in
    definition order, base classes first; a class attribute of the same name is the default.
    """

    FIELDS: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()  # (name, type, default or MISSING)
    COMPUTED: ClassVar[frozenset[str]] = frozenset()  # filled in by the loader, never read from a file
    UNCOMPARED: ClassVar[frozenset[str]] = frozenset()  # fields left out of == and hash

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        fields = {name: (name, tp, default) for name, tp, default in cls.FIELDS}
        for name, tp in inspect.get_annotations(cls).items():
            if getattr(tp, "__origin__", None) is ClassVar or tp is ClassVar or _is_classvar_text(tp):
                continue
            fields[name] = (name, tp, cls.__dict__.get(name, MISSING))
        cls.FIELDS = tuple(fields.values())

    def __init__(self, **values: Any) -> None:
        for name, _, default in self.FIELDS:
            value = values.pop(name, default)
            if value is MISSING:
                raise TypeError(f"{type(self).__name__}: missing field {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _, _ in self.FIELDS if name not in self.UNCOMPARED)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash((type(self), self._compared()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _, _ in self.FIELDS)
        return f"{type(self).__name__}({shown})"


class Kind(enum.Enum):
    PARTICIPANT = "participant"
    ORGANIZATION = "organization"
    ACCOUNT = "account"
    PLACE = "place"
    TOPIC = "topic"
    FIGURE = "figure"
    QUOTE = "quote"
    EVENT = "event"
    OUTCOME = "outcome"


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


class Attribution(enum.Enum):
    """Whose statement a claim is, as the article gives it."""

    SPEAKER = "speaker"  # the article names who said it (claimed_by, raised_by or reported_by)
    UNNAMED = "unnamed"  # reported speech, and the article names no speaker
    OUTLET = "outlet"  # the article says it in its own voice


class Wording(enum.Enum):
    """Whose words a quote's text is."""

    OWN = "own"  # the speaker's own words, as published (a tweet from the speaker's account)
    RENDERING = "rendering"  # someone else's rendering: the outlet's German, an embassy's Spanish


class OutcomeStatus(enum.Enum):
    """How far an outcome has come, as the article gives it."""

    AGREED = "agreed"
    ANNOUNCED = "announced"
    PROPOSED = "proposed"
    SIGNED = "signed"


class OrganizationType(enum.Enum):
    SIDES = "sides"  # "die Seiten": both parties to the talks
    COMMISSION = "commission"
    DELEGATION = "delegation"
    GOVERNMENT = "government"
    EMBASSY = "embassy"
    ALLIANCE = "alliance"
    BLOC = "bloc"


class PlaceType(enum.Enum):
    COUNTRY = "country"
    CITY = "city"
    BUILDING = "building"
    REGION = "region"


class Location(Frozen):
    """Where a record stands in its file; 1-based like an editor's line:column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Evidence(Frozen):
    # the id of the source it quotes; may be left out when the base has one source, and is
    # always filled in once loaded
    source: SourceId | None = None
    paragraph: int  # 0 is the source's title line, 1 to N its non-empty body lines
    quote: str  # verbatim excerpt of that paragraph
    translation: str | None = None  # English, where the quote is not English already
    # Computed by the loader, never written in a fact base: the quote's character offsets
    # [start, end) within its paragraph.
    start: int | None = None
    end: int | None = None
    COMPUTED: ClassVar[frozenset[str]] = frozenset({"start", "end"})


class Derivation(Frozen):
    """Marks one field whose value the article implies rather than states."""

    field: str  # the field's name in YAML and JSON: 'date', 'members'
    method: str  # how the value follows, in words a reader can check
    # `from` in YAML and JSON (a Python keyword): the records the value rests on, if any
    sources: tuple[Ref, ...] = ()


class Source(Frozen):
    """An article the fact base rests on; its text is a file beside the fact base."""

    id: SourceId
    title: str
    title_en: str
    language: Language
    date: IsoDate
    file: str  # the text's path, relative to the fact base's folder
    publisher: str | None = None
    url: str | None = None


class LegacySource(Frozen):
    """The single `source:` mapping of venru 0.1 bases; loaded as a base with one source."""

    title: str
    title_en: str
    language: Language
    date: IsoDate
    article: str  # the text's path, relative to the fact base's folder
    paragraphs: str  # prose; the paragraph rule is now defined once, in `sources`

    LEGACY_ID: ClassVar[str] = "article"

    def upgraded(self) -> Source:
        return Source(
            id=SourceId(self.LEGACY_ID),
            title=self.title,
            title_en=self.title_en,
            language=self.language,
            date=self.date,
            file=self.article,
        )


class Record(Frozen):
    KIND: ClassVar[Kind]

    id: RecordId
    evidence: tuple[Evidence, ...]
    # search terms: the article's wording and synonyms in English, German and Spanish; they
    # help search find the record and claim nothing
    keywords: tuple[str, ...] = ()
    derived: tuple[Derivation, ...] = ()  # the fields the article implies rather than states
    note: str | None = None
    where: Location | None = None  # where it stands in its file; not part of the data
    UNCOMPARED: ClassVar[frozenset[str]] = frozenset({"where"})

    @property
    def kind(self) -> Kind:
        return self.KIND

    def derivation(self, name: str) -> Derivation | None:
        """How the field `name` (as in YAML and JSON) is derived; None when the article states it."""
        for item in self.derived:
            if item.field == name:
                return item
        return None

    @property
    def label(self) -> str:
        raise NotImplementedError


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


class Topic(Record):
    KIND: ClassVar[Kind] = Kind.TOPIC

    label_: str  # `label` in YAML and JSON
    raised_by: tuple[Ref, ...] = ()  # who the article says brought it up or spoke on it
    discussed_by: tuple[Ref, ...] = ()  # who the article says discussed it ('both-sides')
    reported_by: tuple[Ref, ...] = ()  # who the article says reported that it was discussed
    attribution: Attribution | None = None  # left out: 'speaker' when someone is named
    related: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.label_


class Figure(Record):
    KIND: ClassVar[Kind] = Kind.FIGURE

    label_: str
    value: Number
    unit: str
    qualifier: str | None = None  # 'more than', 'about'
    period: str | None = None  # the time the number covers, in the article's terms
    compared_to: str | None = None
    claimed_by: Ref | None = None  # who the article says gave the number
    attribution: Attribution | None = None  # left out: 'speaker' when claimed_by names someone
    topic: Ref | None = None

    @property
    def label(self) -> str:
        return self.label_


class Quote(Record):
    KIND: ClassVar[Kind] = Kind.QUOTE

    speaker: Ref
    language: Language
    medium: Medium
    text: str  # as the article gives it
    translation: str  # English
    wording: Wording = Wording.OWN
    date: IsoDate | None = None
    account: Ref | None = None  # the account that published it, when not the speaker's own words
    versions: tuple[Ref, ...] = ()  # other quotes that give the same statement in another language
    mentions: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.translation


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


class Outcome(Record):
    """What the talks produced or aimed at, with the status the article gives it."""

    KIND: ClassVar[Kind] = Kind.OUTCOME

    label_: str
    status: OutcomeStatus
    by: tuple[Ref, ...] = ()  # who agreed, announced, proposed or signed it; empty when unnamed
    between: tuple[Ref, ...] = ()  # the parties it binds or concerns
    topic: Ref | None = None
    date: IsoDate | None = None
    place: Ref | None = None
    related: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return self.label_


RECORD_TYPES: dict[Kind, type[Record]] = {
    cls.KIND: cls for cls in (Participant, Organization, Account, Place, Topic, Figure, Quote, Event, Outcome)
}

# Python attribute names that differ from the names in YAML and JSON.
RENAMED = {"label_": "label", "sources": "from"}


class FactBase:
    """A loaded fact base: its sources, its records in file order, and an index by id.

    A folder base read through its on-disk index (`venru.store.IndexedBase`) answers `get`,
    `named`, `of_kinds` and `referring_to` from the index and reads all records only when a
    query asks for `records`; so queries ask through these where they can.
    """

    def __init__(
        self,
        path: str,
        sources: tuple[Source, ...],
        records: Sequence[Record],
        key: str | None = None,
        paragraphs: Mapping[str, tuple[str, ...]] | None = None,
        texts_key: str | None = None,
    ) -> None:
        self.path = path  # where it was loaded from, as the user named it
        self.sources = sources  # at least one
        self._records = records
        self.key = key  # content digest, names its cache entries
        # each source's numbered paragraphs, by source id (see `venru.sources`); filled by the loader
        self.paragraphs: Mapping[str, tuple[str, ...]] = paragraphs or {}
        self.texts_key = texts_key  # digest of the bytes of every source text, for the cache
        self._by_id: dict[str, Record] | None = None
        self.files: tuple[str, ...] = (path,)  # the fact base files it was read from

    @property
    def records(self) -> Sequence[Record]:
        return self._records

    @property
    def by_id(self) -> Mapping[str, Record]:
        if self._by_id is None:
            self._by_id = {r.id: r for r in self.records}
        return self._by_id

    def get(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

    def of_kinds(self, kinds: Iterable[Kind]) -> Sequence[Record]:
        """The records of these kinds, in file order."""
        wanted = frozenset(kinds)
        return [r for r in self.records if r.kind in wanted]

    def named(self, folded: str) -> Sequence[Record]:
        """Records that may have a name or alias containing `folded` (case and accents folded),
        in file order; it may return more, callers check the names themselves."""
        return self.records

    def referring_to(self, record_id: str) -> Sequence[Record]:
        """Records that may refer to `record_id`, in file order; callers check the fields."""
        return self.records

    def own_index(self) -> Any:
        """A search index kept with the base (a folder's database: `venru.store.SqlIndex`), or None."""
        return None

    @property
    def source(self) -> Source:
        """The first source: the only one in a one-source base."""
        return self.sources[0]
