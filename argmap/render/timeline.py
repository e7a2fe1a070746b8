"""A picture of positions over time: ``argmap timeline`` (DESIGN.md "Positions").

Consumes an :class:`~argmap.graph.ArgumentGraph` and its reversal findings
(:func:`argmap.positions.find_positions`); produces a :class:`Timeline` (rows, marks, changes of
stance, binding ticks and the panels of a broken time axis: plain data that tests can check)
and draws it with matplotlib into one A4 landscape page of PDF, SVG or PNG, written atomically.

Graphviz, which draws the argument maps, has no time axis; matplotlib has one. Only its Agg,
PDF and SVG writers are used (no display), the fonts are the DejaVu Sans files matplotlib ships
(never a system font), and every date or hash a writer would stamp is fixed, so the same corpus
gives the same bytes on every run.

The picture:

- one row per proposition (``by="proposition"``) or per actor (``by="actor"``), time across;
- each claim a mark in its actor's colour: filled where it asserts, hollow where it denies (in
  actor rows, half-filled where it asserts some propositions and denies others); large where
  the claim writes the literal, small where it follows through ``implies``/``excludes``. Marks
  of one actor with the same stance on the same day are one mark with a count;
- a change of stance (a ``reversal`` position) is an arrow from the last claim of the old stance
  to the first of the new one;
- the date each document began (and, dashed, ceased) to bind each actor is a tick: in a band of
  one row per actor below the propositions, or on the actor's own row;
- most corpora talk in bursts (33 of the founding corpus' 38 claims fall within three months),
  so when most claims fall within a short window the axis is broken into panels: the years
  before the window, the window drawn wide, and the time after it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from math import ceil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from argmap.errors import ArgmapError
from argmap.files import write_atomic
from argmap.graph import ArgumentGraph
from argmap.positions import find_positions
from argmap.render.view import ViewOptions, claims_in_view
from argmap.words import plural

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FORMATS",
    "Change",
    "EmptyTimeline",
    "Mark",
    "Panel",
    "Tick",
    "Timeline",
    "build_timeline",
    "draw_timeline",
    "render_timeline",
]

FORMATS = ("pdf", "svg", "png")
By = Literal["proposition", "actor"]

#: A4 landscape, in inches.
PAGE = (11.69, 8.27)
#: Okabe & Ito's palette (distinguishable with the common colour-vision deficiencies), then
#: matplotlib's tab10 for corpora with more actors.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
    "#8c564b",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
_SALT = "argmap-timeline"
_MIN_PT = 6.0
MAX_BANDS = 8  # actors with a band of binding ticks below the propositions, at most
_KEY_ROWS = 7  # lines per column of the actor and document keys
_EPOCH = date(1970, 1, 1)  # the smallest text on the page, printed


class EmptyTimeline(ArgmapError):
    """No claim is left to draw once the filters are applied."""


@dataclass(frozen=True)
class Mark:
    """Claims of one actor with one stance on one row and day, drawn as one mark.

    ``positive`` is None for a claim (in actor rows) that asserts some propositions and denies
    others; ``direct`` is whether the claims write the literal (not derive it).
    """

    row: str
    date: date
    actor: str
    positive: bool | None
    direct: bool
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """A change of an actor's stance, drawn on `row` from claim `before` to claim `after`."""

    row: str
    actor: str
    propositions: tuple[str, ...]
    before: str
    after: str
    was: bool
    now: bool
    date: date  # the date of `after`: when the new stance is first on record


@dataclass(frozen=True)
class Tick:
    """The day `document` began (``end=False``) or ceased (last day bound) to bind `actor`."""

    row: str
    actor: str
    document: str
    date: date
    end: bool = False


@dataclass(frozen=True)
class Panel:
    """One stretch of the time axis, with how many claims it shows."""

    start: date
    end: date
    claims: int
    wide: bool = False  # the window most claims fall in, drawn wider than the others


@dataclass(frozen=True)
class Timeline:
    """What the picture shows, computed before anything is drawn."""

    title: str
    by: By
    rows: tuple[str, ...]  # top to bottom: propositions or actors
    bands: tuple[str, ...]  # rows below a rule: "bound:<actor>" (by proposition only)
    labels: dict[str, str]
    actors: tuple[str, ...]  # in colour order (order of first claim)
    marks: tuple[Mark, ...]
    changes: tuple[Change, ...]
    ticks: tuple[Tick, ...]
    documents: tuple[str, ...]  # numbered 1.. in the tick labels, by date
    panels: tuple[Panel, ...]
    claims: int
    omitted: int = 0  # rows left out so that the page stays readable
    silent: int = 0  # claims that take no stance on any proposition (cite, attack only)
    unbanded: bool = False  # binding ticks left out: too many actors for a band each
    filters: tuple[str, ...] = field(default=())

    @property
    def stance_changes(self) -> int:
        """How many changes of stance are drawn (one change can be drawn on several rows)."""
        return len({(c.actor, c.before, c.after) for c in self.changes})

    def stance(self, row: str, actor: str) -> list[tuple[date, bool | None, tuple[str, ...]]]:
        """The marks of `actor` on `row` in date order: (date, stance, claims)."""
        found = [m for m in self.marks if m.row == row and m.actor == actor]
        found.sort(key=lambda m: (m.date, m.claims))
        return [(m.date, m.positive, m.claims) for m in found]


