"""``python -m dangjian_core`` runs the ``dangjian`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
