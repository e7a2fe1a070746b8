"""How a map looks: the actor palette, one style per relation kind, label shading, text escaping.

Colours come from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008,
https://jfly.uni-koeln.de/color/), which stays distinguishable under the common forms of colour
blindness. Actors get light tints of it as fills (so that black text stays readable) and the full
colour as the border; relations use the full colours as strokes, and every relation kind also
differs by line style, width or label, so that the map still reads in black and white.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ACTOR_COLOURS",
    "EDGE_STYLES",
    "FONT",
    "LABEL_STYLES",
    "EdgeStyle",
    "actor_colours",
    "excerpt",
    "html",
    "quoted",
    "wrap",
]

FONT = "DejaVu Sans"  # has Cyrillic, Greek and more; cairo embeds it in the PDF

# (border, fill): the Okabe–Ito colours and a tint of each mixed with white. Yellow comes last:
# its border is weak on white.
ACTOR_COLOURS: tuple[tuple[str, str], ...] = (
    ("#0072B2", "#CCE3F0"),  # blue
    ("#D55E00", "#F7DFCC"),  # vermillion
    ("#009E73", "#CCECE3"),  # bluish green
    ("#CC79A7", "#F5E4ED"),  # reddish purple
    ("#E69F00", "#FAECCC"),  # orange
    ("#56B4E9", "#DDF0FB"),  # sky blue
    ("#000000", "#E0E0E0"),  # black
    ("#B89B00", "#FCF9D9"),  # yellow (darkened border)
)


def actor_colours(actors: list[str]) -> dict[str, tuple[str, str]]:
    """(border, fill) for each actor, in the order given; colours repeat past eight actors."""
    return {a: ACTOR_COLOURS[i % len(ACTOR_COLOURS)] for i, a in enumerate(actors)}


@dataclass(frozen=True)
class EdgeStyle:
    """How one relation kind is drawn, and how the legend names it."""

    legend: str
    colour: str
    style: str = "solid"
    penwidth: float = 1.2
    label: str = ""
    arrowhead: str = "normal"

    def glyph(self) -> str:
        """A sample of the line in box-drawing characters (DejaVu Sans has them), for legends.

        >>> EDGE_STYLES["invocation"].glyph()
        '╌╌╌╌╌▶'
        """
        thick = self.penwidth >= 2
        line = {"dashed": "╍" if thick else "╌", "dotted": "┅" if thick else "┈"}.get(
            self.style, "━" if thick else "─"
        )
        return line * 5 + ("" if self.arrowhead == "none" else "▶")

    def attrs(self) -> str:
        """The DOT attributes of an edge of this kind (without the label)."""
        parts = [f'color="{self.colour}"', f"penwidth={self.penwidth:g}"]
        if self.style != "solid":
            parts.append(f'style="{self.style}"')
        if self.arrowhead != "normal":
            parts.append(f'arrowhead="{self.arrowhead}"')
        return ", ".join(parts)


RED, GREEN, BLUE, PURPLE, ORANGE, GREY = (
    "#D55E00",
    "#009E73",
    "#0072B2",
    "#CC79A7",
    "#E69F00",
    "#666666",
)

# The relation kinds a map can draw, in legend order (``--kind``). The first seven are the
# finding kinds of DESIGN.md; ``invocation`` is a claim citing a commitment.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "breach": EdgeStyle(
        "breach of the speaker's own commitment", RED, penwidth=2.6, label="breach"
    ),
    "selective-invocation": EdgeStyle(
        "selective invocation (cites one part, contradicts another)",
        ORANGE,
        style="dashed",
        penwidth=2.4,
        label="selective",
    ),
    "contradiction": EdgeStyle("contradicts a commitment (speaker not bound)", RED),
    "reversal": EdgeStyle(
        "reversal (same actor, earlier → later)", PURPLE, penwidth=2.4, label="reversal"
    ),
    "disagreement": EdgeStyle("disagreement (different actors)", RED, style="dotted"),
    "tension": EdgeStyle("tension between commitments", GREY, style="dotted", arrowhead="none"),
    "support": EdgeStyle("support", GREEN),
    "invocation": EdgeStyle("invokes (cites) a commitment", BLUE, style="dashed"),
}

# Shading of claims by an argumentation labelling (``--labels``): fill override, border style,
# and a word in the label so that the state also reads without colour.
LABEL_STYLES: dict[str, tuple[str, str, str]] = {
    "in": ("", "rounded,filled,bold", "IN"),
    "out": ("#F2F2F2", "rounded,filled,dashed", "OUT"),
    "undec": ("#FFFFFF", "rounded,filled,dotted", "UNDECIDED"),
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html(text: str) -> str:
    """`text` for an HTML-like label: drawn literally, whatever it holds.

    >>> html('a <b> & "c" \\\\ {d|e}')
    'a &lt;b&gt; &amp; &quot;c&quot; \\\\\\\\ {d|e}'
    """
    # Chained replace (each pass in C) is about twice as fast as str.translate with a table;
    # '&' goes first so that no entity is escaped twice.
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\\", "\\\\")
    )


def quoted(text: str) -> str:
    """`text` as a double-quoted DOT string for tooltips, ids and URLs (quotes included).

    Graphviz copies XML entities into SVG as they are, so markup characters are written as
    entities; newlines survive as ``&#10;``. Runs of spaces come out as no-break spaces (Graphviz
    does that to every attribute it writes to SVG).
    """
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    out = _quoted(text)
    # Graphviz refuses a string of more than 16 KB ("String starting: ... failed"); escapes
    # can make an 8,000-character text five times longer. A tooltip is cut, with an ellipsis,
    # rather than the whole drawing failing (issue 17).
    while len(out.encode("utf-8")) > _DOT_STRING_BYTES:
        text = text[: len(text) * 3 // 4]
        out = _quoted(text + "…")
    return out


#: Largest quoted string written to DOT, safely under Graphviz's 16,384-byte limit.
_DOT_STRING_BYTES = 15000


def _quoted(text: str) -> str:
    return (
        '"'
        + text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        # A quoted DOT string goes through two rounds of backslash escapes (the lexer's and
        # Graphviz's \N, \G, \L expansion): four backslashes come out as one.
        .replace("\\", "\\\\\\\\")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        + '"'
    )


def excerpt(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters with '…'.

    >>> excerpt("one two three four", 12)
    'one two…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—") + "…"


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap (faster than textwrap, which matters for 2,000-node maps).

    >>> wrap("one two three four", 9)
    ['one two', 'three', 'four']
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines
