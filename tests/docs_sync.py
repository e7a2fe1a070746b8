"""Keep the outputs and numbers shown in README.md and docs/tutorial.md true to the program.

The documents are read as a reader would copy them, top to bottom:

- In a ```` ```console ```` block, a line ``$ COMMAND`` is a command and the lines after it, up
  to the next ``$`` line or the end of the block, are its output as shown. A shown output that
  ends with a line ``...`` shows the first lines only; otherwise it is the whole output. A command
  followed by no output lines is run, not compared.
- In a ```` ```sh ```` block every line that is not blank or a comment is a command, run and
  not compared.
- In prose, ``<!-- n: ARGS | KEY -->123`` is a number taken from ``argmap ARGS --format json``:
  the value at the dotted KEY, or its length when that is a list.

Commands run in a scratch directory that holds links to the repository's ``data``,
``examples``, ``docs`` and ``tests`` (so ``out/``, ``imported/`` and the like are written there),
in document order, so that a command can read what an earlier one wrote. ``argmap`` and
``.venv/bin/argmap`` run in process; ``npx argdown`` runs the Argdown installed in
``node_modules`` when there is one; other programs (``make``, ``pdftoppm``) are not run.

``python tests/docs_sync.py`` reports every difference and exits 1 if there is one;
``python tests/docs_sync.py --update`` rewrites the shown outputs and numbers from real runs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "README.md", ROOT / "docs" / "tutorial.md")
LINKED = ("data", "examples", "docs", "tests")
ELIDED = "..."
NUMBER = re.compile(r"<!-- n: (?P<args>[^|]+?) \| (?P<key>[\w.-]+) -->(?P<value>\d+)")


@dataclass
class Command:
    """One command of a document, with the output lines it shows (if any)."""

    line: int  # 1-based line number of the command in the document
    text: str  # as written, without the prompt
    shown: list[str] = field(default_factory=list)
    compared: bool = False  # in a console block: the shown output is checked
    block: int = 0  # which code block of the document it is in

    @property
    def head_only(self) -> bool:
        return bool(self.shown) and self.shown[-1].strip() == ELIDED


def commands(text: str) -> list[Command]:
    """The commands of a Markdown document, in order."""
    found: list[Command] = []
    lang: str | None = None
    current: Command | None = None
    block = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            lang = line[3:].strip() if lang is None else None
            block += 1
            current = None
            continue
        if lang == "console":
            if line.startswith("$ "):
                current = Command(number, line[2:], compared=True, block=block)
                found.append(current)
            elif current is not None:
                current.shown.append(line)
        elif lang == "sh" and line.strip() and not line.lstrip().startswith("#"):
            found.append(Command(number, line.strip(), block=block))
    return found


def argv(command: str) -> list[str]:
    """The words of a command line, without its trailing comment."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def is_argmap(words: list[str]) -> bool:
    return bool(words) and words[0] in ("argmap", ".venv/bin/argmap")


