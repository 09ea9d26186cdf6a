"""Ranked, cross-lingual lookup over every record of a fact base.

A query in English, German or Spanish, keywords or a whole question, is cut into words that
are folded (case, accents, German spelling), cleared of the three languages' stop words and
reduced to their Snowball stems in all three languages. Records are ranked by BM25 over the
same terms, with fields weighted by how much they say about the record (names over evidence).
A query word that no record holds is matched to close vocabulary words: as a plausible typo
of it (one or two edits, the first two letters kept) or as a part of a German compound, at its
boundary (`minister` in `erdolminister`).
Cost is linear in the size of the base: one pass builds the index, one pass scores.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import Stemmer

from venru import model
from venru.fold import fold
from venru.settings import Settings

K1 = 1.2
B = 0.5
TYPO_LETTERS = 4  # the shortest word looked up as a typo when no record holds it
TYPO_EDITS = ((8, 2), (TYPO_LETTERS, 1))  # (letters, edits): a word of 8+ letters may be 2 edits off, of 4-7 one
TYPO_PREFIX = 2  # letters a typo keeps from the word meant: 'biden' is no typo of 'beiden'
PARTIAL_WEIGHT = 0.6  # a typo or compound-part match counts this much of an exact one
COMPOUND_PART = 0.8  # and a part of a compound, of that
NAMED_WEIGHT = 0.5  # a record's id words, when a query word names it, count this much
NAMED_RECORDS = 3  # records a query word can name, at most
NAME_WEIGHT = 2.0  # the least weight of a word in a name (label, aliases, display name: see _WEIGHTS)
SPOKEN_BOOST = 1.5  # for a quote by the one a 'say' question names, among the best SPOKEN_CANDIDATES
SPOKEN_CANDIDATES = 20
_NAMED = frozenset({model.Kind.PARTICIPANT, model.Kind.ORGANIZATION, model.Kind.ACCOUNT, model.Kind.PLACE})
# Kinds whose ids are their names ('borisov', 'moscow'); an organization's id describes it
# ('russian-delegation'), so its words would find much that does not refer to it.
_NAMED_BY_ID = frozenset({model.Kind.PARTICIPANT, model.Kind.ACCOUNT, model.Kind.PLACE})
MIN_PART = 4  # letters of a compound's part looked up on its own ('handel' in 'handelsvolumen')


LINKS = ("s", "es", "n", "en")  # German linking letters between a compound's parts ('handel|s|umsatz')


def _rests(word: str, other: str) -> Iterator[tuple[str, str]]:
    """(what precedes, what follows) each place `word` stands in `other`, where what precedes
    is nothing or at least 3 letters; what follows once as it is, once past each linking
    element it starts with."""
    start = other.find(word)
    while start != -1:
        before, after = other[:start], other[start + len(word) :]
        if not before or len(before) >= 3:
            yield before, after
            yield from ((before, after[len(link) :]) for link in LINKS if after.startswith(link))
        start = other.find(word, start + 1)


def _part_of(word: str, other: str, vocabulary: Collection[str]) -> bool:
    """Whether `word` is a part of the German compound `other` at one of its boundaries: what
    precedes it is nothing or at least 3 letters, and what follows it, past a linking 's' or
    'en' or not, is a word of the vocabulary of 4+ letters ('ol|minister', 'erdol|minister'), 5+
    letters after a word of 5+ ('handel|s|umsatz'), or nothing, after a word of 3+ letters
    ('aussen|minister'). A bare stretch of a longer word is no part: 'putin' is none of
    'putting', 'here' none of 'sphere', 'ol' none of 'espanol', 'petro' none of 'petroleum'."""
    for before, rest in _rests(word, other):
        if not rest and before and len(word) >= 3:
            return True
        if len(rest) >= 4 and (rest in vocabulary or (len(word) >= 5 and len(rest) >= 5)):
            return True
    return False


_WORD = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+|[^\W\d_]+")

# Words that carry no meaning for lookup, in the article's and the reader's languages.
_STOP_WORDS = """
a about after all also am an and any are as at be been by can could did do does for from had
has have how i if in into is it its me much my of on or our she so than that the their them
then there these they this those to up us was we were what when where which who whom whose why
will with would you your many tell show give said say says something anything everything nothing
aber alle als am an auch auf aus bei bin bis da das dass dem den der des die doch du ein eine
einem einen einer eines er es für gab gibt hat hatte hätten haben ich ihr ihre im in ist ja
kann man mit nach nicht noch nur ob oder sei sein seine sich sie sind so über um und uns unter
viel viele vom von vor war waren was welche welcher welches wem wen wer werde werden wie wieviel
wird wo zu zum zur zwischen sagte seit statt
al como con de del el en es esta está este la las le lo los más para por que qué quién se su
sus un una y ya quiénes cuándo dónde adónde cuánto cuánta cuántos cuántas cómo cuál cuáles
wann wohin woher wieviele wessen
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_WORDS.split())

