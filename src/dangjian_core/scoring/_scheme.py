"""Scoring schemes: scheme → dimensions → indicators, as validated data.

A scheme is data, never code: TOML read with ``tomllib`` and validated by pydantic.  Nothing
in a scheme file is executed; a scoring function is named, and the name must be known.
An overlay (``extends = "five-in-place"``) re-weights, skips (with a reason) or
re-parameterises indicators of its base and may add rule parameter overrides.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._filetypes import sniff_binary
from ..errors import Problem, SchemeError

FunctionCheck = Callable[["Indicator"], list[tuple[str, str, str]]]
"""A scoring function's check of an indicator's arguments: (field, 中文, English) problems."""

__all__ = [
    "MAX_KEY_DEPTH",
    "MAX_POINTS",
    "MAX_RULE_REFERENCES",
    "MAX_SCHEME_BYTES",
    "Dimension",
    "GradeBand",
    "Indicator",
    "Scheme",
    "Verdict",
    "Veto",
    "build_scheme",
    "name_problems",
    "read_scheme_bytes",
    "read_scheme_data",
]


MAX_POINTS = Decimal(1_000_000)
"""The largest points of an indicator or dimension and the largest total.  Points are summed
exactly only within Decimal's 28 digits; a bound keeps "the weights add up" an exact check."""

MAX_RULE_REFERENCES = 1000
"""The most rule ids and globs a scheme may name, counted over its indicators, vetoes and
verdict (the built-in schemes name 40 and 18).  Every finding is matched against them when
scoring, so the bound keeps an assessment's time proportional to the ledger."""


class _SchemeModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Indicator(_SchemeModel):
    """One scored item: which findings (or metric) it reads and how they become points."""

    id: str = Field(min_length=1, title="指标编号")
    title: str = Field(min_length=1, title="指标名称")
    title_en: str | None = Field(default=None, title="English title")
    points: Decimal = Field(ge=0, le=MAX_POINTS, title="分值")
    function: str = Field(title="计分方法")
    rules: list[str] = Field(min_length=1, title="规则（编号或通配）")
    per: Literal["finding", "subject", "subject_period"] = Field(
        default="finding", title="计分单位"
    )
    lo: Decimal | None = Field(default=None, title="linear 下限")
    hi: Decimal | None = Field(default=None, title="linear 上限")
    steps: list[tuple[Decimal, Decimal]] | None = Field(default=None, title="阶梯")
    per_item: Decimal | None = Field(default=None, title="每项分值")
    weights: dict[str, Decimal] | None = Field(default=None, title="按类别加权")
    key: str | None = Field(default=None, title="计数字段")
    skipped: str | None = Field(default=None, title="不考核的理由")

    def matches(self, rule_id: str) -> bool:
        """Whether a finding of ``rule_id`` feeds this indicator."""
        return any(fnmatch.fnmatchcase(rule_id, p) for p in self.rules)


class Dimension(_SchemeModel):
    """A dimension (e.g. one of the 五个到位) and its indicators."""

    id: str = Field(min_length=1, title="维度编号")
    title: str = Field(min_length=1, title="维度名称")
    title_en: str | None = Field(default=None, title="English title")
    points: Decimal = Field(ge=0, le=MAX_POINTS, title="分值")
    indicators: list[Indicator] = Field(min_length=1, title="指标")


class GradeBand(_SchemeModel):
    """A grade band: the grade applies from ``min`` (on the 100-point scale) upwards."""

    grade: str = Field(min_length=1, title="等次")
    grade_en: str | None = Field(default=None, title="English grade")
    min: Decimal = Field(ge=0, le=100, title="最低分")


class Veto(_SchemeModel):
    """一票否决: any failing finding of these rules sets the grade, whatever the points."""

    rules: list[str] = Field(min_length=1, title="规则")
    grade: str = Field(title="否决后的等次")
    title: str = Field(default="一票否决", title="名称")


class Verdict(_SchemeModel):
    """An optional verdict such as 达到标杆院系标准."""

    title: str = Field(title="结论名称")
    title_en: str | None = Field(default=None, title="English title")
    min_total: Decimal = Field(ge=0, le=100, title="总分不低于")
    min_dimension_share: Decimal = Field(default=Decimal(0), ge=0, le=1, title="各维度得分率不低于")
    no_veto: bool = Field(default=True, title="无否决项")
    gate_rules: list[str] = Field(default_factory=list, title="必须通过的规则")


