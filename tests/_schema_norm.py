"""Compare JSON Schemas on what we control, not on how a pydantic release renders the rest."""

from __future__ import annotations

from typing import Any


def normalise(node: Any) -> Any:
    """``node`` with the renderings pydantic is free to change between releases removed.

    Today that is the ``pattern`` pydantic puts on the string branch of a ``Decimal`` (an
    ``anyOf`` of a number and a string): 2.14 dropped it.  Our own patterns (months) stay.
    """
    if isinstance(node, list):
        return [normalise(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: normalise(value) for key, value in node.items()}
    branches = out.get("anyOf")
    if isinstance(branches, list) and {"type": "number"} in branches:
        out["anyOf"] = [
            {k: v for k, v in b.items() if k != "pattern"}
            if isinstance(b, dict) and b.get("type") == "string"
            else b
            for b in branches
        ]
    return out