# The same word spelled apart in the three languages, which no stemmer joins: a Spanish 'tuit' is
# an English 'tweet'. (Query side only; the index keeps the article's words.)
_SAME_WORD = {"tuit": "tweet", "tuite": "tweet", "tuiteo": "tweet", "tuitear": "tweet", "tuiteado": "tweet"}

# (field or attribute, weight): names and labels say most about a record, evidence least.
_WEIGHTS = (
    ("id", 3.0),
    ("label", 3.0),
    ("aliases", 3.0),
    ("display_name", 2.0),
    ("keywords", 2.0),
    ("roles", 2.0),
    ("value", 2.0),
    ("unit", 1.5),
    ("period", 1.0),
    ("qualifier", 1.0),
    ("description", 1.0),
    ("text", 1.0),
    ("translation", 1.5),
    ("date", 1.0),
    ("evidence", 0.6),
)
SNIPPET = 240  # characters of a field shown around its matches, at most
# Question words (folded, as whole words) and the kinds of record that answer them: a "how many"
# question favours a figure over a topic about the same subject. The first match wins.
_QUESTIONS: tuple[tuple[tuple[str, ...], tuple[model.Kind, ...]], ...] = (
    (
        (
            "how many",
            "how much",
            "what percentage",
            "wie viele",
            "wie viel",
            "wieviel",
            "wieviele",
            "wie stark",
            "wie hoch",
            "um wie viel",
            "cuantos",
            "cuantas",
            "cuanto",
            "cuanta",
        ),
        (model.Kind.FIGURE,),
    ),
    # whom someone met or spoke with: the event that names who was there
    (("with whom", "mit wem", "con quien", "con quienes"), (model.Kind.EVENT,)),
    (
        ("who", "whom", "whose", "wer", "wem", "wen", "wessen", "quien", "quienes"),
        (model.Kind.PARTICIPANT, model.Kind.ACCOUNT),
    ),
    # since when something is: a year (a figure such as a founding year) or a dated event
    (("since when", "seit wann", "desde cuando"), (model.Kind.FIGURE, model.Kind.EVENT)),
    (("when", "what year", "which year", "wann", "cuando"), (model.Kind.EVENT,)),
    (("where", "wo", "wohin", "donde", "adonde"), (model.Kind.PLACE, model.Kind.EVENT)),
    (  # what someone said or posted: a quote
        (
            "say",
            "said",
            "says",
            "saying",
            "tweet",
            "tweeted",
            "sagte",
            "sagt",
            "sagen",
            "gesagt",
            "twitterte",
            "getwittert",
            "dijo",
            "dice",
            "decir",
            "tuiteo",
            "tuiteado",
        ),
        (model.Kind.QUOTE,),
    ),
)
QUESTION_BOOST = 2.5  # the score factor for a record of a kind the question word asks for


def question_kinds(query: str) -> frozenset[model.Kind]:
    """The kinds of record that answer the question word of `query`, if it has one."""
    text = " ".join(_WORD.findall(fold(query)))
    for phrases, kinds in _QUESTIONS:
        if any(re.search(rf"(?<!\w){phrase}(?!\w)", text) for phrase in phrases):
            return frozenset(kinds)
    return frozenset()


_SNIPPET_FIELDS = ("label", "aliases", "roles", "keywords", "translation", "text", "description", "evidence")

_STEMMERS = tuple(Stemmer.Stemmer(lang) for lang in ("english", "german", "spanish"))


@lru_cache(maxsize=65536)
def terms_of_word(word: str) -> frozenset[str]:
    """The index terms of one folded word: its stems in the three languages."""
    return frozenset(stemmer.stemWord(word) for stemmer in _STEMMERS) | {word}


