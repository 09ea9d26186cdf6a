"""Questions a fact base answers: filtered listings, one record by id or name, its neighbours.

Pure functions over a loaded `FactBase`; every text filter folds case and accents.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from venru import model
from venru.fold import fold

AGENTS = (model.Kind.PARTICIPANT, model.Kind.ORGANIZATION, model.Kind.ACCOUNT)  # who can speak or claim


def _contains(needle: str | None, haystack: list[str]) -> bool:
    if not needle:
        return True
    want = fold(needle)
    return any(want in fold(text) for text in haystack)


def names_of(record: model.Record) -> list[tuple[int, str]]:
    """(rank, name) for every name a record goes by: its id (0), its own name or label (1),
    its aliases (2), an account's display name (3). A lower rank wins a tie."""
    names = [(0, record.id), (1, record.label)]
    names.extend((2, alias) for alias in getattr(record, "aliases", ()))
    display = getattr(record, "display_name", None)
    if display:
        names.append((3, display))
    return names


def _names(record: model.Record) -> list[str]:
    return [name for _, name in names_of(record)]


def _own_names(record: model.Record) -> list[str]:
    """The names a record of a named kind (person, organization, account, place) goes by: its
    id, name, aliases and display name. An event or topic has none: its label describes it
    and often names other records."""
    return _names(record) if hasattr(record, "name") else []


def _at_word_start(key: str) -> re.Pattern[str]:
    """A folded `key` at the start of a word: 'aissami' in 'el aissami', not 'el' in 'delcy'."""
    return re.compile(r"(?<![^\W_])" + re.escape(key))


def _named_like(needle: str | None, names: list[str]) -> bool:
    """Whether a partial name matches one of `names` from the start of a word, folded."""
    if not needle:
        return True
    start = _at_word_start(fold(needle.strip()))
    return any(start.search(fold(name)) for name in names)


def of_kind(base: model.FactBase, *kinds: model.Kind) -> Sequence[model.Record]:
    return base.of_kinds(kinds)


class Lookup(NamedTuple):
    record: model.Record | None
    suggestions: tuple[model.Record, ...] = ()  # the closest records when nothing matched
    ambiguous: tuple[model.Record, ...] = ()  # every record a name matched, when more than one
    elsewhere: tuple[model.Record, ...] = ()  # records of other kinds whose id or whole name it is
    partial: str = ""  # how `record` was found when not by a whole name: "part of a name", "a keyword"


def _one(hits: list[model.Record]) -> list[model.Record]:
    """Hits without the accounts whose owner is a hit too: `nicolas` means Maduro, not also his account."""
    ids: set[str] = {r.id for r in hits}
    return [r for r in hits if not (isinstance(r, model.Account) and r.owner is not None and r.owner in ids)]


def _exact(records: Sequence[model.Record], key: str) -> list[model.Record]:
    """The records with a whole name (id, name, alias, display name) that is `key`, folded; of
    those, only the ones where it is the best kind of name: an id beats a name, and so on."""
    ranked: dict[int, list[model.Record]] = {}
    for record in records:
        ranks = [rank for rank, name in names_of(record) if fold(name) == key]
        if ranks:
            ranked.setdefault(min(ranks), []).append(record)
    return _one(ranked[min(ranked)]) if ranked else []


def _partial(records: Sequence[model.Record], key: str) -> list[model.Record]:
    """The records with a name that has a word starting with `key`; a record's own name beats
    the label of an event or topic that mentions it."""
    start = _at_word_start(key)
    partial = [r for r in records if any(start.search(fold(n)) for n in _names(r))]
    own = [r for r in partial if any(start.search(fold(n)) for n in _own_names(r))]
    return _one(own or partial)


