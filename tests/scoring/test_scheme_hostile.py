"""Hostile scheme input: every malformed scheme is one located SchemeError (issue 11 G, J, K, P,
R and the encodings).

The broken files themselves live in ``tests/data/bad/schemes/`` (walked by
tests/test_hostile_corpus.py); here are the cases that need a registry of their own, the
files that must load (BOMs, UTF-16), the exact locations and codes, and the bounds.
"""

from __future__ import annotations

import codecs
import os
import sys
import time
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

import dangjian_core as dj
from dangjian_core._plugins import SCHEMES_GROUP, PluginLoader
from dangjian_core.rules import RuleRegistry
from dangjian_core.scoring import FunctionRegistry, SchemeRegistry, parse_scheme
from dangjian_core.scoring._scheme import (
    MAX_KEY_DEPTH,
    MAX_SCHEME_BYTES,
    _too_deep_key,
    read_scheme_bytes,
)

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad" / "schemes"
EXAMPLE_PLUGIN = ROOT / "examples" / "plugin_scheme" / "src"

SCHEME = """\
id = "hostile-good"
version = "1"
title = "测试方案"
scope = "branch"
total = 10
grades = [{ grade = "优秀", min = 90 }, { grade = "合格", min = 60 }, { grade = "不合格", min = 0 }]

[[dimensions]]
id = "d"
title = "组织生活"
points = 10
indicators = [
  { id = "X1", title = "支委会", points = 6, function = "ratio", rules = ["meeting.committee"] },
  { id = "X2", title = "党课", points = 4, function = "ratio", rules = ["meeting.lecture"] },
]
"""

BASE: dict[str, Any] = {
    "id": "h-base", "version": "1", "title": "基础方案", "scope": "branch", "total": 10,
    "grades": [{"grade": "合格", "min": 0}],
    "dimensions": [{"id": "d", "title": "维度", "points": 10, "indicators": [
        {"id": "X", "title": "支委会", "points": 6, "function": "ratio",
         "rules": ["meeting.committee"]},
        {"id": "Y", "title": "党课", "points": 4, "function": "ratio",
         "rules": ["meeting.lecture"]}]}],
}


def overlay(**changes: Any) -> dict[str, Any]:
    """An overlay of the built-in five-in-place with ``changes``."""
    return {"id": "h-overlay", "version": "1", "extends": "five-in-place", **changes}


