"""`argmap watch`: a save that breaks the corpus is reported within 2 seconds, and so is the fix."""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from argmap.watch import check_once, watch_corpus
from tests.conftest import ROOT

MINIMAL = ROOT / "examples" / "minimal" / "corpus.yaml"


def _lines(proc: subprocess.Popen[str], into: queue.Queue[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        into.put(line)


def _wait_for(lines: queue.Queue[str], needle: str, seconds: float) -> tuple[str, float]:
    """The first line holding `needle`, and how long it took; fails after `seconds`."""
    start = time.monotonic()
    seen = []
    while (left := seconds - (time.monotonic() - start)) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if needle in line:
            return line, time.monotonic() - start
    raise AssertionError(f"no {needle!r} within {seconds} s; saw: {''.join(seen)}")


def test_watch_reports_a_new_problem_within_two_seconds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    target = corpus / "corpus.yaml"
    shutil.copy(MINIMAL, target)
    proc = subprocess.Popen(
        [sys.executable, "-m", "argmap", "watch", str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(proc, lines), daemon=True).start()
    try:
        _wait_for(lines, "ok: 1 file", 30)  # started: the first validation is done
        time.sleep(0.3)  # the watcher is set up right after the first report
        text = target.read_text(encoding="utf-8")
        broken = text.replace("date: 2020-09-01", "date: 2020-09-31", 1)
        assert broken != text
        target.write_text(broken, encoding="utf-8")
        line, took = _wait_for(lines, "is not a real calendar date", 2.0)
        assert line.startswith(f"{target}:")
        print(f"new problem reported {took:.2f} s after the save")
        assert took < 2.0
        target.write_text(text, encoding="utf-8")  # fixed again
        _wait_for(lines, "ok: 1 file", 2.0)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
def test_watch_redraws_the_map_only_when_the_corpus_is_valid(tmp_path: Path) -> None:
    target = tmp_path / "corpus.yaml"
    shutil.copy(MINIMAL, target)
    out = tmp_path / "out" / "map.svg"
    assert check_once([target], out).wrote is not None and out.exists()
    out.unlink()
    target.write_text("claims: [\n", encoding="utf-8")
    outcome = check_once([target], out)
    assert outcome.problems and outcome.wrote is None and not out.exists()


def test_watch_corpus_stops_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "corpus.yaml"
    shutil.copy(MINIMAL, target)
    stop = threading.Event()
    outcomes = watch_corpus([target], stop=stop)
    first = next(outcomes)
    assert first.problems == [] and first.counts["claims"] == 4
    stop.set()
    start = time.monotonic()
    assert list(outcomes) == []  # the watch ends instead of waiting for a change
    assert time.monotonic() - start < 2


def test_watch_refuses_a_path_with_no_directory_to_watch(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    missing = tmp_path / "no" / "such" / "corpus"
    result = CliRunner().invoke(app, ["watch", str(missing)])
    assert result.exit_code == 2
    assert "nothing to watch" in result.stderr
