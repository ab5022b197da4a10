"""The published JSON Schema of the ledger is current and says what it is."""

from __future__ import annotations

import json
from pathlib import Path

import dangjian_core as dj
from _schema_norm import normalise

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "schema" / "ledger.schema.json"


def test_committed_schema_is_current():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert normalise(committed) == normalise(dj.ledger_json_schema()), (
        "docs/schema/ledger.schema.json is stale: run "
        "`python -m dangjian_core schema ledger > docs/schema/ledger.schema.json`"
    )


def test_schema_is_draft_2020_12_with_chinese_titles():
    schema = dj.ledger_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "台账"
    assert schema["properties"]["meetings"]["title"] == "会议与活动"
    assert schema["properties"]["schema_version"]["const"] == dj.SCHEMA_VERSION
    # unknown fields are refused, and the schema says so
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Meeting"]["additionalProperties"] is False
