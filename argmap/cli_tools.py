"""Commands for finding one's way and starting out: ``list``, ``init``, ``watch``; examples.

Registered on :data:`argmap.cli.app` when :mod:`argmap.cli` is imported (it imports this module
last). Kept apart from cli.py so that the two change independently. Thin like cli.py: the work
is in :mod:`argmap.lookup` and :mod:`argmap.watch`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from argmap.cli import DataArg, Format, FormatOpt, app, emit_json, fail, load, usage
from argmap.errors import ArgmapError


class Section(StrEnum):
    """The sections ``argmap list`` lists (argmap.lookup.SECTIONS)."""

    actors = "actors"
    documents = "documents"
    propositions = "propositions"
    commitments = "commitments"
    claims = "claims"


@app.command("list")
def list_(
    section: Annotated[
        Section, typer.Argument(help="propositions, actors, documents, claims or commitments.")
    ],
    data: DataArg = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help="Only records whose id or text holds every word of this."
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """The ids of one section of the corpus, each with what identifies it (text, name, date)."""
    corpus = load(data)
    from argmap.lookup import list_rows, row_text

    rows = list_rows(corpus, section.value, search)
    if fmt is Format.json:
        emit_json({section.value: rows})
        return
    width = max((len(str(r["id"])) for r in rows), default=0)
    for row in rows:
        typer.echo(row_text(section.value, row, width))
    if not rows and search:
        typer.echo(f"no {section.value} match {search!r}", err=True)


STARTER = Path(__file__).parent / "templates" / "starter.yaml"


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="A new or empty directory for the corpus.")
    ],
) -> None:
    """Start a corpus in DIR: one commented file (the invented minimal example) to edit."""
    from argmap.files import write_atomic

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        usage(f"{directory} exists and is not an empty directory; give a new one")
    text = STARTER.read_text(encoding="utf-8").replace("examples/minimal", str(directory))
    try:
        path = write_atomic(directory / "corpus.yaml", text)
    except ArgmapError as err:
        fail(err)
    typer.echo(
        f"wrote {path}: an invented example to replace with your own dispute.\n"
        f"Next: argmap validate {directory}  (then analyze, render -o map.svg, test)\n"
        f"Editor completion: argmap schema -o {directory}/corpus.schema.json"
    )


#: One example per command, shown at the end of its --help (the docs test runs each one).
EXAMPLES: dict[str, str] = {
    "validate": "argmap validate data/",
    "schema": "argmap schema -o corpus.schema.json",
    "stats": "argmap stats examples/crimea-2014",
    "analyze": "argmap analyze --kind breach --actor russia --since 2021-01-01",
    "explain": "argmap explain istanbul-1999-p8-free-choice",
    "check": 'argmap check "NATO must not take in Ukraine." --speaker lavrov --date 2022-02-01',
    "evaluate-check": "argmap evaluate-check tests/fixtures/check/real.yaml --split test",
    "test": "argmap test examples/minimal",
    "render": "argmap render -o out/para8.svg --focus istanbul-1999-p8-free-choice",
    "timeline": "argmap timeline -o out/timeline.svg --focus free-choice-of-alliances",
    "worksheet": "argmap worksheet -o out/sheet.md",
    "export": "argmap export --to argdown -o out/argmap.argdown",
    "import": "argmap import --from aif out/argmap.aif.json -o imported/",
    "html": "argmap html -o out/argmap.html",
    "report": "argmap report -o out/report.md",
    "evaluate": "argmap evaluate --prefer binding",
    "list": "argmap list propositions --search nato",
    "init": "argmap init my-dispute",
    "watch": "argmap watch my-dispute -o out/map.svg",
}


def _add_examples() -> None:
    """Put each command's example under its --help (typer prints the epilog last)."""
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        example = EXAMPLES.get(name)
        if example and not info.epilog:
            info.epilog = f"Example: {example}"


@app.command()
def watch(
    data: DataArg = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Also redraw the map here (.pdf, .svg, .png or .dot) on each save."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds Graphviz may take per redraw.")
    ] = 60.0,
) -> None:
    """Validate the corpus again every time one of its files is saved (Ctrl-C stops)."""
    import gc
    from datetime import datetime

    gc.enable()  # run() turns it off for one-shot commands; this one runs for hours

    from argmap.render.output import FORMATS, format_of
    from argmap.watch import watch_corpus
    from argmap.words import plural

    if out is not None:
        try:
            format_of(out, FORMATS)
        except ArgmapError as err:
            fail(err)
    paths = data or [Path("data")]
    typer.echo(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C stops)")
    try:
        for outcome in watch_corpus(paths, out, timeout=timeout):
            stamp = datetime.now().strftime("%H:%M:%S")
            if outcome.problems:
                typer.echo(f"[{stamp}] {plural(len(outcome.problems), 'problem')}:")
                for problem in outcome.problems:
                    typer.echo(str(problem), err=True)
                continue
            counts = ", ".join(plural(n, k.removesuffix("s")) for k, n in outcome.counts.items())
            line = f"[{stamp}] ok: {plural(outcome.files, 'file')}, {counts}"
            if outcome.wrote is not None:
                line += f"; wrote {outcome.wrote.path}"
            typer.echo(line)
    except KeyboardInterrupt:
        typer.echo("stopped")
    except ArgmapError as err:
        fail(err)


# Last, once every command of this module is registered.
_add_examples()
