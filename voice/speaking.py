"""How a user spoke: plain figures from what the browser measured and, where there is one,
from a transcript. Pure functions: no queries, no clock.

The pace is a plain figure with the usual range beside it as a hint, never a grade.
"""

import re
from dataclasses import dataclass, field

# A pause longer than this counts (the browser measures it the same way).
LONG_PAUSE_MS = 2500
# Usual English pace for a talk or an explanation: words a minute.
ENGLISH_USUAL_WPM = (130, 160)
# Usual Mandarin pace: about 3.5–5 syllables a second in conversation and interviews
# (one syllable is one character), that is 200–300 characters a minute; presenters and
# newsreaders sit near the middle of that range.
CHINESE_USUAL_CPM = (200, 300)
# Fewer seconds than this of speech give no meaningful pace.
MIN_PACE_MS = 10_000

CHINESE_FILLERS = ("嗯", "呃", "那个", "然后", "就是")
ENGLISH_FILLERS = {
    "um": re.compile(r"\bu+m+\b", re.IGNORECASE),
    "uh": re.compile(r"\bu+h+\b", re.IGNORECASE),
    "like": re.compile(r"\blike\b", re.IGNORECASE),
    "you know": re.compile(r"\byou know\b", re.IGNORECASE),
}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+")


@dataclass(frozen=True)
class Pace:
    language: str  # "zh" (characters a minute) or "en" (words a minute)
    per_minute: int
    usual: tuple[int, int]


@dataclass(frozen=True)
class Figures:
    """What the player shows under a recording; None where nothing was measured."""

    duration_ms: int | None = None
    speaking_ms: int | None = None
    silence_share: float | None = None
    long_pauses: int | None = None
    longest_pause_ms: int | None = None
    pace: Pace | None = None
    fillers: list[tuple[str, int]] = field(default_factory=list)
    transcript_source: str = ""  # "server" or "dictation" when a pace or fillers exist

    @property
    def silence_percent(self) -> int | None:
        return None if self.silence_share is None else round(self.silence_share * 100)

    @property
    def filler_total(self) -> int:
        return sum(count for _, count in self.fillers)

    @property
    def measured(self) -> bool:
        return self.speaking_ms is not None or self.pace is not None


def language_of(text: str) -> str:
    """ "zh" when Chinese characters make up a fair share of the text, else "en"."""
    han = len(HAN.findall(text))
    words = len(WORD.findall(text))
    return "zh" if han and han >= words else "en"


def pace(text: str, duration_ms: int | None) -> Pace | None:
    """Characters (Chinese) or words (English) a minute over the whole recording.

    In Chinese each Latin word (a technical term said in English) counts as one character,
    as it takes about a syllable's time. None when too short to say.
    """
    if not text.strip() or not duration_ms or duration_ms < MIN_PACE_MS:
        return None
    minutes = duration_ms / 60_000
    if language_of(text) == "zh":
        units = len(HAN.findall(text)) + len(WORD.findall(text))
        return Pace("zh", round(units / minutes), CHINESE_USUAL_CPM)
    return Pace("en", round(len(WORD.findall(text)) / minutes), ENGLISH_USUAL_WPM)


def fillers(text: str) -> list[tuple[str, int]]:
    """How often each common filler occurs, most frequent first, those found only.

    English fillers are whole words ("like" in "likely" is not one; every "like" is,
    as a transcript cannot tell the filler from the verb)."""
    if language_of(text) == "zh":
        counts = [(word, text.count(word)) for word in CHINESE_FILLERS]
    else:
        counts = [(word, len(pattern.findall(text))) for word, pattern in ENGLISH_FILLERS.items()]
    found = [(word, count) for word, count in counts if count]
    return sorted(found, key=lambda item: -item[1])


def figures(
    *,
    duration_ms=None,
    speaking_ms=None,
    silence_share=None,
    long_pauses=None,
    longest_pause_ms=None,
    transcript: str = "",
    transcript_source: str = "",
) -> Figures:
    """Everything shown for one recording, from its stored figures and a transcript."""
    if silence_share is not None:
        silence_share = min(1.0, max(0.0, silence_share))
    text = transcript.strip()
    spoken_pace = pace(text, duration_ms) if text else None
    found = fillers(text) if text else []
    return Figures(
        duration_ms=duration_ms,
        speaking_ms=speaking_ms,
        silence_share=silence_share,
        long_pauses=long_pauses,
        longest_pause_ms=longest_pause_ms if long_pauses else None,
        pace=spoken_pace,
        fillers=found,
        transcript_source=transcript_source if (spoken_pace or found) else "",
    )