class Scheme(_SchemeModel):
    """A complete scoring scheme (after any overlay has been applied)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", title="方案编号")
    version: str = Field(min_length=1, title="版本")
    title: str = Field(min_length=1, title="方案名称")
    title_en: str | None = Field(default=None, title="English title")
    scope: Literal["department", "branch"] = Field(title="评价对象")
    total: Decimal = Field(gt=0, le=MAX_POINTS, title="总分")
    description: str | None = Field(default=None, title="说明")
    extends: str | None = Field(default=None, title="继承的方案")
    params: dict[str, dict[str, Any]] = Field(default_factory=dict, title="规则参数")
    dimensions: list[Dimension] = Field(min_length=1, title="维度")
    grades: list[GradeBand] = Field(min_length=1, title="等次")
    veto: list[Veto] = Field(default_factory=list, title="一票否决")
    verdict: Verdict | None = Field(default=None, title="结论")

    @model_validator(mode="after")
    def _check(self) -> Scheme:
        problems = _structure_problems(self)
        if problems:
            raise SchemeError(problems, source=self.id)
        return self

    def indicators(self) -> Iterable[tuple[Dimension, Indicator]]:
        """Every (dimension, indicator) pair in order."""
        for d in self.dimensions:
            for i in d.indicators:
                yield d, i

    def rule_patterns(self) -> list[str]:
        """Every rule id or glob the scheme reads (indicators, veto, verdict gate)."""
        out: list[str] = []
        for _, ind in self.indicators():
            if ind.skipped is None:
                out += ind.rules
        for v in self.veto:
            out += v.rules
        if self.verdict is not None:
            out += self.verdict.gate_rules
        return list(dict.fromkeys(out))


def _structure_problems(scheme: Scheme) -> list[Problem]:
    """What the scheme alone can tell: weights add up, ids are unique, grades are ordered.
    Whether its rule and function names exist is the registry's to check
    (:func:`name_problems`), since that depends on what is registered."""
    problems: list[Problem] = []
    total = sum((d.points for d in scheme.dimensions), Decimal(0))
    if total != scheme.total:
        problems.append(
            Problem(
                "dimensions",
                f"各维度分值之和 {total} 不等于总分 {scheme.total}",
                f"dimension points add up to {total}, not the declared total {scheme.total}",
                "weights",
            )
        )
    seen: set[str] = set()
    for di, d in enumerate(scheme.dimensions):
        where = f"dimensions[{di}]"
        s = sum((i.points for i in d.indicators), Decimal(0))
        if s != d.points:
            problems.append(
                Problem(
                    f"{where}.points",
                    f"维度“{d.id}”的指标分值之和 {s} 不等于维度分值 {d.points}",
                    f"indicators of dimension '{d.id}' add up to {s}, not {d.points}",
                    "weights",
                )
            )
        for ii, ind in enumerate(d.indicators):
            if ind.id in seen:
                problems.append(
                    Problem(
                        f"{where}.indicators[{ii}].id",
                        f"指标编号“{ind.id}”重复",
                        f"duplicate indicator id '{ind.id}'",
                        "duplicate",
                    )
                )
            seen.add(ind.id)
    named = sum(len(i.rules) for _, i in scheme.indicators()) + sum(
        len(v.rules) for v in scheme.veto
    )
    named += len(scheme.verdict.gate_rules) if scheme.verdict is not None else 0
    if named > MAX_RULE_REFERENCES:
        problems.append(
            Problem(
                "(scheme)",
                f"方案引用了 {named} 处规则，超过上限 {MAX_RULE_REFERENCES}",
                f"the scheme names rules {named} times, more than {MAX_RULE_REFERENCES}",
                "too_large",
            )
        )
    mins = [g.min for g in scheme.grades]
    if mins != sorted(mins, reverse=True):
        problems.append(
            Problem(
                "grades",
                "等次应按最低分从高到低排列",
                "grades must be ordered from the highest minimum down",
                "grades",
            )
        )
    return problems


def name_problems(
    scheme: Scheme,
    known_rules: set[str],
    functions: Mapping[str, FunctionCheck],
) -> list[Problem]:
    """The rule ids, globs and scoring functions ``scheme`` names that are not known, and
    the arguments a known function refuses.  ``known_rules`` holds every rule id and alias;
    ``functions`` maps a function name to its argument check."""
    problems: list[Problem] = []
    for di, d in enumerate(scheme.dimensions):
        for ii, ind in enumerate(d.indicators):
            iw = f"dimensions[{di}].indicators[{ii}]"
            check = functions.get(ind.function)
            if check is None:
                problems.append(
                    Problem(
                        f"{iw}.function",
                        f"未知的计分方法“{ind.function}”（可用：{', '.join(sorted(functions))}）",
                        f"unknown scoring function '{ind.function}'",
                        "unknown_function",
                    )
                )
            else:
                problems += [
                    Problem(f"{iw}.{loc}", zh, en, "function_args") for loc, zh, en in check(ind)
                ]
            problems += _unknown_rules(f"{iw}.rules", ind.rules, known_rules)
    for vi, v in enumerate(scheme.veto):
        problems += _unknown_rules(f"veto[{vi}].rules", v.rules, known_rules)
    if scheme.verdict is not None:
        problems += _unknown_rules("verdict.gate_rules", scheme.verdict.gate_rules, known_rules)
    for rule_id in scheme.params:
        if rule_id not in known_rules:
            problems.append(
                Problem(
                    f"params.{rule_id}",
                    f"未知规则“{rule_id}”",
                    f"unknown rule '{rule_id}'",
                    "unknown_rule",
                )
            )
    return problems


def _unknown_rules(where: str, patterns: list[str], known: set[str]) -> list[Problem]:
    out = []
    for j, p in enumerate(patterns):
        if not any(fnmatch.fnmatchcase(r, p) for r in known):
            out.append(
                Problem(f"{where}[{j}]", f"未知规则“{p}”", f"unknown rule '{p}'", "unknown_rule")
            )
    return out


# -- reading and overlays ----------------------------------------------------------------
_OVERLAY_KEYS = {"indicators", "skip", "dimensions_points"}


def _merge_overlay(
    base: Mapping[str, Any], overlay: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Apply an overlay's changes to the plain data of its base scheme.

    Returns the merged data and, for every field the overlay set inside a dimension, where
    the user wrote it (``dimensions[3].indicators[0].points`` → ``indicators.O1.points``), so
    a value the model refuses is reported in the overlay's own terms.  The overlay's shape is
    checked beforehand (:func:`_overlay_problems`); dimensions it replaces wholesale may be
    malformed, and are then left for the model to report rather than walked.
    """
    merged = {k: v for k, v in base.items() if k != "extends"}
    for key, value in overlay.items():
        if key in _OVERLAY_KEYS or key == "extends":
            continue
        if key == "params":
            params = {k: dict(v) for k, v in merged.get("params", {}).items()}
            for rule_id, values in value.items():
                params.setdefault(rule_id, {}).update(values)
            merged["params"] = params
        else:
            merged[key] = value
    merged["extends"] = overlay["extends"]
    edits: dict[str, dict[str, Any]] = {
        k: dict(v) for k, v in overlay.get("indicators", {}).items()
    }
    skips: dict[str, Any] = dict(overlay.get("skip", {}))
    dim_points: dict[str, Any] = dict(overlay.get("dimensions_points", {}))
    where: dict[str, str] = {}
    edited: set[str] = set()
    skipped: set[str] = set()
    pointed: set[str] = set()
    dims = merged.get("dimensions")
    if isinstance(dims, list):
        out: list[Any] = []
        for di, d in enumerate(dims):
            if not isinstance(d, Mapping):
                out.append(d)
                continue
            d = dict(d)
            did = d.get("id")
            if isinstance(did, str) and did in dim_points:
                d["points"] = dim_points[did]
                pointed.add(did)
                where[f"dimensions[{di}].points"] = f"dimensions_points.{did}"
            inds = d.get("indicators")
            if isinstance(inds, list):
                d["indicators"] = [
                    _edit_indicator(ind, f"dimensions[{di}].indicators[{ii}]", edits, skips, where)
                    for ii, ind in enumerate(inds)
                ]
                for ind in inds:
                    iid = ind.get("id") if isinstance(ind, Mapping) else None
                    if isinstance(iid, str):
                        edited.update({iid} & edits.keys())
                        skipped.update({iid} & skips.keys())
            out.append(d)
        merged["dimensions"] = out
        missing = (
            [f"indicators.{k}" for k in edits if k not in edited]
            + [f"skip.{k}" for k in skips if k not in skipped]
            + [f"dimensions_points.{k}" for k in dim_points if k not in pointed]
        )
        if missing:
            raise SchemeError(
                [
                    Problem(
                        m,
                        "覆盖层引用了基础方案中不存在的指标或维度",
                        "the overlay names an indicator or dimension its base does not have",
                        "unknown_indicator",
                    )
                    for m in missing
                ]
            )
    return merged, where


