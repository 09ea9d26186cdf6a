"""The `venru` command: thin commands that parse options, ask one query, render the answer."""

import enum
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from venru import __version__, exitcodes, files, load, model, query, render, settings, spec
from venru.fold import fold
from venru.problem import Loaded
from venru.render import Format
from venru.settings import Settings


class _ClosedPipe(BaseException):
    """stdout's reader has gone (`venru who | head -1`): stop quietly. A BaseException, so that
    Typer does not turn it into exit 1 as it does an OSError."""


class _Stopped(BaseException):
    """SIGTERM or SIGHUP: stop like Ctrl-C, running clean-ups on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Group(TyperGroup):
    """Every write to a closed pipe, from venru or from Click (help, version), ends the run
    quietly with exit 0, whatever the moment the reader went away."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            raise _ClosedPipe() from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _ClosedPipe() from None


app = typer.Typer(
    cls=_Group,
    add_completion=True,  # --install-completion, --show-completion; completing costs nothing until asked
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Look up the facts of one news article: the Russian-Venezuelan talks in Caracas on 16 February 2022."
        "\n\nEvery answer carries the verbatim quote and paragraph it rests on."
        "\n\nExample: venru search 'How much did trade grow?'"
    ),
    epilog=exitcodes.SUMMARY,
)


