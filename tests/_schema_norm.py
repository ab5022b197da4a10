"""Compare JSON Schemas on what we control, not on how a pydantic release renders the rest."""

from __future__ import annotations

from typing import Any


def normalise(node: Any) -> Any:
    """``node`` with the renderings pydantic is free to change between releases removed.

    Decimals, months and enums are rendered by our own generator (io/_schema.py), so the
    pattern pydantic used to put on a ``Decimal``'s string branch (2.14 dropped it) no
    longer appears.  What is left to ignore is key order, which JSON does not give meaning.
    """
    if isinstance(node, list):
        return [normalise(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: normalise(node[key]) for key in sorted(node)}