def _edit_indicator(
    ind: Any,
    at: str,
    edits: Mapping[str, Mapping[str, Any]],
    skips: Mapping[str, Any],
    where: dict[str, str],
) -> Any:
    """One indicator of the base with the overlay's edits and skip applied (matched by the
    base's id, so an edit that renames an indicator is still found)."""
    if not isinstance(ind, Mapping) or not isinstance(ind.get("id"), str):
        return ind
    iid: str = ind["id"]
    out = dict(ind)
    for field, value in edits.get(iid, {}).items():
        out[field] = value
        where[f"{at}.{field}"] = f"indicators.{iid}.{field}"
    if iid in skips:
        out["skipped"] = skips[iid]
        where[f"{at}.skipped"] = f"skip.{iid}"
    return out


def build_scheme(
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    resolve: Callable[[str], Mapping[str, Any]] | None = None,
) -> Scheme:
    """Validate scheme data (already parsed from TOML) for its structure.

    An overlay (``extends``) is merged into its base first; ``resolve(id)`` gives the base's
    plain data — a registry passes its own.  Names of rules and functions are not checked
    here: the registry does that where it knows what is registered (see
    :func:`dangjian_core.scoring.load_scheme`).  Whatever ``data`` holds, the outcome is a
    :class:`Scheme` or one :class:`SchemeError` listing every problem with its location.
    """
    if not isinstance(data, Mapping):
        raise TypeError(
            f"评分方案数据应为映射（如 dict） (scheme data must be a mapping, "
            f"not {type(data).__name__})"
        )
    raw = dict(data)
    if "extends" in raw and raw["extends"] is None:
        del raw["extends"]  # a dumped scheme says extends = None: it is no overlay
    where: dict[str, str] = {}
    if "extends" in raw:
        problems = _overlay_problems(raw)
        if problems:
            raise SchemeError(problems, source=source)
        if resolve is None:
            raise SchemeError(
                [
                    Problem(
                        "extends",
                        "覆盖层需要通过方案注册表解析其基础方案",
                        "an overlay needs a registry to resolve its base",
                        "unknown_scheme",
                    )
                ],
                source=source,
            )
        try:
            raw, where = _merge_overlay(resolve(raw["extends"]), raw)
        except SchemeError as exc:
            raise SchemeError(exc.problems, source=source) from None
    try:
        return Scheme.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            inner = (err.get("ctx") or {}).get("error")
            if isinstance(inner, SchemeError):
                problems += inner.problems
                continue
            zh = _ZH_BY_TYPE.get(err["type"], "取值无效")
            problems.append(Problem(_location(err["loc"], where), zh, err["msg"], err["type"]))
        raise SchemeError(problems, source=source) from None


