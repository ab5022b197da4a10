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


def test_schema_is_draft_2020_12_with_english_titles_and_chinese_descriptions():
    schema = dj.ledger_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == (
        f"https://dangjian-core.readthedocs.io/schema/ledger-{dj.SCHEMA_VERSION}.json"
    )
    assert schema["title"] == "Ledger" and schema["x-title-zh"] == "台账"
    meetings = schema["properties"]["meetings"]
    assert meetings["title"] == "Meetings"
    assert meetings["x-title-zh"] == "会议与活动" and meetings["description"] == "会议与活动"
    assert schema["properties"]["schema_version"]["const"] == dj.SCHEMA_VERSION
    # unknown fields are refused, and the schema says so
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Meeting"]["additionalProperties"] is False


def test_the_models_keep_their_chinese_titles():
    # The Excel template's headers come from FieldInfo.title: only the schema is English.
    assert dj.Ledger.model_fields["meetings"].title == "会议与活动"
    assert (
        dj.ledger_json_schema()["$defs"]["DuesPayment"]["properties"]["amount"]["x-title-zh"]
        == "金额（元）"
    )


def test_counts_carry_json_schema_bounds_not_python_names():
    text = json.dumps(dj.ledger_json_schema())
    assert '"ge":' not in text and '"le":' not in text
    present = dj.ledger_json_schema()["$defs"]["Meeting"]["properties"]["present"]
    assert {"type": "integer", "minimum": 0, "maximum": 10**9} in present["anyOf"]
