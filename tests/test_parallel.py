"""Work spread over forked processes comes back complete and in order, whatever happens."""

from __future__ import annotations

import os

from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.parallel import map_chunks, map_lines
from argmap.positions import JsonLines, Position, find_positions
from tests.conftest import ROOT


def test_lines_from_two_workers_are_the_lines_of_one() -> None:
    """The JSON lines of every finding of data/, encoded in two processes, in order."""
    ag = build_graph(load_corpus([ROOT / "data"]))
    found = find_positions(ag)

    def encode(chunk: list[Position]) -> list[str]:
        lines = JsonLines(ag)
        return [lines.line(f) for f in chunk]

    serial = encode(found)
    assert list(map_lines(encode, found, workers=2, at_least=1)) == serial
    assert len(serial) == len(found) > 100


def test_a_dead_worker_costs_time_not_lines() -> None:
    parent = os.getpid()

    def lines(chunk: list[int]) -> list[str]:
        if os.getpid() != parent:
            os._exit(9)  # as under the OOM killer
        return [f"line {i}" for i in chunk]

    items = list(range(500))
    assert list(map_lines(lines, items, workers=2, at_least=1)) == [f"line {i}" for i in items]
    assert map_chunks(sum, items, workers=2, at_least=1) != []
    assert sum(map_chunks(sum, items, workers=2, at_least=1)) == sum(items)