def _version(value: bool) -> None:
    if value:
        print(f"venru {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="Fact base: a file, a folder of *.yaml files or '-' (stdin). Default: $VENRU_DATA or the bundled one.",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write the cache of validated fact bases.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error (or set VENRU_DEBUG=1).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    # `main` passes the environment's settings; a test runner calling `app` directly does not,
    # nor does `main` when a variable is unusable: then this reports it, after --help and --version.
    try:
        from_environment = ctx.obj if isinstance(ctx.obj, Settings) else settings.from_environment(os.environ)
    except settings.BadSetting as bad:
        _fail(str(bad), exitcodes.USAGE)
    ctx.obj = settings.with_options(from_environment, data=data, no_cache=no_cache, debug=debug)


def _not_empty(*given: tuple[str, str | None]) -> None:
    """A text filter given as '' or spaces is a usage error, as an empty search query is: it
    would match everything, which is not what anyone typing it meant."""
    for what, value in given:
        if value is not None and not value.strip():
            _fail(f"{what} is empty; give part of it, or leave it out to list everything", exitcodes.USAGE)


def _fail(message: str, code: int) -> NoReturn:

    print(f"venru: {render.clean(message)}", file=sys.stderr)
    raise typer.Exit(code)


def _base(run: Settings) -> model.FactBase:
    """The active fact base, or exit 3 with its problems on stderr."""

    loaded = _load(run, run.data)
    if loaded.problems or loaded.base is None:
        render.problems(loaded.problems)
        if len(loaded.problems) > 1:
            print(f"venru: {len(loaded.problems)} problems in the fact base", file=sys.stderr)
        raise typer.Exit(exitcodes.UNUSABLE)
    return loaded.base


def _load(run: Settings, path: str) -> Loaded:
    """`load.load`, with one note for --debug when the cache is not used, and a problem with the
    file as a whole saying where its path came from when that was $VENRU_DATA."""

    with render.progress_after("reading the fact base files", run) as advance:
        loaded = load.load(path, run, progress=advance)
    _note_cache(run)
    if run.data_from == "VENRU_DATA" and path == run.data:
        origin = " (the path comes from VENRU_DATA)"
        problems = tuple(
            p._replace(message=p.message + origin) if p.line is None and p.file == path else p for p in loaded.problems
        )
        loaded = loaded._replace(problems=problems)
    return loaded


def _described(record: model.Record) -> str:
    return f"{record.id} ({record.kind.value}: {record.label})"


def _a(kind: model.Kind) -> str:
    return f"{'an' if kind.value[0] in 'aeiou' else 'a'} {kind.value}"


def _either(ids: Sequence[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " or " + ids[-1]


def _record_option(
    base: model.FactBase,
    option: str,
    value: str | None,
    kinds: tuple[model.Kind, ...],
    notes: list[str] | None = None,
) -> str | None:
    """The id of the record an option names by id, name or alias; exit 2 when it names none or
    several, or a record of a kind the option does not take. A record found by part of a name or
    by a keyword adds a note to `notes`, for a listing that comes out empty to say what it took."""
    if value is None:
        return None

    found = query.find(base, value, kinds)
    what = ", ".join(k.value for k in kinds[:-1]) + " or " + kinds[-1].value if len(kinds) > 1 else kinds[0].value
    if set(kinds) == set(model.Kind):
        what = "record"
    if found.record is not None:
        if found.partial and notes is not None:
            notes.append(f"{option} took '{value}', {found.partial}, as {_described(found.record)}")
        return found.record.id
    if found.ambiguous:
        listed = "; ".join(_described(r) for r in found.ambiguous)
        _fail(
            f"{option}: '{value}' matches {len(found.ambiguous)} records: {listed}; give one of the ids",
            exitcodes.USAGE,
        )
    if found.elsewhere:
        named = [
            f"{_a(r.kind)} ({r.label})" if fold(value.strip()) == fold(r.id) else f"{_a(r.kind)}, {r.id} ({r.label})"
            for r in found.elsewhere
        ]
        holders = list(dict.fromkeys(h.id for r in found.elsewhere for h in query.members_of(base, r, kinds)))
        named_like = [r.id for r in found.suggestions if r.id not in holders][:3]
        hints = []
        if holders:
            member = found.elsewhere[0].label if len(found.elsewhere) == 1 else "it"
            hints.append(f"{_either(holders)}, with {member} among {'its' if len(holders) == 1 else 'their'} members")
        if named_like:
            where = "a name" if all(hasattr(r, "name") for r in found.suggestions) else "a name or label"
            hints.append(f"{_either(named_like)}, with '{value}' in {where}")
        hint = f"; did you mean {', or '.join(hints)}?" if hints else ""
        takes = _a(kinds[0]) if len(kinds) == 1 else f"a {what}"
        _fail(f"{option}: '{value}' is {', and '.join(named)}; {option} takes {takes}{hint}", exitcodes.USAGE)
    hint = f"; did you mean {' or '.join(_described(r) for r in found.suggestions)}?" if found.suggestions else ""
    _fail(f"{option}: no {what} matches '{value}'{hint}", exitcodes.USAGE)


def _say_what_was_taken(records: Sequence[model.Record], notes: Sequence[str]) -> None:
    """For a listing that came out empty, the notes of the filters that took part of a name."""
    if not records:
        for note in notes:
            print(f"venru: note: {render.clean(note)}", file=sys.stderr)


def _country_option(base: model.FactBase, value: str | None) -> str | None:
    """An ISO country code from a code or a country name in English, German or Spanish; exit 2 for neither."""
    if value is None:
        return None
    from venru import names

    aliases = query.country_aliases(base)
    found = names.country(value, aliases)
    if found.code is None:
        hint = f"; did you mean {' or '.join(repr(s) for s in found.suggestions)}?" if found.suggestions else ""
        codes = ", ".join(sorted({code for _, code in aliases})[:3]) or "VE"
        _fail(f"--country: '{value}' is neither a country code ({codes}) nor a country name{hint}", exitcodes.USAGE)
    return found.code


def _language_option(value: str | None) -> str | None:
    """A language code from a code or a language name, any language (one no quote is in gives an
    empty listing, as a country does); exit 2 for what is no language."""
    if value is None:
        return None
    from venru import names

    found = names.language(value, known=[lang.value for lang in model.Language])
    if found.code is None:
        hint = f"; did you mean {' or '.join(repr(s) for s in found.suggestions)}?" if found.suggestions else ""
        known = ", ".join(f"{lang.value} ({names.language_name(lang.value)})" for lang in model.Language)
        _fail(
            f"--lang: '{value}' is neither a language code nor a language name{hint} (quotes are in {known})",
            exitcodes.USAGE,
        )
    return found.code


def _record(base: model.FactBase, wanted: str) -> model.Record:
    """The record an id or name names, or exit 1 listing the records it matches or the closest ones."""

    found = query.find(base, wanted)
    if found.record is None:
        if found.ambiguous:
            kind_width = max(len(r.kind.value) for r in found.ambiguous)
            id_width = max(len(r.id) for r in found.ambiguous)
            listed = "".join(
                f"\n  {r.kind.value:<{kind_width}}  {r.id:<{id_width}}  {r.label}" for r in found.ambiguous
            )
            _fail(
                f"'{wanted}' matches {len(found.ambiguous)} records; show one by its id:{listed}", exitcodes.NOT_FOUND
            )
        hint = f"; did you mean {' or '.join(_described(r) for r in found.suggestions)}?" if found.suggestions else ""
        _fail(f"no record '{wanted}'{hint}", exitcodes.NOT_FOUND)
    return found.record


def _note_cache(run: Settings) -> None:
    """With --debug, one note on stderr when the cache could not be used."""
    if not run.use_cache or not run.debug:
        return
    from venru import cache

    folder = run.cache_dir
    why = cache.refusal(folder, create=True) if folder else "no cache folder: no usable XDG_CACHE_HOME or home folder"
    if why:
        print(f"venru: note: {why}", file=sys.stderr)


# ----------------------------------------------------------------------------- shell completion
# Typer calls these only when the shell asks for candidates (`_VENRU_COMPLETE` is set).


def _completion_base(ctx: typer.Context) -> model.FactBase | None:
    """The fact base the command line being completed would use, or None if it cannot be had.
    (While completing, Typer parses the global options but does not run `_main`.)"""

    root = ctx.find_root().params
    run = settings.with_options(
        settings.from_environment(os.environ), data=root.get("data"), no_cache=bool(root.get("no_cache")), debug=False
    )
    if run.data == files.STDIN:
        return None
    try:
        loaded = load.load(run.data, run)
    except Exception:  # noqa: BLE001 - a completion that fails offers nothing, never a traceback
        return None
    return loaded.base if not loaded.problems else None


def _complete_records(*kinds: model.Kind) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Completion of an option that takes a record of `kinds` (none given: any record)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from venru import completion

        base = _completion_base(ctx)
        return completion.records(base, incomplete, kinds or None) if base else []

    return complete


_complete_record = _complete_records()  # any record: `show`, `graph --around`
_complete_agent = _complete_records(*query.AGENTS)  # who speaks, claims, raises, discusses or reports
_complete_topic = _complete_records(model.Kind.TOPIC)
_complete_place = _complete_records(model.Kind.PLACE)


def _agent_option(help_text: str) -> Any:
    """An option naming who speaks, claims, raises, discusses or reports: a participant,
    organization or account by id, name or alias, completed from those kinds."""
    return typer.Option(metavar="ID", autocompletion=_complete_agent, help=help_text)


def _complete_source(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from venru import completion

    base = _completion_base(ctx)
    return completion.sources(base, incomplete) if base else []


# The kinds each listing prints, for completing --fields; other commands offer every kind's fields.
_LISTED_KINDS = {
    "who": (model.Kind.PARTICIPANT, model.Kind.ORGANIZATION, model.Kind.ACCOUNT),
    "figures": (model.Kind.FIGURE,),
    "topics": (model.Kind.TOPIC,),
    "quotes": (model.Kind.QUOTE,),
    "timeline": (model.Kind.EVENT,),
    "outcomes": (model.Kind.OUTCOME,),
}  # `list KIND` offers every kind's fields


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from venru import completion

    # `list KIND`: that kind's fields. Typer holds KIND as text, and while an option's value is
    # being completed, click leaves the arguments before it unparsed in ctx.args.
    given = ""
    if ctx.info_name == "list":
        given = str(ctx.params.get("kind") or (ctx.args[0] if ctx.args else "")).lower()
    known = {k.value: k for k in model.Kind}
    kinds = (known[given],) if given in known else _LISTED_KINDS.get(ctx.info_name or "", tuple(model.Kind))
    return completion.fields(render.field_names(kinds, scored=ctx.info_name == "search"), incomplete)


FormatOption = Annotated[
    Format | None, typer.Option("--format", "-f", case_sensitive=False, show_default="table", help="Output format.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Fields to print, in this order (any format).",
        autocompletion=_complete_fields,
    ),
]


ExpandOption = Annotated[
    bool, typer.Option("--expand", help="In json, jsonl and csv, give each referenced record as {id, name}.")
]

_F = TypeVar("_F", bound=Enum)


def _format(ctx: typer.Context, fmt: _F | None, json_: bool, allowed: Iterable[_F], hint: str = "") -> _F:
    """The one output format of a command. `--json` is short for `--format json`: both with a
    different format is a usage error, as is a format the command has no form for."""
    if json_ and fmt is not None and fmt.value != Format.JSON.value:
        _fail(f"--json is short for --format json; it cannot go with --format {fmt.value}", exitcodes.USAGE)
    choices = tuple(allowed)
    chosen = next(f for f in choices if f.value == Format.JSON.value) if json_ else fmt or choices[0]
    if chosen not in choices:
        command = ctx.info_name
        shown = ", ".join(f.value for f in choices[:-1]) + f" or {choices[-1].value}"
        _fail(f"{command} prints {shown}, not {chosen.value}{hint}", exitcodes.USAGE)
    return chosen


class ObjectFormat(enum.StrEnum):
    """The formats of commands that print one object (a card, a description, a report), so
    that their help and completion offer only these (a test keeps them among `Format`'s)."""

    TABLE = "table"
    JSON = "json"


ObjectFormatOption = Annotated[
    ObjectFormat | None,
    typer.Option("--format", "-f", case_sensitive=False, show_default="table", help="Output format."),
]
_OBJECT_FORMATS = tuple(Format(f) for f in ObjectFormat)


def _fields(fields: str | None, kinds: tuple[model.Kind, ...], scored: bool = False) -> list[str] | None:
    """The fields chosen with --fields, in any case, or None; an unknown field or an empty
    --fields is a usage error."""
    import difflib

    if fields is None:
        return None
    chosen = [f.strip() for f in fields.split(",")]
    available = render.field_names(kinds, scored=scored)
    if not any(chosen):
        _fail(f"--fields is empty; give one or more of: {', '.join(available)}", exitcodes.USAGE)
    if not all(chosen):
        _fail(f"--fields '{fields}' has an empty field name; separate the names with single commas", exitcodes.USAGE)
    by_folded = {name.casefold(): name for name in available}
    out = []
    for name in chosen:
        if name.casefold() not in by_folded:
            close = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.6)
            hint = f"did you mean '{by_folded[close[0]]}'? " if close else ""
            _fail(f"unknown field '{name}'; {hint}available: {', '.join(available)}", exitcodes.USAGE)
        out.append(by_folded[name.casefold()])
    return out


def _list(
    run: Settings,
    base: model.FactBase,
    records: Sequence[model.Record],
    kinds: tuple[model.Kind, ...],
    fmt: Format,
    fields: str | None,
    expand: bool = False,
) -> None:
    from venru import answer

    chosen = _fields(fields, kinds)
    render.render(records, fmt, kinds=kinds, fields=chosen, run=run, name_of=answer.name_lookup(base), expand=expand)


@app.command()
def who(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="Part of a name or alias, any spelling: borissow, nicolas.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(metavar="COUNTRY", help="Country code or name: RU, Russland, Rusia, Venezuela.")
    ] = None,
    role: Annotated[str | None, typer.Option(metavar="TEXT", help="Part of a role: minister, Außenminister.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include organizations and accounts.")] = False,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List the people at the meeting.

    Example: venru who borissow --json
    """

    run: Settings = ctx.obj
    _not_empty(("NAME", name), ("--role", role))
    base = _base(run)
    kinds = query.AGENTS if all_ else (model.Kind.PARTICIPANT,)
    chosen = _format(ctx, fmt, json_, Format)
    _list(run, base, query.who(base, name, _country_option(base, country), role, all_), kinds, chosen, fields, expand)


@app.command()
def figures(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            metavar="ID", autocompletion=_complete_topic, help="The topic: an id or words of its label, e.g. tourism."
        ),
    ] = None,
    claimed_by: Annotated[str | None, _agent_option("Who claimed it: an id, name or alias, e.g. Borissow.")] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List the numbers, with unit, period and who claimed them.

    Example: venru figures --claimed-by Borissow
    """

    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, Format)
    base = _base(run)
    notes: list[str] = []
    topic_id = _record_option(base, "--topic", topic, (model.Kind.TOPIC,), notes)
    claimant = _record_option(base, "--claimed-by", claimed_by, query.AGENTS, notes)
    found = query.figures(base, topic_id, claimant)
    _say_what_was_taken(found, notes)
    _list(run, base, found, (model.Kind.FIGURE,), chosen, fields, expand)


@app.command()
def topics(
    ctx: typer.Context,
    raised_by: Annotated[str | None, _agent_option("Who raised it: an id, name or alias, e.g. nicolas.")] = None,
    discussed_by: Annotated[
        str | None, _agent_option("Who the article says discussed it, e.g. both-sides ('die Seiten').")
    ] = None,
    reported_by: Annotated[str | None, _agent_option("Who the article says reported that it was discussed.")] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List the subjects discussed: who raised them, who discussed them, who reported it.

    Example: venru topics --raised-by maduro
    """

    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, Format)
    base = _base(run)
    notes: list[str] = []
    raiser = _record_option(base, "--raised-by", raised_by, query.AGENTS, notes)
    discusser = _record_option(base, "--discussed-by", discussed_by, query.AGENTS, notes)
    reporter = _record_option(base, "--reported-by", reported_by, query.AGENTS, notes)
    chosen_topics = query.topics(base, raiser, discusser, reporter)
    _say_what_was_taken(chosen_topics, notes)
    _list(run, base, chosen_topics, (model.Kind.TOPIC,), chosen, fields, expand)


@app.command()
def quotes(
    ctx: typer.Context,
    speaker: Annotated[str | None, _agent_option("The speaker or account: an id, name or alias, e.g. Maduro.")] = None,
    lang: Annotated[
        str | None,
        typer.Option(metavar="LANG", help="Language of the original: a code or name (es, Spanish, Spanisch)."),
    ] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List quoted statements and tweets, with English translations.

    Example: venru quotes --lang es
    """

    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, Format)
    base = _base(run)
    notes: list[str] = []
    who_id = _record_option(base, "--speaker", speaker, query.AGENTS, notes)
    found = query.quotes(base, who_id, _language_option(lang))
    _say_what_was_taken(found, notes)
    _list(run, base, found, (model.Kind.QUOTE,), chosen, fields, expand)


@app.command()
def outcomes(
    ctx: typer.Context,
    status: Annotated[
        model.OutcomeStatus | None,
        typer.Option(case_sensitive=False, help="Keep outcomes with this status, as the article gives it."),
    ] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List what the talks produced: agreed, announced, proposed or signed, and by whom.

    Example: venru outcomes --status proposed
    """

    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, Format)
    wanted = status.value if status is not None else None
    base = _base(run)
    _list(run, base, query.outcomes(base, wanted), (model.Kind.OUTCOME,), chosen, fields, expand)


def _date_option(value: str | None) -> str | None:
    from venru.validate import iso_date_problem

    if value is not None and (problem := iso_date_problem(value)):
        raise typer.BadParameter(problem)
    return value


class TimelineFormat(enum.StrEnum):
    """The listing formats, and Mermaid's timeline diagram (a test keeps the two lists in step)."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    MERMAID = "mermaid"


@app.command()
def timeline(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", callback=_date_option, help="Keep events on or after this date (YYYY[-MM[-DD]])."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", callback=_date_option, help="Keep events on or before this date (YYYY[-MM[-DD]])."
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(metavar="DATE", callback=_date_option, help="Keep events on this day, month or year."),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            metavar="ID", autocompletion=_complete_place, help="Keep events at this place or in it: an id or name."
        ),
    ] = None,
    fmt: Annotated[
        TimelineFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default="table",
            help="Output format; mermaid draws a timeline.",
        ),
    ] = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List the dated events, oldest first.

    Example: venru timeline --since 2022-02-17
    """

    if since is not None and until is not None and since[: len(until)] > until[: len(since)]:
        _fail(f"--since {since} is after --until {until}; no event can be in both", exitcodes.USAGE)
    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, TimelineFormat)
    base = _base(run)
    notes: list[str] = []
    place_id = _record_option(base, "--place", place, (model.Kind.PLACE,), notes)
    events = query.timeline(base, since, until, on, place_id)
    _say_what_was_taken(events, notes)
    if chosen is TimelineFormat.MERMAID:
        from venru import graph

        render.write_text(graph.timeline_mermaid(events, f"Timeline – {base.source.title_en}"))
        return
    _list(run, base, events, (model.Kind.EVENT,), Format(chosen.value), fields, expand)


KindArgument = Annotated[
    model.Kind,
    typer.Argument(metavar="KIND", case_sensitive=False, help="The kind of record: place, organization, ..."),
]


@app.command(name="list")
def list_(
    ctx: typer.Context,
    kind: KindArgument,
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help="Part of a name, alias or label, in any spelling.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(metavar="COUNTRY", help="Country code or name: VE, Venezuela, Russland.")
    ] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """List the records of one kind, in the order of the fact base.

    Example: venru list place --country Venezuela
    """

    run: Settings = ctx.obj
    _not_empty(("NAME", name))
    chosen = _format(ctx, fmt, json_, Format)
    base = _base(run)
    _list(run, base, query.listing(base, kind, name, _country_option(base, country)), (kind,), chosen, fields, expand)


@app.command()
def show(
    ctx: typer.Context,
    record: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            autocompletion=_complete_record,
            help="A record id, or a name or alias that matches one record.",
        ),
    ],
    context: Annotated[
        bool, typer.Option("--context", help="Show each quote in its whole paragraph, highlighted.")
    ] = False,
    cite: Annotated[
        bool, typer.Option("--cite", help="Print a citation of each quote, ready to paste (markdown: a block quote).")
    ] = False,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default="table",
            help="Output format: table or json; with --cite also jsonl, csv or markdown.",
        ),
    ] = None,
    json_: JsonOption = False,
    expand: ExpandOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show the record's search keywords too.")] = False,
) -> None:
    """Show one record with its evidence and the records linked to it.

    Example: venru show trade-growth-2021 --context
    """

    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, tuple(Format) if cite else _OBJECT_FORMATS, "; --cite prints every format")
    if cite and context:
        _fail("--cite prints citations and --context a card's quotes in their paragraphs; give one", exitcodes.USAGE)
    if not record.strip():
        _fail("show needs a record id or name, not an empty one", exitcodes.USAGE)
    base = _base(run)
    found = _record(base, record)
    if cite:
        render.citations(query.passages(base, found), chosen)
        return
    outgoing, incoming = query.links(base, found)
    passages = query.passages(base, found) if context else None
    from venru import answer

    render.card(
        found,
        outgoing,
        incoming,
        chosen,
        passages=passages,
        run=run,
        name_of=answer.name_lookup(base),
        expand=expand,
        verbose=verbose,
    )


@app.command()
def search(
    ctx: typer.Context,
    query_text: Annotated[
        str, typer.Argument(metavar="QUERY", help="Words or a question, in English, German or Spanish.")
    ],
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="Print at most this many results.")] = 10,
    kind: Annotated[
        list[model.Kind] | None, typer.Option(case_sensitive=False, help="Only records of this kind (repeatable).")
    ] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
    fields: FieldsOption = None,
    expand: ExpandOption = False,
) -> None:
    """Find the records that answer a question, best first.

    Example: venru search "How much did trade grow in 2021?"
    """
    from venru import search as searching

    if not query_text.strip():
        _fail("the search query is empty; give words or a question", exitcodes.USAGE)
    run: Settings = ctx.obj
    chosen = _format(ctx, fmt, json_, Format)
    kinds = tuple(kind) if kind else tuple(model.Kind)
    names = _fields(fields, kinds, scored=True)
    base = _base(run)
    hits = searching.search(base, query_text, kinds=kind, limit=limit, run=run)
    if not hits:
        if not searching.index_words(query_text):
            why = f"'{query_text}' has only common words (stop words), which search leaves out"
            step = "add a name or a subject, e.g. venru search 'trade 2021'"
        else:
            why = f"nothing matches '{query_text}'"
            step = "try other words or another language, or browse: venru who, venru topics, venru list KIND"
        print(f"venru: {render.clean(why)}; {step}", file=sys.stderr)
        if chosen is Format.TABLE:
            return
    from venru import answer

    render.hits(hits, chosen, kinds=kinds, fields=names, run=run, name_of=answer.name_lookup(base), expand=expand)


@app.command()
def info(ctx: typer.Context, fmt: ObjectFormatOption = None, json_: JsonOption = False) -> None:
    """Describe the active fact base: path, files, sources and records per kind.

    Example: venru info --json
    """

    run: Settings = ctx.obj
    chosen = Format(_format(ctx, fmt, json_, ObjectFormat))
    base = _base(run)
    details = {
        "path": base.path,
        "files": list(base.files),
        "sources": [spec.to_plain(source) for source in base.sources],
        "records": len(base.records),
        "kinds": query.counts(base),
    }
    render.info(details, chosen, run=run)


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            help="Fact base to check: a file, a folder of *.yaml files, or '-' for stdin. Default: the active one."
        ),
    ] = None,
    fmt: ObjectFormatOption = None,
    json_: JsonOption = False,
) -> None:
    """Check a fact base and list every problem as file:line:col: message.

    Example: venru validate data/facts.yaml
    """

    run: Settings = ctx.obj
    chosen = Format(_format(ctx, fmt, json_, ObjectFormat))
    loaded = _load(run, path or run.data)
    render.validation(loaded.problems, len(loaded.base.records) if loaded.base else 0, chosen)
    if loaded.problems or loaded.base is None:
        raise typer.Exit(exitcodes.UNUSABLE)


def _source(base: model.FactBase, wanted: str | None) -> model.Source:

    picked = query.pick_source(base, wanted)
    if picked.source is None:
        _fail(picked.problem or "no source", exitcodes.USAGE if picked.usage else exitcodes.NOT_FOUND)
    return picked.source


@app.command()
def source(
    ctx: typer.Context,
    source_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            autocompletion=_complete_source,
            help="A source id (see venru info); optional with one source.",
        ),
    ] = None,
    paragraph: Annotated[
        int | None, typer.Option("--paragraph", "-p", metavar="N", help="Print only paragraph N (0 is the title).")
    ] = None,
    fmt: FormatOption = None,
    json_: JsonOption = False,
) -> None:
    """Print a source's numbered paragraphs, the text that evidence quotes.

    Example: venru source --paragraph 9
    """

    run: Settings = ctx.obj
    output = _format(ctx, fmt, json_, Format)
    base = _base(run)
    chosen = _source(base, source_id)
    numbered = list(enumerate(base.paragraphs[chosen.id]))
    if paragraph is not None:
        if not 0 <= paragraph < len(numbered):
            _fail(
                f"paragraph {paragraph} does not exist: {chosen.id} has paragraphs 0 to {len(numbered) - 1}",
                exitcodes.NOT_FOUND,
            )
        numbered = [numbered[paragraph]]
    render.paragraphs(chosen.id, numbered, output, run=run)


@app.command()
def coverage(
    ctx: typer.Context,
    source_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", autocompletion=_complete_source, help="A source id; default: every source of the fact base."
        ),
    ] = None,
    fmt: ObjectFormatOption = None,
    json_: JsonOption = False,
) -> None:
    """List the sentences of a source that no evidence quote touches, and how many are covered.

    Example: venru coverage --json
    """

    run: Settings = ctx.obj
    output = Format(_format(ctx, fmt, json_, ObjectFormat))
    base = _base(run)
    chosen = base.sources if source_id is None else (_source(base, source_id),)
    render.coverage(query.coverage(base, chosen), output, run=run)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the fact base (and of each record in JSON output).

    Example: venru schema > facts.schema.json
    """

    render.write_text(render.to_json(spec.json_schema()) + "\n")


class ExportFormat(enum.StrEnum):
    SQLITE = "sqlite"


@app.command()
def export(
    ctx: typer.Context,
    target: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="What to write: sqlite.")],
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The database file to write, e.g. facts.db.")],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH even if it is not a venru export.")] = False,
) -> None:
    """Write the fact base to SQLite, with Datasette metadata beside it (facts.db -> facts.metadata.json).

    Re-running replaces the file atomically; a file venru did not write is kept unless --force.

    Example: venru export sqlite facts.db && datasette facts.db --metadata facts.metadata.json
    """
    from venru import export as exporting

    run: Settings = ctx.obj
    base = _base(run)
    try:
        with render.progress("exporting", run) as advance:
            written = exporting.write(base, path, force=force, progress=advance, max_bytes=run.max_bytes)
    except exporting.ExportError as error:
        _fail(error.message, exitcodes.CANNOT_WRITE)
    except KeyboardInterrupt:
        _fail(f"interrupted; {path} was left as it was", exitcodes.INTERRUPTED)
    for note in written.notes:
        print(f"venru: note: {render.clean(note)}", file=sys.stderr)
    print(f"wrote {written.database} ({written.rows['records']} records) and {written.metadata}", file=sys.stderr)


