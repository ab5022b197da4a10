"""dangjian_core.dask: three schools on dask's local process scheduler equal one process.

Skips only where dask is absent, and never when ``CI`` is set: the test extra installs it,
so there a missing dask is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import dangjian_core as dj
from dangjian_core import dask as djd
from dangjian_core.scale import slim_findings
from test_scale import AS_OF, ROOT, one_process, write_schools


def _dask() -> ModuleType:
    """dask, or a skip where it is absent — a failure when CI is set."""
    if importlib.util.find_spec("dask") is None or importlib.util.find_spec("dask.bag") is None:
        if os.environ.get("CI"):
            pytest.fail("dask is not installed (CI is set: the Dask test must run)")
        pytest.skip("dask is not installed")
    import dask.bag  # noqa: PLC0415 (optional extra; absent only outside CI)

    return dask


def dumped(a: dj.Assessment) -> dict[str, Any]:
    return a.model_dump(exclude={"library_version"})


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_schools(tmp_path_factory.mktemp("country"))


@pytest.fixture(scope="module")
def reference(schools: list[Path]) -> dj.Assessment:
    return one_process(schools)


def test_process_scheduler_equals_one_process(
    schools: list[Path], reference: dj.Assessment
) -> None:
    dask = _dask()
    ledgers = djd.read_ledgers(schools[0].parent)
    assert ledgers.npartitions == 3
    # split_every=2 over three partitions: a tree of two levels, merged in the bag's order
    item = djd.assess_ledgers(ledgers, as_of=AS_OF, findings="all", split_every=2)
    with dask.config.set(scheduler="processes", num_workers=2):
        got = item.compute()
    assert dumped(got) == dumped(reference)


def test_one_partition_and_the_default_trimming(
    schools: list[Path], reference: dj.Assessment
) -> None:
    _dask()
    got = djd.assess_many(schools, as_of=AS_OF, npartitions=1, scheduler="sync")
    assert dumped(got) == dumped(slim_findings(reference, "failing"))


def test_a_broken_ledger_raises_its_ledger_error(schools: list[Path], tmp_path: Path) -> None:
    _dask()
    broken = tmp_path / "broken.json"
    shutil.copy(ROOT / "examples" / "broken.json", broken)
    with pytest.raises(dj.LedgerError) as caught:
        djd.assess_many([schools[0], broken], as_of=AS_OF, scheduler="sync")
    assert len(caught.value.problems) == 8
    assert any(str(broken) in note for note in caught.value.__notes__)


def test_limits_reach_the_loader(schools: list[Path]) -> None:
    _dask()
    with pytest.raises(dj.LedgerError):
        djd.assess_many(schools[:1], as_of=AS_OF, limits=dj.Limits(max_bytes=1000), scheduler="sync")


def test_an_empty_bag_computes_to_none() -> None:
    dask = _dask()
    empty = dask.bag.from_sequence([], npartitions=1)
    assert djd.assess_ledgers(empty, as_of=AS_OF).compute(scheduler="sync") is None


def test_without_dask_one_line_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(djd.DaskUnavailableError, match=r"pip install 'dangjian-core\[dask\]'"):
        djd.read_ledgers(ROOT / "examples" / "department.json")
    assert isinstance(djd.DaskUnavailableError("x"), ImportError | dj.DangjianError)
