"""Offline evaluation of key-point matching on hand-labelled answers (not used by the site).

data: the labelled answers, the bank and the split; scoring: counts, the matcher and the
baselines; tuning: choosing thresholds; report and bench: what the eval_feedback and
bench_feedback commands print. The data files (answers.jsonl, thresholds.json) live here
too; files names them.
"""
