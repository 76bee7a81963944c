"""Choosing thresholds on the tuning half, and checking the application uses them."""

from collections.abc import Callable, Iterable
from dataclasses import replace

from feedback.engine.matching import LIST_MIN_ITEMS, TUNED, MatchSettings
from feedback.eval.data import Bank, LabelledAnswer, typo_copies
from feedback.eval.scoring import (
    EXACT_ONLY,
    answer_length,
    bigram_baseline,
    bigram_overlaps,
    length_baseline,
    matcher,
    score,
)

# Thresholds the tuner tries for the matcher's fuzzy similarity; 100 means exact only.
FUZZY_THRESHOLD_GRID = tuple(range(50, 101))
# Words per term of a bare list, and words between a negation cue and the alias it denies,
# that the tuner tries; -1 turns negation off.
LIST_TERM_MAX_WORDS_GRID = tuple(range(1, 11))
NEGATION_WINDOW_GRID = tuple(range(-1, 11))
# Characters allowed between the words of a Chinese alias found apart; -1 turns it off.
GAP_GRID = (-1, 0, 2, 4, 6, 8, 10, 12, 15, 20)
# F1 differences this small are a label or two on a tuning half; the tuner then prefers
# the strictest cut-off rather than a lucky spike (the one-standard-error habit).
F1_TOLERANCE = 0.005


def best_cutoff(
    answers: list[LabelledAnswer], candidates: Iterable[float], predictor: Callable
) -> float:
    """The highest (strictest) candidate whose F1 is within F1_TOLERANCE of the best."""
    scored = [(score(answers, predictor(cutoff)).f1 or 0.0, cutoff) for cutoff in candidates]
    best = max(f1 for f1, _ in scored)
    return max(cutoff for f1, cutoff in scored if f1 >= best - F1_TOLERANCE)


def best_statement_rules(bank: Bank, answers: list[LabelledAnswer]) -> MatchSettings:
    """The words per term of a bare list and the negation window with the best F1.

    Exact aliases only, so the rules do not depend on the fuzzy threshold, which is tuned
    after them. Their grids are short and coarse (whole words), and F1 is flat around its
    best (a window of two words or four finds the same), so the best F1 is taken as it is;
    among equals, the smallest change to the plain matcher: fewest words, narrowest window.
    """
    candidates = [
        MatchSettings(
            fuzzy_threshold=EXACT_ONLY,
            list_min_items=LIST_MIN_ITEMS,
            list_term_max_words=words,
            negation_window_words=window,
        )
        for words in LIST_TERM_MAX_WORDS_GRID
        for window in NEGATION_WINDOW_GRID
    ]
    scored = [
        (score(answers, matcher(bank, settings)).f1 or 0.0, settings) for settings in candidates
    ]
    best = max(f1 for f1, _ in scored)
    return next(settings for f1, settings in scored if f1 == best)


def best_gap(bank: Bank, answers: list[LabelledAnswer], rules: MatchSettings) -> int:
    """The gap between an alias's words with the best F1; among equals the narrowest, as
    for the statement rules (the grid is coarse and F1 rises in steps of one label)."""
    scored = [
        (score(answers, matcher(bank, replace(rules, gap_max_chars=gap))).f1 or 0.0, gap)
        for gap in GAP_GRID
    ]
    best = max(f1 for f1, _ in scored)
    return min(gap for f1, gap in scored if f1 == best)


def tune(bank: Bank, tuning: list[LabelledAnswer]) -> dict:
    """Choose every threshold on the tuning half alone: the statement rules first, then the
    fuzzy threshold with those rules (on the tuning half and its typo copies)."""
    rules = best_statement_rules(bank, tuning)
    rules = replace(rules, gap_max_chars=best_gap(bank, tuning, rules))
    overlaps = bigram_overlaps(bank, tuning)
    return {
        "fuzzy_threshold": best_cutoff(
            tuning + typo_copies(tuning),
            FUZZY_THRESHOLD_GRID,
            lambda threshold: matcher(bank, replace(rules, fuzzy_threshold=threshold)),
        ),
        "list_term_max_words": rules.list_term_max_words,
        "negation_window_words": rules.negation_window_words,
        "gap_max_chars": rules.gap_max_chars,
        "length_min_chars": best_cutoff(
            tuning, sorted({answer_length(answer) for answer in tuning}), length_baseline
        ),
        "bigram_min_overlap": best_cutoff(
            tuning,
            sorted(set(overlaps.values())),
            lambda minimum: bigram_baseline(overlaps, minimum),
        ),
    }


# What `tune` chooses that the application must use: the keys of thresholds.json that
# mirror a field of matching.TUNED.
MATCHER_THRESHOLDS = (
    "fuzzy_threshold",
    "list_term_max_words",
    "negation_window_words",
    "gap_max_chars",
)


def stale_thresholds(thresholds: dict) -> list[str]:
    """The tuned values that matching.py's constants do not match, as "NAME: tuned x, set y"."""
    return [
        f"{name}: tuned {thresholds.get(name)}, matching.py has {getattr(TUNED, name)}"
        for name in MATCHER_THRESHOLDS
        if thresholds.get(name) != getattr(TUNED, name)
    ]