def refused(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """The (location, code) of every problem of the SchemeError ``call`` raises — and nothing
    but a SchemeError."""
    with pytest.raises(dj.SchemeError) as info:
        call(*args, **kwargs)
    assert str(info.value).count("\n") == len(info.value.problems)
    return [(p.location, p.code) for p in info.value.problems]


@dataclass
class FakeEntryPoint:
    """What :class:`PluginLoader` reads of an entry point, handing over ``obj`` directly."""

    name: str
    obj: Any
    value: str = "fake:scheme"
    dist: Any = None

    def load(self) -> Any:
        return self.obj


def fresh(*plugins: Any) -> SchemeRegistry:
    """A scheme registry over the built-ins and ``plugins`` (entry points) only."""
    def source(group: str) -> list[Any]:
        return list(plugins) if group == SCHEMES_GROUP else []

    loader = PluginLoader(source)
    return SchemeRegistry(rules=RuleRegistry(loader=loader),
                          functions=FunctionRegistry(loader=loader), loader=loader)


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoded", [
    codecs.BOM_UTF8 + SCHEME.encode("utf-8"),
    codecs.BOM_UTF16_LE + SCHEME.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + SCHEME.encode("utf-16-be"),
    SCHEME.encode("utf-32"),
    SCHEME.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf32-bom", "crlf"])
def test_a_scheme_with_a_bom_or_in_utf16_loads(tmp_path, encoded):
    path = tmp_path / "s.toml"
    path.write_bytes(encoded)
    scheme = dj.load_scheme(path)
    assert scheme.id == "hostile-good" and scheme.title == "测试方案"


def test_a_gbk_file_is_named_as_such_with_how_to_convert_and_loads_when_said(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(SCHEME.encode("gbk"))
    with pytest.raises(dj.SchemeError) as info:
        dj.load_scheme(path)
    (problem,) = info.value.problems
    assert problem.code == "encoding" and problem.location == "line 3"
    assert "GBK" in problem.message_zh and "iconv -f GBK -t UTF-8" in problem.message_zh
    assert "GBK" in problem.message_en
    assert dj.load_scheme(path, encoding="gbk").title == "测试方案"


@pytest.mark.parametrize(("name", "code", "says"), [
    ("gbk.toml", "encoding", "GBK"),
    ("latin1.toml", "encoding", "不是 UTF-8"),
    ("utf16_without_bom.toml", "encoding", "UTF-16"),
    ("renamed_zip.toml", "binary", "zip"),
    ("pdf.toml", "binary", "PDF"),
    ("binary_nul.toml", "binary", "NUL"),
    ("empty.toml", "empty", "空"),
    ("whitespace_only.toml", "empty", "空"),
    ("bom_only.toml", "empty", "没有任何设置"),
    ("comments_only.toml", "empty", "没有任何设置"),
    ("json_not_toml.toml", "toml", "TOML"),
    ("integer_5000_digits.toml", "toml", "数值"),
    ("deep_arrays.toml", "too_deep", "嵌套"),
    ("deep_inline_tables.toml", "too_deep", "嵌套"),
    ("deep_dotted_key.toml", "too_deep", "层级"),
])
def test_a_file_that_is_not_a_toml_text_says_what_it_is(name, code, says):
    with pytest.raises(dj.SchemeError) as info:
        dj.load_scheme(BAD / name)
    (problem,) = info.value.problems
    assert problem.code == code and says in problem.message_zh


def test_a_toml_error_is_located_by_line_and_column():
    assert refused(dj.load_scheme, BAD / "truncated.toml") == [("line 1 column 14", "toml")]
    assert refused(dj.load_scheme, BAD / "duplicate_key.toml") == [("line 16 column 13", "toml")]


def test_an_unknown_encoding_name_is_a_scheme_error_and_a_wrong_type_a_type_error(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(SCHEME, encoding="utf-8")
    assert refused(dj.load_scheme, path, encoding="klingon") == [("encoding", "encoding")]
    assert refused(dj.load_scheme, path, encoding="ascii")[0][1] == "encoding"
    with pytest.raises(TypeError, match="encoding"):
        dj.load_scheme(path, encoding=8)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="path"):
        dj.load_scheme(8)  # type: ignore[arg-type]


# -- size and what is a file -----------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(b'title = "')
        handle.seek(50_000_000)
        handle.write(b'"\n')
    start = time.perf_counter()
    assert refused(dj.load_scheme, path) == [(str(path), "too_large")]
    assert time.perf_counter() - start < 1
    path.write_bytes(b"#" * (MAX_SCHEME_BYTES + 1))
    assert refused(dj.load_scheme, path) == [(str(path), "too_large")]
    assert refused(read_scheme_bytes, b"#" * (MAX_SCHEME_BYTES + 1))[0][1] == "too_large"


def test_a_folder_a_missing_file_and_a_nul_in_the_path_are_scheme_errors(tmp_path):
    assert refused(dj.load_scheme, tmp_path) == [(str(tmp_path), "io")]
    assert refused(dj.load_scheme, tmp_path / "missing.toml")[0][1] == "io"
    assert refused(dj.load_scheme, "bad\x00name.toml")[0][1] == "io"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert refused(dj.load_scheme, pipe) == [(str(pipe), "io")]


# -- the dotted-key bound --------------------------------------------------------------------


def key(parts: int) -> str:
    return ".".join(["a"] * parts)


@pytest.mark.parametrize(("text", "line"), [
    (f"{key(MAX_KEY_DEPTH)} = 1", None),
    (f"{key(MAX_KEY_DEPTH + 1)} = 1", 1),
    (".".join(['"a"'] * 70) + " = 1", 1),
    (" . ".join(["a"] * 70) + " = 1", 1),
    (f"x = 1\n[{key(70)}]", 2),
    (f"x = {{ {key(70)} = 1 }}", 1),
    (f'x = ["""\nfoo""", {{ {key(70)} = 1 }}]', 2),  # a key just after a multi-line string
    (f"x = ['''\nfoo''', {{ {key(70)} = 1 }}]", 2),
    (f'x = """a""""\n{key(70)} = 1', 2),
    (f'x = "{key(200)}"', None),  # dots in strings, comments and numbers are not keys
    (f'x = "a\\"{key(200)}"', None),
    (f"x = '{key(200)}'", None),
    (f'x = """\n{key(200)}\n"""', None),
    (f"# {key(200)}\nx = 1", None),
    ("x = [" + ", ".join(["1.5"] * 500) + "]", None),
])
def test_the_dotted_key_bound_counts_only_key_dots(text, line):
    assert _too_deep_key(text) == line


def test_the_built_in_schemes_are_far_from_the_bounds():
    folder = ROOT / "src" / "dangjian_core" / "scoring" / "schemes"
    for path in folder.glob("*.toml"):
        assert _too_deep_key(path.read_text(encoding="utf-8")) is None
        assert path.stat().st_size < MAX_SCHEME_BYTES // 10


# -- overlays (J, K, P) ----------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "expected"), [
    ({"indicators": 5}, ("indicators", "overlay")),
    ({"indicators": {"O1": 5}}, ("indicators.O1", "overlay")),
    ({"skip": "x"}, ("skip", "overlay")),
    ({"skip": {"O1": " "}}, ("skip.O1", "overlay")),
    ({"extends": ["five-in-place"]}, ("extends", "overlay")),
    ({"extends": ""}, ("extends", "overlay")),
    ({"dimensions_points": 3}, ("dimensions_points", "overlay")),
    ({"dimensions_points": {"mechanism": [20]}}, ("dimensions_points.mechanism", "overlay")),
    ({"dimensions_points": {"mechanism": True}}, ("dimensions_points.mechanism", "overlay")),
    ({"params": 5}, ("params", "overlay")),
    ({"params": {"meeting.lecture": 2}}, ("params", "overlay")),
    ({"indicators": {"O1": {"points": "many"}}}, ("indicators.O1.points", "decimal_parsing")),
    ({"indicators": {"O1": {"points": float("nan")}}}, ("indicators.O1.points", "finite_number")),
    ({"indicators": {"O1": {"points": float("inf")}}}, ("indicators.O1.points", "finite_number")),
    ({"indicators": {"O1": {"steps": [[1, "x"]]}}}, ("indicators.O1.steps[0][1]",
                                                     "decimal_parsing")),
    ({"indicators": {"O1": {"colour": "red"}}}, ("indicators.O1.colour", "extra_forbidden")),
    ({"skip": {"O1": 5}}, ("skip.O1", "overlay")),
    ({"dimensions_points": {"mechanism": float("nan")}},
     ("dimensions_points.mechanism", "finite_number")),
    ({"indicators": {"Z9": {"points": 1}}}, ("indicators.Z9", "unknown_indicator")),
    ({"skip": {"Z9": "本校不考核"}}, ("skip.Z9", "unknown_indicator")),
    ({"dimensions_points": {"nope": 5}}, ("dimensions_points.nope", "unknown_indicator")),
    ({"extends": "nowhere"}, ("extends", "unknown_scheme")),
    ({"params": {"meeting.nope": {"min": 1}}}, ("params.meeting.nope", "unknown_rule")),
    ({"params": {"meeting.lecture": {"nope": 1}}}, ("params.meeting.lecture.nope", "params")),
    ({"params": {"meeting.lecture": {"min": "twice"}}}, ("params.meeting.lecture.min", "params")),
    ({"dimensions": 3}, ("dimensions", "list_type")),
    ({"dimensions": [1, 2]}, ("dimensions[0]", "model_type")),
    ({"dimensions": [{"id": "x", "indicators": 3}]}, ("dimensions[0].title", "missing")),
    ({"indicators": {"O1": {"id": "O2"}}}, ("dimensions[3].indicators[1].id", "duplicate")),
    ({"indicators": {"O1": {"points": 30}}}, ("dimensions[3].points", "weights")),
    ({"indicators": {"O1": {"function": "eval"}}},
     ("dimensions[3].indicators[0].function", "unknown_function")),
    ({"id": "five-in-place"}, ("id", "overlay")),
    ({"id": None}, ("id", "overlay")),
    ({"version": 2025}, ("version", "overlay")),
])
def test_a_malformed_overlay_is_one_located_scheme_error(changes, expected):
    assert expected in refused(parse_scheme, overlay(**changes))


