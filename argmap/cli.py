"""The ``argmap`` command line: parse arguments, call the library, print.

Thin by design (DESIGN.md "Command line"): no domain logic lives here. Problems go to stderr in
the located format and exit with code 2; ``--fail-on`` matches exit with code 1. Heavy modules
are imported inside commands so that ``argmap --version`` starts fast.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from argmap import __version__
from argmap.errors import ArgmapError, printable

if TYPE_CHECKING:
    from argmap.model import Corpus

app = typer.Typer(
    name="argmap",
    help="Map what states claim against what they have committed to.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
)


class Format(StrEnum):
    """Output formats of reporting commands."""

    text = "text"
    json = "json"


class SemanticsName(StrEnum):
    """Argumentation semantics (Dung 1995)."""

    grounded = "grounded"
    complete = "complete"
    preferred = "preferred"
    stable = "stable"


class PreferName(StrEnum):
    """Preferences between arguments (argmap.argumentation)."""

    none = "none"
    binding = "binding"


DataArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Corpus files or directories (default: data/).", show_default=False),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="text for people, json for pipelines.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Map what states claim against what they have committed to."""


def fail(err: ArgmapError) -> NoReturn:
    """Print `err` in the one user-facing format and exit 2 (DESIGN.md exit codes)."""
    for problem in err.problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(code=2)


def load(data: list[Path] | None, *, locate: bool = False) -> Corpus:
    """Load and validate the corpus named on the command line, or exit 2."""
    from argmap.corpus import load_corpus

    try:
        return load_corpus(data or [Path("data")], locate=locate)
    except ArgmapError as err:
        fail(err)


def dump_json(obj: Any, *, compact: bool = False) -> str:
    """`obj` as stable JSON (sorted keys), indented unless `compact`, without a newline.

    Compact output is for bulk results (``check --file``): Python's JSON encoder is about ten
    times faster without indentation.
    """
    if compact:
        return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False)


def emit_json(obj: Any) -> None:
    """Print `obj` as stable, indented JSON with a trailing newline."""
    typer.echo(dump_json(obj))


def emit_json_stream(key: str, items: Any) -> None:
    """Print ``{key: [items...]}`` as the same indented JSON as :func:`emit_json`, one item
    at a time: the pair-level findings of a large corpus are too many to hold as text."""
    out = sys.stdout
    first = True
    out.write("{\n" + f'  "{key}": [')
    for item in items:
        body = dump_json(item).replace("\n", "\n    ")
        out.write(("\n    " if first else ",\n    ") + body)
        first = False
    out.write("\n  ]\n}\n" if not first else "]\n}\n")


def emit_json_lines(head: dict[str, Any], key: str, items: Any) -> None:
    """Print ``{key: [items...], **head}`` with each item compact on a line of its own.

    The grouped findings of a large corpus are hundreds of thousands: Python's indenting JSON
    encoder is about ten times slower than its compact one, and one finding per line still
    reads (and greps) well. Keys stay sorted, as in :func:`emit_json`.
    """
    out = sys.stdout
    keys = sorted([key, *head])
    out.write("{")
    for i, k in enumerate(keys):
        out.write(("\n" if i == 0 else ",\n") + f"  {json.dumps(k)}: ")
        if k != key:
            out.write(dump_json(head[k]).replace("\n", "\n  "))
            continue
        first = True
        out.write("[")
        for item in items:  # dicts, or lines of compact JSON already encoded
            line = item if isinstance(item, str) else dump_json(item, compact=True)
            out.write(("\n    " if first else ",\n    ") + line)
            first = False
        out.write("]" if first else "\n  ]")
    out.write("\n}\n")