class GraphFormat(enum.StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    SVG = "svg"
    PNG = "png"


@app.command()
def graph(
    ctx: typer.Context,
    around: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            autocompletion=_complete_record,
            help="Only the records near this one (an id, or a name that matches one record).",
        ),
    ] = None,
    depth: Annotated[
        int, typer.Option(min=0, metavar="N", help="With --around: how many references away (default 1).")
    ] = 1,
    kind: Annotated[
        list[model.Kind] | None,
        typer.Option(
            case_sensitive=False,
            help="Only records of this kind (repeatable). Default: all but figures, quotes, accounts.",
        ),
    ] = None,
    fmt: Annotated[
        GraphFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="mermaid or dot as text; svg or png drawn by Graphviz's dot."
        ),
    ] = GraphFormat.MERMAID,
) -> None:
    """Draw who is linked to what: records as nodes, references as labelled arrows.

    Example: venru graph --around borisov --format svg > borisov.svg
    """
    from venru import graph as graphs

    run: Settings = ctx.obj
    base = _base(run)
    center = None if around is None else base.by_id[_record_option(base, "--around", around, tuple(model.Kind)) or ""]
    if fmt is GraphFormat.PNG and sys.stdout.isatty():
        _fail(
            "PNG is binary and stdout is a terminal; redirect it: venru graph --format png > graph.png", exitcodes.USAGE
        )
    picture = graphs.select(base, around=center, depth=depth, kinds=kind)
    if fmt is GraphFormat.MERMAID:
        render.write_text(graphs.mermaid(picture))
    elif fmt is GraphFormat.DOT:
        render.write_text(graphs.dot(picture))
    else:
        try:
            drawn = graphs.run_dot(graphs.dot(picture), fmt.value)
        except graphs.GraphvizError as error:
            _fail(error.message, exitcodes.TOOL_MISSING)
        sys.stdout.flush()
        sys.stdout.buffer.write(drawn)
        sys.stdout.buffer.flush()


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def main() -> NoReturn:
    """The `venru` command: `run`, then end the process at once with its exit code.

    Everything venru writes is flushed and closed by then (files by their `with` blocks, the
    worker pool by its shutdown, stdout and stderr here), so what the interpreter would still do
    on the way out is freeing memory and unloading modules: about 8 ms, an eighth of a `venru
    who --json` (README, Performance). An error that shows its traceback (--debug) leaves the
    normal way."""
    try:
        run()
        code = exitcodes.OK
    except SystemExit as done:
        code = _exit_code(done.code)
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe was handled by `run`; nothing more can be said
            stream.flush()
    os._exit(code)


