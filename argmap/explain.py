"""Plain-language accounts of findings: the text form of ``analyze`` and ``explain``.

Consumes an ArgumentGraph and findings; produces lines of text a seminar could read aloud:
who said what and when, which proposition is at stake, which document and locator commit the
speaker, since when it has been bound, both quotations, and the implies/excludes steps.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from argmap.findings import KINDS, Finding, derivation, explanation, held_literal, kind_count
from argmap.graph import ArgumentGraph
from argmap.positions import Position, position_lines, position_text
from argmap.words import plural

__all__ = ["analyze_text", "explain_positions_text", "positions_text"]

#: In the text form of ``check``, supports and disagreements beyond this many are counted only.
SHOW_AT_MOST = 10

_TITLES = {
    "breach": "Breaches of the speaker's own commitments",
    "selective-invocation": "Selective invocations",
    "contradiction": "Contradictions with commitments the speaker had not made",
    "reversal": "Reversals",
    "disagreement": "Disagreements",
    "tension": "Tensions between commitments",
    "support": "Supports",
}


def _wrap(text: str, indent: str = "  ", width: int = 100, then: str | None = None) -> list[str]:
    """Wrap at spaces only: an id such as 'ru-2021-12-17-draft-agreement' is never split.

    The same lines as :func:`textwrap.wrap` with ``break_on_hyphens`` and ``break_long_words``
    off; text whose only whitespace is single spaces (every finding line) is filled greedily
    here, ten times faster than textwrap, which ``analyze`` on a large corpus calls 100,000
    times.
    """
    later = indent + "  " if then is None else then
    if len(indent) + len(text) <= width and "\n" not in text and "  " not in text:
        return [indent + text.strip()] if text.strip() else []
    if "  " in text or not text.isprintable() or text != text.strip():
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=indent,
            subsequent_indent=later,
            break_on_hyphens=False,
            break_long_words=False,
        )
    lines: list[str] = []
    line = indent
    empty = True
    for word in text.split(" "):
        if empty:
            line += word
            empty = False
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line, empty = later + word, False
    lines.append(line)
    return lines


def positions_text(
    ag: ArgumentGraph,
    findings: Sequence[Position],
    actors: Sequence[dict[str, Any]],
    *,
    supports: tuple[int, Mapping[str, int]] | None = None,
) -> str:
    """The text form of ``analyze``: a summary per actor, then the findings, a few lines each.

    Supports are many and rarely the point of a briefing: given `supports` (their number, and
    per actor), they are counted; without it, the supports among `findings` are listed.
    """
    corpus = ag.corpus
    lines: list[str] = []
    spans: dict[tuple[str, ...], str] = {}
    by_kind: dict[str, list[Position]] = {k: [] for k in KINDS}
    for f in findings:
        by_kind[f.kind].append(f)
    counts = {k: len(group) for k, group in by_kind.items()}
    if supports is not None:
        counts["support"] = supports[0]
    total = ", ".join(kind_count(n, k) for k, n in counts.items() if n)
    lines.append(f"Summary: {total or 'no findings'}")
    for row in actors:
        label = corpus.actors[row["actor"]].label
        text = (
            f"{label}: {plural(row['claims'], 'claim')}; "
            f"{plural(row['positions'], 'position')}, "
            f"{plural(row['changes'], 'change')} of stance"
        )
        if row["documents_breached"]:
            text += f"; breached {', '.join(row['documents_breached'])}"
        if row["documents_contradicted"]:
            text += f"; contradicted {', '.join(row['documents_contradicted'])}"
        lines.extend(_wrap(text, "  ", then="      "))
    lines.append("")
    for kind, group in by_kind.items():
        if kind == "support" and supports is not None and counts["support"]:
            per = supports[1]
            shown = ", ".join(f"{corpus.actors[a].label} {n}" for a, n in sorted(per.items()))
            lines.append(
                f"{_TITLES[kind]} ({counts[kind]}): {shown}; list them with --kind support"
            )
            continue
        if not group:
            continue
        lines.append(f"{_TITLES[kind]} ({len(group)})")
        previous = None
        for f in group:
            first, *rest = position_lines(ag, f, spans)
            # One claim's findings on several propositions share its heading line.
            if first != previous:
                lines.extend(_wrap(f"- {first}", "  ", then="      "))
            previous = first
            for more in rest:
                lines.extend(_wrap(more, "    ", then="      "))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def analyze_text(ag: ArgumentGraph, findings: Sequence[Finding]) -> str:
    """The findings grouped by kind, breaches first, one explained paragraph each."""
    if not findings:
        return "No findings.\n"
    lines: list[str] = []
    counts = {k: sum(1 for f in findings if f.kind == k) for k in KINDS}
    lines.append("Findings: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n) + "\n")
    for kind in KINDS:
        group = [f for f in findings if f.kind == kind]
        if not group:
            continue
        lines.append(f"{_TITLES[kind]} ({len(group)})")
        for f in group:
            lines.extend(_wrap(f"- {explanation(ag, f)}"))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _quote(ag: ArgumentGraph, ident: str) -> list[str]:
    """A node's words with who, when and where they come from."""
    corpus = ag.corpus
    if ident in corpus.claims:
        c = corpus.claims[ident]
        actor = corpus.actors[corpus.attributed_actor(c)].label
        who = f"{corpus.actors[c.speaker].label} for {actor}" if c.speaker else actor
        src = ", ".join(x for x in (c.source.title, c.source.locator, c.source.url) if x)
        head = f"{ident}: {who}, {c.date} — {src}"
        text = c.text
    else:
        k = corpus.commitments[ident]
        d = corpus.documents[k.document]
        head = f"{ident}: {d.title}, {k.locator} ({d.date}, {d.binding}ly binding)"
        text = k.text
    return [*_wrap(head, "    "), *_wrap(f"“{text}”", "      ")]


def check_text(
    result: Any, verdict_line: str, *, explain: bool = False, by_pair: bool = False
) -> str:
    """A checked statement for people: the verdict, then the evidence, then the findings
    it would add, grouped by position (or one per pair of nodes with `by_pair`)."""
    from argmap.check import evidence_lines

    ag = result.graph
    lines = [verdict_line, ""]
    lines.extend(_wrap(f"“{result.statement.text}”", "  "))
    who = ag.actor_of[result.claim.id]
    lines.append(f"  attributed to {ag.corpus.actors[who].label}, {result.claim.date}")
    lines.append("")
    lines.extend(evidence_lines(result, explain=explain))
    lines.append("")
    lines.append("Closest records:")
    lines.extend(f"  {m.score:.2f}  {m.kind:<11} {m.id}" for m in result.matches[:5])
    if not result.matches:
        lines.append("  none")
    found: Sequence[Finding | Position] = result.findings if by_pair else result.positions
    if found:
        lines.append("")
        lines.append(f"Findings it would add ({len(found)}):")
        shown = 0
        for f in found:
            # Every breach, invocation, contradiction and reversal; a few of the rest.
            if f.kind in ("support", "disagreement", "tension") and shown >= SHOW_AT_MOST:
                continue
            shown += 1
            said = explanation(ag, f) if isinstance(f, Finding) else position_text(ag, f)
            lines.extend(_wrap(f"- {f.kind}: {said}"))
        if shown < len(found):
            counts = ", ".join(
                f"{n} {k}" for k in KINDS if (n := sum(1 for f in found if f.kind == k))
            )
            lines.append(
                f"  ... {len(found) - shown} more not shown ({counts} in all); "
                "--format json lists every one"
            )
    return "\n".join(lines) + "\n\n"


def labels_text(
    result: dict[str, Any],
    ag: ArgumentGraph | None,
    defeated_by: dict[str, list[tuple[str, str]]] | None = None,
) -> str:
    """An evaluation for people: what stands, what falls (and to which attack), what stays open."""
    labels: dict[str, str] = result["labels"]
    exts = result["extensions"]
    prefer = result.get("prefer")
    head = f"{result['semantics'].capitalize()} semantics"
    if prefer and prefer != "none":
        head += f", preferring {prefer} commitments"
    lines = [f"{head}: {plural(len(exts), 'extension')}, {plural(len(labels), 'argument')}", ""]
    names = {"in": "Standing (in)", "out": "Defeated (out)", "undec": "Undecided"}
    for label in ("in", "out", "undec"):
        ids = sorted(i for i, lab in labels.items() if lab == label)
        lines.append(f"{names[label]}: {len(ids)}")
        for ident in ids:
            lines.append("  " + (_describe(ag, ident) if ag is not None else ident))
            lines.extend(_defeat(ag, (defeated_by or {}).get(ident, [])))
        lines.append("")
    if not exts:
        lines.append("There is no extension under this semantics: every argument is undecided.")
    return "\n".join(lines).rstrip("\n") + "\n"


_HOW = {
    "stated": "its text states the attack",
    "contradiction": "the two hold opposite propositions",
    "through a support": "an attack carried through a stated support",
}


def _defeat(ag: ArgumentGraph | None, attackers: list[tuple[str, str]]) -> list[str]:
    """Why an argument is out, in one wrapped line: the first standing attacker and how."""
    if not attackers:
        return []
    order = list(_HOW)
    first, how = min(attackers, key=lambda x: (order.index(x[1]) if x[1] in order else 9, x[0]))
    who = " ".join(_describe(ag, first).split()) if ag is not None else first
    more = len(attackers) - 1
    rest = f"; and {more} more (--format json lists them)" if more else ""
    text = f"out: attacked by {who}, which stands: {_HOW.get(how, how)}{rest}"
    return _wrap(text, "    ")


