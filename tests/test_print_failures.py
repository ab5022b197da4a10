"""The example script prints the example department's failing findings, readably, in Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_script_lists_the_deliberate_gaps_in_chinese():
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "print_failures.py")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    out = result.stdout
    assert out.startswith("示例学院党总支 2025 年台账：截至 2025-12-31")
    expected = [
        "【支委会每月至少召开一次】",
        "电气工程教工党支部 2025-08：本期未召开有效支委会",
        "行政教辅党支部 2025Q2：本期有效党员大会次数不足",
        "实到 2 人，应到 5 人，未超过半数",
        "电气类本科生党支部 2025Q3：本期党课次数不足",
        "9月党政联席会议（2025-09-15） 2025-09：议题“新进教师岗位聘任”属教师队伍建设，未经党组织会议前置研究",
        "罗斌 2025-06：未按期交纳",
        "机器人创新协会 2025-11",
        "2025-08：本月新媒体推文 2 篇，少于 4 篇",
        "离退休党支部 2025：组织生活会于 2025Q2 召开",
    ]
    missing = [line for line in expected if line not in out]
    assert missing == []
    # the waived month is not listed as a failure
    assert "2025-02：本期未召开有效支委会" not in out
