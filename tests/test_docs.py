"""Generated documentation is current: docs and code cannot drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import dangjian_core as dj
from _schema_norm import normalise
from dangjian_core.rules import rule_family_markdown
from dangjian_core.rules._docs import FAMILY_TITLES
from dangjian_core.scoring import assessment_json_schema

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_family_has_a_page_and_a_title():
    families = {r.family for r in dj.list_rules()}
    assert families == set(FAMILY_TITLES)
    assert {p.stem for p in (DOCS / "rules").glob("*.md")} - {"README"} == families


@pytest.mark.parametrize("family", sorted(FAMILY_TITLES))
def test_rule_family_page_is_generated_from_the_rules(family):
    page = (DOCS / "rules" / f"{family}.md").read_text(encoding="utf-8")
    assert page == rule_family_markdown(family), (
        f"docs/rules/{family}.md is stale: run `python -m dangjian_core rules --format "
        f"markdown --family {family} > docs/rules/{family}.md`"
    )
    for rule in dj.list_rules():
        if rule.family == family:
            assert f"## {rule.id}\n" in page


def test_assessment_schema_is_current():
    committed = json.loads((DOCS / "schema" / "assessment.schema.json").read_text("utf-8"))

    assert normalise(committed) == normalise(assessment_json_schema())


def test_the_readmes_benchmark_numbers_come_from_the_results_page():
    """Issue 12: the README quotes benchmarks/RESULTS.md, so a new measurement that is not
    carried over (or a number typed from memory) fails here."""
    root = DOCS.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    start = readme.index("`benchmarks/bench_scale.py`")
    quoted = readme[start : readme.index("\n- ", start)]
    page = (root / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    section = page[page.index("## README") : page.index("\n## ", page.index("## README") + 1)]
    results = " ".join(section.split())  # the page wraps its lines elsewhere than the README
    numbers = re.findall(r"\d[\d.]*(?:–[\d.]+)?(?:×| MB| s\b)", " ".join(quoted.split()))
    assert len(numbers) >= 8, numbers
    assert [n for n in numbers if n not in results] == []