def test_every_shape_problem_of_an_overlay_is_listed_at_once():
    found = refused(parse_scheme, {"extends": ["x"], "indicators": 5, "skip": "x",
                                   "dimensions_points": 3, "params": 5})
    assert [loc for loc, _ in found] == ["extends", "id", "version", "indicators", "skip",
                                         "dimensions_points", "params"]


def test_scheme_data_that_is_not_a_mapping_is_a_type_error():
    with pytest.raises(TypeError, match="mapping"):
        parse_scheme(["id", "x"])  # type: ignore[arg-type]


def test_an_overlay_of_an_overlay_carries_both_changes_and_its_own_name():
    registry = fresh()
    registry.register(BASE)
    registry.register({"id": "h-one", "version": "2", "extends": "h-base",
                       "indicators": {"X": {"title": "支委会（一）"}}})
    two = registry.parse({"id": "h-two", "version": "3", "extends": "h-one",
                          "indicators": {"X": {"points": 7}, "Y": {"points": 3}}})
    x, y = two.dimensions[0].indicators
    assert (two.id, two.version, two.extends) == ("h-two", "3", "h-one")
    assert (x.title, x.points, y.points) == ("支委会（一）", 7, 3)
    assert ("indicators.Z", "unknown_indicator") in refused(
        registry.parse, {"id": "h-two", "version": "3", "extends": "h-one",
                         "indicators": {"Z": {"points": 1}}})