# --- what to draw -------------------------------------------------------------------------


def build_timeline(
    ag: ArgumentGraph,
    *,
    by: By = "proposition",
    actors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    focus: str | None = None,
    documents: Sequence[str] = (),
    title: str | None = None,
    max_rows: int = 48,
) -> Timeline:
    """The rows, marks, changes of stance, binding ticks and axis panels of a timeline.

    `actors` keeps the claims attributed to those actors, or naming them as actor or speaker
    (as a map does, ``view.claims_in_view``); `since`/`until` the claims dated within;
    `focus` one proposition; `documents` limits the binding ticks. When more than `max_rows`
    rows would be drawn, those with the fewest marks are left out (and counted in
    ``omitted``) so that the labels stay readable on one page.
    """
    corpus = ag.corpus
    view = ViewOptions(actors=tuple(actors), since=since, until=until)
    chosen = [
        c
        for c in sorted(claims_in_view(ag, view), key=lambda c: (c.date, c.id))
        if focus is None or any(p == focus for p, _ in ag.held[c.id])
    ]
    if not chosen:
        raise EmptyTimeline("the timeline is empty: no claim matches the filters")
    order: dict[str, int] = {}
    for c in chosen:
        order.setdefault(ag.actor_of[c.id], len(order))
    colour_order = tuple(sorted(order, key=order.__getitem__))
    groups: dict[tuple[str, date, str, bool | None, bool], list[str]] = defaultdict(list)
    for c in chosen:
        actor = ag.actor_of[c.id]
        held = ag.held[c.id]
        if by == "proposition":
            for (prop, positive), (_, steps) in held.items():
                if focus is None or prop == focus:
                    groups[(prop, c.date, actor, positive, not steps)].append(c.id)
        elif focus is not None:
            for (prop, positive), (_, steps) in held.items():
                if prop == focus:
                    groups[(actor, c.date, actor, positive, not steps)].append(c.id)
        else:
            stances = {True} if c.asserts else set()
            stances |= {False} if c.denies else set()
            if stances:
                one = stances.pop() if len(stances) == 1 else None
                groups[(actor, c.date, actor, one, True)].append(c.id)
    marks = [Mark(k[0], k[1], k[2], k[3], k[4], tuple(v)) for k, v in groups.items()]
    if not marks:
        raise EmptyTimeline("the timeline is empty: no claim asserts or denies a proposition")
    if by == "proposition":
        vocabulary = {p: i for i, p in enumerate(corpus.propositions)}
        rows = sorted({m.row for m in marks}, key=vocabulary.__getitem__)
        labels = {p: p for p in rows}
    else:
        rows = [a for a in colour_order if any(m.row == a for m in marks)]
        labels = {a: corpus.actors[a].label for a in rows}
    omitted = 0
    drawn_actors = [a for a in colour_order if any(m.actor == a for m in marks)]
    # A band row per actor is worth its room for a few actors; beyond that the ticks are left
    # out (and the subtitle says so) rather than squeezing the propositions.
    banded = by == "proposition" and len(drawn_actors) <= MAX_BANDS
    room = max_rows - (len(drawn_actors) if banded else 0)
    if len(rows) > room:
        weight: dict[str, int] = defaultdict(int)
        for m in marks:
            weight[m.row] += len(m.claims)
        keep = set(sorted(rows, key=lambda r: (-weight[r], rows.index(r)))[:room])
        omitted = len(rows) - len(keep)
        rows = [r for r in rows if r in keep]
        marks = [m for m in marks if m.row in keep]
    marks.sort(key=lambda m: (m.row, m.date, m.actor, m.claims))
    changes = _changes(ag, marks, by, focus)
    ticks = _ticks(ag, drawn_actors, by, documents, since, until) if by == "actor" or banded else ()
    bands: list[str] = []
    if banded:
        bands = [f"bound:{a}" for a in drawn_actors if any(t.actor == a for t in ticks)]
        labels.update({f"bound:{a}": corpus.actors[a].label for a in drawn_actors})
    shown = {c for m in marks for c in m.claims}
    dates = [corpus.claims[c].date for c in shown]
    silent = sum(1 for c in chosen if not ag.held[c.id]) if focus is None else 0
    axis = panels(dates, [t.date for t in ticks])
    ticks = tuple(t for t in ticks if any(p.start <= t.date <= p.end for p in axis))
    docs = corpus.documents
    numbered = tuple(sorted({t.document for t in ticks}, key=lambda d: (docs[d].date, d)))
    filters = []
    if actors:
        filters.append("actor " + ", ".join(actors))
    if since or until:
        filters.append(f"{since or '…'} to {until or '…'}")
    if focus:
        filters.append(f"proposition {focus}")
    if documents:
        filters.append("documents " + ", ".join(documents))
    return Timeline(
        title=title or corpus.title,
        by=by,
        rows=tuple(rows),
        bands=tuple(bands),
        labels=labels,
        actors=colour_order,
        marks=tuple(marks),
        changes=changes,
        ticks=ticks,
        documents=numbered,
        panels=axis,
        claims=len(shown),
        silent=silent,
        omitted=omitted,
        filters=tuple(filters),
        unbanded=by == "proposition" and not banded,
    )


