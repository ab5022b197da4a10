"""Province scale: many ledgers (one per school) assessed in worker processes and merged.

A province is too big to load as one ledger: 50 schools held at once, with every finding
kept, took 7.6 GB in one process (issue 12).  :func:`assess_many` never holds more than one
ledger per worker: each worker process loads one file, assesses it, trims the findings it
keeps (``findings=``, as the CLI's ``--findings``) and sends back that compact
:class:`~dangjian_core.Assessment`; the parent only merges them with the exact
:func:`~dangjian_core.merge`.  So the parent's memory is that of the merged result, and the
result equals assessing each ledger in one process and merging (then trimming).

Workers are *spawned* (or started by a fork server), never forked: a forked child inherits
the parent's threads and locks, and a fork-safe library cannot promise what its caller's
process holds.  What a fresh worker knows is what importing the package gives it: built-in
rules and schemes, and those of installed plugin packages.  The scheme itself travels with
each task (:func:`portable_scheme`), so a TOML scheme loaded here or one registered at run
time needs no file and no registration in the workers — but rules and scoring functions
registered at run time do not travel: put them in a plugin package (docs/scale.md).
"""

from __future__ import annotations

import glob
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar, get_args

from .errors import LedgerError, Problem, SchemeError
from .io import WORKBOOK_SUFFIXES, Limits, load_ledger
from .periods import Window
from .scoring import Assessment, Scheme, SubjectResult, assess, default_schemes, merge
from .scoring._assessment import QUIET_STATUSES, FindingsKept

__all__ = [
    "LEDGER_SUFFIXES",
    "FindingsKept",
    "assess_many",
    "assess_path",
    "ledger_paths",
    "portable_scheme",
    "slim_findings",
]

#: Which findings each subject keeps: ``failing`` drops ``pass`` and ``not_applicable``
#: (what needs no action), ``all`` keeps every one, ``none`` keeps none.  Scores, the
#: indicators' ``passed`` / ``failed`` counts, losses and vetoes never change.

#: File suffixes a folder is searched for: JSON ledgers and workbooks (docs/excel.md).
LEDGER_SUFFIXES = frozenset({".json", *WORKBOOK_SUFFIXES})

#: Start methods a worker pool may use; ``fork`` is left out on purpose (module docstring).
START_METHODS = ("spawn", "forkserver")

Progress = Callable[[int, int, Path], None]


_Problems = TypeVar("_Problems", LedgerError, SchemeError)


def slim_findings(assessment: Assessment, which: FindingsKept) -> Assessment:
    """The assessment with each subject's ``findings`` cut to ``which`` (:data:`FindingsKept`).

    Scores, counts, losses and vetoes stay, so the result still loads, merges and diffs; a
    school's full list is mostly passes and is the bulk of a province's memory."""
    _check_findings(which)
    if which == "all":
        return assessment
    subjects: list[SubjectResult] = [
        s.model_copy(
            update={
                "findings": []
                if which == "none"
                else [f for f in s.findings if f.status not in QUIET_STATUSES]
            }
        )
        for s in assessment.subjects
    ]
    return assessment.model_copy(update={"subjects": subjects})


def _check_findings(which: object) -> None:
    if which not in get_args(FindingsKept):
        raise ValueError(
            f"findings 应为 failing、all 或 none，而不是 {which!r} "
            f"(findings must be failing, all or none, not {which!r})"
        )


def _has_magic(text: str) -> bool:
    return any(c in text for c in "*?[")


def _is_ledger_file(path: Path) -> bool:
    # Excel's lock files (~$name.xlsx) and hidden files are not ledgers.
    name = path.name
    return (
        path.is_file()
        and path.suffix.lower() in LEDGER_SUFFIXES
        and not name.startswith(("~$", "."))
    )


def _expand(item: str | os.PathLike[str]) -> list[Path]:
    text = os.fspath(item)
    path = Path(text)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if _is_ledger_file(p))
    if path.is_file():
        return [path]
    if _has_magic(text):
        return sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
    raise LedgerError(
        [Problem(text, "找不到台账文件或文件夹", "no such ledger file or folder", "not_found")]
    )