def test_an_overlay_cycle_among_plugins_is_refused_and_the_rest_still_work():
    a = FakeEntryPoint("h-a", {"id": "h-a", "version": "1", "extends": "h-b"})
    b = FakeEntryPoint("h-b", {"id": "h-b", "version": "1", "extends": "h-a"})
    registry = fresh(a, b)
    with pytest.raises(dj.SchemeError) as info:
        registry.infos(strict=True)
    assert any("h-a → h-b → h-a" in p.message_zh for p in info.value.problems)
    with pytest.warns(RuntimeWarning, match="cycle"):
        ids = [i.id for i in registry.infos()]
    assert ids == ["five-in-place", "seven-effective"]


def test_a_cycle_among_given_built_ins_fails_loudly():
    cyclic = [{"id": "h-a", "version": "1", "extends": "h-b"},
              {"id": "h-b", "version": "1", "extends": "h-a"}]
    loader = PluginLoader(lambda group: [])
    registry = SchemeRegistry(rules=RuleRegistry(loader=loader),
                              functions=FunctionRegistry(loader=loader), loader=loader,
                              builtin=cyclic)
    assert ("extends", "cycle") in refused(registry.infos)


def test_a_plugin_overlay_of_an_invalid_plugin_base_names_its_base():
    base = FakeEntryPoint("h-base", {**BASE, "total": 11})
    over = FakeEntryPoint("h-over", {"id": "h-over", "version": "1", "extends": "h-base"})
    with pytest.raises(dj.SchemeError) as info:
        fresh(base, over).infos(strict=True)
    codes = {(p.location.split(":")[0], p.code) for p in info.value.problems}
    assert codes == {(SCHEMES_GROUP, "plugin")}
    text = str(info.value)
    assert "h-over" in text and "基础方案“h-base”无效" in text


class ExplodingMapping(Mapping[str, Any]):
    """Plugin data that fails in a way no check foresees: reading it raises."""

    def __getitem__(self, key: str) -> Any:
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("boom")

    def __len__(self) -> int:
        return 1


def test_plugin_data_failing_with_any_exception_is_recorded_not_raised():
    broken = FakeEntryPoint("h-broken", {"id": "h-broken", "version": "1",
                                         "extends": "five-in-place",
                                         "indicators": {"O1": ExplodingMapping()}})
    registry = fresh(broken)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert [i.id for i in registry.infos()] == ["five-in-place", "seven-effective"]
    assert any("boom" in p.message_en for p in registry.failures)


