"""Re-validate a corpus (and redraw its map) every time one of its files is saved.

For people editing a corpus: the problems of the file just saved appear within a fraction of a
second, without re-running ``argmap validate`` by hand. File events come from ``watchfiles``
(inotify, FSEvents or ReadDirectoryChangesW through the Rust ``notify`` crate), so nothing polls
the disk. The directories holding the corpus are watched, not the files themselves: editors
that save by writing a new file and renaming it over the old one would otherwise end the watch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError, Problem

__all__ = ["Outcome", "check_once", "watch_corpus"]

CORPUS_SUFFIXES = (".yaml", ".yml")


@dataclass
class Outcome:
    """One validation (and, if asked, one drawing) of the corpus."""

    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    wrote: Any = None  # argmap.render.output.Rendered, when the map was redrawn


def check_once(
    paths: Sequence[str | os.PathLike[str]], out: Path | None = None, timeout: float = 60.0
) -> Outcome:
    """Validate the corpus at `paths`; when it is valid and `out` is given, draw its map there."""
    from argmap.corpus import load_corpus
    from argmap.stats import corpus_stats

    try:
        corpus = load_corpus(paths)
    except ArgmapError as err:
        return Outcome(problems=err.problems)
    outcome = Outcome(counts=corpus_stats(corpus)["counts"], files=len(corpus.files))
    if out is not None:
        from argmap.graph import build_graph
        from argmap.render.output import render_map

        try:
            outcome.wrote = render_map(build_graph(corpus), out, timeout=timeout)
        except ArgmapError as err:
            outcome.problems = err.problems
    return outcome


def _watched(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], Callable[..., bool]]:
    """The directories to watch, and a filter keeping the events of the corpus's files."""
    dirs: set[Path] = set()
    files: set[Path] = set()
    trees: set[Path] = set()
    for raw in paths:
        p = Path(raw).resolve()
        if p.is_dir():
            dirs.add(p)
            trees.add(p)
        else:  # a file, or one not written yet: watch the directory it is (to be) in
            dirs.add(p.parent)
            files.add(p)

    def keep(_change: Any, name: str) -> bool:
        q = Path(name)
        if q in files:
            return True
        return q.suffix in CORPUS_SUFFIXES and any(t in q.parents for t in trees)

    return sorted(d for d in dirs if d.exists()), keep


def watch_corpus(
    paths: Sequence[str | os.PathLike[str]],
    out: Path | None = None,
    *,
    timeout: float = 60.0,
    stop: Any = None,
) -> Iterator[Outcome]:
    """Yield an outcome now, then one after every change to a corpus file, until `stop` is set
    (an object with ``is_set()``, such as a threading.Event) or the user interrupts."""
    from watchfiles import watch

    dirs, keep = _watched(paths)
    if not dirs:
        names = ", ".join(str(p) for p in paths)
        raise ArgmapError(f"nothing to watch: neither {names} nor the directory it is in exists")
    yield check_once(paths, out, timeout)
    # step: wait for 50 ms of quiet after a save (editors write in several steps);
    # rust_timeout: look at `stop` at least every 200 ms.
    for _changes in watch(
        *dirs, watch_filter=keep, debounce=400, step=50, stop_event=stop, rust_timeout=200
    ):
        yield check_once(paths, out, timeout)
