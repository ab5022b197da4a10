"""Country scale on Dask: ledgers as a ``dask.bag``, merged with the exact ``merge`` in a tree.

About 3,000 universities do not fit on one machine, and a scheduler that spreads tasks over
a cluster, retries them and shows their progress is a real engine's job, not one to write
here.  This module only says what the tasks are: load one ledger, assess it, trim its
findings (as :func:`dangjian_core.scale.assess_many`), and merge partitions' results with
:func:`~dangjian_core.merge` in a tree reduction (``Bag.reduction`` with ``split_every``),
so no process — the client least of all — holds more than a few partitions' compact
results.  The same code runs on the local process scheduler and on a ``dask.distributed``
cluster (docs/scale.md); every worker needs this package with the ``dask`` extra, and the
scheme's rules and scoring functions (built-in, or from a plugin package installed there).

Dask is the optional ``dask`` extra: it is imported on first use, never by
``import dangjian_core``.
"""

from __future__ import annotations

import os
import types
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from .errors import DangjianError
from .io import Limits, load_ledger
from .model import Ledger
from .periods import Window
from .scale import FindingsKept, _check_findings, ledger_paths, portable_scheme
from .scoring import Assessment, Scheme, assess, merge

if TYPE_CHECKING:
    from dask.bag import Bag, Item

__all__ = ["DaskUnavailableError", "assess_ledgers", "assess_many", "read_ledgers"]


class DaskUnavailableError(DangjianError, ImportError):
    """The ``dask`` extra is not installed."""


def _bag() -> types.ModuleType:
    """``dask.bag``, imported on first use: the extra is optional and heavy to import."""
    try:
        import dask.bag  # noqa: PLC0415 (optional extra, imported on first use)
    except ImportError:
        raise DaskUnavailableError(
            "按 Dask 运行需要 dask：pip install 'dangjian-core[dask]' "
            "(running on Dask needs dask: pip install 'dangjian-core[dask]')"
        ) from None
    return dask.bag


def _load(path: str | os.PathLike[str], limits: Limits | None = None) -> Ledger:
    # A module-level function of this module (not load_ledger itself), so the worker that
    # runs it imports dangjian_core.scale, which teaches pickle to carry a LedgerError.
    try:
        return load_ledger(path, limits=limits)
    except Exception as error:
        error.add_note(f"台账 (ledger): {os.fspath(path)}")
        raise


def read_ledgers(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    npartitions: int | None = None,
    limits: Limits | None = None,
) -> Bag:
    """A ``dask.bag`` of the ledgers ``source`` names (a folder, a glob, files: JSON or
    workbooks, as :func:`dangjian_core.scale.ledger_paths` reads them), loaded lazily in the
    workers.  The file list is read here, on the client; ``npartitions`` defaults to one
    partition per file, so each task holds one ledger.  ``limits`` bounds each JSON file
    (:func:`~dangjian_core.load_ledger`)."""
    paths = [os.fspath(p) for p in ledger_paths(source)]
    parts = len(paths) if npartitions is None else npartitions
    bag: Bag = _bag().from_sequence(paths, npartitions=parts).map(_load, limits=limits)
    return bag


def _assess_partition(
    ledgers: Iterable[Ledger],
    scheme: str | Scheme,
    as_of: date,
    window: Window | None,
    findings: FindingsKept,
) -> Assessment | None:
    # One ledger at a time: the bag's map is fused into this task, so each ledger is
    # loaded, assessed, trimmed and dropped before the next is loaded.
    results = [
        assess(ledger, scheme, as_of=as_of, window=window, findings=findings)
        for ledger in ledgers
    ]
    return merge(results) if results else None


def _merge_parts(parts: Iterable[Assessment | None]) -> Assessment | None:
    # The tree's combine at every level; an empty partition contributes nothing.
    present = [p for p in parts if p is not None]
    return merge(present) if present else None


def assess_ledgers(
    ledgers: Bag,
    scheme: str | Scheme = "five-in-place",
    *,
    as_of: date,
    window: Window | None = None,
    findings: FindingsKept = "failing",
    split_every: int | None = 8,
) -> Item:
    """The lazy merged Assessment of a bag of ledgers: ``.compute()`` gives it.

    Each partition is assessed and merged in its task; partitions' results are merged
    ``split_every`` at a time up a tree, in the bag's order, with the exact
    :func:`~dangjian_core.merge` — so the result equals assessing every ledger in one
    process and merging, trimmed to ``findings`` (default ``"failing"``, as
    :func:`~dangjian_core.scale.assess_many`).  The scheme is validated here; a built-in
    or a :class:`Scheme` loaded on the client travels inside the tasks, a plugin package's
    scheme goes by id (:func:`~dangjian_core.scale.portable_scheme`).  An empty bag
    computes to ``None``."""
    _check_findings(findings)
    portable = portable_scheme(scheme)
    per_partition = partial(
        _assess_partition, scheme=portable, as_of=as_of, window=window, findings=findings
    )
    reduction: Any = ledgers.reduction  # dask leaves this method unannotated
    item: Item = reduction(per_partition, _merge_parts, split_every=split_every)
    return item


def assess_many(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    scheme: str | Scheme = "five-in-place",
    *,
    as_of: date,
    window: Window | None = None,
    findings: FindingsKept = "failing",
    npartitions: int | None = None,
    split_every: int | None = 8,
    limits: Limits | None = None,
    **compute: Any,
) -> Assessment:
    """Read, assess and merge the ledgers ``source`` names on Dask, and compute the result
    with the scheduler in effect (``dask.config``, or a ``distributed.Client``);
    ``compute`` is passed to ``.compute()`` (``scheduler=``, ``num_workers=`` …)."""
    item = assess_ledgers(
        read_ledgers(source, npartitions=npartitions, limits=limits),
        scheme,
        as_of=as_of,
        window=window,
        findings=findings,
        split_every=split_every,
    )
    run: Any = item.compute  # dask leaves this method unannotated
    result: Assessment = run(**compute)
    return result
