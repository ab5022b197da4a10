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
from ._functions import (
    FunctionRegistry,
    Loss,
    Score,
    ScoringFunction,
    default_functions,
    function_names,
    register_function,
)
from ._registry import (
    SchemeInfo,
    SchemeRegistry,
    default_schemes,
    get_scheme,
    load_scheme,
    parse_scheme,
    register_scheme,
    schemes,
    unregister_scheme,
)
from ._scheme import Dimension, GradeBand, Indicator, Scheme, Verdict, Veto

__all__ = [
    "Assessment",
    "AssessmentDiff",
    "Dimension",
    "DimensionResult",
    "FindingRef",
    "FunctionRegistry",
    "Gap",
    "GradeBand",
    "Indicator",
    "IndicatorResult",
    "Loss",
    "LossItem",
    "Scheme",
    "SchemeInfo",
    "SchemeRegistry",
    "Score",
    "ScoringFunction",
    "SubjectResult",
    "Verdict",
    "Veto",
    "assess",
    "assessment_json_schema",
    "default_functions",
    "default_schemes",
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
