"""Evaluation against gold annotations: the official SemEval-2020 Task 11 metrics."""

from unspin.eval.semeval import PRF, format_report, merge_overlapping, si_score, tc_score

__all__ = ["PRF", "format_report", "merge_overlapping", "si_score", "tc_score"]