def console() -> Any:
    """A rich console on stdout; plain (no colour codes) when stdout is not a terminal."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 100)


@app.command()
def validate(data: DataArg = None, fmt: FormatOpt = Format.text) -> None:
    """Load and cross-check a corpus; print every problem as FILE:LINE:COL."""
    corpus = load(data)
    from argmap.stats import corpus_stats

    stats = corpus_stats(corpus)
    if fmt is Format.json:
        emit_json({"valid": True, "files": corpus.files, "counts": stats["counts"]})
        return
    from argmap.words import plural

    counts = ", ".join(plural(n, k.removesuffix("s")) for k, n in stats["counts"].items())
    typer.echo(f"ok: {plural(len(corpus.files), 'file')}, {counts}")


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the schema here.")] = None,
) -> None:
    """Print the JSON Schema of the corpus YAML format (for editor completion)."""
    from argmap.schema import corpus_schema

    _emit(
        json.dumps(corpus_schema(), indent=2, sort_keys=True) + "\n",
        out,
        "the JSON Schema of the corpus format, for editors",
    )


def _emit(text: str, out: Path | None, what: str = "") -> None:
    """Print `text`, or write it atomically to `out` and say so (exit 2 if that fails)."""
    from argmap.files import write_atomic

    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        write_atomic(out, text)
    except ArgmapError as err:
        fail(err)
    typer.echo(f"wrote {out}" + (f" ({what})" if what else ""))


@app.command()
def stats(data: DataArg = None, fmt: FormatOpt = Format.text) -> None:
    """Count records by section, claims by actor and commitments by document."""
    corpus = load(data)
    from argmap.stats import corpus_stats, stats_tables

    result = corpus_stats(corpus)
    if fmt is Format.json:
        emit_json(result)
        return
    out = console()
    for table in stats_tables(result):
        out.print(table)


KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        help="Only findings of this kind (repeatable): breach, selective-invocation, "
        "contradiction, reversal, disagreement, tension, support.",
        show_default=False,
    ),
]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor", "-a", help="Only findings about this actor (repeatable).", show_default=False
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only findings dated on or after YYYY-MM-DD.")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only findings dated on or before YYYY-MM-DD.")
]
FailOnOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a finding of this kind exists (repeatable).",
        show_default=False,
    ),
]


def _date(value: str | None, option: str) -> Any:
    """Parse a date option, or exit 2 with a one-line message."""
    from datetime import date

    if value is None:
        return None
    import re

    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        usage(f"{option} takes a date as YYYY-MM-DD, not {value!r}")


def usage(message: str) -> NoReturn:
    """A usage problem: one line on stderr, exit 2."""
    typer.echo(f"argmap: error: {printable(message, one_line=True)}", err=True)
    raise typer.Exit(code=2)


def _check_kinds(kinds: list[str] | None, option: str) -> list[str]:
    from argmap.findings import KINDS
    from argmap.load import closest

    for kind in kinds or []:
        if kind not in KINDS:
            hint = closest(kind, KINDS)
            did = f"; did you mean '{hint[0]}'?" if hint else ""
            usage(f"{option}: unknown finding kind '{kind}'{did} (kinds: {', '.join(KINDS)})")
    return list(kinds or [])


class ByName(StrEnum):
    """How ``analyze`` and ``check`` group findings (DESIGN.md "Positions")."""

    position = "position"
    pair = "pair"


RobustOpt = Annotated[
    bool,
    typer.Option(
        "--robust",
        help="Keep only the findings that hold without any implies/excludes link marked "
        "contested (a second closure without them), and print the sensitivity table.",
    ),
]
ByOpt = Annotated[
    ByName,
    typer.Option(
        "--by",
        help="position: one finding per (claim, proposition) or per position (default); "
        "pair: one per pair of nodes, as argmap 0.1 did.",
    ),
]


@app.command()
def analyze(
    data: DataArg = None,
    fmt: FormatOpt = Format.text,
    kind: KindOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fail_on: FailOnOpt = None,
    by: ByOpt = ByName.position,
    robust: RobustOpt = False,
) -> None:
    """All findings: a summary per actor, then breaches, selective invocations, reversals, ..."""
    kinds = _check_kinds(kind, "--kind")
    fails = _check_kinds(fail_on, "--fail-on")
    start, end = _date(since, "--since"), _date(until, "--until")
    corpus = load(data)
    for a in actor or []:
        _known(corpus, a, "actor", corpus.actors)
    from argmap.graph import build_graph

    ag = build_graph(corpus)
    sensitivity: list[dict[str, Any]] | None = None
    if robust:
        from argmap.robust import robustness

        rob = robustness(corpus, ag)
        ag, sensitivity = rob.robust_graph, rob.table()
        if fmt is not Format.json:
            from argmap.explain import sensitivity_text

            dropped = len(rob.fragile_positions) if by is ByName.position else None
            typer.echo(sensitivity_text(rob.links, sensitivity, dropped), nl=False)
    if by is ByName.pair:
        from argmap.explain import analyze_text
        from argmap.findings import filter_findings, find_all, finding_dict

        pairs = filter_findings(
            ag, find_all(ag), kinds=kinds, actors=actor or [], since=start, until=end
        )
        if fmt is Format.json and sensitivity is not None:
            emit_json(
                {"findings": [finding_dict(ag, f) for f in pairs], "sensitivity": sensitivity}
            )
        elif fmt is Format.json:
            emit_json_stream("findings", (finding_dict(ag, f) for f in pairs))
        else:
            typer.echo(analyze_text(ag, pairs), nl=False)
        found_kinds = {f.kind for f in pairs}
    else:
        from argmap.explain import positions_text
        from argmap.findings import KINDS
        from argmap.positions import (
            Position,
            filter_positions,
            find_positions,
            json_lines,
            positions_and_supports,
            summary,
            support_counts,
        )

        listing = "support" in kinds
        filtered = bool(actor or start or end)
        # What the summary needs (breaches, contradictions, reversals) and what is shown;
        # supports are counted without being built unless listed or filtered.
        needed = {*(kinds or KINDS), "breach", "contradiction", "reversal"}
        if not (listing or filtered):
            needed.discard("support")
        # Supports of the whole corpus are counted alongside (one index serves both); a
        # filtered or --kind listing counts the supports it keeps instead.
        whole = not (listing or filtered or kinds)
        if whole:
            everything, supports = positions_and_supports(ag, sorted(needed))
        else:
            everything = find_positions(ag, sorted(needed))
        found = filter_positions(
            ag, everything, kinds=kinds, actors=actor or [], since=start, until=end
        )
        rows = summary(ag, everything, actors=actor or [])
        if not whole:
            counted = [f for f in found if f.kind == "support"]
            supports = (len(counted), support_counts(ag, counted))
        listed = [f for f in found if f.kind != "support" or listing]
        if fmt is Format.json:
            for row in rows:
                row["supports"] = supports[1].get(row["actor"], 0)
            from argmap.robust import position_key, robustness

            contest = None
            if sensitivity is None and any(p.contested for p in corpus.propositions.values()):
                contest = robustness(corpus, ag)
            head: dict[str, Any] = {"summary": rows}
            if sensitivity is not None:
                head["sensitivity"] = sensitivity

            def rests_on(f: Position) -> dict[str, Any] | None:
                rests = contest.judgements(position_key(f)) if contest is not None else None
                return {"rests_on": rests} if rests else None

            emit_json_lines(head, "findings", json_lines(ag, listed, rests_on))
        else:
            shown = None if listing else supports
            typer.echo(positions_text(ag, listed, rows, supports=shown), nl=False)
        found_kinds = {f.kind for f in listed} | ({"support"} if supports[0] else set())
    if fails and found_kinds & set(fails):
        raise typer.Exit(code=1)


def _known(corpus: Corpus, ident: str, what: str, pool: Any) -> None:
    """Exit 2 with 'did you mean' when `ident` is not in `pool`."""
    if ident in pool:
        return
    from argmap.errors import UnknownId
    from argmap.load import closest

    usage(str(UnknownId(what, ident, closest(ident, pool, n=3))))


@app.command()
def explain(
    ident: Annotated[
        str,
        typer.Argument(metavar="ID", help="A claim, commitment, proposition or actor id."),
    ],
    data: DataArg = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """What the texts state about ID and the derivation of every finding involving it.

    For a proposition or an actor: where the corpus uses it (argmap list shows the ids).
    """
    corpus = load(data)
    from argmap.lookup import describe, stated, stated_lines

    if ident in corpus.propositions or ident in corpus.actors:
        described, lines = describe(corpus, ident)
        if fmt is Format.json:
            emit_json(described)
        else:
            typer.echo("\n".join(lines))
        return
    pool = {**corpus.claims, **corpus.commitments, **corpus.propositions, **corpus.actors}
    _known(corpus, ident, "claim, commitment, proposition or actor", pool)
    from argmap.explain import explain_positions_text
    from argmap.graph import build_graph
    from argmap.positions import filter_positions, find_positions, position_dict

    ag = build_graph(corpus)
    found = filter_positions(ag, find_positions(ag), involving=ident)
    links = stated(corpus, ident)
    from argmap.robust import position_key, robustness

    rests_on: dict[Any, list[str]] = {}
    if any(p.contested for p in corpus.propositions.values()):
        rob = robustness(corpus, ag)
        rests_on = {key: rob.judgements(key) for key in rob.rests_on}
    if fmt is Format.json:
        dicts = []
        for f in found:
            d = position_dict(ag, f)
            if rests := rests_on.get(position_key(f)):
                d["rests_on"] = rests
            dicts.append(d)
        emit_json({"id": ident, "stated": links, "findings": dicts})
    else:
        typer.echo(f"Stated in the texts about {ident}:")
        typer.echo("\n".join(stated_lines(links)) + "\n")
        typer.echo(explain_positions_text(ag, ident, found, rests_on), nl=False)


@app.command()
def check(
    text: Annotated[
        str | None, typer.Argument(metavar="TEXT", help="The statement (omit with --file).")
    ] = None,
    data: DataArg = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", "-s", help="Actor id of who said it.")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor", help="The state or organization it speaks for (if not the speaker's)."
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="When it was said, YYYY-MM-DD (default today).")
    ] = None,
    asserts: Annotated[
        list[str] | None, typer.Option("--asserts", help="Proposition it asserts (repeatable).")
    ] = None,
    denies: Annotated[
        list[str] | None, typer.Option("--denies", help="Proposition it denies (repeatable).")
    ] = None,
    invokes: Annotated[
        list[str] | None, typer.Option("--invokes", help="Commitment it cites (repeatable).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="A YAML list of statements (claims format).")
    ] = None,
    fmt: FormatOpt = Format.text,
    fail_on: FailOnOpt = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Rebuild the index.")] = False,
    reader: Annotated[
        bool,
        typer.Option(
            "--reader",
            help="Also read the text with the reader trained on the corpus's examples: "
            "finds more, and more of what it finds is wrong.",
        ),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say per proposition why it was or was not inferred.")
    ] = False,
    by: ByOpt = ByName.position,
) -> None:
    """Check a new statement: what it touches, and the findings it would add."""
    fails = _check_kinds(fail_on, "--fail-on")
    from argmap.check import check_many, load_checker, read_statements, statement_problems
    from argmap.errors import CorpusInvalid

    if file is not None and text is not None:  # `check --file F DATA...`: no TEXT
        data, text = [Path(text), *(data or [])], None
    if (text is None) == (file is None):
        usage("give either a statement TEXT or --file FILE")
    try:
        if file is not None:
            statements = read_statements(file)
        else:
            statements = [
                _statement(
                    text=text or "",
                    speaker=speaker,
                    actor=actor,
                    date=_date(on, "--date") or _today(),
                    asserts=asserts or [],
                    denies=denies or [],
                    invokes=invokes or [],
                )
            ]
        checker = load_checker(data or [Path("data")], use_cache=not no_cache, read=reader)
        problems = statement_problems(checker, statements)
        if problems and file is None:  # options, not a file: nothing to locate
            for problem in problems:
                typer.echo(f"argmap: error: {printable(problem.message, one_line=True)}", err=True)
            raise typer.Exit(code=2)
        if problems:
            raise CorpusInvalid(problems)
        # Each result is rendered as it is checked (in worker processes for many).
        by_pair = by is ByName.pair
        if fmt is Format.text:
            render = partial(_text_result, explain=explain, by_pair=by_pair)
        else:
            render = partial(
                _json_result, compact=file is not None, explain=explain, by_pair=by_pair
            )
        rendered = check_many(checker, statements, render)
    except ArgmapError as err:
        fail(err)
    out = sys.stdout
    if fmt is Format.json and file is not None:
        # Written piece by piece: at 100,000 claims the results are 470 MB, and joining them
        # into one string first took twice that in memory.
        out.write('{"results":[')
        for i, (text, _) in enumerate(rendered):
            out.write("," + text if i else text)
        out.write("]}\n")
    else:
        for text, _ in rendered:
            out.write(text)
    out.flush()
    if fails and any(kind in fails for _, kinds in rendered for kind in kinds):
        raise typer.Exit(code=1)


def _statement(**fields: Any) -> Any:
    """A statement from the command line's options, or exit 2 naming what is wrong."""
    from pydantic import ValidationError

    from argmap.check import Statement

    try:
        return Statement(**fields)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(x) for x in first["loc"]) or "statement"
        usage(f"{where}: {str(first['msg']).removeprefix('Value error, ')}")


