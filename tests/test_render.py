"""What people and scripts see, pinned exactly: each listing in each format, tables at 80
columns and at a narrow 40, search results, a card and `info`.

The expected outputs are files in tests/render/, named `<case>.<format>[.<width>].txt`, compared
byte for byte (trailing spaces included: Rich pads table cells). When a change to the output is
intended, look at the new output, then write it over the file; review the diff like code.
The records are built here, not loaded, so a change to the shipped base changes nothing here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from venru import model, query, render
from venru.model import Country, Evidence, IsoDate, Language, Medium, Number, RecordId, Ref, Side
from venru.render import Format
from venru.search import Hit
from venru.settings import Settings

EXPECTED = Path(__file__).with_name("render")
WIDTHS = (80, 40)


def evidence(paragraph: int, quote: str, translation: str | None = None) -> tuple[Evidence, ...]:
    return (Evidence(paragraph=paragraph, quote=quote, translation=translation),)


BORISOV = model.Participant(
    id=RecordId("borisov"),
    name="Yuri Borisov",
    aliases=("Juri Borissow",),
    country=Country("RU"),
    side=Side.RUSSIA,
    roles=("Deputy Prime Minister of Russia", "head of the intergovernmental commission"),
    evidence=evidence(
        2, "Russlands Vizeministerpräsident Juri Borissow", "Russia's Deputy Prime Minister Yuri Borisov"
    ),
)
MADURO = model.Participant(
    id=RecordId("maduro"),
    name="Nicolás Maduro",
    aliases=(),
    country=Country("VE"),
    side=Side.VENEZUELA,
    roles=("President of Venezuela",),
    evidence=evidence(5, "Nicolás Maduro"),
)
CIAN = model.Organization(
    id=RecordId("cian"),
    name="High-Level Intergovernmental Commission",
    type=model.OrganizationType.COMMISSION,
    evidence=evidence(2, "interstaatlichen hohen Kommission"),
)
FIGURE = model.Figure(
    id=RecordId("trade-growth-2021"),
    label_="Growth of trade turnover between Russia and Venezuela in 2021",
    value=Number(50),
    unit="percent",
    period="2021",
    claimed_by=Ref("borisov"),
    topic=Ref("trade"),
    evidence=evidence(9, "um 50 Prozent", "by 50 percent"),
    where=model.Location(file="facts.yaml", line=30, column=5),
)
TOPIC = model.Topic(
    id=RecordId("trade"),
    label_="Trade, energy and finance",
    raised_by=(Ref("borisov"), Ref("maduro")),
    evidence=evidence(3, "Handel"),
)
QUOTE = model.Quote(
    id=RecordId("maduro-tweet"),
    speaker=Ref("maduro"),
    language=Language.ES,
    medium=Medium.TWEET,
    text="La hermana nación Rusia",
    translation="Our sister nation Russia",
    date=IsoDate("2022-02-17"),
    evidence=evidence(8, "La hermana nación Rusia", "Our sister nation Russia"),
)
EVENT = model.Event(
    id=RecordId("caracas-meeting"),
    date=IsoDate("2022-02-16"),
    label_="Talks in Caracas between the Russian delegation and Venezuela's leadership",
    evidence=evidence(1, "in Caracas"),
)

# A value the article implies, and a number in reported speech with no speaker named.
FOUNDED = model.Figure(
    id=RecordId("cian-founding-year"),
    label_="Founding year of the commission",
    value=Number(2002),
    unit="year",
    attribution=model.Attribution.OUTLET,
    derived=(model.Derivation(field="value", method="2022 - 20", sources=(Ref("cian"),)),),
    evidence=evidence(2, "20. Gründungstags"),
)
TOURISTS = model.Figure(
    id=RecordId("russian-tourists"),
    label_="Tourists from Russia",
    value=Number(15000),
    unit="tourists",
    qualifier="more than",
    attribution=model.Attribution.UNNAMED,
    evidence=evidence(10, "mehr als 15.000 Touristen"),
)
FLIGHTS = model.Outcome(
    id=RecordId("more-direct-flights"),
    label_="More weekly direct flights between Moscow and Caracas",
    status=model.OutcomeStatus.PROPOSED,
    by=(Ref("maduro"),),
    evidence=evidence(10, "schlug Maduro vor"),
)

LISTINGS: dict[str, tuple[list[model.Record], tuple[model.Kind, ...]]] = {
    "figures-derived": ([FOUNDED, TOURISTS], (model.Kind.FIGURE,)),
    "outcomes": ([FLIGHTS], (model.Kind.OUTCOME,)),
    "who": ([BORISOV, MADURO], (model.Kind.PARTICIPANT,)),
    "who-all": ([BORISOV, MADURO, CIAN], (model.Kind.PARTICIPANT, model.Kind.ORGANIZATION, model.Kind.ACCOUNT)),
    "figures": ([FIGURE], (model.Kind.FIGURE,)),
    "topics": ([TOPIC], (model.Kind.TOPIC,)),
    "quotes": ([QUOTE], (model.Kind.QUOTE,)),
    "timeline": ([EVENT], (model.Kind.EVENT,)),
}
HITS = [
    Hit(FIGURE, 7.25, "evidence", "um 50 Prozent", ((3, 5),)),
    Hit(BORISOV, 1.5, "roles", "Deputy Prime Minister of Russia", ((0, 6),)),
]


EVERY = {r.id: r for r in (BORISOV, MADURO, CIAN, FIGURE, TOPIC, QUOTE, EVENT)}


def name_of(ref: str) -> str:
    """Names for people, as the CLI passes them (answer.name_lookup of a base)."""
    return EVERY[ref].label if ref in EVERY else ref


def run(width: int) -> Settings:
    return Settings(data="facts.yaml", cache_dir=None, width=width)


def printed(draw: Callable[..., None]) -> str:
    stream = io.StringIO()
    draw(stream=stream)
    return stream.getvalue()


def widths(fmt: Format) -> list[tuple[int, str]]:
    """(width, file name suffix): tables at each width, other formats once."""
    return [(w, f".{w}") for w in WIDTHS] if fmt is Format.TABLE else [(80, "")]


def cases() -> list[tuple[str, Callable[..., None]]]:
    """(file name, how to print it to a `stream`) for every pinned output."""
    found: list[tuple[str, Callable[..., None]]] = []
    for name, (records, kinds) in LISTINGS.items():
        for fmt in Format:
            for width, suffix in widths(fmt):
                draw = partial(render.render, records, fmt, kinds=kinds, run=run(width), name_of=name_of)
                found.append((f"{name}.{fmt.value}{suffix}.txt", draw))
    for fmt in Format:
        for width, suffix in widths(fmt):
            draw = partial(render.hits, HITS, fmt, kinds=tuple(model.Kind), run=run(width), name_of=name_of)
            found.append((f"search.{fmt.value}{suffix}.txt", draw))
    outgoing = [query.Link("claimed_by", BORISOV), query.Link("topic", TOPIC)]
    details = {"path": "facts.yaml", "sources": [], "records": 7, "kinds": {"participant": 2, "figure": 1}}
    for fmt in (Format.TABLE, Format.JSON):
        for width, suffix in widths(fmt):
            draw = partial(render.card, FIGURE, outgoing, [], fmt, run=run(width), name_of=name_of)
            found.append((f"card.{fmt.value}{suffix}.txt", draw))
        found.append((f"info.{fmt.value}.txt", partial(render.info, details, fmt, run=run(80))))
    return found


CASES = cases()


@pytest.mark.parametrize(("name", "draw"), CASES, ids=[name for name, _ in CASES])
def test_output_is_exactly_as_pinned(name: str, draw: Callable[..., None]) -> None:
    expected = (EXPECTED / name).read_bytes().decode("utf-8")  # bytes: CSV rows end in \r\n
    assert printed(draw) == expected


def test_every_pinned_file_has_a_case() -> None:
    assert sorted(p.name for p in EXPECTED.glob("*.txt")) == sorted(name for name, _ in CASES)


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_fit_their_width(width: int) -> None:
    for name, _ in CASES:
        if f".table.{width}." in name:
            lines = (EXPECTED / name).read_text(encoding="utf-8").splitlines()
            assert lines and all(len(line) <= width for line in lines), name


EMBASSY = model.Account(
    id=RecordId("embajadarusaven"),
    name="@EmbajadaRusaVen",
    platform="twitter",
    evidence=evidence(4, "@EmbajadaRusaVen"),
)
# Topics as the shipped base once had them: long labels, and one reported by the embassy's account.
SOME_TOPICS = [
    model.Topic(
        id=RecordId("tourism-direct-flights"),
        label_="Tourism and more weekly direct flights between Moscow and Caracas",
        raised_by=(Ref("maduro"),),
        discussed_by=(Ref("both-sides"),),
        evidence=evidence(3, "Handel"),
    ),
    model.Topic(
        id=RecordId("transit-tourists"),
        label_="More and more tourists from other Latin American countries fly to Moscow via Caracas",
        attribution=model.Attribution.UNNAMED,
        evidence=evidence(10, "Touristen"),
    ),
    model.Topic(
        id=RecordId("geopolitics"),
        label_="Geopolitics",
        discussed_by=(Ref("both-sides"),),
        reported_by=(Ref("maduro"),),
        evidence=evidence(3, "Geopolitik"),
    ),
    model.Topic(
        id=RecordId("cian-anniversary"),
        label_="The commission's 20th founding anniversary this year",
        reported_by=(Ref("embajadarusaven"),),
        evidence=evidence(4, "20. Jahrestag"),
    ),
]


@pytest.mark.parametrize("width", [60, 70, 80, 100])
def test_a_table_never_breaks_a_handle_or_a_short_word(width: int) -> None:
    """`venru topics` at 80 columns once printed `@EmbajadaRu` / `saVen`."""
    names = {"embajadarusaven": "@EmbajadaRusaVen", "both-sides": "both sides"} | {
        r.id: r.label for r in EVERY.values()
    }
    out = printed(
        partial(render.render, SOME_TOPICS, Format.TABLE, kinds=(model.Kind.TOPIC,), run=run(width), name_of=names.get)
    )
    words = out.split()
    assert "@EmbajadaRusaVen" in words and "Nicolás" in words and "Maduro" in words and "commission's" in words
    assert all(len(line) <= width for line in out.splitlines())
