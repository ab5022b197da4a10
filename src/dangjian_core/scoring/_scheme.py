"""Scoring schemes: scheme → dimensions → indicators, as validated data.

A scheme is data, never code: TOML read with ``tomllib`` and validated by pydantic.  Nothing
in a scheme file is executed; a scoring function is named, and the name must be known.
An overlay (``extends = "five-in-place"``) re-weights, skips (with a reason) or
re-parameterises indicators of its base and may add rule parameter overrides.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import Problem, SchemeError

FunctionCheck = Callable[["Indicator"], list[tuple[str, str, str]]]
"""A scoring function's check of an indicator's arguments: (field, 中文, English) problems."""

__all__ = [
    "Dimension",
    "GradeBand",
    "Indicator",
    "Scheme",
    "Verdict",
    "Veto",
    "build_scheme",
    "name_problems",
    "read_scheme_data",
]


class _SchemeModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Indicator(_SchemeModel):
    """One scored item: which findings (or metric) it reads and how they become points."""

    id: str = Field(min_length=1, title="指标编号")
    title: str = Field(min_length=1, title="指标名称")
    title_en: str | None = Field(default=None, title="English title")
    points: Decimal = Field(ge=0, title="分值")
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
    points: Decimal = Field(ge=0, title="分值")
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
    total: Decimal = Field(gt=0, title="总分")
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


def _merge_overlay(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """Apply an overlay's changes to the plain data of its base scheme."""
    merged = {k: v for k, v in base.items() if k not in ("extends",)}
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
    changes: dict[str, dict[str, Any]] = {
        k: dict(v) for k, v in overlay.get("indicators", {}).items()
    }
    for ind_id, reason in overlay.get("skip", {}).items():
        changes.setdefault(ind_id, {})["skipped"] = reason
    dim_points = overlay.get("dimensions_points", {})
    found: set[str] = set()
    dims = []
    for d in merged["dimensions"]:
        d = dict(d)
        if d["id"] in dim_points:
            d["points"] = dim_points[d["id"]]
            found.add("dim:" + d["id"])
        inds = []
        for ind in d["indicators"]:
            ind = dict(ind)
            if ind["id"] in changes:
                ind.update(changes[ind["id"]])
                found.add(ind["id"])
            inds.append(ind)
        d["indicators"] = inds
        dims.append(d)
    merged["dimensions"] = dims
    missing = [k for k in changes if k not in found] + [
        f"dimensions_points.{k}" for k in dim_points if "dim:" + k not in found
    ]
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
    return merged


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
    :func:`dangjian_core.scoring.load_scheme`).
    """
    raw = dict(data)
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
        raw = _merge_overlay(resolve(raw["extends"]), raw)
    try:
        return Scheme.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            inner = (err.get("ctx") or {}).get("error")
            if isinstance(inner, SchemeError):
                problems += inner.problems
                continue
            loc = ""
            for part in err["loc"]:
                loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
            problems.append(Problem(loc or "(scheme)", "取值无效", err["msg"], err["type"]))
        raise SchemeError(problems, source=source) from None


def _overlay_problems(raw: Mapping[str, Any]) -> list[Problem]:
    """The shape of an overlay's own keys, checked before merging, so that a malformed
    overlay is a located :class:`SchemeError`, never a TypeError from deep inside."""
    out: list[Problem] = []

    def bad(where: str, zh: str, en: str) -> None:
        out.append(Problem(where, zh, en, "overlay"))

    if not isinstance(raw.get("extends"), str) or not raw["extends"]:
        bad("extends", "extends 应为基础方案的编号（文本）", "extends must be a scheme id (text)")
    for key in ("id", "version"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            bad(
                key,
                f"覆盖层必须写明自己的 {key}（不能沿用基础方案的）",
                f"an overlay must give its own {key} (it scores differently from its base)",
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


def read_scheme_data(path: str | Path) -> dict[str, Any]:
    """The plain data of a TOML scheme file (a :class:`SchemeError` if it is not TOML)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(
            [Problem(str(p), "TOML 格式有误", str(exc), "toml")], source=str(p)
        ) from None
    except OSError as exc:
        raise SchemeError(
            [Problem(str(p), "无法读取文件", str(exc), "io")], source=str(p)
        ) from None
