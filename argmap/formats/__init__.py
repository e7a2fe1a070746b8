"""Interchange formats: export the argument graph to other tools, import their maps.

Consumes an :class:`~argmap.graph.ArgumentGraph` (exports) or a foreign file (imports);
produces text (exports) or an :class:`~argmap.formats._corpus_out.ImportedCorpus` that
:func:`write_corpus` turns into a valid corpus file. One module per format, each with
``to_<fmt>(ag, *, derived=True) -> str`` and ``write_<fmt>`` (plus ``generate_<fmt>`` for line
formats) and, for importers, ``read_<fmt>(path) -> ImportedCorpus``. A format is added by one
line in :data:`EXPORTERS` or :data:`IMPORTERS`.

========  ===========================================  ==================================
format    module                                        direction
========  ===========================================  ==================================
argdown   :mod:`argmap.formats.argdown`                 export; import of its JSON export
aif       :mod:`argmap.formats.aif`                     export and import (AIFdb, OVA3)
graphml   :mod:`argmap.formats.graphml`                 export
json      :mod:`argmap.formats.json_graph`              export (docs/json-export.schema.json)
========  ===========================================  ==================================
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from argmap.errors import ArgmapError
from argmap.formats._corpus_out import ImportedCorpus, ImportInvalid, write_corpus
from argmap.graph import ArgumentGraph

__all__ = [
    "EXPORTERS",
    "EXPORT_FORMATS",
    "IMPORTERS",
    "IMPORT_FORMATS",
    "ImportInvalid",
    "ImportedCorpus",
    "UnknownFormat",
    "export_text",
    "import_file",
    "write_corpus",
]

#: ``argmap export --to NAME``: the module and its ``to_<fmt>(ag, *, derived) -> str``.
EXPORTERS: dict[str, tuple[str, str]] = {
    # format: (module, function), one line each
    "argdown": ("argmap.formats.argdown", "to_argdown"),
    "aif": ("argmap.formats.aif", "to_aif"),
    "graphml": ("argmap.formats.graphml", "to_graphml"),
    "json": ("argmap.formats.json_graph", "to_json"),
    "apx": ("argmap.formats.apx", "to_apx"),
}
#: ``argmap import --from NAME``: the module and its ``read_<fmt>(path) -> ImportedCorpus``.
IMPORTERS: dict[str, tuple[str, str]] = {
    # format: (module, function), one line each
    "aif": ("argmap.formats.aif", "read_aif"),
    "argdown": ("argmap.formats.argdown", "read_argdown"),
}
EXPORT_FORMATS = tuple(EXPORTERS)
IMPORT_FORMATS = tuple(IMPORTERS)


class UnknownFormat(ArgmapError):
    """A format name that argmap cannot export to or import from."""

    def __init__(self, option: str, name: str, known: tuple[str, ...]) -> None:
        from argmap.load import closest

        hint = closest(name, known)
        did = f"; did you mean '{hint[0]}'?" if hint else ""
        super().__init__(f"{option}: unknown format '{name}'{did} (formats: {', '.join(known)})")


def _function(table: dict[str, tuple[str, str]], option: str, fmt: str) -> Any:
    if fmt not in table:
        raise UnknownFormat(option, fmt, tuple(table))
    module, name = table[fmt]
    return getattr(importlib.import_module(module), name)


def export_text(ag: ArgumentGraph, fmt: str, *, derived: bool = True) -> str:
    """The export of `ag` in format `fmt` (one of :data:`EXPORT_FORMATS`) as text.

    Parameters
    ----------
    ag : ArgumentGraph
    fmt : str
    derived : bool
        Include the derived relations (``contradicts``, ``agrees``).

    Raises
    ------
    UnknownFormat

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> export_text(build_graph(Corpus()), "xml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    argmap.formats.UnknownFormat: --to: unknown format 'xml' (formats: ...)
    """
    text: str = _function(EXPORTERS, "--to", fmt)(ag, derived=derived)
    return text


def import_file(fmt: str, path: str | os.PathLike[str]) -> ImportedCorpus:
    """Read a foreign map in format `fmt` (one of :data:`IMPORT_FORMATS`) into records.

    Raises
    ------
    UnknownFormat, InputError, ImportInvalid
    """
    imported: ImportedCorpus = _function(IMPORTERS, "--from", fmt)(path)
    return imported
