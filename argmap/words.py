"""Counted nouns for messages people read: "1 claim", "2 claims", never "1 claims"."""

from __future__ import annotations

__all__ = ["plural"]

_IRREGULAR = {"analysis": "analyses", "property": "properties", "entry": "entries"}


def plural(n: int, noun: str, many: str | None = None) -> str:
    """`n` and `noun`, the noun in the plural (`many`, when given) unless `n` is 1.

    >>> plural(1, "commitment"), plural(3, "file"), plural(0, "claim"), plural(2, "entry")
    ('1 commitment', '3 files', '0 claims', '2 entries')
    """
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {many or _IRREGULAR.get(noun, noun + 's')}"
