"""Print the failing findings of the example department, in Chinese, grouped by rule.

    python examples/print_failures.py [LEDGER] [AS_OF]

Defaults: examples/department.json as of 2025-12-31.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import dangjian_core as dj

HERE = Path(__file__).resolve().parent


def report(ledger_path: Path, as_of: date) -> str:
    """The failing (and warned) findings of one ledger as readable Chinese text."""
    ledger = dj.load_ledger(ledger_path)
    findings = dj.check(ledger, as_of=as_of)
    counts = findings.counts()
    lines = [
        f"{ledger.title or ledger_path.name}：截至 {as_of}，共 {len(findings)} 条检查结果 —— "
        f"符合 {counts['pass']}，不符合 {counts['fail']}，提醒 {counts['warn']}，"
        f"不适用 {counts['not_applicable']}，已豁免 {counts['waived']}",
    ]
    for rule_id, group in findings.filter(status=["fail", "warn"]).by_rule().items():
        rule = dj.get_rule(rule_id)
        lines.append("")
        lines.append(f"【{rule.title_zh}】（{rule_id}，{rule.source}）")
        for f in group:
            mark = "✗" if f.status is dj.Status.FAIL else "!"
            lines.append(f"  {mark} {f.message_zh}")
    for waiver in findings.expired_waivers:
        lines.append(f"\n已过期的豁免（未生效）：{waiver}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ledger_path = Path(argv[0]) if argv else HERE / "department.json"
    as_of = date.fromisoformat(argv[1]) if len(argv) > 1 else date(2025, 12, 31)
    print(report(ledger_path, as_of))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