def ledger_paths(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[Path]:
    """The ledger files ``source`` names, in a stable order.

    ``source`` is a file, a folder (its ``.json`` and workbook files, sorted by name, not
    recursive), a glob pattern (``"省/**/*.json"``, sorted), or an iterable of these, taken in
    the order given.  Nothing found is a :class:`~dangjian_core.LedgerError`, so a typo
    never yields an empty province."""
    items: Iterable[str | os.PathLike[str]] = (
        [source] if isinstance(source, str | os.PathLike) else source
    )
    found = [p for item in items for p in _expand(item)]
    if not found:
        raise LedgerError(
            [Problem(str(source), "没有找到台账文件", "no ledger files found", "no_ledgers")]
        )
    return found


def portable_scheme(scheme: str | Scheme) -> str | Scheme:
    """What to send to a worker for ``scheme``, validated here first.

    The id of a scheme an installed package provides: the worker, which has the package,
    looks it up itself and records the package in ``scheme_package`` as the parent would.
    Anything else — a built-in, a :class:`Scheme` loaded from TOML here, one registered at
    run time — as the validated :class:`Scheme` itself, which pickles with the task, so no
    worker needs the file or the registration (the result is the same as with the id)."""
    registry = default_schemes()
    chosen = registry.get(scheme)
    if isinstance(scheme, str) and registry.info(scheme).package is not None:
        return scheme
    return chosen


def assess_path(
    path: str | os.PathLike[str],
    scheme: str | Scheme,
    as_of: date,
    window: Window | None = None,
    findings: FindingsKept = "all",
    limits: Limits | None = None,
) -> Assessment:
    """Load one ledger file (JSON within ``limits``, or a workbook), assess it and trim its
    findings: one worker's task.

    Module-level so a spawned process (or a Dask worker) can import it by name; the ledger
    is dropped before the result is returned, so only the compact result is pickled."""
    try:
        return assess(
            load_ledger(path, limits=limits),
            scheme,
            as_of=as_of,
            window=window,
            findings=findings,
        )
    except Exception as error:
        error.add_note(f"台账 (ledger): {os.fspath(path)}")
        raise


def _workers(workers: int | None, tasks: int) -> int:
    if workers is None:
        affinity = getattr(os, "sched_getaffinity", None)
        workers = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    elif isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError(f"workers 应为正整数 (workers must be a positive int), not {workers!r}")
    elif workers < 1:
        raise ValueError(f"workers 应为正整数 (workers must be a positive int), not {workers}")
    return max(1, min(workers, tasks))


def assess_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    scheme: str | Scheme = "five-in-place",
    *,
    as_of: date,
    window: Window | None = None,
    workers: int | None = None,
    findings: FindingsKept = "failing",
    start_method: str = "spawn",
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Assessment:
    """Assess many independent ledgers (one per school) and merge them into one Assessment.

    ``paths`` is what :func:`ledger_paths` reads (files, a folder, a glob).  Each ledger is
    loaded, assessed with ``scheme`` at ``as_of`` / ``window`` and trimmed to ``findings`` in
    a worker process; the parent merges the compact results in the order of ``paths`` with
    :func:`~dangjian_core.merge` and holds no ledger.  ``findings`` defaults to ``"failing"``
    (not ``"all"`` as :func:`~dangjian_core.assess` keeps): a province's passing findings are
    millions of objects and what exhausted memory in issue 12; scores do not change.

    ``workers``: processes (default: the CPUs this process may use; never more than the
    files).  ``1`` runs in this process, with no pool.  ``start_method``: ``"spawn"``
    (default, everywhere) or ``"forkserver"`` (POSIX, cheaper to start).  ``limits`` bounds
    each JSON file as in :func:`~dangjian_core.load_ledger` (a whole school can pass the
    default 40 MiB: ``Limits(max_bytes=…)``).  ``progress`` is
    called after each ledger is merged: done, total, path.  The first failing ledger's error
    is raised with its path in a note, and the tasks not yet started are cancelled.

    A script that calls this with ``workers > 1`` needs the ``if __name__ == "__main__":``
    guard: a spawned worker imports the main module again.
    """
    _check_findings(findings)
    if start_method not in START_METHODS:
        raise ValueError(
            f"start_method 应为 spawn 或 forkserver (start_method must be spawn or "
            f"forkserver), not {start_method!r}"
        )
    files = ledger_paths(paths)
    portable = portable_scheme(scheme)
    count = _workers(workers, len(files))
    task = partial(
        assess_path,
        scheme=portable,
        as_of=as_of,
        window=window,
        findings=findings,
        limits=limits,
    )
    results: list[Assessment] = []
    if count == 1:
        for done, path in enumerate(files, 1):
            results.append(task(path))
            if progress is not None:
                progress(done, len(files), path)
        return merge(results)
    context = multiprocessing.get_context(start_method)
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
    # At most two tasks per worker in flight: results are taken in order, so one slow
    # school holds back at most this many finished ones, and the parent's memory stays
    # bounded however many files there are.
    pending: deque[tuple[Path, Future[Assessment]]] = deque()
    queue = iter(files)
    try:
        while True:
            while len(pending) < 2 * count:
                upcoming = next(queue, None)
                if upcoming is None:
                    break
                pending.append((upcoming, pool.submit(task, upcoming)))
            if not pending:
                break
            path, future = pending.popleft()
            results.append(future.result())
            if progress is not None:
                progress(len(results), len(files), path)
    except BaseException as error:
        pool.shutdown(wait=True, cancel_futures=True)
        if isinstance(error, BrokenProcessPool):
            error.add_note(
                "工作进程意外退出：可能内存不足被系统终止，或调用脚本缺少 "
                "`if __name__ == \"__main__\":` 保护（spawn 会重新导入主模块）"
                "(a worker died: out of memory, or the calling script lacks the "
                "__main__ guard that spawn needs)"
            )
        raise
    pool.shutdown(wait=True)
    return merge(results)