def _exit_code(code: object) -> int:
    """The exit status Python gives `SystemExit(code)`: None is 0, a number itself, anything else
    is printed on stderr and gives 1."""
    if code is None:
        return exitcodes.OK
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def run() -> None:
    """Run the command in sys.argv; ends with SystemExit. One line on stderr for an internal
    error (the traceback with --debug); exit 0 when stdout's reader has gone; 128 + N after
    signal N (SIGINT, SIGTERM, SIGHUP)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    every_command = app.registered_commands
    app.registered_commands = _invoked_command(sys.argv[1:])
    run: Settings | None = None
    try:
        try:
            try:
                run = settings.from_environment(os.environ)  # the one read of the environment
            except settings.BadSetting:
                run = None  # reported by the callback, so that --help and --version still work
            app(obj=run)  # exits through SystemExit; usage errors exit 2
        finally:
            sys.stdout.flush()  # a closed pipe shows here at the latest, not at interpreter exit
    except (_ClosedPipe, BrokenPipeError):
        # Later flushes (at exit) go nowhere instead of failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(exitcodes.OK)
    except _Stopped as stopped:
        sys.exit(exitcodes.SIGNALLED + stopped.signum)
    except KeyboardInterrupt:
        sys.exit(exitcodes.INTERRUPTED)
    except Exception as error:
        if (run is not None and run.debug) or "--debug" in sys.argv[1:]:
            raise
        print(f"venru: internal error: {type(error).__name__}: {error} (--debug shows the traceback)", file=sys.stderr)
        sys.exit(exitcodes.INTERNAL)
    finally:
        app.registered_commands = every_command


def _invoked_command(args: list[str]) -> list[Any]:
    """Only the command being run: Typer builds every registered command's parameters on each
    start, which costs more than venru's own work (measured: README, Performance). Help and
    unknown names keep them all."""
    names = {info.name or info.callback.__name__: info for info in app.registered_commands if info.callback}
    taking_values = _global_options_with_values()
    rest = iter(args)
    for arg in rest:
        if arg in taking_values:
            next(rest, None)
        elif not arg.startswith("-"):
            return [names[arg]] if arg in names else app.registered_commands
    return app.registered_commands


def _global_options_with_values() -> set[str]:
    """The names of the global options that take a value (`--data PATH`), read from the
    callback's parameters, so that a new global option needs no edit here."""
    from typer.models import OptionInfo
    from typer.utils import get_params_from_function

    names: set[str] = set()
    for name, param in get_params_from_function(_main).items():
        if isinstance(param.default, OptionInfo) and param.annotation is not bool:
            names.update(param.default.param_decls or (f"--{name.replace('_', '-')}",))
    return names