def _json_result(
    result: Any, *, compact: bool = True, explain: bool = False, by_pair: bool = False
) -> tuple[str, frozenset[str]]:
    """A check result as JSON (compact for bulk output) and the kinds of its findings."""
    d = result.to_dict(explain=explain, by_pair=by_pair)
    text = dump_json(d, compact=compact) + ("" if compact else "\n")
    return text, result.kinds(by_pair=by_pair)


def _text_result(
    result: Any, *, explain: bool = False, by_pair: bool = False
) -> tuple[str, frozenset[str]]:
    from argmap.check import headline
    from argmap.explain import check_text

    text = check_text(result, headline(result, by_pair=by_pair), explain=explain, by_pair=by_pair)
    return text, result.kinds(by_pair=by_pair)


@app.command(name="test")
def test_cmd(data: DataArg = None, fmt: FormatOpt = Format.text) -> None:
    """Check the expect: answer keys inside a corpus; exit 1 on any mismatch."""
    corpus = load(data, locate=True)
    from argmap.expect import check_expectations
    from argmap.findings import find_all
    from argmap.graph import build_graph
    from argmap.positions import find_positions

    ag = build_graph(corpus)
    checked, problems = check_expectations(ag, find_all(ag), _labeller(ag), find_positions(ag))
    if fmt is Format.json:
        emit_json(
            {
                "checked": checked,
                "met": checked - len(problems),
                "mismatches": [
                    {
                        "path": p.path,
                        "line": p.line,
                        "col": p.col,
                        "code": p.code,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            typer.echo(str(problem))
        if not checked:
            typer.echo("no expect: section in this corpus; nothing to check")
        else:
            typer.echo(f"{checked - len(problems)} of {checked} expectations met")
    if problems:
        raise typer.Exit(code=1)


def _labeller(ag: Any) -> Any:
    """Labels under a semantics, for answer keys (no preferences, as `evaluate`'s default)."""
    from argmap.argumentation import corpus_labels

    return lambda semantics, prefer: corpus_labels(ag, semantics, prefer).labels


def _today() -> Any:
    from datetime import date

    return date.today()


class Rankdir(StrEnum):
    """Direction of a map's timeline."""

    LR = "LR"
    TB = "TB"


OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output file: .pdf, .svg, .png or .dot.")]
FocusOpt = Annotated[
    str | None,
    typer.Option("--focus", help="Draw only the neighbourhood of this claim or commitment."),
]
DepthOpt = Annotated[int, typer.Option("--depth", min=0, help="Steps around --focus.")]
DocumentOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--document",
        "-d",
        help="Only this document's commitments and the claims related to them (repeatable).",
        show_default=False,
    ),
]
RelationOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        help="Draw only relations of this kind (repeatable): breach, selective-invocation, "
        "contradiction, reversal, disagreement, tension, support, invocation. Default: every "
        "link the texts state, and every derived kind but disagreement and support.",
        show_default=False,
    ),
]
RankdirOpt = Annotated[
    Rankdir, typer.Option("--rankdir", help="Timeline left to right (LR) or top to bottom (TB).")
]
TitleOpt = Annotated[
    str | None, typer.Option("--title", help="Map title (default: the corpus title).")
]
DeckOpt = Annotated[
    bool, typer.Option("--deck", help="A PDF with one page per claim, in date order.")
]
TimeoutOpt = Annotated[
    float,
    # A bound, not only a minimum: inf or 1e308 overflowed the process timer (issue 17).
    typer.Option(
        "--timeout",
        min=1,
        max=86400,
        help="Seconds Graphviz may take (for each page of a deck).",
    ),
]
PageTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout", min=1, max=86400, help="Seconds Graphviz may take to lay out the map."
    ),
]
MapActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        "-a",
        help="Only the claims of this actor, as actor or speaker, and the commitments related "
        "to them (repeatable).",
        show_default=False,
    ),
]
MapSinceOpt = Annotated[
    str | None,
    typer.Option("--since", help="Only the claims made on or after YYYY-MM-DD (and theirs)."),
]
MapUntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Only the claims made on or before YYYY-MM-DD (and theirs)."),
]