def _changes(
    ag: ArgumentGraph, marks: Sequence[Mark], by: By, focus: str | None
) -> tuple[Change, ...]:
    """The reversals both of whose claims are drawn, on the rows they are drawn on."""
    drawn = {(m.row, c) for m in marks for c in m.claims}
    out: list[Change] = []
    for f in find_positions(ag, ["reversal"]):
        assert f.actor is not None
        before, after = f.sides[0].nodes[-1], f.sides[1].nodes[0]
        when = ag.corpus.claims[after].date
        if by == "proposition":
            for prop in f.propositions:
                if (prop, before) in drawn and (prop, after) in drawn:
                    was, now = (prop, True) in ag.held[before], (prop, True) in ag.held[after]
                    out.append(Change(prop, f.actor, (prop,), before, after, was, now, when))
            continue
        if focus is not None and focus not in f.propositions:
            continue
        prop = focus or f.proposition
        if (f.actor, before) in drawn and (f.actor, after) in drawn:
            was, now = (prop, True) in ag.held[before], (prop, True) in ag.held[after]
            out.append(Change(f.actor, f.actor, f.propositions, before, after, was, now, when))
    out.sort(key=lambda c: (c.row, c.date, c.before, c.after))
    return tuple(out)


def _ticks(
    ag: ArgumentGraph,
    actors: Sequence[str],
    by: By,
    documents: Sequence[str],
    since: date | None,
    until: date | None,
) -> tuple[Tick, ...]:
    """When each document began (and ceased) to bind each actor, within the dates asked for.

    A binding can only begin on a day a party's participation or an actor's membership of an
    organization begins, so those days are the ones asked about.
    """
    corpus = ag.corpus
    starts = sorted(
        {p.since or d.date for d in corpus.documents.values() for p in d.parties}
        | {m.since for a in corpus.actors.values() for m in a.members if m.since}
    )
    out: list[Tick] = []
    for actor in actors:
        row = actor if by == "actor" else f"bound:{actor}"
        for doc in documents or corpus.documents:
            bound_before = False
            for day in starts:
                b = ag.bindings.bound(actor, doc, day)
                if b is not None and not bound_before:
                    out.append(Tick(row, actor, doc, day))
                    if b.until is not None:
                        out.append(Tick(row, actor, doc, b.until, end=True))
                bound_before = b is not None and (b.until is None or b.until > day)
    kept = [
        t for t in out if (since is None or t.date >= since) and (until is None or t.date <= until)
    ]
    kept.sort(key=lambda t: (t.row, t.date, t.document, t.end))
    return tuple(dict.fromkeys(kept))


def panels(claims: Sequence[date], others: Sequence[date] = ()) -> tuple[Panel, ...]:
    """The stretches of the time axis: one, or a wide window around most claims and the rest.

    The window is the shortest stretch holding 60% of the claims, widened to claims less than
    its own length (and at least a month) away. It gets a panel of its own when it covers less
    than a tenth of the whole span (claims and `others`, the binding ticks); the claims and
    ticks before and after it get narrower panels.

    >>> d = date.fromisoformat
    >>> [(p.start.isoformat(), p.claims, p.wide) for p in panels([d("2000-01-01"), d("2020-05-01"),
    ...     d("2020-05-03"), d("2020-05-20"), d("2020-06-01")])]
    [('1999-12-01', 1, False), ('2020-04-28', 4, True)]
    """
    days = sorted(claims)
    # Ticks may widen the axis back in time, not forward: what bound an actor before it spoke
    # explains what it said; a withdrawal after the last claim does not.
    every = sorted([*days, *(d for d in others if d <= days[-1])])
    lo, hi = every[0], every[-1]
    k = max(1, ceil(0.6 * len(days)))
    i = min(range(len(days) - k + 1), key=lambda i: (days[i + k - 1] - days[i], i))
    a, b = days[i], days[i + k - 1]
    while True:
        reach = max(timedelta(days=31), b - a)
        before = [d for d in days if d < a and a - d <= reach]
        after = [d for d in days if d > b and d - b <= reach]
        if not before and not after:
            break
        a = min([a, *before])
        b = max([b, *after])
    span = hi - lo
    if len(days) < 5 or span.days == 0 or (b - a) * 10 > span:
        return (_panel(lo, hi, days),)
    pad = max(timedelta(days=3), (b - a) / 25)
    start, end = a - pad, b + pad
    out = []
    early = [d for d in every if d < start]
    if early:
        p = _panel(early[0], early[-1], [d for d in days if d < start])
        out.append(Panel(p.start, min(p.end, start - timedelta(days=1)), p.claims))
    out.append(Panel(start, end, sum(start <= d <= end for d in days), wide=True))
    late = [d for d in every if d > end]
    if late:
        p = _panel(late[0], late[-1], [d for d in days if d > end])
        out.append(Panel(max(p.start, end + timedelta(days=1)), p.end, p.claims))
    return tuple(out)