# Chinese wording for the pydantic errors a scheme file meets; others read "取值无效".
_ZH_BY_TYPE = {
    "missing": "缺少必填项",
    "extra_forbidden": "未知字段（可能拼写有误）",
    "literal_error": "取值不在允许范围内",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式有误（方案编号只用小写字母、数字和 . _ -）",
    "list_type": "应为列表",
    "too_short": "条目过少",
    "dict_type": "应为表",
    "model_type": "应为表",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "finite_number": "应为有限的数（不能是 nan 或 inf）",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "tuple_type": "应为两项的列表",
}


def _location(loc: tuple[int | str, ...], where: Mapping[str, str]) -> str:
    """A pydantic location as a path (``dimensions[3].indicators[0].points``), or where an
    overlay set that field (``indicators.O1.points``): the user looks in their own file."""

    def path(parts: Iterable[int | str]) -> str:
        out = ""
        for part in parts:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    if where and loc[:1] == ("dimensions",):
        for cut in (5, 3):  # an indicator's field, or a dimension's points
            key = path(loc[:cut])
            if len(loc) >= cut and key in where:
                rest = path(("", *loc[cut:]))  # keeps a leading "." or "[" for what follows
                return where[key] + rest
    return path(loc) or "(scheme)"


def _overlay_problems(raw: Mapping[str, Any]) -> list[Problem]:
    """The shape of an overlay's own keys, checked before merging, so that a malformed
    overlay is a located :class:`SchemeError`, never a TypeError from deep inside."""
    out: list[Problem] = []

    def bad(where: str, zh: str, en: str) -> None:
        out.append(Problem(where, zh, en, "overlay"))

    extends = raw.get("extends")
    if not isinstance(extends, str) or not extends:
        bad("extends", "extends 应为基础方案的编号（文本）", "extends must be a scheme id (text)")
    for key in ("id", "version"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            bad(
                key,
                f"覆盖层必须写明自己的 {key}（不能沿用基础方案的）",
                f"an overlay must give its own {key} (it scores differently from its base)",
            )
    if isinstance(extends, str) and raw.get("id") == extends:
        bad(
            "id",
            f"覆盖层的 id 不能与基础方案“{extends}”相同（它的评分不同）",
            f"an overlay cannot take its base's id '{extends}' (it scores differently)",
        )
    indicators = raw.get("indicators", {})
    if not isinstance(indicators, Mapping):
        bad("indicators", "indicators 应为表：[indicators.编号]", "indicators must be a table")
    else:
        for k, v in indicators.items():
            if not isinstance(v, Mapping):
                bad(f"indicators.{k}", "应为表（要修改的字段）", "must be a table of fields")
    skip = raw.get("skip", {})
    if not isinstance(skip, Mapping):
        bad("skip", "skip 应为表：指标编号 = 理由", "skip must be a table: indicator = reason")
    else:
        for k, v in skip.items():
            if not isinstance(v, str) or not v.strip():
                bad(f"skip.{k}", "跳过指标必须写明理由", "a skipped indicator needs a reason")
    points = raw.get("dimensions_points", {})
    if not isinstance(points, Mapping):
        bad("dimensions_points", "dimensions_points 应为表：维度 = 分值", "must be a table")
    else:
        for k, v in points.items():
            if isinstance(v, bool) or not isinstance(v, int | float | str | Decimal):
                bad(f"dimensions_points.{k}", "分值应为数字", "points must be a number")
    params = raw.get("params", {})
    if not isinstance(params, Mapping) or not all(isinstance(v, Mapping) for v in params.values()):
        bad("params", "params 应为表：[params.规则编号]", "params must be tables per rule id")
    return out


# -- reading files -----------------------------------------------------------------------
MAX_SCHEME_BYTES = 1_000_000
"""The largest scheme file read (1 MB).  A real scheme is a few kilobytes; a bigger file is
the wrong file (an export, an archive), refused before it is read into memory or parsed."""

MAX_KEY_DEPTH = 64
"""The most parts of one dotted TOML key (``a.b.c`` has three).  tomllib's time grows with
the square of a key's depth, so a 1 MB file of one deep key would take minutes; with this
bound the worst 1 MB file parses in about two seconds.  A real scheme's keys have one to
three parts (``[params."meeting.lecture"]`` has two: the dot inside quotes is not counted)."""

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _fail(source: str, where: str, zh: str, en: str, code: str) -> SchemeError:
    return SchemeError([Problem(where, zh, en, code)], source=source)


def read_scheme_data(
    path: str | os.PathLike[str], *, encoding: str | None = None
) -> dict[str, Any]:
    """The plain data of a TOML scheme file, or one :class:`SchemeError` saying why not.

    Only a regular file of at most :data:`MAX_SCHEME_BYTES` is read.  The text is UTF-8
    (a BOM is accepted, as Notepad writes one), or UTF-16/UTF-32 with a BOM; ``encoding``
    names another (``"gbk"``).  See :func:`read_scheme_bytes` for what is refused.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"方案文件路径应为 str 或 Path (a path is needed, not {type(path).__name__})"
        )
    p = Path(path)
    src = str(p)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _fail(src, src, "不是普通文件", "not a regular file", "io")
        if info.st_size > MAX_SCHEME_BYTES:
            raise _too_large(src)
        with p.open("rb") as fh:
            raw = fh.read(MAX_SCHEME_BYTES + 1)  # the size may change between stat and read
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        if isinstance(exc, SchemeError):
            raise
        raise _fail(src, src, "无法读取文件", str(exc), "io") from None
    return read_scheme_bytes(raw, source=src, encoding=encoding)


def _too_large(src: str) -> SchemeError:
    limit = MAX_SCHEME_BYTES
    return _fail(
        src,
        src,
        f"文件超过 {limit} 字节，不像评分方案（方案文件通常只有几 KB）",
        f"the file is larger than {limit} bytes; a scheme is a few kilobytes",
        "too_large",
    )


def read_scheme_bytes(
    raw: bytes, *, source: str = "(scheme)", encoding: str | None = None
) -> dict[str, Any]:
    """The plain data of a scheme file's bytes (``source`` names it in errors).

    Refused with a :class:`SchemeError`, each saying what to do: more than
    :data:`MAX_SCHEME_BYTES`; empty (or only comments); a binary file (an archive, an Office
    file, anything with NUL bytes); UTF-16 without a BOM; text that is not UTF-8 (when it
    reads as GBK, the error says so and how to convert); bytes ``encoding`` cannot decode;
    TOML that is malformed, nested too deeply or has a dotted key of more than
    :data:`MAX_KEY_DEPTH` parts.  Only ``tomllib`` reads the text: nothing is executed.
    """
    if len(raw) > MAX_SCHEME_BYTES:
        raise _too_large(source)
    text = _decode(raw, source, encoding)
    return _parse_toml(text, source)


def _decode(raw: bytes, source: str, encoding: str | None) -> str:
    if not raw.strip():
        raise _fail(source, source, "文件是空的", "the file is empty", "empty")
    if encoding is not None:
        if not isinstance(encoding, str):
            raise TypeError(
                f"encoding 应为编码名称 (encoding must be a str, not {type(encoding).__name__})"
            )
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _fail(
                source,
                "encoding",
                f"未知的编码“{encoding}”",
                f"unknown encoding '{encoding}'",
                "encoding",
            ) from None
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise _fail(
                source,
                f"line {line}",
                f"文件不能按 {encoding} 解码（第 {line} 行，第 {exc.start} 字节）",
                f"the file cannot be decoded as {encoding} (line {line}, byte {exc.start})",
                "encoding",
            ) from None
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise _fail(
                    source,
                    source,
                    f"文件以 {name} 的 BOM 开头，但内容不是有效的 {name}（第 {exc.start} 字节）",
                    f"the file starts with a {name} BOM but is not valid {name} (byte {exc.start})",
                    "encoding",
                ) from None
    binary = sniff_binary(raw)
    if binary is not None:
        what_zh, what_en = binary
        raise _fail(
            source,
            source,
            f"这是{what_zh}，不是 TOML 文本文件；评分方案应为 .toml 文本",
            f"this is {what_en}, not a TOML text file",
            "binary",
        )
    if b"\x00" in raw:
        if _utf16_without_bom(raw):
            raise _fail(
                source,
                source,
                "文件看起来是没有 BOM 的 UTF-16 编码；请另存为 UTF-8（记事本“另存为”选“UTF-8”，"
                "或 iconv -f UTF-16LE -t UTF-8 原文件 > 新文件）",
                "the file looks like UTF-16 without a BOM; save it as UTF-8 "
                "(iconv -f UTF-16LE -t UTF-8 old > new)",
                "encoding",
            )
        raise _fail(
            source,
            source,
            "文件含有 NUL 字节，是二进制文件而不是 TOML 文本",
            "the file holds NUL bytes: it is binary, not TOML text",
            "binary",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if _decodes(raw, "gbk"):
            raise _fail(
                source,
                f"line {line}",
                f"文件不是 UTF-8 编码，看起来是 GBK（GB2312）编码（第 {line} 行起）；请另存为"
                "UTF-8（记事本“另存为”选“UTF-8”，或 iconv -f GBK -t UTF-8 原文件 > 新文件），"
                '或读取时指定 encoding="gbk"',
                f"the file is not UTF-8; it looks like GBK (from line {line}): save it as "
                'UTF-8 (iconv -f GBK -t UTF-8 old > new) or pass encoding="gbk"',
                "encoding",
            ) from None
        raise _fail(
            source,
            f"line {line}",
            f"文件不是 UTF-8 编码（第 {line} 行，第 {exc.start} 字节）；请另存为 UTF-8，"
            "或读取时用 encoding= 指定其编码",
            f"the file is not UTF-8 (line {line}, byte {exc.start}); save it as UTF-8 or "
            "pass its encoding=",
            "encoding",
        ) from None


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(raw: bytes) -> bool:
    """Whether NUL bytes sit in every other place, as ASCII does in UTF-16 (TOML keys are
    ASCII, so even a Chinese scheme has many), and the bytes decode as UTF-16."""
    if len(raw) % 2:
        return False
    for first, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        nuls = raw[first::2].count(0)
        if nuls * 4 >= len(raw) // 2 and raw[1 - first :: 2].count(0) == 0:
            return _decodes(raw, codec)
    return False


_OUTSIDE = re.compile(r"""[.="'#\n,\[\]{}]""")
_BASIC_END = re.compile(r'\\.|["\n]', re.DOTALL)
_MULTILINE_BASIC_END = re.compile(r'\\.|"""', re.DOTALL)
_LITERAL_END = re.compile(r"['\n]")


def _too_deep_key(text: str) -> int | None:
    """The line of the first dotted key deeper than :data:`MAX_KEY_DEPTH`, if any.

    Counts the dots outside strings and comments in each stretch of text without
    ``= , [ ] { }`` or a line break: a dotted key lies within one such stretch, a number or a
    date holds at most one dot, and a rule id's dots are inside quotes.  Strings are skipped as
    TOML delimits them, so a key cannot hide inside what only looks like a string.
    """
    end = len(text)
    i = dots = 0
    while (m := _OUTSIDE.search(text, i)) is not None:
        c, i = m.group(), m.end()
        if c == ".":
            dots += 1
            if dots >= MAX_KEY_DEPTH:
                return text.count("\n", 0, m.start()) + 1
            continue
        if c == "#":
            nl = text.find("\n", i)
            i = end if nl < 0 else nl  # the line break still ends the stretch
            continue
        if c not in "\"'":
            dots = 0
            continue
        start = i
        if text.startswith(c * 2, i):  # a multi-line string: """…""" or '''…'''
            if c == '"':
                i = _skip(_MULTILINE_BASIC_END, text, i + 2, '"""')
            else:
                close = text.find("'''", i + 2)
                i = end if close < 0 else close + 3
            for _ in range(2):  # up to two quotes just before the closing ones are content
                if text.startswith(c, i):
                    i += 1
        else:
            i = _skip(_BASIC_END if c == '"' else _LITERAL_END, text, i, c)
        if text.count("\n", start, i):
            dots = 0
    return None


def _skip(closing: re.Pattern[str], text: str, i: int, quote: str) -> int:
    """Where the string whose body starts at ``i`` ends: past its closing ``quote``, or at a
    line break a one-line string may not cross (tomllib then reports the error)."""
    while (m := closing.search(text, i)) is not None:
        if m.group().startswith("\\"):
            i = m.end()
            continue
        return m.end() if m.group() == quote else m.start()
    return len(text)


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    line = _too_deep_key(text)
    if line is not None:
        raise _fail(
            source,
            f"line {line}",
            f"键的层级超过 {MAX_KEY_DEPTH} 层（点号过多），不像评分方案",
            f"a dotted key of more than {MAX_KEY_DEPTH} parts",
            "too_deep",
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        where = f"line {at[1]} column {at[2]}" if at else source
        raise _fail(source, where, "TOML 格式有误", str(exc), "toml") from None
    except RecursionError:
        raise _fail(
            source, source, "括号嵌套过深，不像评分方案", "brackets nested too deeply", "too_deep"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise _fail(source, source, "数值无效或过大", str(exc), "toml") from None
    if not data:
        raise _fail(
            source,
            source,
            "文件中没有任何设置（只有空白或注释）",
            "the file holds no settings",
            "empty",
        )
    return data