class PaperName(StrEnum):
    """Paper sizes for PDF output."""

    a4 = "a4"
    a3 = "a3"
    letter = "letter"


PaperOpt = Annotated[
    PaperName, typer.Option("--paper", help="Paper of a PDF map, worksheet or report.")
]
LandscapeOpt = Annotated[
    bool | None,
    typer.Option(
        "--landscape/--portrait",
        help="Page orientation (default: landscape for maps, portrait for worksheets and reports).",
        show_default=False,
    ),
]
DetailOpt = Annotated[
    bool,
    typer.Option(
        "--detail",
        help="One edge per pair of nodes (default: one per claim, document and kind).",
    ),
]


class MapBy(StrEnum):
    """What one box of the map is."""

    claim = "claim"
    actor = "actor"


MapByOpt = Annotated[
    MapBy | None,
    typer.Option(
        "--by",
        help="claim: a box per claim; actor: a box per actor, one edge per actor, document "
        "and kind (default: per actor above 400 claims on the map, per claim otherwise).",
    ),
]


@app.command()
def render(
    out: OutOpt,
    data: DataArg = None,
    focus: FocusOpt = None,
    depth: DepthOpt = 1,
    actor: MapActorOpt = None,
    document: DocumentOpt = None,
    since: MapSinceOpt = None,
    until: MapUntilOpt = None,
    kind: RelationOpt = None,
    rankdir: RankdirOpt = Rankdir.LR,
    title: TitleOpt = None,
    deck: DeckOpt = False,
    paper_name: PaperOpt = PaperName.a4,
    landscape: LandscapeOpt = None,
    detail: DetailOpt = False,
    by: MapByOpt = None,
    timeout: TimeoutOpt = 60.0,
    labels: Annotated[
        SemanticsName | None,
        typer.Option("--labels", help="Shade claims and commitments in/out/undecided."),
    ] = None,
    prefer: Annotated[
        PreferName, typer.Option("--prefer", help="Preferences for --labels (see evaluate).")
    ] = PreferName.none,
) -> None:
    """Draw the argument map with Graphviz: pdf, svg, png or dot by the suffix of -o FILE."""
    from argmap.render.output import FORMATS, format_of, render_deck, render_map
    from argmap.render.view import ViewOptions, check_kinds

    try:
        format_of(out, ("pdf",) if deck else FORMATS)
    except ArgmapError as err:
        fail(err)
    try:
        kinds = check_kinds(kind) if kind else None
    except ArgmapError as err:
        usage(f"--kind: {err}")
    start, end = _date(since, "--since"), _date(until, "--until")
    if by is MapBy.actor and (focus is not None or detail or deck or labels is not None):
        usage("--by actor draws actors, not claims: not with --focus, --detail, --deck or --labels")
    corpus = load(data)
    if focus is not None:
        _known(corpus, focus, "claim or commitment", {**corpus.claims, **corpus.commitments})
    for a in actor or []:
        _known(corpus, a, "actor", corpus.actors)
    for d in document or []:
        _known(corpus, d, "document", corpus.documents)
    from argmap.graph import build_graph
    from argmap.render.dot import MapStyle

    ag = build_graph(corpus)
    view = ViewOptions(focus, depth, tuple(actor or ()), tuple(document or ()), start, end, kinds)
    shading = None
    if labels is not None:
        from argmap.argumentation import corpus_labels

        shading = corpus_labels(ag, labels.value, prefer.value).labels
    style = MapStyle(title=title, rankdir=rankdir.value, labels=shading)
    try:
        if deck and not sys.stderr.isatty():  # no progress bar (nor its blank line) in logs
            done = render_deck(ag, out, options=view, style=style, timeout=timeout)
        elif deck:
            from rich.progress import Progress

            with Progress(transient=True, console=_stderr_console()) as bar:
                task = bar.add_task("drawing the deck", total=None)
                done = render_deck(
                    ag,
                    out,
                    options=view,
                    style=style,
                    timeout=timeout,
                    progress=lambda k, n: bar.update(task, completed=k, total=n),
                )
        else:
            from argmap.render.paper import paper

            sheet = paper(paper_name.value, landscape is not False)
            done = render_map(
                ag,
                out,
                options=view,
                style=style,
                timeout=timeout,
                page=sheet,
                detail=detail,
                by=None if by is None or labels is not None else by.value,
            )
    except ArgmapError as err:
        fail(err)
    from argmap.words import plural

    pages = f", {plural(done.pages, 'page')}" if done.format == "pdf" else ""
    if done.actors is not None:
        typer.echo(
            f"wrote {done.path} (drawn per actor: {plural(done.actors, 'actor')} with "
            f"{plural(done.claims, 'claim')}, {plural(done.commitments, 'commitment')}, "
            f"{plural(done.edges, 'relation')}{pages}; --by claim draws every claim)"
        )
        return
    typer.echo(
        f"wrote {done.path} ({plural(done.claims, 'claim')}, "
        f"{plural(done.commitments, 'commitment')}, {plural(done.edges, 'relation')}{pages})"
    )


