"""Independent copies of a ledger: every id renumbered, so copies merge without clashing.

Scale tests and benchmarks need ledgers of many departments that are all realistic: the
simplest is one real department many times over.  A plain copy would repeat every id (and
the ledger would be refused), so each copy gets its own prefix on every id and on every
reference to one — a meeting's ``org_ids``, a case's ``person_id``, the person ids keying a
meeting's ``grades`` — and the copies become unrelated departments of one ledger or of one
folder of schools.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..io import load_ledger
from ..model import Ledger

__all__ = ["renumbered", "replicated"]


def _ids(data: Any, out: set[str]) -> None:
    """Every ``id`` of every record in ``data``, at any depth."""
    if isinstance(data, Mapping):
        if isinstance(data.get("id"), str):
            out.add(data["id"])
        for value in data.values():
            _ids(value, out)
    elif isinstance(data, list):
        for value in data:
            _ids(value, out)


def _prefixed(data: Any, ids: set[str], prefix: str) -> Any:
    if isinstance(data, Mapping):
        return {(prefix + k if k in ids else k): _prefixed(v, ids, prefix) for k, v in data.items()}
    if isinstance(data, list):
        return [_prefixed(v, ids, prefix) for v in data]
    if isinstance(data, str) and data in ids:
        return prefix + data
    return data


def renumbered(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The ledger ``data`` (plain JSON data, e.g. ``ledger.model_dump(mode="json")``) with
    ``prefix`` put before every record id and every text or key equal to one of them."""
    ids: set[str] = set()
    _ids(data, ids)
    out: dict[str, Any] = _prefixed(data, ids, prefix)
    return out


def replicated(ledger: Ledger, copies: int, *, prefix: str = "c{k}-") -> Ledger:
    """``copies`` renumbered copies of ``ledger`` merged into one ledger (copy ``k`` prefixed
    ``prefix.format(k=k)``): a school of identical, independent departments."""
    if copies < 1:
        raise ValueError(f"copies 应至少为 1 (copies must be at least 1), not {copies}")
    base = ledger.model_dump(mode="json", exclude_defaults=True)
    ids: set[str] = set()
    _ids(base, ids)
    merged: dict[str, list[Any]] = {}
    for k in range(copies):
        for key, value in _prefixed(base, ids, prefix.format(k=k)).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
    return load_ledger(merged)
