"""Rule documentation generated from the rule objects, so docs and code cannot drift."""

from __future__ import annotations

import json
from typing import Any

from ._registry import list_rules
from ._rule import Rule
from .catalogue import BUILTIN_RULES

__all__ = ["FAMILY_TITLES", "rule_catalogue", "rule_family_markdown"]

FAMILY_TITLES: dict[str, str] = {
    "structure": "组织设置 (structure)",
    "meeting": "三会一课与组织生活 (meeting)",
    "leadership": "带头人与联系基层 (leadership)",
    "staffing": "队伍配备 (staffing)",
    "development": "发展党员 (development)",
    "dues": "党费 (dues)",
    "education": "思想政治教育 (education)",
    "governance": "制度、社团与重大事件 (governance)",
    "outcome": "工作成效 (outcome)",
}


def _param_rows(r: Rule[Any]) -> list[str]:
    fields = type(r.params).model_fields
    rows = []
    for name, value in r.defaults.items():
        title = fields[name].title or ""
        rows.append(f"| `{name}` | {title} | `{json.dumps(value, ensure_ascii=False)}` |")
    return rows


def rule_family_markdown(family: str) -> str:
    """The Markdown page of one rule family (built-in rules only)."""
    chosen = sorted((r for r in BUILTIN_RULES if r.family == family), key=lambda r: r.id)
    lines = [
        f"# {FAMILY_TITLES.get(family, family)}",
        "",
        "此页由规则对象生成（`python -m dangjian_core rules --format markdown --family "
        f"{family}`），请勿手工修改。This page is generated from the rule objects.",
        "",
        "| id | 规则 | 严重程度 | 来源 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [`{r.id}`](#{r.id.replace('.', '')}) | {r.title_zh} | {r.severity.value} | {r.source} |"
        for r in chosen
    ]
    for r in chosen:
        lines += ["", f"## {r.id}", "", f"**{r.title_zh}** — {r.title_en}", ""]
        lines += [
            f"- 适用对象 (scope): `{r.scope.value}`",
            f"- 严重程度 (severity): `{r.severity.value}`",
            f"- 来源 (source): {r.source}",
        ]
        if r.aliases:
            lines.append(f"- 别名 (aliases): {', '.join(r.aliases)}")
        rows = _param_rows(r)
        if rows:
            lines += ["", "| 参数 | 含义 | 默认值 |", "|---|---|---|", *rows]
        if r.description:
            lines += ["", r.description]
    return "\n".join(lines) + "\n"


def rule_catalogue() -> list[dict[str, Any]]:
    """Every rule as plain data: id, titles, scope, severity, source, default parameters."""
    return [
        {
            "id": r.id,
            "title_zh": r.title_zh,
            "title_en": r.title_en,
            "family": r.family,
            "scope": r.scope.value,
            "severity": r.severity.value,
            "source": r.source,
            "params": r.defaults,
            "aliases": list(r.aliases),
        }
        for r in list_rules()
    ]
