"""Argument maps: Graphviz DOT text, and PDF, SVG and PNG drawn from it.

Consumes an :class:`~argmap.graph.ArgumentGraph` and its findings; produces text and files. The
stages, each a module:

``view``
    which nodes and which relations a map shows (filters, focus, ``--kind``), as a
    :class:`~argmap.render.view.Selection`;
``dot``
    deterministic DOT text for a selection (:func:`~argmap.render.dot.to_dot`);
``graphviz``
    runs Graphviz's ``dot`` (or ``sfdp`` for large maps) under a timeout;
``output``
    the format named by a file suffix, single maps and the seminar deck, written atomically.

Nothing here reads YAML or imports the command line; the modules import lazily what only some
outputs need (pypdf for the deck), so that writing DOT stays fast.
"""
