"""How one spoke: plain figures from the browser's measurements and a transcript."""

from voice import speaking


def test_english_pace_counts_words_over_the_whole_recording():
    text = " ".join(["word"] * 140)
    pace = speaking.pace(text, 60_000)
    assert pace == speaking.Pace("en", 140, (130, 160))


def test_chinese_pace_counts_characters_and_english_terms():
    text = "我用Redis做缓存" * 10  # 5 characters and one English word, ten times
    pace = speaking.pace(text, 30_000)
    assert pace.language == "zh"
    assert pace.per_minute == 120
    assert pace.usual == speaking.CHINESE_USUAL_CPM


def test_no_pace_for_a_short_recording_or_no_text():
    assert speaking.pace("hello there", 5_000) is None
    assert speaking.pace("   ", 60_000) is None
    assert speaking.pace("hello", None) is None


def test_english_fillers_are_whole_words():
    text = "Um, I like it. It is likely, uh, you know, umm fine. Unlike Java."
    assert dict(speaking.fillers(text)) == {"um": 2, "like": 1, "uh": 1, "you know": 1}


def test_chinese_fillers_most_frequent_first():
    text = "嗯，就是说，然后呢，那个，就是这样。呃"
    assert speaking.fillers(text) == [("就是", 2), ("嗯", 1), ("呃", 1), ("那个", 1), ("然后", 1)]


def test_figures_keep_measurements_and_say_where_the_text_came_from():
    figures = speaking.figures(
        duration_ms=60_000,
        speaking_ms=42_000,
        silence_share=0.3,
        long_pauses=2,
        longest_pause_ms=4_200,
        transcript="um " * 10 + "word " * 120,
        transcript_source="server",
    )
    assert figures.silence_percent == 30
    assert figures.pace.per_minute == 130
    assert figures.fillers == [("um", 10)]
    assert figures.filler_total == 10
    assert figures.transcript_source == "server"
    assert figures.measured


def test_figures_without_a_transcript_or_pauses():
    figures = speaking.figures(speaking_ms=1_000, silence_share=1.7, long_pauses=0)
    assert figures.silence_share == 1.0  # a wild value is clamped, not shown as 170%
    assert figures.longest_pause_ms is None
    assert figures.pace is None and figures.fillers == [] and figures.transcript_source == ""
    assert not speaking.figures().measured
