"""The library's version: from the installed metadata, so it never drifts from the wheel."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

__all__ = ["FALLBACK_VERSION", "library_version"]

#: The version of this source tree (hatch reads it for the wheel); used where the package is
#: imported from a checkout that was never installed.
__version__ = "0.1.0"
FALLBACK_VERSION = __version__


@cache
def library_version() -> str:
    """The installed distribution's version, or :data:`FALLBACK_VERSION`."""
    try:
        return version("dangjian-core")
    except PackageNotFoundError:  # pragma: no cover - only in an uninstalled tree
        return FALLBACK_VERSION