class TimelineBy(StrEnum):
    """What one row of ``timeline`` is."""

    proposition = "proposition"
    actor = "actor"


@app.command()
def timeline(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .pdf, .svg or .png.")],
    data: DataArg = None,
    by: Annotated[
        TimelineBy, typer.Option("--by", help="One row per proposition or per actor.")
    ] = TimelineBy.proposition,
    focus: Annotated[
        str | None,
        typer.Option("--focus", help="Only claims that take a stance on this proposition."),
    ] = None,
    actor: ActorOpt = None,
    document: Annotated[
        list[str] | None,
        typer.Option(
            "--document",
            "-d",
            help="Binding ticks of this document only (repeatable).",
            show_default=False,
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    title: TitleOpt = None,
) -> None:
    """Positions over time on one A4 page: each claim a mark, changes of stance, bindings."""
    from argmap.render.output import format_of
    from argmap.render.timeline import FORMATS

    try:
        format_of(out, FORMATS)
    except ArgmapError as err:
        fail(err)
    start, end = _date(since, "--since"), _date(until, "--until")
    corpus = load(data)
    if focus is not None:
        _known(corpus, focus, "proposition", corpus.propositions)
    for a in actor or []:
        _known(corpus, a, "actor", corpus.actors)
    for d in document or []:
        _known(corpus, d, "document", corpus.documents)
    from argmap.graph import build_graph
    from argmap.render.timeline import build_timeline, render_timeline

    ag = build_graph(corpus)
    try:
        tl = build_timeline(
            ag,
            by=by.value,
            actors=tuple(actor or ()),
            since=start,
            until=end,
            focus=focus,
            documents=tuple(document or ()),
            title=title,
        )
        done = render_timeline(ag, out, tl)
    except ArgmapError as err:
        fail(err)
    from argmap.words import plural

    typer.echo(
        f"wrote {done.path} ({plural(done.claims, 'claim')}, {plural(done.rows, 'row')}, "
        f"{plural(done.changes, 'change')} of stance)"
    )


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def worksheet(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="FILE.md or FILE.pdf; the key goes beside it.")
    ],
    data: DataArg = None,
    paper_name: PaperOpt = PaperName.a4,
    landscape: LandscapeOpt = None,
) -> None:
    """A seminar exercise sheet (map without derived relations, questions) and its answer key."""
    corpus = load(data)
    from argmap.findings import find_all
    from argmap.graph import build_graph
    from argmap.worksheet import write_worksheet

    ag = build_graph(corpus)
    try:
        from argmap.render.paper import paper

        sheet = paper(paper_name.value, landscape is True)
        written = write_worksheet(ag, out, find_all(ag), page=sheet)
    except ArgmapError as err:
        fail(err)
    typer.echo("wrote " + ", ".join(str(p) for p in written))


