"""Typeset PDF documents with Typst: maps on paper, the seminar deck, worksheets and reports.

Typst, through the ``typst`` package on PyPI, which bundles the compiler (no program to
install) and its fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono, all with
Cyrillic): with system fonts ignored, a PDF is the same bytes on every machine with the same
pinned package. It places the Graphviz drawings (PDF pages, with their fonts embedded) on pages
of a fixed size, and typesets the text of worksheets and reports with page numbers, running
headers and quotations kept in one piece.

Quotations are data, never markup: the content goes to the template as one JSON document in
``sys.inputs`` and the template reads it with ``json(bytes(...))``, so a quotation holding
``#``, ``$``, ``*``, ``<``, ``]`` or ``\\`` prints literally. Drawings are files in a temporary
directory with fixed names; nothing is fetched from the network (no Typst package imports).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError

__all__ = ["TypesetFailed", "typeset"]


class TypesetFailed(ArgmapError):
    """Typst could not compile a document (a bug in a template, not in the corpus)."""


def typeset(
    template: str,
    data: Mapping[str, Any],
    *,
    drawings: Mapping[str, bytes] | None = None,
    made: date | None = None,
) -> bytes:
    """The PDF of `template` (a file of argmap/templates) filled with `data`.

    `drawings` are written beside the template under their names, for ``image(NAME)``; `made`
    is the document's creation date (from the corpus, so that the bytes do not change from
    day to day).
    """
    import typst

    source = files("argmap").joinpath("templates", template).read_text(encoding="utf-8")
    payload = dict(data)
    payload["made"] = (made or date(1970, 1, 1)).isoformat()
    with tempfile.TemporaryDirectory(prefix="argmap-typst-") as tmp:
        root = Path(tmp)
        (root / "main.typ").write_text(source, encoding="utf-8")
        for name, content in (drawings or {}).items():
            (root / name).write_bytes(content)
        try:
            out = typst.compile(
                str(root / "main.typ"),
                root=str(root),
                ignore_system_fonts=True,
                sys_inputs={"data": json.dumps(payload, ensure_ascii=False, sort_keys=True)},
            )
        except Exception as err:  # typst raises its own error types with the message
            raise TypesetFailed(f"Typst could not typeset {template}: {err}") from None
    if not isinstance(out, bytes):
        raise TypesetFailed(f"Typst returned no PDF for {template}")
    return out
