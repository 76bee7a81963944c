"""Finding a misspelt English alias: rapidfuzz proposes a window, whole words decide."""

from rapidfuzz import fuzz

from feedback.engine.normalize import Folded, is_latin, word_ends_at, word_starts_at

# A misspelling is about as long as the word: at most this many letters more or fewer, so
# "prompt" is not "hard prompt" and "frozen" is not "unfrozen".
FUZZY_MAX_LENGTH_DIFFERENCE = 1
# A misspelt word may reach this many characters beyond rapidfuzz's best window.
FUZZY_BOUNDARY_SLACK = 1
# A window that takes in letters of the neighbouring words scores below the word itself
# (a dropped letter in a 6-letter alias: 91 for the word, 83 for the window), so windows
# are looked at from this many points below the threshold; the words decide.
FUZZY_WINDOW_MARGIN = 10.0


def fuzzy_span(text: str, folded: Folded, alias: str, threshold: float) -> tuple[int, int] | None:
    """Original span of a misspelt alias: rapidfuzz's best window, snapped to whole words.

    The window (found with spaces removed) may take in letters of the neighbouring words,
    so it only proposes where to look: the best run of whole words in or around it must
    itself be similar enough. That keeps "prefix" from matching the start of "prefilling".
    """
    window = fuzz.partial_ratio_alignment(
        alias, folded.text, score_cutoff=threshold - FUZZY_WINDOW_MARGIN
    )
    if window is None:
        return None
    size = len(folded.text)
    low = max(window.dest_start - FUZZY_BOUNDARY_SLACK, 0)
    high = min(window.dest_end + FUZZY_BOUNDARY_SLACK, size)
    starts = [k for k in range(low, high) if _starts_word(text, folded, k)]
    ends = [k for k in range(low + 1, high + 1) if _ends_word(text, folded, k)]
    longest = FUZZY_MAX_LENGTH_DIFFERENCE
    candidates = [
        (fuzz.ratio(alias, folded.text[start:end]), -start, -end)
        for start in starts
        for end in ends
        if end > start and abs(end - start - len(alias)) <= longest
    ]
    # The most similar words; among equals the earliest and shortest, so ties are stable.
    score, start, end = max(candidates, default=(0.0, 0, 0))
    return folded.original_span(-start, -end) if score >= threshold else None


def _starts_word(text: str, folded: Folded, start: int) -> bool:
    """Folded character `start` is a Latin letter or digit that starts a word."""
    return is_latin(folded.text[start]) and word_starts_at(text, folded.origin(start))


def _ends_word(text: str, folded: Folded, end: int) -> bool:
    """Folded character `end - 1` is a Latin letter or digit that ends a word."""
    return is_latin(folded.text[end - 1]) and word_ends_at(
        text, folded.original_span(end - 1, end)[1]
    )