# -- the scheme model (non-overlays) ---------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("dimensions_number.toml", ("dimensions", "list_type")),
    ("grades_unordered.toml", ("grades", "grades")),
    ("points_1e400.toml", ("dimensions[0].indicators[0].points", "finite_number")),
    ("points_nan.toml", ("dimensions[0].indicators[0].points", "finite_number")),
    ("total_inf.toml", ("total", "finite_number")),
    ("points_over_limit.toml", ("total", "less_than_equal")),
    ("too_many_rules.toml", ("(scheme)", "too_large")),
    ("weights_not_adding_up.toml", ("dimensions[0].points", "weights")),
    ("unknown_function.toml", ("dimensions[0].indicators[0].function", "unknown_function")),
    ("function_import.toml", ("dimensions[0].indicators[0].function", "unknown_function")),
    ("params_unknown_name.toml", ("params.meeting.lecture.nope", "params")),
    ("params_bad_value.toml", ("params.meeting.lecture.min", "params")),
    ("no_id_no_version.toml", ("version", "missing")),
    ("overlay_dimensions_number.toml", ("dimensions", "list_type")),
    ("overlay_extends_unknown.toml", ("extends", "unknown_scheme")),
    ("overlay_points_many.toml", ("indicators.O1.points", "decimal_parsing")),
])
def test_a_broken_scheme_file_is_located(name, expected):
    assert expected in refused(dj.load_scheme, BAD / name)


def test_the_chinese_message_says_what_is_wrong():
    with pytest.raises(dj.SchemeError) as info:
        dj.load_scheme(BAD / "points_nan.toml")
    assert info.value.problems[0].message_zh == "应为有限的数（不能是 nan 或 inf）"


# -- G: an overlay names itself; listed overlays carry their resolved scope --------------------


def test_an_overlay_file_without_id_or_version_is_refused(tmp_path):
    path = tmp_path / "o.toml"
    path.write_text('extends = "five-in-place"\n[indicators.O1]\npoints = 7\n', encoding="utf-8")
    assert refused(dj.load_scheme, path) == [("id", "overlay"), ("version", "overlay")]


def test_registering_an_overlay_without_its_own_name_is_refused():
    registry = fresh()
    assert refused(registry.register, {"extends": "five-in-place"}) == [
        ("id", "overlay"), ("version", "overlay")]
    assert refused(registry.register, {"id": "five-in-place", "version": "9",
                                       "extends": "five-in-place"}) == [("id", "overlay")]
    assert [i.id for i in registry.infos()] == ["five-in-place", "seven-effective"]


def test_a_registered_scheme_file_is_named_by_its_path_in_errors(tmp_path):
    path = tmp_path / "o.toml"
    path.write_text('extends = "five-in-place"\n', encoding="utf-8")
    with pytest.raises(dj.SchemeError) as info:
        fresh().register(path)
    assert info.value.source == str(path)


def test_a_plugin_overlay_is_listed_with_its_resolved_scope_and_title():
    over = FakeEntryPoint("a-over", {"id": "a-over", "version": "2", "extends": "seven-effective"})
    info = {i.id: i for i in fresh(over).infos(strict=True)}["a-over"]
    seven = {i.id: i for i in fresh().infos()}["seven-effective"]
    assert (info.version, info.scope, info.title) == ("2", "branch", seven.title)


def test_the_bundled_example_plugin_is_listed_with_its_scope(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE_PLUGIN))
    monkeypatch.delitem(sys.modules, "dangjian_scheme_shanxi", raising=False)
    entry = EntryPoint("shanxi-five-in-place", "dangjian_scheme_shanxi:scheme", SCHEMES_GROUP)
    info = {i.id: i for i in fresh(entry).infos(strict=True)}["shanxi-five-in-place"]
    assert info.scope == "department" and info.version == "2025.1"
    assert info.title == "某省标杆院系“五个到位”（示例变体）"


def test_a_packaged_scheme_file_with_a_bom_is_read_like_any_scheme_file(tmp_path):
    # A zipped package's file is a Traversable, not a Path: the path of installs by zipimport.
    wheel = tmp_path / "plugin.zip"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("s.toml", codecs.BOM_UTF8 + SCHEME.encode("utf-8"))
        archive.writestr("gbk.toml", SCHEME.replace("hostile-good", "hostile-gbk").encode("gbk"))
    folder = zipfile.Path(wheel)
    registry = fresh(FakeEntryPoint("s", folder / "s.toml"),
                     FakeEntryPoint("gbk", folder / "gbk.toml"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ids = [i.id for i in registry.infos()]
    assert "hostile-good" in ids and "hostile-gbk" not in ids
    assert any("GBK" in p.message_zh for p in registry.failures)


# -- R ---------------------------------------------------------------------------------------


def test_unregistering_an_unknown_rule_through_the_public_function_says_so():
    with pytest.raises(dj.RuleError, match=r"unknown rule id 'nope'"):
        dj.unregister_rule("nope")
