"""The published schemas work in other systems' tools, not only in this library.

Schools' systems are Java or TypeScript: they validate a ledger with a JSON-Schema validator
and generate classes from the schema.  So the committed schema is checked the way they use
it: every example ledger (and one written with the Chinese enum labels the library accepts)
validates under Draft 2020-12 with formats checked, and ``datamodel-code-generator`` turns
it into classes with English names that load an example.
"""

from __future__ import annotations

import enum
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import dangjian_core as dj
from dangjian_core.model._base import _LABELS, LabelledEnum

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "docs" / "schema"
EXAMPLES = {
    "department": ROOT / "examples" / "department.json",
    "jidian": ROOT / "examples" / "jidian" / "ledger.json",
    "weaker": ROOT / "examples" / "jidian" / "weaker.json",
}


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _validator(name: str) -> Draft202012Validator:
    schema = _schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{e.json_path}: {e.message[:200]}"
        for e in sorted(validator.iter_errors(data), key=lambda e: e.json_path)
    ]


def _in_chinese(value: Any) -> Any:
    """A dumped ledger with every enum value written as its Chinese label."""
    if isinstance(value, LabelledEnum):
        return value.zh
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(_in_chinese(k)): _in_chinese(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_in_chinese(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _count_labels(value: Any) -> int:
    if isinstance(value, LabelledEnum):
        return 1
    if isinstance(value, dict):
        return sum(_count_labels(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(_count_labels(v) for v in value)
    return 0


@pytest.fixture(scope="module")
def chinese_ledger() -> tuple[dict[str, Any], int]:
    """The seed department's ledger with Chinese enum labels, and how many were replaced."""
    ledger = dj.load_ledger(EXAMPLES["jidian"])
    dumped = ledger.model_dump(mode="python", exclude_defaults=True)
    return _in_chinese(dumped), _count_labels(dumped)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_ledger_is_valid_under_draft_2020_12(name):
    data = json.loads(EXAMPLES[name].read_text(encoding="utf-8"))
    assert _errors(_validator("ledger"), data) == []


def test_a_ledger_written_with_chinese_labels_is_valid_for_both(chinese_ledger):
    data, replaced = chinese_ledger
    assert replaced > 100  # the seed uses enums in hundreds of places
    text = json.dumps(data, ensure_ascii=False)
    assert "正式党员" in text or "预备党员" in text
    assert _errors(_validator("ledger"), data) == []
    # ... and the library reads it as the same ledger
    assert dj.load_ledger(text=text) == dj.load_ledger(EXAMPLES["jidian"])


def test_every_chinese_label_and_english_code_of_every_enum_is_valid():
    schema = _schema("ledger")
    for cls, table in _LABELS.items():
        name = cls.__name__
        if name not in schema["$defs"]:
            continue  # an enum the ledger does not use
        one = Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})
        for code, labels in table.items():
            for spelling in (code, *labels):
                assert one.is_valid(spelling), f"{name}: {spelling!r} refused"
        assert not one.is_valid("不存在的取值")
        assert sorted(schema["$defs"][name]["x-labels-zh"]) == sorted(table)


def test_the_schema_still_refuses_what_the_library_refuses():
    validator = _validator("ledger")
    data = json.loads(EXAMPLES["department"].read_text(encoding="utf-8"))
    payment = data["dues_payments"][0]
    bad = [
        ("months", ["2025-13"]),
        ("months", ["2025-3"]),
        ("amount", "12.345"),
        ("amount", "-1"),
        ("paid_on", "2025-02-30"),
        ("unknown_field", 1),
    ]
    for key, value in bad:
        broken = {**data, "dues_payments": [{**payment, key: value}]}
        assert _errors(validator, broken), f"{key}={value!r} accepted"
        with pytest.raises(dj.LedgerError):
            dj.load_ledger(broken)
    meeting = data["meetings"][0]
    assert _errors(validator, {**data, "meetings": [{**meeting, "mode": "carrier pigeon"}]})


def test_an_assessment_is_valid_under_its_schema():
    ledger = dj.load_ledger(EXAMPLES["department"])
    assessment = dj.assess(ledger, "five-in-place", as_of=date(2025, 12, 31))
    assert _errors(_validator("assessment"), json.loads(assessment.to_json())) == []


@pytest.mark.parametrize("name", ["ledger", "assessment"])
def test_every_type_has_an_english_title_and_a_versioned_id(name):
    schema = _schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://dangjian-core.readthedocs.io/schema/{name}-1.0.json"
    assert schema["title"] == name.capitalize()
    for def_name, body in schema["$defs"].items():
        assert body["title"].replace(" ", "").isascii(), def_name
        for prop, sub in body.get("properties", {}).items():
            assert sub["title"].isascii(), f"{def_name}.{prop}: {sub['title']}"
    for prop, sub in schema["properties"].items():
        assert sub["title"].isascii(), prop


def test_money_months_and_decimals_are_named_types():
    defs = _schema("ledger")["$defs"]
    assert defs["Money"]["type"] == "string" and "pattern" in defs["Money"]
    assert defs["Month"]["pattern"] == "^[0-9]{4}-(0[1-9]|1[0-2])$"
    for name in ("Hours", "MetricValue"):
        assert defs[name]["type"] == ["number", "string"] and "pattern" in defs[name]
    dues = defs["DuesPayment"]["properties"]
    assert dues["amount"]["$ref"] == "#/$defs/Money"
    assert dues["months"]["items"] == {"$ref": "#/$defs/Month"}
    assert dues["amount"]["x-title-zh"] == "金额（元）"


# -- code generation ---------------------------------------------------------------------------


def _codegen() -> str:
    found = shutil.which("datamodel-codegen") or shutil.which(
        "datamodel-codegen", path=str(Path(sys.executable).parent)
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("datamodel-codegen is missing in CI: pip install datamodel-code-generator")
        pytest.skip("datamodel-codegen is not installed (pip install datamodel-code-generator)")
    return found


def _generate(name: str, out_dir: Path) -> Any:
    """Generate pydantic models from the committed schema ``name`` and import them."""
    out = out_dir / f"generated_{name}.py"
    subprocess.run(
        [
            _codegen(),
            "--input",
            str(SCHEMA_DIR / f"{name}.schema.json"),
            "--input-file-type",
            "jsonschema",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--disable-timestamp",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    module_name = f"_dj_generated_{name}"
    spec = importlib.util.spec_from_file_location(module_name, out)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def _classes(module: Any) -> dict[str, type]:
    return {
        n: c
        for n, c in vars(module).items()
        if isinstance(c, type) and c.__module__ == module.__name__
    }


@pytest.fixture(scope="module")
def ledger_models(tmp_path_factory: pytest.TempPathFactory) -> Any:
    module = _generate("ledger", tmp_path_factory.mktemp("codegen"))
    yield module
    sys.modules.pop(module.__name__, None)


def test_generated_classes_have_english_names(ledger_models):
    classes = _classes(ledger_models)
    assert "Ledger" in classes
    bad = [n for n in classes if n.startswith("NoName") or n == "Empty" or not n.isascii()]
    assert bad == []
    # enums come out as a pair of named types, never as numbered anonymous branches
    assert {"MeetingKindCode", "MeetingKindLabel", "Money", "Month"} <= set(classes)
    assert not [n for n in classes if n.rstrip("0123456789") != n]


@pytest.mark.parametrize("name", ["department", "jidian"])
def test_generated_models_load_an_example(ledger_models, name):
    data = json.loads(EXAMPLES[name].read_text(encoding="utf-8"))
    loaded = ledger_models.Ledger.model_validate(data)
    assert len(loaded.people) == len(data["people"])
    assert (
        loaded.model_dump(mode="json", exclude_unset=True)["meetings"][0]["id"]
        == (data["meetings"][0]["id"])
    )


def test_generated_models_load_the_chinese_ledger(ledger_models, chinese_ledger):
    data, _ = chinese_ledger
    loaded = ledger_models.Ledger.model_validate(data)
    assert len(loaded.meetings) == len(data["meetings"])


def test_generated_assessment_models_load_an_assessment(tmp_path):
    module = _generate("assessment", tmp_path)
    try:
        classes = _classes(module)
        assert "Assessment" in classes
        assert not [n for n in classes if n.startswith("NoName") or n == "Empty"]
        ledger = dj.load_ledger(EXAMPLES["department"])
        assessment = dj.assess(ledger, "five-in-place", as_of=date(2025, 12, 31))
        loaded = module.Assessment.model_validate(json.loads(assessment.to_json()))
        assert loaded.scheme_id == "five-in-place"
    finally:
        sys.modules.pop(module.__name__, None)
