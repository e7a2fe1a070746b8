"""DejaVu Sans for pages, embedded and cut down to the characters a page uses.

Graphviz lays out the map's labels with DejaVu Sans metrics (:data:`argmap.render.style.FONT`);
shown in another font, labels overflow their boxes. A page that must work offline on any machine
therefore carries the font itself, as WOFF data in an ``@font-face`` rule. The whole font is
700 KB per weight; cut down (subset) to the characters of one page it is a few tens of KB.

Subsetting is done with fontTools, which rewrites the glyph, metric, mapping and layout tables
consistently; writing that by hand would be a font toolkit of its own. The result is
byte-stable: the font's own timestamps are kept, and zlib compression is deterministic. The
copyright and licence records of the font are kept with it (DejaVu's licence asks for that).

The font is argmap's own copy (``argmap/fonts``, the files Graphviz draws the maps with), or
failing that an installed DejaVu Sans; where neither is found, no font is embedded and the page
falls back on the reader's sans-serif fonts.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from functools import cache
from io import BytesIO
from pathlib import Path

__all__ = ["find_font", "font_face_css", "subset_woff"]

_FAMILY = "DejaVu Sans"
_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/opt/homebrew/share/fonts",
    "/Library/Fonts",
)
# Always present, so that what a reader types in the search box is drawn in the same font.
_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))


@cache
def find_font(weight: str) -> Path | None:
    """The DejaVu Sans file of `weight` ('normal' or 'bold'), or None when not installed."""
    name = _FILES[weight]
    from importlib.resources import files

    own = Path(str(files("argmap").joinpath("fonts", name)))
    if own.is_file():  # argmap's own copy, the one its maps are drawn with
        return own
    for d in _DIRS:
        path = Path(d) / name
        if path.is_file():
            return path
    if shutil.which("fc-match"):
        style = "Bold" if weight == "bold" else "Book"
        try:
            done = subprocess.run(
                ["fc-match", "--format=%{file}", f"{_FAMILY}:style={style}"],
                capture_output=True,
                text=True,
                timeout=10,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        path = Path(done.stdout.strip())
        if path.name == name and path.is_file():
            return path
    return None


def subset_woff(font: Path, text: str) -> bytes:
    """`font` cut down to the characters of `text` (and printable ASCII), as WOFF bytes."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, copyright and licence
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["DSIG", "FFTM"]
    loaded = subset.load_font(str(font), options, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(options)
    # set(text) first: the page of a large corpus is 20 MB of text but a few hundred characters.
    subsetter.populate(unicodes=sorted(map(ord, set(text) | set(_ASCII))))
    subsetter.subset(loaded)
    out = BytesIO()
    subset.save_font(loaded, out, options)
    return out.getvalue()


def font_face_css(text: str) -> str:
    """``@font-face`` rules embedding DejaVu Sans (regular, bold) for the characters of `text`.

    Empty when the font is not installed.
    """
    rules = []
    chars = "".join(sorted(set(text)))  # once for both weights: the text can be 20 MB
    for weight, name in _FILES.items():
        path = find_font(weight)
        if path is None:
            return ""
        data = base64.b64encode(subset_woff(path, chars)).decode("ascii")
        rules.append(
            f"/* {name}, subset; DejaVu fonts licence (Bitstream Vera derivative) */\n"
            f'@font-face{{font-family:"{_FAMILY}";font-style:normal;font-weight:{weight};'
            f'src:url(data:font/woff;base64,{data}) format("woff")}}'
        )
    return "\n".join(rules) + "\n"