def _panel(lo: date, hi: date, days: Sequence[date]) -> Panel:
    """A panel from `lo` to `hi` with a margin of 3% (at least a month) on each side."""
    pad = max(timedelta(days=31), (hi - lo) * 3 / 100)
    return Panel(lo - pad, hi + pad, len(days))


# --- drawing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """What was written."""

    path: Path
    format: str
    claims: int
    rows: int
    changes: int


def render_timeline(
    ag: ArgumentGraph, path: str | os.PathLike[str], timeline: Timeline | None = None
) -> Rendered:
    """Draw `timeline` (by default every claim, by proposition) into `path`: pdf, svg or png."""
    from argmap.render.output import format_of

    fmt = format_of(path, FORMATS)
    tl = timeline or build_timeline(ag)
    data = draw_timeline(ag, tl, fmt)
    return Rendered(write_atomic(path, data), fmt, tl.claims, len(tl.rows), tl.stance_changes)


def bundled_font() -> Path:
    """DejaVu Sans as matplotlib ships it: the same glyphs on every machine."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


_RC: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 7.0,
    "svg.hashsalt": _SALT,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "axes.linewidth": 0.6,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 7.0,
    "xtick.major.size": 3.0,
    "xtick.major.width": 0.6,
    "ytick.major.size": 0.0,
    "path.simplify": False,
}
_METADATA: dict[str, dict[str, Any]] = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": "argmap", "Creator": "argmap"},
    "svg": {"Date": None, "Creator": "argmap"},
    "png": {"Software": "argmap"},
}


def draw_timeline(ag: ArgumentGraph, tl: Timeline, fmt: str, dpi: int = 200) -> bytes:
    """The page of `tl` as PDF, SVG or PNG bytes (the same bytes for the same timeline)."""
    import matplotlib

    with matplotlib.rc_context(_RC), _bundled_fonts_first():
        fig = _figure(ag, tl)
        out = BytesIO()
        fig.savefig(out, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return out.getvalue()


@contextmanager
def _bundled_fonts_first() -> Iterator[None]:
    """Make "DejaVu Sans" name matplotlib's own files, whatever fonts the system has.

    matplotlib lists its bundled fonts before the system's, so this is normally a no-op; it
    makes sure of it (a system DejaVu of another version would change the output's bytes).
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    saved = manager.ttflist
    root = str(bundled_font().parent)
    manager.ttflist = sorted(saved, key=lambda f: not str(f.fname).startswith(root))
    font_manager.FontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        manager.ttflist = saved
        font_manager.FontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def _colours(tl: Timeline) -> dict[str, str]:
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(tl.actors)}


# Page layout, in inches from the bottom left of the page.
_TOP, _BOTTOM_AXIS, _RIGHT = 0.9, 0.42, 0.3
_LEGEND_H = 1.15