def _describe(ag: ArgumentGraph, ident: str) -> str:
    corpus = ag.corpus
    if ident in corpus.claims:
        c = corpus.claims[ident]
        who = corpus.actors[ag.actor_of[ident]].label
        return f"{ident}  ({who}, {c.date})"
    k = corpus.commitments[ident]
    return f"{ident}  ({corpus.documents[k.document].title}, {k.locator})"


def explain_positions_text(
    ag: ArgumentGraph,
    ident: str,
    findings: Sequence[Position],
    rests_on: dict[Any, list[str]] | None = None,
) -> str:
    """Every grouped finding involving `ident`: what it is, why, and the words on each side.

    A breach names each document once, with its binding period, then quotes each of its
    commitments; disagreements and reversals quote the other claims. Supports are listed in
    one line each, without quotations: they are many and rarely the point. A breach whose
    binding is qualified by a declared suspension is headed "breach (qualified: DOC)"; a
    finding whose key (argmap.robust.position_key) is in `rests_on` names the contested
    implies/excludes judgements it rests on.
    """
    from argmap.robust import position_key

    counts = Counter(f.kind for f in findings)
    total = ", ".join(kind_count(counts[k], k) for k in KINDS if counts[k])
    lines = [f"{ident}: {plural(len(findings), 'finding')}" + (f" ({total})" if total else "")]
    lines.extend(_quote(ag, ident))
    for n, f in enumerate((f for f in findings if f.kind != "support"), 1):
        lines.append("")
        qualified = [sd.who for sd in f.sides if sd.bound is not None and sd.bound.qualified]
        head = f" (qualified: {', '.join(qualified)})" if qualified else ""
        lines.append(f"{n}. {f.kind}{head}")
        lines.extend(_wrap(position_text(ag, f)))
        if rests_on and (rests := rests_on.get(position_key(f))):
            lines.extend(
                _wrap(
                    "rests on contested judgements (it does not follow without them; argmap "
                    "analyze --robust): " + "; ".join(rests)
                )
            )
        if f.claim is not None:
            steps = [derivation(ag, f.claim, held_literal(ag, f.claim, f.proposition))]
            steps += [derivation(ag, s.nodes[0], (f.proposition, s.positive)) for s in f.sides[1:2]]
            if any(" implies " in s or " excludes " in s for s in steps):
                lines.append("  derivation:")
                lines.extend(line for s in steps for line in _wrap(s, "    "))
        shown, rest = _evidence(f, ident)
        if shown:
            lines.append("  in their words:")
        for other in shown:
            lines.extend(_quote(ag, other))
        if rest:
            lines.extend(_wrap(f"and {plural(len(rest), 'more')}: {', '.join(rest)}", "    "))
    supports = [f for f in findings if f.kind == "support"]
    if supports:
        lines.append("")
        lines.append(f"Supports ({len(supports)}):")
        for f in supports:
            lines.extend(_wrap("- " + " ".join(position_lines(ag, f)), "  ", then="      "))
    return "\n".join(lines) + "\n"


def _evidence(f: Position, ident: str, at_most: int = 3) -> tuple[list[str], list[str]]:
    """The nodes worth quoting when explaining `ident`, and the rest (named only).

    A reversal quotes the last claim of the old stance and the first of the new; a disagreement
    or support the other side's words, at most `at_most`; a claim's findings and a tension quote
    every commitment.
    """
    if f.kind == "reversal":
        old, new = f.sides
        nodes = [old.nodes[-1], new.nodes[0]]
    elif f.claim is not None and f.claim != ident:
        nodes = [f.claim]  # explaining a commitment: the claim that goes against it
    elif f.claim is not None:
        nodes = [*f.invoked, *(n for s in f.sides[1:] for n in s.nodes)]
    elif f.kind == "tension":
        nodes = [n for s in f.sides for n in s.nodes]
    else:
        others = [n for s in f.sides if ident not in s.nodes for n in s.nodes]
        return others[:at_most], others[at_most:]
    return [n for n in dict.fromkeys(nodes) if n != ident], []


def sensitivity_text(
    links: Sequence[Any], rows: Sequence[dict[str, Any]], dropped: int | None = None
) -> str:
    """The sensitivity table for ``analyze --robust``: what each contested link carries.

    Rows count pair-level findings (as ``--by pair``); `dropped` is the number of grouped
    findings that rest on the contested links and are left out below.
    """
    if not links:
        return "No implies/excludes link is marked contested: every finding is robust.\n\n"
    lines = [f"Robust: findings that hold without the {len(links)} contested link(s) below."]
    if dropped is not None:
        lines.append(f"{dropped} grouped finding(s) rest on them and are left out.")
    lines.append(
        "Sensitivity (pair-level findings that no longer follow once the link is removed):"
    )
    for row in rows:
        kinds = ", ".join(f"{n} {k}" for k, n in row["by_kind"].items()) or "none"
        lines.append(f"  {row['link']}: {row['findings']} ({kinds})")
        if row["reason"]:
            lines.extend(_wrap(f"why contested: {row['reason']}", "    "))
    return "\n".join(lines) + "\n\n"