class Runner:
    """Runs a document's commands in one scratch directory, in order."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        for name in LINKED:
            (workdir / name).symlink_to(ROOT / name)
        self.argdown = ROOT / "node_modules" / ".bin" / "argdown"

    def run(self, command: str) -> tuple[int, str] | None:
        """(exit code, output as a terminal shows it), or None when the command is not run."""
        words = argv(command)
        if is_argmap(words):
            return self.argmap(words[1:])
        if words[:2] == ["npx", "argdown"] and self.argdown.exists():
            done = subprocess.run(
                [str(self.argdown), *words[2:]],
                cwd=self.workdir,
                capture_output=True,
                text=True,
                check=False,
            )
            return done.returncode, done.stdout + done.stderr
        return None

    def argmap(self, args: list[str]) -> tuple[int, str]:
        from typer.testing import CliRunner

        from argmap.cli import app

        old = Path.cwd()
        os.chdir(self.workdir)
        try:
            result = CliRunner().invoke(app, args, prog_name="argmap")
        finally:
            os.chdir(old)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.output

    def number(self, args: str, key: str) -> int:
        code, out = self.argmap([*shlex.split(args), "--format", "json"])
        if code not in (0, 1):
            raise RuntimeError(f"argmap {args} --format json exited {code}: {out}")
        value: Any = json.loads(out)
        for part in key.split("."):
            value = value[part]
        return len(value) if isinstance(value, list) else int(value)


def expected(cmd: Command, actual: str) -> list[str]:
    """What `cmd` should show, given what it printed: all of it, or as many first lines."""
    lines = actual.rstrip("\n").split("\n") if actual.strip() else []
    if cmd.head_only:
        return [*lines[: len(cmd.shown) - 1], ELIDED]
    return lines


@dataclass
class Outcome:
    """What running one document found."""

    problems: list[str] = field(default_factory=list)
    text: str = ""  # the document with outputs and numbers brought up to date


def sync(path: Path) -> Outcome:
    """Run every command of the document at `path`; compare and rewrite what it shows."""
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    outcome = Outcome()
    replacements: list[tuple[int, int, list[str]]] = []  # [start, end) line spans, 0-based
    cache_before = os.environ.get("ARGMAP_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="argmap-docs-") as tmp:
        # check's cache goes into the scratch directory, never the reader's ~/.cache
        os.environ["ARGMAP_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            _run_all(path, original, lines, outcome, replacements, Path(tmp))
        finally:
            if cache_before is None:
                os.environ.pop("ARGMAP_CACHE_DIR", None)
            else:
                os.environ["ARGMAP_CACHE_DIR"] = cache_before
    return outcome


def _run_all(
    path: Path,
    original: str,
    lines: list[str],
    outcome: Outcome,
    replacements: list[tuple[int, int, list[str]]],
    tmp: Path,
) -> None:
    """The body of sync: run the commands in `tmp`, fill `outcome`."""
    work = Path(tmp) / "work"
    work.mkdir()
    runner = Runner(work)
    skipped_block = -1
    for cmd in commands(original):
        where = f"{path.name}:{cmd.line}"
        # A command that is not run (npx without node_modules, make) may write what the
        # next commands of its block read: those are not run either.
        done = None if cmd.block == skipped_block else runner.run(cmd.text)
        if done is None:
            skipped_block = cmd.block
            continue
        code, out = done
        fail_on = "--fail-on" in argv(cmd.text)
        if code not in ((0, 1) if fail_on else (0,)):
            outcome.problems.append(f"{where}: `{cmd.text}` exited {code}:\n{out}")
            continue
        if not cmd.compared or not cmd.shown:
            continue
        want = expected(cmd, out)
        if cmd.shown != want:
            diff = "\n".join(difflib.unified_diff(cmd.shown, want, "shown", "printed", lineterm=""))
            outcome.problems.append(f"{where}: the output of `{cmd.text}` differs:\n{diff}")
        replacements.append((cmd.line, cmd.line + len(cmd.shown), want))
    for start, end, new in reversed(replacements):
        lines[start:end] = new
    text = "\n".join(lines)

    def fill(match: re.Match[str]) -> str:
        value = runner.number(match["args"], match["key"])
        if value != int(match["value"]):
            line = text.count("\n", 0, match.start()) + 1
            outcome.problems.append(
                f"{path.name}:{line}: says {match['value']} where "
                f"`argmap {match['args']}` gives {match['key']} = {value}"
            )
        return f"<!-- n: {match['args']} | {match['key']} -->{value}"

    outcome.text = NUMBER.sub(fill, text)


def main(argv_: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--update",
        "--write",
        dest="update",
        action="store_true",
        help="rewrite the shown outputs and numbers in place",
    )
    parser.add_argument("docs", nargs="*", type=Path, default=list(DOCS))
    args = parser.parse_args(argv_)
    status = 0
    for path in args.docs:
        outcome = sync(path)
        for problem in outcome.problems:
            print(problem, file=sys.stderr)
        if args.update and outcome.text != path.read_text(encoding="utf-8"):
            path.write_text(outcome.text, encoding="utf-8")
            print(f"rewrote {path}")
        if outcome.problems and not args.update:
            status = 1
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
