"""Run Graphviz on DOT text, under a timeout, and return the drawing's bytes.

Graphviz is called as a subprocess directly rather than through ``graphviz.pipe`` of the
``graphviz`` package, because that function takes no timeout and a runaway layout must be
stopped with a clear message rather than left to hang a pipeline.

Engine choice: ``dot`` draws the layered layout with document clusters that the conventions
ask for, and does so in a few seconds up to a few hundred nodes; its crossing minimisation grows
much faster than the map, so above :data:`LARGE` nodes (or :data:`LARGE_EDGES` edges) the map
is laid out with ``sfdp`` instead (force-directed, multilevel; clusters are then not boxed,
straight edges, overlaps removed). Both read the same DOT text: the engine's own settings are
passed on its command line.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from argmap.errors import ArgmapError, Problem
from argmap.safety import die_with_parent

__all__ = [
    "LARGE",
    "LARGE_EDGES",
    "GraphvizFailed",
    "GraphvizMissing",
    "LayoutTimeout",
    "choose_engine",
    "run_graphviz",
]

LARGE = 400
LARGE_EDGES = 1500

# sfdp's settings for large maps: no node overlaps, straight edges (spline routing of thousands
# of edges takes minutes), and edges under nodes.
_SFDP = ["-Goverlap=prism", "-Gsplines=false", "-Goutputorder=edgesfirst"]


class _CodedError(ArgmapError):
    code = "graphviz"

    @property
    def problems(self) -> list[Problem]:
        return [Problem(path="argmap", message=str(self), code=self.code)]


class GraphvizMissing(_CodedError):
    """Graphviz's programs are not installed (or not on PATH)."""

    code = "graphviz-missing"

    def __init__(self, program: str) -> None:
        super().__init__(
            f"Graphviz's '{program}' program was not found on PATH; install Graphviz with "
            "'apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' (macOS), "
            "or write DOT text with -o FILE.dot"
        )


class LayoutTimeout(_CodedError):
    """Graphviz did not finish within the time allowed."""

    code = "layout-timeout"

    def __init__(self, engine: str, nodes: int, timeout: float) -> None:
        super().__init__(
            f"Graphviz ({engine}) did not finish laying out {nodes} nodes within {timeout:g} s; "
            "draw a smaller view (--focus, --actor, --document, --since, --until, --kind) "
            "or allow more time with --timeout"
        )


class GraphvizFailed(_CodedError):
    """Graphviz exited with an error."""

    code = "graphviz-failed"


def choose_engine(nodes: int, edges: int) -> str:
    """``dot`` for maps up to :data:`LARGE` nodes and :data:`LARGE_EDGES` edges, else ``sfdp``.

    >>> choose_engine(80, 200), choose_engine(2000, 4000)
    ('dot', 'sfdp')
    """
    return "dot" if nodes <= LARGE and edges <= LARGE_EDGES else "sfdp"


def run_graphviz(
    dot_text: str,
    fmt: str,
    *,
    engine: str = "dot",
    timeout: float = 60.0,
    nodes: int = 0,
    args: Sequence[str] = (),
) -> bytes:
    """Lay out and draw `dot_text` with `engine` into format `fmt` (pdf, svg, png); the bytes.

    `args` go on the engine's command line (``-n2`` for a layout computed by argmap).

    Raises
    ------
    GraphvizMissing
        When the engine's program is not on PATH.
    LayoutTimeout
        When it runs longer than `timeout` seconds (it is then killed).
    GraphvizFailed
        When it exits with an error.
    """
    program = shutil.which(engine)
    if program is None:
        raise GraphvizMissing(engine)
    argv = [program, f"-T{fmt}", *(_SFDP if engine == "sfdp" else []), *args]
    try:
        done = subprocess.run(
            argv,
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            env=_font_environment(),
            preexec_fn=die_with_parent(),  # None while threads run (argmap.safety)
        )
    except subprocess.TimeoutExpired:
        raise LayoutTimeout(engine, nodes, timeout) from None
    except OSError as err:
        raise GraphvizFailed(f"cannot run Graphviz's '{engine}': {err.strerror}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise GraphvizFailed(f"Graphviz ({engine}) failed: {detail}")
    if fmt == "pdf":
        return _fixed_dates(done.stdout)
    return done.stdout


@functools.cache
def _font_environment() -> dict[str, str]:
    """The environment Graphviz runs in: fontconfig sees only argmap's own DejaVu Sans
    (``argmap/fonts``), so that the same map has the same text metrics and embeds the same font
    on every machine, whatever fonts are installed there."""
    import os
    import tempfile
    import threading
    from importlib.resources import files

    fonts = Path(str(files("argmap").joinpath("fonts")))
    cache = (
        Path(tempfile.gettempdir())
        / f"argmap-fontconfig-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    conf = cache / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{escape(str(fonts))}</dir>\n  <cachedir>{escape(str(cache))}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        cache.mkdir(parents=True, exist_ok=True)
        # Unique per process and thread: deck pages are drawn by several threads at once, and
        # a shared temporary name let one thread's rename remove another's file (ENOENT).
        tmp = conf.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(conf)
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(Z|[+-]\d{2}'\d{2}'?)?\)")


def _fixed_dates(pdf: bytes) -> bytes:
    """Cairo stamps each PDF with the time it was drawn; write the epoch instead, keeping the
    length of every date (so the cross-reference offsets stay right), for byte-stable output."""

    def epoch(m: re.Match[bytes]) -> bytes:
        date = m.group(0)
        start = date.index(b"D:") + 2
        digits = b"19700101000000"
        return date[:start] + digits + date[start + 14 :]

    return _PDF_DATE.sub(epoch, pdf)