def _figure(ag: ArgumentGraph, tl: Timeline) -> Figure:
    """Lay the page out: title, the panels side by side, the legend and document key below."""
    from matplotlib.figure import Figure

    corpus = ag.corpus
    width, height = PAGE
    fig = Figure(figsize=PAGE)
    colours = _colours(tl)
    all_rows = [*tl.rows, *tl.bands]
    n = len(all_rows)
    label_w = 0.25 + 0.058 * max(len(_row_label(tl, r)) for r in all_rows)
    left = 0.25 + label_w
    legend_h = _LEGEND_H + (0.115 * (len(tl.changes) + 1) if tl.by == "actor" else 0.0)
    bottom = legend_h + _BOTTOM_AXIS + 0.25
    plot_h = height - _TOP - bottom
    row_pt = plot_h * 72 / max(n, 1)
    label_pt = max(_MIN_PT, min(7.5, row_pt * 0.6))
    plot_w = width - left - _RIGHT
    gap = 0.14
    weights = [2.8 if p.wide else 1.5 for p in tl.panels]
    usable = plot_w - gap * (len(tl.panels) - 1)
    axes: list[Axes] = []
    x = left
    for p, w in zip(tl.panels, weights, strict=True):
        wi = usable * w / sum(weights)
        ax = fig.add_axes((x / width, bottom / height, wi / width, plot_h / height))
        axes.append(ax)
        x += wi + gap
        _panel_axes(ax, p, all_rows, tl, label_pt, first=len(axes) == 1, width=wi)
    _title(fig, ag, tl)
    positions = _marks(axes, tl, colours, all_rows)
    _changes_drawn(fig, axes, tl, colours, positions)
    _ticks_drawn(axes, tl, colours, all_rows)
    _breaks(axes)
    _legend(fig, corpus, tl, colours, legend_h)
    if tl.by == "actor" and tl.changes:
        fig.text(
            0.25 / width,
            (legend_h - 0.95) / height,
            "\n".join(
                ["Changes of stance (numbered above the actor's row)", *change_lines(ag, tl)]
            ),
            fontsize=6.5,
            va="top",
            linespacing=1.3,
        )
    return fig