def find(base: model.FactBase, wanted: str, kinds: Sequence[model.Kind] | None = None) -> Lookup:
    """One record (of `kinds`, default any) by id, name or alias, folding case and accents.

    An exact name beats a partial one, and among exact names an id beats a record's own name,
    which beats an alias, which beats an account's display name: `Nicolás Maduro` is the
    person, `@NicolasMaduro` his account. The id or whole name of a record of another kind
    beats a partial name: `Rusia` is the place Russia (`elsewhere`), not the embassy whose alias
    `Embajada de Rusia en Venezuela` has it as a word. A partial name matches at the start of a
    word, and a match in a record's own name or id beats one in the label of an event or topic.
    With no name matching, a whole search keyword does (`Tourismus` for the tourism topic).
    """
    by_id = base.get(wanted)
    if by_id is not None and (kinds is None or by_id.kind in kinds):
        return Lookup(by_id)
    key = fold(wanted.strip())
    if not key:
        return Lookup(None)
    # every record whose folded names contain the key: a folder base reads only those rows
    named = base.named(key)
    candidates = [r for r in named if kinds is None or r.kind in kinds]
    hits = _exact(candidates, key)
    if not hits and kinds is not None:  # an exact name of another kind: say what it is
        elsewhere = [by_id] if by_id is not None else _exact([r for r in named if r.kind not in kinds], key)
        if elsewhere:
            return Lookup(None, suggestions=tuple(_partial(candidates, key)), elsewhere=tuple(elsewhere))
    partial = "" if hits else "part of a name"
    if not hits:
        hits = _partial(candidates, key)
    everything = [r for r in base.records if kinds is None or r.kind in kinds] if not hits else []
    if not hits:  # no name: a keyword, such as the German or Spanish word for an English label
        partial = "a keyword"
        hits = _one([r for r in everything if any(fold(word) == key for word in r.keywords)])
    if len(hits) == 1:
        return Lookup(hits[0], partial=partial)
    if hits:
        return Lookup(None, ambiguous=tuple(hits))
    return Lookup(None, suggestions=_closest(key, everything))


def members_of(base: model.FactBase, record: model.Record, kinds: Sequence[model.Kind]) -> list[model.Record]:
    """The records of `kinds` that have `record` among their members (both-sides has Russia)."""
    holders = [link.record for link in links(base, record)[1] if link.field == "members" and link.record.kind in kinds]
    return list(dict.fromkeys(holders))


_WORDS = re.compile(r"[^\W_]+")


def _closest(key: str, candidates: Sequence[model.Record], n: int = 3) -> tuple[model.Record, ...]:
    by_name: dict[str, model.Record] = {}
    for record in candidates:
        for name in _names(record):
            folded = fold(name)
            by_name.setdefault(folded, record)
            for word in _WORDS.findall(folded) if " " not in key else ():
                if len(word) >= 4:
                    by_name.setdefault(word, record)
    close = difflib.get_close_matches(key, list(by_name), n=n * 3, cutoff=0.6)
    return tuple(dict.fromkeys(by_name[name] for name in close))[:n]


def country_aliases(base: model.FactBase) -> list[tuple[str, str]]:
    """(name, code) for each country code the base uses and each name of its country places."""
    pairs: list[tuple[str, str]] = []
    for record in base.records:
        code = getattr(record, "country", None)
        if not code:
            continue
        pairs.append((code, code))
        if isinstance(record, model.Place) and record.type is model.PlaceType.COUNTRY:
            pairs.extend((name, code) for name in _names(record))
    return pairs


def listing(
    base: model.FactBase, kind: model.Kind, text: str | None = None, country: str | None = None
) -> Sequence[model.Record]:
    """Records of one kind in file order, by part of a name, alias or label (from the start of
    a word), and country code."""
    return [
        r
        for r in of_kind(base, kind)
        if _named_like(text, _names(r)) and (country is None or getattr(r, "country", None) == country)
    ]


def who(
    base: model.FactBase,
    name: str | None = None,
    country: str | None = None,
    role: str | None = None,
    everyone: bool = False,
) -> Sequence[model.Record]:
    """Participants (with `everyone`, organizations and accounts too), filtered.
    `country` is an ISO code, `name` part of a name from the start of a word (`borissow`,
    `aissami`, not `el` for Delcy), `role` part of a role, in any spelling."""
    kinds = AGENTS if everyone else (model.Kind.PARTICIPANT,)
    found = []
    candidates = [r for r in base.named(fold(name)) if r.kind in kinds] if name else of_kind(base, *kinds)
    for record in candidates:
        if not _named_like(name, _names(record)):
            continue
        if country and (getattr(record, "country", None) or "") != country:
            continue
        roles = list(getattr(record, "roles", ())) + list(record.keywords)
        if role and not _contains(role, roles):
            continue
        found.append(record)
    return found


