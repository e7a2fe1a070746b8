"""A seeded, structure-aware fuzzer (issue 17): mutants of data/ and the examples, each run
through one command chosen by the seed.

Every run must end with exit 0, 2, or 1 only where 1 is a documented finding code
(``--fail-on``, ``test``); never a traceback; every line on stderr of an exit 2 located
(``FILE[:LINE:COL]: error: ...``); every SVG and GraphML output well-formed XML; no
``javascript:`` link in any output.

``make test`` runs ARGMAP_FUZZ_RUNS mutants (default 200), stopping early after
ARGMAP_FUZZ_SECONDS (default 60). A longer campaign:

    ARGMAP_FUZZ_RUNS=5000 ARGMAP_FUZZ_SECONDS=3600 ARGMAP_FUZZ_SEED=7 pytest tests/test_fuzz.py

A failure names the seed and the mutant, which reproduce it.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from argmap.cli import app

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {
    "data": ROOT / "data",
    "minimal": ROOT / "examples" / "minimal",
    "crimea-2014": ROOT / "examples" / "crimea-2014",
}
RUNS = int(os.environ.get("ARGMAP_FUZZ_RUNS", "200"))
SECONDS = float(os.environ.get("ARGMAP_FUZZ_SECONDS", "60"))
SEED = int(os.environ.get("ARGMAP_FUZZ_SEED", "17"))

LOCATED = re.compile(r"^\S[^\n]*?(:\d+:\d+)?: (error|warning): ")
JS_LINK = re.compile(r"""(href|src)\s*=\s*["']?\s*(java|vb)script:""", re.I)
MD_LINK = re.compile(r"(?<!\\)\]\(\s*javascript:", re.I)  # a live Markdown link