@app.command("export")
def export_(
    data: DataArg = None,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            "-t",
            help="argdown, aif, graphml, json, or apx (the framework evaluate uses).",
            show_default=False,
        ),
    ] = "",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (default: standard output).")
    ] = None,
    explicit_only: Annotated[
        bool,
        typer.Option("--explicit-only", help="Leave out the derived relations."),
    ] = False,
) -> None:
    """Export the argument graph as Argdown, AIF, GraphML, JSON or ASPARTIX: --to FORMAT -o FILE."""
    from argmap.formats import EXPORT_FORMATS, UnknownFormat

    if to not in EXPORT_FORMATS:
        usage(str(UnknownFormat("--to", to, EXPORT_FORMATS)) if to else "--to FORMAT is required")
    corpus = load(data)
    from argmap.formats import export_text
    from argmap.graph import build_graph

    ag = build_graph(corpus)
    relations = "the relations the texts state" if explicit_only else "all relations"
    _emit(export_text(ag, to, derived=not explicit_only), out, f"{to}, {relations}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The map to import.")],
    from_: Annotated[
        str, typer.Option("--from", help="aif, or argdown (its JSON export).", show_default=False)
    ] = "",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Directory to write the corpus into.")
    ] = None,
) -> None:
    """Import an AIF map or Argdown JSON export as a corpus: --from FORMAT FILE -o DIR."""
    from argmap.formats import IMPORT_FORMATS, UnknownFormat, import_file, write_corpus

    if from_ not in IMPORT_FORMATS:
        usage(
            str(UnknownFormat("--from", from_, IMPORT_FORMATS))
            if from_
            else "--from FORMAT is required"
        )
    if out is None:
        usage("-o DIR is required: the directory to write the corpus into")
    try:
        imported = import_file(from_, file)
        path = write_corpus(imported, out)
    except ArgmapError as err:
        fail(err)
    for warning in imported.warnings:
        typer.echo(str(warning), err=True)
    from argmap.words import plural

    n = imported.counts
    undercuts = f", {plural(n['undercuts'], 'undercut')} reported" if n.get("undercuts") else ""
    typer.echo(
        f"wrote {path}: {plural(n['claims'], 'claim')}, {plural(n['actors'], 'actor')}, "
        f"{plural(n['supports'], 'support')}, {plural(n['attacks'], 'attack')}{undercuts}"
    )


