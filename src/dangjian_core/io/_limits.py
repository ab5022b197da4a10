"""The limits :func:`~dangjian_core.load_ledger` holds a ledger's JSON to.

Why limits: a 台账 comes from outside — an Excel export, a colleague's script, a file named
``.json`` that is really a zip.  Without limits a hostile or broken file ends in a
``RecursionError`` (deep nesting), a ``ValueError`` (an integer of 100,000 digits) or a
process eating memory for minutes.  Each limit is checked before or while parsing and gives
one located :class:`~dangjian_core.LedgerError`.  The defaults sit far above a real
province-sized school file (about 30 MB, depth 6, a few hundred thousand records) and are
documented in docs/ledger.md (“限制”).
"""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError(f"Limits.{attribute.name} must be a positive int, got {value!r}")


@attrs.frozen(kw_only=True, slots=True)
class Limits:
    """How large a ledger's JSON may be; pass ``limits=Limits(max_bytes=…)`` to change one.

    - ``max_bytes``: size of the file or bytes (characters for ``text=`` given as ``str``);
      a larger file is refused from its size, before it is read.
    - ``max_depth``: nesting of objects and arrays (a valid ledger needs 6).
    - ``max_string``: characters of one text value or key.
    - ``max_records``: records in all top-level lists together (people, meetings, …).
    - ``max_number``: characters of one JSON number (a count or an amount needs a dozen).
    """

    max_bytes: int = attrs.field(default=40 * 1024 * 1024, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_string: int = attrs.field(default=100_000, validator=_positive)
    max_records: int = attrs.field(default=1_000_000, validator=_positive)
    max_number: int = attrs.field(default=100, validator=_positive)


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()