HOSTILE: list[Any] = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]0;pwned\x07",
    "\x9b2J",
    "\x9d8;;http://x\x9c",
    "\x00\x01Art. 1",
    "\ufffe",
    "\uffff",
    "a\u2028b",
    "a\x85b",
    "\ud800",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"; rankdir=LR; x="',
    "]]></svg><script>alert(1)</script>",
    "x" * 20000,
    "c" * 300,
    "",
    " ",
    None,
    0,
    -1,
    3.5,
    True,
    [],
    {},
    ["a", {"b": 1}],
    "2021-02-30",
    "9999-12-31",
    "https://example.org/x",
]


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _records(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for value in doc.values():
        if isinstance(value, list):
            out += [r for r in value if isinstance(r, dict)]
        elif isinstance(value, dict):
            out.append(value)
    return out


def _ids(doc: dict[str, Any], section: str) -> list[str]:
    return [r["id"] for r in doc.get(section) or [] if isinstance(r, dict) and "id" in r]


def mutate(rng: random.Random, doc: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """One structural mutation of a parsed corpus file; returns it and what was done."""
    records = _records(doc)
    if not records:
        return doc, "nothing to mutate"
    rec = rng.choice(records)
    op = rng.randrange(7)
    key = rng.choice(sorted(rec, key=str)) if rec else "id"
    if op == 0:
        rec[key] = rng.choice(HOSTILE)
        return doc, f"{key} := {rec[key]!r:.40}"
    if op == 1:
        rec.pop(key, None)
        return doc, f"drop {key}"
    if op == 2:
        for section in ("claims", "commitments", "propositions"):
            if doc.get(section):
                doc[section].append(dict(rng.choice(doc[section])))
                return doc, f"duplicate a record of {section}"
    if op == 3:
        props = _ids(doc, "propositions")
        if len(props) >= 2:
            p = rng.choice(doc["propositions"])
            field = rng.choice(["implies", "excludes"])
            p.setdefault(field, [])
            if isinstance(p[field], list):
                p[field].append(rng.choice(props))
            return doc, f"{p.get('id')} {field} one more"
    if op == 4:
        for field in ("asserts", "denies", "invokes", "supports", "attacks"):
            if field in rec and isinstance(rec[field], list):
                rec[field].append(rng.choice(["nope", rec.get("id", "x"), *rec[field]]))
                return doc, f"{field} += ref"
    if op == 5 and isinstance(rec.get("source"), dict):
        rec["source"]["url"] = rng.choice(HOSTILE)
        return doc, f"source.url := {rec['source']['url']!r:.40}"
    if isinstance(rec.get(key), str):
        value = rec[key]
        at = rng.randrange(len(value) + 1)
        rec[key] = value[:at] + str(rng.choice(HOSTILE)) + value[at:]
        return doc, f"insert into {key}"
    rec[key] = rng.choice(HOSTILE)
    return doc, f"{key} := {rec[key]!r:.40}"


def text_mutate(rng: random.Random, text: str) -> tuple[str, str]:
    """A mutation below the structure: bytes YAML must refuse or read, located."""
    op = rng.randrange(4)
    at = rng.randrange(len(text) + 1)
    if op == 0:
        return text[:at], f"truncate at {at}"
    if op == 1:
        ch = rng.choice(
            ["\x1b", "\x00", "\x85", "\u2028", "\t", ":", "- ", "&a ", "*a", "!!python/object "]
        )
        return text[:at] + ch + text[at:], f"insert {ch!r} at {at}"
    if op == 2:
        return text.replace("text: ", "text: " + "1" * 5000 + " #", 1), "5000-digit text"
    lines = text.splitlines(keepends=True)
    i = rng.randrange(len(lines) or 1)
    return "".join(lines[:i] + lines[i + 1 :]), f"drop line {i + 1}"


def _commands(
    rng: random.Random, corpus: Path, out: Path, name: str, doc: dict[str, Any]
) -> list[str]:
    """One command for this mutant; each gets its share over a run."""
    claims = _ids(doc, "claims") or ["no-such-claim"]
    heavy = name == "minimal"  # Graphviz layouts only on the small corpus, to stay in budget
    choices: list[list[str]] = [
        ["validate", str(corpus)],
        ["stats", str(corpus)],
        ["analyze", str(corpus)],
        ["analyze", str(corpus), "--format", "json", "--fail-on", "breach"],
        ["explain", rng.choice(claims), str(corpus)],
        ["test", str(corpus)],
        ["export", str(corpus), "--to", "graphml", "-o", str(out / "g.graphml")],
        [
            "export",
            str(corpus),
            "--to",
            rng.choice(["aif", "json", "argdown"]),
            "-o",
            str(out / "x.out"),
        ],
        ["render", str(corpus), "-o", str(out / "m.dot")],
        ["report", str(corpus), "-o", str(out / rng.choice(["r.html", "r.md"]))],
        ["evaluate", str(corpus), "--semantics", rng.choice(["grounded", "preferred"])],
        ["check", str(corpus), "--no-cache", "--file", "STATEMENTS"],
        ["import", "--from", "IMPORT", "SRC", "-o", str(out / "imported")],
        ["list", rng.choice(["claims", "propositions", "actors"]), str(corpus)],
    ]
    if heavy:
        choices += [
            ["render", str(corpus), "-o", str(out / "m.svg")],
            ["html", str(corpus), "-o", str(out / "p.html")],
            ["worksheet", str(corpus), "-o", str(out / "w.md")],
        ]
    return rng.choice(choices)


def _statements(doc: dict[str, Any], rng: random.Random) -> str:
    claims = [dict(c) for c in doc.get("claims") or [] if isinstance(c, dict)][:3]
    for c in claims:
        c.pop("id", None)
    if claims and rng.random() < 0.7:
        claims[0][rng.choice(["text", "date", "asserts", "speaker"])] = rng.choice(HOSTILE)
    return yaml.safe_dump(claims or [{"text": "x"}], allow_unicode=True)


def _foreign(rng: random.Random, corpus: Path, out: Path) -> tuple[str, Path]:
    """An AIF or Argdown JSON file to import: an export of the corpus, mutated."""
    fmt = rng.choice(["aif", "argdown"])
    src = out / "in.json"
    runner = CliRunner()
    tmp = out / "export.json"
    if fmt == "aif":
        runner.invoke(app, ["export", str(SOURCES["minimal"]), "--to", "aif", "-o", str(tmp)])
        doc = json.loads(tmp.read_text())
        node = rng.choice(doc["nodes"])
        node[rng.choice(sorted(node))] = rng.choice([*HOSTILE, " " * 30000 + "x", 10**40])
    else:
        doc = {
            "statements": {
                "a": {"members": [{"text": "A.", "ranges": []}], "data": {"url": "https://x.org"}},
                "b": {"members": [{"text": "B."}]},
            },
            "relations": [{"relationType": "attack", "from": "a", "to": "b"}],
        }
        target = rng.choice(
            [doc["statements"]["a"], doc["statements"]["a"]["data"], doc["relations"][0]]
        )
        target[rng.choice(sorted(target))] = rng.choice(HOSTILE)
    src.write_text(json.dumps(doc), encoding="utf-8")
    return fmt, src


def _check_outputs(out: Path) -> list[str]:
    wrong = []
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".svg", ".graphml"):
            try:
                ET.fromstring(data)
            except ET.ParseError as err:
                wrong.append(f"{path.name} is not well-formed XML: {err}")
        # A YAML, JSON or Argdown file holds such text as text; links live in these:
        if path.suffix in (".svg", ".html", ".md", ".dot", ".graphml"):
            text = data.decode("utf-8", "replace")
            m = JS_LINK.search(text) or (MD_LINK.search(text) if path.suffix == ".md" else None)
            if m:
                wrong.append(f"{path.name} has a javascript: link: {m.group()!r}")
    return wrong


def test_fuzzed_corpora_never_crash(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    runner = CliRunner()
    start = time.monotonic()
    failures: list[str] = []
    done = 0
    per_command: dict[str, int] = {}
    for i in range(RUNS):
        if time.monotonic() - start > SECONDS and done >= 30:
            break
        name = rng.choice(sorted(SOURCES))
        source = SOURCES[name]
        work = tmp_path / f"m{i}"
        corpus, out = work / "corpus", work / "out"
        shutil.copytree(source, corpus, ignore=shutil.ignore_patterns("*.md"))
        out.mkdir()
        files = sorted(corpus.glob("*.yaml"))
        target = rng.choice(files)
        doc = _load(target)
        if rng.random() < 0.8:
            for _ in range(rng.randrange(1, 4)):
                doc, what = mutate(rng, doc)
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6)
        else:
            text, what = text_mutate(rng, target.read_text(encoding="utf-8"))
        target.write_text(text, encoding="utf-8")
        args = _commands(rng, corpus, out, name, doc)
        if "STATEMENTS" in args:
            st = work / "statements.yaml"
            st.write_text(_statements(doc, rng), encoding="utf-8")
            args = [str(st) if a == "STATEMENTS" else a for a in args]
        if "IMPORT" in args:
            fmt, src = _foreign(rng, corpus, work)
            args = [fmt if a == "IMPORT" else str(src) if a == "SRC" else a for a in args]
        per_command[args[0]] = per_command.get(args[0], 0) + 1
        result = runner.invoke(app, args, catch_exceptions=True)
        done += 1
        where = f"seed {SEED} run {i}: {name}/{target.name} ({what}); argmap {' '.join(args[:2])}"
        code = result.exit_code
        exc = result.exception
        if exc is not None and not isinstance(exc, SystemExit):
            failures.append(f"{where}: uncaught {type(exc).__name__}: {exc!s:.200}")
            continue
        allowed = {0, 2} | ({1} if "--fail-on" in args or args[0] == "test" else set())
        if code not in allowed:
            failures.append(f"{where}: exit {code}")
        if "Traceback" in result.output:
            failures.append(f"{where}: traceback in the output")
        if code == 2:
            bad = [ln for ln in result.stderr.splitlines() if ln and not LOCATED.match(ln)]
            if bad:
                failures.append(f"{where}: exit 2 not located: {bad[0]!r:.200}")
        if JS_LINK.search(result.stdout):
            failures.append(f"{where}: javascript: link on stdout")
        failures += [f"{where}: {w}" for w in _check_outputs(out)]
        shutil.rmtree(work, ignore_errors=True)
    assert done >= 30
    assert not failures, "\n".join(failures[:20])
    # Every command got its share (the seed picks them uniformly).
    assert len(per_command) >= 8, per_command