@app.command()
def html(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file, ending in .html.")],
    data: DataArg = None,
    title: TitleOpt = None,
    timeout: PageTimeoutOpt = 60.0,
) -> None:
    """One self-contained interactive page (map, quotations, findings) that works offline."""
    from argmap.render.output import format_of

    try:
        format_of(out, ("html",))
    except ArgmapError as err:
        fail(err)
    corpus = load(data)
    from argmap.graph import build_graph
    from argmap.render.dot import MapStyle
    from argmap.render.page import write_page

    try:
        page = write_page(build_graph(corpus), out, style=MapStyle(title=title), timeout=timeout)
    except ArgmapError as err:
        fail(err)
    fonts = (
        "" if page.fonts_embedded else "; DejaVu Sans not found: the page uses the reader's fonts"
    )
    from argmap.words import plural

    typer.echo(
        f"wrote {page.path} ({plural(page.claims, 'claim')} and "
        f"{plural(page.commitments, 'commitment')} on the map, "
        f"{plural(page.findings, 'finding')}{fonts})"
    )


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .md, .html or .pdf.")],
    data: DataArg = None,
    paper_name: PaperOpt = PaperName.a4,
    landscape: LandscapeOpt = None,
) -> None:
    """A findings report with quotations and citations, as Markdown, HTML or a typeset PDF."""
    from argmap.render.output import format_of

    try:
        format_of(out, ("md", "html", "pdf"))
    except ArgmapError as err:
        fail(err)
    corpus = load(data)
    from argmap.graph import build_graph
    from argmap.report import write_report

    try:
        from argmap.render.paper import paper

        sheet = paper(paper_name.value, landscape is True)
        done = write_report(build_graph(corpus), out, page=sheet)
    except ArgmapError as err:
        fail(err)
    typer.echo(f"wrote {done.path} ({done.summary})")


