"""Scoring: schemes as data, scoring functions, discovery, ``assess``, diff and merge."""

from __future__ import annotations

from ._assess import assess, score_findings
from ._assessment import (
    Assessment,
    DimensionResult,
    FindingRef,
    Gap,
    IndicatorResult,
    LossItem,
    SubjectResult,
    assessment_json_schema,
)
from ._compare import AssessmentDiff, diff, merge
from ._functions import Loss, Score, ScoringFunction, function_names, register_function
from ._registry import SchemeInfo, get_scheme, register_scheme, schemes, unregister_scheme
from ._scheme import Dimension, Grade, Indicator, Scheme, Verdict, Veto, load_scheme, parse_scheme

__all__ = [
    "Assessment",
    "AssessmentDiff",
    "Dimension",
    "DimensionResult",
    "FindingRef",
    "Gap",
    "Grade",
    "Indicator",
    "IndicatorResult",
    "Loss",
    "LossItem",
    "Scheme",
    "SchemeInfo",
    "Score",
    "ScoringFunction",
    "SubjectResult",
    "Verdict",
    "Veto",
    "assess",
    "assessment_json_schema",
    "diff",
    "function_names",
    "get_scheme",
    "load_scheme",
    "merge",
    "parse_scheme",
    "register_function",
    "register_scheme",
    "schemes",
    "score_findings",
    "unregister_scheme",
]
