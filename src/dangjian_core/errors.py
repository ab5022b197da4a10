"""The exceptions of ``dangjian_core``.

Every error the library raises on purpose derives from :class:`DangjianError`, and each
family also derives from :class:`ValueError`, so callers that already catch ``ValueError``
around "bad input" keep working.  A :class:`LedgerError` carries *every* problem found in
one pass — a user fixing an Excel 台账 should not have to re-run the check once per typo.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

__all__ = [
    "DangjianError",
    "LedgerError",
    "Problem",
    "RuleError",
    "SchemeError",
]


@attrs.frozen(slots=True)
class Problem:
    """One problem in the user's input, with where it is and what is wrong.

    ``location`` is a path such as ``meetings[12].org_id`` (or ``file.json:meetings[12]``),
    so a person can find the cell in their own file without reading a traceback.
    """

    location: str
    message_zh: str
    message_en: str
    code: str = "invalid"

    def __str__(self) -> str:
        return f"{self.location}: {self.message_zh} ({self.message_en})"


class DangjianError(Exception):
    """Base class of every error ``dangjian_core`` raises on purpose."""


class _ProblemsError(DangjianError, ValueError):
    """An error that lists many problems at once, each with its location."""

    _title_zh = "输入有误"
    _title_en = "invalid input"

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"（{self.source}）" if self.source else ""
        head = (
            f"{self._title_zh}{where}：共 {len(self.problems)} 处问题 "
            f"({self._title_en}: {len(self.problems)} problem(s))"
        )
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its problems: the default pickles the rendered message as the only
        # argument, which __init__ would read as the problems (one per character) — and a
        # worker process (assess_many, Dask) hands its errors back pickled.
        return (functools.partial(type(self), source=self.source), (self.problems,), self.__dict__)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def locations(self) -> list[str]:
        """The locations of all problems, in the order they were found."""
        return [p.location for p in self.problems]


class LedgerError(_ProblemsError):
    """The ledger (台账) is malformed or inconsistent; ``problems`` lists every issue."""

    _title_zh = "台账有误"
    _title_en = "invalid ledger"


class SchemeError(_ProblemsError):
    """A scoring scheme is malformed (unknown rule, weights that do not add up, …)."""

    _title_zh = "评分方案有误"
    _title_en = "invalid scheme"


class RuleError(DangjianError, ValueError):
    """A rule is defined or selected wrongly (duplicate id, unknown id, bad parameter)."""