def typo_edits(word: str) -> int:
    """How many edits (a letter added, left out, changed, or two swapped) a typo of `word` may
    have: 0 for a word of under TYPO_LETTERS letters, 1 up to 7 letters, 2 from 8."""
    return next((edits for letters, edits in TYPO_EDITS if len(word) >= letters), 0)


def typo_lengths(word: str) -> tuple[int, int]:
    """The shortest and longest a typo of `word` can be: each edit adds or takes at most one letter."""
    edits = typo_edits(word)
    return len(word) - edits, len(word) + edits


def typo_distance(word: str, other: str) -> int | None:
    """The edits between `word` and `other` if `other` is close enough to be a plausible
    misspelling of it (or it of `other`): the same first TYPO_PREFIX letters and at most
    `typo_edits(word)` edits; else None."""
    edits = typo_edits(word)
    if not edits or not other.startswith(word[:TYPO_PREFIX]):
        return None
    from rapidfuzz.distance import OSA

    distance = OSA.distance(word, other, score_cutoff=edits)
    return distance if distance <= edits else None


def is_typo(word: str, other: str) -> bool:
    """Whether `other` is a plausible misspelling of `word` (see `typo_distance`)."""
    return typo_distance(word, other) is not None


def index_words(text: str) -> list[str]:
    """The folded words of `text` that are not stop words (the fast path, without positions)."""
    found = _WORD.findall(fold(text))
    return [
        w.replace(".", "").replace(",", "") if not w.isalpha() else w
        for w in found
        if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())
    ]


