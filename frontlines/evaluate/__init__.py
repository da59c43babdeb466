"""Evaluation against data coded by others (ACLED, UCDP GED, CASE 2021, LGL/GeoVirus, FA-KES)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from frontlines.evaluate.datasets import KINDS, EvalDataError, EvalSet, load_eval_set

if TYPE_CHECKING:
    from frontlines.nlp.pipeline import Coder


def score(evalset: EvalSet, coded: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The metrics for already-coded output (`frontlines code` JSONL lines keyed by id)."""
    from frontlines.evaluate import metrics

    if evalset.kind == "geoparse":
        return metrics.geoparse_metrics(evalset.gold, coded)
    scorer = {"acled": metrics.acled_metrics, "ucdp": metrics.ucdp_metrics,
              "case": metrics.case_metrics, "fakes": metrics.fakes_metrics}[evalset.kind]
    return scorer(evalset.gold, coded)


def run_evaluation(evalset: EvalSet, coder: Coder,
                   on_document: Callable[[], None] | None = None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Code every document of the set, then score: (metrics, coded lines by id)."""
    coded: dict[str, dict[str, Any]] = {}
    for doc in coder.code_many(evalset.documents):
        coded[doc.id] = doc.to_contract()
        if on_document:
            on_document()
    return score(evalset, coded), coded


__all__ = ["KINDS", "EvalDataError", "EvalSet", "load_eval_set", "run_evaluation", "score"]