# The filters below take record ids, which `find` gives for whatever name a person typed.


def figures(base: model.FactBase, topic: str | None = None, claimed_by: str | None = None) -> Sequence[model.Record]:
    """Figures in file order. `topic` keeps those of that topic, of a topic `related` to it either
    way, and those it names as related: the trade topic's `related` names the 50 % figure, whose
    own topic is the economic contacts."""
    near = _related(base, topic) if topic is not None else frozenset()
    return [
        r
        for r in of_kind(base, model.Kind.FIGURE)
        if isinstance(r, model.Figure)
        and (topic is None or r.topic in near or r.id in near)
        and (claimed_by is None or r.claimed_by == claimed_by)
    ]


def _related(base: model.FactBase, record_id: str) -> frozenset[str]:
    """`record_id`, the ids its `related` names, and those of the records whose `related` names it."""
    own = base.get(record_id)
    named = getattr(own, "related", ()) if own is not None else ()
    naming = (r.id for r in base.referring_to(record_id) if record_id in getattr(r, "related", ()))
    return frozenset((record_id, *named, *naming))


def topics(
    base: model.FactBase,
    raised_by: str | None = None,
    discussed_by: str | None = None,
    reported_by: str | None = None,
) -> Sequence[model.Record]:
    """Topics in file order; each filter is a record id that must be in that field."""
    return [
        r
        for r in of_kind(base, model.Kind.TOPIC)
        if isinstance(r, model.Topic)
        and (raised_by is None or raised_by in r.raised_by)
        and (discussed_by is None or discussed_by in r.discussed_by)
        and (reported_by is None or reported_by in r.reported_by)
    ]


def quotes(base: model.FactBase, speaker: str | None = None, language: str | None = None) -> Sequence[model.Record]:
    """Quotes by a speaker (a person, or the account it was posted from, or whoever owns that
    account: the embassy for its Twitter account's posts), in a language code."""
    voices = {speaker} if speaker is not None else set()
    if speaker is not None:
        voices.update(a.id for a in of_kind(base, model.Kind.ACCOUNT) if getattr(a, "owner", None) == speaker)
    return [
        r
        for r in of_kind(base, model.Kind.QUOTE)
        if isinstance(r, model.Quote)
        and (speaker is None or r.speaker in voices or r.account in voices)
        and (language is None or r.language.value == language)
    ]


def outcomes(base: model.FactBase, status: str | None = None) -> Sequence[model.Record]:
    """Outcomes in file order; `status` keeps those with that status (agreed, announced, ...)."""
    return [
        r
        for r in of_kind(base, model.Kind.OUTCOME)
        if isinstance(r, model.Outcome) and (status is None or r.status.value == fold(status))
    ]


def _within(base: model.FactBase, place: str | None, target: str) -> bool:
    """Whether place `place` is `target` or lies in it (Miraflores Palace lies in Caracas)."""
    seen: set[str] = set()
    while place and place not in seen:
        if place == target:
            return True
        seen.add(place)
        record = base.by_id.get(place)
        place = getattr(record, "located_in", None)
    return False


def timeline(
    base: model.FactBase,
    since: str | None = None,
    until: str | None = None,
    on: str | None = None,
    place: str | None = None,
) -> Sequence[model.Record]:
    """Events oldest first. Reduced dates compare by their prefix: `--until 2022-02` keeps
    2022-02-16, and `on` 2022-02 keeps every event in February 2022 (and one dated 2022-02).
    `place` keeps events at that place or at a place that lies in it."""
    events: list[model.Event] = [r for r in base.records if isinstance(r, model.Event)]
    kept = [
        e
        for e in events
        if (since is None or e.date[: len(since)] >= since)
        and (until is None or e.date[: len(until)] <= until)
        and (on is None or e.date[: len(on)] == on[: len(e.date)])
        and (place is None or _within(base, e.place, place))
    ]
    return sorted(kept, key=lambda e: e.date)  # stable: same-day events keep the file's order