def words(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of `text` that is not a stop word."""
    out = []
    for match in _WORD.finditer(text):
        word = fold(match.group().replace(".", "").replace(",", ""))
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        out.append((word, match.start(), match.end()))
    return out


def field_texts(record: model.Record) -> Iterable[tuple[str, str]]:
    """(field name, text) for every searchable text of a record."""
    for name, _ in _WEIGHTS:
        if name == "evidence":
            for evidence in record.evidence:
                yield name, evidence.quote
                if evidence.translation:
                    yield name, evidence.translation
            continue
        value = record.label if name == "label" else getattr(record, name, None)
        if value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, tuple):
            for item in value:
                yield name, item
        else:
            yield name, str(value)


_WEIGHT_OF = dict(_WEIGHTS)


def weighted_words(record: model.Record) -> dict[str, float]:
    """Each index word of a record with its field-weighted count; their sum is the record's length."""
    weighted: dict[str, float] = defaultdict(float)
    for name, text in field_texts(record):
        weight = _WEIGHT_OF[name]
        for word in index_words(text):
            weighted[word] += weight
    return weighted


class Hit(NamedTuple):
    record: model.Record
    score: float
    field: str  # where the snippet comes from
    snippet: str
    spans: tuple[tuple[int, int], ...]  # matched words in the snippet, as (start, end)


class Index:
    """Word postings (record number and field-weighted count) and record lengths.

    Words are folded surface words; a query word reaches them through their stems, which are
    worked out only for the vocabulary, on the first query. `to_plain` keeps postings as
    strings that are decoded only for the words a query needs, so a cached index loads fast.
    """

    def __init__(self, records: list[model.Record], postings: dict[str, Any], lengths: list[float]) -> None:
        self.records = records
        self.postings = postings  # word -> [(record number, weight)], or its encoded string
        self.lengths = lengths
        self.average = (sum(lengths) / len(lengths)) if lengths and any(lengths) else 1.0
        self._by_term: dict[str, list[str]] | None = None

    @classmethod
    def build(cls, records: Iterable[model.Record]) -> Index:
        kept: list[model.Record] = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        lengths: list[float] = []
        for number, record in enumerate(records):
            weighted = weighted_words(record)
            for word, weight in weighted.items():
                postings[word].append((number, weight))
            kept.append(record)
            lengths.append(sum(weighted.values()))
        return cls(kept, dict(postings), lengths)

    def to_plain(self) -> dict[str, Any]:
        return {
            "lengths": self.lengths,
            "postings": {word: _encode(self._postings(word)) for word in self.postings},
        }

    @classmethod
    def from_plain(cls, records: list[model.Record], plain: Any) -> Index:
        """The index `to_plain` wrote, for these records; ShapeError if it is anything else.
        Postings are checked when a query first decodes them."""
        from venru.spec import ShapeError

        if type(plain) is not dict or plain.keys() != {"lengths", "postings"}:
            raise ShapeError("not a search index")
        lengths, postings = plain["lengths"], plain["postings"]
        if type(lengths) is not list or len(lengths) != len(records) or type(postings) is not dict:
            raise ShapeError("the index does not match the records")
        if not all(type(n) in (int, float) and 0 <= n < math.inf for n in lengths):
            raise ShapeError("a record length is not a number of at least 0")
        if not all(type(text) is str for text in postings.values()):
            raise ShapeError("postings are not text")
        return cls(records, postings, lengths)

    def _postings(self, word: str) -> list[tuple[int, float]]:
        value = self.postings[word]
        if isinstance(value, str):
            value = self.postings[word] = _decode(value, len(self.records))
        return value  # type: ignore[no-any-return]

    # What `search` reads, one method each, so that an index kept elsewhere (`venru.store`,
    # in SQLite) scores with this very code.

    def _size(self) -> int:
        return len(self.records)

    def _kind(self, number: int) -> model.Kind:
        return self.records[number].kind

    def _length(self, number: int) -> float:
        return self.lengths[number]

    def _record(self, number: int) -> model.Record:
        return self.records[number]

    def _near(self, word: str) -> list[str]:
        """The vocabulary words, numbers left out, whose length lets them be typos of `word`
        (`typo_lengths`), in the vocabulary's order."""
        shortest, longest = typo_lengths(word)
        return [w for w in self.postings if shortest <= len(w) <= longest and not w.isdigit()]

    def _containing(self, word: str) -> list[str]:
        """The vocabulary words, numbers left out, that contain `word`."""
        return [w for w in self.postings if word in w and not w.isdigit()]

    def _known(self, words: Iterable[str]) -> frozenset[str]:
        """Those of `words` that are vocabulary words."""
        return frozenset(w for w in words if w in self.postings and not w.isdigit())

    def _ranked(self, scores: dict[int, float], limit: int | None) -> list[tuple[int, float]]:
        """Best first; equal scores in the base's order."""
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return ranked if limit is None else ranked[:limit]

    def _words_of_term(self, term: str) -> list[str]:
        if self._by_term is None:
            self._by_term = defaultdict(list)
            for word in self.postings:
                for stem in terms_of_word(word):
                    self._by_term[stem].append(word)
        return self._by_term.get(term, [])

    def _exact(self, word: str) -> frozenset[str]:
        """The vocabulary words that share a stem with `word`."""
        return frozenset(w for term in terms_of_word(word) for w in self._words_of_term(term))

    def expansions(self, word: str) -> list[tuple[float, frozenset[str]]]:
        """Groups of vocabulary words a query word stands for, each with how fully it matches.
        A word no record holds matches close words (a typo), the compounds it is a part of
        ('ol' in 'erdolminister'), or else, when it is a compound itself, what its longest
        known part matches ('handelsvolumen' through 'handel' and 'handelsumsatz')."""
        exact = self._exact(word)
        if not exact and word in _SAME_WORD:
            exact = self._exact(_SAME_WORD[word])
        if exact:
            return [(1.0, exact)]
        if word.isdigit() or len(word) < 2:
            return []
        found: dict[str, float] = {}
        if typo_edits(word):
            from rapidfuzz.distance import OSA

            prefix = word[:TYPO_PREFIX]  # a cheap first sieve: a typo keeps these (`typo_distance`)
            typos = []
            for other in self._near(word):
                if other.startswith(prefix) and (distance := typo_distance(word, other)) is not None:
                    typos.append((distance, other))
            for _, close in sorted(typos)[:5]:  # the closest 5; equal ones alphabetically, whatever the index's order
                found[close] = PARTIAL_WEIGHT * OSA.normalized_similarity(word, close)
        for other in self._compounds_of(word):
            found[other] = max(found.get(other, 0.0), PARTIAL_WEIGHT * COMPOUND_PART)
        if found:
            return [(strength, frozenset([w])) for w, strength in found.items()]
        return self._parts(word)

    def _compounds_of(self, word: str) -> list[str]:
        """The vocabulary words that `word` is a part of (see `_part_of`)."""
        holding = [other for other in self._containing(word) if other != word]
        unsure = [other for other in holding if not _part_of(word, other, ())]  # a part before a word, if it is one
        known = self._known({rest for other in unsure for _, rest in _rests(word, other) if len(rest) >= 4})
        return [other for other in holding if _part_of(word, other, known)]

    def _named_by(
        self,
        word: str,
        groups: list[tuple[float, frozenset[str]]],
        postings: Callable[[str], list[tuple[int, float]]],
    ) -> list[tuple[str, frozenset[str]]]:
        """(id, words) of each person, organization, account or place `word` is (part of) the
        name of, where `words` are the words of its id that the query does not have yet (none
        for an organization): what refers to it in other languages holds them ('borissow' also
        finds 'Borisov')."""
        if not groups or groups[0][0] < 1.0:
            return []
        seen: set[int] = set()
        for vocabulary_word in groups[0][1]:  # a name weighs at least NAME_WEIGHT: lighter matches are not read
            seen.update(
                n for n, weight in postings(vocabulary_word) if weight >= NAME_WEIGHT and self._kind(n) in _NAMED
            )
        out: list[tuple[str, frozenset[str]]] = []
        for number in sorted(seen)[: 2 * NAMED_RECORDS]:  # records are read one by one: a few at most
            record = self._record(number)
            names = {w for text in (record.label, *getattr(record, "aliases", ())) for w in index_words(text)}
            if word not in names and not any(w in names for w in groups[0][1]):
                continue
            if len(out) == NAMED_RECORDS:
                break
            own = frozenset(w for part in index_words(record.id.replace("-", " ")) for w in self._exact(part))
            out.append((record.id, own - groups[0][1] if record.kind in _NAMED_BY_ID else frozenset()))
        return out

    def _parts(self, word: str) -> list[tuple[float, frozenset[str]]]:
        """For a compound the base does not hold, its longest part of MIN_PART+ letters, the rest
        at least as long, that is a word of the base, with the words sharing its stem and the
        compounds it is in: 'handels|volumen' -> 'handel', 'handelsumsatz'. A part only shares a
        stem with a word ('mili|tares' and 'tarea') is none."""
        for size in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            modifier, head = word[:size], word[-size:]
            for part in (head, modifier, *(modifier[: -len(link)] for link in LINKS if modifier.endswith(link))):
                exact = self._exact(part) if len(part) >= MIN_PART else frozenset()
                if part in exact:  # one scan of the vocabulary, for the part chosen
                    return [(PARTIAL_WEIGHT * COMPOUND_PART, exact | frozenset(self._compounds_of(part)))]
        return []

    def search(self, query: str, kinds: frozenset[model.Kind] | None = None, limit: int | None = None) -> list[Hit]:
        query_words = list(dict.fromkeys(index_words(query)))
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)  # record -> how many query words it matched
        expansion_of = {word: self.expansions(word) for word in query_words}
        read: dict[str, list[tuple[int, float]]] = {}  # postings read once per query (a folder's come from disk)

        def postings(word: str) -> list[tuple[int, float]]:
            if word not in read:
                read[word] = self._postings(word)
            return read[word]

        named: set[str] = set()  # the ids of the people, organizations, accounts and places the query names
        for word, groups in expansion_of.items():
            for record_id, group in self._named_by(word, groups, postings):
                named.add(record_id)
                if group:
                    groups.append((NAMED_WEIGHT, group))
        n = self._size()
        for groups in expansion_of.values():
            best: dict[int, float] = {}
            for strength, group in groups:
                tf: dict[int, float] = defaultdict(float)
                for vocabulary_word in group:
                    for number, weight in postings(vocabulary_word):
                        tf[number] += weight
                idf = math.log(1 + (n - len(tf) + 0.5) / (len(tf) + 0.5))
                for number, freq in tf.items():
                    if kinds is not None and self._kind(number) not in kinds:
                        continue
                    norm = K1 * (1 - B + B * self._length(number) / self.average)
                    score = strength * idf * freq * (K1 + 1) / (freq + norm)
                    if score > best.get(number, 0.0):
                        best[number] = score
            for number, score in best.items():
                scores[number] += score
                matched[number] += 1
        # A record that answers more of the question's words ranks above one that repeats one word,
        # and one of the kind a question word asks for above others.
        favoured = question_kinds(query)
        for number in scores:
            scores[number] *= 0.5 + matched[number] / max(1, len(query_words))
            if self._kind(number) in favoured:
                scores[number] *= QUESTION_BOOST
        if model.Kind.QUOTE in favoured and named:  # 'What did Borisov say?': his quotes first
            for number in sorted(scores, key=lambda number: -scores[number])[:SPOKEN_CANDIDATES]:
                record = self._record(number) if self._kind(number) is model.Kind.QUOTE else None
                if isinstance(record, model.Quote) and (record.speaker in named or record.account in named):
                    scores[number] *= SPOKEN_BOOST
        ranked = self._ranked(scores, limit)
        wanted = frozenset(w for groups in expansion_of.values() for _, group in groups for w in group)
        return [self._hit(number, score, wanted) for number, score in ranked]

    def _hit(self, number: int, score: float, wanted: frozenset[str]) -> Hit:
        record = self._record(number)
        best: tuple[int, str, str, tuple[tuple[int, int], ...]] = (-1, "label", record.label, ())
        order = {name: i for i, name in enumerate(_SNIPPET_FIELDS)}
        for name, text in field_texts(record):
            if name not in order:
                continue
            spans = tuple((start, end) for word, start, end in words(text) if word in wanted)
            if len(spans) > best[0] or (len(spans) == best[0] and order[name] < order[best[1]]):
                best = (len(spans), name, text, spans)
        _, field, text, spans = best
        snippet, spans = window(text, spans)
        return Hit(record, round(score, 4), field, snippet, spans)