@app.command()
def evaluate(
    data: DataArg = None,
    semantics: Annotated[
        SemanticsName, typer.Option("--semantics", "-s", help="Which arguments stand together.")
    ] = SemanticsName.grounded,
    prefer: Annotated[
        PreferName,
        typer.Option("--prefer", help="binding: a claim cannot defeat its actor's own commitment."),
    ] = PreferName.none,
    apx: Annotated[
        Path | None, typer.Option("--apx", help="Evaluate a raw framework in ASPARTIX format.")
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Which claims and commitments stand, under an argumentation semantics."""
    if apx is not None:
        from argmap.semantics import evaluate as run_semantics
        from argmap.semantics import read_apx

        try:
            result = run_semantics(read_apx(apx), semantics.value)
        except ArgmapError as err:
            fail(err)
        out = result.to_json()
        if fmt is Format.json:
            emit_json(out)
        else:
            from argmap.explain import labels_text

            typer.echo(labels_text(out, None), nl=False)
        return
    corpus = load(data)
    from argmap.argumentation import corpus_labels, defeaters
    from argmap.graph import build_graph

    ag = build_graph(corpus)
    try:
        result = corpus_labels(ag, semantics.value, prefer.value)
    except ArgmapError as err:
        fail(err)
    why = defeaters(ag, result, prefer.value)
    out = {**result.to_json(), "prefer": prefer.value}
    if fmt is Format.json:
        out["defeated_by"] = {i: [{"by": a, "how": h} for a, h in w] for i, w in why.items()}
        emit_json(out)
    else:
        from argmap.explain import labels_text

        typer.echo(labels_text(out, ag, why), nl=False)


@app.command("evaluate-check")
def evaluate_check(
    file: Annotated[Path, typer.Argument(help="A labelled set (tests/fixtures/check/real.yaml).")],
    data: DataArg = None,
    split: Annotated[
        str, typer.Option("--split", help="Which half to score: test, dev or all.")
    ] = "test",
    reading: Annotated[
        Path | None,
        typer.Option(
            "--reading",
            help="A second reading of the set (tests/fixtures/check/second-reading.yaml): "
            "scored as a method, to show how far two readers agree.",
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Score check's inference against a labelled set: n, precision, recall, F1 per method."""
    from argmap.check import load_checker
    from argmap.evaluation import evaluate_check as run_evaluation
    from argmap.evaluation import evaluation_text

    if split not in ("test", "dev", "all"):
        usage("--split: one of test, dev, all")
    try:
        report = run_evaluation(load_checker(data or [Path("data")]), file, split, reading)
    except ArgmapError as err:
        fail(err)
    if fmt is Format.json:
        emit_json(report)
    else:
        typer.echo(evaluation_text(report), nl=False)


def run() -> None:
    """Console-script entry point: an unexpected exception exits 2, located (issue 17).

    The cyclic garbage collector is off for the process: a command builds hundreds of
    thousands of small acyclic tuples (findings, sides, closures) in one burst, each burst
    triggers collections that walk every live object, and that doubled the time of
    ``analyze`` on 10,000 claims. A command exits when done, so no cycle outlives it;
    ``watch``, which runs for hours, turns the collector back on.
    """
    import gc

    from argmap.safety import guarded

    gc.disable()
    guarded(partial(app, prog_name="argmap"))


# list, init, watch and the --help examples live in their own module (registered on import).
from argmap import cli_tools  # noqa: E402, F401