class Link(NamedTuple):
    field: str  # the field that holds the reference, as in YAML and JSON
    record: model.Record


def refs(record: model.Record) -> list[tuple[str, str]]:
    """(field, target id) for each reference a record makes, in field order."""
    from venru import spec

    out: list[tuple[str, str]] = []
    for field_spec in spec.fields_of(type(record)):
        if spec.holds_ids(field_spec.type):
            value: Any = getattr(record, field_spec.attr)
            targets = value if isinstance(value, tuple) else (value,) if value else ()
            out.extend((field_spec.name, target) for target in targets)
    for derivation in record.derived:
        out.extend(("derived.from", v) for v in derivation.sources)
    return list(dict.fromkeys(out))  # two derived fields may rest on the same record


def links(base: model.FactBase, record: model.Record) -> tuple[list[Link], list[Link]]:
    """The records this one refers to, and those that refer to it."""
    targets = [(f, base.get(t)) for f, t in refs(record)]
    outgoing = [Link(f, target) for f, target in targets if target is not None]
    incoming = [Link(f, other) for other in base.referring_to(record.id) for f, t in refs(other) if t == record.id]
    return outgoing, incoming


def counts(base: model.FactBase) -> dict[str, int]:
    """Records per kind, every kind listed, in the model's order."""
    tally = {kind.value: 0 for kind in model.Kind}
    for record in base.records:
        tally[record.kind.value] += 1
    return tally


# ----------------------------------------------------------------------------- sources


class SourcePick(NamedTuple):
    source: model.Source | None
    problem: str | None = None  # why none was picked, for the person who asked
    usage: bool = False  # the problem is the question (an id is needed), not a missing source


def pick_source(base: model.FactBase, wanted: str | None) -> SourcePick:
    """A source by id; with no id, the only source (a base with several needs one)."""
    ids = [s.id for s in base.sources]
    if wanted is None:
        if len(base.sources) == 1:
            return SourcePick(base.sources[0])
        return SourcePick(None, f"the fact base has {len(ids)} sources ({', '.join(ids)}); name one", usage=True)
    for source in base.sources:
        if source.id == wanted:
            return SourcePick(source)
    close = difflib.get_close_matches(wanted, ids, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; the sources are: {', '.join(ids)}"
    return SourcePick(None, f"no source '{wanted}'{hint}")


class Passage(NamedTuple):
    """One evidence entry in its context: the whole paragraph and where the quote stands in it."""

    evidence: model.Evidence
    source: model.Source
    text: str  # the whole paragraph
    start: int
    end: int


def passages(base: model.FactBase, record: model.Record) -> list[Passage]:
    """Each evidence entry of a record with the paragraph it quotes (the loader verified it)."""
    by_id = {s.id: s for s in base.sources}
    out = []
    for evidence in record.evidence:
        source = by_id[evidence.source or base.source.id]
        text = base.paragraphs[source.id][evidence.paragraph]
        start = evidence.start if evidence.start is not None else text.find(evidence.quote)
        end = evidence.end if evidence.end is not None else start + len(evidence.quote)
        out.append(Passage(evidence, source, text, start, end))
    return out


def coverage(base: model.FactBase, sources: Sequence[model.Source]) -> list[tuple[model.Source, Any]]:
    """For each source, its `venru.sources.Coverage`: the sentences no evidence quote touches."""
    from venru import sources as texts

    out = []
    for source in sources:
        quoted = [
            (e.paragraph, e.start, e.end)
            for r in base.records
            for e in r.evidence
            if e.source == source.id and e.start is not None and e.end is not None
        ]
        out.append((source, texts.coverage(base.paragraphs[source.id], quoted)))
    return out