def window(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """At most `SNIPPET` characters of `text` around its first matches, cut at spaces where
    that costs little, with '…' where text was left out; `spans` moved to match."""
    if len(text) <= SNIPPET:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - SNIPPET // 4, len(text) - SNIPPET))
    end = start + SNIPPET
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 and space < first else start
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(head) - start
    moved = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return head + text[start:end] + tail, moved


def _encode(postings: list[tuple[int, float]]) -> str:
    return " ".join(f"{number}:{weight:g}" for number, weight in postings)


_POSTING = re.compile(r"(0|[1-9][0-9]*):([0-9]+(?:\.[0-9]*)?(?:e[-+]?[0-9]+)?)\Z")


def _decode(text: str, records: int) -> list[tuple[int, float]]:
    """Postings as `_encode` writes them, each pointing at one of `records` records."""
    from venru.spec import ShapeError

    out = []
    for pair in text.split(" "):
        match = _POSTING.match(pair)
        if match is None:
            raise ShapeError(f"a posting {pair[:40]!r} is not a record number and weight")
        number, weight = int(match[1]), float(match[2])
        if number >= records or not math.isfinite(weight):
            raise ShapeError(f"a posting points past the {records} records")
        out.append((number, weight))
    return out


def index_for(base: model.FactBase, run: Settings | None = None) -> Index:
    """The search index of a base: from the run's cache when its file is unchanged, else built
    (and cached). Without `run`, no cache."""
    own = base.own_index()
    if isinstance(own, Index):
        return own
    folder = run.cache if run else None
    if folder is not None and base.key:
        from venru import cache
        from venru.spec import ShapeError

        plain = cache.read_part(folder, base.key, "search", cache.entry_limit(run.max_bytes if run else 0))
        if plain is not None:
            try:
                return Index.from_plain(list(base.records), plain)
            except ShapeError:
                pass  # a foreign or damaged index is rebuilt
    return _build(base, folder)


def _build(base: model.FactBase, folder: Path | None) -> Index:
    index = Index.build(base.records)
    if folder is not None and base.key:
        from venru import cache

        cache.write_part(folder, base.key, "search", index.to_plain())
    return index


def search(
    base: model.FactBase,
    query: str,
    kinds: Iterable[model.Kind] | None = None,
    limit: int | None = 10,
    run: Settings | None = None,
) -> list[Hit]:
    """The records that best answer `query`, best first."""
    wanted = frozenset(kinds) if kinds else None
    index = index_for(base, run)
    try:
        return index.search(query, wanted, limit)
    except ValueError:  # spec.ShapeError: a cached posting is damaged; rebuild from the records
        return _build(base, run.cache if run else None).search(query, wanted, limit)
