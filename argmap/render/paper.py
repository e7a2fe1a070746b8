"""Paper sizes, and a drawing placed on a printed page: the scale it prints at and its smallest
text there.

Graphviz draws a map at its natural size (text at the point sizes the DOT asks for); a page
shows it scaled to fit inside the margins. What a reader can read is the smallest text after
that scaling, so that is what decides whether a map fits a page or must be summarised or split:
never below :data:`MIN_PRINTED_PT`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DECK",
    "MARGIN",
    "MIN_PRINTED_PT",
    "PAPERS",
    "Drawing",
    "Paper",
    "measure_svg",
    "paper",
]

#: Smallest printed text a reader can read on paper, in points.
MIN_PRINTED_PT = 6.0
#: Page margin, in points (about 1 cm).
MARGIN = 28.0
#: Paper sizes, portrait, in points.
PAPERS: dict[str, tuple[float, float]] = {
    "a4": (595.276, 841.89),
    "a3": (841.89, 1190.551),
    "letter": (612.0, 792.0),
}


@dataclass(frozen=True)
class Paper:
    """A page size in points, and its name for messages ('A4 landscape')."""

    width: float
    height: float
    name: str

    @property
    def content(self) -> tuple[float, float]:
        """Width and height inside the margins."""
        return (self.width - 2 * MARGIN, self.height - 2 * MARGIN)


#: A 16:9 projector slide, 13.33 × 7.5 in.
DECK = Paper(960.0, 540.0, "16:9 (13.33 × 7.5 in)")


def paper(name: str, landscape: bool) -> Paper:
    """The page of `name` (a4, a3, letter) in the orientation asked for.

    >>> paper("a3", landscape=True).width
    1190.551
    """
    w, h = PAPERS[name]
    if landscape:
        w, h = h, w
    return Paper(
        w,
        h,
        f"{name.upper() if name != 'letter' else 'Letter'} "
        f"{'landscape' if landscape else 'portrait'}",
    )


@dataclass(frozen=True)
class Drawing:
    """A Graphviz drawing's natural size and its smallest text, in points."""

    width: float
    height: float
    smallest: float

    def scale(self, box: tuple[float, float]) -> float:
        """The factor that fits the drawing into `box` (never enlarged beyond 100 %)."""
        return min(1.0, box[0] / self.width, box[1] / self.height)

    def printed(self, box: tuple[float, float]) -> float:
        """Its smallest text, in points, once fitted into `box`."""
        return self.smallest * self.scale(box)


_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_FONT = re.compile(rb'font-size="([\d.]+)"')


def measure_svg(svg: bytes) -> Drawing:
    """The size and smallest text of a Graphviz SVG drawing (text of invisible items counts)."""
    m = _SIZE.search(svg)
    if m is None:
        raise ValueError("not a Graphviz SVG drawing: no size in points")
    sizes = [float(x) for x in _FONT.findall(svg)]
    return Drawing(float(m.group(1)), float(m.group(2)), min(sizes, default=14.0))