def _panel_axes(
    ax: Axes,
    p: Panel,
    rows: Sequence[str],
    tl: Timeline,
    label_pt: float,
    first: bool,
    width: float,
) -> None:
    """Limits, row bands and labels, and date ticks suited to the panel's length."""
    n = len(rows)
    ax.set_xlim(_num(p.start), _num(p.end))
    ax.set_ylim(n - 0.5, -0.5)
    for i, r in enumerate(rows):
        if r in tl.bands:
            ax.axhspan(i - 0.5, i + 0.5, color="#f3efe6", lw=0, zorder=0)
        elif i % 2 == 0:
            ax.axhspan(i - 0.5, i + 0.5, color="#f2f2f2", lw=0, zorder=0)
    if tl.bands:
        ax.axhline(len(tl.rows) - 0.5, color="#555555", lw=0.8, zorder=1)
    ax.set_yticks(range(n))
    if first:
        ax.set_yticklabels([_row_label(tl, r) for r in rows], fontsize=label_pt)
    else:
        ax.set_yticklabels([])
    ax.tick_params(axis="y", length=0)
    marked = sorted({c.date for c in tl.changes if p.start <= c.date <= p.end})
    per_day = width * 72 / max(1, (p.end - p.start).days)
    ax.set_xticks(*_date_ticks(p, marked if len(marked) <= 8 else [], per_day))
    ax.grid(axis="x", color="#d0d0d0", lw=0.5, zorder=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not first:
        ax.spines["left"].set_visible(False)
    if p.wide or (p.end - p.start).days < 730:
        caption = f"{_day(p.start)} – {_day(p.end)}"
    else:
        caption = f"{p.start.year}–{p.end.year}"
    caption += f": {p.claims} claim{'s' * (p.claims != 1)}"
    if p.wide:
        caption += " (drawn wide)"
    ax.set_title(caption, fontsize=6.5, color="#444444", loc="left", pad=3)


def _date_ticks(
    p: Panel, marked: Sequence[date] = (), per_day: float = 1.0
) -> tuple[list[float], list[str]]:
    """Tick positions and labels for a panel: years, quarters, half months or days by its
    length, none closer to an edge than 5% (the neighbouring panel's labels stand there).

    In a panel of less than a year the `marked` days (changes of stance) are labelled too,
    and regular ticks too close to them (30 pt, with `per_day` points per day) are dropped.
    """
    span = (p.end - p.start).days
    margin = timedelta(days=span * 5 / 100)
    lo, hi = p.start + margin, p.end - margin
    days: list[date] = []
    if span > 365 * 4:
        step = next(s for s in (2, 5, 10, 20, 25, 50, 100) if span / 365 / s <= 5)
        days = [date(y, 1, 1) for y in range(lo.year, hi.year + 1) if y % step == 0]
        labels = [str(d.year) for d in days]
    elif span > 240:
        days = [date(y, m, 1) for y in range(lo.year, hi.year + 1) for m in (1, 4, 7, 10)]
        labels = [f"{d:%b}\n{d.year}" for d in days]
    else:
        step = 1 if span <= 14 else 7 if span <= 60 else 0
        cur = lo
        while cur <= hi:
            if (step and (cur - lo).days % step == 0) or (not step and cur.day in (1, 15)):
                days.append(cur)
            cur += timedelta(days=1)
        labels = [f"{d.day} {d:%b}\n{d.year}" for d in days]
    pairs = [(d, t) for d, t in zip(days, labels, strict=True) if lo <= d <= hi]
    if span <= 240 and marked:
        kept: list[date] = []
        for d in marked:
            if not kept or (d - kept[-1]).days * per_day >= 30:
                kept.append(d)
        pairs = [(d, t) for d, t in pairs if all(abs((d - k).days) * per_day >= 30 for k in kept)]
        pairs += [(d, f"{d.day} {d:%b}\n{d.year}") for d in kept]
        pairs.sort()
    return [_num(d) for d, _ in pairs], [t for _, t in pairs]


def _num(d: date) -> float:
    """Days since 1970-01-01: the x coordinate of a day (matplotlib's own date epoch)."""
    return float((d - _EPOCH).days)


def _row_label(tl: Timeline, row: str) -> str:
    """A row's label, cut to 40 characters (about 2.3 inches at 7 points)."""
    return _short(("bound: " if row in tl.bands else "") + tl.labels[row], 40)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _title(fig: Figure, ag: ArgumentGraph, tl: Timeline) -> None:
    width, height = PAGE
    what = "proposition" if tl.by == "proposition" else "actor"
    fig.text(
        0.25 / width,
        1 - 0.22 / height,
        f"{tl.title}: positions over time, by {what}",
        fontsize=12,
        weight="bold",
        va="top",
    )
    actors = len({m.actor for m in tl.marks})
    silent = f" ({tl.silent} more take no stance)" if tl.silent else ""
    changes = tl.stance_changes
    sub = (
        f"{plural(tl.claims, 'claim')} by {plural(actors, 'actor')}{silent}; "
        + (f"{plural(len(tl.rows), what)}; " if tl.by == "proposition" else "")
        + f"{plural(changes, 'change')} of stance"
    )
    if tl.filters:
        sub += "; only " + "; ".join(tl.filters)
    if tl.unbanded:
        sub += f"; binding ticks left out (more than {MAX_BANDS} actors: use --actor)"
    if tl.omitted:
        sub += f"; {tl.omitted} {what}s with the fewest claims left out (use --focus or --actor)"
    fig.text(0.25 / width, 1 - 0.45 / height, sub, fontsize=7.5, color="#333333", va="top")


def _panel_of(axes: Sequence[Axes], tl: Timeline, day: date) -> int:
    for i, p in enumerate(tl.panels):
        if p.start <= day <= p.end:
            return i
    return 0 if day < tl.panels[0].start else len(tl.panels) - 1


def _marks(
    axes: Sequence[Axes], tl: Timeline, colours: dict[str, str], rows: Sequence[str]
) -> dict[tuple[str, str], tuple[int, float, float]]:
    """Draw the marks; return where each (row, claim) is drawn: (panel, x, y)."""
    index = {r: i for i, r in enumerate(rows)}
    same_day: dict[tuple[str, date], list[Mark]] = defaultdict(list)
    for m in tl.marks:
        same_day[(m.row, m.date)].append(m)
    where: dict[tuple[str, str], tuple[int, float, float]] = {}
    groups: dict[tuple[int, str, bool | None, bool], tuple[list[float], list[float]]] = defaultdict(
        lambda: ([], [])
    )
    counts: list[tuple[int, float, float, int]] = []
    for (row, day), ms in same_day.items():
        ms.sort(key=lambda m: (tl.actors.index(m.actor), m.positive is not True, m.claims))
        spread = min(0.32, 0.16 * (len(ms) - 1))
        for j, m in enumerate(ms):
            off = -spread + 2 * spread * j / (len(ms) - 1) if len(ms) > 1 else 0.0
            y = index[row] + off
            x = _num(day)
            panel = _panel_of(axes, tl, day)
            xs, ys = groups[(panel, m.actor, m.positive, m.direct)]
            xs.append(x)
            ys.append(y)
            if len(m.claims) > 1:
                counts.append((panel, x, y, len(m.claims)))
            for c in m.claims:
                where[(row, c)] = (panel, x, y)
    for (panel, actor, positive, direct), (xs, ys) in sorted(
        groups.items(), key=lambda kv: (kv[0][0], tl.actors.index(kv[0][1]), str(kv[0][2:]))
    ):
        colour = colours[actor]
        stance = {True: "asserts", False: "denies", None: "mixed"}[positive]
        (line,) = axes[panel].plot(
            xs,
            ys,
            ls="none",
            marker="o",
            ms=6.5 if direct else 4.2,
            mec=colour,
            mew=1.2 if direct else 0.9,
            mfc=colour if positive is not False else "white",
            mfcalt="white",
            fillstyle="left" if positive is None else "full",
            zorder=4,
        )
        line.set_gid(f"marks-{actor}-{stance}-{'direct' if direct else 'derived'}-{panel}")
    for panel, x, y, k in sorted(counts):
        axes[panel].annotate(
            f"{k}",
            (x, y),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=6,
            va="center",
            color="#222222",
            zorder=5,
        )
    return where


def _changes_drawn(
    fig: Figure,
    axes: Sequence[Axes],
    tl: Timeline,
    colours: dict[str, str],
    where: dict[tuple[str, str], tuple[int, float, float]],
) -> None:
    """An arrow from the last claim of the old stance to the first claim of the new one.

    On a proposition's row the arrow runs along the row. On an actor's row it is a bracket
    above the marks, numbered for the key below the legend (each a little higher than the one
    before, so that brackets between nearby claims stay apart).
    """
    from matplotlib.patches import ConnectionPatch

    height: dict[str, int] = defaultdict(int)
    for number, c in enumerate(tl.changes, start=1):
        pa, xa, ya = where[(c.row, c.before)]
        pb, xb, yb = where[(c.row, c.after)]
        style = "arc3,rad=0"
        arm = 0.0
        if tl.by == "actor":
            arm = 9.0 + 5.0 * (height[c.row] % 6)
            height[c.row] += 1
            style = f"arc,angleA=90,angleB=90,armA={arm},armB={arm},rad=2"
            if (pa, xa) == (pb, xb):  # the same day: a bow beside the two marks
                style = "arc3,rad=0.6"
        patch = ConnectionPatch(
            (xa, ya),
            (xb, yb),
            coordsA=axes[pa].transData,
            coordsB=axes[pb].transData,
            axesA=axes[pa],
            axesB=axes[pb],
            arrowstyle="-|>,head_length=0.55,head_width=0.28",
            connectionstyle=style,
            color=colours[c.actor],
            lw=1.0,
            shrinkA=3,
            shrinkB=3.5,
            zorder=3,
        )
        patch.set_gid(f"reversal-{c.actor}-{c.row}-{c.date.isoformat()}")
        fig.add_artist(patch)
        if tl.by == "actor":
            axes[pb].annotate(
                str(number),
                (xb, yb),
                xytext=(1.5, arm - 1),
                textcoords="offset points",
                fontsize=6,
                ha="left",
                va="bottom",
                color=colours[c.actor],
                zorder=5,
            )


def change_lines(ag: ArgumentGraph, tl: Timeline) -> list[str]:
    """The key to the numbered brackets of an actor timeline: when, who, the new stance."""
    out = []
    for number, c in enumerate(tl.changes, start=1):
        held = ag.held[c.after]
        said = {True: [p for p in c.propositions if (p, True) in held]}
        said[False] = [p for p in c.propositions if (p, False) in held]
        parts = [f"{_verb(v)} {', '.join(ps)}" for v, ps in said.items() if ps]
        who = ag.corpus.actors[c.actor].label
        out.append(f"{number}  {_day(c.date)}, {who} now {'; '.join(parts)}")
    return out


def _verb(positive: bool) -> str:
    return "asserts" if positive else "denies"


def _ticks_drawn(
    axes: Sequence[Axes], tl: Timeline, colours: dict[str, str], rows: Sequence[str]
) -> None:
    """Binding ticks, labelled with the document's number; ticks close together share one."""
    index = {r: i for i, r in enumerate(rows)}
    number = {d: i for i, d in enumerate(tl.documents, start=1)}
    for i, ax in enumerate(axes):
        p = tl.panels[i]
        per_day = (ax.get_position().width * PAGE[0] * 72) / max(1, (p.end - p.start).days)
        mine = [t for t in tl.ticks if p.start <= t.date <= p.end and t.row in index]
        by_row: dict[str, list[Tick]] = defaultdict(list)
        for t in mine:
            by_row[t.row].append(t)
        for row, ticks in by_row.items():
            y = index[row]
            colour = "#666666" if tl.by == "actor" else colours[ticks[0].actor]
            labels: list[tuple[float, list[str]]] = []
            for t in ticks:
                x = _num(t.date)
                ax.plot(
                    [x, x],
                    [y - 0.38, y + 0.38],
                    color=colour,
                    lw=0.9,
                    ls=(0, (1.5, 1.2)) if t.end else "-",
                    zorder=2,
                    gid=f"bound-{t.actor}-{t.document}-{'until' if t.end else 'since'}",
                )
                tag = str(number[t.document]) + ("]" if t.end else "")
                if labels and (x - labels[-1][0]) * per_day < 3.6 * len(",".join(labels[-1][1])):
                    labels[-1][1].append(tag)
                else:
                    labels.append((x, [tag]))
            for x, tags in labels:
                ax.annotate(
                    ",".join(tags),
                    (x, y - 0.38),
                    xytext=(1, 0.5),
                    textcoords="offset points",
                    fontsize=6,
                    color=colour,
                    va="bottom",
                    ha="left",
                    zorder=2,
                )


def _breaks(axes: Sequence[Axes]) -> None:
    """The two slashes that say the time axis is broken between panels."""
    kw: dict[str, Any] = {"marker": [(-1, -1.6), (1, 1.6)], "ms": 7, "ls": "none", "color": "k"}
    kw.update(mew=0.8, mec="k", clip_on=False)
    for i, ax in enumerate(axes):
        if i > 0:
            ax.plot([0], [0], transform=ax.transAxes, **kw)
        if i < len(axes) - 1:
            ax.plot([1], [0], transform=ax.transAxes, **kw)


def _legend(
    fig: Figure, corpus: Any, tl: Timeline, colours: dict[str, str], legend_h: float
) -> None:
    """Actors, what the marks, arrows and ticks mean, and the numbered documents."""
    from matplotlib.lines import Line2D

    width, height = PAGE
    top = legend_h + 0.2
    listed = list(tl.actors[: 2 * _KEY_ROWS])
    names = [
        _short(corpus.actors[a].label, 40 if len(tl.actors) <= _KEY_ROWS else 18) for a in listed
    ]
    if len(tl.actors) > len(listed):
        listed, names = listed[:-1], [*names[:-1], f"… {len(tl.actors) - len(listed) + 1} more"]
    actor_handles = [
        Line2D([], [], ls="none", marker="o", ms=6.5, mfc=colours[a], mec=colours[a])
        for a in listed
    ]
    if len(names) > len(actor_handles):
        actor_handles.append(Line2D([], [], ls="none"))
    grey = "#444444"
    key: list[tuple[Line2D, str]] = [
        (Line2D([], [], ls="none", marker="o", ms=6.5, mfc=grey, mec=grey), "asserts"),
        (
            Line2D([], [], ls="none", marker="o", ms=6.5, mfc="white", mec=grey, mew=1.2),
            "denies",
        ),
    ]
    if any(m.positive is None for m in tl.marks):
        half = Line2D([], [], ls="none", marker="o", ms=6.5, mec=grey, mfc=grey)
        half.set_fillstyle("left")
        half.set_markerfacecoloralt("white")
        key.append((half, "asserts some, denies others"))
    key += [
        (
            Line2D([], [], ls="none", marker="o", ms=6.5, mfc=grey, mec=grey),
            "large: the claim's own words",
        ),
        (
            Line2D([], [], ls="none", marker="o", ms=4.2, mfc=grey, mec=grey),
            "small: follows by implies/excludes",
        ),
        (Line2D([], [], color=grey, lw=1.1, marker=">", ms=4), "change of stance (old → new)"),
        (Line2D([], [], color=grey, lw=0.9, marker="|", ms=8, ls="none"), "n: bound by document n"),
        (
            Line2D([], [], color=grey, lw=0.9, ls=(0, (1.5, 1.2))),
            "n]: last day bound by document n",
        ),
    ]
    fig.legend(
        actor_handles,
        names,
        loc="upper left",
        bbox_to_anchor=(0.25 / width, top / height),
        fontsize=6.5,
        title="Actors",
        title_fontsize=7,
        frameon=False,
        ncols=1 if len(names) <= _KEY_ROWS else 2,
        handletextpad=0.3,
        labelspacing=0.35,
    )
    fig.legend(
        [h for h, _ in key],
        [t for _, t in key],
        loc="upper left",
        bbox_to_anchor=(2.75 / width, top / height),
        fontsize=6.5,
        title="Marks (the number beside a mark: claims that day)",
        title_fontsize=7,
        frameon=False,
        ncols=2,
        handletextpad=0.4,
        labelspacing=0.35,
        columnspacing=1.0,
    )
    if not tl.documents:
        return
    docs = corpus.documents
    x0 = 6.9
    columns = min(3, ceil(len(tl.documents) / _KEY_ROWS))
    col_w = (width - _RIGHT - x0) / columns
    chars = int(col_w * 72 / 3.3) - 10
    lines = [
        f"{i}  {_short(docs[d].title, chars)} ({docs[d].date.year})"
        for i, d in enumerate(tl.documents, start=1)
    ]
    if len(lines) > columns * _KEY_ROWS:
        keep = columns * _KEY_ROWS - 1
        lines = [*lines[:keep], f"… {len(lines) - keep} more"]
    per_col = ceil(len(lines) / columns)
    fig.text(
        x0 / width,
        top / height,
        "Documents (tick labels)",
        fontsize=7,
        va="top",
        weight="bold",
    )
    for col in range(ceil(len(lines) / per_col)):
        chunk = lines[col * per_col : (col + 1) * per_col]
        fig.text(
            (x0 + col * col_w) / width,
            (top - 0.2) / height,
            "\n".join(chunk),
            fontsize=6,
            va="top",
            linespacing=1.35,
        )


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
